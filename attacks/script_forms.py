"""Script forms: the same characters in another standard form.

* ``traditional`` / ``simplified``: Chinese converted with OpenCC (phrase-aware:
  发 -> 發 or 髮 by context), the form a searcher used to the other writing system,
  or a copy from a Taiwan/Hong Kong page, gives;
* ``fullwidth``: ASCII letters and digits as their full-width forms (Ａ U+FF21...),
  what an East Asian input method left in full-width mode types.

Every mode keeps the text readable as the same words; tokenisers see different code
points.
"""

from __future__ import annotations

import random

from .base import AttackError, WordEditPerturbation

MODES = ("traditional", "simplified", "fullwidth")


# ASCII letters and digits -> their full-width forms (U+FF10..., U+FF21..., U+FF41...), one
# C-level str.translate per word instead of a Python loop over its characters
_FULLWIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in map(chr, range(128)) if c.isalnum()})


def fullwidth(word: str) -> str:
    """ASCII letters and digits of ``word`` as full-width forms; everything else kept."""
    return word.translate(_FULLWIDTH)


class ScriptForm(WordEditPerturbation):
    """Convert ``rate`` of the editable words to another form (``mode``).

    Args:
        mode: traditional | simplified | fullwidth.
        rate: share of convertible editable words (1.0: the whole query); max_edits: cap.
    """

    name = "script"
    segment_words = False  # OpenCC converts a whole run (its phrase table needs the context)

    def __init__(self, mode: str = "traditional", rate: float = 1.0, max_edits: int | None = None,
                 candidates_per_word: int | None = 16) -> None:
        if mode not in MODES:
            raise AttackError(f"script: unknown mode {mode!r}; choose from {', '.join(MODES)}")
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)
        self.mode = mode

    def convert(self, word: str) -> str:
        """``word`` in this perturbation's form."""
        cached = self.__dict__.get("_convert")
        if cached is None or cached[0] != self.mode:  # resolved once per mode: the random path
            if self.mode == "fullwidth":              # converts every word of every query
                conv = fullwidth
            else:
                from .cjk import to_simplified, to_traditional  # noqa: PLC0415

                conv = to_traditional if self.mode == "traditional" else to_simplified
            cached = self.__dict__["_convert"] = (self.mode, conv)
        return cached[1](word)

    def editable(self, word: str, language: str) -> bool:
        return self.convert(word) != word and super().editable(word, language)

    def counts(self, word: str, language: str) -> bool:
        # the budget counts the words that change form
        return self.convert(word) != word

    @property
    def uses_rng(self) -> bool:
        # every counted word has a rewrite: at rate 1.0 without a cap all of them are edited
        return not (self.rate >= 1.0 and self.max_edits is None)

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        c = self.convert(word)
        return (c, self.mode) if c != word else None

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        c = self.convert(word)
        return [(c, self.mode)] if c != word else []
