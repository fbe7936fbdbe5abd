"""L -> en code-switching: zh verbs before an aspect particle, English verbs in name only, Thai grammatical
segments (issue 10; bench/RESULTS.md section 158).

Dictionary-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse


@pytest.mark.parametrize("text, word, noun", [("生产了多少台W116？", "生产", "production"),
                                              ("谁制作过丁香？", "制作", "production"),
                                              ("佩罗蒂在1996年的一项研究调查了什么?", "调查", "investigation")])
def test_a_chinese_word_before_an_aspect_particle_is_not_given_an_english_noun(cs, text, word, noun):
    # 生产了 "produced", 制作过 "made", 调查了 "investigated": jieba tags the words vn (a verb used as a noun) and
    # production / investigation were switched in (judged wrong in rev23-rev23a-zh, v2-zh)
    require_muse("zh")
    pytest.importorskip("jieba")
    cands = _cands(cs, text, "zh", word)
    assert noun not in cands[:1], cands


def test_a_chinese_verb_with_a_real_english_verb_stays(cs):
    # 援助了 "aided" -> aid, 设计了 -> design: verbs SemCor attests as verbs (judged right in rev23-rev23a-zh)
    require_muse("zh")
    pytest.importorskip("jieba")
    assert _cands(cs, "谁援助了德国？", "zh", "援助")


def test_a_chinese_adjective_before_le_keeps_its_english_adjective(cs):
    # 有多古老了 "how old (has it become)": 了 after an adjective marks a change of state, not a verb
    require_muse("zh")
    pytest.importorskip("jieba")
    assert _cands(cs, "发现的被认为是栉水母的化石有多古老了？", "zh", "古老")


def test_noun_in_use(cs):
    from robustir.attacks.lex.zhaspect import noun_in_use

    wn = cs.sources.wordnet().wn
    assert noun_in_use(wn, "birth") and noun_in_use(wn, "production")
    assert not noun_in_use(wn, "design") and not noun_in_use(wn, "aid") and not noun_in_use(wn, "qwzx")
    assert not noun_in_use(wn, "focusing")  # the verb "focus" counts


@pytest.mark.parametrize("text, word", [("ทีโนฟอรามีด้วยกันกี่สายพันธุ์", "ด้วยกัน"),
                                        ("อะไรได้รับการตั้งชื่อตามเทสลาเพื่อเป็นเกียรติแก่เขา", "แก่")])
def test_a_thai_grammatical_segment_is_not_switched(cs, text, word):
    # มีด้วยกัน "in all" -> together (three times), เพื่อเป็นเกียรติแก่เขา "in his honour" -> old (judged wrong in
    # rev23-rev23b-th, th): pythainlp tags them an adverb after its verb and an adposition
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert _cands(cs, text, "th", word) == ()


def test_a_thai_content_word_is_still_switched(cs):
    require_muse("th")
    pytest.importorskip("pythainlp")
    # กีฬา "sport" (judged right in th) is a noun after the particle มาจาก "from"
    assert _cands(cs, "Los Angeles Angels of Anaheim มาจากกีฬาประเภทใด?", "th", "กีฬา")
    # รู้จัก ออกซิเจน "knew oxygen": the tagger's adverb after a verb, but no stop word (judged right, rev21-rev21b-th)
    assert _cands(cs, "โจเซฟ พรีสต์ลีย์ รู้จักออกซิเจนในปีใด", "th", "ออกซิเจน")
