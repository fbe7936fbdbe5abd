"""L -> en code-switching, Arabic: an unvowelled homograph whose sources' first entries read it as a noun (MUSE) and
as a verb or participle (FreeDict, OMW) takes MUSE's noun (``attacks.lex.arhomograph``; issue 10; section 222).
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse

_POS = {"center": "n", "market": "n", "crew": "n", "staff": "n", "concentrated": "a", "carry": "v",
        "refers": "v", "build": "v", "type": "n", "change": "v", "families": "n", "capturing": "v"}
_VERB = {"carry": "carry", "build": "build", "change": "change", "capturing": "capture", "refers": "refer"}


def _main_pos(word: str) -> str:
    return _POS.get(word, "")


def _verb_lemma(word: str) -> str:
    return _VERB.get(word, "")


def _keep(word: str) -> bool:
    return True


def test_noun_reading_takes_muse_noun_over_a_verb():
    from robustir.attacks.lex.arhomograph import noun_reading

    origins = ["omw", "muse", "freedict"]
    # سوق: MUSE market, OMW carry (the verb ساق)
    assert noun_reading([["carry", "hold"], ["market"], []], origins, _keep, _main_pos, _verb_lemma) == ("market",)
    # نوع: MUSE type, OMW change (the verb نوّع), FreeDict a base verb too
    assert noun_reading([["change"], ["type"], ["carry"]], origins, _keep, _main_pos, _verb_lemma) == ("type",)


def test_noun_reading_leaves_other_disagreements():
    from robustir.attacks.lex.arhomograph import noun_reading

    origins = ["omw", "muse", "freedict"]
    # طاقم: OMW staff, MUSE crew: two nouns, two senses: not decided
    assert noun_reading([["staff"], ["crew"], []], origins, _keep, _main_pos, _verb_lemma) == ()
    # مركز center / concentrated, الأسر families / capturing: a participle or gerund is the same word read as a
    # verbal noun; MUSE's noun was another sense there (families for "the Babylonian Captivity"): off (section 222)
    assert noun_reading([[], ["center"], ["concentrated"]], origins, _keep, _main_pos, _verb_lemma) == ()
    assert noun_reading([[], ["families"], ["capturing"]], origins, _keep, _main_pos, _verb_lemma) == ()
    # MUSE's first is a verb (يشير refers)
    assert noun_reading([[], ["refers"], ["build"]], origins, _keep, _main_pos, _verb_lemma) == ()
    # one source only: the ranking's lone-source rule decides, not this one
    assert noun_reading([[], ["market"], []], origins, _keep, _main_pos, _verb_lemma) == ()
    # an other source's first entry unknown to WordNet: no evidence of a verb reading
    assert noun_reading([[], ["market"], ["initialer"]], origins, _keep, _main_pos, _verb_lemma) == ()
    # no MUSE
    assert noun_reading([["carry"], ["market"]], ["omw", "freedict"], _keep, _main_pos, _verb_lemma) == ()
    # MUSE's noun not a common English word (to_english's own test)
    assert noun_reading([["carry"], ["market"], []], origins, lambda w: False, _main_pos, _verb_lemma) == ()


def test_verb_slot():
    from robustir.attacks.lex.arhomograph import verb_slot

    assert verb_slot("الذي") and verb_slot("كيف") and verb_slot("أين")
    assert not verb_slot("من") and not verb_slot("في")


@pytest.mark.parametrize("text, word, wanted", [
    ("متى افتُتح أول سوق داخلي في نيوكاسل؟", "سوق", "market"),
    ("ما نوع حركة الإخوان المسلمين؟", "نوع", "type"),
    ("ما هي السنة التي وُلد فيها ابن فريدمان؟", "ابن", "son"),
    ("كم طول نهر المونو؟", "طول", "length"),
])
def test_homographs_take_the_noun(cs, text, word, wanted):
    require_muse("ar")
    assert _cands(cs, text, "ar", word)[:1] == (wanted,)


def test_other_disagreements_stay(cs):
    require_muse("ar")
    text = "أين قام طاقم أبولو 1 بإجراء الاختبارات في مركز كينيدي للفضاء؟"
    # طاقم: crew (MUSE) / staff (OMW): both nouns, left unswitched as before
    assert _cands(cs, text, "ar", "طاقم") == ()
    # مركز: center (MUSE) / concentrated (FreeDict, a participle): the participle kind is off (section 222)
    assert _cands(cs, text, "ar", "مركز") == ()
    # الأسر: families (MUSE) / capturing (FreeDict): "the Babylonian Captivity", not switched
    assert _cands(cs, "ما الكتاب الذي صنّفه لوثر سنة 1520، وفي الأسر البابلي للكنيسة؟", "ar", "الأسر") == ()


def test_verb_reading_after_a_relative_pronoun(cs):
    require_muse("ar")
    # الذي حكم "which ruled": the verb, not the noun referee
    assert _cands(cs, "ما نوع النظام الذي حكم السودان لسنوات عديدة؟", "ar", "حكم") == ()
    # كيف دخل "how did it enter": not income
    assert _cands(cs, "كيف دخل المتغير الأول من يرسينيا الطاعونية أوروبا ومتى؟", "ar", "دخل") == ()
