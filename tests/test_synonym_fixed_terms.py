"""Synonym swaps inside fixed terms: the habitual "used to", "three of a kind", quoted terms.

Judged rejects of ``synonym-adv`` (bench/validity/lexical/synadv7-syn-boolq-test-minilm-perturbed.jsonl,
adv6-syn-boolq-test-perturbed.jsonl, adv8-syn-fiqa-mini-fresh.jsonl; bench/RESULTS.md section 84):
the word is not offered; the same word outside the fixed term still is. Needs spaCy's English model and the
nltk-data resource; skips otherwise. Context filter off: which candidates exist at all is what is tested.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def syn(english_resources: dict[str, Path]):
    pytest.importorskip("wordfreq")
    from robustir.attacks.synonym import SenseSynonym

    return SenseSynonym(rate=1.0, context="none", resource_paths=english_resources)


def _options(syn, text: str) -> dict[str, set[str]]:
    parts, opts, _ = syn._analyse(text, "en")
    return {parts[2 * i + 1].lower(): {r.lower() for _, r in o} for i, o in enumerate(opts) if o}


@pytest.mark.parametrize("text", [
    "did the dakar rally used to take place in europe and africa",
    "did the 100k drop used to be called the million pound drop",
    "what did people used to eat before potatoes",
    "what language used to be spoken in egypt",
])
def test_the_habitual_used_to_is_not_swapped(syn, text):
    assert "used" not in _options(syn, text)


@pytest.mark.parametrize("text", [
    "can hydrogen be used as a fuel for vehicles",
    "What adjective was used to characterize how successful the business was?",
    "What is the expression used to identify a series of problems solved in polynomial time?",
])
def test_used_as_a_form_of_use_is_still_swapped(syn, text):
    assert "employed" in _options(syn, text).get("used", set())


@pytest.mark.parametrize("text", ["does a two pair beat three of a kind",
                                  "does a royal flush beat 4 of a kind in poker"])
def test_number_of_a_kind_keeps_its_noun(syn, text):
    assert "kind" not in _options(syn, text)


def test_kind_outside_the_poker_term_is_still_swapped(syn):
    assert "sort" in _options(syn, "What kind of music is popular in Pakistan?").get("kind", set())


def test_a_quoted_term_is_not_paraphrased(syn):
    assert "buy" not in _options(syn, "Are there \u201cbuy and hold\u201d passively managed funds?")
    assert "buy" not in _options(syn, 'Are there "buy and hold" passively managed funds?')
    assert "purchase" in _options(syn, "Are there passively managed funds to buy and hold?").get("buy", set())


def test_an_apostrophe_or_quotes_around_the_whole_query_quote_nothing(syn):
    assert "purchase" in _options(syn, "can't i buy beer in new york on sunday").get("buy", set())
    assert "purchase" in _options(syn, '"Where can I buy shares of a company?"').get("buy", set())
