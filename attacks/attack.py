"""An attack: a perturbation under constraints, applied by a search towards a goal.

``Attack.run`` is the one entry point robustir calls. Random (model-free)
attacks need only texts; model-aware (greedy) attacks also need one
``BatchScoreFn`` (candidates of many queries per call, each tagged with its
query; the caller reports ``RetrievalScores`` against that query's relevant
documents for ``goal_k``), or one ``ScoreFn`` per text. A semantic floor needs
the caller's ``similarity_fn``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import cast

from .base import AttackError, Perturbation, Perturbed, ScoreFn, WordEditPerturbation
from .constraints import (
    Constraint,
    MaxEditDistance,
    MaxWordsChanged,
    Protected,
    ProtectedCheck,
    SemanticFloor,
    SimilarityFn,
)
from .goals import Goal, UntopK
from .search import BatchScoreFn, GreedySearch, RandomSearch, Search, per_query_score_fn, text_seed


class Attack:
    """Perturbation + constraints + search (+ goal for model-aware searches).

    Args:
        name: shown in results (the recipe's name).
        perturbation: proposes edits; its ``word_filter`` is set to ``protected``.
        search: ``RandomSearch`` or ``GreedySearch``.
        protected: which words may be edited (None = all).
        constraints: text constraints, checked in order (cheap ones first).
        semantic_min_ratio: if set, a ``SemanticFloor`` with the caller's similarity_fn
            is checked last (see ``attacks.constraints.SemanticFloor`` for values).
        goal: for model-aware searches (default ``UntopK(10)``).
    """

    # set by whoever builds the attack from a recipe (declared here, without a value: absent until then)
    validity_floor: float | None
    family: str

    def __init__(self, name: str, perturbation: Perturbation, search: Search, *,
                 protected: Protected | None = None, constraints: Sequence[Constraint] = (),
                 semantic_min_ratio: float | None = None, goal: Goal | None = None) -> None:
        self.name = name
        self.perturbation = perturbation
        self.search = search
        self.protected = protected
        perturbation.word_filter = protected
        cons = list(constraints)
        # Perturbations built on WordEditPerturbation honour the filter by construction;
        # re-check the reported edits of any other kind (e.g. a third-party class).
        if protected is not None and not isinstance(perturbation, WordEditPerturbation):
            cons.insert(0, ProtectedCheck(protected))
        self.constraints = cons
        if semantic_min_ratio is not None and not 0.0 <= float(semantic_min_ratio) <= 1.0:
            raise AttackError(f"semantic min_ratio must be between 0 and 1, got {semantic_min_ratio}")
        self.semantic_min_ratio = None if semantic_min_ratio is None else float(semantic_min_ratio)
        self.goal = goal if goal is not None else (UntopK(10) if search.model_aware else None)

    @property
    def model_aware(self) -> bool:
        """True when ``run`` needs ``batch_score_fn`` or ``score_fns`` (one per text)."""
        return bool(self.search.model_aware)

    @property
    def goal_k(self) -> int:
        """Which non-relevant score the caller's ScoreFn must report (k-th best)."""
        return self.goal.k if self.goal is not None else 10

    @property
    def needs_similarity(self) -> bool:
        """True when ``run`` needs ``similarity_fn`` (a semantic floor is set)."""
        return self.semantic_min_ratio is not None

    def describe(self) -> dict:
        """What the attack does, for provenance."""
        return {"name": self.name, "perturbation": type(self.perturbation).__name__,
                "search": self.search.describe(), "goal": self.goal.describe() if self.goal else None,
                "constraints": [c.name for c in self.constraints]
                + (["semantic_floor"] if self.needs_similarity else [])}

    def _constraints(self, similarity_fn: SimilarityFn | None) -> list[Constraint]:
        cons = list(self.constraints)
        if self.semantic_min_ratio is not None:
            if similarity_fn is None:
                raise AttackError(f"attack {self.name!r} has a semantic floor: pass similarity_fn")
            cons.append(SemanticFloor(similarity_fn, self.semantic_min_ratio))
        return cons

    def run(self, texts: Sequence[str], *, seed: int, samples: int, languages: Sequence[str] | None = None,
            score_fns: Sequence[ScoreFn] | None = None, similarity_fn: SimilarityFn | None = None,
            progress: Callable[[int], None] | None = None,
            batch_score_fn: BatchScoreFn | None = None) -> list[list[Perturbed]]:
        """Perturb every text ``samples`` times; returns, per text, its ``samples`` results.

        Same ``seed`` and inputs give byte-identical outputs; a text's results do not
        depend on the other texts. Greedy attacks run once per sample with that
        sample's seed (its candidate sampling differs); ``samples = 1`` is the usual
        choice for them. ``progress(n)`` is called as texts finish (n texts each time).
        Model-aware attacks need ``batch_score_fn`` (candidates of many queries per call,
        see ``attacks.search.BatchScoreFn``) or ``score_fns`` (one per text).
        """
        texts = list(texts)
        if samples < 1:
            raise AttackError(f"samples must be >= 1, got {samples}")
        if not all(isinstance(t, str) for t in texts):
            raise AttackError("texts must be strings")
        langs = list(languages) if languages is not None else ["en"] * len(texts)
        if len(langs) != len(texts):
            raise AttackError(f"got {len(langs)} languages for {len(texts)} texts")
        cons = self._constraints(similarity_fn)
        if texts:
            self.perturbation.prepare(texts, langs)
        if not self.model_aware:
            # not model-aware: the search is a RandomSearch
            search = cast(RandomSearch, self.search)
            return search.run(self.perturbation, texts, langs, seed=int(seed), samples=int(samples),
                              constraints=cons, progress=progress)
        if batch_score_fn is None:
            if score_fns is None or len(score_fns) != len(texts):
                raise AttackError(f"attack {self.name!r} is model-aware: pass batch_score_fn or one score "
                                  f"function per text (got {0 if score_fns is None else len(score_fns)} "
                                  f"for {len(texts)} texts)")
            batch_score_fn = per_query_score_fn(score_fns)
        # each item's stream as the string that seeds it: the search seeds a stream only for a query it
        # goes on to edit (most queries that already fail on the original never need one)
        items: list[tuple[str, str, random.Random | str]] = []
        owners: list[int] = []
        for qi, (text, lang) in enumerate(zip(texts, langs, strict=False)):
            for s in range(samples):
                items.append((text, lang, text_seed(int(seed), text) + (f":{s}" if s else "")))
                owners.append(qi)
        left = [samples] * len(texts)

        def done(i: int) -> None:
            qi = owners[i]
            left[qi] -= 1
            if left[qi] == 0 and progress is not None:
                progress(1)

        # model-aware: a GreedySearch, and __init__ gave it a goal
        flat = cast(GreedySearch, self.search).attack_many(self.perturbation, items, goal=cast(Goal, self.goal),
                                                           score=batch_score_fn,
                                                           constraints=cons, owners=owners, done=done)
        return [flat[qi * samples:(qi + 1) * samples] for qi in range(len(texts))]


def text_constraints(max_share: float | None = None, max_words: int | None = None,
                     max_edit_distance: int | None = None) -> list[Constraint]:
    """The cheap text constraints a recipe's ``[constraints]`` table asks for, cheapest first."""
    cons: list[Constraint] = []
    if max_share is not None or max_words is not None:
        cons.append(MaxWordsChanged(1.0 if max_share is None else max_share, max_words))
    if max_edit_distance is not None:
        cons.append(MaxEditDistance(max_edit_distance))
    return cons
