"""The relative age a Chinese or Japanese sibling word names, against the English modifier of the noun.

"is an older brother considered a legal guardian": MUSE's en-zh lists 弟弟 ("younger brother"), 哥哥 ("older
brother") and 兄弟 ("brothers") for "brother", and the context filter chose 弟弟, the opposite kinship word
(judged wrong in v9, v14, unp7 and v26, bench/RESULTS.md section 120). MUSE reads every one of them back as
"brother" only, so its read-back cannot tell them apart. Chinese and Japanese write a sibling's relative age
with one character: 兄 / 哥 (an older brother), 姐 / 姉 (an older sister), 弟 (a younger brother), 妹 (a younger
sister); 兄弟 and 姐妹 carry both and name siblings of either age. The table is hand-written from those
characters' CC-CEDICT (zh) and EDICT (ja) glosses ("elder brother", "older sister", "younger brother", "younger
sister"): no registry package in this project's environment carries either dictionary. The English side is a
closed list of age modifiers.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

#: CJK characters that name a sibling older than the speaker (CC-CEDICT 兄 哥 姐, EDICT 姉)
_OLDER = frozenset("兄哥姐姉")
#: CJK characters that name a younger sibling (CC-CEDICT 弟 妹)
_YOUNGER = frozenset("弟妹")
#: English modifiers of a sibling noun and the relative age they ask for
AGE_MODIFIERS = {"older": "older", "elder": "older", "eldest": "older", "oldest": "older", "big": "older",
                 "younger": "younger", "youngest": "younger", "little": "younger", "baby": "younger",
                 "kid": "younger"}


def sibling_age(word: str) -> str:
    """"older", "younger" or "" (no age, or both: 兄弟) for a Chinese or Japanese word ``word``."""
    older = any(ch in _OLDER for ch in word)
    younger = any(ch in _YOUNGER for ch in word)
    if older == younger:
        return ""
    return "older" if older else "younger"


def age_fitting(cands: tuple[str, ...], modifier: str) -> tuple[str, ...]:
    """``cands`` (zh or ja words for an English noun) less those that name the opposite relative age of the
    English ``modifier`` before the noun ("older brother": 弟弟 goes, 哥哥 and 兄弟 stay); unchanged when the
    modifier names no age."""
    age = AGE_MODIFIERS.get(modifier.lower(), "")
    if not age:
        return cands
    kept = tuple(c for c in cands if sibling_age(c) in ("", age))
    if len(kept) != len(cands):
        logger.debug("%s: %s dropped", modifier, [c for c in cands if c not in kept])
    return kept


#: English sibling and cousin nouns (lemmas) whose Chinese words the relative-age rule below reads: zh has a word at
#: their level that names no age (兄弟, 姐妹, 兄弟姐妹) or none at all (cousin: 表哥, 表姐, 表弟, 表妹 each name an
#: age). A closed list, so that other nouns whose words hold these characters (弟子 "disciple") are never read.
SIBLING_NOUNS = frozenset({"brother", "sister", "sibling", "cousin"})


def unmarked_sibling(cands: tuple[str, ...], lemma: str, modifier: str) -> tuple[str, ...]:
    """``cands`` (zh words for the English sibling noun ``lemma``) less those that name a relative age, when the
    English ``modifier`` before the noun names none ("his brother", "brother and sister": not 弟弟 "younger
    brother" nor 哥哥; 兄弟 and 姐妹 stay). Unchanged for a noun outside ``SIBLING_NOUNS`` or an age-naming modifier
    (``age_fitting`` serves "an older brother").

    Why: zh 弟弟 for an unqualified "brother" was judged wrong eight times in v9-v37 and never right (a narrower
    word, bench/validity/RUBRIC.md's 111.5 clarification: zh has 兄弟 at the English word's level); MUSE's 兄弟
    does not survive the candidate sources' agreement for "brother", so the noun is then not switched, which is
    right when no right candidate exists (bench/RESULTS.md section 27)."""
    if lemma.lower() not in SIBLING_NOUNS or AGE_MODIFIERS.get(modifier.lower(), ""):
        return cands
    kept = tuple(c for c in cands if not sibling_age(c))
    if len(kept) != len(cands):
        logger.debug("%s (no age named): %s dropped", lemma, [c for c in cands if c not in kept])
    return kept


__all__ = ["AGE_MODIFIERS", "SIBLING_NOUNS", "age_fitting", "sibling_age", "unmarked_sibling"]
