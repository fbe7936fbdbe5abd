"""L -> en (Hindi): a noun's English candidates ordered by how often SemCor attests each as a noun.

The Hindi dictionaries (MUSE en-hi read backwards, FreeDict) list an entry's English in no frequency order:
चुनाव "election" comes as "choice" first, निर्माण "construction" as the verb "build", उपस्थिति "presence" as
"attendance" (judged wrong in rev20-rev20a-hi, rev22-rev22a-hi: bench/RESULTS.md sections 112, 137.3). Where
the Hindi word stands as a noun, before a postposition (का, के, की, में, से, को, पर, ने, तक) or a form of
the light verbs करना/होना ("निर्माण किया", "निर्माण हुआ") or after the genitive का/के/की ("भूमि का
निर्माण"), the candidate whose NOUN senses SemCor attests
most is the word's usual English: election 68 over choice 22, construction 34 over build 2 (a verb: 139),
game 85 over play 61. That candidate leads; the others follow in their order (the context filter may still
take one of them when it vetoes the first). After the genitive the word may also be an adjective of the
possessed noun ("विश्वविद्यालय के पूर्व छात्र": former students): there the order stays when the first
candidate is mainly an adjective ("former", not "east").

Hand-written over nltk's WordNet reader (``lem.count()``: SemCor's tagged counts); no tagger for Hindi is
installed offline. Measured only for Hindi (bench/RESULTS.md section 148).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from .wordnet import base_forms

logger = logging.getLogger(__name__)

#: the L languages served
LANGUAGES = frozenset({"hi"})
#: words after which a Hindi word stands as a noun: the postpositions and the light verbs' forms
_NOUN_NEXT = frozenset({
    "का", "के", "की", "में", "से", "को", "पर", "ने", "तक",
    "किया", "किये", "किए", "करना", "करने", "करता", "करती", "करते", "कर",
    "हुआ", "हुई", "हुए", "होता", "होती", "होते", "होना", "होने"})


#: the genitive postposition: the word after it is the possessed noun ("भूमि का निर्माण", "संसद के चुनाव")
_GENITIVE = frozenset({"का", "के", "की"})


def noun_position(words: Sequence[str], i: int) -> str:
    """Where word ``i`` of a Hindi query (its words) stands: "noun" before a postposition or a light verb,
    "genitive" after का/के/की (the possessed noun, or an adjective before it: "विश्वविद्यालय के पूर्व छात्र",
    the university's former students), "" elsewhere."""
    if i + 1 < len(words) and words[i + 1] in _NOUN_NEXT:
        return "noun"
    return "genitive" if i > 0 and words[i - 1] in _GENITIVE else ""


def noun_count(wn: Any, english: str, pos: str = "n") -> int:
    """How often SemCor attests ``english`` (or its base forms: "donations" -> donation) in part of speech
    ``pos`` (n; a counts the adjective satellites too)."""
    key = english.replace(" ", "_")
    forms = {f.lower() for f in base_forms(wn, key)} | {key.lower()}
    return sum(lem.count() for syn in wn.synsets(key) if syn.pos() in (pos, "s" if pos == "a" else pos)
               for lem in syn.lemmas() if lem.name().lower() in forms)


def mainly_adjective(wn: Any, english: str) -> bool:
    """True when SemCor attests ``english`` more often as an adjective than as a noun ("former")."""
    return noun_count(wn, english, "a") > noun_count(wn, english)


def most_attested_noun_first(wn: Any, cands: tuple[str, ...]) -> tuple[str, ...]:
    """``cands`` with the one SemCor attests most often as a noun first (the first listed on a tie), the rest
    in their order; unchanged when fewer than two are given."""
    if len(cands) < 2:
        return cands
    counts = [noun_count(wn, c) for c in cands]
    top = max(range(len(cands)), key=lambda k: (counts[k], -k))
    if top == 0:
        return cands
    logger.debug("%s: %r is the most attested noun (%s)", cands, cands[top], counts)
    return (cands[top],) + cands[:top] + cands[top + 1:]
