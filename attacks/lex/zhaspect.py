"""L -> en (Chinese): words before an aspect particle are verbs; their English must not be a noun in use.

Section 118's rule (``analysis.segment.chinese_verbs``) leaves a word jieba tags ``v`` unswitched when its
best English candidate is no verb. jieba's tagger also files verbs as nouns (``vn``, ``n``) where the
sentence shows a verb: a word followed by an aspect particle (了, 过, 着: jieba's flags ``ul``, ``ug``,
``uz``) is a verb in that query (生产了 "produced" -> production, 制作过 "made" -> production, 调查了
"investigated" -> investigation, 区分了 "distinguished" -> distinction: judged wrong in rev23-rev23a-zh,
v2-zh, rev20-rev20b-zh; bench/RESULTS.md sections 153.3 and 158).

Such a word is not switched when its best English candidate is a noun in use (``noun_in_use``: SemCor
attests it as a noun and never as a verb: "production", "investigation"); a verb ("design", "aid") or an
adjective (古老了 "has grown old" -> "ancient": jieba tags 古老 ``nr``) keeps its switch. Applied to every word
jieba tags ``v`` the same test also removed right nouns jieba mis-tags as verbs (组织 "organization", 树
"tree", 缺陷 "defect"), so 出生的 "born" -> birth (jieba ``v`` before 的; "birth" is a WordNet verb) stays a
known reject.

Hand-written over jieba's tagger (``jieba.posseg``) and nltk's WordNet reader (``lem.count()``: SemCor's
tagged counts): no maintained library marks Chinese aspect-particle verbs or English verbs-in-name-only.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

#: jieba's flags for the aspect particles 了 (ul), 过 (ug), 着 (uz)
_ASPECT_FLAGS = frozenset({"ul", "ug", "uz"})


@lru_cache(maxsize=4096)
def aspect_verbs(text: str) -> frozenset[tuple[int, int]]:
    """(start, end) of the words of the Chinese ``text`` that jieba's tagger puts directly before an aspect
    particle (了, 过, 着): verbs in this query whatever their own flag (生产了, 制作过). Cached per text."""
    from ..analysis.segment import chinese_tagged

    pairs = chinese_tagged(text)
    # not an adjective, a particle, a pronoun, a numeral or a preposition
    out = {(s, e) for (s, e, flag), (_, _, nxt) in zip(pairs, pairs[1:], strict=False)
           if nxt in _ASPECT_FLAGS and not flag.startswith(("a", "u", "x", "r", "m", "p")) and e > s}
    return frozenset(out)


def noun_in_use(wn: Any, word: str) -> bool:
    """True when SemCor (WordNet's lemma counts) attests the English ``word`` as a noun and never as a verb:
    "birth" (noun 9, verb 0), "production"; False for "design", "aid", "form", and for a word SemCor does not
    count at all (no evidence either way)."""
    key = word.strip().split()[0].lower() if word.strip() else ""
    if not key:
        return False

    def count(pos: str) -> int:
        base = (wn.morphy(key, pos) or key).lower()  # "focusing" counts as the verb "focus"
        return sum(lem.count() for s in wn.synsets(key, pos=pos) for lem in s.lemmas()
                   if lem.name().lower() in (key, base))

    return count("n") > 0 and count("v") == 0
