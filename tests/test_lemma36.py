"""L -> en code-switching: Arabic inflected words no dictionary lists, through their simplemma lemma, where the
word's form can be told (``attacks.lex.lemmaform.arabic_form``; issue 10; bench/RESULTS.md section 27).
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("word, form", [
    ("المباراة", ("na", "NN")),     # the article alone: the English word as it is
    ("الوطنية", ("a", "JJ")),       # an adjective's feminine
    ("المسلمون", ("na", "NNS")),    # a sound masculine plural
    ("اللعبات", ("na", "NNS")),     # a sound feminine plural (the lemma's ة dropped)
    ("قالت", ("v", "VBD")),         # third-person feminine past
    ("يجعل", ("v", "VBZ")),         # third-person present
    ("تستخدم", ("v", "VBZ")),       # (a form X verb: its first alif dropped)
    ("للإصلاح", None),              # a preposition attached: "for reform", not one English word
    ("والطاقة", None),              # a conjunction attached
    ("تطويرها", None),              # a pronoun attached: "its development"
    ("مجلدين", None),               # -ين: a plural or a dual ("two volumes")
    ("الطرقات", None),              # a pattern the lemma leaves unexplained
    ("يوجد", None),                 # "there is", not "finds"
])
def test_arabic_form_from_the_article_clitics_and_suffixes(word, form):
    from robustir.attacks.lex.lemmaform import arabic_form, lemma_of

    lemma = lemma_of(word, "ar")
    assert lemma
    assert arabic_form(word, lemma) == form


def test_arabic_lookup_puts_the_english_in_the_form():
    from robustir.attacks.lex.lemmaform import lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"قال": ("say",), "مباراة": ("match",), "إصلاح": ("reform",), "جعل": ("make",)}.get(lemma, ())

    assert lemma_english(lookup, ["ماذا", "قالت", "الصحيفة"], 1, "ar") == ("said",)
    assert lemma_english(lookup, ["متى", "بدأت", "المباراة"], 2, "ar") == ("match",)
    assert lemma_english(lookup, ["ماذا", "يجعل", "القطط"], 1, "ar") == ("makes",)
    assert lemma_english(lookup, ["متى", "بدأ", "للإصلاح"], 2, "ar") == ()
