"""L -> en (German): an inflected form takes the sense two dictionaries agree on for its lemma.

FreeDict deu-eng lists an inflected German form (kam, gewann, lief) in a row of a rarer verb the form also
belongs to: kam -> "happened, befell" (with widerfuhr: *widerfahren*, *befallen*), gewann -> "gained" (with
erlangte, errang), lief -> "walked". trans-de-en agrees, so two sources out-vote MUSE's first entry (came, won,
ran) and ``Sources.to_english`` offers the rare sense: "Wie nahe kam John an das Johnston-Atoll heran?" ->
"happened", "Welchen Super Bowl gewann Elway" -> "gained" (judged wrong in rev25a-de and rev20a-de; bench/RESULTS.md
sections 186.10 and 197).

The lemma (``simplemma``: kam -> kommen) is looked up instead. Its sense (``lemma_senses``) is MUSE's first entry
for the lemma (come), when a second source (FreeDict deu-eng's first entries for the lemma, or trans-de-en's)
holds a word of the same base form. ``lemma_sense_first`` then puts MUSE's first entry for the form (came) first
when its base form (WordNet morphy: came -> come) is that sense and the current first candidate's (happened) is
not. The other candidates stay after it, so USE-m's context filter can still prefer one by its margin.

Hand-written: simplemma, WordNet's morphy and the dictionaries are the libraries; the rule is which of the
form's entries leads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

logger = logging.getLogger(__name__)

#: how many of MUSE's entries for the form are looked at as the lemma sense's rendering: its first only (came,
#: won, ran). A first draft also looked at the form's other candidates: it reached gespeichert "stored" but took
#: rarer senses (regiert "reigns", verändert "modified", beschäftigt "employed"): section 197.2
DEPTH = 1


def lemma_senses(muse_lemma: Sequence[str], confirming: Iterable[Sequence[str]], base: Callable[[str], set[str]],
                 per_source: int = 4) -> set[str]:
    """Base forms of the lemma's sense: MUSE's first entry for the lemma (``muse_lemma[0]``), when one of the
    ``confirming`` lists (another source's entries for the lemma; their first ``per_source``) holds a word of
    the same base form; empty otherwise (one source alone is no agreement)."""
    if not muse_lemma:
        return set()
    first = base(muse_lemma[0].strip().lower())
    for lst in confirming:
        for e in list(lst)[:per_source]:
            if base(e.strip().lower()) & first:
                return first
    return set()


def lemma_sense_first(cands: Sequence[str], entries: Sequence[str], senses: set[str],
                      base: Callable[[str], set[str]], plain: Callable[[str], bool],
                      depth: int = DEPTH) -> tuple[str, ...]:
    """``cands`` with the first of MUSE's first ``depth`` ``entries`` for the form (a candidate already, or
    ``plain``: a common English word of the wanted kind) whose base form is one of ``senses`` moved (or put) first, when
    the first candidate's base form is none of them. Unchanged when ``cands`` is empty (the word is not
    switched), ``senses`` is empty or no entry has that base form."""
    cands = tuple(cands)
    if not cands or not senses or base(cands[0].strip().lower()) & senses:
        return cands
    pool = [e.strip().lower() for e in entries[:depth]]
    for c in pool:
        if not c or " " in c or not base(c) & senses:
            continue
        if c not in {x.lower() for x in cands} and not plain(c):
            continue
        logger.debug("lemma sense %s: %r leads over %r", sorted(senses), c, cands[0])
        return (c, *(x for x in cands if x.lower() != c))
    return cands
