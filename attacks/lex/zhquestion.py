"""L -> en (Chinese), last resort: the question word of a query that would otherwise stay unswitched.

What: ``question_word(words)`` gives ``(index, English)`` of the first Chinese question word (a jieba segment of the
recipe's analysis) that ``QUESTION_ENGLISH`` translates in its place, else None. ``CodeSwitch`` asks it only for a zh
query none of whose segments is switchable (the hook of section 219's Hindi and section 264's Turkish last resort), so
every other query's switches stay as they were.

Why: XQuAD-R zh is 14.4% unperturbable held out (bench/RESULTS.md section 270; issue 10 wants <= 10%): such a question
holds names (元英宗, 伊克巴勒), words no source lists or words the sources disagree on, and a question word (什么, 何时,
谁, 哪里), which the first tier treats as a function word. Section 275 (branch qw42) measures this tier.

Hand-written (a closed class; no installed library maps Chinese question words to English ones). Only segments with one
English are listed. Left out or restricted:

- ``为什么`` is "why" but also 为 + 什么 "as what" (伊斯兰国自封为什么 "proclaimed itself as
  what"; 被称为什么 "is called what"): it is taken as "why" only when it is not the query's last
  word (a closing 为什么 is "as what");
- ``多少`` is "how many" before a countable noun but "how much" before a mass noun and "what" after 是 (人口是多少):
  "how many" only when a word follows that is no mass noun in ``_MASS`` and no particle; else left;
- ``几`` ("how many") only before a measure word segment (几个, 几年 come as one segment and are left); ``怎么`` ("how",
  also "why"), ``干什么`` ("what for"), ``多大`` / ``多长`` (the adjective decides the English), ``哪种`` / ``哪些地方``
  (a jieba compound of which + noun): left.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: Chinese question words (segments) and their English
QUESTION_ENGLISH: dict[str, str] = {
    "什么": "what",
    "谁": "who",
    "哪里": "where", "哪儿": "where",
    "何时": "when", "什么时候": "when",
    "为什么": "why", "为何": "why",
    "如何": "how", "怎样": "how", "怎么样": "how",
    "哪个": "which", "哪些": "which", "哪": "which", "哪一个": "which",
    "多少": "how many",
    "多久": "how long",
    "多远": "how far",
}

#: mass nouns before which 多少 is "how much" (left: the table lists one English per word)
_MASS = frozenset({"钱", "资金", "费用", "金额", "时间", "水", "能量", "能源", "电", "电力", "土地", "税", "收入",
                   "成本", "预算", "利润", "债务", "损失", "热量", "燃料", "面积", "距离", "空间", "工资", "资本",
                   "人口", "重量", "温度"})
#: what may close a query after its last word (a particle or punctuation: 自封为什么？ still ends on 为什么)
_TRAILING = frozenset({"呢", "吗", "？", "?", "。", "，", ","})
#: what may not follow 多少 for it to be "how many" (a particle or punctuation: 是多少, 多少？)
_NOT_NOUN = _TRAILING | {"是", "的", "了"}


def question_word(words: Sequence[str]) -> tuple[int, str] | None:
    """``(index, English)`` of the first question word of a Chinese query (``words``: its segments) that
    ``QUESTION_ENGLISH`` translates in its place, else None.

    >>> question_word(["元英宗", "何时", "登基"])
    (1, 'when')
    >>> question_word(["伊斯兰", "国在", "2014", "年", "自封", "为什么"]) is None
    True
    """
    segs = [w.strip() for w in words]
    content = [i for i, w in enumerate(segs) if w and w not in _TRAILING]
    last = content[-1] if content else -1
    for i, w in enumerate(segs):
        english = QUESTION_ENGLISH.get(w)
        if english is None:
            continue
        if w == "为什么" and i == last:
            continue  # 为 + 什么 "as what"
        if w == "多少":
            after = segs[i + 1] if i + 1 < len(segs) else ""
            if not after or after in _NOT_NOUN or after in _MASS:
                continue
        logger.debug("question word %s -> %s", w, english)
        return i, english
    return None
