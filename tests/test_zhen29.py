"""English -> zh code-switching: a sports team is no work team (issue 10; bench/RESULTS.md
section 169 measures the rule).

Held-out v26-v30 judged 团队 (a team of people working together) wrong for a sports team 9 times in five draws
(bench/RESULTS.md 161.3): "did jamaica have a bobsled team this year", "is every winning team on the stanley cup",
"has a team won the world cup at home", "can only the serving team score in volleyball", "has any team won champions
league back to back", "does south carolina have a professional sports team", "does the host team have to qualify for
world cup", "does wales have its own world cup team", "has an nfl team ever played a cfl team". team.n.01 is a game
sense ("a cooperative unit (especially in sports)"); its candidates 团队 and 球队 share the head 队, which OMW's cmn
lemmas list under the same sense (``lex.zhhead``). Skips when WordNet, spaCy or MUSE en-zh are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse

#: the nine held-out questions whose "team" was switched to 团队 and judged wrong (v26a-v30a)
HELD_OUT_TEAMS = (
    "did jamaica have a bobsled team this year",
    "is every winning team on the stanley cup",
    "has a team won the world cup at home",
    "can only the serving team score in volleyball",
    "has any team won champions league back to back",
    "does south carolina have a professional sports team",
    "does the host team have to qualify for world cup",
    "does wales have its own world cup team",
    "has an nfl team ever played a cfl team",
)


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    # context="none": the first candidate is the choice, so the test sees the rules alone
    return CodeSwitch(languages=["zh"], context="none",
                      resource_paths={**english_resources, "muse": require_muse("zh")})


def test_shared_head_is_the_suffix_two_candidates_share():
    from robustir.attacks.lex.zhhead import shared_head

    assert shared_head(("团队", "球队"), ["团队", "球队", "队"]) == "队"
    # one candidate ending in it is no shared head; nor is a head OMW does not list under the sense
    assert shared_head(("团队", "队伍"), ["团队", "队伍", "队"]) == ""
    assert shared_head(("团队", "球队"), ["团队", "球队"]) == ""
    assert shared_head(("结婚", "婚姻"), ["婚姻", "结婚"]) == ""


def _choices(cs, text: str, word: str) -> list[str]:
    """The zh choices of every ``word`` in the English ``text`` (``CodeSwitch._analyse``, as
    bench/codeswitch_paired.py reads them)."""
    parts, opts, _ = cs._analyse(text, "en")
    return [rep for k in range(len(parts) // 2) if parts[2 * k + 1] == word for lang, rep in opts[k] if lang == "zh"]


@pytest.mark.parametrize("text", HELD_OUT_TEAMS)
def test_a_sports_team_is_not_a_work_team(cs, text: str):
    choices = _choices(cs, text, "team")
    assert choices and set(choices) == {"队"}, choices


def test_a_noun_whose_first_sense_is_no_game_sense_is_unchanged(cs, wn):
    from robustir.attacks.lex.zhhead import game_head

    # marriage.n.01 is no game sense: its candidates stay as the dictionaries rank them
    assert game_head(wn, "marriage", ("结婚", "婚姻")) == ("结婚", "婚姻")
    assert game_head(wn, "team", ("团队", "球队"))[0] == "队"


#: held-out questions whose noun was switched to the stem of OMW's adjective X+的 (v24, v29: 军事 judged wrong)
HELD_OUT_MILITARY = (
    "are the marines a branch of the military",
    "do you have to join the military in germany",
    "does the us military have a rail gun",
)


def test_adjective_stems_read_omws_attributive_join(wn):
    from robustir.attacks.lex.zhadjective import adjective_stems

    assert "军事" in adjective_stems(wn, "military")     # military.a.01: 军事+的
    assert "独立" in adjective_stems(wn, "independent")
    assert adjective_stems(wn, "marriage") == frozenset()  # no adjective senses


@pytest.mark.parametrize("text", HELD_OUT_MILITARY)
def test_the_military_is_the_armed_forces_not_military_affairs(cs, text: str):
    assert _choices(cs, text, "military") == ["军方"]


def test_an_independent_candidate_is_not_independence(cs):
    # "run as an independent" (v29: 独立, independence, judged wrong): no noun candidate is left, not switched
    assert "独立" not in _choices(cs, "can you run for president as an independent", "independent")


#: held-out questions whose "marriage" was switched to the verb 结婚 (v21, v22, v26: judged wrong)
HELD_OUT_MARRIAGE = (
    ("is there such a thing as a sexless marriage", "marriage"),
    ("are there arranged marriages in the united states", "marriages"),
    ("is common law marriage legal in all 50 states", "marriage"),
    ("is there such thing as common law marriage in michigan", "marriage"),
)


@pytest.mark.parametrize(("text", "word"), HELD_OUT_MARRIAGE)
def test_a_marriage_is_the_state_not_the_verb_to_marry(cs, text: str, word: str):
    assert _choices(cs, text, word) == ["婚姻"]


def test_act_verb_last_needs_a_verb_of_an_act_sense(wn):
    from robustir.attacks.lex.zhact import act_verb_last

    flags = {"结婚": "v", "婚姻": "n"}.get
    assert act_verb_last(wn, "marriage", ("结婚", "婚姻"), lambda c: flags(c) or "") == ("婚姻", "结婚")
    # a leader jieba does not tag as a verb stays
    assert act_verb_last(wn, "marriage", ("结婚", "婚姻"), lambda c: "n") == ("结婚", "婚姻")


def test_a_bound_head_is_not_offered(wn):
    from robustir.attacks.lex.zhhead import game_head

    # contest.n.01 is a game sense and 比赛, 竞赛 share 赛, which OMW lists under it; but 赛 is no free word
    assert game_head(wn, "contest", ("比赛", "竞赛")) == ("比赛", "竞赛")


def test_the_stems_place_is_taken_only_where_the_stem_would_have_been_chosen(cs):
    # "a christian": 基督徒 (a believer) takes the place of the stem 基督教 (Christianity, OMW's 基督教+的)
    assert cs.sources.from_english("christian", "christian", "NOUN", "zh")[:1] == ("基督徒",)
    # "the open": MUSE's 开 / 开放 (stems) were never chosen for the noun; 营业 ("open for business") is not
    # switched in their place
    assert cs.sources.from_english("open", "open", "NOUN", "zh") == ()
