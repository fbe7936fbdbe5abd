"""Word order: a content word moved one place (the order people put search terms in varies).

Penha et al. (ECIR 2022) vary word order among their query variations; a full
shuffle of a question often changes who does what to whom, so the random recipe
swaps two adjacent content words (separated by a space, or neighbours in a
segmented run), ``rate`` of the content words at most ``max_edits`` times: a
hyphenated or apostrophised word is never split ("UK-wide"), a function word
never moves. Chinese is cut and tagged by jieba.posseg and only common nouns of
two or more characters move (民族文化 -> 文化民族; names such as 米兰诺维奇,
verbs and particles stay). Thai and Vietnamese are not served: Thai segmenters
cut loanwords and names into syllables (อาบิลีน -> อา|บิ|ลี|น) and Vietnamese
is written in syllables (định tuyến -> tuyến định), so swaps garble words.

Edits are reported per run of word characters (``Edit.position`` indexes
``attacks.tokenize.words``): a swap of two spaced words is two edits.
"""

from __future__ import annotations

import random
import re
from itertools import compress
from operator import and_, eq, or_

from .base import Edit, Perturbed, WordEditPerturbation, edit_count, new_edit, new_perturbed
from .draws import choice_index
from .segment import SEGMENTED, spaced_words, word_units
from .tokenize import SPLIT as _SPLIT_RE

_JOINERS = ("-", "'", "’", "·", "/", "‐", "_")
_HAS_JOINER = re.compile("[" + re.escape("".join(_JOINERS)) + "]").search


def _zh_units(text: str) -> tuple[list[str], list[list[tuple[str, str]]]]:
    """Chinese runs cut and tagged by jieba.posseg: only common nouns (tag ``n``) move, so
    names (nr, ns, nrt: 米兰|诺维奇), verbs and particles keep their place."""
    from .segment import _jieba  # noqa: PLC0415
    from .tokenize import SPLIT as _SPLIT_RE

    _jieba()  # logging quietened
    import jieba.posseg as posseg  # noqa: PLC0415

    parts = _SPLIT_RE.split(text)
    tagged = []
    for run in parts[1::2]:
        units = [(p.word, p.flag) for p in posseg.cut(run)]
        tagged.append(units if "".join(w for w, _ in units) == run else [(run, "x")])
    return parts, tagged


def _rebuild(text: str, language: str, parts: list[str], old: list[list[str]],
             flat_new: list[str], op: str) -> Perturbed:
    edits: list[Edit] = []
    parts = list(parts)
    if len(old) == len(flat_new):  # every run is one unit (spaced languages): compare run by run
        for r, (segs, new_run) in enumerate(zip(old, flat_new, strict=True)):
            if new_run != segs[0]:
                parts[2 * r + 1] = new_run
                edits.append(Edit(r, segs[0], new_run, op))
        if not edits:
            return Perturbed(text, (), language, unperturbable=True)
        return Perturbed("".join(parts), tuple(edits), language)
    pos = 0
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


class WordOrder(WordEditPerturbation):
    """Swap adjacent content words (see the module docstring).

    Args:
        rate: share of the editable (content) words moved; max_edits: at most this many swaps.
    """

    name = "wordorder"

    def __init__(self, rate: float = 0.15, max_edits: int | None = 1) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=None)

    def _flat(self, text: str, language: str) -> tuple[list[str], list[list[str]], list[str], list[int]]:
        if language != "zh" and language not in SEGMENTED:
            return self._flat_spaced(text, language)
        if language == "zh":
            parts, tagged = _zh_units(text)
            segs = [[w for w, _ in run] for run in tagged]
            flags = [f for run in tagged for _, f in run]
        else:
            parts, segs = word_units(text, language)
            flags = None
        flat = [w for s in segs for w in s]
        run_of = [r for r, s in enumerate(segs) for _ in s]
        first = [k == 0 for s in segs for k in range(len(s))]
        last = [k == len(s) - 1 for s in segs for k in range(len(s))]
        ok = []
        for i, w in enumerate(flat):
            r = run_of[i]
            # a word joined to its neighbour by a hyphen or apostrophe (UK-wide, Vadisi'ne) stays put
            free = (not first[i] or not parts[2 * r].endswith(_JOINERS)) and \
                (not last[i] or not parts[2 * r + 2].startswith(_JOINERS))
            ok.append(free and self.editable(w, language)
                      and (flags is None or (flags[i] == "n" and len(w) >= 2)))
        self._adjacent = [  # unit i and i+1 may trade places
            ok[i] and ok[i + 1] and flat[i] != flat[i + 1]
            and (run_of[i] == run_of[i + 1] or parts[2 * run_of[i] + 2] == " ")
            for i in range(len(flat) - 1)]
        eligible = [i for i in range(len(flat)) if ok[i]]
        return parts, segs, flat, eligible

    def _flat_spaced(self, text: str, language: str) -> tuple[list[str], list[list[str]], list[str], list[int]]:
        """``_flat`` for languages written with spaces, where every run is one word (the hot
        path of the random recipe: the general loop's per-unit bookkeeping is not needed)."""
        parts = _SPLIT_RE.split(text)
        flat = parts[1::2]
        ok = self._eligible_flags(flat, language)
        if _HAS_JOINER(text):
            # a word joined to its neighbour by a hyphen or apostrophe (UK-wide, Vadisi'ne) stays put
            ok = [o and not parts[2 * i].endswith(_JOINERS) and not parts[2 * i + 2].startswith(_JOINERS)
                  for i, o in enumerate(ok)]
        # unit i and i+1 may trade places (parts[2:-1:2] are the separators between words)
        self._adjacent = [a and b and x != y and sep == " "
                          for a, b, x, y, sep in zip(ok, ok[1:], flat, flat[1:], parts[2:-1:2], strict=False)]
        return parts, [[w] for w in flat], flat, [i for i, o in enumerate(ok) if o]

    def _partners(self, i: int, n: int) -> list[int]:
        return [j for j in (i - 1, i + 1) if 0 <= j < n and self._adjacent[min(i, j)]]

    # A WordEditPerturbation (so Attack trusts it to honour the word filter: it checks every
    # word it moves, also inside segmented Chinese/Thai runs, which a run-level re-check
    # could not); it rewrites word sequences, not single words, so these are unused.
    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        return None

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        return []

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        if language != "zh" and language not in SEGMENTED:
            return self._perturb_spaced(text, rng, language)
        return self._perturb_general(text, rng, language)

    def _perturb_spaced(self, text: str, rng: random.Random, language: str) -> Perturbed:
        """``perturb`` for languages written with spaces (the hot path of the random recipe):
        the same draws and result as ``_perturb_general``. A text of words between single spaces
        (``spaced_words``) needs no separator or inner joiner check; the usual single swap
        (``max_edits = 1``) is one draw of the moved word (``choice_index``, the draw that
        ``rng.sample(movable, 1)`` makes), one of its partner, and two edits, without a rebuild."""
        simple = spaced_words(text)
        if simple is None:
            return self._perturb_general(text, rng, language)
        head, flat, tail = simple
        last = len(flat) - 1
        if last < 1:
            return Perturbed(text, (), language, unperturbable=True)
        ok = self._eligible_flags(flat, language)
        # a word joined to its neighbour by a hyphen or apostrophe stays put (inside, words
        # are separated by single spaces: only the head and the tail can hold a joiner)
        if head.endswith(_JOINERS):
            ok[0] = False
        if tail.startswith(_JOINERS):
            ok[last] = False
        n = edit_count(self.rate, self.max_edits, ok.count(True))
        if n == 0:
            return Perturbed(text, (), language, unperturbable=True)
        # adj[i]: words i and i+1 may trade places (both eligible, and different words); in C
        # where no word follows itself (nearly always), else in Python
        if True in map(eq, flat, flat[1:]):
            adj = [a and b and x != y for a, b, x, y in zip(ok, ok[1:], flat, flat[1:], strict=False)]
        else:
            adj = list(map(and_, ok, ok[1:]))
        if True not in adj:  # nothing movable
            return Perturbed(text, (), language, unperturbable=True)
        if n > 1:
            return self._perturb_general(text, rng, language)
        # the eligible words with a partner, in text order (both words of an adjacent pair are eligible)
        pad = [False, *adj, False]
        movable = list(compress(range(last + 1), map(or_, pad, pad[1:])))
        i = movable[choice_index(rng, len(movable))]
        left, right = i > 0 and adj[i - 1], i < last and adj[i]
        x = rng.random()  # drawn even when there is one partner (as _perturb_general does)
        j = (i - 1 if x < 0.5 else i + 1) if left and right else (i - 1 if left else i + 1)
        a, b = (i, j) if i < j else (j, i)
        wa, wb = flat[a], flat[b]  # different words (adj), so both change
        flat[a], flat[b] = wb, wa
        return new_perturbed(head + " ".join(flat) + tail,
                             (new_edit(a, wa, wb, "wordorder"), new_edit(b, wb, wa, "wordorder")), language)

    def _perturb_general(self, text: str, rng: random.Random, language: str) -> Perturbed:
        parts, segs, flat, eligible = self._flat(text, language)
        n = edit_count(self.rate, self.max_edits, len(eligible)) if len(flat) > 1 else 0
        if n == 0:
            return Perturbed(text, (), language, unperturbable=True)
        adj, last = self._adjacent, len(flat) - 1  # i has a partner: i-1 or i+1 (see _partners)
        movable = [i for i in eligible if (i > 0 and adj[i - 1]) or (i < last and adj[i])]
        if not movable:
            return Perturbed(text, (), language, unperturbable=True)
        n = min(n, len(movable))
        new = list(flat)
        moved: set[int] = set()
        for i in rng.sample(movable, n):
            js = [j for j in self._partners(i, len(flat)) if i not in moved and j not in moved]
            if js:
                j = js[int(rng.random() * len(js))]
                new[i], new[j] = new[j], new[i]
                moved |= {i, j}
        return _rebuild(text, language, parts, segs, new, "wordorder")

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """Every single swap of a content word with a neighbour."""
        parts, segs, flat, eligible = self._flat(text, language)
        out: dict[str, Perturbed] = {}
        for i in eligible:
            for j in self._partners(i, len(flat)):
                new = list(flat)
                new[i], new[j] = new[j], new[i]
                p = _rebuild(text, language, parts, segs, new, "wordorder")
                if p.edits:
                    out.setdefault(p.text, p)
        return list(out.values())
