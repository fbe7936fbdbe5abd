"""English -> L code-switching, eighth pass: two classes of the judged v11-v13b en->L sets
(bench/validity/lexical) stay fixed: an adjective whose dominant sense is a satellite of another head is
translated through that head (original = first: ru первоначального, tr ilk, not оригинальная, özgün
"authentic"); a counted "people" is the plural of "person" into Turkish (kaç kişi, not halk "the
public"). Skips when a dictionary is absent.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from robustir.attacks.candidates import Sources
from robustir.attacks.freedict import load_freedict

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


@pytest.mark.parametrize(("lang", "first", "authentic"), [("ru", "первоначального", "оригинальная"),
                                                          ("tr", "ilk", "özgün")])
def test_adjective_is_translated_through_the_head_of_its_dominant_satellite_sense(rp, lang, first, authentic):
    """v13b "What was the original amount allotted to film Avatar?" -> ru оригинальная, tr özgün (read
    as "authentic"): original.s.01, "preceding all others in time" (SemCor 17 of 30 uses), is a
    satellite of first.a.01; первоначального reads back "initial", ilk "first": that cluster."""
    d = require_muse(lang)
    if lang == "tr" and load_freedict("en", "tr") is None:
        pytest.skip("FreeDict eng-tur not installed")
    s = Sources({**rp, "muse": d})
    got = s.from_english("original", "original", "ADJ", lang)
    assert got[:1] == (first,)
    assert authentic not in got[:1]


def test_adjective_with_a_head_sense_dominant_is_unchanged(rp):
    """exact's dominant sense, exact.a.01, is itself a head (no satellite): the rule says nothing
    whatever the chosen word reads back as, where for original it replaces оригинальная."""
    d = require_muse("ru")
    s = Sources({**rp, "muse": d})
    lists = [["оригинальная", "первоначального"]]
    assert s._head_sense_word("original", "оригинальная", lists, "ru", lambda c: True) == "первоначального"
    assert s._head_sense_word("exact", "оригинальная", lists, "ru", lambda c: True) == ""


def _tr_options(rp, query: str) -> list[str]:
    from robustir.attacks.codeswitch import CodeSwitch

    d = require_muse("tr")
    cs = CodeSwitch(languages=["tr"], rate=1.0, resource_paths={**rp, "muse": d})
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    out = cs.perturb(query, random.Random(0))
    return [e.replacement for e in out.edits if e.original == "people"]


@pytest.mark.parametrize("query", [
    "How many people go to Obby-Oss?",  # v12: halk, wrong
    "When many people are arrested, what is a common tactic negotiating?",  # v11: millet, wrong
    "Three people died in which year?",
])
def test_counted_people_is_person_into_turkish(rp, query):
    assert _tr_options(rp, query) == ["kişi"]


def test_people_not_counted_keeps_halk(rp):
    """v11 "When did people once again start to show an interest in Tesla?": the public, halk (right)."""
    assert _tr_options(rp, "When did people once again start to show an interest in Tesla?") == ["halk"]
