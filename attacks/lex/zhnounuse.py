"""L -> en (zh): the word right after the attributive particle 的 is a noun in use; an English verb is no translation.

Judged wrong (bench/validity/lexical: rev28-rev28c-zh, agree29-rev24-L, agree30-rev27-L):
特斯拉、莱恩和威尔之间的合作 -> "cooperate" (the noun "cooperation, partnership"), 提出了...的解释 -> "explain" (the
noun "explanation"), 不法行为的考虑 -> "consider" (the noun "consideration"). Chinese writes a verb and its
nominal use alike (合作 is "cooperate" and "cooperation"); MUSE's first entry is often the verb, and
jieba's tagger files these words as verbs (``v``, ``vn``), so section 118's verb rule
(``analysis.segment.chinese_verbs``) keeps them. The syntax says more than the tag: in X的Y the word
Y after 的 heads a noun phrase (之间的合作 "the cooperation between"), so its English must be able to be a
noun.

``noun_candidates``: when word ``i`` follows 的 with nothing between, its English candidates that are
WordNet verbs with no noun and no adjective sense (cooperate, explain, consider; not "new" in
的新建筑工程, an adjective; not "design", also a noun) are dropped, so the next one leads (合作 ->
cooperation, 解释 -> explanation) or, when none is left (考虑: MUSE lists only "consider"), the word is
not switched (section 277, branch zhname42). Hand-written over nltk's WordNet reader: no library we
ship reads the Chinese construction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: the attributive particle that makes the next word the head of a noun phrase
PARTICLE = "的"


def verb_only(wn: Any, english: str) -> bool:
    """True when WordNet (``wn``: nltk's reader) has ``english`` (spaces as "_") as a verb and never as a noun or an
    adjective (cooperate, explain; not design, new, production)."""
    word = english.strip().replace(" ", "_")
    return bool(word) and bool(wn.synsets(word, pos="v")) and not wn.synsets(word, pos="n") \
        and not wn.synsets(word, pos="a")


def noun_candidates(words: Sequence[tuple[str, int, int]], i: int, candidates: Sequence[str],
                    wn: Any | None) -> tuple[str, ...]:
    """``candidates`` (English, best first) of word ``i`` of a zh query (``words``: (text, start, end) of every
    analysed word, in order) without the verb-only ones (``verb_only``) when the word directly follows 的: a noun in
    use (之间的合作: cooperation, not cooperate). Elsewhere, or without WordNet (``wn`` None), unchanged."""
    cands = tuple(candidates)
    if wn is None or i == 0 or words[i - 1][0] != PARTICLE or words[i - 1][2] != words[i][1]:
        return cands
    kept = tuple(c for c in cands if not verb_only(wn, c))
    if kept != cands:
        logger.debug("zh %r after 的: verb-only English %s dropped", words[i][0], sorted(set(cands) - set(kept)))
    return kept
