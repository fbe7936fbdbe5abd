"""The shared per-word option memo and sampling of the memoised word-level attacks."""

from __future__ import annotations

import random
from typing import Any

from ..base import Edit, Perturbed, edit_count
from ..lex.text import iso_code, match_case, split_words
from ..tokenize import replace_words, words

#: how ``sample_options`` picks the words to edit: ``uniform`` (every eligible word alike) or
#: ``confident-first`` (the ``preferred`` words first, the rest only when too few: see ``sample_options``)
DRAWS = ("uniform", "confident-first")


def sample_options(opts: tuple, eligible: tuple[int, ...], rng: random.Random, rate: float,
                   max_edits: int | None, preferred: frozenset[int] | None = None) -> list[tuple[int, Any]]:
    """The seeded draw of the memoised word-level attacks (synonym, codeswitch): ``edit_count(rate,
    max_edits, ...)`` of the ``eligible`` word indices (in word order), each with one of its options
    in ``opts`` (drawn when it has several), as ``(index, option)``; empty when none is to be edited.
    One draw for all of them, so the same seed spends the stream the same way in each.

    ``preferred`` (the ``confident-first`` draw): the budget is drawn from the eligible words in
    ``preferred`` first and from the others only when those are too few, so the same number of words
    is edited and a query is perturbable exactly when it was (written here: no library draws a seeded
    sample in tiers). None, or every eligible word preferred, is the uniform draw, stream for stream."""
    k = edit_count(rate, max_edits, len(eligible))
    if k == 0:
        return []
    if preferred is None or k >= len(eligible):
        chosen = sorted(rng.sample(eligible, k)) if k < len(eligible) else eligible
    else:
        sure = tuple(i for i in eligible if i in preferred)
        if k < len(sure):
            chosen = sorted(rng.sample(sure, k))
        elif k == len(sure):
            chosen = list(sure)
        else:
            rest = tuple(i for i in eligible if i not in preferred)
            chosen = sorted(sure + tuple(rng.sample(rest, k - len(sure))))
    out = []
    for i in chosen:
        op = opts[i]
        out.append((i, op[0] if len(op) == 1 else op[rng.randrange(len(op))]))
    return out


class MemoisedWordEdits:
    """Word-level perturbations built on per-word options: the shared analysis and sampling.

    A subclass keeps ``_memo`` (language -> word -> options tuple, empty = not eligible) and
    ``_texts`` (language -> text -> analysis) dicts, computes a word's options in
    ``_compute_options(word, language)`` and turns one option into ``(replacement,
    edit operation)`` in ``_edit(option)``. A random recipe perturbs each query K times, so
    the analysis of a text is memoised and a warm call is a dict lookup and a seeded sample.
    """

    _TEXT_CACHE = 200_000  # analysed texts kept (a random recipe perturbs each query K times)
    _memo: dict[str, dict[str, tuple]]
    _texts: dict[str, dict[str, tuple]]

    def _compute_options(self, word: str, language: str) -> tuple:  # pragma: no cover
        raise NotImplementedError

    def _edit(self, option) -> tuple[str, str]:  # pragma: no cover
        raise NotImplementedError

    def _language(self, language: str) -> str:
        """The ISO 639-1 code a query language is handled as (English when unset)."""
        return iso_code(language) or "en"

    def _word_options(self, word: str, lang: str) -> tuple:
        """The options of one word in language ``lang`` (an ISO code), memoised."""
        memo = self._memo.get(lang)
        if memo is None:
            memo = self._memo[lang] = {}
        hit = memo.get(word)
        if hit is None:
            hit = memo[word] = self._compute_options(word, lang)
        return hit

    def _analyse(self, text: str, lang: str) -> tuple[tuple[str, ...], tuple, tuple[int, ...]]:
        """(split parts, options per word, eligible word indices) of a text, memoised."""
        cache = self._texts.get(lang)
        if cache is None:
            cache = self._texts[lang] = {}
        hit = cache.get(text)
        if hit is None:
            parts = split_words(text)
            memo = self._memo.get(lang)
            if memo is None:
                memo = self._memo[lang] = {}
            opts = []
            for w in parts[1::2]:
                op = memo.get(w)
                if op is None:
                    op = memo[w] = self._compute_options(w, lang)
                opts.append(op)
            hit = (tuple(parts), tuple(opts), tuple(i for i, op in enumerate(opts) if op))
            if len(cache) >= self._TEXT_CACHE:
                cache.clear()
            cache[text] = hit
        return hit

    def _sample_edits(self, text: str, parts_t: tuple[str, ...], opts: tuple,
                      eligible: tuple[int, ...], rng: random.Random, lang: str, language: str,
                      rate: float, max_edits: int | None) -> Perturbed:
        """Edit ``edit_count(rate, max_edits, ...)`` of the ``eligible`` words, drawn with ``rng``, each with
        one of its options (drawn when it has several), case matched to the original word."""
        picked = sample_options(opts, eligible, rng, rate, max_edits)
        if not picked:
            return Perturbed(text, (), language)
        parts = list(parts_t)
        edits = []
        for i, option in picked:
            rep, operation = self._edit(option)
            orig = parts_t[2 * i + 1]
            rep = match_case(orig, rep, lang, i == 0)
            parts[2 * i + 1] = rep
            edits.append(Edit(i, orig, rep, operation))
        return Perturbed("".join(parts), tuple(edits), language)

    def eligible_count(self, text: str, language: str = "en") -> int:
        """Words with at least one option (the ``eligible`` of ``_sample_edits``): the edit budget's
        base for random and greedy search alike (``Perturbation.edit_budget``)."""
        return len(self._analyse(text, self._language(language))[2])

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """Every (word, option) substitution, in word order then option order."""
        lang = self._language(language)
        out = []
        for i, t in enumerate(words(text)):
            for option in self._word_options(t.text, lang):
                rep, operation = self._edit(option)
                rep = match_case(t.text, rep, lang, i == 0)
                out.append(Perturbed(replace_words(text, {i: rep}),
                                     (Edit(i, t.text, rep, operation),), language))
        return out


