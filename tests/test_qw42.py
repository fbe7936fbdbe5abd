"""Code-switching L -> en, the question-word last resort for Arabic, Thai and Chinese (section 275 of branch qw42).

An ar, th or zh query with no other switchable word gets its question word switched (ar متى -> when, كم عدد -> how
many; th เมื่อใด -> when; zh 何时 -> when), never a use whose English depends on what follows: ar من as the
preposition (من أين "from where", من الممكن "it is possible"), كم before no counted noun (كم عمر "how old"), zh 为什么
closing the query (自封为什么 "proclaimed itself as what") or 多少 before a mass noun or a particle, and never a Thai
segment the analysis locked (ปี|ใด). The first tier's own words still decide every other query. Dictionary-backed
cases skip when MUSE is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def test_arabic_question_words_and_the_uses_left_out():
    from robustir.attacks.lex.arquestion import question_word

    assert question_word(["متى", "هُزِم", "المغول", "من", "قبل", "تران؟"]) == (0, "when")
    assert question_word(["من", "الذي", "أسس", "ماكينزي", "وشركاؤه؟"]) == (0, "who")
    assert question_word(["كم", "عدد", "الدول"]) == (0, "how many")
    assert question_word(["كم", "نوعاً", "يوجد"]) == (0, "how many")
    assert question_word(["كم", "عمر", "المستحثات؟"]) is None          # كم عمر "how old"
    assert question_word(["كم", "من", "الوقت"]) is None                # كم من "how much (of)"
    assert question_word(["من", "الممكن", "أن", "يكون"]) is None        # "it is possible": the preposition
    assert question_word(["ذهب", "من", "البيت"]) is None                # من mid-sentence: "from"
    assert question_word(["ما", "مدى", "تأثير", "المرض؟"]) is None      # ما مدى "to what extent"
    assert question_word(["في", "مسألة", "حاسوبية،", "ما", "الذي"]) == (3, "what")
    assert question_word(["لمَن", "كان", "إقبال", "ناقد؟"]) is None      # لمن: no one-word English


def test_thai_and_chinese_question_words_and_the_uses_left_out():
    from robustir.attacks.lex.thquestion import question_word as th
    from robustir.attacks.lex.zhquestion import question_word as zh

    assert th(["ซีแมน", "ก่อตั้ง", "คณะกรรมการ", "ขึ้น", "เมื่อใด"]) == (4, "when")
    assert th(["รถไฟใต้ดิน", "เปิด", "ให้บริการ", "กี่", "ระยะ"]) == (3, "how many")
    assert th(["ซาก", "มีอายุ", "เท่าใด"]) is None                      # "how old / how much": left out
    assert zh(["元英宗", "何时", "登基", "？"]) == (1, "when")
    assert zh(["密歇根州", "为什么", "组成", "了", "Merit", "网络"]) == (1, "why")
    assert zh(["伊斯兰", "国在", "2014", "年", "自封", "为什么", "？"]) is None  # 为 + 什么 "as what"
    assert zh(["主", "四合院", "由", "多少", "座", "四合院", "构成"]) == (3, "how many")
    assert zh(["人口", "是", "多少", "？"]) is None                     # 是多少 "what is (the figure)"
    assert zh(["需要", "多少", "钱"]) is None                          # a mass noun: "how much"


@pytest.mark.parametrize(("lang", "query", "offered"), [
    # before (main 2eb9029): unperturbable in XQuAD-R test
    ("ar", "متى هُزِم المغول من قبل تران؟", {"متى": ["when"]}),
    ("ar", "كم عدد المثليين المتزوجين أو المشتركين معاً؟", {"كم": ["how many"]}),
    ("th", "DECnet คืออะไร", {"อะไร": ["what"]}),
    ("zh", "元英宗何时登基？", {"何时": ["when"]}),
])
def test_an_unswitchable_query_gets_its_question_word(cs, lang, query, offered):
    require_muse(lang)
    assert _offered(cs, query, lang) == offered


@pytest.mark.parametrize(("lang", "query", "word"), [
    ("ar", "متى تأسست الجامعة؟", "متى"),       # a switchable word (university): the question word stays
    ("zh", "北京大学是何时成立的？", "何时"),
])
def test_a_query_with_a_switchable_word_keeps_its_question_word(cs, lang, query, word):
    require_muse(lang)
    offered = _offered(cs, query, lang)
    assert offered and word not in offered


def test_a_locked_thai_segment_is_left(cs):
    require_muse("th")
    # ย่าน|ใด "which district": the analysis locks ใด (an expression), and ใด is no table word anyway
    assert _offered(cs, "ย่านใดตั้งอยู่ทางทิศตะวันตกของถนนฟรีเวย์ 41", "th") == {}


def test_vietnamese_question_words_units_and_the_uses_left_out():
    from robustir.attacks.analysis import analyse
    from robustir.attacks.lex.viquestion import question_unit

    def english(text: str) -> tuple[str, str] | None:
        a, _, q = question_unit(analyse(text, "vi"), None)
        return None if q is None else (a.words[q[0]].text, q[1])

    assert english("Sắc lệnh này được tuyên bố khi nào?") == ("khi nào", "when")   # one unit, not "khi which"
    assert english("Energiprojekt AB nằm ở đâu?") == ("ở đâu", "where")
    assert english("Có bao nhiêu loài sứa lược?") == ("bao nhiêu", "how many")
    assert english("Sứa lược ăn bao nhiêu trong một ngày?") is None          # "how much": before a function word
    assert english("Kenya xếp thứ mấy trên thang đo năm 2012?") is None      # an ordinal
    assert english("Quy mô gia đình trung bình là bao nhiêu?") is None       # closing: English asks "what"
    assert english("Bất kỳ nút nào cũng có thể được chỉ định riêng biệt như thế nào?") == ("như thế nào", "how")
    assert english("Đâu là nguồn nhiệt thông thường?") is None              # Đâu là: "what is", not "where"
    # section 296: MLQA-R vi questions whose last-resort switch was wrong (the first two judged so in section 285)
    assert english("Hoàng tử George là đứa trẻ thế nào?") is None           # N thế nào: "what kind of N"
    assert english("Cây thân thảo lâu năm có thể mọc cao nhất đến bao nhiêu dù chỉ xảy ra vài lần?") is None
    assert english("độ bao phủ di động là bao nhiêu nếu một người sử dụng bộ mã này?") is None
    assert english("Loại cây này hoạt động thế nào?") == ("thế nào", "how")  # after a verb: still "how"


def test_an_unswitchable_vietnamese_query_gets_its_question_unit(cs):
    require_muse("vi")
    # before (main 2eb9029): unperturbable in XQuAD-R vi test
    assert _offered(cs, "Sắc lệnh này được tuyên bố khi nào?", "vi") == {"khi nào": ["when"]}
    assert _offered(cs, "Ai là người sáng lập Tập đoàn Oracle?", "vi") == {"Ai": ["who"]}
