"""L -> en (German): FreeDict deu-eng and trans-de-en count as one vote; MUSE's first entry, confirmed by FreeDict,
leads a lower-case word.

Both FreeDict deu-eng and trans-de-en are read from Ding rows (bench/RESULTS.md section 197.1), so when they agree
on the first candidate against MUSE they are one source, not two: führte -> "guided" (MUSE: led), abgehalten ->
"given" (MUSE: held), verwundet -> "stricken" (MUSE: wounded), each judged wrong in the rev de sets (section 27 of
branch de38). When MUSE's first entry for the form is not the first candidate, is no candidate MUSE lists at all,
and FreeDict's list for the form holds MUSE's word too (Ding confirms it), MUSE's word is put first. The other
candidates follow (the context filter may still prefer one by its margin).

Lower-case words only (verbs, adjectives, participles): a capitalised noun's MUSE entry is as often a rarer sense
(Band: tape). Hand-written: the dictionaries are the libraries; the rule is how their votes are counted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)


def muse_first_confirmed(cands: Sequence[str], muse: Sequence[str], freedict: Sequence[str],
                         plain: Callable[[str], bool]) -> tuple[str, ...]:
    """``cands`` with MUSE's first entry (``muse[0]``) moved or put first when the first candidate is not among
    MUSE's entries for the form and ``freedict`` (FreeDict deu-eng's entries for the form) lists MUSE's word;
    ``plain`` says whether a word may be offered (a common one-word English word). Unchanged otherwise."""
    if not cands or not muse:
        return tuple(cands)
    first = muse[0].strip()
    low = {m.strip().lower() for m in muse}
    if cands[0].strip().lower() in low or first.lower() not in {f.strip().lower() for f in freedict} \
            or not plain(first):
        return tuple(cands)
    logger.debug("MUSE's %s confirmed by FreeDict leads %s", first, cands[0])
    return (first, *(c for c in cands if c.strip().lower() != first.lower()))
