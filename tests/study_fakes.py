"""Fakes for study tests: a resolver of bag-of-words encoders, toy benchmarks and real attacks.

Model sources ``bow-<dim>`` give ``BagOfWordsEncoder(dim)`` (different dims,
different fingerprints and rankings); ``broken`` fails to load;
``slow-bow-<dim>`` sleeps in every encode call (so a study can be killed
mid-run). Dataset ``toy`` / ``toy-<n>`` is ``toy_benchmark(n)``; ``missing``
raises ``ResourceMissing``. Recipes ``typo`` (random) and ``typo-adv`` (greedy,
model-aware) are real ``attacks.Attack`` objects over ``attacks.typo.Typo``;
``crash`` fails when run; ``die`` kills the process running it (a worker crash). Picklable: the Ray
executor ships it to workers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robustir.errors import InputError, ResourceMissing
from robustir.io import sha256_text
from tests.fakes import BagOfWordsEncoder, toy_benchmark


class SlowEncoder(BagOfWordsEncoder):
    def __init__(self, dim: int, delay: float) -> None:
        super().__init__(dim=dim, name=f"slow-bow-{dim}")
        self.delay = delay

    def _encode(self, texts):  # type: ignore[no-untyped-def]
        time.sleep(self.delay)
        return super()._encode(texts)


class _Crash:
    model_aware = False
    goal_k = 10

    def run(self, *a: Any, **k: Any) -> Any:
        raise RuntimeError("recipe exploded")


class _Die(_Crash):
    def run(self, *a: Any, **k: Any) -> Any:
        import os

        os._exit(3)


def make_recipe(name: str) -> Any:
    """A ``robustir.recipe.Recipe`` whose ``build()`` returns a real typo attack (or a crashing one)."""
    search = "greedy" if name.endswith("-adv") else "random"
    spec = {"name": name, "samples": 2, "perturbation": {"type": "typo", "rate": 0.4}, "search": {"type": search}}
    return FakeRecipe(name=name, description=f"fake {name}", family="typo", search=search, spec=spec,
                      sha256=sha256_text(["fake-recipe", name, "2"]), path=None)


def _build(self: Any) -> Any:
    from robustir.attacks.attack import Attack
    from robustir.attacks.search import GreedySearch, RandomSearch
    from robustir.attacks.typo import Typo

    if self.name == "crash":
        return _Crash()
    if self.name == "die":
        return _Die()
    search = GreedySearch(budget=20) if self.search == "greedy" else RandomSearch()
    return Attack(self.name, Typo(rate=0.4), search)


def _recipe_class() -> type:
    from robustir.recipe import Recipe

    return type("FakeRecipe", (Recipe,), {"build": _build, "__module__": __name__})


try:
    FakeRecipe = _recipe_class()
except ImportError:  # robustir.recipe not there yet: tests needing recipes skip
    FakeRecipe = None  # type: ignore[assignment,misc]


@dataclass
class FakeResolver:
    """Resolves the fake names above; ``delay`` slows every ``slow-`` encoder call (seconds)."""

    delay: float = 0.0

    def encoder(self, source: str, max_seq_length: int | None = None) -> Any:
        if source == "broken":
            raise InputError("broken is not a model directory: no config.json/modules.json")
        slow = source.startswith("slow-")
        name = source.removeprefix("slow-")
        if not name.startswith("bow-"):
            raise InputError(f"unknown fake model {source!r}")
        dim = int(name.split("-")[1])
        return SlowEncoder(dim, self.delay) if slow else BagOfWordsEncoder(dim=dim, name=name)

    def benchmark(self, name: str, data_dir: Path | None) -> Any:
        if name == "missing":
            raise ResourceMissing("dataset missing: its corpus is not installed (fake)")
        if name == "toy":
            return toy_benchmark()
        if name.startswith("toy-"):
            b = toy_benchmark(int(name.split("-")[1]))
            b.name = name
            return b
        raise InputError(f"unknown fake dataset {name!r}")

    def recipe(self, name: str) -> Any:
        return make_recipe(name)
