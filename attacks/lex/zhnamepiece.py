"""L -> en (zh): a single-character word that segmentation split off a name or a term is a piece of it, not a word.

Held-out draws judged wrong 谁阻止了旭烈兀汗穿越中东 -> 汗 "sweat" (Hulagu Khan: 汗 is the title khan) and
为什么塔纳克林松支持英国的行动 -> 塔 "tower" (塔 is the first syllable of Tanaghrisson) (bench/RESULTS.md sections
265, 270), and an earlier set 内共生性蓝藻 -> 性 "sex" (the suffix of "endosymbiotic"). jieba segments a
transliterated name or a term it does not know into pieces; a piece of one character is then a
common word of the dictionaries (MUSE's 汗 is "sweat"), and the name lock of ``lex.namewords`` (the
interpunct, jieba's ``nrt`` tag on the word itself) does not see it.

The cue read here (section 277, branch zhname42): a word of **one character**, not tagged as a verb
by jieba's tagger (``jieba.posseg``: a verb next to a name is the name's predicate, 路德写了 "Luther
wrote"), that is glued (no space or punctuation between) to a word the tagger reads as a name
(``nr`` person, ``nrt`` transliterated, ``ns`` place, ``nz`` other proper noun), either **directly
before it** (塔 + 纳克林松, 皮 + 凯蒂: the first syllable of a transliteration) or **across one bound
morpheme** on either side (a single character the tagger tags as a morpheme, ``ag``, ``ng``...: 旭烈 +
兀 + 汗, where the transliteration runs on). A character directly *after* a name is left switchable:
there it is most often the name's own generic head, whose English is the name's word (莱茵河谷 ->
valley, 米切尔塔 -> tower, 泰恩威尔郡 -> county: right on the development outputs of section 277), although it
is wrong for 约瑟夫森结 -> knot and 红藻门 -> door (a sense question this module does not decide). A
name-tagged neighbour is read although jieba's ``nr`` also tags some common words (section 235): a
single character glued to such a word is, on the judged sets, a piece of a compound term (内共生性 + 蓝藻)
more often than a word of its own.

Hand-written over jieba's tags (no library we ship says which single character of a Chinese query
belongs to a name or term beside it). A word so found is left unswitched (the brief prefers that to
a wrong switch).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: jieba.posseg tags of a proper name: person (nr), transliterated (nrt), place (ns), other proper noun (nz)
NAME_TAGS = frozenset({"nr", "nrt", "ns", "nz"})
#: jieba.posseg tags of a bound morpheme (a character that is no word alone): adjective, adverb, noun, time, verb...
MORPHEME_TAGS = frozenset({"g", "ag", "bg", "dg", "mg", "ng", "qg", "rg", "tg", "ug", "vg", "yg"})


@functools.lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[tuple[int, int, str], ...]:
    """jieba.posseg's (start, end, flag) of ``text`` (``analysis.segment.chinese_tagged``, cached there too)."""
    from ..analysis.segment import chinese_tagged

    return chinese_tagged(text)


def flags(text: str, start: int, end: int) -> frozenset[str]:
    """The jieba.posseg tags of every tagged word that overlaps ``text[start:end]`` (the two segmentations differ:
    the analysis's ``jieba.tokenize`` and the tagger's ``jieba.posseg.cut``)."""
    return frozenset(f for s, e, f in _tagged(text) if s < end and start < e)


def name_piece(text: str, spans: Sequence[tuple[int, int]], i: int) -> bool:
    """True when word ``i`` (``spans``: the (start, end) of every word of the analysed zh query ``text``, in order)
    is one character, not a verb, glued before a name-tagged word or to a bound morpheme glued to one (see above)."""
    start, end = spans[i]
    if end - start != 1 or any(f.startswith("v") for f in flags(text, start, end)):
        return False

    def glued(k: int, step: int) -> int | None:
        """The word next to word ``k`` on side ``step`` (-1 left, +1 right) when nothing separates them."""
        j = k + step
        if not 0 <= j < len(spans):
            return None
        touching = spans[j][1] == spans[k][0] if step < 0 else spans[j][0] == spans[k][1]
        return j if touching else None

    for step in (-1, 1):
        j = glued(i, step)
        if j is None:
            continue
        near = flags(text, *spans[j])
        if near & NAME_TAGS:
            hit = step > 0  # before the name only: after it, the character is the name's head (河谷, 塔, 郡)
        elif spans[j][1] - spans[j][0] == 1 and near and near <= MORPHEME_TAGS:
            far = glued(j, step)
            hit = far is not None and bool(flags(text, *spans[far]) & NAME_TAGS)
        else:
            hit = False
        if hit:
            logger.debug("zh %r: a piece of the name or term beside it, not switched", text[start:end])
            return True
    return False
