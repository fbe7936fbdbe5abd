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


__all__ = ["AGE_MODIFIERS", "age_fitting", "sibling_age"]
