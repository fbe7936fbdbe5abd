"""L -> en German (issue 10, bench/RESULTS.md section 227, branch de38): a preposition (laut, gegenüber), a distance
participle (weit ... entfernt) or a function word (mehr) is not switched to the content word it is spelt like
(``lex.defunction``); laut as a preposition takes "according to".

Judged wrong before the fix: laut den Beweisen / laut den Umweltschützern -> loud (rev* de files, 8 times), gegenüber
Großbritannien -> opposite, wie weit ... entfernt -> removed, 3 oder mehr / wie viel mehr -> increase. Guards: the
adjective after *wie* (wie laut ist ...), bare laut before a verb, the participle entfernt without a distance and a
word whose MUSE entry is a content word keep their English.

Dictionary-backed cases skip when MUSE is not installed.
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse

_EN_STOP = frozenset({"more", "the", "of", "to", "during"})


def test_preposition_use_needs_a_noun_phrase_after_the_word():
    from robustir.attacks.lex.defunction import preposition_use

    assert preposition_use(["Was", "sind", "Cydippida", "laut", "den", "Beweisen", "nicht"], 3)
    assert preposition_use(["Rippenquallen", "laut", "neuesten", "Studien"], 1)
    assert preposition_use(["Gerichts", "gegenüber", "Großbritannien"], 1)
    assert not preposition_use(["Wie", "laut", "ist", "ein", "Düsenjet"], 1)   # the adjective after wie
    assert not preposition_use(["sehr", "laut", "Musik"], 1)                    # after a degree word
    assert not preposition_use(["Wer", "sang", "laut", "mit"], 2)               # before a function word / verb
    assert not preposition_use(["Was", "war", "laut"], 2)                       # last word
    assert not preposition_use(["Was", "ist", "weit", "Beweisen"], 2)           # not a preposition homograph


def test_distance_use_needs_weit_or_a_number_before():
    from robustir.attacks.lex.defunction import distance_use

    assert distance_use(["Wie", "weit", "ist", "Jacksonville", "von", "Miami", "entfernt"], 6)
    assert distance_use(["Stadt", "liegt", "50", "km", "entfernt"], 4)
    assert not distance_use(["Was", "wurde", "aus", "dem", "Text", "entfernt"], 5)


def test_function_sense_is_a_function_word_first_in_muse_and_a_content_word_first_in_the_candidates():
    from robustir.attacks.lex.defunction import function_sense, function_use

    assert function_sense(("increase",), ["more"], _EN_STOP)
    assert not function_sense(("more",), ["more"], _EN_STOP)              # (never offered, but the same word)
    assert not function_sense(("loud",), ["according", "loud"], _EN_STOP)  # MUSE's first is no function word
    assert not function_sense(("increase",), [], _EN_STOP)
    words = ["durch", "3", "oder", "mehr", "Zahlen"]
    assert function_use(("increase",), words, 3, ["more"], _EN_STOP) == ()
    assert function_use(("removed",), ["Was", "wurde", "entfernt"], 2, ["removed"], _EN_STOP) == ("removed",)
    assert function_use(("loud",), ["Wie", "laut", "ist", "es"], 1, ["according", "loud"], _EN_STOP) == ("loud",)


@pytest.mark.parametrize("text", [
    "Was sind Cydippida laut den Beweisen nicht?",                         # loud: rev24a, agree29-rev24-L
    "Wovon bilden Rippenquallen laut neuesten Studien die Schwesterlinie?",  # loud (judged), loudly since 218
])
def test_laut_as_a_preposition_takes_according_to(cs, text):
    require_muse("de")
    assert _offered(cs, text, "de").get("laut") == ["according to"]


def test_preposition_english_only_for_the_preposition_use():
    from robustir.attacks.lex.defunction import function_use

    assert function_use(("loud",), ["laut", "den", "Beweisen"], 0, [], _EN_STOP) == ("according to",)
    assert function_use(("opposite",), ["gegenüber", "Großbritannien"], 0, [], _EN_STOP) == ()
    assert function_use(("loud",), ["so", "laut", "wie"], 1, [], _EN_STOP) == ("loud",)


@pytest.mark.parametrize("text, word, wrong", [
    ("Was war die Position der Berliner Gerichts gegenüber Großbritannien und Russland?", "gegenüber", "opposite"),
    ("Wie weit ist Jacksonville von Miami entfernt?", "entfernt", "removed"),
    ("Wie viel mehr war der neue Dong wert, als er 1985 aufgewertet wurde?", "mehr", "increase"),
])
def test_function_word_in_its_judged_question_not_switched(cs, text, word, wrong):
    require_muse("de")
    offered = _offered(cs, text, "de")
    assert wrong not in offered.get(word, []), offered
    assert word not in offered, offered


def test_im_rahmen_is_a_german_fixed_phrase():
    from robustir.attacks.lex.fixedphrases import in_phrase

    assert in_phrase(["Mit", "wem", "arbeitet", "NASA", "im", "Rahmen", "des", "Programms", "zusammen"], 5, "de")
    assert not in_phrase(["Der", "Rahmen", "des", "Bildes"], 1, "de")   # a picture's frame keeps its noun


def test_german_final_adverbial_needs_a_clause_final_bare_word_after_a_noun_and_no_copula():
    pytest.importorskip("simplemma")
    from robustir.attacks.lex.adverbuse import german_final_adverbial

    stop = frozenset({"das", "die", "der", "wie", "was"})
    assert german_final_adverbial(["Wie", "hieß", "das", "Museum", "ursprünglich"], 4, "ursprünglich", stop)
    assert not german_final_adverbial(["Warum", "ist", "das", "Museum", "berühmt"], 4, "berühmt", stop)  # copula
    assert not german_final_adverbial(["Was", "macht", "das", "Museum", "einzigartig"], 4, "einzigartig", stop)
    assert not german_final_adverbial(["Was", "hielt", "er", "für", "wichtig"], 4, "wichtig", stop)
    assert not german_final_adverbial(["Wie", "hieß", "das", "Museum", "ursprünglich", "genau"], 4,
                                      "ursprünglich", stop)   # not the last word


@pytest.mark.parametrize("text, word, wanted, wrong", [
    ("Wie hieß das Museum ursprünglich?", "ursprünglich", "originally", "original"),      # rev27-rev27a-de
])
def test_clause_final_adverb_in_its_judged_question(cs, text, word, wanted, wrong):
    require_muse("de")
    offered = _offered(cs, text, "de")
    assert offered.get(word, [])[:1] == [wanted], offered
    assert wrong not in offered.get(word, [])


@pytest.mark.parametrize("text, word, kept", [
    ("Wie oft reist Doctor Who alleine?", "alleine", "alone"),             # judged right: an English adverb too
    ("Welcher deutsche Herrscher hieß die hugenottische Einwanderung willkommen?", "willkommen", "welcome"),
])
def test_clause_final_word_without_an_adverb_keeps_its_english(cs, text, word, kept):
    require_muse("de")
    assert _offered(cs, text, "de").get(word, [])[:1] == [kept]


def test_im_rahmen_not_switched_in_its_judged_question(cs):
    require_muse("de")
    assert "Rahmen" not in _offered(cs, "Mit wem arbeitet NASA im Rahmen des Programms zusammen?", "de")
