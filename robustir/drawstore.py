"""The statistics' random draws kept on disk, so that a fresh process replays them instead of drawing again.

Why: the bootstrap's resample indices with their count matrix and the sign-flip test's patterns
(:mod:`robustir.resample`) are a pure function of the generator's state and the sizes, and every evaluation
with the same seed and number of queries makes the same ones. They are kept per process already
(``resample._drawn``); a new process drew them again: with two sets of draws a run (all queries and the
valid-only ones), ~0.23-0.26 CPU-s at 1,000 queries and ~0.04 at 200, where reading them back (a file read
and a sha256 of their bytes) costs ~0.10-0.13 and ~0.02 (bench/RESULTS.md section 27).

What is stored: one ``.npz`` per draw (numpy's own format, written with ``numpy.savez``: no pickled
objects, read with ``allow_pickle=False``) holding each batch's arrays, the generator's state after the
draws (JSON) and the sha256 of the arrays' bytes. Its name digests everything the draws depend on: the
kind, the generator's state before them, the sizes, numpy's version (its generators' streams may change
between versions) and this module's and ``resample.py``'s source (a change to how draws are made or kept
gives new names). A file that does not match (damaged, cut short, another layout) is redrawn and written
again; a write that fails (read-only or full disk) is logged and skipped: the store is an optimisation.

Where: ``$ROBUSTIR_DRAWS_CACHE`` (``off`` disables it), else ``$ROBUSTIR_HOME/cache/draws``. Bounded: a draw
larger than :data:`ENTRY_BYTES` is not stored, and the folder keeps at most :data:`STORE_BYTES`, the least
recently used files (by modification time, renewed at each read) removed first. Hand-written on numpy and
the standard library: no library keeps numpy arrays keyed by their inputs with these checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

CACHE_ENV = "ROBUSTIR_DRAWS_CACHE"
_OFF = frozenset({"off", "0", "none", "false", "no"})
_FORMAT = "robustir-draws/1"

#: The largest draw stored (bytes of its arrays): 1,000 queries x 10,000 resamples hold 30 MB.
ENTRY_BYTES = 48 << 20
#: The most the folder keeps; the least recently used files go first beyond it.
STORE_BYTES = 256 << 20

_code_digest: str | None = None


def store_root() -> Path | None:
    """The folder of stored draws, or None when ``$ROBUSTIR_DRAWS_CACHE`` is ``off``."""
    value = os.environ.get(CACHE_ENV)
    if value is not None and value.strip():
        return None if value.strip().lower() in _OFF else Path(value).expanduser()
    from robustir.env import home

    return home() / "cache" / "draws"


def _code() -> str:
    """sha256 of this module's and ``resample.py``'s source (read once per process)."""
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256()
        for name in ("drawstore.py", "resample.py"):
            h.update((Path(__file__).parent / name).read_bytes())
        _code_digest = h.hexdigest()
    return _code_digest


def entry_path(root: Path, kind: str, key: Any) -> Path:
    """The file of one draw: ``kind``, then a digest of ``key`` (the state and sizes), numpy's version and
    the code's."""
    h = hashlib.sha256(f"{_FORMAT}\0{kind}\0{key!r}\0{np.__version__}\0{_code()}".encode())
    return root / f"{kind}-{h.hexdigest()[:32]}.npz"


def _digest(arrays: Sequence[np.ndarray]) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(np.ascontiguousarray(a).data)
    return h.hexdigest()


def load(kind: str, key: Any) -> tuple[list[tuple[np.ndarray, ...]], Mapping[str, Any]] | None:
    """The batches and end state stored for ``(kind, key)``, or None (not stored, store off, unusable)."""
    root = store_root()
    if root is None:
        return None
    path = entry_path(root, kind, key)
    try:
        with np.load(path, allow_pickle=False) as z:
            layout = [int(v) for v in z["layout"]]
            arrays = [z[f"a{i}"] for i in range(sum(layout))]
            state = json.loads(str(z["state"]))
            digest = str(z["sha256"])
    except FileNotFoundError:
        return None
    except Exception as e:  # noqa: BLE001 - OSError, a damaged zip (zipfile.BadZipFile), a missing member...
        logger.info("stored draws %s unusable (%s): drawn again", path, e)
        return None
    if _digest(arrays) != digest:
        logger.info("stored draws %s damaged: drawn again", path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used
    batches: list[tuple[np.ndarray, ...]] = []
    at = 0
    for width in layout:
        batches.append(tuple(arrays[at:at + width]))
        at += width
    return batches, state


def save(kind: str, key: Any, batches: Sequence[tuple[np.ndarray, ...]], state: Mapping[str, Any]) -> None:
    """Store ``batches`` and the generator's ``state`` after them for ``(kind, key)``; nothing when the store
    is off, the draw is larger than :data:`ENTRY_BYTES` or the state is not JSON (logged when a write fails)."""
    root = store_root()
    arrays = [a for part in batches for a in part]
    if root is None or sum(a.nbytes for a in arrays) > ENTRY_BYTES:
        return
    try:
        state_text = json.dumps(state, sort_keys=True)
    except (TypeError, ValueError):  # a bit generator whose state holds arrays: not stored
        return
    from robustir.io import atomic_file

    path = entry_path(root, kind, key)
    try:
        root.mkdir(parents=True, exist_ok=True)
        named: dict[str, Any] = {f"a{i}": a for i, a in enumerate(arrays)}
        named.update(layout=np.array([len(p) for p in batches], dtype=np.int64), state=np.array(state_text),
                     sha256=np.array(_digest(arrays)))
        with atomic_file(path) as f:
            np.savez(f, **named)
        _trim(root)
    except OSError as e:
        logger.info("draws not stored in %s: %s", root, e)


def _trim(root: Path) -> None:
    """Remove the least recently used files of ``root`` while it holds more than :data:`STORE_BYTES`."""
    files = []
    for p in root.glob("*.npz"):
        with contextlib.suppress(OSError):
            st = p.stat()
            files.append((st.st_mtime_ns, st.st_size, p))
    total = sum(size for _, size, _ in files)
    for _, size, p in sorted(files, key=lambda f: (f[0], str(f[2]))):
        if total <= STORE_BYTES:
            break
        with contextlib.suppress(OSError):
            p.unlink()
            total -= size


__all__ = ["CACHE_ENV", "ENTRY_BYTES", "STORE_BYTES", "entry_path", "load", "save", "store_root"]
