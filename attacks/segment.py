"""Word segmentation for scripts written without spaces (Chinese, Japanese, Thai).

Character noise edits *words*; a Chinese or Thai clause is one run of word
characters for ``attacks.tokenize``, so without segmentation a whole clause is
one "word" and the edit budget is meaningless. Libraries do the work: jieba for
Chinese, pythainlp's ``newmm`` for Thai. Japanese has no segmenter installed;
its runs are cut where the character class changes (kanji / hiragana /
katakana), a crude but dependency-free boundary (hand-written for that reason).

This is the character-noise helper; word-level attacks have their own analysis
module (the lead will unify them).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from .errors import MissingResource
from .tokenize import _WORD

logger = logging.getLogger(__name__)

#: languages whose words are not separated by spaces
SEGMENTED = frozenset({"zh", "ja", "th"})


def needs_segmentation(run: str) -> bool:
    """True when ``run`` contains a character of a script written without spaces."""
    return any(0x0E00 <= ord(c) <= 0x0E7F or 0x2E80 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF
               or 0x20000 <= ord(c) <= 0x3FFFF for c in run)


@lru_cache(maxsize=1)
def _jieba():  # noqa: ANN202 - the jieba module
    try:
        import jieba  # noqa: PLC0415 - 1 s to load its dictionary: only when Chinese is segmented
    except ModuleNotFoundError as e:
        raise MissingResource("jieba is not installed: `pip install jieba` (Chinese segmentation)") from e
    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _thai():  # noqa: ANN202 - pythainlp's word_tokenize
    try:
        from pythainlp.tokenize import word_tokenize  # noqa: PLC0415
    except ModuleNotFoundError as e:
        raise MissingResource("pythainlp is not installed: `pip install pythainlp` (Thai segmentation)") from e
    return word_tokenize


def _ja_class(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for cls in ("CJK", "HIRAGANA", "KATAKANA"):
        if name.startswith(cls):
            return cls
    return "OTHER"


@lru_cache(maxsize=65536)
def segment(run: str, language: str) -> tuple[str, ...]:
    """``run`` (one run of word characters) cut into words; their concatenation is ``run``.

    Chinese (and any Han run in another language): jieba's accurate mode; Thai: pythainlp
    newmm; Japanese: character-class boundaries. Runs in spaced scripts are returned whole."""
    if not needs_segmentation(run):
        return (run,)
    if any(0x0E00 <= ord(c) <= 0x0E7F for c in run):
        parts = [p for p in _thai()(run, engine="newmm", keep_whitespace=True) if p]
    elif language == "ja":
        parts, start = [], 0
        for i in range(1, len(run) + 1):
            if i == len(run) or _ja_class(run[i]) != _ja_class(run[i - 1]):
                parts.append(run[start:i])
                start = i
    else:
        parts = [p for p in _jieba().lcut(run, HMM=True) if p]
    if "".join(parts) != run:  # a segmenter must never lose characters; keep the run whole if one did
        logger.warning("segmenter changed the text of %r; left unsegmented", run)
        return (run,)
    return tuple(parts)


# text = a head without word characters, words separated by single spaces, a tail without word
# characters ("is the eiffel tower in paris", "¿dónde está Lima?"): 96% of BoolQ questions, 70-90%
# of XQuAD-R ones. A linear pattern (the word class and the space never overlap).
_NON_WORD = "[^" + _WORD.pattern[1:-2] + "]*"
_SIMPLE = re.compile(f"({_NON_WORD})({_WORD.pattern}(?: {_WORD.pattern})*)({_NON_WORD})").fullmatch


def spaced_words(text: str) -> tuple[str, list[str], str] | None:
    """``(head, words, tail)`` when ``text`` is ``head + " ".join(words) + tail`` with ``words``
    exactly the runs of ``attacks.tokenize.words`` and only single spaces between them, else None.

    The hot paths of the random word-order and segmentation recipes: ``str.split`` gives the
    words at half the cost of the tokenizer's regex split, and the separators need no check."""
    if text.replace(" ", "").isalnum():
        # every other character is a letter or a number: exactly the \w characters of the word
        # pattern but "_" (re's Unicode \w is str.isalnum() or "_"), so the words are the runs
        # between the spaces when no two spaces meet (a quarter of the cost of the pattern)
        words = text.split(" ")
        if "" not in words:
            return "", words, ""
    m = _SIMPLE(text)
    if m is None:
        return None
    head, body, tail = m.groups()
    return head, body.split(" "), tail


def word_units(text: str, language: str, segmented: bool = True) -> tuple[list[str], list[list[str]]]:
    """``text`` as ``(parts, words)``: ``parts`` alternates non-word and word runs
    (``parts[1::2]`` are the runs of ``attacks.tokenize.words``), ``words[r]`` is run ``r``
    cut into words (segmented for zh/ja/th when ``segmented``, else the run itself)."""
    from .tokenize import SPLIT as _SPLIT_RE

    parts = _SPLIT_RE.split(text)
    runs = parts[1::2]
    if segmented and language in SEGMENTED:
        return parts, [list(segment(r, language)) for r in runs]
    return parts, [[r] for r in runs]
