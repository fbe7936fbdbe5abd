"""A multiword term rendered by a translation of ONE of its words: the other words' content is lost.

en -> ja code-switching switches a WordNet multiword noun ("line of latitude", "table of contents") whole, by
a lemma OMW lists for its one sense (``CodeSwitch._expression_candidates``). OMW jpn sometimes gives, as the
lemma of the whole, the plain translation of one of its words: line_of_latitude -> 緯度 (latitude),
table_of_contents -> 内容 (contents), assembly_line -> ライン (line), football_game -> フットボール
(football). The switched query then asks about the latitude itself, the contents, a line, the sport: the
rubric's "related but different word; content lost" (bench/RESULTS.md section 208.4; all four judged wrong in
v30/v37). The evidence that a candidate is only a word's translation is the dictionaries' own ranked
candidates for that word alone (``Sources.from_english``, the candidates the switcher would use for the word
by itself): the candidate is one of them. Over every judged en -> ja multiword switch (217 pairs, bench/validity/
lexical/v*-en-L*.jsonl) the test holds for exactly those 4 rejects and for no accept (section 217).

Hand-written (no library compares a compound's translation with its words' translations); the dictionaries
decide. Such a candidate is dropped; with none left the term is not switched (switched as a unit or not at
all: its words stay locked as one expression).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

#: the shortest word of a term whose own translations are compared ("of", "in" have none worth comparing)
MIN_WORD = 3


def one_word_rendering(cand: str, lemma: str,
                       word_translations: Callable[[str], Iterable[str]]) -> str | None:
    """The word of the English multiword ``lemma`` (WordNet form, ``_`` between words) whose own
    translations (``word_translations(word)``: the ranked candidates for that word alone) include ``cand``,
    the candidate translation of the whole; None when ``cand`` is no single word's translation.
    "line_of_latitude", 緯度 -> "latitude"; "cell_membrane", 細胞膜 -> None."""
    low = cand.lower()
    for word in lemma.split("_"):
        if len(word) < MIN_WORD:
            continue
        if any(low == t.lower() for t in word_translations(word)):
            logger.debug("%s -> %s translates only %r", lemma, cand, word)
            return word
    return None
