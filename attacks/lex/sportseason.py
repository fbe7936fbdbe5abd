"""English -> L: "season" in a question about a sports team or league is the sports season, not a season of the year.

"has any baseball team had a perfect season", "has any nba team has a perfect season": the dictionaries translate
"season" first as the season of the year (zh 季节, de Jahreszeit, hi ऋतु), judged wrong in v38b (bench/RESULTS.md
section 231.5) where ja シーズン, ar موسم, fr saison, ru сезон were right. Section 194's TV-season rules
(``lex.countedseason``, the recipe's ``_numbered`` and ``_next_instalment``) need a number or a word asking for one
more of a series; a team's season has neither. The recipe then takes the same evidenced series sense
(``Sources.series_sense``: a loan of the English word, else OMW's words for season.n.01 "a period ... marked by
special events or activities in some field"), which is the sports season too (de Saison, hi सीज़न, es temporada);
where no candidate has that evidence (zh: 季节 is OMW's word for every sense) the word is not switched.

``sports_season``: word ``i`` is "season"/"seasons" and another word of the question names a sports team or league:

* a noun whose first WordNet sense is a kind of sport, game or contest (``lex.gamesense.names_game``: baseball,
  playoff, world cup), or whose first sense's gloss names a sport or game (team.n.01 "a cooperative unit (especially
  in sports)", league.n.01 "an association of sports teams");
* or one of the North American leagues' acronyms, which WordNet does not know (``_LEAGUES``: hand-written, the one
  word list here, because no installed resource names them).

Hand-written over the words and WordNet, as ``lex.countedseason``; WordNet decides what a sport is.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

#: sports leagues' acronyms as questions write them ("has any nba team ..."); WordNet has none of them
_LEAGUES = frozenset({"nba", "wnba", "nfl", "nhl", "mlb", "mls", "ncaa", "afl", "nrl", "ipl", "epl"})


def sports_season(wn: Any, a: Any, i: int) -> bool:
    """True when word ``i`` of English analysis ``a`` (``a.words``: tokens with ``text``, ``lemma`` and ``pos``) is
    "season" and another word of the question names a sports team or league (module docstring). ``wn``: nltk's
    WordNet reader."""
    from .gamesense import _glossed_as_game, names_game

    words = a.words
    w = words[i]
    if (w.lemma or w.text).lower() != "season":
        return False
    lower = [v.text.lower() for v in words]
    if any(t in _LEAGUES for j, t in enumerate(lower) if j != i):
        logger.debug("a sports season: a league named")
        return True
    nouns = [(v.lemma or v.text).lower() for j, v in enumerate(words) if j != i and v.pos == "NOUN"]
    verbs = [(v.lemma or v.text).lower() for v in words if v.pos == "VERB"]
    if names_game(wn, nouns, verbs, [t for j, t in enumerate(lower) if j != i]):
        return True
    for noun in nouns:
        first = wn.synsets(noun, pos="n")[:1]
        if first and _glossed_as_game(wn, first[0]):
            logger.debug("a sports season: %r (%s)", noun, first[0].name())
            return True
    return False


__all__ = ["sports_season"]
