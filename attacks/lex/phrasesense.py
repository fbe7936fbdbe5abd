"""The sense of an English noun that WordNet's own usage example shows after the same two-word particle phrase
("out of tune": tune.n.02, being at the right pitch, whose example is "the clarinet was out of tune").

Held-out v31 (bench/RESULTS.md sections 162 and 164; the rule: section 179) judged "can a tuning fork go out of
tune" wrong in six languages: de Melodie, pt melodia, ru мелодия, ar اللحن, hi धुन, ja 曲, the melody (tune.n.01, the
first sense, the one the bilingual dictionaries translate). WordNet lists no "out_of_tune" lemma, but its usage
examples write such idioms: when the two words before the noun in the query are a particle and a preposition ("out
of") and exactly one sense of the noun, not the first, has a usage example with the noun right after those two
words, the query is read in that sense. The left-hand twin of ``lex.framesense`` (which reads the determiner before
the noun and the preposition after it: "a cross between").

Only WordNet's own examples are evidence, and only after a particle phrase: the word before the preposition must
be tagged an adverb, particle or preposition (``out``, ``up``, ``ahead``), never a noun, determiner or adjective
("the end of season" or "the department of justice" name no idiom; a noun before "of" would read a compound as a
frame). None unless exactly one sense's example shows the frame, it is not the first sense, and the first sense's
examples do not show it (``domainsense._only_other_sense``). Hand-written: no library matches WordNet's examples
against a query's words (NLTK's ``nltk.wsd.lesk`` counts gloss words, ``lex.domainsense``).
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from .domainsense import _only_other_sense

logger = logging.getLogger(__name__)

#: universal POS tags of the first word of a particle phrase ("out" of "out of tune", "up" of "up to date")
PARTICLE_TAGS = frozenset({"ADV", "ADP", "PART"})


@functools.lru_cache(maxsize=4096)
def _phrase(first: str, second: str, lemma: str) -> re.Pattern[str]:
    """The noun ``lemma`` (singular or plural) right after the words ``first`` ``second``."""
    return re.compile(rf"\b{re.escape(first)}\s+{re.escape(second)}\s+{re.escape(lemma)}(?:e?s)?\b", re.IGNORECASE)


def phrase_sense(wn: Any, lemma: str, first: str, second: str) -> Any | None:
    """The WordNet noun sense of ``lemma`` whose usage example writes it right after the two words ``first``
    ``second`` (the query's particle and preposition before the noun: "out" "of" before "tune" ->
    tune.n.02), or None (see the module docstring for when). The caller checks the words' tags."""
    if not first or not second or not first.isalpha() or not second.isalpha():
        return None
    senses = wn.synsets(lemma, pos="n")
    if len(senses) < 2:
        return None
    phrase = _phrase(first.lower(), second.lower(), lemma.lower())

    def shown(sense: Any) -> bool:
        return any(phrase.search(e) for e in sense.examples())

    return _only_other_sense(lemma, senses, shown, "phrase")


__all__ = ["PARTICLE_TAGS", "phrase_sense"]
