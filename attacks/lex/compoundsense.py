"""The sense of an English noun that the noun before it asks for by forming a WordNet compound with it
("maize meal": cornmeal.n.01, a kind of meal.n.03, the ground grain, not meal.n.01, a meal eaten).

Held-out v30 (bench/RESULTS.md section 154) judged "maize meal" wrong as pt refeição, hi भोजन, tr öğün: the
dictionaries translate a noun's first sense, and nothing told the switcher that the modifier picks another.
WordNet lists many noun-noun compounds as one lemma (cornmeal, "corn meal" in running text). When the modifier,
or a synonym of its first sense (maize -> corn), joined to the noun is such a lemma, and that compound is a kind
of one of the noun's senses other than the first (and not of the first), that sense is meant. Only WordNet's own
compounds and hypernyms are evidence. Hand-written: no library reads a sense off a compound
(bench/RESULTS.md section 160).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def compound_sense(wn: Any, lemma: str, modifier: str) -> Any | None:
    """The WordNet noun sense of ``lemma`` that the compound "``modifier`` ``lemma``" names (``modifier``: the
    noun right before it, lower case), or None: a WordNet noun spelt as the modifier (or a lemma of the
    modifier's first noun sense) joined to ``lemma`` with nothing or "_" between, whose direct hypernym is one
    sense of ``lemma`` other than the first, and not the first."""
    senses = wn.synsets(lemma, pos="n")
    mods = wn.synsets(modifier, pos="n")
    if len(senses) < 2 or not mods:
        return None
    first, others = senses[0], set(senses[1:])
    hits: set[Any] = set()
    for name in dict.fromkeys([modifier, *(n.lower() for n in mods[0].lemma_names())]):
        for form in (name + lemma, name + "_" + lemma):
            for comp in wn.synsets(form, pos="n"):
                if form not in (n.lower() for n in comp.lemma_names()):
                    continue  # (a morphy match of another word, not the compound itself)
                kinds = set(comp.hypernyms()) | set(comp.instance_hypernyms())
                if first not in kinds:
                    hits.update(kinds & others)
    if len(hits) != 1:
        return None
    hit = hits.pop()
    logger.debug("%s %s: compound sense %s", modifier, lemma, hit.name())
    return hit


__all__ = ["compound_sense"]
