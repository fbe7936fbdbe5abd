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

from attacks.base import AttackError, WordEditPerturbation

MODES = ("traditional", "simplified", "fullwidth")


def fullwidth(word: str) -> str:
    """ASCII letters and digits of ``word`` as full-width forms; everything else kept."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in word)


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
        if self.mode == "fullwidth":
            return fullwidth(word)
        from attacks.cjk import to_simplified, to_traditional  # noqa: PLC0415

        return to_traditional(word) if self.mode == "traditional" else to_simplified(word)

    def editable(self, word: str, language: str) -> bool:
        return self.convert(word) != word and super().editable(word, language)

    def perturb(self, text: str, rng: random.Random, language: str = "en"):  # noqa: ANN201
        f = self.word_filter  # the budget counts the words that change form
        self.word_filter = lambda w, lang: self.convert(w) != w and (f is None or f(w, lang))
        try:
            return super().perturb(text, rng, language)
        finally:
            self.word_filter = f

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        c = self.convert(word)
        return (c, self.mode) if c != word else None

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        c = self.convert(word)
        return [(c, self.mode)] if c != word else []
