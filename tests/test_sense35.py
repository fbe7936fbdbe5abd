"""English -> L code-switching: a head-of-state noun with no organisation beside it is not translated as its other
office (``attacks.lex.officesense``; bench/RESULTS.md section 199 measures the rule).

"does the president have the power to pardon", "does the president always fly on a 747" (held-out v32, v31) and
nine more judged questions switched "president" to hi अध्यक्ष, the chair of a body (judged wrong 11 times in 11):
the dictionaries list राष्ट्रपति first, and the context filter preferred अध्यक्ष, which MUSE reads back as
"chairman", a lemma of WordNet's president.n.04 (the presiding officer), not of president.n.03 (the chief executive of
a republic, a kind of head_of_state.n.01). Skips without WordNet or MUSE's en-hi.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def wn(english_resources: dict[str, Path]):
    from robustir.attacks.base import MissingResource

    try:
        from nltk.corpus import wordnet

        wordnet.synsets("president")
    except (LookupError, MissingResource):
        pytest.skip("NLTK WordNet not installed")
    return wordnet


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    paths = {**english_resources, "muse": require_muse("hi")}
    # the shipped in-context recipe, as bench/codeswitch_paired.py builds it
    return CodeSwitch(languages=["hi"], rate=0.5, resource_paths=paths)


def _options(cs, text: str, word: str, lang: str) -> set[str]:
    """The in-context ``lang`` choices of ``word`` in the English ``text`` (``CodeSwitch._analyse``)."""
    parts, opts, _ = cs._analyse(text, "en")
    i = next(k for k in range(len(parts) // 2) if parts[2 * k + 1] == word)
    return {rep for lg, rep in opts[i] if lg == lang}


def test_other_office_words_come_from_the_non_state_senses(wn):
    from robustir.attacks.lex.officesense import other_office_words

    assert {"chairman", "chair"} <= other_office_words(wn, "president")
    assert "president" not in other_office_words(wn, "president")
    # a noun with no head-of-state sense: nothing to drop
    assert other_office_words(wn, "chairman") == frozenset()
    # a person who held the office is an instance, not the noun's sense: "bush" keeps its shrub words
    assert other_office_words(wn, "bush") == frozenset()


def test_a_bare_office_has_no_organisation_beside_it():
    from robustir.attacks.lex.officesense import bare_office

    words = ["does", "the", "president", "have", "the", "power", "to", "pardon"]
    tags = ["AUX", "DET", "NOUN", "VERB", "DET", "NOUN", "PART", "VERB"]
    assert bare_office(words, tags, 2)
    assert not bare_office(["can", "the", "president", "of", "the", "club", "vote"],
                           ["AUX", "DET", "NOUN", "ADP", "DET", "NOUN", "VERB"], 2)
    assert not bare_office(["can", "the", "club", "president", "vote"], ["AUX", "DET", "NOUN", "NOUN", "VERB"], 3)
    assert not bare_office(["is", "the", "vice", "president", "elected"], ["AUX", "DET", "NOUN", "NOUN", "VERB"], 3)


def test_candidates_read_back_as_another_office_go_when_one_is_left():
    from robustir.attacks.lex.officesense import state_office_candidates

    others = frozenset({"chairman", "chair"})
    assert state_office_candidates(("a", "b"), [{"president"}, {"chairman", "president"}], others) == ("a",)
    # every candidate reads back as the other office: unchanged (no evidence for a better word)
    assert state_office_candidates(("b",), [{"chairman"}], others) == ("b",)
    assert state_office_candidates(("a", "b"), [set(), {"chairman"}], frozenset()) == ("a", "b")


@pytest.mark.parametrize("text", [
    "does the president have the power to pardon",  # v32b
    "does the president always fly on a 747",  # v31b
    "does france have a president and a prime minister",
])
def test_the_president_is_not_the_chair_of_a_body(cs, text):
    hi = _options(cs, text, "president", "hi")
    assert "अध्यक्ष" not in hi
    assert hi == {"राष्ट्रपति"}


def test_the_president_of_a_body_keeps_its_candidates(cs, monkeypatch):
    from robustir.attacks.codeswitch import CodeSwitch

    text = "can the president of the club vote"
    with_rule = _options(cs, text, "president", "hi")
    monkeypatch.setattr(CodeSwitch, "STATE_OFFICE", False)
    assert with_rule == _options(cs, text, "president", "hi")


# ---- a collection title with its first word clipped (attacks.lex.clippedtitles)

def test_a_clipped_first_word_of_a_name_title_is_read(wn):
    from robustir.attacks.lex.clippedtitles import clipped_index, clipped_title, wordnet_name

    index = clipped_index(["manchester city", "taxation in switzerland", "walking dead"])
    fw = frozenset({"in", "of", "the"})

    def name(w: str) -> bool:
        return wordnet_name(wn, w)

    assert clipped_title(["man", "city"], index, fw, name) == "manchester"
    # the title's word is a common word: "tax" is no clipping of "taxation" (judged right as es tributación)
    assert clipped_title(["tax", "in", "switzerland"], index, fw, name) == ""
    # the exact title is no clipping; two letters are too few; the rest must match exactly
    assert clipped_title(["manchester", "city"], index, fw, name) == ""
    assert clipped_title(["ma", "city"], index, fw, name) == ""
    assert clipped_title(["man", "town"], index, fw, name) == ""


def test_man_city_is_locked_when_the_collection_holds_the_title(english_resources):
    from tests.collection_names import offered

    paths = {**english_resources, "muse": require_muse("es", "de", "zh")}
    text = "have man city ever won the fa cup"
    # held-out v33: city -> ciudad, Stadt, ville ... judged wrong in ten languages
    assert "city" in offered(text, paths, ["Water"], no_passages=["Water is wet."])
    assert "city" not in offered(text, paths, ["Manchester City F.C.", "Water"], no_passages=["Water is wet."])
