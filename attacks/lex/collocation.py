"""L -> en: the English collocation an L modifier + noun pair names decides the English of its words.

L -> en code-switching switches an L query one word at a time, each word to its own best English candidate; a
two-word L term whose English is a fixed collocation then loses its sense word by word (ru телесные наказания
"corporal punishment" -> "телесные penalties", judged wrong in rev22b-ru). Where the English candidates of two
adjacent L words form a two-word noun lemma of English WordNet ("corporal punishment", "prime number"), in either
order (an L noun may precede its modifier: es números primos; MUSE en-es has no "prime", so primos keeps "cousins"
there), each word keeps only the candidates that form it. Where no pair of the words' own candidates forms one, a
word whose neighbour's candidate ``y`` forms a lemma "x y" or "y x" with an English word ``x`` that a shipped
English -> L dictionary (MUSE) translates back to the L word itself is switched to ``x`` (наказания: its candidates
give "penalties"; its neighbour's "corporal" forms "corporal punishment", and MUSE en-ru gives наказание for
"punishment"). General: the English side is WordNet's lemma list, no list of terms is kept.

Hand-written (no maintained library pairs L words with English collocations); WordNet is read through the
project's ``Sources.wordnet`` (NLTK), the dictionaries through ``attacks.muse``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

logger = logging.getLogger(__name__)


@functools.cache
def _pairs(wn: Any) -> dict[str, frozenset[str]]:
    """Every word of a two-word lower-case WordNet noun lemma mapped to the words it forms one with
    ("punishment" -> {"corporal", "capital", ...}, "corporal" -> {"punishment"})."""
    out: dict[str, set[str]] = {}
    for name in wn.all_lemma_names(pos="n"):
        parts = name.split("_")
        if len(parts) != 2 or not all(p.isalpha() and p.islower() for p in parts):
            continue
        out.setdefault(parts[0], set()).add(parts[1])
        out.setdefault(parts[1], set()).add(parts[0])
    return {k: frozenset(v) for k, v in out.items()}


def is_collocation(wn: Any, first: str, second: str) -> bool:
    """True when "``first`` ``second``" is a two-word noun lemma of English WordNet."""
    return second in _pairs(wn).get(first, frozenset()) and bool(wn.synsets(f"{first}_{second}", pos="n"))


def _base(wn: Any, english: str) -> str:
    """A single English candidate's noun base form ("numbers" -> "number"); the word itself otherwise."""
    # the shortest of WordNet's base forms: morphy's first is "tons" itself (a noun, "a lot"), not "ton"
    forms = wn._morphy(english, "n")
    return min(forms, key=len) if forms else english


def collocation_candidates(wn: Any, cands: Iterable[str], neighbour: Iterable[str], l_forms: frozenset[str],
                           back: Callable[[str], Iterable[str]], plural: Callable[[str], str]) -> tuple[str, ...]:
    """The candidates of an L word that form an English WordNet collocation with its adjacent neighbour, or ()
    when none does (the word keeps its own candidates then).

    ``cands``: the word's English candidates, ranked; ``neighbour``: the adjacent word's English candidates
    (raw; may be empty); ``l_forms``: the word's lower-case L forms (surface, lemma); ``back(x)``: the L
    translations a shipped dictionary gives for English ``x``; ``plural(x)``: ``x`` in the plural. First, the
    word's own candidates that form a lemma with a neighbour candidate (either order); else the English words
    ``x`` that form a lemma with a neighbour candidate and translate back to one of ``l_forms``, in the plural
    when the word's first candidate is a plural."""
    cands = tuple(cands)
    singles = [c for c in cands if c.isalpha()]
    nbase = [_base(wn, n) for n in dict.fromkeys(neighbour) if n.isalpha()]
    if not singles or not nbase:
        return ()
    own = tuple(c for c in singles
                if any(is_collocation(wn, _base(wn, c), y) or is_collocation(wn, y, _base(wn, c)) for y in nbase))
    if own:
        return own
    pairs = _pairs(wn)
    was_plural = _base(wn, singles[0]) != singles[0]
    found: list[str] = []
    for y in nbase:
        for x in sorted(pairs.get(y, frozenset())):
            head = is_collocation(wn, y, x)  # "corporal punishment": x is the head noun
            if not (head or is_collocation(wn, x, y)) or not any(t.lower() in l_forms for t in back(x)):
                continue
            # the head takes the word's number; a modifier ("new" of "new world") and a word that is plural
            # already ("islands") stay as they are (not "news", "islandses")
            found.append(plural(x) if was_plural and head and _base(wn, x) == x else x)
    return tuple(dict.fromkeys(found))
