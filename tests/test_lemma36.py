"""L -> en code-switching: Arabic inflected words no dictionary lists, through their simplemma lemma, where the
word's form can be told (``attacks.lex.lemmaform.arabic_form``; issue 10; bench/RESULTS.md section 206).
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("word, form", [
    ("المباراة", ("na", "NN")),     # the article alone: the English word as it is
    ("الوطنية", ("a", "JJ")),       # an adjective's feminine
    ("الاقتصادي", ("a", "JJ")),     # a nisba in ي: "economic", never "economist"
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
    ("عرفت", None),                 # read as a passive: "was known (for)", not "knew"
])
def test_arabic_form_from_the_article_clitics_and_suffixes(word, form):
    from robustir.attacks.lex.lemmaform import arabic_form, lemma_of

    lemma = lemma_of(word, "ar")
    assert lemma
    assert arabic_form(word, lemma) == form


def test_arabic_lookup_switches_verbs_in_their_form_and_not_where_it_misleads():
    from robustir.attacks.lex.lemmaform import lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"قال": ("say",), "مباراة": ("match",), "إصلاح": ("reform",), "جعل": ("make",), "منع": ("prevent",),
                "استخدم": ("use",)}.get(lemma, ())

    assert lemma_english(lookup, ["ماذا", "قالت", "الصحيفة"], 1, "ar") == ("said",)
    assert lemma_english(lookup, ["ماذا", "يجعل", "القطط"], 1, "ar") == ("makes",)
    assert lemma_english(lookup, ["كيف", "تمنع", "عدم", "المساواة", "النمو"], 1, "ar") == ("prevents",)
    # لم + the present is a negated past (لم تمنع "did not prevent"): "prevents" would be the wrong tense
    assert lemma_english(lookup, ["روما", "لم", "تمنع", "تأميم"], 2, "ar") == ()
    # كان + the present: a past habit or passive (كان يستخدم "was used")
    assert lemma_english(lookup, ["ماذا", "كان", "يستخدم", "لمعرفة"], 2, "ar") == ()
    # a preposition straight after the verb: unvowelled, a passive (الذي يستخدم في "which is used in")
    assert lemma_english(lookup, ["الذي", "يستخدم", "في", "الغالب"], 1, "ar") == ()
    assert lemma_english(lookup, ["الذي", "يستخدم", "في الغالب", "في"], 1, "ar") == ()  # a merged unit next
    assert lemma_english(lookup, ["التي", "تستخدم", "التحميل"], 1, "ar") == ("uses",)
    # nouns and adjectives are not switched (section 206: measured below the bar), nor an attached preposition
    assert lemma_english(lookup, ["متى", "بدأت", "المباراة"], 2, "ar") == ()
    assert lemma_english(lookup, ["متى", "بدأ", "للإصلاح"], 2, "ar") == ()


@pytest.mark.parametrize("word, before, form", [
    ("κέρδισε", "", ("v", "VBD")),             # third-person aorist
    ("έκλεισε", "", ("v", "VBD")),
    ("υπάρχουν", "", ("v", "VBP")),            # third-person plural present
    ("τρώνε", "", ("v", "VBP")),               # (-νε: a present, not "ate")
    ("αποτελεί", "", ("v", "VBZ")),
    ("κερδίζει", "να", None),                  # a subjunctive after να
    ("προκαλούσε", "θα", None),                # θα + a past: a conditional ("would cause")
    ("περιγραφεί", "έχει", None),              # a perfect passive
    ("χρησιμοποιείται", "", None),             # a passive present: "is used"
    ("βρισκόταν", "", None),                   # a passive imperfect: "was located", not "found"
    ("ονομάστηκε", "", None),                  # a passive aorist: "was named"
    ("έμεναν", "", None),                      # μένω: "remained / stayed / lived" by construction
    ("έκανε", "", None),                       # a light verb
    ("μεγαλύτερο", "", None),                  # a comparative: "bigger", not "big"
    ("δασκάλων", "", ("na", "NNS")),           # a genitive plural
    ("δάσους", "του", ("na", "NN")),           # -ους told by the article: genitive singular
    ("πόντους", "τους", ("na", "NNS")),        # accusative plural
    ("πόντους", "", None),                     # -ους without an article: not told
    ("καιρό", "πόσο", None),                   # πόσο καιρό "how long": an idiom
])
def test_greek_form_from_the_endings_and_the_word_before(word, before, form):
    from robustir.attacks.lex.lemmaform import greek_form, lemma_of

    lemma = lemma_of(word, "el")
    assert lemma
    assert greek_form(word, lemma, before) == form


def test_greek_lookup_puts_the_english_in_the_form():
    from robustir.attacks.lex.lemmaform import lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"κερδίζω": ("win",), "δάσκαλος": ("teacher",), "υπάρχω": ("exist",), "καιρός": ("weather",),
                "δάσος": ("forest",)}.get(lemma, ())

    assert lemma_english(lookup, ["Πόσες", "φορές", "κέρδισε", "η", "Πολόνια"], 2, "el") == ("won",)
    assert lemma_english(lookup, ["Πόσα", "είδη", "υπάρχουν"], 2, "el") == ("exist",)
    assert lemma_english(lookup, ["θέλει", "να", "κερδίζει"], 2, "el") == ()
    # nouns in their number: a genitive plural, a genitive singular told by its article
    assert lemma_english(lookup, ["των", "δασκάλων"], 1, "el") == ("teachers",)
    assert lemma_english(lookup, ["μέρος", "του", "δάσους"], 2, "el") == ("forest",)
    # πόσο καιρό "how long": an idiom's noun, not "weather"
    assert lemma_english(lookup, ["Για", "πόσο", "καιρό"], 2, "el") == ()


def test_an_english_verb_the_dictionary_lists_inflected_is_not_inflected_twice():
    # section 214: وصلت -> "arriveded" where the dictionary listed "arrived" for the lemma وصل
    from robustir.attacks.lex.lemmaform import lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"وصل": ("arrived",), "قال": ("say",)}.get(lemma, ())

    assert lemma_english(lookup, ["متى", "وصلت", "القوات"], 1, "ar") == ("arrived",)
    assert lemma_english(lookup, ["ماذا", "قالت", "الصحيفة"], 1, "ar") == ("said",)


def test_greek_lookup_leaves_a_lemma_with_several_english_entries():
    """Section 221: a Greek lemma the sources give several English for is not switched through the lemma rule (its
    first entry was the wrong sense in section 213's el rejects: δύναμης -> power, not force; δημοκρατίας ->
    republic, not democracy); a one-entry lemma still is. Arabic verbs keep every entry (section 206)."""
    from robustir.attacks.lex.lemmaform import lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"δύναμη": ("power", "strength", "force"), "δημοκρατία": ("republic", "democracy"),
                "οδηγώ": ("guide", "drive", "lead"), "δάσκαλος": ("teacher",)}.get(lemma, ())

    assert lemma_english(lookup, ["της", "δύναμης"], 1, "el") == ()
    assert lemma_english(lookup, ["της", "δημοκρατίας"], 1, "el") == ()
    assert lemma_english(lookup, ["Ποιος", "οδήγησε", "τον", "στρατό"], 1, "el") == ()
    assert lemma_english(lookup, ["των", "δασκάλων"], 1, "el") == ("teachers",)
