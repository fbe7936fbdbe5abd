"""English: the American spelling WordNet lists for a multiword expression a question writes in British spelling
("maid of honour" is WordNet's maid_of_honor).

WordNet 3.0 files most multiword lemmas in American spelling only, so the analysis's multiword lookup
(``analysis.english._mwe_spans``) and the recipe's whole-expression switch (``CodeSwitch._whole_expressions``) missed
"maid of honour": "maid" was switched alone to a servant word (es criada, fr domestique, it cameriera, pt criada),
judged wrong in held-out v39a (bench/RESULTS.md section 244.4) and v29a, while the American "maid of honor" is switched
whole and right (es dama de honor, it damigella d'onore). Section 258 measures it.

Hand-written: the ``breame`` package (PyPI) maps British to American spellings but is not installed in the project's
environment; the few regular British endings below (-our, -tre, -ise, -isation, -yse, -ogue) give candidates only,
and WordNet decides: a variant counts only when WordNet lists that exact multiword lemma, so "four hours" (-> "for
hors") or "hour" never match anything.
"""

from __future__ import annotations

import itertools
import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

#: British endings and their American forms (regular patterns only; WordNet confirms every variant)
_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"our$", "or"), (r"ours$", "ors"), (r"tre$", "ter"), (r"tres$", "ters"), (r"isation$", "ization"),
    (r"isations$", "izations"), (r"ise$", "ize"), (r"ised$", "ized"), (r"yse$", "yze"), (r"ogue$", "og")))
#: at most this many words in an expression (the analysis looks at two or three)
_MAX_WORDS = 4


def _variants(word: str) -> list[str]:
    """``word`` and its American forms by the regular endings (the word itself first)."""
    out = [word]
    for pat, rep in _ENDINGS:
        if len(word) > 4 and pat.search(word):
            out.append(pat.sub(rep, word))
    return out


def wordnet_spelling(wn: Any, seq: str, pos: str | None = "n") -> str | None:
    """The spelling variant of ``seq`` (words joined by "_", lower case) that WordNet lists as a lemma of part of
    speech ``pos`` (None: any), when ``seq`` itself is none; else None. "maid_of_honour" -> "maid_of_honor"."""
    words = seq.split("_")
    if len(words) < 2 or len(words) > _MAX_WORDS:
        return None
    if _listed(wn, seq, pos):
        return None
    for combo in itertools.product(*(_variants(w) for w in words)):
        cand = "_".join(combo)
        if cand != seq and _listed(wn, cand, pos):
            logger.debug("%s: WordNet spells it %s", seq, cand)
            return cand
    return None


def _listed(wn: Any, seq: str, pos: str | None) -> bool:
    """Whether WordNet lists ``seq`` as a lemma name (lower-cased) of a synset of ``pos``."""
    return any(le.name().lower() == seq for s in wn.synsets(seq, pos=pos) for le in s.lemmas())
