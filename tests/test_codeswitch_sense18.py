"""English -> L code-switching, from the held-out v23 rejects (issue 10 (a), branch sense18; bench/RESULTS.md
sections 96/97, bench/validity/lexical/v23-v23a-en-L.jsonl and v23-v23b-en-L.jsonl):

* "a cross between a giraffe and a zebra" is the hybrid (WordNet's hybrid.n.03, whose usage example is "a mule
  is a cross between a horse and a donkey"), not the shape: de Kreuz, ar صليب, pt cruz, it croce judged wrong;
* "a sirens series 2" names the series "Siren (TV series)" (es sirenas, de Sirenen, pt sirene judged wrong);
* "quick trip and kwik trip" names QuikTrip beside Kwik Trip (es rápido, fr rapide, ja 速い, ru быстрый, tr hızlı).

Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered_choices as _offered
from tests.muse_data import require_muse


def test_a_wordnet_example_frame_names_the_sense(wn):
    from robustir.attacks.lex.framesense import frame_sense

    assert frame_sense(wn, "cross", "between", "a").name() == "hybrid.n.03"
    # another preposition, or none: no frame, no override
    assert frame_sense(wn, "cross", "of", "a") is None
    # another determiner than the example's: "the partnership between Tesla, Lane and Vail" (XQuAD-R; sociedad
    # judged right) is not partnership.n.02's "a partnership between school, teacher and student"
    assert frame_sense(wn, "partnership", "between", "the") is None
    # a frequent preposition shows no sense: "department of" (department.n.03's example) is no frame
    assert frame_sense(wn, "department", "of", "a") is None
    assert frame_sense(wn, "cross", "", "a") is None


def test_without_a_word_list_no_frame_is_evidence(wn, monkeypatch):
    import importlib

    from robustir.attacks.lex.framesense import frame_sense

    # wordfreq_zipf's None (no list) must not read as a rare preposition: "of" would be a frame again
    frequency = importlib.import_module("robustir.attacks.analysis.frequency")
    monkeypatch.setattr(frequency, "wordfreq_zipf", lambda text, lang: None)
    assert frame_sense(wn, "cross", "between", "a") is None


@pytest.fixture(scope="module")
def cs_de_ar(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["de", "ar"], rate=1.0, context="none",
                      resource_paths={**english_resources, "muse": require_muse("de", "ar")})


def test_a_cross_between_two_animals_is_not_the_shape(cs_de_ar):
    # v23 boolq-test-0866: cross -> de Kreuz, ar صليب (the shape; judged wrong)
    offered = _offered(cs_de_ar, "is an okapi a cross between a giraffe and a zebra")
    assert not offered.get("cross", set()) & {"kreuz", "صليب"}
    # the shape's sense elsewhere keeps its words
    assert offered.get("giraffe") or offered.get("zebra")
    assert "kreuz" in _offered(cs_de_ar, "is there a cross on top of the church").get("cross", set())


@pytest.fixture(scope="module")
def names_cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es", "de"], rate=1.0, context="none",
                    resource_paths={**english_resources, "muse": require_muse("es", "de")})
    cs.use_collection_names(["Siren (TV series)", "Kwik Trip", "Water"],
                            ["Kwik Trip is a chain of stores. It operates as Kwik Trip in Wisconsin."])
    return cs


def test_a_plural_title_before_series_is_the_series(names_cs):
    # v23 boolq-test-1017: sirens -> es sirenas, de Sirenen (judged wrong: the series "Siren")
    assert "sirens" not in _offered(names_cs, "is there going to be a sirens series 2")
    # not before a work noun: the common noun is switched
    assert "sirens" in _offered(names_cs, "do police cars have sirens in the uk")


def test_a_run_coordinated_with_a_name_and_sharing_its_head_is_a_name(names_cs):
    # v23 boolq-test-1557: quick -> es rápido (judged wrong: QuikTrip)
    assert "quick" not in _offered(names_cs, "is quick trip and kwik trip the same company")
    assert "quick" not in _offered(names_cs, "is kwik trip and quick trip the same company")
    # no name beside it: switched
    assert "quick" in _offered(names_cs, "is a quick trip to the store a good idea")


def test_a_gloss_label_shared_with_another_noun_names_the_sense(wn):
    from robustir.attacks.lex.labelsense import label_sense

    # catcher.n.01 is "(baseball) ..." (and filed under baseball.n.01); strike.n.05 "(baseball) a pitch ..."
    assert label_sense(wn, "strike", ["catcher", "ball"]).name() == "strike.n.05"
    # no noun of that subject: the first sense (the labour strike) stands
    assert label_sense(wn, "strike", ["worker", "union"]) is None
    assert label_sense(wn, "strike", []) is None


def test_a_baseball_strike_is_not_a_labour_strike(cs_de_ar):
    # v23 boolq-test-1488: strike -> ar الضربة (judged wrong; es huelga, hi हड़ताल too)
    offered = _offered(cs_de_ar, "is it a strike if the catcher drops the ball")
    assert "الضربة" not in offered.get("strike", set())


def test_a_common_expression_beside_a_name_stays_switchable(english_resources: dict[str, Path]):
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["ja"], rate=1.0, context="none", resource_paths=english_resources)
    cs.use_collection_names(["Supreme Court of the United States"], [])
    # boolq-test: "federal court" -> ja 連邦裁判所 judged right; federal_court is WordNet's lower-case lemma
    a = analyse("is supreme court and federal court the same thing", "en")
    locked = cs._lowercase_names(a)
    assert {w.text for k, w in enumerate(a.words) if k in locked} >= {"supreme"}
    assert "federal" not in {w.text for k, w in enumerate(a.words) if k in locked}
