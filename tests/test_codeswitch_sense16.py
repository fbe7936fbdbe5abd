"""English -> L code-switching, from the held-out v22 rejects (issue 10 (a), branch sense16;
bench/RESULTS.md section 95; bench/validity/lexical/v22-sense15-en-L.jsonl): a noun whose other
WordNet sense is a sister of a noun coordinated with it is meant in that sense ("plants and animals" ->
ru завод, the factory; plant.n.02 and animal.n.01 are both kinds of organism); and a
Russian predicate adjective is a qualitative one ("is it legal to" -> правовая, "of law", judged wrong 9 times).
Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

import pytest

from tests.collection_names import offered_choices as _offered


def test_a_sister_noun_of_the_query_names_the_sense(wn):
    from robustir.attacks.lex.domainsense import sister_sense

    assert sister_sense(wn, "plant", ["animal"]).name() == "plant.n.02"
    # only the coordinated noun's first sense counts: citation.n.05 (a summons) is not citation's first
    assert sister_sense(wn, "ticket", ["citation"]) is None
    # no sister in the query, or the first sense's own sister: no override
    assert sister_sense(wn, "plant", ["energy"]) is None
    assert sister_sense(wn, "ticket", ["train"]) is None
    assert sister_sense(wn, "plant", []) is None


def test_plants_beside_animals_are_not_the_factory(cs_ru, monkeypatch):
    # v22 boolq-test: plants -> ru завод (judged wrong; v17 too)
    offered = _offered(cs_ru, "are there any food materials that have other sources than plants and animals")
    assert "завод" not in offered.get("plants", set())
    # not coordinated: the noun keeps its candidates (the sister rule's; the judged-pairs veto of section 226, which
    # now drops plant -> завод everywhere, judged wrong 3 times and never right, is off for this check)
    from robustir.attacks.lex import judgedveto

    monkeypatch.setattr(judgedveto, "ENABLED", False)
    assert "завод" in _offered(cs_ru, "does the plant produce energy for the city").get("plant", set())


def test_a_predicate_adjective_is_not_a_relational_one(cs_ru):
    # v15, v17, v19, v21, v22: "is it legal to ..." -> ru правовая ("of law, juridical"; judged wrong 9 times);
    # MUSE offers only relational adjectives for "legal", which pymorphy3 tags without Qual
    assert "legal" not in _offered(cs_ru, "is it legal to own a gun in sweden")
    assert "legal" not in _offered(cs_ru, "is weed legal in oregon for recreational use")
    # a qualitative adjective in the predicate stays switched (опасный is Qual)
    assert "dangerous" in _offered(cs_ru, "is the ocean dangerous at night")
    # an adjective before the noun it modifies is no predicate (хирургические judged right, v22)
    assert "surgical" in _offered(cs_ru, "is surgical stainless steel the same as stainless steel")
    from robustir.attacks.analysis.segment import russian_qualitative

    if russian_qualitative("законный") is None:
        pytest.skip("pymorphy3 not installed")
    assert russian_qualitative("законный") and not russian_qualitative("правовая")


def test_every_finite_form_of_be_makes_a_predicate_of_the_adjective_after_its_subject():
    # review11: "am" was missing from the forms of "be" ("am i eligible" read as no predicate, so ru kept
    # relational adjectives there); "be"/"been" right before the adjective have no subject between
    from robustir.attacks.analysis.english import analyse_english
    from robustir.attacks.codeswitch import _predicative

    def predicates(text: str) -> list[str]:
        a = analyse_english(text)
        return [w.text for i, w in enumerate(a.words) if w.pos == "ADJ" and _predicative(a, i)]

    for text, adjective in (("am i eligible to vote", "eligible"), ("is it legal to drive", "legal"),
                            ("are guns legal in canada", "legal"), ("was it legal to drink", "legal"),
                            ("were they eligible", "eligible"), ("isn't it legal to drive", "legal")):
        assert predicates(text) == [adjective], text
    assert predicates("is surgical stainless steel the same") == []


def test_and_or_coordinates_as_and_and_or_do():
    # review11: spaCy keeps "and/or" as one word, so "plants and/or animals" named no sister noun
    from robustir.attacks.analysis.english import analyse_english
    from robustir.attacks.codeswitch import _coordinated

    for joined in ("and", "or", "and/or"):
        a = analyse_english(f"do plants {joined} animals need oxygen")
        assert _coordinated(a, 1) == ["animal"], joined
        assert _coordinated(a, 3) == ["plant"], joined
