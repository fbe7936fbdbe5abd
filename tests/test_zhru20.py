"""English -> ru code-switching: the target side's own choice among candidates (issue 10 (a), branch
zhru20; bench/RESULTS.md section 114). From the judged sets v10-v25:

* ru: MUSE romanises some English words letter by letter into no Russian word (doe -> доу, cam ->
  кэм, alto -> альто; judged wrong v21, v23, v24): pymorphy3's dictionary does not know them. A
  name's romanisation (лейкерс, шелдон) is the Russian name and stays.

Skips when WordNet, spaCy, MUSE or pymorphy3 are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


def _offered(cs, text: str) -> dict[str, set[str]]:
    """The words of the English ``text`` the recipe may switch, each with its chosen replacements."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1].lower(): {c for _, c in op} for i, op in enumerate(opts) if op}


@pytest.fixture(scope="module")
def cs_ru(english_resources: dict[str, Path]):
    pytest.importorskip("pymorphy3")
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(languages=["ru"], rate=1.0, context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru")})


def test_pymorphy_knows_russian_words_not_romanisations():
    pytest.importorskip("pymorphy3")
    from robustir.attacks.lex.zhru import russian_known

    assert russian_known("доу") is False
    assert russian_known("кэм") is False
    assert russian_known("альт") is True
    assert russian_known("студентов") is True  # an inflected form of a known lemma
    assert russian_known("двоюродный брат") is None  # a phrase: no evidence


def test_a_romanised_english_word_is_not_offered_in_russian(cs_ru):
    # v21: doe -> доу; v23: cam -> кэм; v24: alto -> альто (each judged "no Russian word")
    assert "доу" not in _offered(cs_ru, "do you buy a gift for a stag and doe").get("doe", set())
    assert "кэм" not in _offered(cs_ru, "is a cam belt the same as a timing chain").get("cam", set())
    assert "альто" not in _offered(cs_ru, "is the soprano is higher than the alto").get("alto", set())
    # a name's romanisation stays offered (лейкерс judged right, v23); so does a known Russian word
    assert "лейкерс" in _offered(cs_ru, "has lebron james played for the lakers before").get("lakers", set())
    assert _offered(cs_ru, "was it common for cousins to marry in the 1800s").get("cousins")

