"""Diacritics removal: queries typed without accents, tone marks or harakat.

Searchers often type without diacritics (no dead keys, a phone keyboard, habit):
Spanish "que pais" for "qué país", Vietnamese without tone marks, Arabic
without harakat and with a bare alef for the hamza seats, Greek without tonos,
Russian е for ё, Turkish/Polish letters for their base letter (ş -> s, ł -> l),
Hindi without nukta and with anusvara for chandrabindu. Letters that are letters
of their own (Russian й, Thai tone marks, Devanagari vowel signs) are kept.

Decomposition is Unicode's (NFD, then the marks dropped); the few letters Unicode
does not decompose (đ ı ł ø) are mapped by hand.
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

from .base import WordEditPerturbation

#: letters that do not decompose in NFD but are "a base letter with a mark" for a typist
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ħ": "h"})
_ARABIC_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])
_ARABIC_HAMZA_SEATS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
# combining marks that are part of a letter in these scripts, never dropped
_KEEP_MARK_RANGES = ((0x0E00, 0x0E7F), (0x0900, 0x097F))


def _keep_mark(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _KEEP_MARK_RANGES)


@lru_cache(maxsize=65536)
def strip_diacritics(word: str, language: str = "") -> str:
    """``word`` without its diacritics, per script (see the module docstring)."""
    if any("\u0600" <= c <= "\u06ff" for c in word):  # Arabic: harakat, tatweel, hamza seats
        return "".join(c for c in word if c not in _ARABIC_MARKS).translate(_ARABIC_HAMZA_SEATS)
    if any("\u0900" <= c <= "\u097f" for c in word):  # Devanagari: nukta, chandrabindu
        d = unicodedata.normalize("NFD", word).replace("\u093c", "").replace("\u0901", "\u0902")
        return unicodedata.normalize("NFC", d)
    if any("\u0400" <= c <= "\u04ff" for c in word):  # Cyrillic: only ё/Ё (й, ї are letters)
        return word.replace("ё", "е").replace("Ё", "Е")
    out = []
    for c in unicodedata.normalize("NFD", word.translate(_SPECIAL)):
        if unicodedata.category(c) == "Mn" and not _keep_mark(c):
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


class Diacritics(WordEditPerturbation):
    """Strip the diacritics of ``rate`` of the editable words (1.0: the whole query, as a
    user without accents on the keyboard types it).

    Args:
        rate: share of editable words (with diacritics) to strip; max_edits: cap per query.
    """

    name = "diacritics"
    segment_words = False  # no diacritics in Chinese; Thai marks are kept

    def __init__(self, rate: float = 1.0, max_edits: int | None = None,
                 candidates_per_word: int | None = 16) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)

    def editable(self, word: str, language: str) -> bool:
        return strip_diacritics(word, language) != word and super().editable(word, language)

    def counts(self, word: str, language: str) -> bool:
        # only words that have diacritics count for the budget (rate 0.5 = half of those)
        return strip_diacritics(word, language) != word

    @property
    def uses_rng(self) -> bool:
        # every counted word has a rewrite: at rate 1.0 without a cap all of them are edited
        return not (self.rate >= 1.0 and self.max_edits is None)

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        s = strip_diacritics(word, language)
        return (s, "diacritics") if s != word else None

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        s = strip_diacritics(word, language)
        return [(s, "diacritics")] if s != word else []
