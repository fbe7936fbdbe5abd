"""A disk cache of use-m's sentence vectors, keyed by (model fingerprint, text): a run whose texts were all
encoded before never loads the model.

Why: use-m's load (tokenizer state, backend) is the largest fixed cost of a fresh process that uses the semantic
floor, 0.22-0.31 CPU-s of a 200-query synonym-adv run whose warm run costs 0.14-0.27 (bench/RESULTS.md sections
74 and 99). It is safe only because the forward pass is batch-independent (``robustir.models.use_forward``): a
text's vector has the same bytes whichever texts shared its call, so results do not depend on which earlier run
wrote the cache. The fingerprint holds the forward pass's code digest, the weights' sha256 and the token limit.

Layout: ``$ROBUSTIR_USE_CACHE`` (``off`` disables the cache), else ``$ROBUSTIR_HOME/cache/use-vectors``; one
folder per fingerprint holding ``*.vec`` files, each written whole and atomically by one process (a temporary
file, then a rename) and never changed after: a 16-byte header (``RIRUSEV1``, record count n, dimension), then
n keys (16 bytes of each text's sha256, sorted), n float32 vectors and n CRC-32s (each of its key and vector): the
keys first, so that a process reads only them and searches them (``np.searchsorted``).
A file whose size does not match its header, or a
record whose CRC does not match, is ignored with one warning and the file removed; the texts are encoded again.
A process keeps its new vectors in memory and writes them as one file when it exits
(``atexit``) or when 4,096 are pending; small files are merged into the next one written. Bounded: at most
256 MiB of files under the cache folder (all fingerprints), least recently used first out (a file's mtime is
renewed the first time a process reads a vector from it)."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import secrets
import struct
import threading
import time
import weakref
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

__all__ = ["VectorStore", "vector_store", "cache_folder", "MAX_BYTES", "FILE_RECORDS"]

MAGIC = b"RIRUSEV1"
_HEADER = struct.Struct("<8sII")
KEY_BYTES = 16
#: Files hold at most this many records; a process writes once this many vectors are pending.
FILE_RECORDS = 4096
#: The cache folder's bound (all fingerprints together); least recently used files are removed above it.
MAX_BYTES = 256 << 20
_OFF = frozenset({"off", "0", "false", "no", "none"})

_LIVE: weakref.WeakSet[VectorStore] = weakref.WeakSet()
_ATEXIT = threading.Lock()
_registered: list[bool] = []


def cache_folder() -> Path | None:
    """The vector cache's root: ``$ROBUSTIR_USE_CACHE`` when set (``off``, ``0``, ``false``, ``no`` or ``none``
    disable it: None), else ``$ROBUSTIR_HOME/cache/use-vectors``."""
    from robustir.env import home

    value = os.environ.get("ROBUSTIR_USE_CACHE", "").strip()
    if value.lower() in _OFF:
        return None
    return Path(value).expanduser() if value else home() / "cache" / "use-vectors"


def text_key(text: str) -> bytes:
    """The 16 bytes that stand for ``text`` in the cache (the first half of its UTF-8 sha256; texts are not stored)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:KEY_BYTES]


class _File:
    """One ``.vec`` file: its keys read (searched with ``np.searchsorted``: written sorted), its vectors and CRCs
    memory-mapped and checked one by one as read."""

    def __init__(self, path: Path, keys: bytes, vectors: np.ndarray, crcs: np.ndarray) -> None:
        self.path = path
        self.keys = keys  # n * KEY_BYTES, exact (an "S16" element drops trailing NUL bytes)
        self.vectors = vectors  # (n, dim) little-endian float32
        self.crcs = crcs  # (n,) little-endian uint32
        self.touched = False
        self.bad = False
        arr = np.frombuffer(keys, dtype=f"S{KEY_BYTES}") if keys else np.zeros(0, dtype=f"S{KEY_BYTES}")
        self.order: np.ndarray | None = None
        if len(arr) > 1 and not bool(np.all(arr[1:] >= arr[:-1])):  # not written by this code: sorted here
            self.order = np.argsort(arr, kind="stable")
            arr = arr[self.order]
        self.sorted = arr

    def find(self, q: np.ndarray) -> np.ndarray:
        """Each query key's row in this file (``q``: an "S16" array), -1 where absent."""
        n = len(self.sorted)
        if n == 0:
            return np.full(len(q), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.sorted, q), n - 1)
        rows = pos if self.order is None else self.order[pos]
        return np.where(self.sorted[pos] == q, rows, -1)

    def __len__(self) -> int:
        return len(self.crcs)

    def key(self, i: int) -> bytes:
        return self.keys[i * KEY_BYTES:(i + 1) * KEY_BYTES]

    def record(self, i: int) -> bytes | None:
        """Record ``i``'s key and vector bytes, None when its CRC does not match."""
        body = self.key(i) + self.vectors[i].tobytes()
        return body if int(self.crcs[i]) == zlib.crc32(body) else None


class VectorStore:
    """The vectors of one fingerprint: lookups from the files under ``root/<fingerprint digest>`` and the
    vectors this process encoded; new vectors written on :meth:`flush`. Thread-safe (a study's worker threads
    share the semantic floor's encoder)."""

    def __init__(self, root: Path, fingerprint: str, dim: int, *, max_bytes: int = MAX_BYTES,
                 file_records: int = FILE_RECORDS) -> None:
        self.root = root
        self.folder = root / hashlib.sha256(f"use-vectors/1\0{fingerprint}".encode()).hexdigest()[:32]
        self.dim = dim
        self.record = KEY_BYTES + 4 * dim + 4
        self.max_bytes = max_bytes
        self.file_records = file_records
        self._lock = threading.Lock()
        self._files: list[_File] | None = None
        self._pending: dict[bytes, np.ndarray] = {}
        _LIVE.add(self)
        with _ATEXIT:
            if not _registered:
                atexit.register(_flush_all)
                _registered.append(True)

    # ---------- reading ----------
    def _bad(self, path: Path, why: str) -> None:
        log.warning("use-m vector cache: %s %s; ignored and removed (its texts are encoded again)", path, why)
        with contextlib.suppress(OSError):
            path.unlink()

    def _open(self, path: Path) -> _File | None:
        try:
            with open(path, "rb") as f:
                head = f.read(_HEADER.size)
                size = os.fstat(f.fileno()).st_size
            if len(head) < _HEADER.size:
                self._bad(path, "is truncated")
                return None
            magic, n, dim = _HEADER.unpack(head)
            if magic != MAGIC or dim != self.dim:
                self._bad(path, "is not a vector file of this layout")
                return None
            if size != _HEADER.size + n * self.record:
                self._bad(path, f"holds {size} bytes, its header says {_HEADER.size + n * self.record}")
                return None
            if n == 0:
                return _File(path, b"", np.zeros((0, self.dim), dtype="<f4"), np.zeros(0, dtype="<u4"))
            with open(path, "rb") as f:
                f.seek(_HEADER.size)
                keys = f.read(n * KEY_BYTES)
            vectors = np.memmap(path, dtype="<f4", mode="r", offset=_HEADER.size + n * KEY_BYTES, shape=(n, self.dim))
            crcs = np.memmap(path, dtype="<u4", mode="r", offset=_HEADER.size + n * (KEY_BYTES + 4 * self.dim),
                             shape=(n,))
        except FileNotFoundError:  # removed by another process since the listing
            return None
        except (OSError, ValueError) as e:
            self._bad(path, f"is unreadable ({e})")
            return None
        if len(keys) != n * KEY_BYTES:
            self._bad(path, "is truncated")
            return None
        return _File(path, keys, vectors, crcs)

    def _load(self) -> None:
        if self._files is not None:
            return
        self._files = []
        try:
            paths = sorted(self.folder.glob("*.vec"))
        except OSError:
            paths = []
        for path in paths:
            got = self._open(path)
            if got is not None:
                self._files.append(got)

    def _read(self, f: _File, i: int) -> np.ndarray | None:
        """Row ``i`` of ``f`` when its CRC matches; else the file is dropped (one warning) and None."""
        try:
            body = f.record(i)
        except (OSError, ValueError):
            body = None
        if body is None:
            f.bad = True
            self._bad(f.path, "has a damaged record")
            if self._files is not None and f in self._files:
                self._files.remove(f)
            return None
        if not f.touched:  # least recently used first out: renew the file's mtime once per process
            f.touched = True
            with contextlib.suppress(OSError):
                os.utime(f.path)
        return np.frombuffer(body, dtype="<f4", offset=KEY_BYTES).copy()

    def get(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        """Each text's cached vector (float32, ``dim``), None where not cached."""
        with self._lock:
            self._load()
            assert self._files is not None
            keys = [text_key(t) for t in texts]
            out: list[np.ndarray | None] = [self._pending.get(k) for k in keys]
            todo = [i for i, v in enumerate(out) if v is None]
            for f in list(self._files):
                if not todo:
                    break
                rows = f.find(np.array([keys[i] for i in todo], dtype=f"S{KEY_BYTES}")).tolist()
                left = []
                for i, r in zip(todo, rows, strict=True):
                    v = self._read(f, r) if r >= 0 and not f.bad else None
                    if v is None:
                        left.append(i)
                    else:
                        out[i] = v
                todo = left
            return out

    # ---------- writing ----------
    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (one row per text) for :meth:`flush`; written at once when a file's worth is pending."""
        with self._lock:
            for t, v in zip(texts, np.asarray(vectors, dtype=np.float32), strict=True):
                self._pending.setdefault(text_key(t), v.copy())
            if len(self._pending) >= self.file_records:
                self._flush()

    def flush(self) -> None:
        """Write the pending vectors (one new file, merging the folder's small files into it) and keep the cache
        folder within its bound. Best effort: a write that fails is logged and the vectors dropped."""
        with self._lock:
            self._flush()

    def _records(self, items: Sequence[tuple[bytes, np.ndarray]]) -> bytes:
        keys = [k for k, _ in items]
        vectors = [np.ascontiguousarray(v, dtype="<f4").tobytes() for _, v in items]
        crcs = np.array([zlib.crc32(k + v) for k, v in zip(keys, vectors, strict=True)], dtype="<u4")
        return b"".join([_HEADER.pack(MAGIC, len(items), self.dim), *keys, *vectors, crcs.tobytes()])

    def _flush(self) -> None:
        if not self._pending:
            return
        from robustir.io import atomic_file

        self._load()
        assert self._files is not None
        items: dict[bytes, np.ndarray] = {}
        small = [f for f in self._files if len(f) < self.file_records // 2]
        merged: list[_File] = []
        for f in small:  # merged into the new file: a folder of few files however many processes wrote it
            if len(items) + len(f) + len(self._pending) > self.file_records:
                break
            merged.append(f)
            for i in range(len(f)):
                try:
                    body = f.record(i)
                except (OSError, ValueError):
                    body = None
                if body is not None:
                    items.setdefault(body[:KEY_BYTES], np.frombuffer(body, dtype="<f4", offset=KEY_BYTES))
        for key, v in self._pending.items():
            items.setdefault(key, v)
        written: list[Path] = []
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            pairs = sorted(items.items(), key=lambda kv: kv[0])  # sorted keys: searched, not indexed
            for start in range(0, len(pairs), self.file_records):
                name = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}.vec"
                with atomic_file(self.folder / name) as out:
                    out.write(self._records(pairs[start:start + self.file_records]))
                written.append(self.folder / name)
        except OSError as e:
            log.info("use-m vector cache: not written to %s (%s)", self.folder, e)
            for p in written:
                with contextlib.suppress(OSError):
                    p.unlink()
            self._pending.clear()
            return
        for f in merged:
            with contextlib.suppress(OSError):
                f.path.unlink()
        # this process reads the new files from now on (its pending vectors are in them)
        self._files = [f for f in self._files if f not in merged]
        for p in written:
            got = self._open(p)
            if got is not None:
                self._files.append(got)
        self._pending.clear()
        prune(self.root, self.max_bytes, keep=set(written))


def prune(root: Path, max_bytes: int, keep: set[Path] | None = None) -> list[Path]:
    """Remove the least recently used ``*.vec`` files (oldest mtime first) under ``root`` until they hold at most
    ``max_bytes``, never one of ``keep``; empty fingerprint folders go too. Returns the removed files."""
    keep = keep or set()
    files: list[tuple[float, int, Path]] = []
    for p in root.glob("*/*.vec"):
        with contextlib.suppress(OSError):
            st = p.stat()
            files.append((st.st_mtime, st.st_size, p))
    total = sum(s for _, s, _ in files)
    removed: list[Path] = []
    for _, size, p in sorted(files, key=lambda x: (x[0], str(x[2]))):
        if total <= max_bytes:
            break
        if p in keep:
            continue
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
            total -= size
    for d in {p.parent for p in removed}:
        with contextlib.suppress(OSError):
            d.rmdir()  # only when empty
    return removed


def vector_store(fingerprint: str, dim: int) -> VectorStore | None:
    """The vector cache of ``fingerprint``, None when ``ROBUSTIR_USE_CACHE`` is off."""
    root = cache_folder()
    return None if root is None else VectorStore(root, fingerprint, dim)


def _flush_all() -> None:
    for store in list(_LIVE):
        try:
            store.flush()
        except Exception as e:  # never fail a process's exit for a cache
            log.info("use-m vector cache: flush failed (%s)", e)
