"""English -> L code-switching of all-lower-case questions (BoolQ): names and titles the held-out v24 sets judged
switched as common words (issue 10 (a), branch names19; bench/RESULTS.md sections 103.3, 104, 106;
bench/validity/lexical/v24-v24a-en-L.jsonl, v24-v24b-en-L.jsonl):

* "the graduate": the passages write "the 1967 film The Graduate", the article capitalised mid-sentence
  (fr diplômé, de Absolvent, ru выпускник, hi स्नातक judged wrong);
* spellings of a collection name: "bath and body works" (passages: "Bath & Body Works"), "in and out burger"
  (title "In-N-Out Burger"), "washington capitols" / "a simple favour" (titles "Washington Capitals",
  "A Simple Favor", one letter apart).

The titles and passages are tiny, written for the test. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered as _offered
from tests.muse_data import require_muse


@pytest.fixture(autouse=True)
def _no_pair_veto(monkeypatch):
    """These probes ask whether a word is offered at all (a name lock), not which translation: the judged-pairs
    veto (section 226; es edición, de Ausgabe, fr hamburger, zh 汉堡 are vetoed pairs) is off here."""
    from robustir.attacks.lex import judgedveto

    monkeypatch.setattr(judgedveto, "ENABLED", False)


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "de", "zh")}


def test_a_title_whose_article_is_capitalised_mid_sentence_is_locked(paths):
    text = "was the sound of silence written for the graduate"
    film = ["Simon and Garfunkel were heard while editing the 1967 film The Graduate, a comedy."]
    assert "graduate" in _offered(text, paths)
    assert "graduate" not in _offered(text, paths, passages=film)
    # "The" opening a sentence says nothing, and a phrase the passages also write in lower case is no title
    assert "graduate" in _offered(text, paths, passages=["The graduate left the school in 1990."])
    assert "graduate" in _offered(text, paths, passages=film + ["He met the graduate of a college.",
                                                                 "They hired the graduate from Yale."])


def test_counts_of_a_run_opened_by_the_article():
    from robustir.attacks.lex.casing import count_case

    fw = frozenset({"the", "of", "a", "and", "in", "is", "to", "was"})
    counts = count_case(["It was the film The Graduate. The Graduate is a comedy; she met the graduate in 1990."],
                        fw)
    # mid-sentence only: the sentence-initial "The Graduate" is no evidence for the article
    assert counts["the graduate"] == (1, 2)


def test_and_written_as_an_ampersand_in_the_passages(paths):
    text = "is bath and body works the same company as victoria secret"
    assert {"bath", "body"} & _offered(text, paths)
    assert not {"bath", "body", "works"} & _offered(text, paths, passages=["The chain Bath & Body Works sells soap."])


def test_and_written_n_in_a_title(paths):
    text = "is there in and out burger in florida"
    assert "burger" in _offered(text, paths, titles=["Water"])
    assert "burger" not in _offered(text, paths, titles=["In-N-Out Burger", "Water"])


def test_a_title_one_letter_apart(paths):
    titles = ["Washington Capitals", "A Simple Favor", "Water"]
    assert "capitols" in _offered("have the washington capitols ever won the stanley cup", paths, titles=["Water"])
    assert "capitols" not in _offered("have the washington capitols ever won the stanley cup", paths, titles=titles)
    # (v24 switched "favour" into fr ar it pt tr)
    langs = ("it", "pt", "tr")
    assert "favour" in _offered("is a simple favour based on a book", paths, titles=["Water"], languages=langs)
    assert "favour" not in _offered("is a simple favour based on a book", paths, titles=titles, languages=langs)


def test_near_title_needs_one_letter_in_a_long_word():
    from robustir.attacks.codeswitch import _near_title, _near_titles

    near = _near_titles(frozenset({"washington capitals", "world cut", "capitals", "the originals",
                                   "open championship"}))
    assert _near_title(["washington", "capitols"], near)
    assert not _near_title(["the", "original"], near)  # no other content word
    assert not _near_title(["open", "championships"], near)  # a plural
    assert not _near_title(["washington", "capitals"], near)  # the title itself: the exact match's
    assert not _near_title(["world", "cup"], near)  # "cut" / "cup": a short word
    assert not _near_title(["washington", "capitalism"], near)  # two letters
    assert not _near_title(["capitols"], near)  # one word


def test_a_common_phrase_one_letter_from_a_title_is_not_locked(paths):
    # review13: "wines" is another English word than the title's "wings" (Detroit Red Wings), "mines" than "miner"
    from robustir.attacks.analysis.english import analyse_english
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.use_collection_names(["Detroit Red Wings", "Coal Miner's Daughter", "Washington Capitals", "Water"], [])

    def locked(text: str) -> set[str]:
        a = analyse_english(text)
        return {a.words[i].text for i in cs._lowercase_names(a)}

    assert not locked("do red wines have more sugar")
    assert not locked("are there still coal mines in wales")
    # a misspelt title with a name in it stays locked
    assert {"washington", "capitols"} <= locked("have the washington capitols ever won the stanley cup")


def test_a_near_title_word_must_spell_the_title_word(wn):
    from robustir.attacks.codeswitch import _spelling_of

    # two English words: a common phrase one letter from a title (boolq-train, boolq-test questions)
    assert not _spelling_of(wn, ["horse", "family"], 0, "house")
    assert not _spelling_of(wn, ["red", "wines"], 1, "wings")
    assert not _spelling_of(wn, ["coal", "mines"], 1, "miner")
    # a misspelling, a variant, the title's own spelling, a run holding a name: the title's spelling
    assert _spelling_of(wn, ["missle", "crisis"], 0, "missile")
    assert _spelling_of(wn, ["simple", "favour"], 1, "favor")
    assert _spelling_of(wn, ["drinking", "problem"], 0, "drinkin")
    assert _spelling_of(wn, ["el", "senor"], 1, "señor")
    assert _spelling_of(wn, ["washington", "capitols"], 1, "capitals")
    assert _spelling_of(wn, ["titus", "bode"], 0, "titius")
