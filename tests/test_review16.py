"""Review of sections 147-161 (section 27 of bench/results-review16.md): the defects fixed.

1. ``lex.gamesense.names_game`` read a question as about a game whenever a verb's first WordNet sense is glossed as
   done in a game. "play" is such a verb (play.v.01, "participate in games or sport"), but that sense is 70 of its
   246 SemCor uses: "what was the goal of the actor who played hamlet" and "... of the band that played at
   woodstock" kept for goal only its game senses' candidates (ru гол, the scored goal; it scopo, tr hedef, pt alvo,
   zh 目标, the aim, removed). A verb now names a game only when that sense is most of its uses ("score": 18 of 33).

2. ``bench/ceiling.py`` checked its recipe names in set order, so which of two bad names it reported depended on
   the process's string hash seed (``PYTHONHASHSEED``): now in sorted order.

The code-switching cases skip when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.collection_names import word_candidates
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def wn(english_resources: dict[str, Path]):
    from robustir.attacks.base import MissingResource

    try:
        from nltk.corpus import wordnet

        wordnet.synsets("goal")
    except (LookupError, MissingResource):
        pytest.skip("no WordNet")
    return wordnet


def test_a_verb_names_a_game_only_when_its_game_sense_is_its_usual_one(wn):
    from robustir.attacks.lex.gamesense import names_game

    assert not names_game(wn, ["actor"], ["play"])       # play.v.01 is 70 of play's 246 SemCor uses
    assert not names_game(wn, ["band", "woodstock"], ["play"])
    assert names_game(wn, ["keeper"], ["score"])          # score.v.01: 18 of 33
    assert names_game(wn, ["dispute"], ["referee"])       # one sense, no SemCor count: its gloss decides
    assert names_game(wn, ["actor", "hockey"], ["play"])  # a noun still names the game


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["it", "ru", "tr"], context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru", "tr")})


@pytest.mark.parametrize("text", ["what was the goal of the actor who played hamlet",
                                  "what was the goal of the band that played at woodstock"])
def test_the_goal_of_someone_who_played_is_the_aim(cs, text):
    # before: ru гол only (the scored goal), the aim's candidates removed as in a hockey question
    plain = "what was the goal of the actor"  # no verb, no game: the aim's candidates
    for tgt in ("it", "ru", "tr"):
        assert word_candidates(cs, text, "goal", tgt) == word_candidates(cs, plain, "goal", tgt)
    assert word_candidates(cs, text, "goal", "it")


def test_a_goal_scored_in_a_game_keeps_its_game_sense(cs):
    assert "гол" in word_candidates(cs, "has a keeper ever scored a goal", "goal", "ru")


def test_ceiling_reports_the_same_bad_recipe_whatever_the_hash_seed():
    root = Path(__file__).resolve().parents[1]
    said = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, str(root / "bench" / "ceiling.py"), "--pairs", "nope-b:nope-a"],
                             capture_output=True, text=True, env=env, cwd=root, timeout=300)
        assert run.returncode == 2, run.stderr
        said.add(run.stderr.strip().splitlines()[-1].split(":")[1])
    assert said == {" recipe 'nope-a'"}
