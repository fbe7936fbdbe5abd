"""OCR errors: the character confusions OCR engines really make.

An audited table (``CONFUSIONS``) replaces nlpaug's ``ocr/en.json``, whose
entries include confusions no engine makes at that rate (r -> k, s -> 8 were a
quarter and a fifth of its edits). Kept are the classes reported for Tesseract
and ABBYY output on printed Latin text: segmentation confusions where two narrow
glyphs merge or one wide glyph splits (rn/m, cl/d, vv/w, li/h, ri/n), the
c/e and l/1/I shape confusions, and O/0, S/5, B/8, Z/2 between letters and digits
(Reynaert 2008, "Non-interactive OCR post-correction for giga-scale digitization
projects"; Kissos & Dershowitz 2016, "OCR error correction using character
correction and feature-based word classification"; the error profiles of the
ICDAR 2017/2019 post-OCR competition data, Chiron et al. 2017, Rigaud et al. 2019).
Digit confusions apply to capitals only (S -> 5, not s -> 8), as the engines'
errors do. Latin script only: other scripts have nothing to rewrite
(the result is ``unperturbable``).
"""

from __future__ import annotations

import random
from functools import cache, lru_cache

from .base import AttackError, WordEditPerturbation

#: (seen, read as): both directions listed where engines make both errors
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("vv", "w"), ("w", "vv"), ("li", "h"), ("h", "li"),
    ("ri", "n"), ("e", "c"), ("c", "e"), ("l", "1"), ("l", "I"), ("I", "l"), ("i", "l"), ("O", "0"),
    ("0", "O"), ("S", "5"), ("B", "8"), ("Z", "2"), ("G", "6"), ("o", "0"), ("u", "ii"), ("n", "ri"),
)


@cache
def ocr_map() -> dict[str, tuple[str, ...]]:
    """seen -> what an engine reads instead (``CONFUSIONS`` as a map)."""
    out: dict[str, list[str]] = {}
    for a, b in CONFUSIONS:
        out.setdefault(a, []).append(b)
    return {k: tuple(v) for k, v in sorted(out.items())}


@lru_cache(maxsize=65536)
def _spots(word: str) -> tuple[tuple[int, str, str], ...]:
    """Every (position, seen, read) where a confusion applies, left to right (memoised: query
    vocabularies repeat)."""
    if not _FIRST.intersection(word):
        return ()
    return tuple((i, a, b) for i in range(len(word)) for a, b in CONFUSIONS if word.startswith(a, i))


_FIRST = frozenset(a[0] for a, _ in CONFUSIONS)


class Ocr(WordEditPerturbation):
    """OCR-style confusions (``CONFUSIONS``), ``chars`` per edited word.

    Args:
        rate: share of editable words to edit (0..1); max_edits: cap per query.
        chars: confusions per edited word (0 = every non-overlapping one).
        word_chars_only: kept for old recipes; every confusion in the table yields word characters.
    """

    name = "ocr"
    operation = "ocr"

    def __init__(self, rate: float = 0.1, max_edits: int | None = None, chars: int = 1,
                 word_chars_only: bool = False, candidates_per_word: int | None = 16) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)
        if int(chars) < 0:
            raise AttackError(f"{self.name}: chars must be >= 0 (0 = every confusable spot), got {chars}")
        self.chars = int(chars)
        self.word_chars_only = bool(word_chars_only)

    @staticmethod
    def _spots(word: str) -> tuple[tuple[int, str, str], ...]:
        return _spots(word)

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        spots = self._spots(word)
        if not spots:
            return None
        if self.chars == 1 or len(spots) == 1:
            chosen = [spots[int(rng.random() * len(spots))]]
        else:
            k = len(spots) if self.chars == 0 else min(self.chars, len(spots))
            chosen = sorted(rng.sample(spots, k))
        out, pos = [], 0
        for i, a, b in chosen:  # non-overlapping, left to right
            if i < pos:
                continue
            out.append(word[pos:i] + b)
            pos = i + len(a)
        out.append(word[pos:])
        return "".join(out), self.operation

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        """One confusion each, in position order."""
        out: dict[str, str] = {}
        for i, a, b in self._spots(word):
            out.setdefault(word[:i] + b + word[i + len(a):], self.operation)
        out.pop(word, None)
        return list(out.items())
