"""hi -> en loans (``attacks.lex.hiloan``, bench/results-cov30.md section 27): a Devanagari loan of the English
candidate is not vetoed by FreeDict eng-hin's silence, unless a neighbour is foreign (a name's piece)."""

from __future__ import annotations

import pytest

from attacks.lex.hiloan import english_skeleton, foreign, hindi_skeleton, is_loan, loan_allowed


@pytest.mark.parametrize(("hi", "en"), [("चैनल", "channel"), ("नंबर", "number"), ("कोर्ट", "court"),
                                        ("एस्पिरिन", "aspirin"), ("बुक", "book"), ("स्कूल", "school"),
                                        ("नेटवर्क", "network"), ("स्टेशन", "station")])
def test_loans_share_a_skeleton(hi: str, en: str) -> None:
    assert hindi_skeleton(hi) == english_skeleton(en)
    assert is_loan(hi, en)


@pytest.mark.parametrize(("hi", "en"), [("पाई", "pie"), ("गई", "went"), ("प्रति", "duplicate"), ("बालों", "hair"),
                                        ("याचिका", "petition"), ("कोर्ट", "court of law")])
def test_native_words_and_one_consonant_are_no_loans(hi: str, en: str) -> None:
    assert not is_loan(hi, en)


def test_candra_vowel_is_a_vowel() -> None:
    assert hindi_skeleton("पॉलिसी") == english_skeleton("policy")


def test_a_name_piece_has_a_foreign_neighbour() -> None:
    # हाइड पार्क डे स्कूल: डे is a loan of day (any skeleton); ओलीवर स्टोन: ओलीवर is in no dictionary; digits
    # are not foreign
    assert foreign("डे", ["day"])
    assert foreign("ओलीवर", [])
    assert not foreign("50", [])
    assert not foreign("अध्यादेश", ["ordinance"])
    assert not loan_allowed([("डे", ["day"]), ("कहाँ", ["where"])])
    assert loan_allowed([("गुर्दे", ["kidney"])])


def test_recipe_switches_a_loan_and_not_a_name_piece() -> None:
    pytest.importorskip("indic_transliteration")
    from robustir.recipe import load_recipe

    cs = load_recipe("codeswitch").build().perturbation
    try:
        parts, opts, _ = cs._analyse("जोली ने कोर्ट में क्या करने के लिए याचिका दाखिल की?", "hi")
    except Exception as exc:  # resources missing on a bare checkout
        pytest.skip(f"resources: {exc}")
    got = {parts[2 * i + 1]: [c for _, c in o] for i, o in enumerate(opts) if o}
    assert got.get("कोर्ट") == ["court"]
    parts, opts, _ = cs._analyse("सुपर बाउल 50 खेलते समय मैनिंग कितने साल के थे?", "hi")
    got = {parts[2 * i + 1]: [c for _, c in o] for i, o in enumerate(opts) if o}
    assert "सुपर" not in got
