"""A collection's work title that its passages also write as a common lower-case phrase.

``attacks.lex.namecues`` reads a capitalised run after a work noun ("Shelton's 2013 album Based on a True Story")
as a work's title, and ``CodeSwitch._lowercase_names`` locks every query run that spells a title of two or more
words. BoolQ's dev passages hold that one album, so under ``--dataset boolq`` every "is X based on a true story"
question had "based on a true story" locked (story -> historia, Geschichte, 物語 ... no longer switched: 86
judged-right words lost over 13 held-out v31-v34 questions), while under ``boolq-test`` (no such album) the same
questions were switched: the output depended on which split was named (bench/RESULTS.md section 211, sense36).

The same passages also write the run in lower case ("the film is based on a true story"): a phrase the corpus
writes in lower case as often as capitalised is a common phrase as well as a title, and the title cue alone is
no evidence that the question means the work. ``common_phrase`` applies ``attacks.lex.casing``'s share
(``MIN_SHARE``: a name is written capitalised in at least 80% of its occurrences) to the whole run, which
``CaseCounts`` does not count past four words or when no occurrence is capitalised mid-sentence.

Counted with a regular expression per run on first use (memoised per passages digest and run): only the runs of a
query that spell a cued work title reach it, a handful per collection.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from .casing import MIN_SHARE

logger = logging.getLogger(__name__)

#: (passages digest, run) -> (times written all in lower case, times written otherwise)
_MEMO: dict[tuple[str, str], tuple[int, int]] = {}


def phrase_case(texts: Sequence[str], digest: str, run: str) -> tuple[int, int]:
    """How the passages ``texts`` (digest ``digest``, the memo's key) write ``run`` (lower case, space-joined
    words): (times all in lower case, times with a capital), counting whole-word, case-insensitive matches whose
    words are separated by anything but a word character ("pete s dragon" matches "Pete's Dragon")."""
    key = (digest, run)
    hit = _MEMO.get(key)
    if hit is None:
        pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in run.split()) + r"(?!\w)", re.IGNORECASE)
        lower = other = 0
        for text in texts:
            for m in pattern.finditer(text):
                if m.group(0) == m.group(0).lower():
                    lower += 1
                else:
                    other += 1
        hit = _MEMO[key] = (lower, other)
        logger.debug("phrase case of %r: %d lower case, %d capitalised", run, lower, other)
    return hit


def common_phrase(texts: Sequence[str], digest: str, run: str, share: float = MIN_SHARE) -> bool:
    """True when the passages write ``run`` capitalised in fewer than ``share`` of its occurrences (as
    ``CaseCounts.is_name`` reads a run of up to four words): "based on a true story" in BoolQ's dev passages (once
    as an album's title, once in lower case), while "sons of anarchy", "the walking dead" are never written in
    lower case there."""
    lower, other = phrase_case(texts, digest, run)
    total = lower + other
    return total > 0 and other < share * total


__all__ = ["common_phrase", "phrase_case"]
