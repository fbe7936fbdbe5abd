"""English -> L code-switching, sixth pass: a Turkish and a Japanese class of the judged v3-v11 en->L sets
(bench/validity/lexical) stays fixed: FreeDict eng-tur's older, narrower words (country -> vatan
"homeland", people -> millet "nation"), agreed with a later MUSE entry, no longer outrank MUSE's
first entry; Japanese 領域 ("domain"), which OMW also lists under a minor sense of "area", no longer
leads over 地域 (the region); a Russian cognate is found romanised (jurisdiction -> юрисдикция, not
компетенция "competence"). Skips when a dictionary is absent.
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


def test_japanese_word_of_a_minor_sense_too_does_not_lead(english_resources):
    """v10 "The oil crisis caused oil companies to increase oil supplies in which area?" -> 領域
    ("domain, sphere"; wrong 6 of 6, v6-v11): OMW lists 領域 under area.n.01 (a region) and
    area.n.02 (a subject), and the summed weight put it first; 地域, which FreeDict jpn-eng reads
    back first as "area", now leads. Words whose second sense is not clearly minor keep their
    leader (decision -> 決定: decision.n.02 is 0.42 of decision.n.01)."""
    if load_freedict("en", "ja") is None or load_freedict("ja", "en") is None:
        pytest.skip("FreeDict eng-jpn / jpn-eng not installed")
    s = Sources(english_resources)
    if not s.omw("ja"):
        pytest.skip("OMW jpn not installed")
    assert "領域" in s._minor_sense_names("area", "n", s.omw("ja"), "ja")
    assert s.from_english("area", "area", "NOUN", "ja")[:1] == ("地域",)
    assert s.from_english("areas", "area", "NOUN", "ja")[:1] == ("地域",)
    assert s._minor_sense_names("decision", "n", s.omw("ja"), "ja") == set()
    assert s.from_english("decision", "decision", "NOUN", "ja")[:1] == ("決定",)


def test_russian_cognate_is_compared_romanised():
    """v6, v11 "Who do most jurisdictions say can give scheduled drugs to the public?" -> ru
    компетенция ("competence, remit"): MUSE's later юрисдикция is the English word's cognate once
    romanised with its -tion restored; a Russian word unlike the English one is no cognate."""
    pytest.importorskip("anyascii")
    from robustir.attacks.candidates import _cognate

    assert _cognate("юрисдикция", "jurisdiction")
    assert _cognate("коллекция", "collection")
    assert not _cognate("компетенция", "jurisdiction")
    assert not _cognate("сбор", "collection")


def test_russian_cognate_leads(english_resources):
    d = muse_dir()
    if d is None or not (d / "en-ru.txt").is_file():
        pytest.skip("MUSE en-ru not in $ROBUSTIR_DATA/muse")
    pytest.importorskip("anyascii")
    s = Sources({**english_resources, "muse": d})
    assert s.from_english("jurisdictions", "jurisdiction", "NOUN", "ru")[:1] == ("юрисдикция",)
    # MUSE's rarer first entry арт (romanised "art"), moved down by the frequency rule, stays down
    assert s.from_english("art", "art", "NOUN", "ru")[:1] == ("искусство",)
