"""Words of queries in languages without a tagger here: segmenters for scripts written
without spaces (jieba for Chinese, pythainlp's ``newmm`` for Thai, whose dictionary ships
in the wheel), the Unicode-aware regex of ``attacks.tokenize`` for the others.

No part of speech is known; numbers are locked. Senses are chosen later in context.
"""

from __future__ import annotations

import functools
import logging
import re

from ..analysis.tokens import Analysis, Word, build
from ..base import MissingResource
from ..tokenize import _WORD

logger = logging.getLogger(__name__)
_HAS_WORDCHAR = re.compile(r"\w", re.UNICODE)
_AR_WORD = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670]+")


@functools.lru_cache(maxsize=1)
def _jieba():
    try:
        import jieba
    except ImportError as e:
        raise MissingResource("Chinese word segmentation needs jieba: `pip install jieba==0.42.1`") from e
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=1)
def _thai():
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError as e:
        raise MissingResource("Thai word segmentation needs pythainlp: `pip install pythainlp`") from e
    return word_tokenize


def _segments(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text``."""
    if language == "zh":
        return [(s, e) for _, s, e in _jieba().tokenize(text) if _HAS_WORDCHAR.search(text[s:e])]
    if language == "th":
        out, pos = [], 0
        for piece in _thai()(text, engine="newmm", keep_whitespace=True):
            start = pos
            pos += len(piece)
            if _HAS_WORDCHAR.search(piece):
                # pythainlp may glue a trailing space or punctuation: trim to word characters
                m = re.search(r"[\w\u0e00-\u0e7f]+(?:.*[\w\u0e00-\u0e7f])?", piece)
                if m:
                    out.append((start + m.start(), start + m.end()))
        return out
    if language == "vi":
        return _vietnamese(text)
    if language == "ar":  # vowel marks (يُعزى, tanween: عموماً) belong to their word
        return [(m.start(), m.end()) for m in _AR_WORD.finditer(text)]
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


@functools.lru_cache(maxsize=1)
def _pyvi():
    try:
        from pyvi import ViTokenizer
    except ImportError as e:
        raise MissingResource("Vietnamese word segmentation needs pyvi: `pip install pyvi==0.1.1`") from e
    return ViTokenizer


def _vietnamese(text: str) -> list[tuple[int, int]]:
    """Vietnamese words (pyvi): written with a space between syllables, a word is one or more
    syllables ("lãnh đạo" leader); switching one syllable of it ("đạo" -> "moral") breaks it."""
    out, pos = [], 0
    for tok in _pyvi().tokenize(text).split(" "):
        sylls = [x for x in tok.split("_") if x]
        start = end = None
        for syl in sylls:
            i = text.find(syl, pos)
            if i < 0:
                break
            start = i if start is None else start
            end = pos = i + len(syl)
        if start is not None and end is not None and _HAS_WORDCHAR.search(text[start:end]):
            out.append((start, end))
    return out


# pymorphy3 tags -> Universal POS (content words) or "X" (function words, never switched)
_RU_POS = {"NOUN": "NOUN", "INFN": "VERB", "VERB": "VERB", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ",
           "ADVB": "ADV", "PRTF": "ADJ", "PRTS": "ADJ", "GRND": "VERB"}


@functools.lru_cache(maxsize=1)
def _morph_ru():
    """pymorphy3's Russian analyser, or None when not installed (lemmas then stay empty)."""
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer(lang="ru")


def _russian(word: str) -> tuple[str, str, str]:
    """(UPOS, tag, lemma) of a Russian word (most likely parse), all empty without pymorphy3."""
    m = _morph_ru()
    if m is None:
        return "", "", ""
    p = m.parse(word)[0]
    pos = _RU_POS.get(str(p.tag.POS), "X") if p.tag.POS else ""
    return pos, "plur" if "plur" in p.tag else "", p.normal_form


@functools.lru_cache(maxsize=1)
def _thai_dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _thai_locks(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Why each Thai segment is locked: a segment outside pythainlp's dictionary is a piece of
    a transliterated name (อูเกอโนต์ "Huguenot" -> อู|เก|อโนต์), so it and the segments glued to
    it are locked ("entity"); two glued dictionary words that form a dictionary word
    together (ไอ + น้ำ = ไอน้ำ "steam") are a compound ("mwe")."""
    words = _thai_dictionary()
    pieces = [text[s:e] for s, e in spans]
    locks = [""] * len(spans)
    glued = [i + 1 < len(spans) and spans[i][1] == spans[i + 1][0] for i in range(len(spans))]
    for i, w in enumerate(pieces):
        if w not in words:
            locks[i] = "entity"
            # spread through the glued short pieces of the same name (อู|เก, จอห์น|สัน)
            j = i - 1
            while j >= 0 and glued[j] and len(pieces[j]) <= 5 and not locks[j]:
                locks[j] = "entity"
                j -= 1
            j = i + 1
            while j < len(spans) and glued[j - 1] and len(pieces[j]) <= 5 and not locks[j]:
                locks[j] = "entity"
                j += 1
        elif len(w) <= 2:
            locks[i] = "mwe"  # one syllable (ไอ vapour/cough, ซี): too ambiguous alone
    for i in range(len(spans) - 1):
        if glued[i] and pieces[i] + pieces[i + 1] in words:
            locks[i] = locks[i] or "mwe"
            locks[i + 1] = locks[i + 1] or "mwe"
    return locks


def analyse_plain(text: str, language: str) -> Analysis:
    """The analysis of a query in a language without a tagger here (Russian: pymorphy3
    lemmas and parts of speech, so inflected words find their dictionary entry)."""
    words = []
    spans = _segments(text, language)
    thai = _thai_locks(text, spans) if language == "th" else [""] * len(spans)
    for (s, e), lock in zip(spans, thai, strict=False):
        w = text[s:e]
        locked = "number" if any(c.isdigit() for c in w) else lock
        if language == "ru" and not locked:
            pos, tag, lemma = _russian(w)
            words.append(Word(w, s, e, pos=pos, tag=tag, lemma=lemma, locked=locked))
        else:
            words.append(Word(w, s, e, locked=locked))
    return build(text, language, words)
