"""L -> en: MUSE's first Arabic entry confirmed later in FreeDict; tied first entries (ar, ru) by frequency.

Two rules on the lists ``Sources.to_english`` builds for an L word (bench/RESULTS.md section 168;
measured on every judged ar/ru L -> en question there, where 168.6 also lists the losses a wider scan found):

1. ``confirmed_later``: FreeDict ara-eng lists a word's translations in no frequency order, the usual one often
   after the fourth (النوع "genre, kind, species, sort, type"; الأطفال "brats, babies, babes, chits, children";
   الرئيس "boss, chief, chairperson, chairman, head, principal, president"). Cut at ``per_source`` (4), MUSE's
   first entry (type, children, president) found no second source and ``Sources._rank``, which keeps only agreed
   candidates, dropped it. MUSE's first entry, where FreeDict lists it after the cut, is kept in FreeDict's list
   (at its end), when the two cut lists already share an entry. Only MUSE's first: reading the whole list made
   every late entry agree (متوسط "average" lost to FreeDict's ninth entry "medium"); and only where the sources
   already agreed: elsewhere it offered words not offered before, half of them wrong (الطريق "way" for a road).
2. ``frequent_breaks_tie``, below.

``Sources._rank`` ranks an L word's English candidates by how many sources list them, then by their best rank in
one, then **alphabetically**. Arabic has two sources that usually both know a word, MUSE en-ar (read backwards) and
FreeDict ara-eng (Russian: MUSE and FreeDict eng-rus read backwards). When each lists the other's first entry too,
both candidates tie (two sources, best rank 0) and the alphabet chose: النقاط "dots" before "points" (judged wrong
in the held-out rev20 ar draw, bench/RESULTS.md section 168). The German counterpart of this tie (en
-> de, "crossed first entries") is decided by word frequency since bench/RESULTS.md section 41: a word clearly more
frequent (wordfreq Zipf, by ``candidates.CROSSED_FIRST_MARGIN``) leads, else the order stays. The same rule here, in
English (``_CROSSED_FREQUENCY`` = ar, ru): points 5.2 leads over dots 3.8, ru place 5.7 over location 4.9; area 5.5
stays before district 5.0 and army 5.1 before military 5.2 (within the margin). An earlier draft let MUSE's own
order (the English words' corpus rank) decide instead: it put district and military first, judged-right words lost
(section 168).

Hand-written: the rule reads the lists ``Sources.to_english`` built and wordfreq (``analysis.frequency.zipf``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)


def confirmed_later(kept: Sequence[str], full: Sequence[str], muse: Sequence[str]) -> list[str]:
    """FreeDict's ``kept`` entries (its list cut at ``per_source``) plus MUSE's first entry (``muse[0]``) when
    ``full`` (FreeDict's whole list) lists it after the cut and ``kept`` already shares an entry with ``muse``
    (the rule reorders a word's candidates; it does not make a word without agreed candidates switchable);
    ``kept`` unchanged otherwise."""
    out = list(kept)
    if not muse or not {x.strip().lower() for x in kept} & {x.strip().lower() for x in muse}:
        # the two sources agree on nothing within the cut: the word had no agreed candidate, and adding one
        # would offer a word not offered before (الطريق "way" for a road, القبول "acceptance" for admission)
        return out
    first = muse[0].strip().lower()
    if first in (x.strip().lower() for x in full[len(kept):]) and first not in (x.strip().lower() for x in kept):
        out.append(first)
    return out


def frequent_breaks_tie(result: Sequence[str], lists: Sequence[Sequence[str]], freq: Callable[[str], float],
                        margin: float) -> tuple[str, ...]:
    """``result`` (ranked candidates) with the most frequent of the candidates tied with its first moved first,
    when it is more frequent than each other tied candidate by at least ``margin`` (``freq``: a Zipf value).

    ``lists``: each source's list for the word. Tied with the first: listed by as many sources as it, and first
    in some source (the ties ``Sources._rank`` breaks alphabetically), words compared in lower case (MUSE writes
    German in lower case, Ding capitalises nouns). Nothing changes otherwise.

    The one implementation of the rule: ``Sources._rank`` applies it into German (en -> de, section 41) and
    ``Sources.to_english`` from Arabic and Russian (section 168); section 197 made the two one function."""
    result = tuple(result)
    if len(result) < 2:
        return result
    norm = [{x.strip().lower() for x in lst} for lst in lists]
    first = {lst[0].strip().lower() for lst in lists if lst}

    def support(c: str) -> int:
        return sum(c.strip().lower() in lst for lst in norm)

    top = support(result[0])
    tied = [c for c in result if support(c) == top and c.strip().lower() in first]
    if len(tied) < 2 or result[0] not in tied:
        return result
    zipfs = {c: freq(c) or 0.0 for c in tied}
    best = max(tied, key=lambda c: zipfs[c])
    if best == result[0] or any(zipfs[best] - zipfs[c] < margin for c in tied if c != best):
        return result
    out = (best,) + tuple(c for c in result if c != best)
    logger.debug("crossed first entries %s: the more frequent %r leads (%s)", tied, best, zipfs)
    return out
