"""English -> ja: a multiword noun with "football" switched whole by a Japanese word for soccer
("does las vegas have an nfl football team" -> サッカーチーム).

OMW jpn lists サッカーチーム ("soccer team") first for football_team.n.01 ("a team that plays football"). An American
question's football is American football: サッカーチーム was judged wrong six times for US university, NFL and Las
Vegas teams (v18 x2, v23, v31, v32, v38; bench/RESULTS.md section 278 of branch jaen42) and right once, beside "fifa
world cup" ("is indian football team playing in fifa world cup", v27). English "football" names either game; a
Japanese word that says soccer adds a restriction the query does not make unless the query itself names soccer.

The rule (hand-written: no library reads which football a query means; the dictionaries and WordNet decide the words):
a candidate of a whole expression holding the word "football" that contains a ja translation of "soccer" (the
sources' own, ``soccer_words``) is dropped unless another word or two-word run of the query names soccer in WordNet:
soccer.n.01 itself, a sense that is a kind or part of it, or a noun sense whose definition says "soccer"
(world_cup.n.01, "a soccer tournament held every four years"). With no candidate left the expression is not switched
(its words stay locked as one expression: ``CodeSwitch._whole_expressions``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: the English word whose expressions the rule reads
FOOTBALL = "football"


@functools.lru_cache(maxsize=8)
def _soccer(wn: Any) -> frozenset:
    """soccer.n.01 and its kinds."""
    top = wn.synset("soccer.n.01")
    return frozenset({top, *top.closure(lambda s: s.hyponyms())})


def names_soccer(wn: Any, words: Sequence[str]) -> bool:
    """True when a word or a two-word run of ``words`` (lower case) names soccer: one of its WordNet noun senses is
    soccer.n.01 or a kind of it, or its definition holds the word "soccer" ("world cup")."""
    soccer = _soccer(wn)
    runs = list(words) + ["_".join(words[k:k + 2]) for k in range(len(words) - 1)]
    for run in runs:
        if run == FOOTBALL:
            continue
        for s in wn.synsets(run, pos="n"):
            if s in soccer or re.search(r"\bsoccer\b", s.definition()):
                return True
    return False


def soccer_rendering(cand: str, lemma: str, soccer_words: Iterable[str]) -> bool:
    """True when ``cand``, a ja translation of the WordNet multiword ``lemma`` ("football_team"), renders its
    "football" as soccer: ``lemma`` has the word "football" and ``cand`` contains one of ``soccer_words`` (the
    sources' ja translations of "soccer", サッカー)."""
    if FOOTBALL not in lemma.lower().split("_"):
        return False
    return any(w and w in cand for w in soccer_words)
