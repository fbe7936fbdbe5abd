"""English -> L code-switching of all-lower-case questions (BoolQ): names and titles the held-out v25 sets judged
switched as common words (issue 10 (a), branch names20; bench/RESULTS.md section 116;
bench/validity/lexical/v25-v25a-en-L.jsonl, v25-v25b-en-L.jsonl):

* "bones": the passages write "the Fox network TV series Bones" (es hueso, fr os, de Knochen, zh 骨 judged wrong);
* "swift code": the passages write "SWIFT code" (fr rapide, de schnell);
* "how to get away with murderer": the title "How to Get Away with Murder" with its last word extended;
* "coronation street": a street's name without an article (street -> calle, rue, via, rua ... in nine languages);
* "john carter of mars": "mars" lemmatised "mar", WordNet's abbreviation "Mar" of March, OMW's pt Março.

The titles and passages are tiny, written for the test. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "de", "zh")}


def _offered(text: str, paths, titles: list[str] | None = None, passages: list[str] | None = None,
             languages: tuple[str, ...] = ("es", "de", "zh")) -> set[str]:
    # (a test that gives titles only gives the collection this one passage too)
    return offered(text, paths, titles, passages, languages, no_passages=["Water is wet."])


_GIBBONS = ["Gibbons had a recurring role on the Fox network TV series Bones. He plays the father of Angela, "
            "a character of the show."]


def test_a_title_after_its_work_noun_is_locked_where_the_query_names_its_passage(paths):
    text = "is zz top angela's dad on bones"
    assert "bones" in _offered(text, paths, passages=["The skull has many bones and the ribs protect the heart."])
    assert "bones" not in _offered(text, paths, passages=_GIBBONS)
    # the common noun elsewhere: no other word of the question occurs in the passage that names the series
    assert "bones" in _offered("how many bones are in the human body", paths, passages=_GIBBONS)


def test_work_titles_read_the_run_after_a_lower_case_work_noun():
    from robustir.attacks.lex.namecues import work_titles

    fw = frozenset({"the", "of", "a", "and", "in", "is", "to", "was", "on", "by"})
    got = work_titles(["It was the 1967 film The Graduate, a comedy. The Series Bones. A series by Fox aired.",
                       "The series Pirates of the Caribbean was made."], frozenset({"film", "series"}), fw)
    assert got == {"the graduate": [0], "graduate": [0], "pirates of the caribbean": [1]}


def test_an_acronym_beside_the_same_word_is_locked(paths):
    text = "is bank code the same as swift code"
    assert "swift" in _offered(text, paths, passages=["A swift code review helps."])
    assert "swift" not in _offered(text, paths, passages=["Also known as Bank Code and SWIFT code."])
    # the acronym beside another word is no evidence for this one
    assert "swift" in _offered(text, paths, passages=["The SWIFT network links banks."])


def test_a_long_title_with_its_last_word_extended(paths):
    text = "is how to get away with murderer on netflix"
    assert "murderer" in _offered(text, paths, titles=["Water"])
    assert "murderer" not in _offered(text, paths, titles=["How to Get Away with Murder", "Water"])


def test_a_street_name_without_an_article(paths):
    assert "street" in _offered("is it illegal to park in the middle of the street", paths, titles=["Water"])
    assert "street" not in _offered("is eva related to leanne in coronation street", paths, titles=["Water"])


def test_an_inflected_word_takes_no_sense_of_a_capitalised_abbreviation(english_resources):
    from robustir.attacks.candidates import Sources, _inflected_capital

    sources = Sources(resource_paths=english_resources)
    wn = sources.wordnet().wn
    march = wn.synset("march.n.01")  # lemmas March, Mar
    assert _inflected_capital(march, "mar", "mars")
    assert not _inflected_capital(march, "mar", "mar")  # not inflected: left as it was
    assert not _inflected_capital(wn.synset("blemish.n.01"), "mar", "mars")  # a lower-case lemma
    assert "Março" not in sources.from_english("mars", "mar", "NOUN", "pt")
