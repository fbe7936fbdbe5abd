"""English -> L code-switching, two rules for it pt ru hi tr (issue 10, branch sense14b;
bench/RESULTS.md section 90), from the held-out v21 rejects (bench/validity/lexical/v21-sense14b-en-L.jsonl):
"turtle doves" -> it tartaruga, hi कछुआ, tr kaplumbağa (the reptile: the turtledove is one word) and "can a ipod 5
update to ios 10" -> pt atualização (the noun for the verb). Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse

LANGS = ["it", "pt", "ru", "tr"]


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=LANGS, context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru", "tr")})


@pytest.fixture(scope="module")
def cs_hi(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["hi"], context="none",
                      resource_paths={**english_resources, "muse": require_muse("hi")})


def _candidates(cs, text: str, word: str, tgt: str) -> tuple[str, ...]:
    """The en->``tgt`` candidates (before the context filter) of ``word`` in the English ``text``."""
    from robustir.attacks.analysis import analyse

    a = analyse(text, "en")
    i = next(k for k, w in enumerate(a.words) if w.text == word)
    return cs._candidates(a.words[i], "en", tgt, a, i)


def test_the_first_part_of_an_open_written_closed_compound_is_not_switched(cs, cs_hi):
    text = "are mourning doves and turtle doves the same"
    for tgt in ("it", "tr"):
        assert _candidates(cs, text, "turtle", tgt) == ()
    assert _candidates(cs_hi, text, "turtle", "hi") == ()
    # the turtle alone is still the reptile
    assert "tartaruga" in _candidates(cs, "how long can a turtle live", "turtle", "it")
    # a part the compound's gloss uses keeps its sense: a meterstick is "a rule one meter long"
    assert "metro" in _candidates(cs, "is a yardstick and a meter stick the same", "meter", "it")
    # the head of such a compound stays free: a turtledove is a dove, saltwater is water
    assert _candidates(cs, "do they use salt water in salt water taffy", "water", "ru")


def test_a_verb_after_a_modal_tagged_noun_is_not_switched(cs):
    # spaCy tags "update" a noun (the question's only verb): not the noun atualização
    assert _candidates(cs, "can a ipod 5 update to ios 10", "update", "pt") == ()
    # a noun after a modal with a verb of its own stays a noun
    assert _candidates(cs, "can a software update break a phone", "update", "pt")
    # a noun after an adjective heads a noun phrase, whatever the modal (judged right: ru партнёры, tr ortak)
    assert _candidates(cs, "can a limited partnership have two general partners", "partners", "ru")
    # the object of a preposition is no verb either
    assert _candidates(cs, "can a 19 year old drink with parents in texas", "parents", "ru")
    # an adjective there keeps its candidates (judged right: concentrato)
    assert "concentrato" in _candidates(cs, "can a weak base form a concentrated solution", "concentrated", "it")
