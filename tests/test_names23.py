"""English -> L code-switching of all-lower-case questions (BoolQ): one-word names that only the passage naming
the question's other words writes capitalised (issue 10 (a), bench/RESULTS.md section 150; held-out v29,
bench/validity/lexical/v29-v29a-en-L.jsonl: "did vince gill ever sing with the eagles" -> es águilas, fr aigles,
de Adler ... judged wrong in ten languages, while the corpus also writes "eagles" for the birds).

The passages are tiny, written for the test. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es")}


def _locked(text: str, paths, passages: list[str]) -> set[str]:
    """The words of ``text`` the name locks hold, given the collection's passages."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.use_collection_names(["Water"], passages)
    a = analyse(text, "en")
    return {a.words[i].text for i in cs._lowercase_names(a)}


_GILL = ["Vince Gill is an American singer. In 2017 Gill joined the Eagles on their tour.",
         "Eagles are large birds of prey. Bald eagles eat fish.",
         "The Philadelphia Eagles play football in Philadelphia."]


def test_a_one_word_name_capitalised_beside_the_questions_other_word_is_locked(paths):
    assert "eagles" in _locked("did vince gill ever sing with the eagles", paths, _GILL)
    # the birds: no passage holding "eat" or "fish" writes "Eagles" as a name more often than "eagles"
    assert "eagles" not in _locked("do eagles eat fish", paths, _GILL)
    # "Eagles" of "Philadelphia Eagles" is part of a longer name, no evidence for "eagles" alone
    assert "eagles" not in _locked("do eagles live in philadelphia", paths, _GILL)


def test_a_common_word_capitalised_only_as_a_sentences_first_word_is_not_locked(paths):
    passages = ["Vince Gill is an American singer. Coffee is what Gill drinks before a concert.",
                "Water is wet."]
    assert "coffee" not in _locked("does vince gill drink coffee", paths, passages)


def test_capitalised_words_counts_whole_mid_sentence_names_per_passage():
    from robustir.attacks.lex.namecues import capitalised_words

    fw = frozenset({"the", "of", "in", "on", "and", "a", "is", "their", "are"})
    got = capitalised_words(["In 2017 Gill joined the Eagles on their tour.", "Bald eagles are birds.",
                             "Eagles fly. The Philadelphia Eagles play.", "It was Season 5 of the show."], fw)
    # passage 0: "Eagles" once as a whole name (past "the"); passage 1: "eagles" once in lower case; passage 2:
    # sentence-initial and inside "Philadelphia Eagles", no evidence; "Season" before a number is no name
    assert got["eagles"] == {0: [1, 0], 1: [0, 1]}
    assert "season" not in got
    assert "gill" in got and "tour" not in got
