"""English -> zh code-switching: no sibling word naming an age the question does not name, and no 类型 for a "type 2"
designation (issue 10; bench/RESULTS.md section 216 measures both rules).

zh 弟弟 "younger brother" for an unqualified "brother" was judged wrong eight times in v9-v37 ("is elton john's song
daniel about his brother", v37a), 表弟 for "cousins" (v22) and 类型 "a kind" for "type 2 error" (v37a) and "type c"
(v14). ``lex.kinship.sibling_words`` keeps the zh words naming no age (or the age-neutral word OMW and MUSE agree on:
兄弟); ``lex.designation.type_designation`` leaves a designation's "type" unswitched. Skips when WordNet, spaCy or
MUSE en-zh are absent.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.codeswitch_probes import target_choices


@pytest.fixture
def cs(cs_zh):
    """The session's English -> zh recipe, context "none" (tests/conftest.py)."""
    return cs_zh


def _choices(cs, text: str, word: str) -> list[str]:
    return target_choices(cs, text, word, "zh")


def _words(text: str) -> SimpleNamespace:
    return SimpleNamespace(words=[SimpleNamespace(text=t, lemma=t) for t in text.split()])


@pytest.mark.parametrize(("word", "neutral"), [
    ("兄弟", True), ("姐妹", True), ("兄弟姐妹", True), ("朋友", True),
    ("弟弟", False), ("哥哥", False), ("表弟", False), ("兄妹", False), ("姐弟", False),
])
def test_names_no_age(word: str, neutral: bool):
    from robustir.attacks.lex.kinship import names_no_age

    assert names_no_age(word) is neutral


def test_unmarked_sibling_drops_age_words_only_without_an_age_modifier():
    from robustir.attacks.lex.kinship import unmarked_sibling

    assert unmarked_sibling(("妹妹", "姐姐", "姐妹"), "sister", "his") == ("姐妹",)
    assert unmarked_sibling(("表妹", "表姐"), "cousin", "") == ()
    # an age named: lex.kinship.age_fitting's business, untouched here
    assert unmarked_sibling(("弟弟", "哥哥"), "brother", "older") == ("弟弟", "哥哥")
    # not a sibling noun: 弟子 "disciple" keeps its word
    assert unmarked_sibling(("弟子",), "disciple", "a") == ("弟子",)


def test_agreed_neutral_needs_both_sources():
    from robustir.attacks.lex.kinship import agreed_neutral

    assert agreed_neutral(["亲兄弟", "兄弟", "哥哥", "弟弟"], ["弟弟", "哥", "师兄", "哥哥", "兄弟"]) == ("兄弟",)
    assert agreed_neutral(["表兄弟姊妹", "表哥"], ["表姐", "表哥"]) == ()


@pytest.mark.parametrize(("text", "i", "hit"), [
    ("is power the same as type 2 error", 5, True),
    ("is type c the same as usb c", 1, True),
    ("is type ii diabetes worse", 1, True),
    ("what type of government does it have", 1, False),
    ("is blood type inherited", 2, False),
    ("is this type", 2, False),
])
def test_type_designation(text: str, i: int, hit: bool):
    from robustir.attacks.lex.designation import type_designation

    assert type_designation(_words(text), i) is hit


@pytest.mark.parametrize("text", [
    "is elton john's song daniel about his brother",  # v37a: 弟弟 judged wrong
    "are scarlet witch and quicksilver brother and sister",  # v35a: 弟弟 judged wrong
])
def test_an_unqualified_brother_is_not_a_younger_brother(cs, text: str):
    assert _choices(cs, text, "brother") == ["兄弟"]


def test_cousins_naming_no_age_are_not_switched(cs):
    # v22: 表弟 "younger male cousin" judged wrong; no zh candidate names a cousin of any age and sex
    assert _choices(cs, "was it common for cousins to marry in the 1800s", "cousins") == []


def test_an_older_brother_keeps_section_126s_word(cs):
    assert "弟弟" not in _choices(cs, "is an older brother considered a legal guardian", "brother")


@pytest.mark.parametrize(("text", "word"), [
    ("is power the same as type 2 error", "type"),  # v37a: 类型 judged wrong (111.5 term of art)
    ("is type c the same as usb c", "type"),  # v14: 类型 judged wrong
])
def test_a_designation_type_is_not_switched(cs, text: str, word: str):
    assert _choices(cs, text, word) == []


def test_a_kind_of_thing_keeps_its_type(cs):
    assert _choices(cs, "what type of government system does the country have", "type") == ["类型"]
