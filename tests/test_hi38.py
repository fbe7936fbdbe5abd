"""Code-switching L -> en, Hindi: MUSE's first entry confirmed anywhere in FreeDict eng-hin read backwards
(section 239).

Hindi's second source is FreeDict eng-hin read backwards, whose list for a Hindi word is alphabetical; cut at
``per_source`` it dropped MUSE's first entry when that was late in the alphabet (सीमा: "range" after "border",
प्रकार: "type" after "kind"). Since section 239 the cut list also keeps MUSE's first entry when the whole reversed list
holds it (``lex.crossedfirst.confirmed_later``, as for Arabic): FreeDict confirms it, it does not rank it. The
tie-breaks measured and not adopted in section 239 (MUSE's first before FreeDict's alphabetical first; English
frequency) are pinned as not applied: सूखा keeps "drought", परीक्षा "exam". Skips without MUSE en-hi.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def sources(nltk_resources: dict[str, Path]):
    from robustir.attacks.candidates import Sources

    return Sources(resource_paths={**nltk_resources, "muse": require_muse("hi")})


@pytest.mark.parametrize(("word", "english"), [
    ("सुधार", "reform"),     # फ्रांसीसी सुधार समर्थक: reform, not "correction"
    ("प्रकार", "type"),      # किस प्रकार का: type (kind was right too)
])
def test_muse_first_confirmed_later_in_the_reversed_list_leads(sources, word, english):
    assert sources.to_english(word, "hi")[0] == english


def test_muse_first_confirmed_later_becomes_a_candidate(sources):
    # सीमा: "range" (MUSE's first) was cut from the alphabetical list (border, bound, ...); now a candidate the
    # context filter can pick (बिना तार वाले LAN की सीमा: the range, not "border", judged wrong)
    assert sources.to_english("सीमा", "hi") == ("border", "range")


@pytest.mark.parametrize(("word", "english"), [
    ("सूखा", "drought"),     # सूखा पड़ा: a drought; MUSE's first "dry" is not put first
    ("परीक्षा", "exam"),     # परीक्षा बोर्ड: exam boards, not "test"
    ("मूल", "origin"),       # (unchanged here: the tie-breaks of section 239.3 were not adopted)
])
def test_a_tie_of_first_entries_is_not_reordered(sources, word, english):
    assert sources.to_english(word, "hi")[0] == english


def test_the_rule_adds_no_candidate_where_the_sources_shared_none():
    from robustir.attacks.lex.crossedfirst import confirmed_later

    assert confirmed_later(["abuse", "bad"], ["abuse", "bad", "zeal"], ["zeal", "zest"]) == ["abuse", "bad"]
    assert confirmed_later(["border", "bound"], ["border", "bound", "edge", "limit", "range"],
                           ["range", "limit", "border"]) == ["border", "bound", "range"]
