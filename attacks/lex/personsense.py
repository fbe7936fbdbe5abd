"""Whether an English noun names a person of no particular sex ("cousin", "student"), for target
languages whose person nouns come in a masculine and a feminine form.

Russian uses the masculine form of a person noun for people in general (кузены, студенты); the
feminine form (кузины, студентка) names women only, a restriction the English word does not make
(judged v22: cousins -> кузины; v15-v21: students -> студентка). WordNet decides both halves: the
noun's first sense is a kind of person.n.01, and none of its senses is female, either by its
hypernyms (daughter.n.01 is a female_offspring) or by its gloss ("granddaughter: a female grandchild",
"actress: a female actor"). Hand-written over WordNet's links and glosses (no library marks the sex
a noun implies).
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

_FEMALE = ("female.n.01", "female.n.02", "woman.n.01")


def _under(syn: Any, names: tuple[str, ...]) -> bool:
    """Whether ``syn`` is one of the synsets ``names`` or a kind of one."""
    return syn.name() in names or any(h.name() in names for h in syn.closure(lambda x: x.hypernyms()))


@functools.lru_cache(maxsize=4096)
def _female_word(wn: Any, word: str) -> bool:
    """Whether the first noun sense of ``word`` (a gloss word) is female: "woman", "female", "daughter"."""
    senses = wn.synsets(word, pos="n")
    return bool(senses) and _under(senses[0], _FEMALE)


def unsexed_person(wn: Any, lemma: str) -> bool:
    """True when the English noun ``lemma`` names a person (its first WordNet sense is a kind of
    person.n.01) and none of its senses is female by hypernym or gloss: "cousin", "student",
    "contestant"; False for "daughter", "actress", "granddaughter", "girl" and for non-persons."""
    senses = wn.synsets(lemma, pos="n")
    if not senses or not _under(senses[0], ("person.n.01",)):
        return False
    for s in senses:
        if _under(s, _FEMALE) or any(_female_word(wn, t) for t in re.findall(r"[a-z]+", s.definition().lower())):
            return False
    return True


__all__ = ["unsexed_person"]
