"""German dictionary units switched only to a plain English translation (lex.unitplain, section 240 of branch de39)."""

from __future__ import annotations

import pytest

from attacks.lex.unitplain import english_words, is_plain, plain_unit_english

FUNCTION = frozenset({"a", "an", "the", "of", "on", "as", "is", "in", "for"})


def test_english_words_splits_hyphens_and_skips_cross_references() -> None:
    assert english_words(["full-size", "see: {mehr}", "original size"]) == {"full-size", "full", "size",
                                                                             "original"}


def test_idiom_without_a_translated_head_is_dropped() -> None:
    # eine Reihe von: Reihe "row, series", von "of"; "a clutch of" translates none of them (section 232)
    known = english_words(["row", "series", "sequence", "of", "from"])
    assert not is_plain("a clutch of", known, FUNCTION)
    # der größte Teil: "the vast majority" has the head "majority", not Teil's "part"
    assert not is_plain("the vast majority", english_words(["largest", "biggest", "part", "portion"]), FUNCTION)


def test_function_words_only_is_dropped_and_one_word_kept() -> None:
    assert not is_plain("as is", english_words(["original size"]), FUNCTION)
    assert is_plain("full-size", set(), FUNCTION)


def test_plain_phrase_kept_by_translation_or_synonym() -> None:
    assert is_plain("on site", english_words(["site", "place"]), FUNCTION)
    assert is_plain("on the spot", {"place"}, FUNCTION, lambda w: {"spot", "place"} if w == "spot" else set())
    assert plain_unit_english(("as is", "full-size", "a clutch of"), {"size"}, FUNCTION) == ("full-size",)


@pytest.fixture(scope="module")
def cs():
    from attacks.codeswitch import CodeSwitch
    from robustir.resources import ensure

    try:
        return CodeSwitch(languages=["es", "fr", "de", "zh"], rate=0.3,
                          resource_paths={n: ensure(n) for n in CodeSwitch.requires})
    except Exception as exc:  # pragma: no cover - resources absent
        pytest.skip(f"codeswitch resources: {exc}")


def _options(cs, text: str) -> dict[str, list[str]]:
    parts, opts, _ = cs._analyse(text, "de")
    return {parts[2 * i + 1]: [o[1] for o in op] for i, op in enumerate(opts) if op}


@pytest.mark.parametrize("text, unit, idiom", [
    ("Primitive kieferlose Wirbeltiere besitzen eine Reihe von Rezeptoren, die als was bezeichnet werden?",
     "eine Reihe von", "a clutch of"),
    ("In welcher Sprache war der größte Teil der Erklärung verfasst?", "der größte Teil", "the vast majority"),
    ("Welchem berühmten britischen Gemälde liegt die Ölskizze in Originalgröße aus dem Jahr 1821 zugrunde, "
     "die die Tochter von John Sheepshank im Jahr 1888 spendete?", "in Originalgröße", "as is"),
])
def test_judged_idioms_no_longer_switched(cs, text: str, unit: str, idiom: str) -> None:
    opts = _options(cs, text)
    assert idiom not in opts.get(unit, [])


def test_plain_unit_still_switched(cs) -> None:
    assert _options(cs, "Was wurde vor Ort gebaut?").get("vor Ort") == ["on the spot"]


def test_generic_person_idiom_dropped() -> None:
    # sich behaupten -> "hold your own" in "von sich behaupten" (claim of himself); behaupten gives "hold"
    assert not is_plain("hold your own", {"hold", "claim", "assert"}, FUNCTION | {"your", "own"})


def test_construction_sense_rules() -> None:
    from attacks.lex.framesense_de import construction_sense

    q = ["Wie", "heißen", "private", "Sekundarschulen", "in", "Deutschland", "?"]
    assert construction_sense(("mean",), q, 1) == ()
    assert construction_sense(("mean",), ["Was", "heißt", "Sepsis", "?"], 1) == ("mean",)
    q = ["Worin", "besteht", "eine", "häufig", "angewendete", "Strategie", "?"]
    assert construction_sense(("insists",), q, 1) == ()
    assert construction_sense(("insists",), ["Worauf", "besteht", "er", "auf", "Zahlung", "?"], 1) == ("insists",)
    q = ["Wie", "viele", "mögliche", "Nominierungen", "für", "den", "Preis", "gab", "es", "1915", "?"]
    assert construction_sense(("price", "pricing"), q, 6) == ("prize",)
    assert construction_sense(("price",), ["Wie", "hoch", "war", "der", "Preis", "für", "Öl", "?"], 4) == ("price",)


@pytest.mark.parametrize("text, word, wrong", [
    ("Wie heißen private Sekundarschulen in Deutschland?", "heißen", "mean"),
    ("Worin besteht eine häufig angewendete gemeinsame Verhandlungsstrategie, wenn viele Menschen verhaftet "
     "werden?", "besteht", "insists"),
    ("Wie viele mögliche Nominierungen für den Preis gab es 1915?", "Preis", "price"),
    ("Aus wem bestand die Hauptbesatzung von Apollo 1, die sich selbst einen Namen gab?", "bestand", "stock"),
])
def test_judged_construction_rejects_repaired(cs, text: str, word: str, wrong: str) -> None:
    opts = _options(cs, text).get(word, [])
    assert wrong not in opts and "pricing" not in opts and "insisted" not in opts
