"""en->zh and en->ru: the target side's own checks on a candidate the dictionaries give (issue 10 (a)).

Why: pooled over the judged English -> L sets v10-v25, most zh and ru rejects are an English
sense read wrong (shared with every language), but some are the target side's own choice among
candidates of the right sense (bench/results-zhru20.md section 27):

* Russian: MUSE en-ru romanises some English words letter by letter into strings that are no
  Russian word (doe -> доу, cam -> кэм, alto -> альто; judged wrong in v21, v23, v24).
  pymorphy3's dictionary (OpenCorpora) does not know them; it knows the real word (альт, кулачок).
* Chinese: MUSE en-zh lists a verb before the noun for an English noun (marriage -> 结婚 "to get
  married" before 婚姻; judged wrong in v21 twice and v22). jieba's part-of-speech flag tells them
  apart.

Both analysers are maintained libraries already used by the analysis layer (pymorphy3 in
``analysis.segment``, jieba in ``candidates``); the two decisions below are hand-written over
their output (no library makes them).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)


def russian_known(word: str) -> bool | None:
    """Whether pymorphy3's dictionary knows the Russian ``word`` (any form of a dictionary lemma),
    None without pymorphy3 or for a phrase. An unknown word is a guess of its predictor: for a
    dictionary candidate, a letter-by-letter romanisation of the English word (доу, кэм)."""
    if not word or " " in word or "-" in word:
        return None
    from ..analysis.segment import _morph_ru

    m = _morph_ru()
    if m is None:
        return None
    return bool(m.word_is_known(word.lower()))


def _zh_class(word: str) -> str:
    """"n" for a word jieba tags a noun (``n``, ``nr``, ``ns``...) or a verbal noun (``vn``: 发展,
    教育), "v" for a verb (``v``, ``vi``, ``vd``...), "" otherwise or without jieba."""
    from ..candidates import _jieba_flag

    flag = _jieba_flag(word)
    if flag.startswith("n") or flag == "vn":
        return "n"
    return "v" if flag.startswith("v") else ""


def chinese_nouns_first(cands: Sequence[str]) -> list[str]:
    """en->zh candidates of an English noun with the ones jieba tags a noun (a verbal noun ``vn``
    counts as one) before the ones it tags a verb, each group in its order. Unchanged when no
    candidate is a noun or none is a verb: the dictionaries' order is the only evidence then
    (registration -> 注册, 登记 are both verbs to jieba, and nothing better is offered)."""
    kinds = [_zh_class(c) for c in cands]
    if "n" not in kinds or "v" not in kinds:
        return list(cands)
    out = [c for c, k in zip(cands, kinds, strict=True) if k != "v"] + \
          [c for c, k in zip(cands, kinds, strict=True) if k == "v"]
    if out[:1] != list(cands[:1]):
        logger.debug("en->zh noun: %s before the verb %s", out[0], cands[0])
    return out
