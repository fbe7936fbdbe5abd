"""English -> L code-switching, recurring wrong senses of the held-out draws v10-v25 (issue 10 (a), branch
sense20; bench/results-sense20.md):

* "will there be another house of cards season" (v25): a TV season, not the season of the year (zh 季节, de
  Jahreszeit judged wrong); the unnumbered-season rule (``_next_instalment``) served it pt ru hi tr only;
* "is there a difference between a circus and a carnival" (v25): the travelling funfair (WordNet's
  carnival.n.03, a kind of show.n.01 like circus.n.02), not the pre-Lent festival (es carnaval, de Karneval,
  zh 狂欢节 ... judged wrong in 10 languages); the coordination rule saw no noun across an article.

Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


def _offered(cs, text: str) -> dict[str, set[str]]:
    """The words of the English ``text`` the recipe may switch, each with its chosen replacements."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1].lower(): {c.lower() for _, c in op} for i, op in enumerate(opts) if op}


def test_a_sister_of_any_sense_of_a_coordinated_noun(wn):
    from robustir.attacks.lex.domainsense import sister_any_sense, sister_sense

    # circus's first sense (the company) names no sense of carnival; circus.n.02 (the show) does
    assert sister_sense(wn, "carnival", ["circus"]) is None
    assert sister_any_sense(wn, "carnival", ["circus"]).name() == "carnival.n.03"
    # two first senses already related (baseball and football are field games): no other sense is sought
    # (football.n.02, the ball, would name baseball.n.02)
    assert sister_any_sense(wn, "baseball", ["football"]) is None
    assert sister_any_sense(wn, "carnival", []) is None


@pytest.fixture(scope="module")
def cs_de_zh(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["de", "zh", "fr"], rate=1.0, context="none",
                      resource_paths={**english_resources, "muse": require_muse("de", "zh")})  # (fr: OMW, FreeDict)


def test_a_carnival_beside_a_circus_is_no_festival(cs_de_zh):
    # v25 boolq-test: carnival -> de Karneval, fr carnaval (the pre-Lent festival; judged wrong). (zh 狂欢节,
    # judged wrong too, stays: OMW lists it under the funfair, carnival.n.03, and under no other sense)
    offered = _offered(cs_de_zh, "is there a difference between a circus and a carnival")
    assert not offered.get("carnival", set()) & {"karneval", "carnaval"}
    assert offered.get("carnival") == {"foire", "狂欢节"}  # fr foire (the fair) has OMW's evidence for the show
    # the festival where nothing names the show keeps its words
    assert "karneval" in _offered(cs_de_zh, "when does the carnival in rio start").get("carnival", set())


def test_another_season_of_a_show_is_no_season_of_the_year(cs_de_zh):
    # v25 boolq-test: season -> de Jahreszeit, zh 季节 (the season of the year; judged wrong)
    for q in ("will there be another house of cards season", "will there be a new season of death in paradise"):
        offered = _offered(cs_de_zh, q).get("season", set())
        assert not offered & {"jahreszeit", "季节"}
    # the season of the year elsewhere keeps its word
    assert "季节" in _offered(cs_de_zh, "which season has the longest days").get("season", set())
