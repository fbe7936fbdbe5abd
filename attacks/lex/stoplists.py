"""Stopword lists for the word-level attacks: NLTK, the stop-words package, stopwords-iso."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..base import MissingResource
from ..lex.nltkdata import nltk_search_path
from ..lex.text import _ISO_STOPWORD_ALIASES, _STOPWORDS, NLTK_STOPWORD_FILES, iso_code

# ---------------------------------------------------------------- stopwords
# One NLTK stopword reader for the attacks (``load_stopwords``); where NLTK has no list,
# ``Protected`` (constraints) may use stopwords-iso and the word-level attacks use the
# ``stop-words`` package. Not one package for both, measured: stopwords-iso lists many
# content words as stopwords (ru: дом "house", машина "car", большой "big"; it: anno, città;
# pt: ano, coisa; 37-102 OMW nouns per language among es/fr/it/pt that stop-words lacks),
# which would stop code-switching and synonym swaps of common nouns; stop-words has no th,
# eu, gl, hr, lt or sl list, which the constraints need (th is an XQuAD-R language).


class NoStopwordList(MissingResource):
    """The stopword source has no list for the language (the source itself is installed)."""


def nltk_stopwords_dir(nltk_data: Path | None) -> Path:
    """The ``corpora/stopwords`` folder under ``nltk_data`` (or on NLTK's search path)."""
    if nltk_data is not None:
        roots = [Path(nltk_data), Path(nltk_data) / "nltk_data"]
    else:
        roots = nltk_search_path()
    for root in roots:
        for cand in (root / "corpora" / "stopwords", root / "stopwords"):
            if (cand / "english").is_file():
                return cand
    where = str(nltk_data) if nltk_data is not None else "NLTK_DATA / nltk.data.path"
    raise MissingResource(f"NLTK stopwords not found under {where}: run `robustir resources fetch "
                          "nltk-data` (or set NLTK_DATA to a folder holding corpora/stopwords)")


def load_stopwords(language: str, nltk_data: Path | None = None) -> frozenset[str]:
    """NLTK's stopword list for ISO 639-1 ``language``, lower-cased.

    The file is read as NLTK's ``WordListCorpusReader.words`` reads it (UTF-8, one word a line,
    blank lines dropped), without NLTK: importing nltk (which imports scipy.stats and scikit-learn)
    cost ~1.5-3 CPU-s of a typo evaluation's first run, to read a 179-line file
    (tests/test_stopwords_read.py: the same sets as NLTK's reader for every installed list).
    Raises ``NoStopwordList`` when NLTK has no list for the language, ``MissingResource`` when the
    corpus is not installed.
    """
    name = NLTK_STOPWORD_FILES.get(language)
    if name is None:
        raise NoStopwordList(f"NLTK has no stopword list for language {language!r}; set "
                             "missing_stopwords = \"iso\" or \"warn\", or stopwords = false, in [constraints]")
    root = nltk_stopwords_dir(nltk_data)
    if not (root / name).is_file():
        raise NoStopwordList(f"the installed NLTK stopwords ({root}) have no list for {language!r}; set "
                             "missing_stopwords = \"iso\" or \"warn\", or stopwords = false, in [constraints]")
    text = (root / name).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


def load_iso_stopwords(language: str) -> frozenset[str]:
    """The stopwords-iso list (package ``stopwordsiso``, MIT) for ISO 639-1 ``language``.

    Used only where NLTK has no list (``missing_stopwords = "iso"``): stopwords-iso covers
    th, hi, vi and the other XQuAD-R languages, but its lists are much longer than NLTK's
    (English: 1,298 words against 179), hence not the default. Raises
    ``MissingResource`` without the package, ``NoStopwordList`` when it has no list."""
    try:
        import stopwordsiso
    except ImportError as e:
        raise MissingResource("missing_stopwords = \"iso\" needs the stopwordsiso package: "
                              "`pip install stopwordsiso`") from e
    code = _ISO_STOPWORD_ALIASES.get(language, language)
    if not stopwordsiso.has_lang(code):
        raise NoStopwordList(f"neither NLTK nor stopwords-iso has a stopword list for {language!r}; "
                             "set missing_stopwords = \"warn\" or stopwords = false in [constraints]")
    return frozenset(w.lower() for w in stopwordsiso.stopwords(code))


def stopwords(language: str, resource_paths: Mapping[str, Path] | None = None) -> frozenset[str]:
    """Lower-cased stopwords of ``language`` for the word-level attacks: NLTK's list
    (``load_stopwords``), else the ``stop-words`` package's list (33 languages), else an
    empty set (callers then rely on the lexicon: function words rarely have WordNet entries).
    English must come from NLTK: ``MissingResource`` otherwise."""
    lang = iso_code(language)
    nltk_data = resource_paths.get("nltk-data") if resource_paths else None
    key = (str(nltk_data), lang)
    cached = _STOPWORDS.get(key)
    if cached is not None:
        return cached
    try:
        words = load_stopwords(lang, Path(nltk_data) if nltk_data else None)
    except MissingResource:
        if lang == "en":
            raise
        words = frozenset()
        try:
            from stop_words import LANGUAGE_MAPPING, get_stop_words

            if lang in LANGUAGE_MAPPING or lang == "no":
                words = frozenset(w.lower() for w in get_stop_words("nb" if lang == "no" else lang))
        except ImportError:  # optional: `pip install stop-words`
            pass
    _STOPWORDS[key] = words
    return words


