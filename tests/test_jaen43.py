"""English -> L code-switching of all-lower-case questions: a name the collection's passages write with an inner "the"
that the question drops ("is taylor still on the bold and beautiful" for "The Bold and the Beautiful"; held-out v43,
bench/RESULTS.md section 284: beautiful -> ja 美しい judged wrong). ``attacks.lex.droppedarticle``, section 288 (branch
jaen43; development data).

The passages are tiny, written for the test. The recipe test skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


def test_the_dropped_inner_article_is_put_back() -> None:
    from robustir.attacks.lex.droppedarticle import article_dropped_runs

    names = {"bold and the beautiful", "lord of the flies"}
    words = ["is", "taylor", "still", "on", "the", "bold", "and", "beautiful"]
    assert article_dropped_runs(words, names.__contains__, 4) == {(5, 8)}
    assert article_dropped_runs(["is", "lord", "of", "flies", "a", "novel"], names.__contains__, 4) == {(1, 4)}
    # no link word to put the article after, or the article already there: nothing
    assert article_dropped_runs(["is", "bold", "beautiful"], names.__contains__, 4) == set()
    assert article_dropped_runs(["bold", "and", "the", "beautiful"], names.__contains__, 4) == set()
    # a run whose restored form is no name stays
    assert article_dropped_runs(["are", "salt", "and", "pepper", "spices"], names.__contains__, 4) == set()


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es")}


def _locked(text: str, paths, passages: list[str], on: bool = True) -> set[str]:
    """The words of ``text`` the name locks hold, given the collection's passages."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.DROPPED_ARTICLE_NAMES = on
    cs.use_collection_names(["Water"], passages)
    a = analyse(text, "en")
    return {a.words[i].text for i in cs._lowercase_names(a)}


_SOAP = ["Taylor Hayes is a character from the American soap opera The Bold and the Beautiful, played by Hunter Tylo.",
         "A beautiful garden is bold in colour."]


def test_a_name_asked_without_its_inner_article_is_locked(paths):
    q = "is taylor still on the bold and beautiful"
    assert {"bold", "and", "beautiful"} <= _locked(q, paths, _SOAP)
    # the same collection without the rule leaves "beautiful" free (the held-out reject)
    assert "beautiful" not in _locked(q, paths, _SOAP, on=False)
    # the common words elsewhere stay free
    assert "beautiful" not in _locked("is a bold garden beautiful", paths, _SOAP)


def _title_locked(text: str, paths, titles: list[str], on: bool = True) -> set[str]:
    """The words of ``text`` the name locks hold, given the collection's titles (no passages)."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.ORDINAL_TITLE_PLURALS = on
    cs.use_collection_names(titles)
    a = analyse(text, "en")
    return {a.words[i].text for i in cs._lowercase_names(a)}


def test_a_title_in_the_plural_after_an_ordinal_is_locked(paths):
    titles = ["Avengers: Infinity War", "Water"]
    q = "is there going to be a 2nd infinity wars"
    assert {"infinity", "wars"} <= _title_locked(q, paths, titles)
    assert "wars" not in _title_locked(q, paths, titles, on=False)  # held-out v42's reject 戦争
    # no ordinal, or a one-word run: the plural stays a common noun
    assert "wars" not in _title_locked("were there many infinity wars", paths, titles)
    assert "waters" not in _title_locked("is there a second waters", paths, titles)
