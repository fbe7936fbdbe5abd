"""English -> L code-switching, the recurring rejects of held-out v26 (issue 10 (a), branch sense21; bench/
RESULTS.md section 120 judged them, section 126 measures the rules):

* chess pieces: "can you checkmate with a bishop and a knight" -> es caballero, fr chevalier, de Ritter, ja 騎士
  (the armoured rider), zh 主教 (the church's bishop). The verb's only WordNet sense (checkmate.v.01) is filed
  under chess.n.02, as knight.n.02 and bishop.n.03 are (``lex.domainsense.domain_sense``'s ``filed``), and the
  domain rule now serves every target language;
* a compound the tagger did not see: "penalty shoot out", "a penalty shootout" -> zh 惩罚, ja 罰, ar عقوبة (a
  punishment) (``analysis.english._mistagged_noun_heads``);
* "an older brother" -> zh 弟弟, a younger brother (``lex.kinship``).

Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import word_candidates
from tests.muse_data import require_muse

LANGS = ["es", "fr", "de", "zh", "ja", "ar"]


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    # (the shared data has no MUSE en-fr or en-ja: their candidates come from OMW and FreeDict)
    return CodeSwitch(languages=LANGS, context="none",
                      resource_paths={**english_resources, "muse": require_muse("es", "de", "zh", "ar")})


def test_a_knight_beside_checkmate_is_the_chessman(cs):
    text = "can you checkmate with a bishop and a knight"
    # (fr chevalier stays: OMW's French list files chevalier under the chessman too)
    for tgt, rider in (("es", "caballero"), ("de", "Ritter"), ("ja", "騎士")):
        assert rider not in word_candidates(cs, text, "knight", tgt), tgt
    assert "主教" not in word_candidates(cs, text, "bishop", "zh")


def test_a_knight_without_chess_keeps_the_rider(cs):
    # "king arthur and the knights": the chess king is no first sense of any word there
    assert "caballero" in word_candidates(cs, "is king arthur and the knights of the round table a legend",
                                      "knights", "es")


def test_domain_sense_reads_the_first_sense_of_a_verb():
    pytest.importorskip("nltk")
    from robustir.attacks.base import MissingResource
    from robustir.attacks.lex.domainsense import domain_sense

    try:
        from nltk.corpus import wordnet as wn

        wn.synsets("knight")
    except (LookupError, MissingResource):
        pytest.skip("no WordNet")
    assert domain_sense(wn, "knight", [], [("checkmate", "v")]).name() == "knight.n.02"
    # a chess sense that is not the word's first sense names no domain
    assert domain_sense(wn, "knight", [], [("promote", "v"), ("king", "n")]) is None


@pytest.mark.parametrize("text", ["do goals in penalty shoot out count towards golden boot",
                                  "did england have a penalty shootout in 1966"])
def test_penalty_of_a_shootout_is_not_switched_alone(cs, text):
    for tgt in ("zh", "ja", "ar"):
        assert word_candidates(cs, text, "penalty", tgt) == (), tgt


def test_a_penalty_alone_is_still_switched(cs):
    assert "惩罚" in word_candidates(cs, "is there a penalty for paying taxes late", "penalty", "zh")


def test_an_older_brother_is_no_younger_brother(cs):
    assert "弟弟" not in word_candidates(cs, "is an older brother considered a legal guardian", "brother", "zh")
    assert "哥哥" not in word_candidates(cs, "can my younger brother inherit the house", "brother", "zh")
    # no age asked: no word naming one either, the age-neutral 兄弟 (弟弟 judged wrong 8 times;
    # lex.kinship.sibling_words, bench/RESULTS.md section 216, which changed this from "the dictionary's words stand")
    assert word_candidates(cs, "can a brother be a legal guardian", "brother", "zh") == ("兄弟",)


def test_sibling_age_reads_the_characters():
    from robustir.attacks.lex.kinship import age_fitting, sibling_age

    assert (sibling_age("哥哥"), sibling_age("弟弟"), sibling_age("兄弟"), sibling_age("姉")) == \
        ("older", "younger", "", "older")
    assert age_fitting(("弟弟", "哥哥", "兄弟"), "Older") == ("哥哥", "兄弟")
    assert age_fitting(("弟弟", "哥哥"), "tall") == ("弟弟", "哥哥")
