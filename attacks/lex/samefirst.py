"""L -> en (German): a noun that two sources translate first as itself is not switched to another word.

German borrowed many English nouns (Standard, Norm, Training, Pass). FreeDict deu-eng and trans-de-en then give
the word itself first ("standard"), which ``Sources._rank`` skips (a switch must change the text), so what is
left is another source's entry for a rarer sense that a later entry of one list happens to confirm: Standard ->
"default" (MUSE's only entry; FreeDict's fifth), Norm -> "standard", Pass -> "passport" for a football pass,
Training -> "workout" (judged wrong in rev25-rev25a-de, agree26 and rev24-rev24a-de; bench/RESULTS.md section
197). When two sources list the noun itself first, its usual English is the same word and no other candidate
translates it in its usual sense: the word stays unswitched.

Capitalised nouns only: an adjective written like its English (global) may still switch to another form of the
same word (globally, judged right on the branch's draft, section 197.3). The lists are read after
``_merge_inflections`` (Land: "lands", not "land", so Land -> country is kept).

Hand-written: the dictionaries are the libraries; the rule is when their agreement on the word itself wins.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: how many sources must list the word itself first
AGREEING = 2


def listed_as_itself(word: str, lists: Sequence[Sequence[str]], agreeing: int = AGREEING) -> bool:
    """True when ``word`` (a German noun, capitalised) is the first entry of at least ``agreeing`` of the
    sources' ``lists`` (compared in lower case): its English is the same word, so no other candidate is its
    usual sense. False for a word that is not capitalised (not a German noun)."""
    if not word[:1].isupper() or word.isupper():
        return False
    low = word.lower()
    hits = sum(bool(lst) and lst[0].strip().lower() == low for lst in lists)
    if hits >= agreeing:
        logger.debug("%s: listed first as itself by %d sources, not switched", word, hits)
        return True
    return False
