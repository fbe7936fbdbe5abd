"""Finding the nltk data folder and opening WordNet + OMW from it, without downloads."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from ..base import MissingResource
from ..lex.text import _LOCK, _WORDNETS, NLTK_HINT

# ---------------------------------------------------------------- nltk data


def nltk_search_path() -> list[Path]:
    """Where nltk data is looked for when no folder is given: the ``$NLTK_DATA`` entries,
    then nltk's own search path (only read; nothing is downloaded)."""
    roots = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    try:
        import nltk

        roots += [Path(p) for p in nltk.data.path]
    except ImportError:  # pragma: no cover - nltk is a dependency
        pass
    return roots


def find_nltk_data(resource_paths: Mapping[str, Path] | None = None) -> Path:
    """The nltk data folder holding ``corpora/wordnet``: ``resource_paths['nltk-data']``,
    else the first ``$NLTK_DATA`` entry or nltk search path that has it."""
    if resource_paths and resource_paths.get("nltk-data"):
        candidates = [Path(resource_paths["nltk-data"])]
    else:
        candidates = nltk_search_path()
    for c in candidates:
        if (c / "corpora" / "wordnet" / "index.noun").is_file():
            return c
    where = ", ".join(str(c) for c in candidates[:3]) or "no nltk data folder configured"
    raise MissingResource(f"WordNet not found ({where}): {NLTK_HINT}")


@functools.lru_cache(maxsize=8)
def _folder_fingerprint(root: str) -> str:
    """sha256 (16 hex) of every file's relative path, size and mtime under ``root`` (links followed),
    in sorted order; computed once per folder and process (a process opens WordNet once anyway)."""
    h = hashlib.sha256()
    rows = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root)
        for fn in filenames:
            if fn.startswith(".tmp-"):  # a fetch under way
                continue
            try:
                st = os.stat(os.path.join(dirpath, fn))
            except OSError:
                continue
            rows.append(f"{rel}/{fn}\t{st.st_size}\t{st.st_mtime_ns}")
    for row in sorted(rows):
        h.update(row.encode("utf-8", "surrogateescape") + b"\n")
    return h.hexdigest()[:16]


def nltk_fingerprint(resource_paths: Mapping[str, Path] | None = None) -> str:
    """What the nltk data folder ``find_nltk_data`` resolves holds, for a cache key: a digest of its files'
    relative paths, sizes and mtimes ("absent" without WordNet).

    The per-query options cache was keyed by the folder's path only (bench/RESULTS.md section 181.8): a
    WordNet, OMW or stopword list updated in place was served the old choices, and with no ``nltk-data`` in
    ``resource_paths`` the key held "" whatever ``$NLTK_DATA`` pointed at. Sizes and mtimes, not the bytes:
    ~200 stats instead of hashing 230 MB in every process; a re-fetch of the same content only costs one
    cold cache."""
    try:
        root = find_nltk_data(resource_paths)
    except MissingResource:
        return "absent"
    return _folder_fingerprint(os.fspath(root.resolve()))


def open_wordnet(resource_paths: Mapping[str, Path] | None = None):
    """A shared ``WordNetCorpusReader`` over the given nltk data folder, with OMW attached.

    Built directly (not through ``nltk.corpus.wordnet``) so that it reads exactly the
    folder the caller resolved, never triggers a download and needs no global state.
    """
    root = find_nltk_data(resource_paths)
    key = str(root.resolve())
    with _LOCK:
        wn = _WORDNETS.get(key)
        if wn is None:
            import nltk
            from nltk.corpus.reader import CorpusReader, WordNetCorpusReader

            # nltk >= 3.9.2 refuses to read corpora outside nltk.data.path (nltk.pathsec)
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))

            omw_dir = next((root / "corpora" / d for d in ("omw-1.4", "omw-2.0")
                            if (root / "corpora" / d).is_dir()), None)
            omw = (CorpusReader(str(omw_dir), r".*/wn-data-.*\.tab", encoding="utf8")
                   if omw_dir is not None else None)
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wn = _compiled_reader(root / "corpora" / "wordnet", omw_dir, omw)
                if wn is None:
                    wn = WordNetCorpusReader(str(root / "corpora" / "wordnet"), omw)
            _WORDNETS[key] = wn
    return wn


def omw_installed(language: str, resource_paths: Mapping[str, Path] | None = None) -> bool:
    """True when ``WordNetLexicon.omw_code(language)`` would name an OMW language, without opening
    WordNet (nltk's import and the index state: ~1-2 CPU-s of a fresh process that may never look a
    word up): WordNet is found, and the OMW folder ``open_wordnet`` attaches holds the language's
    ``wn-data-CODE.tab`` outside ``cldr``/``wikt`` (nltk gives those files suffixed names)."""
    from ..lex.text import OMW_CODES, iso_code

    code = OMW_CODES.get(iso_code(language))
    if code is None:
        return False
    try:
        root = find_nltk_data(resource_paths)
    except MissingResource:
        return False
    omw_dir = next((root / "corpora" / d for d in ("omw-1.4", "omw-2.0") if (root / "corpora" / d).is_dir()), None)
    if omw_dir is None:
        return False
    return any(f.parent != omw_dir and f.parent.relative_to(omw_dir).as_posix() not in ("cldr", "wikt")
               for f in omw_dir.rglob(f"wn-data-{code}.tab"))


# ---------------------------------------------------------------- compiled WordNet state
#
# nltk's reader re-parses WordNet's index and exception files and builds a WordNet 3.0 -> 3.0 sense
# map from index.sense (twice) in every process: ~6 CPU-s, and ~0.5 s more per OMW language. The
# parsed state is plain dicts, sets and lists, so it is kept in the compiled cache
# (``attacks.lex.compiled``), keyed by the WordNet files, the OMW file and nltk's reader source;
# a subclass of nltk's reader takes it instead of parsing. Anything unexpected: nltk's own reader.


def _mapping_source() -> list[Path]:
    """The files nltk's ``map_wn`` reads besides the loaded WordNet: the ``wordnet`` corpus that
    ``nltk.data`` resolves (its index.sense), as that is where the 3.0 sense keys come from."""
    import nltk

    ptr = nltk.data.find("corpora/wordnet")
    path = Path(getattr(ptr, "path", "") or ptr.zipfile.filename)  # a folder, or a zip
    return [path / "index.sense"] if path.is_dir() else [path]


def _compiled_reader(wn_dir: Path, omw_dir: Path | None, omw):
    """nltk's ``WordNetCorpusReader`` over ``wn_dir`` with its parsed state from the compiled cache
    (built and written on first use), or None when the cache cannot serve (then nltk's own)."""
    try:
        import nltk.corpus.reader.wordnet as nltk_wn

        from .compiled import cache_root, compiled

        if cache_root() is None:
            return None
        resources = sorted(p for p in wn_dir.iterdir() if p.is_file()) + _mapping_source()
        code = [Path(__file__), Path(nltk_wn.__file__)]
        cls = _reader_class()

        def build() -> dict:
            fresh = nltk_wn.WordNetCorpusReader(str(wn_dir), omw)
            return _state(fresh)

        state = compiled("wordnet-state", build, resources=resources, code=code, extra=_STATE_FORMAT)
        reader = cls(str(wn_dir), omw, state)
        reader._compiled_key = (resources, code, omw_dir)
        return reader
    except Exception as e:  # noqa: BLE001 - an optimisation only: nltk's own reader instead
        import logging

        logging.getLogger(__name__).info("compiled WordNet unavailable (%s): nltk parses it", e)
        return None


_STATE_FORMAT = "wordnet-state 1"


def _state(wn) -> dict:
    """The parsed part of a fresh nltk reader, as built-in types."""
    return {"lemmas": dict(wn._lemma_pos_offset_map), "sat": set(wn.satellite_offsets),
            "exc": {p: m for p, m in wn._exception_map.items() if p != "s"},
            "map30": wn.map30, "nomap": dict(wn.nomap), "splits": dict(wn.splits)}


def _lang_state(wn, lang: str) -> list[dict]:
    return [dict(d) for d in wn._lang_data[lang]]


_READER_CLASS: list = []


def _reader_class():
    """A subclass of nltk's reader whose parsing steps take the compiled state (made on first use:
    nltk is imported lazily)."""
    if _READER_CLASS:
        return _READER_CLASS[0]
    from collections import defaultdict

    from nltk.corpus.reader import WordNetCorpusReader

    class CompiledWordNetReader(WordNetCorpusReader):
        """nltk's reader, its index/exception/sense-map parsing replaced by the compiled state."""

        def __init__(self, root: str, omw_reader, state: dict) -> None:
            self._compiled_state = state
            self._compiled_key = None
            super().__init__(root, omw_reader)
            del self._compiled_state

        def _scan_satellites(self) -> None:
            self.satellite_offsets = self._compiled_state["sat"]

        def _load_lemma_pos_offset_map(self) -> None:
            self._lemma_pos_offset_map.update(self._compiled_state["lemmas"])

        def _load_exception_map(self) -> None:
            self._exception_map.update(self._compiled_state["exc"])
            self._exception_map["s"] = self._exception_map["a"]  # nltk's ADJ_SAT shares ADJ's map

        def map_wn(self, version: str = "wordnet"):
            state = getattr(self, "_compiled_state", None)
            if state is None or version != "wordnet":
                return super().map_wn(version)
            self.nomap.update(state["nomap"])
            self.splits.update(state["splits"])
            return state["map30"]

        def _load_lang_data(self, lang: str) -> None:
            if lang in self._lang_data or self._compiled_key is None:
                return super()._load_lang_data(lang)
            from .compiled import compiled

            resources, code, omw_dir = self._compiled_key
            if omw_dir is None:
                return super()._load_lang_data(lang)
            if self._omw_reader and not self.omw_langs:
                self.add_omw()
            prov = self.provenances.get(lang)
            if lang not in self.langs() or prov is None or self._exomw_reader is not None:
                return super()._load_lang_data(lang)
            tab = omw_dir / prov / f"wn-{prov if prov in ('cldr', 'wikt') else 'data'}-{lang.split('_')[0]}.tab"
            if not tab.is_file():
                return super()._load_lang_data(lang)

            def build() -> list[dict]:
                super(CompiledWordNetReader, self)._load_lang_data(lang)
                return _lang_state(self, lang)

            data = compiled(f"omw-{lang}", build, resources=[*resources, tab], code=code, extra=_STATE_FORMAT)
            self._lang_data[lang] = [defaultdict(list, d) for d in data]
            self.disable_custom_lemmas(lang)

    _READER_CLASS.append(CompiledWordNetReader)
    return CompiledWordNetReader


