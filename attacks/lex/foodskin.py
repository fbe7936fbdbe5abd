"""English -> ja: "skin" of a food ("can you eat the skin of a tamarillo", "the skin on a saveloy sausage").

The ja candidates of "skin" (FreeDict 膜, 皮膚, 肌, 皮革, 革) translate the body's skin first: 皮膚 for a fruit's,
a cheese's or a sausage's skin was judged wrong three times (v25, v30, v35; bench/RESULTS.md section 278 of branch
jaen42) and right where the skin is a person's ("the skin under your tongue"). Japanese says 皮 for a fruit's
or a food's skin.

WordNet files the food sense itself: peel.n.02 ("the rind of a fruit or vegetable", lemmas peel, skin) is a part of
edible_fruit.n.01. The rule (hand-written: no library picks a noun's sense from the query's other nouns; WordNet
decides what is a food): the noun has a WordNet sense that is a part of a food (``food_part_sense``), its first sense
is not that one, and another noun of the query is a food: its first noun sense is a kind of food.n.01 or food.n.02
(cheese, sausage, chicken, potato), or one of its senses is a kind of edible_fruit.n.01 (tamarillo, whose first sense
is the tree). Then the word is switched by what OMW lists both under the food sense and under the word's first sense
(``shared_names``: 皮, the word for an animal's and a fruit's skin alike, rather than 果皮, a fruit's pericarp only,
which a sausage does not have).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger(__name__)

#: the WordNet classes a food noun's first sense is a kind of
_FOODS = ("food.n.01", "food.n.02")
#: the class any sense of a fruit noun may be a kind of (and the holonym a food-part sense is filed under)
_FRUIT = "edible_fruit.n.01"
#: the class the word's first sense must be a kind of (skin.n.01 is a body covering)
_COVERING = "covering.n.01"


def _up(s: Any) -> set:
    """``s``'s hypernym and instance-hypernym closure."""
    return set(s.closure(lambda x: x.hypernyms() + x.instance_hypernyms()))


@functools.lru_cache(maxsize=4096)
def is_food(wn: Any, noun: str) -> bool:
    """True when the English noun ``noun`` names a food: its first WordNet noun sense is a kind of food.n.01 or
    food.n.02, or one of its senses is a kind of edible_fruit.n.01."""
    senses = wn.synsets(noun, pos="n")
    if not senses:
        return False
    foods = {wn.synset(n) for n in _FOODS}
    fruit = wn.synset(_FRUIT)
    return bool(_up(senses[0]) & foods) or any(fruit in _up(s) or s == fruit for s in senses)


def food_part_sense(wn: Any, lemma: str) -> Any | None:
    """The WordNet noun sense of ``lemma`` (not its first) that is a part of edible_fruit.n.01 or of a kind of it
    (peel.n.02 for "skin"), when the first sense is a covering (skin.n.01, a body covering), else None. (Only
    three nouns have such a sense at all: skin, peel and section, section.n.13 a citrus segment; the covering
    test keeps "the produce section" out.)"""
    senses = wn.synsets(lemma, pos="n")
    fruit = wn.synset(_FRUIT)
    if not senses or wn.synset(_COVERING) not in _up(senses[0]):
        return None
    for s in senses[1:]:
        if lemma in [n.lower() for n in s.lemma_names()] and \
                any(h == fruit or fruit in _up(h) for h in s.part_holonyms()):
            return s
    return None


def food_skin_sense(wn: Any, lemma: str, nouns: Iterable[str]) -> Any | None:
    """The food-part sense of ``lemma`` (``food_part_sense``) when one of the query's other nouns ``nouns`` names a
    food (``is_food``), else None."""
    sense = food_part_sense(wn, lemma)
    if sense is None or not any(n != lemma and is_food(wn, n) for n in nouns):
        return None
    logger.debug("%s beside a food: %s", lemma, sense.name())
    return sense


def shared_names(wn: Any, sense: Any, lemma: str, omw_names: Any) -> list[str]:
    """OMW's ``omw_names(synset)`` of ``sense`` that it also lists under ``lemma``'s first noun sense, in the order
    of ``sense``'s names (ja 皮 for peel.n.02 and skin.n.01)."""
    first = set(omw_names(wn.synsets(lemma, pos="n")[0]))
    return [n for n in omw_names(sense) if n in first]
