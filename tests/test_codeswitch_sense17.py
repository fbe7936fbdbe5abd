"""English -> L code-switching, from the recurring rejects of the held-out v21/v22 draws (issue 10 (a),
branch sense17; bench/RESULTS.md section 101; bench/validity/lexical/v22-sense15-en-L.jsonl): a place's
two-letter state code is part of its name ("fort collins co": not carbon monoxide, not cobalt); an
adjective and a noun that WordNet writes as one closed word are one compound ("the common wealth": not
riches); an adjective before a comma is a list item, not a predicate (rule P, section 95's false
positive). (A fourth rule, a Russian person noun of no particular sex takes no feminine noun, was
measured and not adopted: bench/RESULTS.md section 101.)
Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from tests.collection_names import offered_choices as _offered


def _locked(text: str) -> dict[str, str]:
    """Each word of the English ``text`` with its analysis lock ("" when free)."""
    from robustir.attacks.analysis.english import analyse_english

    return {w.text: w.locked for w in analyse_english(text).words}


def test_a_state_code_after_a_place_is_part_of_its_name(english_resources):
    # v22: "fort collins co" -> zh 一氧化碳 (carbon monoxide), it cobalto (judged wrong): CO is Colorado
    assert _locked("is there a fort in fort collins co")["co"] == "entity"
    assert _locked("what is the population of denver co")["co"] == "entity"
    # not after a noun: the word keeps its other senses; "in" after a noun is no Indiana
    assert _locked("is co a greenhouse gas")["co"] != "entity"
    assert _locked("is boulder co in the mountains")["in"] == ""
    # after a common noun that names no place a code that is also a word is that word (OK, HI are state codes)
    assert _locked("is the baby ok")["ok"] != "entity"
    assert _locked("is the camera hi res")["hi"] != "entity"


def test_an_adjective_and_noun_written_closed_are_one_compound(english_resources):
    # v22: "the common wealth" -> it ricchezza, ru богатство, ar ثروة (riches): WordNet's commonwealth
    locks = _locked("is south africa a member of the common wealth")
    assert locks["wealth"] and locks["common"]
    # the same noun after another adjective is a word of its own
    assert _locked("is great wealth a sign of success")["wealth"] == ""
    # a prefix written apart is no adjective of its own (semifinal; finals -> Endspiel judged right)
    assert _locked("are england in the world cup semi finals")["finals"] != "mwe"


def test_an_adjective_before_a_comma_is_no_predicate(cs_ru):
    # section 95: rule P removed ru медицинская (judged right) from a list of schools
    offered = _offered(cs_ru, "Where are the Harvard medical, Dental and school of Public Health located?")
    assert "medical" in offered
    # a predicate adjective still takes no relational one (правовая)
    assert "legal" not in _offered(cs_ru, "is it legal to own a gun in sweden")


def test_an_adjective_before_an_aside_is_still_a_predicate(english_resources):
    # review12: the comma test made any adjective before a comma a list item; before an aside it is the
    # predicate still (ru правовая for "legal" was judged wrong 9 times: section 95)
    from robustir.attacks.analysis.english import analyse_english
    from robustir.attacks.codeswitch import _predicative

    def predicates(text: str) -> list[str]:
        a = analyse_english(text)
        return [w.text for i, w in enumerate(a.words) if w.pos == "ADJ" and _predicative(a, i)]

    assert predicates("is it legal, in sweden, to own a gun") == ["legal"]
    assert predicates("is weed legal, or just decriminalized, in oregon") == ["legal"]
    assert "medical" not in predicates("Where are the Harvard medical, Dental and school of Public Health located?")
    assert "newer" not in predicates("What is the newer, more widely accepted theory behind the spread of the plague?")
