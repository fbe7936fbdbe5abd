"""L -> en German, Russian and Thai (issue 10, bench/RESULTS.md section 218, branch l2en37): a word used as an adverb
takes an English adverb (``lex.adverbuse``); German separable particles statt/voraus/heran keep their verb; Thai
คิดเป็น "amounts to" and เรื่องใด "which matter" are fixed phrases (``lex.fixedphrases``).

Judged wrong before the fix: de "extrem selten" -> extreme (rev22a), "vollständig bewaldet" / "nicht vollständig
beschrieben" -> full (v5-de, agree29-rev24-L), ru "временно закрыла" -> temporary (rev21b). Guards: "wie lange"
keeps "long" (judged right twice), a numeral (die sieben englischen Vorträge), a predicative adjective before its
copula (vereinbar sei) and a Russian predicative adverb (роста недостаточно) keep their English.

Dictionary-backed cases skip when MUSE or WordNet is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse

_DE_STOP = frozenset({"die", "der", "das", "zu", "und", "den", "weit"})


@pytest.fixture(scope="module")
def wn(nltk_resources: dict[str, Path]):
    from nltk.corpus import wordnet

    try:
        wordnet.synsets("dog")
    except LookupError:
        pytest.skip("NLTK WordNet not installed")
    return wordnet


def test_german_adverbial_needs_a_bare_word_before_a_lower_case_content_word():
    pytest.importorskip("simplemma")
    from robustir.attacks.lex.adverbuse import german_adverbial

    words = ["Warum", "sind", "Rippenquallenfossilien", "extrem", "selten"]
    assert german_adverbial(words, 3, "extrem", _DE_STOP)
    assert not german_adverbial(words, 4, "selten", _DE_STOP)  # last word: predicative
    # inflected (attributive), before a noun, before a function word, before a copula, after "wie"
    assert not german_adverbial(["eine", "extreme", "Kälte"], 1, "extrem", _DE_STOP)
    assert not german_adverbial(["ist", "extrem", "Kälte"], 1, "extrem", _DE_STOP)
    assert not german_adverbial(["ist", "schwierig", "zu", "lösen"], 1, "schwierig", _DE_STOP)
    assert not german_adverbial(["Verfassung", "vereinbar", "sei"], 1, "vereinbar", _DE_STOP)
    assert not german_adverbial(["Wie", "lange", "dauerten"], 1, "lange", _DE_STOP)


def test_adverb_candidates_keeps_adverbs_only(wn):
    from robustir.attacks.lex.adverbuse import adverb_candidates, is_adverb, is_number

    assert is_adverb("extremely", wn) and is_adverb("completely", wn)
    assert not is_adverb("full", wn) and not is_adverb("extreme", wn)  # "full" has one rare adverb sense
    assert is_number("seven", wn) and not is_number("extreme", wn)
    assert adverb_candidates(("extreme", "ultra", "extremely"), ["extremely", "extreme"], wn) == ("extremely",)
    assert adverb_candidates(("full", "complete"), ["full", "complete", "completely", "fully"], wn) \
        == ("completely", "fully")
    assert adverb_candidates(("presumed",), [], wn) == ()            # no adverb offered: not switched
    assert adverb_candidates(("well", "good"), [], wn) == ("well", "good")  # an adverb first already


@pytest.mark.parametrize("text, lang, word, adverb, adjective", [
    ("Warum sind Rippenquallenfossilien extrem selten?", "de", "extrem", "extremely", "extreme"),        # rev22a
    ("Wann war Europa vollständig bewaldet und erholt von der letzten Eiszeit?", "de", "vollständig",
     "completely", "full"),                                                                             # v5-de
    ("Назовите другой способ, с помощью которого организация Plowshares временно закрыла ее?", "ru",
     "временно", "temporarily", "temporary"),                                                           # rev21b
])
def test_adverb_in_its_judged_question(cs, wn, text, lang, word, adverb, adjective):
    require_muse(lang)
    offered = _offered(cs, text, lang)
    assert adjective not in offered.get(word, [])
    assert offered.get(word, [])[:1] == [adverb]


@pytest.mark.parametrize("text, lang, word, cands", [
    ("Wie lange dauerten die Gefechte im Siebenjährigen Krieg?", "de", "lange", ("long",)),
    ("In welchem Buch wurden die sieben englischen Vorträge von Iqbal veröffentlicht?", "de", "sieben", ("seven",)),
    ("Welche US-amerikanische Einrichtung erklärte, dass körperliche Bestrafung mit der Verfassung vereinbar sei?",
     "de", "vereinbar", ("compatible",)),
    ("Для прогресса в чем экономического роста недостаточно?", "ru", "недостаточно", ("insufficient",)),
])
def test_adjective_kept_where_the_word_is_no_adverb(cs, wn, text, lang, word, cands):
    require_muse(lang)
    from robustir.attacks.analysis import analyse
    from robustir.attacks.lex.adverbuse import adverb_use

    a = analyse(text, lang)
    i = next(k for k, w in enumerate(a.words) if w.text == word)
    nxt = a.words[i + 1].pos if i + 1 < len(a.words) else ""
    assert adverb_use(cands, [w.text for w in a.words], i, lang, a.words[i].pos, [], wn,
                      cs._function_words(lang), nxt) == cands


@pytest.mark.parametrize("text, locked, kept", [
    # rev20-rev20a-de: finden ... statt "take place" -> find; rev26-rev26a-de: sah ... voraus "foresaw" -> ahead
    ("Wie oft finden Parlamentswahlen statt?", ["finden", "statt"], ["oft"]),
    ("Was sah er voraus?", ["sah", "voraus"], []),
])
def test_separable_verb_with_a_new_particle_keeps_the_verb_only(cs, text, locked, kept):
    require_muse("de")
    offered = _offered(cs, text, "de")
    assert not any(w in offered for w in locked), offered
    assert all(w in offered for w in kept), offered


@pytest.mark.parametrize("text, word", [
    ("ป่าอเมซอนคิดเป็นร้อยละเท่าไหร่ของพื้นที่ป่าดิบชื้นทั่วโลก", "คิด"),  # rev22b: คิดเป็น "accounts for" -> think
    ("ประเทศเป็นที่รู้จักในเรื่องใด?", "เรื่อง"),                        # rev22b: เรื่องใด "which matter" -> story
    ("นักสิ่งแวดล้อมกังวลเรื่องอะไรเกี่ยวกับพื้นที่ป่าอเมซอนที่สูญหายไป", "เรื่อง"),  # rev22b: กังวลเรื่องอะไร -> story
])
def test_thai_fixed_phrases_not_switched(cs, text, word):
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert word not in _offered(cs, text, "th")


def test_thai_phrase_table_needs_the_whole_run():
    from robustir.attacks.lex.fixedphrases import in_phrase

    assert in_phrase(["ป่า", "คิด", "เป็น", "ร้อยละ"], 1, "th")
    assert in_phrase(["ใน", "เรื่อง", "ใด"], 1, "th")
    # คิดว่า "think that" and a story title keep their words (คิด -> think judged right in v5-th)
    assert not in_phrase(["เขา", "คิด", "ว่า"], 1, "th")
    assert not in_phrase(["ภาพยนตร์", "เรื่อง", "นี้"], 1, "th")
