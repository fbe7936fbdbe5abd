"""The random code-switch's ``confident-first`` draw (issue 10 (a), branch tier22; bench/RESULTS.md
section 130): the budget's words come first from the eligible words whose sense is clear (one WordNet sense
in the tagged part of speech, or a SemCor-dominant one: judged right 90.3% vs 84.9% for the others over
every English -> L set), then from the rest; the budget and the unperturbable queries are the uniform
draw's. The CodeSwitch tests skip when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.muse_data import require_muse

OPTS = ((), ("a",), ("b", "c"), (), ("d",), ("e",), ("f", "g"), ("h",))
ELIGIBLE = tuple(i for i, op in enumerate(OPTS) if op)  # 6 words


@pytest.mark.parametrize("rate, max_edits", [(0.3, 4), (0.5, None), (0.2, 1), (0.7, None)])
def test_the_draw_spends_the_budget_on_preferred_words_first(rate, max_edits) -> None:
    from robustir.attacks.base import edit_count
    from robustir.attacks.lex.wordedit import sample_options

    preferred = frozenset({2, 5, 7})
    k = edit_count(rate, max_edits, len(ELIGIBLE))
    seen: set[int] = set()
    for seed in range(40):
        picked = sample_options(OPTS, ELIGIBLE, random.Random(seed), rate, max_edits, preferred)
        assert picked == sample_options(OPTS, ELIGIBLE, random.Random(seed), rate, max_edits, preferred)
        idx = [i for i, _ in picked]
        assert len(idx) == k and idx == sorted(set(idx))  # the budget is the uniform draw's
        assert all(option in OPTS[i] for i, option in picked)
        # only preferred words while they last; every preferred word once the budget exceeds them
        assert set(idx) <= preferred if k <= len(preferred) else preferred <= set(idx)
        seen.update(idx)
    # the draw among the preferred words is still random
    assert seen == (preferred if k <= len(preferred) else set(ELIGIBLE))


def test_the_draw_falls_back_to_the_other_words_when_too_few_are_preferred() -> None:
    from robustir.attacks.lex.wordedit import sample_options

    picked = sample_options(OPTS, ELIGIBLE, random.Random(0), 0.5, None, frozenset({4}))  # budget 3, 1 preferred
    idx = [i for i, _ in picked]
    assert len(idx) == 3 and 4 in idx
    assert sample_options(OPTS, ELIGIBLE, random.Random(0), 0.3, 4, frozenset()) != []  # none preferred: still drawn


def test_no_preference_or_all_preferred_is_the_uniform_draw_stream_for_stream() -> None:
    from robustir.attacks.lex.wordedit import sample_options

    for seed in range(20):
        uniform = sample_options(OPTS, ELIGIBLE, random.Random(seed), 0.5, None)
        assert sample_options(OPTS, ELIGIBLE, random.Random(seed), 0.5, None, None) == uniform
        assert sample_options(OPTS, ELIGIBLE, random.Random(seed), 0.5, None, frozenset(ELIGIBLE)) == uniform


@pytest.fixture(scope="module")
def pair(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    paths = {**english_resources, "muse": require_muse("es", "zh")}
    kw = {"languages": ["es", "zh"], "context": "none", "resource_paths": paths}
    return CodeSwitch(**kw), CodeSwitch(draw="confident-first", **kw)


# "fruit" has a dominant sense; "tomato" (the plant, the fruit) and "botany" (the science, the flora) none
QUERY = "is a tomato a fruit or a vegetable in botany"


def test_codeswitch_confident_first_switches_the_clear_word_and_keeps_budget_and_unperturbable(pair) -> None:
    uniform, confident = pair
    parts, opts, eligible = confident._analyse(QUERY, "en")
    words = [parts[2 * i + 1] for i in eligible]
    assert "fruit" in words and len(words) >= 2
    fruit = words.index("fruit")
    picked_u, picked_c = set(), set()
    for seed in range(30):
        u, c = uniform.perturb(QUERY, random.Random(seed)), confident.perturb(QUERY, random.Random(seed))
        assert len(u.edits) == len(c.edits) == 1  # the same budget
        assert c == confident.perturb(QUERY, random.Random(seed))  # seeded
        picked_u.update(e.original for e in u.edits)
        picked_c.update(e.original for e in c.edits)
    assert picked_c == {words[fruit]} and len(picked_u) > 1
    # a query with no eligible word is unperturbable under both draws
    for cs in pair:
        assert cs.perturb("is it", random.Random(0)).unperturbable


def test_draw_is_a_recipe_setting_checked_before_any_work() -> None:
    from robustir.attacks.base import AttackError
    from robustir.attacks.codeswitch import CodeSwitch

    with pytest.raises(AttackError, match="draw must be one of uniform, confident-first"):
        CodeSwitch(languages=["es"], context="none", draw="surest")
