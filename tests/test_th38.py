"""L -> en Thai (issue 10, bench/RESULTS.md section 225, branch th38): a later piece of a Thai WordNet noun compound
whose English does not hold the piece's English is not switched (``lex.thaicompound``).

Judged wrong before the fix: ขัดขืน -> resist in อารยะขัดขืน "civil disobedience" (rev20-rev20b-th twice,
rev27-rev27a-th once), บกพร่อง -> defect in ภูมิคุ้มกันบกพร่อง "immunodeficiency" (rev27-rev27a-th). Guards (section
27's paired rows): the compound's head keeps its English (จำนวน|เฉพาะ -> number), a piece the compound's English
holds keeps it (ธรณี|ฟิสิกส์ "geophysics" -> physics), a verb with its object is no compound (ก่อตั้ง|บริษัท ->
company), nor a word with its grammar (การ|ลงโทษ -> punish), nor a name (ซี|แมน "Seaman": man stays, a known
reject, because the question has no other option).

Dictionary-backed cases skip when MUSE, WordNet/OMW or pythainlp is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def wn(nltk_resources: dict[str, Path]):
    from robustir.attacks.lex.nltkdata import open_wordnet

    reader = open_wordnet(nltk_resources)
    try:
        if not reader.synsets("อารยะขัดขืน", lang="tha"):
            pytest.skip("OMW Thai WordNet not installed")
    except Exception:
        pytest.skip("OMW Thai WordNet not installed")
    return reader


def _spans(*pieces: str) -> tuple[str, list[tuple[int, int]]]:
    """A text of glued ``pieces`` (" " is a space) and the spans of its non-space pieces."""
    text, spans, pos = "", [], 0
    for p in pieces:
        if p != " ":
            spans.append((pos, pos + len(p)))
        text += p
        pos += len(p)
    return text, spans


def test_a_later_piece_whose_english_the_compound_lacks(wn):
    from robustir.attacks.lex.thaicompound import foreign_piece

    text, spans = _spans("ทำ", "อารยะ", "ขัดขืน", "ต่อ")
    assert foreign_piece(spans, text, 2, "resist", wn) == "อารยะขัดขืน"
    text, spans = _spans("ภูมิคุ้มกัน", "บกพร่อง")
    assert foreign_piece(spans, text, 1, "defect", wn) == "ภูมิคุ้มกันบกพร่อง"
    assert foreign_piece(spans, text, 1, "defect", None) is None    # no WordNet: nothing to say


def test_guards_head_held_english_verb_phrase_grammar_space(wn):
    from robustir.attacks.lex.thaicompound import foreign_piece

    text, spans = _spans("จำนวน", "เฉพาะ")
    assert foreign_piece(spans, text, 0, "number", wn) is None       # the head (prime number)
    text, spans = _spans("ธรณี", "ฟิสิกส์")
    assert foreign_piece(spans, text, 1, "physics", wn) is None      # geophysics holds physics
    text, spans = _spans("ก่อตั้ง", "บริษัท")
    assert foreign_piece(spans, text, 1, "company", wn) is None      # incorporate.v: a verb and its object
    text, spans = _spans("การ", "ลงโทษ")
    assert foreign_piece(spans, text, 1, "punish", wn) is None       # a nominaliser: grammar, not a compound
    text, spans = _spans("ซี", "แมน")
    assert foreign_piece(spans, text, 1, "man", wn) is None          # a name only (Seaman): left to the name rules
    text, spans = _spans("อารยะ", " ", "ขัดขืน")
    assert foreign_piece(spans, text, 1, "resist", wn) is None       # written apart: two words


@pytest.mark.parametrize("text, word, english", [
    ("เพราะเหตุใดผู้คนจึงเลือกทำอารยะขัดขืนต่อกฎหมายบางฉบับ", "ขัดขืน", "resist"),  # rev20b
    ("การดำเนินการอารยะขัดขืนแบบปฏิวัติต่อวัฒนธรรมมีผู้ใดเป็นตัวอย่าง", "ขัดขืน", "resist"),  # rev20b
    ("โรคภูมิคุ้มกันบกพร่องทำให้เป็นอย่างไร", "บกพร่อง", "defect"),                   # rev27a (section 213)
    ("ชาวอินเดียผู้มีชื่อเสียงท่านใดใช้วิธีอารยะขัดขืน", "ขัดขืน", "resist"),  # rev27a (section 213)
])
def test_judged_compound_pieces_not_switched(cs, wn, text, word, english):
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert english not in _offered(cs, text, "th").get(word, [])


@pytest.mark.parametrize("text, word, english", [
    ("ใครก่อตั้งบริษัทแมคคินเซย์ แอนด์ คอมพานี?", "บริษัท", "company"),
    ("เราสามารถใช้ข้อมูลทางธรณีฟิสิกส์ร่วมกับสิ่งใด เพื่อให้มองเห็นใต้ผิวดินได้ดีขึ้น", "ฟิสิกส์", "physics"),
])
def test_pieces_the_guards_keep(cs, wn, text, word, english):
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert english in _offered(cs, text, "th").get(word, [])
