"""L -> en German: three frequent words whose first English is another sense, decided by the construction
they stand in (bench/RESULTS.md section 240).

- *heißen* "be called" in *Wie heißt / heißen / hieß ...?* ("what are X called") is not switched to "mean"
  (the sense of *Was heißt X?*): no single English word renders the naming construction, so precision first
  keeps the German word (no other entry stands in).
- *bestehen* is "insist" only with *auf* after it (*bestehen auf*); otherwise (*worin besteht*, *bestehen
  aus*) a word offered "insist" is not switched (its other entries include the noun *Bestand* "stock").
- *Preis* is "prize" in a question about an award (a winning, awarding or nomination word beside it), not
  "price" or "pricing" (section 232's *Nominierungen für den Preis*); "prize" is its only English there.

Hand-written: no shipped source ranks the senses of these words by construction; the cue words are German
morphology (stems), listed here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

logger = logging.getLogger(__name__)

_HEISSEN = re.compile(r"(?:ge)?hei(?:ß|ss)(?:e|t|en|est|et)?$|hie(?:ß|ss)(?:e|en|t|est|et)?$")
_BESTEHEN = re.compile(r"besteh(?:e|t|en|st|end)?$|bestand(?:en|st|et)?$|bestünde(?:n)?$")
#: award words beside *Preis*: winning, awarding, nominating, prize-winners, the Nobel prize
_AWARD = re.compile(r"(?:gewinn|gewann|gewonnen|verleih|verlieh|nominier|auszeichn|preisträger|nobel)")


def construction_sense(cands: Sequence[str], words: Sequence[str], i: int) -> tuple[str, ...]:
    """``cands`` (the English of German word ``words[i]`` in a query) without the sense its construction rules
    out, or with the sense it asks for first (see the module doc)."""
    w = words[i].lower()
    low = [v.lower() for v in words]
    out = tuple(cands)
    if _HEISSEN.match(w) and "wie" in low[:i]:
        # nothing else stands in: the next entries are no better ("be hot", "bid")
        out = () if any(c.lower() in ("mean", "means", "meant") for c in out) else out
    elif _BESTEHEN.match(w) and "auf" not in low[i + 1:]:
        # nothing else stands in: the next entry is often the noun Bestand (Aus wem bestand ... -> "stock")
        out = () if any(c.lower().startswith("insist") for c in out) else out
    elif w == "preis" and any(_AWARD.match(v) for j, v in enumerate(low) if j != i):
        # "prize" alone: the other entries are senses of the cost (price, pricing), so none of them stands in
        # when the context filter drops "prize"
        out = ("prize",)
    if out != tuple(cands):
        logger.debug("de construction sense: %s %s -> %s", words[i], list(cands), list(out))
    return out
