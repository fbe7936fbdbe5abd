"""English -> L code-switching of all-lower-case questions (BoolQ): titles the held-out v27 sets judged switched as
common words (issue 10 (a), bench/RESULTS.md section 136;
bench/validity/lexical/v27-v27a-en-L.jsonl, v27-v27b-en-L.jsonl):

* "6 souls": the passages write "released as 6 Souls" (souls -> alma, âme, Seelen, 灵魂 ... judged wrong);
* "skyrim special edition": the passages write "Skyrim -- Special Edition" (edition -> edición, Ausgabe ...);
* "a part 2 of infinity wars": the title "Avengers: Infinity War" in the plural (wars -> guerra, guerre ...);
* "justin ... on brothers and sisters": the title "Justin Walker (Brothers & Sisters)" (brothers -> hermano ...).

The titles and passages are tiny, written for the test. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered
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


def _offered(text: str, paths, titles: list[str] | None = None, passages: list[str] | None = None) -> set[str]:
    return offered(text, paths, titles, passages, ("es", "de", "zh"), no_passages=["Water is wet."])


_SHELTER = ["Shelter is a 2010 thriller. The film was released as 6 Souls in the United States in 2013.",
            "A man needs 100 years of work and many souls to build it."]


def test_a_number_before_a_capitalised_run_is_a_name(paths):
    text = "is 6 souls and shelter the same movie"
    assert "souls" in _offered(text, paths, passages=["Water is wet."])
    assert "souls" not in _offered(text, paths, passages=_SHELTER)
    # a count of a word the corpus writes mostly in lower case is no name
    passages = [*_SHELTER, "The album was called 100 Years in the charts.", "It took years.", "Two years passed."]
    assert "years" not in _locked("does it take 100 years to build", paths, passages)
    assert "souls" in _locked(text, paths, passages)


def _locked(text: str, paths, passages: list[str]) -> set[str]:
    """The words of ``text`` the name locks hold, given the collection's passages."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.use_collection_names(["Water"], passages)
    a = analyse(text, "en")
    return {a.words[i].text for i in cs._lowercase_names(a)}


def test_numbered_names_reads_whole_runs_after_a_number():
    from robustir.attacks.lex.namecues import numbered_names

    fw = frozenset({"the", "of", "a", "in", "to", "as", "was", "at"})
    got = numbered_names(["The film was released as 6 Souls in the United States.", "It opened at 12:00 PM today.",
                          "He saw Apollo 13 Mission Control.", "She had 3 cats."], fw)
    assert got == {"6 souls"}


_SKYRIM = ["The Elder Scrolls V: Skyrim -- Special Edition is a re-mastered version of the game.",
           "Blue was released later in the year as a special edition."]


def test_a_name_and_its_edition_are_locked(paths):
    text = "does the dlc come with skyrim special edition"
    assert "edition" in _offered(text, paths, passages=["Water is wet.", _SKYRIM[1]])
    assert "edition" not in _offered(text, paths, passages=_SKYRIM)
    # "special edition" alone stays a common phrase
    assert "edition" in _offered("is a special edition worth more", paths, passages=_SKYRIM)


def test_edition_names_keys_have_a_name_word():
    from robustir.attacks.lex.namecues import edition_names

    fw = frozenset({"the", "of", "a", "is", "as", "in", "was"})
    got = edition_names(_SKYRIM, fw)
    assert "skyrim special edition" in got
    assert "special edition" not in got


def test_a_plural_title_where_the_question_names_a_work(paths):
    text = "is there going to be a part 2 of infinity wars"
    titles = ["Avengers: Infinity War", "Water"]
    assert "wars" in _offered(text, paths, titles=["Water"])
    assert "wars" not in _offered(text, paths, titles=titles)
    # the frame: after an instalment or a sequel, before an instalment; not elsewhere
    from robustir.attacks.codeswitch import _names_a_work, _number_variant_of_title

    plain = text.split()
    assert _names_a_work(plain, 9, 11)
    assert _names_a_work(["is", "there", "a", "sequel", "to", "infinity", "wars"], 5, 7)
    assert _names_a_work(["is", "infinity", "wars", "part", "2", "out"], 1, 3)
    assert not _names_a_work(["did", "the", "infinity", "wars", "of", "the", "gods", "happen"], 2, 4)
    assert not _names_a_work(["what", "part", "of", "the", "infinity", "wars"], 4, 6)
    assert _number_variant_of_title(["infinity", "wars"], frozenset({"infinity war"}))
    assert _number_variant_of_title(["power", "ranger"], frozenset({"power rangers"}))
    # one content word: "is the original season 4 of arrested development" ("The Originals") stays switchable
    assert not _number_variant_of_title(["the", "original"], frozenset({"the originals", "originals"}))


def test_a_named_qualifier_is_locked_beside_a_word_of_its_title(paths):
    titles = ["Justin Walker (Brothers & Sisters)", "Shelter (2010 film)", "Water"]
    text = "does justin marry rebecca on brothers and sisters"
    assert "brothers" in _offered(text, paths, titles=["Water"])
    assert "brothers" not in _offered(text, paths, titles=titles)
    # the common phrase, no word of the title beside it
    assert "brothers" in _offered("do brothers and sisters share the same dna", paths, titles=titles)


def test_qualifier_names_keep_named_qualifiers_only():
    from robustir.attacks.codeswitch import qualifier_names

    got = qualifier_names(("Justin Walker (Brothers & Sisters)", "Shelter (2010 film)", "Bones (TV series)",
                           "Organ (anatomy)", "Water"), frozenset({"and", "the", "of"}))
    assert got == {"brothers and sisters": frozenset({"justin", "walker"})}
