"""English -> Chinese: a noun whose first WordNet sense is a game sense takes the bare head its Chinese candidates
share, when the Open Multilingual WordNet lists that head under the sense.

"is every winning team on the stanley cup": MUSE en-zh and OMW's cmn lemmas of team.n.01 ("a cooperative unit
(especially in sports)") give 团队 first and 球队 second; the context filter kept 团队, a team of people working
together (a work or project team). Held-out v26-v30 judged it wrong for a sports team 9 times in five draws
(bench/RESULTS.md 161.3); 球队 is a ball team (wrong for a bobsled or an Olympic team). Both are compounds of one
head, 队 ("team, squad"), with a modifier that narrows it (团 "group", 球 "ball"); OMW lists the head itself under
the same synset. A Chinese compound's head is its last morpheme, so the bare head is the sense's word without the
narrowing: the right word for every team a sports question names (the judges' note: "a sports team (队, 球队)").

Only where the first sense is a game sense (``lex.gamesense``'s test: a kind of sport, game, contest or contestant,
or glossed as of a game or sport): there the dictionaries' first word is the everyday register's (团队), while the
sense is the game register's. ``lex.gamesense.game_senses`` leaves such nouns alone on purpose (the first
translation serves the first sense); this module reads the register off the Chinese candidates' shared head
instead. A head that is no free word (赛 of 比赛, 竞赛 for "contest": a bound morpheme) is not offered: wordfreq,
whose Chinese counts are of jieba's words, must count it at least as often as the compound it displaces.
Hand-written (no library gives a Chinese compound's head); WordNet decides the sense, OMW's cmn lemmas (nltk's
omw-1.4 data) which heads name it, wordfreq which are words. Measured in bench/RESULTS.md section 169.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)


def _cmn_lemmas(sense: Any) -> list[str]:
    """OMW's Mandarin (``cmn``) lemmas of ``sense`` as Chinese words (OMW's ``+`` joins and ``_`` dropped)."""
    import warnings

    with warnings.catch_warnings():  # (nltk warns about offsets of OMW's data it cannot place)
        warnings.simplefilter("ignore")
        return [n.replace("+", "").replace("_", "") for n in sense.lemma_names("cmn")]


def shared_head(cands: Sequence[str], lemmas: Sequence[str]) -> str:
    """The word of ``lemmas`` (OMW's Chinese lemmas of one sense) that two or more of ``cands`` end in as a
    proper suffix (团队, 球队 -> 队), the longest such; "" when there is none."""
    heads = [n for n in lemmas if n and sum(1 for c in cands if c != n and c.endswith(n)) >= 2]
    return max(heads, key=len) if heads else ""


def _free_word(head: str, leader: str) -> bool:
    """Whether ``head`` is used as a word by itself: wordfreq (its Chinese counts are of jieba's words) counts it at
    least as often as ``leader``, the compound it would displace (队 5.2 over 团队 5.0; not 赛 4.7, a bound morpheme
    in modern Chinese, under 比赛 5.4 for "contest")."""
    from ..analysis.frequency import zipf

    return (zipf(head, "zh") or 0.0) >= (zipf(leader, "zh") or 0.0)


def game_head(wn: Any, lemma: str, cands: tuple[str, ...]) -> tuple[str, ...]:
    """en -> zh candidates of the English noun ``lemma``: when its first WordNet sense is a game sense and two or
    more candidates end in a word OMW lists under that sense (``shared_head``), that head first, then the
    candidates (the context filter still vetoes), when the head is a free word (``_free_word``); ``cands``
    unchanged otherwise."""
    from .gamesense import _glossed_as_game, _kind_of_game

    senses = wn.synsets(lemma, pos="n")
    if len(cands) < 2 or not senses:
        return cands
    first = senses[0]
    if not (_kind_of_game(wn, first) or _glossed_as_game(wn, first)):
        return cands
    head = shared_head(cands, _cmn_lemmas(first))
    if not head or not _free_word(head, cands[0]):
        return cands
    logger.debug("zh %s: game sense %s, the shared head %s of %s", lemma, first.name(), head, cands)
    return (head, *(c for c in cands if c != head))


__all__ = ["game_head", "shared_head"]
