"""A one-word name beside a name the question has: the passages that hold the question's locked name write the
word capitalised ("was i'll be there for you written for friends": the song's passages write "co-written by
Friends producers").

Why: held-out v30 judged "friends" (the TV series) wrong in all eleven languages (es amigo, de Freundeskreis,
ja 友達 ...; bench/RESULTS.md sections 156, 160.1). The corpus as a whole writes "friends" capitalised 4 times in
33 mid-sentence uses, below ``namecues.PASSAGE_NAME_SHARE``, and the passages holding the question's other
content words ("written") write it in lower case, so ``NameCues.capitalised_beside`` does not fire either. But
the question names the song by its title, which the switcher locks already (a collection title, a capitalised
run of the passages), and the passages that hold that title are the song's: there "Friends" is capitalised
every time. A locked run of two or more words is a far narrower pointer to the passages the question is about
than any one content word. Only the passages' own case is evidence; hand-written over ``attacks.lex.casing``'s
tokens and ``NameCues``'s counts (no library reads case per passage) (bench/RESULTS.md section 166).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from .casing import _GAP, _sentences
from .namecues import NameCues

logger = logging.getLogger(__name__)

_LOCK = threading.Lock()
#: per corpus digest: each passage's lower-case tokens, " "-joined and padded, sentences and separators as "|"
_TOKENS: dict[str, list[str]] = {}


def _passage_tokens(cues: NameCues) -> list[str]:
    """The lower-case word tokens of every passage of ``cues`` as one padded string each (built once per corpus):
    a run of words is found in a passage by a substring test, never across a sentence bound or a separator."""
    with _LOCK:
        hit = _TOKENS.get(cues.digest)
    if hit is None:
        hit = [" " + " | ".join(" ".join("|" if w == _GAP else w.lower() for w in s) for s in _sentences(t)) + " "
               for t in cues.texts]
        with _LOCK:
            _TOKENS[cues.digest] = hit
    return hit


def passages_holding(cues: NameCues, run: Sequence[str]) -> list[int]:
    """The indices of the passages that hold the words ``run`` (lower case, as ``attacks.lex.casing`` tokenises:
    "i'll" is "i", "ll") one after another inside a sentence."""
    needle = " " + " ".join(w.lower() for w in run) + " "
    return [t for t, text in enumerate(_passage_tokens(cues)) if needle in text]


def capitalised_beside_name(cues: NameCues, word: str, runs: Sequence[Sequence[str]]) -> bool:
    """True when the passages that hold one of ``runs`` (the question's locked names of two or more words) write
    ``word`` capitalised as a whole one-word name mid-sentence more often than in lower case, together
    (``NameCues.case_by_passage``), and at least once."""
    counts = cues.case_by_passage(word)
    if not counts:
        return False
    upper = lower = 0
    for run in runs:
        for t in passages_holding(cues, run):
            cap, low = counts.get(t, (0, 0))
            upper, lower = upper + cap, lower + low
    if upper > lower:
        logger.debug("%r: capitalised %d times (lower case %d) in the passages holding %s", word, upper, lower,
                     [" ".join(r) for r in runs])
    return upper > lower


__all__ = ["capitalised_beside_name", "passages_holding"]
