"""English -> L code-switching of all-lower-case questions (BoolQ): the random ``codeswitch`` recipe
locks the words of a name or title as ``codeswitch-adv`` and the synonym recipes do
(``CodeSwitch._lowercase_names``: a proper name WordNet spells with capitals, a run of words that is one
of the collection's title phrases), and the English analysis locks a WordNet noun written with hyphens
when a question writes it apart ("brother in law"). The questions are judged rejects of the held-out
v14 set (bench/validity/lexical/v14-en-L.jsonl: road -> 公路, hill -> colline, general -> général,
brother -> frère). Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered_words as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "zh")}


def _random(paths):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["es", "zh"], context="none", resource_paths=paths)


# (question, a word of the title, the title in boolq-test's collection, a word outside it that stays offered)
# (v14's "is there a third season of the red road" is locked without the collection since section 176:
# a title after "season of" (attacks.lex.titlecues); the same title without a title noun before it here)
TITLED = [
    ("does the red road have a third season", "road", "The Red Road (TV series)", None),
    ("is there going to be a season 10 of one tree hill", "hill", "One Tree Hill (TV series)", None),
    ("was la la land filmed at universal studios", "studios", "Universal Studios Hollywood", None),
    ("is the red road set in texas", "red", "The Red Road (TV series)", None),
]


@pytest.mark.parametrize(("text", "word", "title", "kept"), TITLED)
def test_random_recipe_locks_the_collection_titles_in_lower_case_questions(paths, text, word, title, kept):
    cs = _random(paths)
    assert word in _offered(cs, text)  # switched word by word without the collection's titles (v14)
    cs.use_collection_names([title, "Water", "Human body"])
    offered = _offered(cs, text)
    assert word not in offered
    if kept:
        assert kept in offered  # words outside the title are still switched


@pytest.mark.parametrize(("text", "name", "kept"), [
    # WordNet's Surgeon_General: v14 general -> général, общие, genel ... in 8 languages
    ("is the surgeon general part of the military", {"surgeon", "general"}, None),
    # WordNet's Long_Island: v14 island -> isla, île, 岛 ... in 10 languages (no title needed)
    ("is there tequila in a long island iced tea", {"long", "island"}, "tequila"),
])
def test_random_recipe_locks_a_name_wordnet_spells_with_capitals(paths, text, name, kept):
    offered = _offered(_random(paths), text)
    assert not offered & name
    if kept:
        assert kept in offered


def test_hyphenated_wordnet_noun_written_apart_is_one_expression(english_resources):
    from robustir.attacks.analysis.english import analyse_english

    # v14 brother -> fr frère, ja 兄, ru брат, tr kardeş, zh 弟弟, hi भाई: the sibling, not the in-law
    for text in ("is a brother in law an immediate family member", "are brothers in law family"):
        words = {w.text: w.locked for w in analyse_english(text).words}
        assert words["law"] == "mwe" and (words.get("brother") or words.get("brothers")) == "mwe"
    # a word that is no part of a WordNet entry stays free
    assert {w.text: w.locked for w in analyse_english("is a brother older than a sister").words}["brother"] == ""


def test_cased_questions_are_not_looked_up(paths):
    cs = _random(paths)
    cs.use_collection_names(["The Red Road (TV series)"])
    # lower case: "the red road" is the title; a cased question shows its names by capitals
    # ("a red road" is a common phrase since names9: test_codeswitch_names9)
    assert "road" not in _offered(cs, "is the red road in paris")
    assert "road" in _offered(cs, "Is the red road in Paris?")


def test_sentence_case_titles_of_common_concepts_are_no_names():
    from robustir.attacks.codeswitch import title_phrases

    fw = frozenset({"of", "the", "and", "to", "be", "a"})
    # v14: "do they use salt water in salt water taffy" (water -> eau, judged right), "is a brother in law
    # an immediate family member" (immediate -> inmediato, right): Wikipedia writes these in sentence case
    assert not title_phrases(["Salt water taffy", "Immediate family", "Blighted ovum"], fw)
    got = title_phrases(["One Tree Hill (TV series)", "List of former Universal Studios Florida attractions",
                         "Mary and the Witch's Flower"], fw)
    assert {"one tree hill", "universal studios", "mary and the witch s flower"} <= got
    assert not got & {"florida attractions", "former universal"}
    # a collection whose titles are all lower case says nothing by case: its titles are kept
    assert "salt water taffy" in title_phrases(["salt water taffy"], fw)


def test_a_whole_expression_is_never_switched_into_its_own_english_words(english_resources):
    from robustir.attacks.codeswitch import CodeSwitch

    # v14 "is rock the same as rock and roll" -> fr es it pt "rock and roll": OMW lists the English
    # words among the languages' lemmas, so the query was unchanged yet counted as switched
    cs = CodeSwitch(languages=["fr", "it"], context="none", resource_paths=english_resources)
    for tgt in ("fr", "it"):
        assert "rock and roll" not in cs._expression_candidates("rock_and_roll", tgt)
    assert "musique rock" in cs._expression_candidates("rock_and_roll", "fr")  # a translation stays
    assert cs._expression_candidates("body_of_water", "fr") == ["étendue d'eau"]


@pytest.mark.parametrize(("text", "common", "name"), [
    # WordNet's the_City (City of London) and the_Street are names, but city and street are common words
    ("is burbank in the city of los angeles", "city", None),
    ("is it illegal to park in the middle of the street", "street", None),
    # the_Hague, the_Netherlands: no lower-case hague or netherlands in WordNet, so they stay names
    ("is the hague the seat of government of the netherlands", None, "hague"),
])
def test_article_and_common_word_is_not_a_name(paths, text, common, name):
    offered = _offered(_random(paths), text)
    if common:
        assert common in offered
    if name:
        assert name not in offered
