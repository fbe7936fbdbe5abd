"""English -> L code-switching of all-lower-case questions (BoolQ): a run of words the collection's passages
write capitalised mid-sentence is a name and locked (``attacks.lex.casing``, ``CodeSwitch._lowercase_names``).
The names are judged rejects of the held-out v14/v15 sets (bench/RESULTS.md sections 62.2, 62.6: "red
lobster", "gossip girl" -> chica, "avengers infinity war" -> guerra, "daddy long legs"), which are neither
titles of the collection nor capitalised WordNet lemmas. The passages are tiny, written for the test.
Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered
from tests.muse_data import require_muse

#: a toy corpus: the names written capitalised mid-sentence, "red wine", "a port" and "a choice" in lower case
PASSAGES = [
    "The chain Red Lobster opened in 1968. Many diners visit Red Lobster on Fridays, and Red Lobster serves fish.",
    "The villain is the Joker in the comics. Batman fights the Joker, while the Joker laughs.",
    "The travel firm First Choice was sold. It sold First Choice to TUI, and First Choice became a brand.",
    "The ships reach the Port of Los Angeles daily. In 2000 the Port of Los Angeles grew, and the Port of "
    "Los Angeles is busy.",
    "A glass of red wine goes with meat. She drank red wine, the red wine was cheap, and red wine is sold here.",
    "The ship left a port at dawn. Every port has a choice of berths, and the port chose a choice.",
]

@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "zh")}


def _offered(text: str, paths, passages: list[str] | None) -> set[str]:
    """The words of ``text`` the random recipe would switch into some language, given the passages (or none)."""
    return offered(text, paths, passages=passages, languages=("es", "zh"))


@pytest.mark.parametrize(("text", "name"), [
    # judged rejects of v14/v15 (bench/validity/lexical): red -> rojo, joker -> bromista, choice -> choix,
    # port -> iskele
    ("is red lobster a part of darden restaurants", {"red", "lobster"}),
    ("is the riddler and the joker the same character", {"joker"}),
    ("are tui and first choice the same company", {"first", "choice"}),
    ("is the port of los angeles and long beach the same", {"port"}),
])
def test_names_the_corpus_writes_capitalised_are_locked(paths, text, name):
    assert _offered(text, paths, None) & name  # switched word by word without the passages
    assert not _offered(text, paths, PASSAGES) & name


def test_a_phrase_the_corpus_writes_in_lower_case_stays_switched(paths):
    # "red wine", "port" and "choice" are written in lower case mid-sentence: no name, still switched
    assert _offered("is red wine good for the heart", paths, PASSAGES) == _offered(
        "is red wine good for the heart", paths, None) != set()
    assert "port" in _offered("is a port the same as a harbour", paths, PASSAGES)
    # "lobster" alone is no name: its capitals in the passages are those of the whole name "Red Lobster"
    assert "lobster" in _offered("is a lobster a crustacean", paths, PASSAGES + ["A lobster lives in the sea."])


def test_cased_questions_are_unchanged_by_the_passages(paths):
    text = "Is Red Lobster open on Christmas Day?"
    assert _offered(text, paths, PASSAGES) == _offered(text, paths, None)


def test_counts_are_whole_names_mid_sentence():
    from robustir.attacks.lex.casing import corpus_case, count_case

    fw = frozenset({"the", "of", "a", "and", "in", "is", "to", "on", "at", "was"})
    counts = count_case(["We ate at Red Lobster on Monday. Red lobster is a dish; they went to Red Lobster, "
                         "and Red Lobster was shut.", "In 2000 the Port of Los Angeles grew. The Port of Los "
                         "Angeles is big, and the Port of Los Angeles ships."], fw)
    # a run that opens a sentence is read by its other words ("Red lobster is a dish": lower case); a word of a
    # longer name is no evidence that the word alone is a name ("Lobster", "Angeles")
    assert counts["red lobster"] == (3, 4)
    assert counts["port of los angeles"] == (3, 3)
    assert "lobster" not in counts and "angeles" not in counts
    case = corpus_case(PASSAGES, fw)
    assert case.name_runs(["is", "red", "lobster", "near", "red", "wine"], fw) == {(1, 3)}


def test_a_list_of_names_is_several_names():
    """v18 (RESULTS section 71): "Anytime Fitness, Gold's Gym, ..." was read as one capitalised run across the
    commas, so "anytime fitness" was a word of a longer name (no evidence) and stayed unlocked."""
    from robustir.attacks.lex.casing import count_case

    fw = frozenset({"the", "of", "a", "and", "in", "is", "to", "on", "at", "such", "as"})
    counts = count_case(["Chains such as Anytime Fitness, Gold's Gym (Planet Fitness) and others grew."], fw)
    assert counts["anytime fitness"] == (1, 1)
    assert counts["planet fitness"] == (1, 1)
    assert "fitness gold" not in counts and "gym planet" not in counts
    # the word after a comma is mid-sentence: its capital is evidence, its lower case too
    assert count_case(["We ate, Red Lobster said, and then left."], fw)["red lobster"] == (1, 1)


def test_the_same_passages_are_not_hashed_again_for_every_evaluation(monkeypatch):
    from robustir.attacks.lex import casing

    fw = frozenset({"the", "of", "a"})
    hashed: list[int] = []
    digest = casing.passages_digest
    monkeypatch.setattr(casing, "passages_digest", lambda texts: hashed.append(len(texts)) or digest(texts))
    passages = ("A visit to Red Lobster.", "We ate at Red Lobster today.")
    first = casing.corpus_case(passages, fw)
    assert casing.corpus_case(passages, fw) is first and hashed == [2]  # the same tuple: found without a digest
    assert casing.corpus_case(list(passages), fw) is first and hashed == [2, 2]  # equal passages: by their digest
    assert casing.corpus_case(passages, frozenset({"the"})) is not first
