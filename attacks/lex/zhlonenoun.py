"""L -> en Chinese: MUSE alone lists the word, and its first entry is an English noun with one WordNet sense.

``Sources.to_english`` drops a candidate only one source lists when the English is rare (below ``ENGLISH_FLOOR``:
水母 "jellyfish", 地质学家 "geologist") or has no SemCor count (雨林 "rainforest", 殖民者 "colonists"): for a word
one dictionary alone lists, a rare English word is mostly one of its rarer senses or noise. Traced in section 253
(bench/zhunp40/trace_drops.py over the 41 words section 235 found MUSE lists and the ranking drops), these drops
keep ordinary zh questions unperturbable.

``single_sense_noun`` keeps MUSE's first entry when no other source lists anything for the word (OMW cmn, FreeDict
give nothing: no disagreement to decide), the entry is one lower-case English word, and WordNet gives it exactly one
synset, a noun, whose lemmas spell it in lower case (no name: not "Bonn", "Rhine"); a zh word written with the
superlative 最 is no noun and is left out. One sense means the rarer-sense
risk the floor guards against is absent; a term like "geologist" has no other reading.

Development data only (section 253). Hand-written: the rule reads the lists ``Sources.to_english`` already built; no
library gives "one English sense" beyond WordNet's synset list, which is what is used.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: L -> en languages the rule runs for (``Sources.to_english``)
LANGUAGES = frozenset({"zh"})


def single_sense_noun(lists: Sequence[Sequence[str]], origins: Sequence[str], wn: Any, original: str,
                      stop: frozenset[str] | set[str]) -> tuple[str, ...]:
    """MUSE's first entry, as a one-tuple, when MUSE is the only source with entries and the entry is a lower-case
    English word with a single WordNet synset, a noun not spelled as a name; else ``()``."""
    if "muse" not in origins or original.startswith("最"):
        # a 最 word is a superlative (最大 "largest", 最新 "newest"), never a noun: MUSE's 最大 "max" is WordNet's one
        # noun sense of "max" (a street name of a drug); seen on section 253's development outputs
        return ()
    muse = [x.strip() for x in lists[origins.index("muse")]]
    if not muse or any(lst for o, lst in zip(origins, lists, strict=False) if o != "muse"):
        return ()
    cand = muse[0]
    if not cand.isalpha() or not cand.isascii() or cand != cand.lower() or len(cand) < 3 or cand in stop \
            or cand == original:
        return ()
    syns = wn.synsets(cand)
    if len(syns) != 1 or syns[0].pos() != "n":
        return ()
    base = wn.morphy(cand, "n") or cand
    if not any(lem.name() == base for lem in syns[0].lemmas()):
        return ()  # spelled with a capital in WordNet: a name (bonn -> Bonn)
    logger.debug("zh lone MUSE noun kept: %s -> %s", original, cand)
    return (cand,)
