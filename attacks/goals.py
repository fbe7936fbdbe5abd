"""Goals of a model-aware attack, computed from the caller's ``RetrievalScores``.

The search minimises ``objective``; the attack has succeeded on a candidate when
``succeeded`` is true. ``k`` tells the caller which non-relevant score to report
(``RetrievalScores.nonrelevant`` = the k-th best non-relevant document's score).
"""

from __future__ import annotations

import numpy as np

from attacks.base import AttackError, RetrievalScores

GOALS = ("untopk", "margin")


class Goal:
    """Base class: ``k`` for the caller, ``objective`` to minimise, ``succeeded`` per candidate."""

    name = "goal"
    k: int = 1

    def objective(self, scores: RetrievalScores) -> np.ndarray:
        """Best relevant score minus the k-th best non-relevant score (lower = better attack)."""
        return np.asarray(scores.relevant, dtype=np.float64) - np.asarray(scores.nonrelevant, dtype=np.float64)

    def succeeded(self, scores: RetrievalScores) -> np.ndarray:
        raise NotImplementedError

    def describe(self) -> dict:
        return {"type": self.name, "k": self.k}


class UntopK(Goal):
    """Push every relevant document out of the top ``k``: success when the best relevant
    document's rank is > k; objective = relevant - k-th non-relevant score."""

    name = "untopk"

    def __init__(self, k: int = 10) -> None:
        if int(k) < 1:
            raise AttackError(f"goal untopk: k must be >= 1, got {k}")
        self.k = int(k)

    def succeeded(self, scores: RetrievalScores) -> np.ndarray:
        return np.asarray(scores.rank) > self.k


class Margin(Goal):
    """Make the best non-relevant document outscore every relevant one: objective =
    relevant - best non-relevant score (k = 1), success when it is < 0."""

    name = "margin"

    def __init__(self, k: int = 1) -> None:
        if int(k) != 1:
            raise AttackError(f"goal margin compares with the best non-relevant document: k must be 1, got {k}")
        self.k = 1

    def succeeded(self, scores: RetrievalScores) -> np.ndarray:
        return self.objective(scores) < 0


def make_goal(spec: dict | None) -> Goal:
    """A goal from a recipe's ``[goal]`` table (``type`` = untopk | margin, ``k``)."""
    spec = dict(spec or {})
    kind = spec.pop("type", "untopk")
    if kind == "untopk":
        return UntopK(**spec)
    if kind == "margin":
        return Margin(**spec)
    raise AttackError(f"unknown goal type {kind!r}: choose from {', '.join(GOALS)}")
