"""Adapter from a sentence-transformers model to robustir's :class:`~robustir.models.base.Encoder`."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from robustir.errors import InputError
from robustir.models.base import check_texts

# Config keys that depend on where or with which library version a model was saved, not on what it computes.
_VOLATILE_CONFIG_KEYS = ("_name_or_path", "transformers_version", "torch_dtype", "dtype", "_commit_hash",
                         "_attn_implementation_autoset", "_attn_implementation_internal")


class _DropMistralRegexWarning(logging.Filter):
    """transformers 4.57.3-4.57.x warns about a "Mistral regex" for *every* local tokenizer whose
    config.json was saved by those versions (a version test in ``tokenization_utils_base``); the
    tokenizers we load are XLM-R/BERT ones that the warning does not concern."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "incorrect regex pattern" not in record.getMessage()


@contextlib.contextmanager
def quiet_loading() -> Iterator[None]:
    """Silence the spurious Mistral-regex tokenizer warning while loading a model."""
    logger = logging.getLogger("transformers.tokenization_utils_base")
    flt = _DropMistralRegexWarning()
    logger.addFilter(flt)
    try:
        yield
    finally:
        logger.removeFilter(flt)


def _tensor_bytes(t: Any) -> memoryview:
    """The raw bytes of a tensor, without copying when it is already contiguous on the CPU."""
    import torch

    t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    t = t.contiguous()
    if t.numel() == 0:
        return memoryview(b"")
    return memoryview(t.view(torch.uint8).numpy()) if t.dtype != torch.uint8 else memoryview(t.numpy())


def st_fingerprint(model: Any) -> str:
    """sha256 over a SentenceTransformer's weights, configs, prompts, max_seq_length and pipeline.

    Weights: every ``state_dict`` tensor in key order (name, dtype, shape,
    bytes), except BERT-style ``pooler`` parameters of the Transformer module:
    sentence-transformers reads token embeddings, so the pooler never changes
    a vector, and checkpoints saved without one get a *random* pooler on load,
    which would otherwise make the fingerprint change on every load.
    Pipeline: each module's class and config (pooling mode, normalisation,
    max_seq_length, lower-casing), the model's prompts, and the tokenizer's
    serialised definition (fast tokenizers) or vocabulary (slow ones).
    """
    h = hashlib.sha256()
    h.update(b"robustir-st-fingerprint-v1\0")
    for key, tensor in model.state_dict().items():
        if ".pooler." in f".{key}":
            continue
        h.update(f"{key}|{tensor.dtype}|{tuple(tensor.shape)}\0".encode())
        h.update(_tensor_bytes(tensor))
    parts: dict[str, Any] = {"prompts": dict(sorted((getattr(model, "prompts", None) or {}).items())),
                             "max_seq_length": model.max_seq_length, "modules": []}
    for name, module in model.named_children():
        entry: dict[str, Any] = {"name": name, "class": type(module).__name__}
        get_cfg = getattr(module, "get_config_dict", None)
        if callable(get_cfg):
            with contextlib.suppress(Exception):
                entry["config"] = get_cfg()
        auto = getattr(module, "auto_model", None)
        if auto is not None and hasattr(auto, "config"):
            cfg = auto.config.to_dict()
            for k in _VOLATILE_CONFIG_KEYS:
                cfg.pop(k, None)
            entry["model_config"] = cfg
        parts["modules"].append(entry)
    h.update(json.dumps(parts, sort_keys=True, default=str).encode())
    tok = getattr(model, "tokenizer", None)
    backend = getattr(tok, "backend_tokenizer", None)
    if backend is not None:
        h.update(_tokenizer_definition(backend).encode())
    elif tok is not None and hasattr(tok, "get_vocab"):
        h.update(json.dumps(sorted(tok.get_vocab().items())).encode())
    return h.hexdigest()


def _tokenizer_definition(backend: Any) -> str:
    """The fast tokenizer's JSON without its call-time state.

    transformers switches truncation/padding on the backend tokenizer at every
    call, and ``to_str`` serialises them: switch them off for the snapshot, then restore.
    """
    truncation, padding = backend.truncation, backend.padding
    try:
        backend.no_truncation()
        backend.no_padding()
        return backend.to_str()
    finally:
        if truncation:
            backend.enable_truncation(**truncation)
        if padding:
            backend.enable_padding(**padding)


class SentenceTransformerEncoder:
    """An :class:`Encoder` over a ``sentence_transformers.SentenceTransformer``.

    Prompts come from the model's own ``prompts`` (``"query"``; ``"passage"``,
    else ``"document"``), empty when it has none. Vectors are L2-normalised
    float32. ``.model`` is the wrapped SentenceTransformer (training uses it);
    after changing its weights call :meth:`refresh_fingerprint`.
    """

    def __init__(self, model: Any, *, name: str | None = None, max_seq_length: int | None = None) -> None:
        self.model = model
        if max_seq_length is not None:
            if int(max_seq_length) < 1:
                raise InputError(f"max_seq_length must be a positive number of tokens, got {max_seq_length}")
            model.max_seq_length = int(max_seq_length)
        prompts = getattr(model, "prompts", None) or {}
        self.query_prompt: str = prompts.get("query", "") or ""
        self.passage_prompt: str = prompts.get("passage", "") or prompts.get("document", "") or ""
        self.name: str = name or _model_name(model)
        self.fingerprint: str = st_fingerprint(model)

    @property
    def max_seq_length(self) -> int:
        """Tokens beyond this are truncated (the model's own setting)."""
        return int(self.model.max_seq_length)

    @property
    def dim(self) -> int:
        """Embedding dimension."""
        get = getattr(self.model, "get_embedding_dimension", None) or \
            getattr(self.model, "get_sentence_embedding_dimension", None)
        return int(get()) if callable(get) else int(self.model.encode(["x"]).shape[1])

    def refresh_fingerprint(self) -> str:
        """Recompute the fingerprint after the wrapped model's weights or settings changed."""
        self.fingerprint = st_fingerprint(self.model)
        return self.fingerprint

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64,
                       show_progress: bool = False) -> np.ndarray:
        """Encode queries with the query prompt into a (n, dim) float32 array, rows L2-normalised."""
        return self._encode(texts, self.query_prompt, batch_size, show_progress)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64,
                        show_progress: bool = False) -> np.ndarray:
        """Encode passages with the passage prompt into a (n, dim) float32 array, rows L2-normalised."""
        return self._encode(texts, self.passage_prompt, batch_size, show_progress)

    def _encode(self, texts: Sequence[str], prompt: str, batch_size: int, show_progress: bool) -> np.ndarray:
        items = check_texts(texts)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        if _overlaps(self.model):  # on a GPU: tokenise ahead of the device, copy back once (robustir.models.feed)
            from robustir.models.feed import encode_overlapped

            return encode_overlapped(self.model, items, prompt, batch_size)
        # prompt="" rather than None when there is none: None would let a model's default_prompt_name
        # silently prefix every text, and query_prompt/passage_prompt must say exactly what is applied.
        out = self.model.encode(items, prompt=prompt, batch_size=batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=show_progress)
        if out.dtype != np.float32:
            # a half-precision model (robustir.models.device.choose_precision) normalised in float16:
            # re-normalise in float32 so that inner products are cosines to float32 precision
            out = out.astype(np.float32)
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), np.finfo(np.float32).tiny)
        return np.ascontiguousarray(out, dtype=np.float32)

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder(name={self.name!r}, fingerprint={self.fingerprint[:12]})"


def _overlaps(model: Any) -> bool:
    """Whether ``model`` is encoded through :func:`robustir.models.feed.encode_overlapped`: on a CUDA
    device, with a sentence-transformers version that has ``preprocess`` (CPUs keep ``encode``)."""
    device = getattr(model, "device", None)
    return getattr(device, "type", "cpu") == "cuda" and callable(getattr(model, "preprocess", None))


def _model_name(model: Any) -> str:
    card = getattr(model, "model_card_data", None)
    for attr in ("model_name", "model_id", "base_model"):
        value = getattr(card, attr, None)
        if value:
            return str(value)
    return type(model).__name__
