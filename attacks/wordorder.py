"""Word order: a content word moved one place (the order people put search terms in varies).

Penha et al. (ECIR 2022) vary word order among their query variations; a full
shuffle of a question often changes who does what to whom, so the random recipe
swaps a content word with one neighbour, ``rate`` of the content words at most
``max_edits`` times. Chinese and Thai words are segmented first.

Edits are reported per run of word characters (``Edit.position`` indexes
``attacks.tokenize.words``): a swap of two spaced words is two edits.
"""

from __future__ import annotations

import random

from attacks.base import Edit, Perturbation, Perturbed, edit_count
from attacks.lexicon import check_rate
from attacks.segment import word_units


def _rebuild(text: str, language: str, parts: list[str], old: list[list[str]],
             flat_new: list[str], op: str) -> Perturbed:
    edits: list[Edit] = []
    pos = 0
    parts = list(parts)
    for r, segs in enumerate(old):
        new_run = "".join(flat_new[pos:pos + len(segs)])
        pos += len(segs)
        old_run = "".join(segs)
        if new_run != old_run:
            parts[2 * r + 1] = new_run
            edits.append(Edit(r, old_run, new_run, op))
    if not edits:
        return Perturbed(text, (), language, unperturbable=True)
    return Perturbed("".join(parts), tuple(edits), language)


class WordOrder(Perturbation):
    """Swap content words with a neighbour (see the module docstring).

    Args:
        rate: share of the editable (content) words moved; max_edits: at most this many swaps.
    """

    name = "wordorder"

    def __init__(self, rate: float = 0.15, max_edits: int | None = 1) -> None:
        check_rate(rate, max_edits)
        self.rate = float(rate)
        self.max_edits = None if max_edits is None else int(max_edits)

    def _flat(self, text: str, language: str) -> tuple[list[str], list[list[str]], list[str], list[int]]:
        parts, segs = word_units(text, language)
        flat = [w for s in segs for w in s]
        eligible = [i for i, w in enumerate(flat) if self.editable(w, language)]
        return parts, segs, flat, eligible

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        parts, segs, flat, eligible = self._flat(text, language)
        n = edit_count(self.rate, self.max_edits, len(eligible)) if len(flat) > 1 else 0
        if n == 0:
            return Perturbed(text, (), language, unperturbable=True)
        new = list(flat)
        for i in rng.sample(eligible, n):
            js = [j for j in (i - 1, i + 1) if 0 <= j < len(new) and new[j] != new[i]]
            if js:
                j = js[int(rng.random() * len(js))]
                new[i], new[j] = new[j], new[i]
        return _rebuild(text, language, parts, segs, new, "wordorder")

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """Every single swap of a content word with a neighbour."""
        parts, segs, flat, eligible = self._flat(text, language)
        out: dict[str, Perturbed] = {}
        for i in eligible:
            for j in (i - 1, i + 1):
                if 0 <= j < len(flat) and flat[j] != flat[i]:
                    new = list(flat)
                    new[i], new[j] = new[j], new[i]
                    p = _rebuild(text, language, parts, segs, new, "wordorder")
                    if p.edits:
                        out.setdefault(p.text, p)
        return list(out.values())
