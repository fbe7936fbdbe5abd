"""English -> L code-switching: a WordNet topic domain that is a kind of the sense itself names no sense
(branch review14, bench/RESULTS.md section 131). WordNet files body_of_water.n.01 (a lemma "water") under
river.n.01, lake.n.01 and ocean.n.01, its own kinds, so sense21's domain rule (every target since section 126)
read "the water in the amazon river" and "ocean water" as a body of water, and de Wasser, right, was no longer
switched (boolq-dev 0556 and 0972). Skips when WordNet, spaCy or MUSE are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered_choices
from tests.muse_data import require_muse


@pytest.mark.parametrize(("context", "filed"), [
    (["amazon", "river"], [("river", "n")]),
    (["salt", "taffy", "ocean"], [("salt", "n"), ("ocean", "n"), ("make", "v")]),
    (["river", "house", "city"], []),
])
def test_a_body_of_water_filed_under_its_own_kinds_is_not_named_by_them(wn, context, filed):
    from robustir.attacks.lex.domainsense import domain_sense

    assert domain_sense(wn, "water", context, filed) is None


def test_a_domain_that_is_no_kind_of_the_sense_still_names_it(wn):
    from robustir.attacks.lex.domainsense import domain_sense

    assert domain_sense(wn, "knight", ["chess"]).name() == "knight.n.02"
    assert domain_sense(wn, "pawn", ["chess"], [("move", "v")]).name() == "pawn.n.03"
    assert domain_sense(wn, "rim", ["goaltending", "ball", "backboard"],
                        [("goaltending", "n"), ("ball", "n"), ("backboard", "n"), ("hit", "v")]).name() == "rim.n.02"


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["de"], context="none",
                      resource_paths={**english_resources, "muse": require_muse("de")})


def test_water_beside_a_river_is_switched_into_german_again(cs):
    assert "wasser" in offered_choices(cs, "is the water in the amazon river fresh").get("water", set())
    # the chess rule of section 126 is unchanged: no German word for the chessman reads back as one
    assert "knight" not in offered_choices(cs, "can you checkmate with a bishop and a knight")
