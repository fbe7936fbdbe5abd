"""English -> L code-switching: the sense a WordNet compound of the noun before it asks for (issue 10 (a),
bench/RESULTS.md section 160 measures the rule):

* "is maize meal the same as corn starch" -> pt refeição, hi भोजन, tr öğün, a meal eaten (held-out v30, section
  154: judged wrong); WordNet lists cornmeal (maize's first sense is corn.n.01), a kind of meal.n.03, the ground
  grain.

``lex.compoundsense`` reads the sense off WordNet's compound and its hypernym; ``Sources.domain_candidates`` keeps
the candidates of that sense. Skips when WordNet or spaCy are absent. (Held-out v30 also judged tr öğün wrong:
Turkish has no Open Multilingual WordNet, and öğün reads back as "meal" alone, so the rule keeps it: section 160
lists it as left.)
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    # the shipped in-context recipe (as bench/codeswitch_paired.py builds it): "maize meal" is switchable there
    return CodeSwitch(languages=["pt"], rate=0.5, resource_paths=english_resources)


def _options(cs, text: str, word: str) -> set[str]:
    """The in-context pt choices of ``word`` in the English ``text`` (``CodeSwitch._analyse``)."""
    parts, opts, _ = cs._analyse(text, "en")
    i = next(k for k in range(len(parts) // 2) if parts[2 * k + 1] == word)
    return {rep for lang, rep in opts[i] if lang == "pt"}


def test_a_compound_of_the_modifier_names_the_sense(wn):
    from robustir.attacks.lex.compoundsense import compound_sense

    assert compound_sense(wn, "meal", "maize").name() == "meal.n.03"    # maize -> corn.n.01 -> cornmeal
    assert compound_sense(wn, "meal", "corn").name() == "meal.n.03"
    assert compound_sense(wn, "skin", "banana").name() == "peel.n.02"   # banana_peel: the rind, not body skin
    # no compound of the modifier: nothing to override
    assert compound_sense(wn, "meal", "evening") is None


def test_maize_meal_is_no_meal_eaten(cs):
    pt = _options(cs, "is maize meal the same as corn starch", "meal")
    assert "refeição" not in pt
    assert "farinha" in pt


def test_a_meal_without_such_a_modifier_keeps_the_meal_eaten(cs):
    assert "refeição" in _options(cs, "is breakfast the most important meal of the day", "meal")
