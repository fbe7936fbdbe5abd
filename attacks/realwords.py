"""Is a string a word of a language? Used to reject typos that spell another real word.

A typo that happens to spell another word (Russian триаду -> тираду "tirade",
Chinese 热潮 -> 潮热 "hot flushes") changes the query's meaning instead of
adding noise; a reader cannot recover the intended word. Vocabularies come from
wordfreq (``get_frequency_dict``: 40+ languages, Chinese tokenised by jieba) and,
for Thai, which wordfreq lacks, pythainlp's word list. A string counts as a word
when its frequency is at least ``MIN_ZIPF`` on the Zipf scale (once per 10^9
words at 0; 1.5 also catches rarer real words such as тираду "tirade" or Arabic فلترات "filters").
The filtered wordfreq list is kept in the compiled lexicon cache (``attacks.lex.compiled``, keyed
by the data files' sha256, this module's source and wordfreq's version): a fresh process loads it
in ~0.03 CPU-s instead of importing wordfreq and decoding its list (~0.2).
Arabic words carry clitics (و ف ب ل ك and the article): a candidate is also a word when it
is one after the clitics are taken off (بالساكن = ب + ال + ساكن "the inhabitant").
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Container
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

MIN_ZIPF = 1.5


@cache
def vocabulary(language: str) -> frozenset[str] | dict[str, float] | None:
    """The lower-cased words of ``language`` (a dict word -> frequency, or a set); None
    when no vocabulary is installed for it (then no typo is rejected as a real word)."""
    if language == "th":
        try:
            from pythainlp.corpus import thai_words  # noqa: PLC0415
        except ModuleNotFoundError:
            return None
        return frozenset(thai_words())
    files = _wordfreq_files(language)
    if files:  # the filtered list from the compiled cache: no wordfreq import, no cBpack decoding
        from .lex.compiled import compiled, package_version  # noqa: PLC0415

        return compiled(f"wordfreq-{language}", lambda: _wordfreq_vocabulary(language), resources=files,
                        code=[Path(__file__)], extra=f"wordfreq {package_version('wordfreq')} zipf>={MIN_ZIPF}")
    return _wordfreq_vocabulary(language)


@cache
def words(language: str) -> frozenset[str] | None:
    """The words of ``vocabulary(language)`` without their frequencies, for membership tests (typo's check).

    Why a set of its own: a fresh process unmarshals the 174k-entry English dict with its float values in ~0.1
    CPU-s; the words alone, kept as a sorted list in the compiled lexicon cache (``wordfreq-words-xx``, keyed
    like the vocabulary's), load into a set in about half that (bench/RESULTS.md section 91). None when
    ``vocabulary`` is None."""
    files = _wordfreq_files(language)
    if files and language != "th":
        from .lex.compiled import compiled, package_version  # noqa: PLC0415

        listed = compiled(f"wordfreq-words-{language}", lambda: _sorted_words(language), resources=files,
                          code=[Path(__file__)], extra=f"wordfreq {package_version('wordfreq')} zipf>={MIN_ZIPF}")
        return None if listed is None else frozenset(listed)
    vocab = vocabulary(language)
    return None if vocab is None else frozenset(vocab)


def _sorted_words(language: str) -> list[str] | None:
    """``vocabulary(language)``'s words in sorted order (a stable list for the compiled cache), or None."""
    vocab = vocabulary(language)
    return None if vocab is None else sorted(vocab)


def _wordfreq_files(language: str) -> list[Path]:
    """wordfreq's data files for exactly ``language`` (``small_xx``, ``large_xx``), found without importing
    wordfreq (0.1 CPU-s with langcodes and ftfy); [] when it is not installed or has no file of that name."""
    if not language.replace("-", "").isalnum():
        return []
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return []
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    return [f for f in (data / f"small_{language}.msgpack.gz", data / f"large_{language}.msgpack.gz") if f.is_file()]


def _wordfreq_vocabulary(language: str) -> dict[str, float] | None:
    """wordfreq's ``best`` list of ``language`` from ``MIN_ZIPF`` up (~0.2 CPU-s for English with the import)."""
    try:
        import wordfreq  # noqa: PLC0415
    except ModuleNotFoundError:
        logger.warning("wordfreq is not installed: typos that spell real words are not filtered")
        return None
    if language not in wordfreq.available_languages():
        return None
    floor = 10 ** (MIN_ZIPF - 9)
    return {w: f for w, f in wordfreq.get_frequency_dict(language, wordlist="best").items() if f >= floor}


_AR_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def is_word(text: str, language: str) -> bool:
    """True when ``text`` (lower-cased) is a word of ``language``'s vocabulary (Arabic: also
    once its clitics are taken off)."""
    vocab = vocabulary(language)
    return vocab is not None and in_vocabulary(text.lower(), vocab, language)


def in_vocabulary(t: str, vocab: Container[str], language: str) -> bool:
    """``is_word`` of ``t``, already lower-cased, in ``vocab`` (``vocabulary(language)`` or its words alone,
    ``words(language)``, which typo passes): for a caller that tests many strings of one language (typo's
    adversarial candidates, ~60 per word) and looks the vocabulary up once."""
    if t in vocab:
        return True
    if language == "ar":
        for c in _AR_CLITICS:
            if t.startswith(c) and len(t) - len(c) >= 3 and t[len(c):] in vocab:
                return True
    return False
