"""L -> en: a dictionary's other translations of a word, offered to the context filter after the chosen ones.

``Sources.to_english`` keeps only what its sources agree on, or a lone source's FIRST entry, so the English of
another sense never reaches the context filter even where MUSE lists it and the query means it: de besuchte ->
MUSE [attended, visited] (FreeDict and trans-de-en: attended) gave "attended" for "Wann besuchte Obama Kenia"
(visited); tr sayı -> MUSE [score, number] (MUSE alone) gave "score" for "Bir sayı p ile çarpıldığında" (a
number) three times in rev24-rev24b-tr and twice in rev23-rev23b-tr (bench/RESULTS.md sections 163.4, 165.4, 27).
``challengers`` appends MUSE's next entries after the candidates, each only when it is a plain, common English
word that another source translates back to the L word (``confirmed``); the context filter
(``CodeSwitch._choose``) still takes the best-ranked candidate unless USE-m prefers a challenger by more than its
margin (0.03), so the dictionaries' order decides wherever the encoder is not clear (USE-m: visited 0.937 vs
attended 0.900; number 0.956 vs score 0.903).

Hand-written: the dictionaries' entry lists and the encoder are the libraries; the rule is which entries may be
offered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

#: how many of MUSE's entries for the word are looked at (its first is usually the candidate already)
DEPTH = 3


def challengers(cands: Sequence[str], entries: Sequence[str], plain: Callable[[str], bool],
                confirmed: Callable[[str], bool], depth: int = DEPTH) -> tuple[str, ...]:
    """``cands`` followed by the entries among the first ``depth`` of ``entries`` (MUSE's, in its order) that
    are not candidates already (compared in lower case), are ``plain`` (a common English word of the wanted
    kind) and ``confirmed`` (another source gives the L word for it). Unchanged when ``cands`` is empty (the
    sources' checks found no translation: the word is not switched) or no entry qualifies."""
    if not cands:
        return tuple(cands)
    have = {c.lower() for c in cands}
    extra: list[str] = []
    for e in entries[:depth]:
        e = e.strip().lower()
        if not e or e in have:
            continue
        have.add(e)
        if plain(e) and confirmed(e):
            extra.append(e)
    if extra:
        logger.debug("challengers %s after %s", extra, list(cands))
    return (*cands, *extra)
