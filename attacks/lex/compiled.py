"""A compiled on-disk cache of parsed lexicons, so that a fresh process loads them in a blink.

Parsing the lexicons the code-switching recipes read costs a fresh process ~20-30 CPU-s
(bench/RESULTS.md section 28): FreeDict's German files alone are 60 MB of dictd text, WordNet's
index files are re-tokenised line by line by nltk, MUSE's pairs are script-checked one by
one. The *parsed* value never changes while its inputs do not, so it is written once, with
``marshal`` (the standard library's serialiser of built-in types: it loads these dicts of
strings and lists about as fast as ``pickle`` once the cyclic collector is paused, 1.4 against
1.2 CPU-s for all codeswitch-adv's lexicons, ~32 to parse them, bench/RESULTS.md section 28; and
unlike ``pickle``, loading a tampered cache file cannot run code), under a key
that digests

* the bytes of every resource file it was parsed from (sha256: ~2 GB/s, ~15 ms for 30 MB),
* the source of the code that parses it (so an edit to a reader rebuilds its cache),
* the Python version and marshal's format, and any library version the caller names.

The file holds a magic line, the sha256 of the payload and the payload: a truncated or
damaged file is rebuilt, never used. Writes are atomic (a temporary file renamed), so
concurrent processes at worst both build the value. Where: ``$ROBUSTIR_LEXICON_CACHE``
(``off`` disables the cache), else ``$ROBUSTIR_HOME/lexicons``, else
``~/.cache/robustir/lexicons``. Only built-in types may be cached (``marshal``); a value that
cannot be written is returned as built and logged.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import marshal
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..gcpause import paused

logger = logging.getLogger(__name__)

T = TypeVar("T")
CACHE_ENV = "ROBUSTIR_LEXICON_CACHE"
_MAGIC = b"robustir-compiled-lexicon 1\n"
_OFF = frozenset({"off", "0", "none", "false", "no"})


def cache_root() -> Path | None:
    """The folder of compiled lexicons, or None when ``$ROBUSTIR_LEXICON_CACHE`` is ``off``."""
    value = os.environ.get(CACHE_ENV)
    if value is not None and value.strip():
        return None if value.strip().lower() in _OFF else Path(value).expanduser()
    home = os.environ.get("ROBUSTIR_HOME")
    return (Path(home).expanduser() if home else Path.home() / ".cache" / "robustir") / "lexicons"


@functools.lru_cache(maxsize=1024)
def _file_digest(path: str, size: int, mtime_ns: int, inode: int, ctime_ns: int) -> str:
    # memoised per process by the file's stat: a study builds many attacks over the same files (the ctime
    # too, as robustir.resources keys its digests: a rewrite with the mtime put back still moves it)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes ("absent" when it does not exist)."""
    try:
        st = os.stat(path)
    except OSError:
        return "absent"
    return _file_digest(str(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def files_digest(files: Iterable[tuple[str, Path]]) -> str:
    """sha256 (64 hex digits) of a set of labelled files, in the order given: each file's own
    sha256 (``file_digest``, memoised per process by the file's stat, so digesting the same
    sources again reads nothing) under its label. The one way robustir names "this code / these
    files" in a cache key (compiled lexicons, codeswitch's per-query choices, a study's crafted
    texts); a label that is a path relative to a package keeps the digest independent of where
    the files lie."""
    h = hashlib.sha256()
    for label, path in files:
        h.update(f"{label}\0{file_digest(Path(path))}\0".encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=64)
def package_version(name: str) -> str:
    """The installed version of distribution ``name`` for a cache key, "" when it is not installed
    (the key then still differs from any installed version's). Read once per process: importlib.metadata
    parses the distribution's METADATA file on every call; and reused by later processes while the folders on
    ``sys.path`` are unchanged (``installed_versions``: the same string)."""
    try:
        return installed_versions((name,))[name] or ""
    except Exception:  # noqa: BLE001 - unreadable metadata: no version
        return ""


_VERSIONS_LOCK = threading.Lock()
_VERSIONS_KEPT = 16  # sys.path layouts whose versions the file keeps (the least recently stored dropped)


def installed_versions(names: Iterable[str]) -> dict[str, str | None]:
    """The installed version of each distribution of ``names`` (None: not installed), as
    ``importlib.metadata.version`` reads it, in the order given.

    Read once per process, and reused by later processes while ``_site_signature`` is unchanged
    (``package-versions.layouts.json`` in ``cache_root()``, one entry per ``sys.path`` layout; none with the
    cache ``off``): ``importlib.metadata`` finds and parses a METADATA file a name, ~0.0005 CPU-s each, ~0.01
    CPU-s of every process's first result for the 13 a result records (``robustir.provenance``) and the options
    caches' keys (bench/RESULTS.md section 198), to give the same strings (and a process that finds them all
    stored does not import ``importlib.metadata``)."""
    names = tuple(names)
    with _VERSIONS_LOCK:
        signature, known = _versions_state()
        missing = [n for n in dict.fromkeys(names) if n not in known]
        if missing:
            from importlib import metadata
        for name in missing:
            try:
                known[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                known[name] = None
        if missing:
            _store_versions(signature, known)
        return {n: known[n] for n in names}


@functools.lru_cache(maxsize=1)
def _versions_state() -> tuple[list[Any], dict[str, str | None]]:
    """This process's ``_site_signature`` (taken once) and the versions known under it (those an earlier
    process stored, then those read here)."""
    signature = _site_signature()
    return signature, dict(_stored_versions(signature))


def _versions_file() -> Path | None:
    """Where ``installed_versions`` keeps its reading for later processes (None: the cache is off)."""
    root = cache_root()
    # a new name for the file of several layouts (section 223): code that keeps one layout in
    # ``package-versions.json`` would overwrite the others' entries on each read of another layout
    return None if root is None else root / "package-versions.layouts.json"


def _site_signature() -> list[Any]:
    """Python's version and ``sys.path``'s entries, each with its folder's inode, mtime and ctime (None where it
    cannot be read).

    ``importlib.metadata`` finds a distribution's version in a ``*.dist-info`` (or ``*.egg-info``) folder inside one
    of them; installing, upgrading or removing a distribution adds or removes such a folder there, which moves
    that folder's times, so an unchanged signature means the versions read before are still the installed ones."""
    out: list[Any] = [sys.version]
    for entry in sys.path:
        try:
            st = os.stat(entry or os.getcwd())
        except (OSError, ValueError):
            out.append([entry, None])
            continue
        out.append([entry, st.st_ino, st.st_mtime_ns, st.st_ctime_ns])
    return out


def _stored_versions(signature: list[Any]) -> dict[str, str | None]:
    """The versions (None: not installed) a process stored under the same ``signature``, else none."""
    for entry in _stored_entries():
        if entry["signature"] == signature:
            return entry["versions"]
    return {}


def _stored_entries() -> list[dict[str, Any]]:
    """The file's sound entries (``{"signature", "versions"}``), the most recently stored first.

    The file keeps one entry per ``sys.path`` layout (up to ``_VERSIONS_KEPT``): with one entry, processes of
    two layouts (two checkouts, a script's folder and the ``robustir`` command, a bench and its base tree) each
    found the other's and read every version again, ~8 ms and ``importlib.metadata``'s ~10 ms import
    (bench/RESULTS.md section 223). A file of the earlier shape (one ``signature`` and ``versions``) reads as
    one entry."""
    where = _versions_file()
    if where is None:
        return []
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    entries = data.get("entries", [data])
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("signature"), list)
            and _sound_versions(e.get("versions"))]


def _sound_versions(versions: Any) -> bool:
    """A mapping of distribution name to version string (or None: not installed)."""
    return isinstance(versions, dict) and all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in versions.items())


def _store_versions(signature: list[Any], versions: dict[str, str | None]) -> None:
    """Keep ``versions`` for later processes (written whole and renamed; a cache that cannot be written is
    skipped: the next process reads the versions again)."""
    where = _versions_file()
    if where is None:
        return
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where.parent, prefix=where.name, suffix=".tmp")
        try:
            # this layout's entry first, the other layouts' entries the file holds now after it (a concurrent
            # writer's may be lost: its process's successor then reads its versions again, as before)
            others = [e for e in _stored_entries() if e["signature"] != signature]
            entries = [{"signature": signature, "versions": versions}, *others][:_VERSIONS_KEPT]
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"entries": entries}, f, sort_keys=True)
            os.replace(tmp, where)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as e:
        logger.debug("package versions not stored in %s: %s", where, e)


def cache_key(name: str, resources: Iterable[Path], code: Iterable[Path], extra: str = "",
              resource_digest: Callable[[Path], str] | None = None) -> str:
    """The digest that names ``name``'s compiled file: resources' and code's bytes, Python, extra.

    ``resource_digest``: how a resource file's sha256 (hex) is taken, ``file_digest`` by default (memoised per
    process); a caller may pass one that also keeps it across processes (``robustir.resources.file_sha256``) for
    large files: the key is the same string either way."""
    h = hashlib.sha256()
    for part in (name, extra, sys.version, str(marshal.version)):
        h.update(part.encode("utf-8") + b"\0")
    if resource_digest is None:
        h.update(files_digest([*(("resource", p) for p in resources), *(("code", p) for p in code)]).encode())
    else:
        inner = hashlib.sha256()  # files_digest's layout, the resources' digests taken by resource_digest
        for label, path, digest in [*(("resource", p, resource_digest) for p in resources),
                                    *(("code", p, file_digest) for p in code)]:
            inner.update(f"{label}\0{digest(Path(path))}\0".encode())
        h.update(inner.hexdigest().encode())
    return h.hexdigest()[:24]


def _read(path: Path) -> Any:
    """The cached value, or raise ``ValueError`` when the file is not a sound cache file."""
    blob = path.read_bytes()
    if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 32:
        raise ValueError("not a compiled lexicon")
    digest, payload = blob[len(_MAGIC):len(_MAGIC) + 32], memoryview(blob)[len(_MAGIC) + 32:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("damaged compiled lexicon")
    # the cyclic collector would walk the growing heap again and again while ~10^5-10^6 lists and
    # strings are created (3x the load time, measured); they hold no cycles, so it pauses here
    with paused():
        return marshal.loads(payload)


def _write(path: Path, value: Any) -> None:
    payload = marshal.dumps(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def compiled(name: str, build: Callable[[], T], *, resources: Iterable[Path], code: Iterable[Path],
             extra: str = "", resource_digest: Callable[[Path], str] | None = None) -> T:
    """``build()``, or the value a previous process built for the same inputs (see the module doc).

    ``resources``: the files ``build`` parses; ``code``: the source files whose logic shapes the
    value; ``extra``: anything else it depends on (parameters, library versions); ``resource_digest``: see
    ``cache_key``. The value must be built-in types only (dict, list, tuple, set, str, int, float, bytes, None)."""
    root = cache_root()
    if root is None:
        return build()
    path = root / f"{name}.{cache_key(name, resources, code, extra, resource_digest)}.marshal"
    try:
        value = _read(path)
        logger.debug("compiled lexicon %s loaded from %s", name, path)
        return value
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError) as e:
        logger.info("compiled lexicon %s: %s unusable (%s), rebuilt", name, path, e)
    value = build()
    try:
        _write(path, value)
    except (OSError, ValueError) as e:  # the cache is an optimisation only
        logger.info("compiled lexicon %s not written to %s: %s", name, path, e)
    return value


__all__ = ["CACHE_ENV", "cache_key", "cache_root", "compiled", "file_digest", "files_digest", "installed_versions",
           "package_version"]
