"""Code-switching L -> en for ar and ru (bench/RESULTS.md section 168).

- ``attacks.lex.fixedphrases``: the noun of a Russian/Arabic compound preposition (ru "в качестве" "as", not "в
  quality"; ar "إلى جانب" "besides", not "side") and the words of a Russian term whose parts mean otherwise (ru
  "простые числа" "prime numbers", not "simple") are not switched; the same nouns elsewhere ("в высоком
  качестве"), and "простой" outside the term, still are.
- ``attacks.lex.crossedfirst``: an Arabic word's English candidates: MUSE's first entry that FreeDict ara-eng lists
  after its fourth is kept (النوع "type", الأطفال "children"), and between two sources' tied first entries the
  clearly more frequent English word leads (النقاط "points", not "dots"); المنطقة keeps "area" and متوسط
  "average" (guards).

Dictionary-backed cases skip when MUSE (or FreeDict ara-eng for Arabic) is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def _require_ara_eng() -> None:
    from robustir.attacks.freedict import load_freedict

    require_muse("ar")
    if load_freedict("ar", "en") is None:
        pytest.skip("FreeDict ara-eng not installed (apt-get install dict-freedict-ara-eng)")


# ------------------------------------------------------------------ lex.fixedphrases


def test_the_phrase_and_term_cues():
    from robustir.attacks.lex.fixedphrases import fixed_word, in_phrase, in_term

    words = ["Что", "используют", "гребневики", "в", "качестве", "зубов", "?"]
    assert in_phrase(words, 4, "ru") and not in_phrase(words, 5, "ru")
    assert not in_phrase(["Товары", "в", "высоком", "качестве"], 3, "ru")  # the noun outside the phrase
    assert in_phrase(["В", "связи", "с", "заявлениями"], 1, "ru")  # capitalised at the start
    assert in_phrase(["وإلى", "جانب", "المدارس"], 1, "ar")  # the conjunction written onto the first word
    lemmas = ["что", "такой", "простой", "число"]
    assert in_term(lemmas, 2, "ru") and not in_term(lemmas, 3, "ru")
    assert not in_term(["простой", "вопрос"], 0, "ru")  # a simple question is simple
    assert in_term(["проверка", "простота", "большой", "число"], 1, "ru")  # primality, two words before
    assert fixed_word(["железные", "дороги"], ["железный", "дорога"], 1, "ru") == "term"
    # Arabic: surface forms (no lemmas): درجة حرارة is temperature, both words kept
    assert fixed_word(["درجة", "حرارة"], ["درجة", "حرارة"], 0, "ar") == "term"
    assert fixed_word(["درجة", "حرارة"], ["درجة", "حرارة"], 1, "ar") == "term"
    assert fixed_word(["حرارة", "المحرك"], ["حرارة", "المحرك"], 0, "ar") == ""  # the engine's heat is heat
    assert fixed_word(["a"], [""], 0, "de") == ""


def test_a_russian_compound_preposition_keeps_its_noun(cs):
    require_muse("ru")
    offered = _offered(cs, "Что используют прибрежные бесщупальцевые гребневики в качестве зубов?", "ru")
    assert "качестве" not in offered
    assert "используют" in offered  # the query's other words are still offered


def test_prime_numbers_are_not_simple(cs):
    require_muse("ru")
    assert "простое" not in _offered(cs, "Какой единственный делитель, кроме 1, может иметь простое число?", "ru")
    assert "простых" not in _offered(cs, "Какая теорема определяет основную роль простых чисел в теории чисел?", "ru")


def test_an_arabic_compound_preposition_keeps_its_noun(cs):
    require_muse("ar")
    offered = _offered(cs, "ما هو المقسوم الوحيد إلى جانب 1 الذي يمكن أن يكون لعدد أولي؟", "ar")
    assert "جانب" not in offered


def test_an_arabic_dictionary_unit_is_still_switched_whole(cs):
    _require_ara_eng()
    # درجة الحرارة is a FreeDict ara-eng unit ("temperature"): the term lock of درجة حرارة must not refuse it
    offered = _offered(cs, "ما هي درجة الحرارة في الصيف؟", "ar")
    assert offered.get("درجة الحرارة") == ["temperature"]
    assert "درجة" not in _offered(cs, "كم تغير متوسط درجة حرارة الهواء؟", "ar")


# ------------------------------------------------------------------ lex.crossedfirst


def test_frequent_breaks_tie_unit():
    from robustir.attacks.lex.crossedfirst import confirmed_later, frequent_breaks_tie

    zipf = {"dots": 3.8, "points": 5.2, "area": 5.5, "district": 5.0, "fluid": 4.2, "liquid": 4.4}.get
    lists = [["points", "dots"], ["dots", "points"]]
    assert frequent_breaks_tie(("dots", "points"), lists, zipf, 0.5) == ("points", "dots")
    # within the margin the order stays
    assert frequent_breaks_tie(("fluid", "liquid"), [["liquid", "fluid"], ["fluid", "liquid"]], zipf, 0.5) == \
        ("fluid", "liquid")
    # the first is more frequent already
    assert frequent_breaks_tie(("area", "district"), [["district", "area"], ["area", "district"]], zipf, 0.5) == \
        ("area", "district")
    # not tied: more sources list the first
    assert frequent_breaks_tie(("dots", "points"), [["dots"], ["dots", "points"], ["dots"]], zipf, 0.5) == \
        ("dots", "points")
    full = ["genre", "kind", "species", "sort", "type"]
    assert confirmed_later(full[:4], full, ["type", "genre"]) == ["genre", "kind", "species", "sort", "type"]
    # no shared entry within the cut: nothing added (no word becomes switchable)
    assert confirmed_later(["road", "street"], ["road", "street", "x", "y", "way"], ["way"]) == ["road", "street"]


def test_arabic_candidates(nltk_resources):
    _require_ara_eng()
    from robustir.attacks.candidates import Sources

    s = Sources(resource_paths={**nltk_resources, "muse": require_muse("ar")})
    assert s.to_english("النقاط", "ar")[0] == "points"
    assert s.to_english("النوع", "ar")[0] == "type"
    assert s.to_english("الأطفال", "ar")[0] == "children"
    assert s.to_english("المنطقة", "ar")[0] == "area"  # guard: MUSE's district is not more frequent
    assert s.to_english("متوسط", "ar")[0] == "average"  # guard: FreeDict's ninth entry is no agreement
