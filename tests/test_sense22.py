"""English -> L code-switching: a noun whose sense the query's other nouns name as its whole (issue 10 (a),
bench/RESULTS.md section 138 measures the rule):

* "is the letter k in the italian alphabet" -> de Brief, ar خطاب (judged wrong in v27: a letter sent by post);
  letter.n.02, the character, is a member of alphabet.n.01, the first sense of "alphabet";
* "is it legal to pass on the shoulder of the road" -> pt ombro, the body part (it spalla, ru плечом judged
  wrong in v17); shoulder.n.05 is a part of road.n.01.

``lex.domainsense.part_sense`` reads WordNet's holonym links (wholes only, first senses of the other nouns).
Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import word_candidates
from tests.muse_data import require_muse

LANGS = ["de", "ar", "pt"]


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    # (the shared data has no MUSE en-pt: its candidates come from OMW and FreeDict)
    return CodeSwitch(languages=LANGS, context="none",
                      resource_paths={**english_resources, "muse": require_muse("de", "ar")})


@pytest.fixture(scope="module")
def wn(english_resources: dict[str, Path]):
    from robustir.attacks.base import MissingResource

    try:
        from nltk.corpus import wordnet

        wordnet.synsets("letter")
    except (LookupError, MissingResource):
        pytest.skip("no WordNet")
    return wordnet


def test_part_sense_names_the_sense_a_whole_in_the_query_has(wn):
    from robustir.attacks.lex.domainsense import part_sense

    assert part_sense(wn, "letter", ["alphabet"]).name() == "letter.n.02"
    assert part_sense(wn, "shoulder", ["road"]).name() == "shoulder.n.05"
    # no whole named, or the first sense is the one meant: nothing to override
    assert part_sense(wn, "letter", ["post"]) is None
    assert part_sense(wn, "letter", []) is None


def test_part_sense_reads_wholes_only(wn):
    from robustir.attacks.lex.domainsense import part_sense

    # country.n.02 (the territory) *has* state.n.01 as a part; "was hawaii a country before it became a state"
    # means the nation, the first sense
    assert part_sense(wn, "country", ["hawaii", "state"]) is None


def test_a_letter_of_the_alphabet_is_no_postal_letter(cs):
    text = "is the letter k in the italian alphabet"
    assert "Brief" not in word_candidates(cs, text, "letter", "de")
    assert "خطاب" not in word_candidates(cs, text, "letter", "ar")


def test_a_letter_without_an_alphabet_keeps_the_post(cs):
    assert "Brief" in word_candidates(cs, "can you send a letter without a stamp", "letter", "de")


def test_the_shoulder_of_the_road_is_no_body_part(cs):
    assert "ombro" not in word_candidates(cs, "is it legal to pass on the shoulder of the road", "shoulder", "pt")
