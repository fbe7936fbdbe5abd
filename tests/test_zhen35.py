"""English -> zh code-switching: a season counted before "of" is a TV season (issue 10; bench/RESULTS.md section 194
measures the rule).

Held-out v22, v25 and v31 judged zh 季节 (a season of the year) wrong for "is there only one season of cowboy
bebop", "... of alias grace", "... of band of brothers": a TV season is 季 (一季). ``lex.countedseason`` reads the
cardinal before "season" and the "of" after it as the series sense, which ``Sources.series_sense`` serves (no
zh candidate is evidenced for it: the word is not switched into zh). Skips when WordNet, spaCy or MUSE en-zh are
absent.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.codeswitch_probes import target_choices

#: the held-out questions whose "season" was switched to 季节 and judged wrong (v22 sense15, v25a, v31a)
HELD_OUT_SEASONS = (
    "is there only one season of cowboy bebop",
    "is there only one season of alias grace",
    "is there only one season of band of brothers",
)


@pytest.fixture
def cs(cs_zh):
    """The session's English -> zh recipe, context "none" (tests/conftest.py)."""
    return cs_zh


def _choices(cs, text: str, word: str) -> list[str]:
    return target_choices(cs, text, word, "zh")


def _analysis(text: str) -> SimpleNamespace:
    """A stand-in for the English analysis: words with ``text`` and ``lemma`` (plural "seasons" -> "season")."""
    words = [SimpleNamespace(text=t, lemma="season" if t == "seasons" else t) for t in text.split()]
    return SimpleNamespace(words=words)


@pytest.mark.parametrize(("text", "i"), [
    ("is there only one season of cowboy bebop", 4),
    ("how many seasons of the office are there", 2),
    ("were there 9 seasons of frasier", 3),
])
def test_a_counted_season_of_something_is_the_series_sense(text: str, i: int):
    from robustir.attacks.lex.countedseason import counted_season

    assert counted_season(_analysis(text), i)


@pytest.mark.parametrize(("text", "i"), [
    ("is there only one season in hawaii", 4),           # no "of": a season of the year
    ("is winter one season of the year", 3),             # what it is a season of is the year
    ("is there only one season of the year in singapore", 4),
    ("is this the season of giving", 3),                 # not counted
    ("one season", 1),                                   # nothing after it
])
def test_other_seasons_are_not_read_as_counted(text: str, i: int):
    from robustir.attacks.lex.countedseason import counted_season

    assert not counted_season(_analysis(text), i)


@pytest.mark.parametrize("text", HELD_OUT_SEASONS)
def test_a_counted_tv_season_is_not_a_season_of_the_year(cs, text: str):
    assert "季节" not in _choices(cs, text, "season")


@pytest.mark.parametrize("text", [
    "is there only one season in hawaii",                  # counted, no "of"
    "is there only one season of the year in singapore",   # counted, of the year
    "is autumn the best season for planting trees",        # not counted
])
def test_a_season_of_the_year_keeps_its_word(cs, text: str):
    assert _choices(cs, text, "season") == ["季节"]


#: held-out questions whose goal(s) the game-sense rule missed: "play offs" (WordNet's playoff) and "throw in"
#: (WordNet's throw-in) were not read as naming a game (v22, v24: zh 目标, ru цель, hi लक्ष्य, es objetivo judged wrong)
HELD_OUT_GOALS = (
    ("are there away goals in the play offs", "goals"),
    ("has there ever been a throw in goal", "goal"),
)


def test_a_closed_or_hyphenated_pair_names_a_game(wn):
    from robustir.attacks.lex.gamesense import names_game

    assert names_game(wn, ["goal", "play", "off"], [], ["are", "there", "away", "goals", "in", "the", "play", "offs"])
    assert names_game(wn, ["throw", "goal"], [], ["has", "there", "ever", "been", "a", "throw", "in", "goal"])
    # two words that make no game noun together still name none
    assert not names_game(wn, ["goal", "life"], [], ["what", "is", "the", "goal", "of", "life"])


@pytest.mark.parametrize(("text", "word"), HELD_OUT_GOALS)
def test_a_goal_in_a_game_is_not_the_aim(cs, text: str, word: str):
    assert "目标" not in _choices(cs, text, word)
