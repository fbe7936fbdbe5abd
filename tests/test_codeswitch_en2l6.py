"""English -> L code-switching, sixth pass: the Turkish class of the judged v3-v11 en->L sets
(bench/validity/lexical) stays fixed: FreeDict eng-tur's older, narrower words (country -> vatan
"homeland", people -> millet "nation"), agreed with a later MUSE entry, no longer outrank MUSE's
first entry. Skips when MUSE en-tr or FreeDict eng-tur is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from robustir.attacks.candidates import Sources
from robustir.attacks.freedict import load_freedict
from robustir.attacks.muse import muse_dir


@pytest.fixture(scope="module")
def tr_sources(english_resources: dict[str, Path]) -> Sources:
    d = muse_dir()
    if d is None or not (d / "en-tr.txt").is_file():
        pytest.skip("MUSE en-tr not in $ROBUSTIR_DATA/muse")
    if load_freedict("en", "tr") is None:
        pytest.skip("FreeDict eng-tur not installed")
    return Sources({**english_resources, "muse": d})


@pytest.mark.parametrize(("word", "first", "narrower"), [
    # v11 "Why was Polonia relegated from the country's top flight in 2013?" (vatan: v5, v9, v11 wrong)
    ("country", "ülke", "vatan"),
    # v11 "When did people once again start to show an interest in Tesla?" (millet: v3-v11, 8 of 9 wrong)
    ("people", "halk", "millet"),
])
def test_turkish_muse_first_entry_leads_over_freedict_agreement(tr_sources, word, first, narrower):
    got = tr_sources.from_english(word, word, "NOUN", "tr")
    assert got[:1] == (first,)
    assert narrower not in got[:1]


def test_turkish_agreed_muse_first_entry_is_unchanged(tr_sources):
    """The rule only moves MUSE's first entry up: where it already leads (goal -> gol is MUSE's
    first and FreeDict lists it too) the order is the dictionaries' as before; only a first entry
    MUSE reads back first as the English word may lead (birlik, MUSE's first for unit, reads back
    "unity": unit keeps its agreed birim/ünite)."""
    assert tr_sources._muse_reads_back_first("ülke", "tr", {"country"})
    assert not tr_sources._muse_reads_back_first("birlik", "tr", {"unit"})
    assert tr_sources.from_english("unit", "unit", "NOUN", "tr")[:1] != ("birlik",)
