"""Corpus embeddings: encoded shard by shard, streamed to one ``.npy`` file, memory-mapped for search.

Corpus embeddings are the expensive part of every evaluation, so they are cached
on disk under ``$ROBUSTIR_HOME/embeddings``, keyed by the model fingerprint, the
corpus checksum, the maximum sequence length and the passage prompt (and the
shard size when the corpus spans several shards: see below). Each cache file
carries a sha256 that is checked on load (hashed again whenever the file's stat
changes), and is written atomically.

Memory: the corpus is cut into shards of ``shard_size`` consecutive passages;
each shard is encoded in length-sorted chunks of ``CHUNK`` texts and its
rows appended to a temporary ``.npy`` file (the sha256 is computed while
writing), so encoding holds one shard's texts and vectors at a time. The file
is then renamed into place and, from :data:`MMAP_MIN_BYTES` on, opened with
``mmap_mode="r"``: the vectors are paged in by the OS as search touches them
instead of being copied into the process (a million 384-d passages are 1.5 GB).

Numbers: a corpus that fits in one shard (every benchmark robustir ships) is
encoded exactly as before, in chunks of its globally length-sorted passages.
A corpus of several shards is sorted within each shard, so a model whose
vectors depend on batch composition at float precision may give slightly
different vectors: such caches carry the shard size in their key.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

# passage_text and passages_digest live with the data (a stored benchmark keeps the digest; section 223) and are
# this module's names as before
from robustir.data.benchmark import Benchmark, passage_text, passages_digest  # noqa: F401 (re-exported)
from robustir.env import home
from robustir.errors import InputError
from robustir.io import atomic_file, atomic_write_json, sha256_text
from robustir.models.base import Encoder

log = logging.getLogger(__name__)

ProgressFn = Callable[[int], None]
#: Passages per shard by default: 131,072 x 384-d float32 = 192 MiB of vectors per shard,
#: and more than any benchmark robustir ships (so their encodings are unchanged).
DEFAULT_SHARD_SIZE = 131_072
#: Cache files at least this large are memory-mapped; smaller ones are read into memory (a private copy
#: that later changes to the file cannot alter, as before; for them paging brings nothing).
MMAP_MIN_BYTES = 256 << 20


def check_shard_size(shard_size: int | None) -> int:
    """``shard_size`` (passages per shard), or the default; a one-line error when it cannot hold one passage."""
    if shard_size is None:
        return DEFAULT_SHARD_SIZE
    if isinstance(shard_size, bool) or not isinstance(shard_size, (int, np.integer)) or shard_size < 1:
        raise InputError(f"--shard-size must be a number of passages >= 1 (a shard must hold at least one "
                         f"passage), got {shard_size!r}")
    return int(shard_size)


#: Texts handed to the encoder per call: small enough for a smooth progress bar,
#: large enough that the per-call overhead stays negligible (see bench/encode.py).
CHUNK = 512


def chunk_size() -> int:
    """Texts per encoder call: :data:`CHUNK`, read at call time (the public knob, which the Ray
    executor and tests set)."""
    return int(CHUNK)


def length_sorted_chunks(texts: Sequence[str], offset: int = 0, chunk: int | None = None) -> list[list[int]]:
    """Indices (plus ``offset``) of ``texts``, longest first (stable), cut into chunks of ``chunk``
    (default :func:`chunk_size`)."""
    chunk = chunk or chunk_size()
    # a stable argsort of the negated lengths: the order of sorted(key=-len), in C
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    order = (np.argsort(-lengths, kind="stable") + offset).tolist()
    return [order[s:s + chunk] for s in range(0, len(order), chunk)]


def chunk_plan(texts: Sequence[str], shard_size: int | None = None, chunk: int | None = None) -> list[list[int]]:
    """Every chunk the encoder is called on, in order, as corpus indices: the Ray executor
    encodes exactly these so that its vectors are the ones :func:`corpus_embeddings` computes."""
    size = check_shard_size(shard_size)
    out: list[list[int]] = []
    for start in range(0, len(texts), size):
        out += length_sorted_chunks(texts[start:start + size], start, chunk)
    return out


def encode_texts(encode: Callable[..., np.ndarray], texts: Sequence[str], batch_size: int = 64,
                 progress: ProgressFn | None = None, chunk: int | None = None) -> np.ndarray:
    """Encode ``texts`` in length-sorted chunks of ``chunk`` texts (default :func:`chunk_size`; as
    sentence-transformers sorts inside one call), reporting progress after each chunk; rows come back in
    input order."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    out: np.ndarray | None = None
    for idx in length_sorted_chunks(texts, chunk=chunk):
        vecs = np.asarray(encode([texts[i] for i in idx], batch_size=batch_size), dtype=np.float32)
        if out is None:
            out = np.empty((n, vecs.shape[1]), dtype=np.float32)
        out[idx] = vecs
        if progress:
            progress(len(idx))
    assert out is not None
    return out


def corpus_key(encoder: Encoder, benchmark: Benchmark, shard_size: int | None = None) -> str:
    """Cache key of a corpus encoding: what determines the vectors, and nothing else.

    The passages' digest is computed once per corpus (``Benchmark.corpus_value``, shared with the subsets
    every ``--limit`` evaluation makes), not once per ``Retriever``."""
    size = check_shard_size(shard_size)
    corpus = benchmark.corpus_value(passages_digest)
    parts = ["robustir.corpus/1", encoder.fingerprint, corpus, str(encoder.max_seq_length), encoder.passage_prompt]
    if len(benchmark.corpus) > size:
        parts.append(f"shards/{size}")
    precision = getattr(encoder, "precision", "fp32")  # robustir.models.device.choose_precision sets it
    if precision != "fp32":
        parts.append(f"precision/{precision}")
    return sha256_text(parts)


def _shards(encoder: Encoder, benchmark: Benchmark, size: int, batch_size: int,
            progress: ProgressFn | None) -> Iterator[np.ndarray]:
    """The corpus's vectors, one shard (``size`` consecutive passages, rows in corpus order) at a time."""
    corpus = benchmark.corpus
    for start in range(0, len(corpus), size):
        texts = [passage_text(d) for d in corpus[start:start + size]]
        yield encode_texts(encoder.encode_passages, texts, batch_size, progress)


def _npy_header(n: int, dim: int) -> bytes:
    """The header ``np.save`` writes for a C-ordered float32 (n, dim) array (format 1.0)."""
    import io

    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": np.lib.format.dtype_to_descr(np.dtype(np.float32)),
                                               "fortran_order": False, "shape": (n, dim)})
    return buf.getvalue()


def _write_streamed(npy: Path, shards: Iterator[np.ndarray], n: int) -> str:
    """Write the shards' rows as one (n, dim) ``.npy`` at ``npy`` (atomically and durably:
    :func:`robustir.io.atomic_file`); return its sha256."""
    npy.parent.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    rows = 0
    with atomic_file(npy, fsync=True) as f:
        for vecs in shards:
            vecs = np.ascontiguousarray(vecs, dtype=np.float32)
            if rows == 0:
                header = _npy_header(n, vecs.shape[1])
                f.write(header)
                h.update(header)
            data = vecs.data.cast("B")  # the array's buffer (numpy's stubs type ``vecs`` itself as no Buffer)
            f.write(data)
            h.update(data)
            rows += vecs.shape[0]
        if rows != n:
            raise RuntimeError(f"encoded {rows} passages for a corpus of {n}")
    return h.hexdigest()


def _open(npy: Path) -> np.ndarray:
    """The array in ``npy``: memory-mapped (read-only) when large, else read into memory."""
    if npy.stat().st_size >= MMAP_MIN_BYTES:
        return np.load(npy, mmap_mode="r", allow_pickle=False)
    return np.load(npy, allow_pickle=False)


def _load_cached(npy: Path, meta: Path, n: int, *, quiet: bool = False) -> np.ndarray | None:
    """The cached vectors when the file's sha256 matches its record; else None (warned unless ``quiet``).

    The sha256 is ``resources.file_sha256``'s: hashed once while the file's device, inode, size, mtime and
    ctime are unchanged, across processes, instead of reading the whole file on every load (1.5 GB for a
    million 384-d passages). Any write to the file, even one of the same size with the mtime put back, sets
    its ctime, and a file renamed into place has another inode: either means a new hash."""
    from robustir.resources import file_sha256

    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        if file_sha256(npy) == info.get("sha256"):
            vecs = _open(npy)
            if vecs.ndim == 2 and vecs.shape[0] == n and vecs.dtype == np.float32:
                return vecs
        if not quiet:
            warnings.warn(f"corpus embedding cache {npy.name} is corrupt; recomputing", stacklevel=3)
    except (OSError, ValueError) as e:
        if not quiet:
            warnings.warn(f"corpus embedding cache {npy.name} unreadable ({e}); recomputing", stacklevel=3)
    return None


def corpus_embeddings(encoder: Encoder, benchmark: Benchmark, *, cache_dir: Path | None = None,
                      batch_size: int = 64, progress: ProgressFn | None = None,
                      use_cache: bool = True, shard_size: int | None = None) -> np.ndarray:
    """The (n_docs, dim) float32 passage embeddings of ``benchmark``'s corpus, from the cache when valid.

    With the cache, the vectors are encoded shard by shard into the cache file when missing, and
    come back as a read-only memory map of it when it is large (:data:`MMAP_MIN_BYTES`); without it
    (``use_cache=False``), an in-memory array. A cache file whose checksum does not match is reported
    with a warning and recomputed.
    """
    size = check_shard_size(shard_size)
    n = len(benchmark.corpus)
    if not use_cache:
        parts = list(_shards(encoder, benchmark, size, batch_size, progress))
        return np.concatenate(parts) if len(parts) > 1 else (parts[0] if parts else np.zeros((0, 0), np.float32))
    cache_dir = Path(cache_dir) if cache_dir else home() / "embeddings"
    key = corpus_key(encoder, benchmark, size)
    npy, meta = cache_dir / f"{key}.npy", cache_dir / f"{key}.json"
    # A valid cache is read without the lock: both files are only ever replaced whole (``os.replace``), so a
    # reader sees an old or a new file, never a part. The lock (and ``filelock``'s import, ~0.015 CPU-s of a
    # fresh process: bench/RESULTS.md, section 74) is for writing; a file that does not check out here
    # is checked again under it, and reported there, as before.
    if npy.exists() and meta.exists():
        vecs = _load_cached(npy, meta, n, quiet=True)
        if vecs is not None:
            if progress:
                progress(n)
            return vecs
    # One process encodes a cold corpus; another asking for it meanwhile waits, then reads the cache.
    with _corpus_lock(cache_dir / f"{key}.lock"):
        if npy.exists() and meta.exists():
            vecs = _load_cached(npy, meta, n)
            if vecs is not None:
                if progress:
                    progress(n)
                return vecs
        if n == 0:
            return np.zeros((0, 0), dtype=np.float32)
        digest = _write_streamed(npy, _shards(encoder, benchmark, size, batch_size, progress), n)
        vecs = _open(npy)
        atomic_write_json(meta, {"sha256": digest, "model": encoder.name, "fingerprint": encoder.fingerprint,
                                 "corpus": benchmark.name, "documents": n, "shape": list(vecs.shape),
                                 **({"shard_size": size} if n > size else {})})
    log.info("encoded %d passages of %s in %d shard(s) into %s", n, benchmark.name, -(-n // size), npy)
    return vecs


@contextlib.contextmanager
def _corpus_lock(path: Path) -> Iterator[None]:
    """An inter-process lock (``filelock``) around encoding one corpus; without a writable cache
    folder there is nothing to share, so the work goes on unlocked (the write reports the folder)."""
    from filelock import FileLock

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path))
        lock.acquire()
    except OSError:
        yield
        return
    try:
        yield
    finally:
        lock.release()
