"""L -> en code-switching, Arabic: an unvowelled homograph whose sources' first entries read it as a noun (MUSE) and
as a verb or participle (FreeDict, OMW) takes MUSE's noun (``attacks.lex.arhomograph``; issue 10; section 27).
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse

_POS = {"center": "n", "market": "n", "crew": "n", "staff": "n", "concentrated": "a", "carry": "v",
        "refers": "v", "build": "v"}


def _main_pos(word: str) -> str:
    return _POS.get(word, "")


def _keep(word: str) -> bool:
    return True


def test_noun_reading_takes_muse_noun_over_a_verb_or_participle():
    from robustir.attacks.lex.arhomograph import noun_reading

    origins = ["omw", "muse", "freedict"]
    # مركز: MUSE center, FreeDict concentrated (an adjective)
    assert noun_reading([[], ["center", "centre"], ["concentrated", "focused"]], origins, _keep, _main_pos) \
        == ("center",)
    # سوق: MUSE market, OMW carry (the verb ساق)
    assert noun_reading([["carry", "hold"], ["market"], []], origins, _keep, _main_pos) == ("market",)


def test_noun_reading_leaves_other_disagreements():
    from robustir.attacks.lex.arhomograph import noun_reading

    origins = ["omw", "muse", "freedict"]
    # طاقم: OMW staff, MUSE crew: two nouns, two senses: not decided
    assert noun_reading([["staff"], ["crew"], []], origins, _keep, _main_pos) == ()
    # MUSE's first is a verb (يشير refers)
    assert noun_reading([[], ["refers"], ["build"]], origins, _keep, _main_pos) == ()
    # one source only: the ranking's lone-source rule decides, not this one
    assert noun_reading([[], ["center"], []], origins, _keep, _main_pos) == ()
    # an other source's first entry unknown to WordNet: no evidence of a verb reading
    assert noun_reading([[], ["center"], ["initialer"]], origins, _keep, _main_pos) == ()
    # no MUSE
    assert noun_reading([["carry"], ["market"]], ["omw", "freedict"], _keep, _main_pos) == ()
    # MUSE's noun not a common English word (to_english's own test)
    assert noun_reading([[], ["center"], ["concentrated"]], origins, lambda w: False, _main_pos) == ()


@pytest.mark.parametrize("text, word, wanted", [
    ("أين قام طاقم أبولو 1 بإجراء الاختبارات في مركز كينيدي للفضاء؟", "مركز", "center"),
    ("ما هو المضيق الذي يفصل بين البلدين، مضيق ماذا؟", "مضيق", "strait"),
])
def test_homographs_take_the_noun(cs, text, word, wanted):
    require_muse("ar")
    assert _cands(cs, text, "ar", word)[:1] == (wanted,)


def test_noun_noun_disagreements_stay(cs):
    require_muse("ar")
    # طاقم: crew (MUSE) / staff (OMW): both nouns, left unswitched as before
    assert _cands(cs, "أين قام طاقم أبولو 1 بإجراء الاختبارات في مركز كينيدي للفضاء؟", "ar", "طاقم") == ()
