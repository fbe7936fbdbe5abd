"""Code-switching L -> en (bench/RESULTS.md section 159): a word that is part of a name is not switched
as a common word (``attacks.lex.namewords``). es "Hernán Cortés" is not "Hernán Polite" (a capitalised word inside
the sentence whose own spelling WordNet lists as a name: Cortes); zh "格兰特·希尔" (Grant Hill) is not
"格兰特· hill" (a word joined by the interpunct of a transliterated name). Common words of the same queries, and
capitalised institution words that are no WordNet name ("la Ley de Escuelas" -> Law), are still offered.
Dictionary-backed cases skip when MUSE is not installed.
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


def test_a_spanish_name_spelled_as_a_wordnet_name_is_not_switched(cs):
    require_muse("es")
    offered = _offered(cs, "¿Por qué Hernán Cortés y Cuauhtémoc estaban torturando a Tlacotzin?", "es")
    assert "Cortés" not in offered


def test_a_capitalised_institution_word_that_is_no_name_is_still_offered(cs):
    require_muse("es")
    offered = _offered(cs, "¿En qué año se aprobó la Ley de Escuelas de Sudáfrica?", "es")
    assert offered.get("Ley") == ["Law"]


def test_a_chinese_transliterated_name_part_is_not_switched(cs):
    require_muse("zh")
    assert "希尔" not in _offered(cs, "格兰特·希尔获奖多少次？", "zh")
    # a common word of a query without the name is still offered
    assert "武器" in _offered(cs, "哪些武器在游戏中最强大？", "zh")


def test_the_name_cues(nltk_resources):
    from robustir.attacks.candidates import Sources
    from robustir.attacks.lex.namewords import inside_sentence, joined_name_part, name_word, spelled_as_name

    wn = Sources(resource_paths=nltk_resources).wordnet().wn
    assert spelled_as_name(wn, "Cortés") and spelled_as_name(wn, "Victoria")
    assert not spelled_as_name(wn, "Parlamento") and not spelled_as_name(wn, "Ley")
    text = "¿Por qué Hernán Cortés y Victoria?"
    assert inside_sentence(text, text.index("Cortés"))
    assert not inside_sentence(text, text.index("Por"))  # the sentence's first word: its capital says nothing
    assert not inside_sentence("Cortés. Victoria", len("Cortés. "))
    # the first word of a sentence is no name by its capital, and German capitalises every noun
    assert not name_word("Victoria ganó", 0, len("Victoria"), "es", wn)
    assert not name_word("Wer ist Victoria?", 8, 16, "de", wn)
    assert name_word("Wer ist Victoria?", 8, 16, "es", wn)
    assert joined_name_part("格兰特·希尔获奖", 4, 6) and joined_name_part("格兰特·希尔获奖", 0, 3)
    assert not joined_name_part("格兰特·希尔获奖", 6, 8)
