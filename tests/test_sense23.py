"""English -> L code-switching: a noun's game sense in a question about a sport or game (issue 10 (a),
bench/RESULTS.md section 152 measures the rule):

* "has a goalie ever scored a goal in hockey" -> it scopo, ru цель, tr hedef "aim" (judged wrong in v22, v24, v28,
  v29: WordNet's first sense of goal is the aim; the scored goal is goal.n.04);
* "has the world cup final ever been decided on penalties" -> ru наказание, tr ceza "punishment" (judged wrong in
  v21, v26, v28; the penalty of a game is penalty.n.04).

``lex.gamesense`` reads the game from WordNet's hypernyms (hockey is a sport, the world cup a contest, a goalie a
contestant); ``Sources.game_candidates`` keeps the candidates with no evidence for the word's other senses.
Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import word_candidates
from tests.muse_data import require_muse

LANGS = ["it", "ru", "tr"]


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=LANGS, context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru", "tr")})


@pytest.fixture(scope="module")
def wn(english_resources: dict[str, Path]):
    from robustir.attacks.base import MissingResource

    try:
        from nltk.corpus import wordnet

        wordnet.synsets("goal")
    except (LookupError, MissingResource):
        pytest.skip("no WordNet")
    return wordnet


def test_game_senses_are_the_senses_other_than_the_first_in_the_game_register(wn):
    from robustir.attacks.lex.gamesense import game_senses

    assert {s.name() for s in game_senses(wn, "goal")} == {"goal.n.03", "goal.n.04"}
    assert [s.name() for s in game_senses(wn, "penalty")] == ["penalty.n.04"]
    # the first sense is a game sense already (a team, "especially in sports"): nothing to override
    assert game_senses(wn, "team") == []


def test_a_game_is_named_by_a_sport_a_contest_a_contestant_or_a_verb_of_games(wn):
    from robustir.attacks.lex.gamesense import names_game

    assert names_game(wn, ["hockey"])
    assert names_game(wn, ["goalie"])
    assert names_game(wn, ["keeper"], ["score"])                        # score.v.01: "gain points in a game"
    assert names_game(wn, ["world", "cup"], words=["the", "world", "cup"])  # world_cup.n.01, a tournament
    assert not names_game(wn, ["world", "cup"])
    assert not names_game(wn, ["bargain", "plea"], ["take"])
    assert not names_game(wn, ["market"], ["compete"])


def test_a_goal_scored_in_hockey_is_no_aim(cs):
    text = "has a goalie ever scored a goal in hockey"
    assert "scopo" not in word_candidates(cs, text, "goal", "it")
    ru = word_candidates(cs, text, "goal", "ru")
    assert "цель" not in ru
    assert "гол" in ru
    assert "hedef" not in word_candidates(cs, text, "goal", "tr")


def test_penalties_deciding_a_final_are_no_punishment(cs):
    text = "has the world cup final ever been decided on penalties"
    assert "наказание" not in word_candidates(cs, text, "penalties", "ru")
    tr = word_candidates(cs, text, "penalties", "tr")
    assert "ceza" not in tr
    assert "penaltı" in tr


def test_a_goal_outside_a_game_keeps_the_aim(cs):
    text = "what is usually the goal of taking a plea bargain"
    assert "scopo" in word_candidates(cs, text, "goal", "it")
    assert "цель" in word_candidates(cs, text, "goal", "ru")


def test_arabic_keeps_the_word_it_uses_for_the_aim_and_the_scored_goal(english_resources: dict[str, Path]):
    """ar هدف names both the aim and a scored goal: the game-sense rule is off for ar (section 152: it removed
    3 judged-right هدف for 1 judged-wrong word), so the goal of a hockey question keeps what it had."""
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["ar"], context="none", resource_paths={**english_resources, "muse": require_muse("ar")})
    assert "هدف" in word_candidates(cs, "has a goalie ever scored a goal in hockey", "goal", "ar")
