"""English -> ja code-switching: a multiword noun's candidate that is only one of its words' own translation is
not offered (``attacks.lex.partunit``; bench/RESULTS.md section 217 measures the rule).

OMW jpn gives line_of_latitude -> 緯度 (latitude) and table_of_contents -> 内容 (contents) as lemmas of the whole:
judged wrong in v37 and v28 (content lost). The dictionaries give 緯度 and 内容 for "latitude" and "contents" alone.
With the rule, "line of latitude" takes OMW's next lemma 緯線 (a parallel) and "table of contents" is not
switched, neither whole nor word by word; "cell membrane" -> 細胞膜 (judged right five times) stays. The shared data
has no MUSE en-ja: ja candidates come from OMW and FreeDict eng-jpn. Skips without WordNet or FreeDict eng-jpn.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def cs_ja(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.freedict import load_freedict

    if load_freedict("en", "ja") is None:
        pytest.skip("FreeDict eng-jpn not installed")
    # the in-context recipe, as bench/codeswitch_paired.py builds it
    return CodeSwitch(languages=["ja"], rate=0.5, resource_paths=english_resources)


def _choices(cs, text: str) -> dict[str, set[str]]:
    """Each word of the English ``text`` with its in-context ja choices (``CodeSwitch._analyse``)."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * k + 1]: {rep for lg, rep in opts[k] if lg == "ja"} for k in range(len(parts) // 2)}


def test_one_word_rendering_names_the_word_translated():
    from robustir.attacks.lex.partunit import one_word_rendering

    table = {"latitude": ["緯度"], "line": ["線", "ライン"], "contents": ["内容"], "cell": ["細胞"],
             "membrane": ["膜"]}
    look = lambda w: table.get(w, [])  # noqa: E731
    assert one_word_rendering("緯度", "line_of_latitude", look) == "latitude"
    assert one_word_rendering("ライン", "assembly_line", look) == "line"
    assert one_word_rendering("緯線", "line_of_latitude", look) is None
    assert one_word_rendering("細胞膜", "cell_membrane", look) is None
    # a word shorter than three letters is not compared ("of")
    assert one_word_rendering("の", "line_of_latitude", lambda w: ["の"] if w == "of" else []) is None


def test_line_of_latitude_is_not_the_latitude(cs_ja):
    got = _choices(cs_ja, "is the north pole a line of latitude")
    assert "緯度" not in got.get("line of latitude", set())
    assert got.get("line of latitude") == {"緯線"}


def test_table_of_contents_is_switched_whole_or_not_at_all(cs_ja):
    got = _choices(cs_ja, "does the table of contents come before the introduction")
    assert "内容" not in set().union(*got.values())
    assert not (got.get("table") or got.get("contents"))


def test_a_compound_of_its_own_stays(cs_ja):
    got = _choices(cs_ja, "does protein transport biomolecules across the cell membrane")
    assert "細胞膜" in got.get("cell membrane", set())


def test_only_ja_is_filtered():
    from robustir.attacks.codeswitch import CodeSwitch

    assert "ja" in CodeSwitch.PART_UNIT_TARGETS and "zh" not in CodeSwitch.PART_UNIT_TARGETS
