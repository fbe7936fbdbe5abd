"""Script helpers: does a word use its language's script, and the clean-up of Arabic
vowel marks (MUSE and FreeDict write some Arabic entries with harakat; queries rarely
carry them, so an edit with them is stray noise)."""

from __future__ import annotations

import functools
import logging
import re

logger = logging.getLogger(__name__)

# Character classes of wide Unicode ranges cost ~0.2-0.3 ms each to compile (re builds a bitmap per range): the
# nine here were ~2.4 ms of every process that imports the code-switching or synonym recipes, which match one or
# two of them (bench/RESULTS.md section 223). They are compiled on first use, once per process (``_pattern``).
_ARABIC_MARKS = "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"

# letters of the scripts of the XQuAD-R languages (Latin-script languages accept any letter)
SCRIPT_CLASSES = {
    "ar": "[\u0600-\u06ff]", "el": "[\u0370-\u03ff\u1f00-\u1fff]",
    "hi": "[\u0900-\u097f]", "ru": "[\u0400-\u04ff]",
    "th": "[\u0e00-\u0e7f]", "zh": "[\u4e00-\u9fff]",
    "ja": "[\u3040-\u30ff\u4e00-\u9fff]", "en": "[a-zA-Z]",
}


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    """``re.compile(source)``, once per process (``re``'s own cache holds 512 patterns and may drop these)."""
    return re.compile(source)


def strip_marks(word: str, language: str) -> str:
    """``word`` without Arabic vowel marks and tatweel (other languages unchanged)."""
    return _pattern(_ARABIC_MARKS).sub("", word) if language == "ar" else word


def lower(word: str, language: str) -> str:
    """``word`` in lower case by ``language``'s rules: Turkish and Azerbaijani write the
    capital of i as İ and the capital of ı as I (str.lower() makes "İlk" the three-letter
    "i" + combining dot + "lk", found in no dictionary, and "Işık" "işık")."""
    if language in ("tr", "az"):
        word = word.replace("\u0130", "i").replace("I", "\u0131")
    return word.lower()


def in_script(word: str, language: str) -> bool:
    """True when ``word`` is written in ``language``'s script (whole word for non-Latin
    scripts; any letter for Latin-script languages)."""
    source = SCRIPT_CLASSES.get(language)
    if source is None:
        return any(c.isalpha() for c in word)
    rx = _pattern(source)
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(rx.match(c) for c in letters)


def nfc_map(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` in NFC, cluster by cluster (a character and the combining marks after it), with the offset in ``text``
    where each NFC character's cluster starts and ends: a word found in the NFC form maps back to the same word of
    ``text``, marks included. Vietnamese written with combining accents (MLQA-R: "cụ" as u + U+0323) is read by
    pyvi and looked up in MUSE only in NFC (bench/RESULTS.md sections 285 and 286)."""
    import unicodedata

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]):
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends
