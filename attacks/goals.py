"""Goals of a model-aware attack, computed from the caller's ``RetrievalScores``.

The search compares candidates by ``keys``: first the rank of the best relevant
document (higher = better attack), ties broken by the margin ``objective``
(best relevant score minus the k-th best non-relevant score; lower = better).
The search keeps an edit only when its key is strictly better than the current
one, so an edit that moves a relevant document UP the ranking (a lower rank)
is never kept, whatever it does to the margin: the margin alone does not track
rank (the top non-relevant documents can fall further than the k-th one), and a
margin objective kept "play off ... world cup" edits that took a query from
RR 0.33 to 1.0.

The attack has succeeded on a candidate when ``succeeded`` is true. ``k`` tells
the caller which non-relevant score to report (``RetrievalScores.nonrelevant``
= the k-th best non-relevant document's score).
"""

from __future__ import annotations

import numpy as np

from .base import AttackError, RetrievalScores

GOALS = ("untopk", "margin")

#: one candidate's comparison key: (-rank of the best relevant document, margin); lower = better attack
Key = tuple[float, float]


class Goal:
    """Base class: ``k`` for the caller, ``keys`` to minimise, ``succeeded`` per candidate."""

    name = "goal"
    k: int = 1

    def objective(self, scores: RetrievalScores) -> np.ndarray:
        """Best relevant score minus the k-th best non-relevant score (the tie-breaker; lower = better)."""
        return np.asarray(scores.relevant, dtype=np.float64) - np.asarray(scores.nonrelevant, dtype=np.float64)

    def keys(self, scores: RetrievalScores) -> list[Key]:
        """Per candidate ``(-rank, margin)``: compared as tuples, a higher rank of the best relevant
        document always wins, and the margin decides between equal ranks."""
        rank = np.asarray(scores.rank, dtype=np.float64)
        return list(zip((-rank).tolist(), self.objective(scores).tolist(), strict=False))

    def succeeded(self, scores: RetrievalScores) -> np.ndarray:
        raise NotImplementedError

    def describe(self) -> dict:
        return {"type": self.name, "k": self.k, "objective": "rank, then margin"}


class UntopK(Goal):
    """Push every relevant document out of the top ``k``: success when the best relevant
    document's rank is > k."""

    name = "untopk"

    def __init__(self, k: int = 10) -> None:
        if int(k) < 1:
            raise AttackError(f"goal untopk: k must be >= 1, got {k}")
        self.k = int(k)

    def succeeded(self, scores: RetrievalScores) -> np.ndarray:
        return np.asarray(scores.rank) > self.k


class Margin(Goal):
    """Make the best non-relevant document outscore every relevant one (k = 1): success when
    the margin is < 0."""

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
