"""The exhaustive ceiling of an adversarial recipe (issue 11, bench/RESULTS.md section 147): ``bench/ceiling.py``.

The ceiling enumerates every edit set the greedy search may keep (at most the edit budget of positions, one
candidate each, read from the query's seeded stream as ``attacks.search`` reads them), so its best set bounds
what any search over the same candidates and budget can reach. These tests pin the enumeration (budget, cap,
spans of the candidates), that a budget-1 query's greedy (``importance = "swap"``) is exhaustive (what section
147 finds on BoolQ) and that with a budget of 2 the greedy can end below the ceiling (what the tool measures).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pytest
from robustir.attacks.base import Edit, Perturbation, Perturbed, RetrievalScores
from robustir.attacks.goals import UntopK
from robustir.attacks.search import GreedySearch, text_seed
from robustir.attacks.tokenize import replace_words, words

from tests.bench_modules import load_bench

TEXT = "alpha beta gamma delta"


@pytest.fixture(scope="module")
def ceiling():
    return load_bench("ceiling")


class Swaps(Perturbation):
    """Word rewrites from a fixed table (a stand-in for code-switching), one-word candidates only."""

    name = "swaps"

    def __init__(self, table: dict[str, list[str]], rate: float, max_edits: int | None = None) -> None:
        self.table, self.rate, self.max_edits = table, rate, max_edits

    def eligible_count(self, text: str, language: str = "en") -> int:
        return sum(1 for w in words(text) if w.text in self.table)

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:  # pragma: no cover
        raise NotImplementedError

    def word_candidates(self, text: str, language: str = "en", rng: random.Random | None = None) -> list[Perturbed]:
        return [Perturbed(replace_words(text, {i: rep}), (Edit(i, w.text, rep, "swap"),), language)
                for i, w in enumerate(words(text)) for rep in self.table.get(w.text, [])]


def _scorer(rank_of: dict[tuple[str, ...], int]):
    """The relevant passage's rank: 3, or ``rank_of[key]`` for the first key whose strings all occur in a text."""

    def score(texts: Sequence[str]) -> RetrievalScores:
        rank = np.array([next((r for key, r in rank_of.items() if all(s in t for s in key)), 3) for t in texts])
        return RetrievalScores(0.9 - 0.01 * rank, np.full(len(texts), 0.8), rank)

    return score


def _greedy(pert: Perturbation, score) -> Perturbed:
    return GreedySearch(budget=50, importance="swap").attack_one(
        pert, TEXT, "en", goal=UntopK(10), score_fn=score, rng=random.Random(text_seed(0, TEXT)), constraints=[])


def test_edit_sets_are_every_set_within_the_budget_smallest_first(ceiling):
    by_pos = {0: ["a1", "a2"], 1: ["b1"], 2: ["c1", "c2"]}
    sets, capped = ceiling.edit_sets(by_pos, 2, cap=1000)
    assert not capped
    # 5 singles, then the pairs of positions: (0, 1) 2, (0, 2) 4, (1, 2) 2; never 3 positions at budget 2
    assert len(sets) == 5 + 2 + 4 + 2
    assert [len(s) for s in sets] == [1] * 5 + [2] * 8
    assert len(set(sets)) == len(sets)
    full, _ = ceiling.edit_sets(by_pos, 3, cap=1000)
    assert len(full) == 13 + 2 * 1 * 2  # budget 3 adds the one triple of positions, 4 sets
    cut, capped = ceiling.edit_sets(by_pos, 2, cap=6)
    assert capped and cut == sets[:6]  # the cap keeps every single first


def test_query_sets_are_the_texts_the_greedy_may_keep(ceiling):
    pert = Swaps({"alpha": ["A1"], "beta": ["B1", "B2"], "gamma": ["G1"]}, rate=0.5)  # 3 eligible: budget 2
    cands, budget, positions, capped = ceiling.query_sets(pert, TEXT, "en", 0, cap=1000)
    assert (budget, positions, capped) == (2, 3, False)
    texts = {c.text for c in cands}
    assert len(texts) == len(cands) == 4 + (2 + 1 + 2)  # 4 singles; pairs alpha-beta 2, alpha-gamma 1, beta-gamma 2
    assert "alpha B2 G1 delta" in texts and "A1 beta gamma delta" in texts
    assert all(1 <= len(c.edits) <= 2 for c in cands)
    for c in cands:  # each text is its edits applied to the original
        assert c.text == replace_words(TEXT, {e.position: e.replacement for e in c.edits})


def test_at_a_budget_of_one_the_swap_greedy_reaches_the_ceiling(ceiling):
    # 3 eligible words at rate 0.1: budget 1, as on every BoolQ question codeswitch-adv can edit (section 147)
    pert = Swaps({"alpha": ["A1"], "beta": ["B1", "B2"], "gamma": ["G1"]}, rate=0.1)
    score = _scorer({("B2",): 7, ("G1",): 5, ("A1",): 4})
    cands, budget, _, _ = ceiling.query_sets(pert, TEXT, "en", 0, cap=1000)
    assert budget == 1
    best = max(int(score([c.text]).rank[0]) for c in cands)
    out = _greedy(pert, score)
    assert int(score([out.text]).rank[0]) == best == 7
    assert out.text == "alpha B2 gamma delta"


def test_at_a_budget_of_two_the_greedy_can_end_below_the_ceiling(ceiling):
    # A1 alone lowers the passage a little, so the greedy keeps it first; B1 and G1 alone do nothing, together
    # they push it out of the top 10; on top of A1 neither is strictly better, so the greedy stops at A1
    pert = Swaps({"alpha": ["A1"], "beta": ["B1"], "gamma": ["G1"]}, rate=0.5)
    score = _scorer({("B1", "G1"): 20, ("A1",): 4})
    out = _greedy(pert, score)
    assert out.text == "A1 beta gamma delta" and not out.success
    cands, budget, _, _ = ceiling.query_sets(pert, TEXT, "en", 0, cap=1000)
    assert budget == 2
    ranks = {c.text: int(score([c.text]).rank[0]) for c in cands}
    assert max(ranks.values()) == 20 and ranks["alpha B1 G1 delta"] == 20
    assert out.text in ranks and ranks[out.text] < 20
