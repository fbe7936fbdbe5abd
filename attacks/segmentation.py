"""Segmentation errors: spaces inserted inside words or dropped between them.

``split`` puts a space inside a word ("capi tal"; for Chinese and Thai, inside a
segmenter word, a wrong word boundary: 首 都); ``merge`` drops the single space
between two words ("newyork"; Thai phrases too). Chinese has no spaces to drop,
so it only gets splits. A split goes at the middle syllable boundary and keeps at
least two clusters (one for Chinese) on each side; it never separates a vowel
sign or tone mark from its consonant.

Split edits are reported on their run (``Edit.position`` indexes
``attacks.tokenize.words``); a merge spans two runs and is reported with
position -1 and the two words with their space as ``original``.
"""

from __future__ import annotations

import random
from functools import lru_cache
from itertools import compress
from operator import attrgetter, or_

from .base import AttackError, Edit, Perturbed, WordEditPerturbation, edit_count, new_edit, new_perturbed
from .draws import choice_index, shuffled, shuffled_prefix
from .segment import SEGMENTED, spaced_words, word_units
from .tokenize import SPLIT as _SPLIT_RE

OPERATIONS = ("split", "merge")
# the order of a perturbation's edits (merges, position -1, first)
_EDIT_ORDER = attrgetter("position", "original")


def _min_side(word: str) -> int:
    return 1 if any(ord(c) >= 0x2E80 for c in word) else 2


@lru_cache(maxsize=65536)
def _cut(word: str) -> int | None:
    """Where a split goes in ``word``: the middle cluster boundary with at least
    ``_min_side`` clusters on each side, never inside a syllable (a Devanagari akshara, a
    Thai consonant with its marks, a Thai leading vowel and its consonant); None if none.
    Memoised: a pure function of the word, asked for every word of every query."""
    from .scripts import clusters, thai_class  # noqa: PLC0415

    cl = clusters(word)
    m = _min_side(word)
    ok = []
    pos = 0
    for k in range(len(cl) - 1):
        pos += len(cl[k])
        if k + 1 < m or len(cl) - (k + 1) < m:
            continue
        a, b = cl[k][0], cl[k + 1][0]
        if thai_class(a) == "leading" or thai_class(b) in ("following", "above", "below", "tone"):
            continue
        ok.append(pos)
    return ok[len(ok) // 2] if ok else None


class Segmentation(WordEditPerturbation):
    """Wrong word boundaries in ``rate`` of the editable words (at most ``max_edits``).

    Args:
        operations: split and/or merge (drawn uniformly among those that apply).
    """

    name = "segmentation"

    def __init__(self, rate: float = 0.15, max_edits: int | None = 2,
                 operations: list[str] | tuple[str, ...] = OPERATIONS) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=None)
        bad = [o for o in operations if o not in OPERATIONS]
        if bad or not operations:
            raise AttackError(f"segmentation: unknown operation(s) {', '.join(map(repr, bad)) or '(none)'}; "
                              f"choose from {', '.join(OPERATIONS)}")
        self.operations = tuple(dict.fromkeys(operations))

    def _options(self, text: str, language: str) -> tuple[list[str], list[list[str]], list[tuple]]:
        """(parts, words per run, options): ("split", run, word index, cut) or ("merge", run)."""
        if language not in SEGMENTED:
            return self._options_spaced(text, language)
        parts, segs = word_units(text, language)
        ok = self._eligible_fn(language)  # memoised word filter (the hot path asks every word)
        split, merge = "split" in self.operations, "merge" in self.operations
        opts: list[tuple] = []
        for r, words in enumerate(segs):
            if split:
                offset = 0
                for w in words:
                    cut = _cut(w) if ok(w) else None
                    if cut is not None:
                        opts.append(("split", r, offset + cut, w))
                    offset += len(w)
            if merge and r + 1 < len(segs) and parts[2 * r + 2] == " " \
                    and (ok(words[-1]) or ok(segs[r + 1][0])):
                opts.append(("merge", r))
        return parts, segs, opts

    def _options_spaced(self, text: str, language: str) -> tuple[list[str], list[list[str]], list[tuple]]:
        """``_options`` where every run is one word (languages written with spaces): the same
        options in the same order, without the per-segment bookkeeping."""
        parts, opts, _ = self._options_counted(text, language)
        return parts, [[w] for w in parts[1::2]], opts

    def _options_counted(self, text: str, language: str) -> tuple[list[str], list[tuple], int]:
        """(parts, options, eligible words) of ``_options_spaced``."""
        parts = _SPLIT_RE.split(text)
        runs = parts[1::2]
        ok = self._eligible_flags(runs, language)
        split, merge = "split" in self.operations, "merge" in self.operations
        opts: list[tuple] = []
        last = len(runs) - 1
        for r, w in enumerate(runs):
            if split and ok[r]:
                cut = _cut(w)
                if cut is not None:
                    opts.append(("split", r, cut, w))
            if merge and r < last and parts[2 * r + 2] == " " and (ok[r] or ok[r + 1]):
                opts.append(("merge", r))
        return parts, opts, ok.count(True)

    def _apply(self, text: str, language: str, parts: list[str], chosen: list[tuple]) -> Perturbed:
        parts = list(parts)
        edits: list[Edit] = []
        runs = parts[1::2]
        for opt in sorted(chosen, key=lambda o: (o[1], o[0]), reverse=True):  # right to left
            r = opt[1]
            if opt[0] == "split":
                cut = opt[2]
                run = parts[2 * r + 1]
                parts[2 * r + 1] = run[:cut] + " " + run[cut:]
                edits.append(Edit(r, runs[r], parts[2 * r + 1], "split"))
            else:
                if parts[2 * r + 2] != " ":
                    continue
                parts[2 * r + 2] = ""
                edits.append(Edit(-1, f"{runs[r]} {runs[r + 1]}", runs[r] + runs[r + 1], "merge"))
        if not edits:
            return Perturbed(text, (), language, unperturbable=True)
        edits.sort(key=_EDIT_ORDER)
        return Perturbed("".join(parts), tuple(edits), language)

    # A WordEditPerturbation (so Attack trusts it to honour the word filter: it checks every
    # word it moves, also inside segmented Chinese/Thai runs, which a run-level re-check
    # could not); it rewrites word sequences, not single words, so these are unused.
    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        return None

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        return []

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        if language not in SEGMENTED:
            simple = spaced_words(text)
            if simple is not None:
                return self._perturb_simple(text, rng, language, simple, True)
        return self._perturb(text, rng, language, True)

    def perturb_last(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """``perturb`` without shuffling the options that are never looked at (the stream is
        discarded afterwards): the same result."""
        if language not in SEGMENTED:
            simple = spaced_words(text)
            if simple is not None:
                return self._perturb_simple(text, rng, language, simple, False)
        return self._perturb(text, rng, language, False)

    def _perturb(self, text: str, rng: random.Random, language: str, exact: bool) -> Perturbed:
        """``perturb`` (texts that are not ``spaced_words``); ``exact``: leave ``rng`` where
        ``rng.sample(opts, len(opts))`` leaves it (every option shuffled, so later samples of the
        text get the stream they always got), else take only the draws of the options looked at
        (``perturb_last``)."""
        if language not in SEGMENTED:
            parts, opts, eligible = self._options_counted(text, language)  # one word per run
        else:
            parts, segs, opts = self._options(text, language)
            ok = self._eligible_fn(language)
            eligible = sum(1 for s in segs for w in s if ok(w))
        n = min(len(opts), edit_count(self.rate, self.max_edits, max(eligible, 1 if opts else 0)))
        if n == 0:
            return Perturbed(text, (), language, unperturbable=True)
        chosen: list[tuple] = []
        used: set[int] = set()
        # a random order of the options: rng.sample(opts, len(opts)), drawn in bulk or lazily
        for o in (shuffled if exact else shuffled_prefix)(rng, opts):  # one option per run at most
            if len(chosen) >= n:
                break
            runs = {o[1]} if o[0] == "split" else {o[1], o[1] + 1}
            if runs & used:
                continue
            used |= runs
            chosen.append(o)
        return self._apply(text, language, parts, chosen)

    def _codes(self, language: str) -> dict[str, int]:
        """Memo word -> 0 (not eligible), 1 (eligible, no split point), 2 (eligible, with one)
        for ``language``: the eligibility and ``_cut`` of a word in one look-up; forgotten when
        the word filter is replaced, bounded like ``WordEditPerturbation._eligibility``."""
        memos: tuple[object, dict[str, dict[str, int]]] | None = self.__dict__.get("_code_memos")
        if memos is None or memos[0] is not self.word_filter:
            memos = self.__dict__["_code_memos"] = (self.word_filter, {})
        memo = memos[1].get(language)
        if memo is None or len(memo) > 1_000_000:
            memo = memos[1][language] = {}
        return memo

    def _perturb_simple(self, text: str, rng: random.Random, language: str,
                        simple: tuple[str, list[str], str], exact: bool) -> Perturbed:
        """``_perturb`` for a text of words between single spaces (``spaced_words``; the hot path
        of the random recipe): the options of ``_options_spaced`` in the same order, as numbers
        (``2 r`` a split of word ``r``, ``2 r + 1`` the merge of words ``r`` and ``r + 1``), the
        same shuffle, the same choice and the same edits as ``_apply``, without the parts list."""
        head, words, tail = simple
        memo = self._codes(language)
        try:
            codes = [memo[w] for w in words]
        except KeyError:
            ok = self._eligible_fn(language)
            for w in words:
                if w not in memo:
                    memo[w] = (2 if _cut(w) is not None else 1) if ok(w) else 0
            codes = [memo[w] for w in words]
        ops = self.operations
        opts = [2 * r for r, c in enumerate(codes) if c == 2] if "split" in ops else []
        if "merge" in ops:  # every separator is one space; a merge needs one eligible word
            opts += compress(range(1, 2 * len(codes) - 1, 2), map(or_, codes, codes[1:]))
            opts.sort()
        n = min(len(opts), edit_count(self.rate, self.max_edits, max(len(codes) - codes.count(0), 1 if opts else 0)))
        if n == 0:
            return Perturbed(text, (), language, unperturbable=True)
        if n == 1 and not exact:  # the first option of the shuffle: one draw (rng.sample's first)
            chosen = [opts[choice_index(rng, len(opts))]]
        else:
            chosen = []
            used: set[int] = set()
            for o in (shuffled if exact else shuffled_prefix)(rng, opts):  # one option per word at most
                r = o >> 1
                if o & 1:
                    if r in used or r + 1 in used:
                        continue
                    used.add(r + 1)
                elif r in used:
                    continue
                used.add(r)
                chosen.append(o)
                if len(chosen) >= n:
                    break
            chosen.sort(reverse=True)  # right to left: a merge shortens the list after it
        edits: list[Edit] = []
        new = list(words)
        for o in chosen:
            r = o >> 1
            if o & 1:
                a, b = words[r], words[r + 1]
                new[r:r + 2] = [a + b]
                edits.append(new_edit(-1, f"{a} {b}", a + b, "merge"))
            else:
                w = words[r]
                cut = _cut(w)
                new[r] = w[:cut] + " " + w[cut:]
                edits.append(new_edit(r, w, new[r], "split"))
        if len(edits) > 1:
            edits.sort(key=_EDIT_ORDER)
        return new_perturbed(head + " ".join(new) + tail, tuple(edits), language)

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        parts, _, opts = self._options(text, language)
        return [self._apply(text, language, parts, [o]) for o in opts]
