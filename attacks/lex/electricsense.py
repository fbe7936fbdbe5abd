"""English -> L: an adjective-tagged word that is the electric noun in a question about electricity ("does current
flow in the opposite direction to electrons", "is current always the same in a series circuit").

spaCy tags a bare "current" at a question's subject an adjective, so the recipe switched the adjective "present"
(es actual, fr actuel, it attuale, pt atual): judged wrong in every language of v26/v28 (boolq-test-2576) and of
held-out v39a (boolq-train-6277, bench/RESULTS.md section 244.4), fr actuel also for "eddy current" (boolq-test-1746).
The noun's candidates (es corriente, fr courant, it/pt corrente) were judged right where the tagger had the noun
("does the transformer draw any current"). Section 258 measures the rule.

The rule, WordNet's links only (hand-written: no library retags a word from its question's topic; NLTK's
``nltk.wsd.lesk`` counts gloss words, ``lex.domainsense``): an ADJ-tagged word whose first WordNet noun sense is a
kind of ``electrical_phenomenon.n.01`` (current.n.01, "a flow of electricity through a conductor") is the noun when
another noun of the question has a noun sense that is a kind of an electrical class (an electrical device: circuit,
battery, transformer; an electrical phenomenon: voltage; an electromagnetic unit: amp, volt, ohm) or is named by the
definition of ``electricity.n.01`` ("associated with stationary or moving electrons and protons"). Else the tag
stands ("is the current star is born a remake", "who is the current president"). "eddy current" is no WordNet
compound and names nothing electric beside it ("brake", "copper"): left (fr actuel, boolq-test-1746).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger(__name__)

#: the WordNet classes whose kinds name electricity (their hyponym closures are read, nothing listed by hand)
_ELECTRIC_CLASSES = ("electrical_phenomenon.n.01", "electrical_device.n.01", "electromagnetic_unit.n.01",
                     "electricity.n.01")


@functools.lru_cache(maxsize=8)
def _electric(wn: Any) -> frozenset:
    """Every synset that is one of the electrical classes or a kind of one (hyponym closure)."""
    out: set = set()
    for name in _ELECTRIC_CLASSES:
        top = wn.synset(name)
        out |= {top, *top.closure(lambda s: s.hyponyms())}
    return frozenset(out)


@functools.lru_cache(maxsize=8)
def _electricity_gloss_words(wn: Any) -> frozenset[str]:
    """The nouns the definition of electricity.n.01 names, in their WordNet base form (electron, proton)."""
    top = wn.synset("electricity.n.01")
    # (not the words of its own classes: "a physical phenomenon" names no electricity)
    own = {w for h in (top, *top.closure(lambda s: s.hypernyms())) for w in h.lemma_names()}
    words = re.findall(r"[a-z]+", top.definition().lower())
    return frozenset(b for w in words if (b := wn.morphy(w, "n")) and len(b) > 3 and b not in own)


def electric_noun_sense(wn: Any, lemma: str) -> Any | None:
    """The first WordNet noun sense of ``lemma`` when it is a kind of an electrical phenomenon, else None."""
    senses = wn.synsets(lemma, pos="n")
    if not senses or senses[0] not in _electric(wn) or senses[0].name().startswith("electricity."):
        return None
    return senses[0]


def names_electricity(wn: Any, nouns: Iterable[str]) -> bool:
    """Whether a noun of ``nouns`` (lemmas) has a sense that is a kind of an electrical class, or is a noun the
    definition of electricity names (electrons)."""
    electric = _electric(wn)
    gloss = _electricity_gloss_words(wn)
    for noun in nouns:
        if not noun:
            continue
        if (wn.morphy(noun, "n") or noun) in gloss:
            return True
        if any(s in electric for s in wn.synsets(noun, pos="n")):
            return True
    return False


def electric_noun(wn: Any, lemma: str, nouns: Iterable[str]) -> bool:
    """Whether the ADJ-tagged word ``lemma`` is meant as its electric noun sense: its first noun sense is an
    electrical phenomenon and the question names electricity (``nouns``: its other nouns' lemmas)."""
    if electric_noun_sense(wn, lemma) is None:
        return False
    hit = names_electricity(wn, [n for n in nouns if n != lemma])
    if hit:
        logger.debug("%s: the electric noun (the question names electricity)", lemma)
    return hit
