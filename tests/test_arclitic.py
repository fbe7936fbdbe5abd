"""L -> en code-switching, Arabic: a word no source lists with و / ب / ل before the article is switched through the
noun's English, the clitics kept in Arabic before it (``attacks.lex.arclitic``; issue 10; bench/RESULTS.md section 215).
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse


@pytest.mark.parametrize("word, split", [
    ("بالشراكة", ("ب", "ال", "شراكة")),     # a preposition and the article
    ("للحزمة", ("ل", "ال", "حزمة")),        # ل + ال is written لل
    ("والطاقة", ("و", "ال", "طاقة")),       # the conjunction and the article
    ("لمعاهدة", ("", "", "لمعاهدة")),       # a clitic on an indefinite noun: measured below the bar, not split
    ("الطريق", ("", "", "الطريق")),         # the article alone: not split either
    ("بالنسبة", ("", "", "بالنسبة")),       # a compound preposition "regarding", not "ratio"
    ("بالصينية", ("", "", "بالصينية")),     # "in Chinese", not ب + a noun (-> tray)
    ("بالحي", ("", "", "بالحي")),           # the noun would keep two letters
    ("فالعام", ("", "", "فالعام")),         # ف is not taken
])
def test_split_clitics(word, split):
    from robustir.attacks.lex.arclitic import split_clitics

    assert split_clitics(word) == split


def test_attach_writes_the_clitics_as_arabic_does():
    from robustir.attacks.lex.arclitic import attach

    assert attach("ب", "ال", "partnership") == "بالـpartnership"
    assert attach("ل", "ال", "engine") == "للـengine"  # not لالـ
    assert attach("و", "ال", "energy") == "والـenergy"
    assert attach("و", "", "road") == "وroad"  # و does not join: no tatweel
    assert attach("", "ال", "road") == "road"


def test_clitic_english_only_for_unlisted_words_with_l():
    from robustir.attacks.lex.arclitic import clitic_english

    table = {"الشراكة": ("partnership",), "حزمة": ("packet",)}
    lookup = lambda f: table.get(f, ())  # noqa: E731
    assert clitic_english("للشراكة", lookup, lambda f: False) == (("ل", "ال"), ("partnership",))
    assert clitic_english("للحزمة", lookup, lambda f: False) == (("ل", "ال"), ("packet",))  # the bare noun second
    assert clitic_english("للشراكة", lookup, lambda f: True) == (("", ""), ())  # a source lists the word itself
    assert clitic_english("للعمل", lookup, lambda f: False) == (("", ""), ())  # the noun has no English
    # ب + ال and و + ال: measured below the bar (section 215), not switched
    assert clitic_english("بالشراكة", lookup, lambda f: False) == (("", ""), ())
    assert clitic_english("والشراكة", lookup, lambda f: False) == (("", ""), ())


@pytest.mark.parametrize("text, word, wanted", [
    ("أين قام طاقم أبولو 1 بإجراء الاختبارات في مركز كينيدي للفضاء؟", "للفضاء", "للـspace"),
    ("ما هي كفاءة كارنو النظرية للتوربين؟", "للتوربين", "للـturbine"),
    ("ما نوع المساعدة التي يقدمها الإخوان المسلمون للطلاب خارج المدينة؟", "للطلاب", "للـstudents"),
])
def test_clitic_words_are_switched_with_their_clitics(cs, text, word, wanted):
    require_muse("ar")
    assert wanted in _cands(cs, text, "ar", word)


def test_clitic_words_left_as_they_were(cs):
    require_muse("ar")
    # الآخر: the article alone is not split (and آخر "last" is a word never switched, judged wrong as "another")
    assert _cands(cs, "ما هو الموقع الآخر الذي قامت أبولو 1 باختباره؟", "ar", "الآخر") == ()
    # بحلول "by (the year)": ب on an indefinite noun is not split (-> solutions)
    assert _cands(cs, "كم كيلومتراً مربّعاً نقص من غابة بحلول سنة 2000؟", "ar", "بحلول") == ()
    # بالتراجع "began to decline" (-> retreat), والأنهار الجليدية "glaciers" (-> rivers): ب / و + ال stay
    assert _cands(cs, "ما هو الحدث العالمي الذي بدأت جاكسونفيل بالتراجع بعده؟", "ar", "بالتراجع") == ()
    assert _cands(cs, "بماذا بدأ ما تحت التربة المتجمد والأنهار الجليدية الممتدة في جبال الألب بفعله؟", "ar",
                  "والأنهار") == ()
