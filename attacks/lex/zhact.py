"""English -> Chinese: a noun that names a state or a thing is not rendered by the Chinese verb of its act sense
when a Chinese noun of its first sense is offered.

"is common law marriage legal in all 50 states": MUSE en-zh lists 结婚 ("to marry, to get married") first and 婚姻
("marriage", the relationship) second, and OMW's cmn lemmas give 结婚 under marriage.n.01 (the state) and
marriage.n.03 (the act of marrying), so its summed sense weight kept 结婚 first. Held-out v21, v22 and v26 judged it
wrong four times (a marriage is 婚姻; 结婚 is the verb). WordNet files the first sense under noun.state and the other
under noun.act; jieba's dictionary tags 结婚 a verb (v), 婚姻 a noun (n).

``act_verb_last``: when the English noun's first WordNet sense is no act or event, the leading candidate is a word
jieba tags as a plain verb and OMW lists under an act or event sense of the English word, and a later candidate is
listed by OMW under the first sense, not under those act senses, and is no verb to jieba, that later candidate leads.
Hand-written (no library ranks translations by part of speech across languages); WordNet's lexicographer files decide
what an act is, OMW's cmn lemmas (nltk's omw-1.4) which Chinese words name it, jieba's dictionary (``jieba.posseg``)
which are verbs. Measured in bench/RESULTS.md section 169.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

#: WordNet's lexicographer files of acts and events: a Chinese verb may name one
_ACT_FILES = frozenset({"noun.act", "noun.event"})


def _cmn(sense: Any) -> set[str]:
    """OMW's Mandarin lemmas of ``sense`` as Chinese words (``lex.zhhead``'s reading, as a set)."""
    from .zhhead import _cmn_lemmas

    return set(_cmn_lemmas(sense))


def act_verb_last(wn: Any, lemma: str, cands: tuple[str, ...], flag: Callable[[str], str]) -> tuple[str, ...]:
    """en -> zh candidates of the English noun ``lemma``, the act sense's verb moved behind the first sense's noun
    (``flag``: a Chinese word's jieba part-of-speech flag, "v" a plain verb); ``cands`` unchanged when the rule
    does not apply."""
    senses = wn.synsets(lemma, pos="n")
    if len(cands) < 2 or len(senses) < 2 or senses[0].lexname() in _ACT_FILES:
        return cands
    acts = set().union(*(_cmn(s) for s in senses[1:] if s.lexname() in _ACT_FILES))
    if cands[0] not in acts or flag(cands[0]) != "v":
        return cands
    first = _cmn(senses[0])
    noun = next((c for c in cands[1:] if c in first and c not in acts and flag(c) != "v"), None)
    if noun is None:
        return cands
    logger.debug("zh %s: %s names the act, %s the first sense", lemma, cands[0], noun)
    return (noun, *(c for c in cands if c != noun))


__all__ = ["act_verb_last"]
