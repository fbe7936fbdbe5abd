"""Greedy search's per-query bookkeeping, done once per step or only when needed (issue 15, branch perf12).

A step's goal keys and successes are computed once over every query's scored candidates, a query's random
stream may be handed over as the string that seeds it (made only when the search reaches the query's
candidates), and a result is built without the dataclass constructor. None of it may change a text: each
test compares with the general form it replaces.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from robustir.attacks.base import Edit, Perturbed, RetrievalScores, new_perturbed
from robustir.attacks.constraints import Protected, SemanticFloor
from robustir.attacks.goals import UntopK
from robustir.attacks.search import GreedySearch, text_seed
from robustir.attacks.typo import Typo

from tests.test_greedy import QUERIES, BatchScorer, similarity


def _dump(rows: list[Perturbed]) -> str:
    return json.dumps([p.to_dict() for p in rows], ensure_ascii=False, sort_keys=True)


class CountingGoal(UntopK):
    """UntopK that counts its ``keys`` and ``succeeded`` calls."""

    def __init__(self, k: int) -> None:
        super().__init__(k)
        self.calls = {"keys": 0, "succeeded": 0}

    def keys(self, scores: RetrievalScores) -> list:
        self.calls["keys"] += 1
        return super().keys(scores)

    def succeeded(self, scores: RetrievalScores) -> np.ndarray:
        self.calls["succeeded"] += 1
        return super().succeeded(scores)


class StreamSpy(Typo):
    """Typo that records the state of the stream each query's candidates are drawn from."""

    def __init__(self) -> None:
        super().__init__(rate=0.6, max_edits=3)
        self.word_filter = Protected(stopwords=False, min_length=3)
        self.states: dict[str, tuple] = {}

    def word_edits(self, text: str, language: str = "en", rng: random.Random | None = None) -> list[Edit] | None:
        assert isinstance(rng, random.Random)
        self.states[text] = rng.getstate()
        return super().word_edits(text, language, rng)


def _attack_many(items: list, goal: UntopK, importance: str = "delete", batch_queries: int = 256
                 ) -> tuple[list[Perturbed], StreamSpy, BatchScorer]:
    spy, scorer = StreamSpy(), BatchScorer()
    out = GreedySearch(budget=60, importance=importance, batch_queries=batch_queries).attack_many(
        spy, items, goal=goal, score=scorer, constraints=[SemanticFloor(similarity, 0.9)])
    return out, spy, scorer


@pytest.mark.parametrize("importance", ["delete", "swap"])
def test_an_item_seeded_by_its_string_gets_the_stream_and_results_of_that_seed(importance: str) -> None:
    seeds = [text_seed(3, t) for t in QUERIES]
    by_stream, spy_a, _ = _attack_many([(t, "en", random.Random(s)) for t, s in zip(QUERIES, seeds, strict=True)],
                                       UntopK(3), importance)
    by_seed, spy_b, _ = _attack_many([(t, "en", s) for t, s in zip(QUERIES, seeds, strict=True)], UntopK(3),
                                     importance)
    assert _dump(by_seed) == _dump(by_stream)
    assert any(p.edits for p in by_seed) and any(p.rejected for p in by_seed)
    # the candidates were drawn from the stream the seed makes, for the same queries
    assert spy_b.states == spy_a.states
    assert spy_b.states == {t: random.Random(s).getstate() for t, s in zip(QUERIES, seeds, strict=True)
                            if t in spy_b.states}
    # a query already out of the top k on its original never reaches its candidates
    done_at_once = [p for p in by_seed if p.queries == 1 and p.success]
    assert done_at_once and all(t not in spy_b.states for t, p in zip(QUERIES, by_seed, strict=True)
                                if p.queries == 1 and p.success)


def test_the_goal_reads_each_step_once_for_every_query_and_gives_query_by_query_results() -> None:
    def items() -> list:
        return [(t, "en", random.Random(text_seed(1, t))) for t in QUERIES]

    goal = CountingGoal(3)
    batched, _, scorer = _attack_many(items(), goal)
    one, _, _ = _attack_many(items(), UntopK(3), batch_queries=1)
    assert _dump(batched) == _dump(one)
    assert len(set(scorer.calls[0])) == len(QUERIES)  # the first step scores every query's original
    # one keys and one succeeded call per scoring call, not one per query and step
    assert goal.calls == {"keys": len(scorer.calls), "succeeded": len(scorer.calls)}


def test_new_perturbed_with_fields_equals_the_constructor() -> None:
    edits = (Edit(1, "is", "iz", "keyboard"),)
    rejected = {"semantic_floor": 2}
    fast = new_perturbed("what iz it", edits, "en", rejected=rejected, queries=7, success=True,
                         objective=-0.25, unperturbable=False)
    slow = Perturbed("what iz it", edits, "en", rejected, queries=7, success=True, objective=-0.25)
    assert fast == slow and vars(fast) == vars(slow) and fast.to_dict() == slow.to_dict()
    assert fast.rejected is rejected  # the search's counts, not a copy
    assert new_perturbed("a", (), "en").rejected == {}
    with pytest.raises(TypeError, match="queriez"):
        new_perturbed("a", (), "en", queriez=1)
