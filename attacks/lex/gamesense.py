"""The game senses of an English noun in a question about a sport or game ("has a goalie ever scored a goal in
hockey": goal the scored point, not the aim; "has the world cup final ever been decided on penalties": the penalty
kick, not a punishment).

The dictionaries' first translation serves a noun's first WordNet sense, and WordNet's first sense of goal is the aim
(goal.n.01), of penalty the punishment (punishment.n.01). Judged wrong in every held-out draw since v22
(bench/RESULTS.md sections 134.4, 143.4): goal -> it scopo, pt alvo, ru цель, hi लक्ष्य, tr hedef, zh 目标,
ja 目的; penalties -> it pena, ru наказание, tr ceza, zh 惩罚, ja 罰.

Two WordNet signals, no word list:

* the query names a game (``names_game``): the first sense of another noun of the query is a kind of sport, game,
  contest or contestant (hockey, world cup, final, goalie, catcher) or is filed under such a topic domain; or a verb's
  first sense is glossed as done in a game ("score": "gain points in a game"; "play": "participate in games or sport");
* the word's game senses (``game_senses``): the senses other than the first that WordNet files under a game domain
  (penalty.n.04, "(games) a handicap ... for an infraction of the rules"), that are kinds of the game register
  (game_equipment: goal.n.03, the frame), or whose gloss or whose direct hypernym's gloss speaks of a game or sport
  (goal.n.04, "a successful attempt at scoring": score.n.10, "the act of scoring in a game or sport").

None of it applies when the first sense is itself a game sense (team.n.01, "a cooperative unit (especially in
sports)"): the dictionaries' first translation is then for the meant sense; nor when the first sense is a physical
entity (horse, glove, dome: the thing itself is meant in a derby or a ball game), nor when no game sense is one by
itself rather than through its hypernym's gloss (``game_senses``). Hand-written (no library picks a sense
from a query's register; ``nltk.wsd.lesk`` counts gloss words and picked unrelated senses, ``lex.domainsense``);
WordNet decides what a game is.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: The game register's roots in WordNet: a noun whose first sense is a kind of one names a game (ice_hockey.n.01 is
#: a sport, world_cup.n.01 and final.n.01 contests, goalkeeper.n.01 a contestant); game_equipment.n.01 is
#: the goal frame's and the ball's hypernym
_ROOTS = ("sport.n.01", "game.n.01", "game.n.02", "contest.n.01", "contestant.n.01", "game_equipment.n.01")


@functools.lru_cache(maxsize=4)
def _roots(wn: Any) -> frozenset:
    """The game register's root synsets (``_ROOTS``)."""
    return frozenset(wn.synset(n) for n in _ROOTS)


@functools.lru_cache(maxsize=4)
def _register_words(wn: Any) -> frozenset[str]:
    """The words a gloss names a game by: the lemmas of sport.n.01, game.n.01 and game.n.02 (sport, athletics,
    game). Contest's "competition" is left out: glosses of markets and biology use it."""
    return frozenset(n.lower() for s in ("sport.n.01", "game.n.01", "game.n.02") for n in wn.synset(s).lemma_names())


@functools.lru_cache(maxsize=8192)
def _kind_of_game(wn: Any, sense: Any) -> bool:
    """Whether ``sense`` is a kind of a game root (hypernym or instance-hypernym closure, itself included) or is
    filed under a topic domain that is."""
    return any(_up(wn, s) for s in (sense, *sense.topic_domains()))


@functools.lru_cache(maxsize=8192)
def _up(wn: Any, sense: Any) -> bool:
    """Whether ``sense`` or one of its hypernyms (instance hypernyms too) is a game root."""
    up = {sense, *sense.closure(lambda s: s.hypernyms() + s.instance_hypernyms())}
    return bool(up & _roots(wn))


def _glossed_as_game(wn: Any, sense: Any) -> bool:
    """Whether the gloss of ``sense`` names a game or sport (its words read back to a register word by WordNet's
    lemmatiser: "games" -> game)."""
    words = _register_words(wn)
    for t in sense.definition().replace("(", " ").replace(")", " ").split():
        t = t.strip(".,;:'\"").lower()
        if t in words or (wn.morphy(t, "n") or "") in words:
            return True
    return False


def names_game(wn: Any, nouns: Iterable[str], verbs: Iterable[str] = (), words: Sequence[str] = ()) -> bool:
    """Whether the query, by its other nouns' and verbs' lemmas, is about a sport or game: a noun whose first
    WordNet sense is a kind of sport, game, contest or contestant (or filed under one), or a verb whose first sense
    is glossed as done in a game ("score": "gain points in a game"). First senses only, as
    ``lex.domainsense.sister_sense``: any sense of any noun names a game too often (a "match" is a lighter first).
    ``words``: the query's words in order (lower case); two adjacent ones that WordNet knows as one noun count as a
    noun ("world cup": world_cup.n.01, a tournament; the tagger reads "world" and "cup" apart), and so do two that
    WordNet writes as one closed or hyphenated word ("play offs": playoff.n.01, "a throw in": throw-in.n.01; held-out
    v22 and v24 judged zh 目标, the aim, wrong for the goals of such questions: bench/RESULTS.md section 194)."""
    pairs = [j for x, y in zip(words, words[1:], strict=False)
             for j in (f"{x}_{y}", *((f"{x}{y}", f"{x}-{y}") if x.isalpha() and y.isalpha() else ()))]
    for word in (*nouns, *(p for p in pairs if wn.synsets(p, pos="n"))):
        first = wn.synsets(word.replace(" ", "_"), pos="n")[:1]
        if first and _kind_of_game(wn, first[0]):
            logger.debug("a game named by %r (%s)", word, first[0].name())
            return True
    for word in verbs:
        first = wn.synsets(word, pos="v")[:1]
        if first and _glossed_as_game(wn, first[0]):
            logger.debug("a game named by the verb %r (%s)", word, first[0].name())
            return True
    return False


def game_senses(wn: Any, lemma: str) -> list[Any]:
    """The WordNet noun senses of ``lemma`` other than its first that belong to the game register (filed under a
    game domain or a kind of a game root, or glossed as of a game or sport, or a direct hypernym so glossed), first
    sense first; [] when the first sense is one too (team.n.01: the dictionaries' first translation serves it) or the
    word has one sense."""
    senses = wn.synsets(lemma, pos="n")
    if len(senses) < 2:
        return []

    def game(sense: Any) -> bool:
        return _kind_of_game(wn, sense) or _glossed_as_game(wn, sense) \
            or any(_glossed_as_game(wn, h) for h in sense.hypernyms())

    if game(senses[0]) or _physical(wn, senses[0]):
        return []
    games = [s for s in senses[1:] if game(s)]
    # one of them must be a game sense by itself (a kind of a game root, or its own gloss or topic domain names a
    # game): advantage.n.02 "(tennis) first point scored after deuce" is one only through its hypernym's gloss, and
    # the advantage of a home field is the everyday one (de Vorteil, es ventaja judged right)
    return games if any(_kind_of_game(wn, s) or _glossed_as_game(wn, s) for s in games) else []


def _physical(wn: Any, sense: Any) -> bool:
    """Whether ``sense`` is a physical entity (an animal, an artifact): a horse, a glove or a dome in a question about
    a race or a game is mostly the thing itself (de Pferd, Handschuh judged right in a derby and a baseball question;
    horse.n.02, the gymnastic apparatus, and boxing_glove.n.01 are game senses too)."""
    return wn.synset("physical_entity.n.01") in sense.closure(lambda s: s.hypernyms() + s.instance_hypernyms())


__all__ = ["game_senses", "names_game"]
