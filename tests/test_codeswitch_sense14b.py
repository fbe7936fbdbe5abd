"""English -> L code-switching into it pt ru hi tr, from the held-out v21 rejects (issue 10, branch sense14b;
bench/RESULTS.md section 90; bench/validity/lexical/v21-sense14b-en-L.jsonl): "turtle doves" -> it tartaruga,
hi कछुआ, tr kaplumbağa (the reptile: the turtledove is one word) and "can a ipod 5 update to ios 10" -> pt
atualização (the noun for the verb). sense14b's own rules for these were merged together with sense14a's English
analysis rules (section 92), which fix both questions for every language; sense14b's were then removed as
changing no judged word (bench/RESULTS.md section 94). These tests hold the recipe to the judged outcome in
sense14b's languages.
Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered_choices as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["it", "pt", "ru", "hi", "tr"], rate=1.0, context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru", "hi", "tr")})


def test_the_first_part_of_an_open_written_closed_compound_is_not_switched(cs):
    offered = _offered(cs, "are mourning doves and turtle doves the same")
    assert "turtle" not in offered
    assert "doves" in offered  # a turtledove is a dove: the head stays free
    # the turtle alone is still the reptile
    assert "tartaruga" in _offered(cs, "how long can a turtle live").get("turtle", set())
    # a part the compound's definition uses keeps its sense: a meterstick is "a rule one meter long"
    assert "metro" in _offered(cs, "is a yardstick and a meter stick the same").get("meter", set())


def test_a_verb_after_a_modal_tagged_noun_is_not_switched_as_the_noun(cs):
    assert "atualização" not in _offered(cs, "can a ipod 5 update to ios 10").get("update", set())
    # a noun after a modal with a verb of its own stays a noun
    assert "atualização" in _offered(cs, "can the update break my phone").get("update", set())
