"""English -> ja code-switching: three recurring ja rejects of the judged en -> L files, fixed in section 278 (branch
jaen42; development data).

- "member" of a world organization (``attacks.lex.memberstate``): メンバー for a member state of the UN or the EU was
  judged wrong five times (v26, v28, v35, v38, agree28); no source has 加盟国, so the word is not switched.
- "skin" of a food (``attacks.lex.foodskin``): 皮膚, body skin, for a sausage's or a cheese's skin (v25, v30): 皮.
- "football team" (``attacks.lex.soccerunit``): サッカーチーム, a soccer team, for US college and NFL teams (six
  rejects): not switched unless the query names soccer ("fifa world cup").

The unit tests read WordNet; the recipe tests skip without spaCy, WordNet or FreeDict eng-jpn.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(("words", "i"), [("is turkey a member of the united nations", 3),
                                          ("is n korea a member of the un", 4),
                                          ("is the united states a member of the eu", 5),
                                          ("is morocco a member of the european union", 3),
                                          ("is india a non permanent member of security council", 5),
                                          # the name's plural left off (section 297)
                                          ("is north korea a member of united nation", 4),
                                          ("is nigeria still a member of united nation", 4)])
def test_a_member_of_a_world_organization_is_a_member_state(wn, words: str, i: int):
    from robustir.attacks.lex.memberstate import member_of_union

    assert member_of_union(wn, words.split(), i)


@pytest.mark.parametrize(("words", "i"), [("was martin short a cast member of snl", 5),
                                          ("are tomatoes a member of the nightshade family", 3),
                                          ("are all the members of zz top still alive", 3),
                                          ("is the us a member of the international court of justice", 4),
                                          ("is a senate member", 3),
                                          ("is he a member of the union", 3),       # no plural tried for one word
                                          ("is bolivia a member of the nation", 3)])
def test_other_members_are_not(wn, words: str, i: int):
    from robustir.attacks.lex.memberstate import member_of_union

    assert not member_of_union(wn, words.split(), i)


def test_the_skin_of_a_food_is_the_food_part_sense(wn):
    from robustir.attacks.lex.foodskin import food_skin_sense, is_food

    assert food_skin_sense(wn, "skin", ["sausage"]).name() == "peel.n.02"
    assert food_skin_sense(wn, "skin", ["port", "salut", "cheese"]).name() == "peel.n.02"
    # no food: a person's skin ("can you cut the skin under your tongue": tongue's first sense is the organ)
    assert food_skin_sense(wn, "skin", ["tongue"]) is None
    assert food_skin_sense(wn, "skin", ["disorder"]) is None
    assert is_food(wn, "chicken") and not is_food(wn, "dog")
    # section.n.13 (a citrus segment) is a food part too, but a section is no covering: "the produce section" stays
    assert food_skin_sense(wn, "section", ["produce"]) is None


def _words(text: str) -> list[str]:
    """The lower-cased words of ``text``."""
    return text.split()


def test_a_soccer_word_renders_football_only_beside_soccer(wn):
    from robustir.attacks.lex.soccerunit import names_soccer, soccer_rendering

    assert soccer_rendering("サッカーチーム", "football_team", ["サッカー"])
    assert not soccer_rendering("イレブン", "football_team", ["サッカー"])
    assert not soccer_rendering("サッカーチーム", "hockey_team", ["サッカー"])
    assert names_soccer(wn, _words("is indian football team playing in fifa world cup"))
    assert not names_soccer(wn, _words("does las vegas have an nfl football team"))


@pytest.fixture(scope="module")
def cs_ja(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.freedict import load_freedict

    if load_freedict("en", "ja") is None:
        pytest.skip("FreeDict eng-jpn not installed")
    return CodeSwitch(languages=["ja"], rate=0.5, resource_paths=english_resources)


def _ja(cs, text: str) -> dict[str, str]:
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * k + 1]: dict(o)["ja"] for k, o in enumerate(opts) if dict(o).get("ja")}


@pytest.mark.parametrize("text", ["is turkey a member of the united nations", "is n korea a member of the un",
                                  "does las vegas have an nfl football team",
                                  "does cleveland state university have a football team"])
def test_no_wrong_ja_word_is_switched(cs_ja, text: str):
    got = _ja(cs_ja, text)
    assert "メンバー" not in got.values() and "サッカーチーム" not in got.values(), got


@pytest.mark.parametrize("text", ["can you eat the skin on a saveloy sausage",
                                  "can you eat the orange skin on port salut cheese"])
def test_a_foods_skin_is_kawa(cs_ja, text: str):
    assert _ja(cs_ja, text).get("skin") == "皮"


@pytest.mark.parametrize(("text", "word", "rep"), [("can you cut the skin under your tongue", "skin", "皮膚"),
                                                   ("are all the members of zz top still alive", "members", "メンバー"),
                                                   ("is indian football team playing in fifa world cup",
                                                    "football team", "サッカーチーム")])
def test_the_right_words_stay(cs_ja, text: str, word: str, rep: str):
    assert _ja(cs_ja, text).get(word) == rep


@pytest.mark.parametrize(("word", "first"), [("dream", "夢"), ("effect", "効果")])
def test_a_dominant_sense_word_stays_first_when_a_minor_sense_shares_it(cs_ja, word: str, first: str):
    # 夢 is OMW's word for dream.n.01 and for ambition.n.01 (a minor sense of another kind): it was demoted and
    # 夢想, a daydream (dream.n.02), led (judged wrong in held-out v40b)
    assert cs_ja.sources.from_english(word, word, "NOUN", "ja")[0] == first


def test_the_minor_sense_rule_still_serves_area(cs_ja):
    # area -> 地域 (the region, a lemma of area.n.01 read back first), not 領域 (a subject: area.n.02)
    assert cs_ja.sources.from_english("area", "area", "NOUN", "ja")[0] == "地域"
