"""English -> L code-switching, the TV "season" class and an attributive participle (issue 10, branch
sense12; bench/RESULTS.md, section 80), from the judged rejects of v14-v19
(bench/validity/lexical): "season 4" / "a 5th season" of a series -> zh 季节, hi ऋतु, de Jahreszeit,
tr mevsim (the season of the year), and "an enrolled agent" -> it iscrivere, pt registrar (the verb's
citation form). Skips when WordNet, spaCy or the MUSE dictionaries are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import word_candidates
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


@pytest.fixture(scope="module")
def cs(rp):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["zh", "hi", "de", "tr"], context="none",
                      resource_paths={**rp, "muse": require_muse("zh", "hi", "de", "tr")})


def test_a_numbered_season_is_never_the_season_of_the_year(cs):
    # judged wrong 53 times (zh 季节 27, hi ऋतु 21, de Jahreszeit 4, tr mevsim 1): "is there a season 7 of
    # vanderpump rules", "will there be a 5th season of the killing"
    for text in ("is there a season 7 of vanderpump rules", "will there be a 5th season of the killing"):
        assert "季节" not in word_candidates(cs, text, "season", "zh")
        assert "ऋतु" not in word_candidates(cs, text, "season", "hi")
        assert "Jahreszeit" not in word_candidates(cs, text, "season", "de")
        assert "mevsim" not in word_candidates(cs, text, "season", "tr")
        assert word_candidates(cs, text, "season", "tr")[:1] == ("sezonu",)


def test_the_season_of_the_year_keeps_its_words(cs):
    # no number: the dictionaries' season of the year stands ("In what season does the water level fall
    # in the river?" -> 季节, judged right)
    assert "季节" in word_candidates(cs, "In what season does the water level fall in the river?", "season", "zh")
    assert "Jahreszeit" in word_candidates(cs, "which season is the driest in kenya", "season", "de")


def test_an_attributive_participle_is_not_switched(rp):
    # v19 "can an enrolled agent represent a taxpayer in tax court": enrolled -> it iscrivere, pt registrar,
    # ar سجل (judged wrong); the same verb as the predicate keeps its candidates
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["pt"], context="none", resource_paths=rp)
    assert word_candidates(cs, "can an enrolled agent represent a taxpayer in tax court", "enrolled", "pt") == ()
    assert word_candidates(cs, "was the agent enrolled in the program", "enrolled", "pt") != ()
