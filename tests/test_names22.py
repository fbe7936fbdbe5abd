"""English -> L code-switching of all-lower-case questions (BoolQ): a title the held-out v29 sets judged switched
as common words although the collection's title names it (issue 10 (a), bench/RESULTS.md section 142;
bench/validity/lexical/v29-v29a-en-L.jsonl):

"is the emperor new groove based on the incas": the title "The Emperor's New Groove", its possessive dropped by the
question (emperor -> emperador, empereur, Kaiser, 皇帝 judged wrong).

The titles are tiny, written for the test. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "de", "zh")}


def _offered(text: str, paths, titles: list[str]) -> set[str]:
    return offered(text, paths, titles, None, ("es", "de", "zh"), no_passages=["Water is wet."])


def test_a_title_whose_possessive_the_question_dropped_is_locked(paths):
    text = "is the emperor new groove based on the incas"
    assert "emperor" in _offered(text, paths, ["Water"])
    assert "emperor" not in _offered(text, paths, ["The Emperor's New Groove", "Water"])
    # the curly apostrophe too
    assert "emperor" not in _offered(text, paths, ["The Emperor\u2019s New Groove", "Water"])
    # a word of the title elsewhere stays switchable: "emperor" alone is no title
    assert "emperor" in _offered("did the emperor have a new palace", paths, ["The Emperor's New Groove", "Water"])


def test_possessive_variants():
    from robustir.attacks.codeswitch import _possessive_variants, title_phrases

    assert _possessive_variants("The Emperor's New Groove") == ("The Emperor's New Groove", "The Emperor New Groove")
    assert _possessive_variants("Water") == ("Water",)
    got = title_phrases(["Grey's Anatomy"], frozenset({"the", "of", "s"}))
    assert {"grey s anatomy", "grey anatomy"} <= got
