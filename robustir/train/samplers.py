"""X-X, X-Y and hybrid batch samplers for sentence-transformers (arXiv 2408.10536).

- **X-X** (monolingual): every batch is in one language, query and passage
  alike; the batch language is drawn uniformly from the training languages.
- **X-Y** (cross-lingual): in every pair the query language differs from the
  passage language; the query language is uniform, the passage language
  uniform over the others, drawn independently for each pair.
- **Hybrid**: each batch is X-X with probability ``alpha`` and X-Y otherwise.

All three share one engine (:class:`LanguageBatchSampler`, X-X = alpha 1, X-Y
= alpha 0). Every batch is full (``batch_size`` pairs: in-batch negatives are
the point) and holds at most one unit per conflict group (see
:mod:`robustir.train.pairs`), so never the same question twice in any
language, nor the same passage twice. An epoch has ``n_units // batch_size``
batches and uses each unit at most once, except that when the remaining units
cannot fill a batch with distinct groups, units of the next shuffle top it up.
Randomness comes from ``numpy.random.default_rng([seed, epoch])`` only, so
the same seed and epoch give the same batches (the Trainer's checkpoint resume
relies on that).

The samplers subclass sentence-transformers' ``DefaultBatchSampler`` and take
its constructor arguments; :func:`batch_sampler_factory` binds the layout and
alpha, giving the callable that ``SentenceTransformerTrainingArguments(
batch_sampler=...)`` accepts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

# Heavy (torch): this module is imported only by training code, never at CLI start. The sampler
# classes must live at module level: the Trainer pickles its arguments into every checkpoint.
from sentence_transformers.base.sampler import DefaultBatchSampler

from robustir.errors import InputError
from robustir.train.pairs import PairLayout


@dataclass(frozen=True)
class PlannedBatch:
    """One batch: ``mode`` "xx" or "xy", and its dataset rows."""

    mode: str
    rows: list[int]


class _LanguagePlanner:
    """The sampling logic, free of torch: plans the batches of one epoch."""

    def __init__(self, layout: PairLayout, batch_size: int, alpha: float, seed: int) -> None:
        if not 0.0 <= alpha <= 1.0:
            raise InputError(f"alpha must be in [0, 1], got {alpha}")
        if batch_size < 2:
            raise InputError(f"batch size must be at least 2 for in-batch negatives, got {batch_size}")
        if alpha < 1.0 and layout.n_langs < 2:
            raise InputError("X-Y batches need at least two languages (use --strategy xx or add --langs)")
        if layout.n_groups < batch_size:
            raise InputError(f"batch size {batch_size} exceeds the {layout.n_groups} distinct question groups: "
                             "a batch would have to repeat a question; lower --batch-size")
        self.layout = layout
        self.batch_size = batch_size
        self.alpha = float(alpha)
        self.seed = int(seed)

    def num_batches(self) -> int:
        return max(1, self.layout.n_units // self.batch_size)

    def plan(self, epoch: int) -> list[PlannedBatch]:
        lay, bs = self.layout, self.batch_size
        rng = np.random.default_rng([self.seed, int(epoch)])
        queue: list[int] = rng.permutation(lay.n_units).tolist()
        batches: list[PlannedBatch] = []
        for _ in range(self.num_batches()):
            units: list[int] = []
            seen: set[int] = set()
            rest: list[int] = []
            while len(units) < bs:
                if not queue:  # the remaining units repeat groups: top up from a fresh shuffle
                    queue = [u for u in rng.permutation(lay.n_units).tolist() if int(lay.groups[u]) not in seen]
                    rest_set = set(rest)
                    queue = [u for u in queue if u not in rest_set]
                u = queue.pop(0)
                g = int(lay.groups[u])
                if g in seen:
                    rest.append(u)
                else:
                    seen.add(g)
                    units.append(u)
            queue = rest + queue
            L = lay.n_langs
            if rng.random() < self.alpha:
                lang = int(rng.integers(L))
                rows = [lay.row(u, lang, lang) for u in units]
                batches.append(PlannedBatch("xx", rows))
            else:
                lq = rng.integers(L, size=bs)
                lp = (lq + rng.integers(1, L, size=bs)) % L
                rows = [lay.row(u, int(a), int(b)) for u, a, b in zip(units, lq, lp, strict=False)]
                batches.append(PlannedBatch("xy", rows))
        return batches


class LanguageBatchSampler(DefaultBatchSampler):
    """Batches of parallel pairs, X-X with probability ``alpha``, X-Y otherwise."""

    strategy = "hybrid"

    def __init__(self, dataset: Any, batch_size: int, drop_last: bool = True,
                 valid_label_columns: list[str] | None = None, generator: Any = None, seed: int = 0,
                 *, layout: PairLayout, alpha: float = 0.5) -> None:
        super().__init__(dataset, batch_size=batch_size, drop_last=drop_last,
                         valid_label_columns=valid_label_columns, generator=generator, seed=seed)
        expected = layout.n_units * layout.n_langs ** 2
        if dataset is not None and len(dataset) != expected:
            raise InputError(f"training dataset has {len(dataset)} rows, the pair layout expects {expected}")
        self.layout = layout
        self.alpha = alpha
        self._planner = _LanguagePlanner(layout, batch_size, alpha, seed)

    def plan(self, epoch: int | None = None) -> list[PlannedBatch]:
        """The batches of ``epoch`` (default: the current one) with their modes."""
        return self._planner.plan(self.epoch if epoch is None else epoch)

    def __iter__(self) -> Iterator[list[int]]:
        for b in self.plan():
            yield b.rows

    def __len__(self) -> int:
        return self._planner.num_batches()


class XXBatchSampler(LanguageBatchSampler):
    """Monolingual batches: one language per batch, drawn uniformly."""

    strategy = "xx"

    def __init__(self, *args: Any, layout: PairLayout, alpha: float = 1.0, **kw: Any) -> None:
        super().__init__(*args, layout=layout, alpha=1.0, **kw)


class XYBatchSampler(LanguageBatchSampler):
    """Cross-lingual batches: the query and passage languages of every pair differ."""

    strategy = "xy"

    def __init__(self, *args: Any, layout: PairLayout, alpha: float = 0.0, **kw: Any) -> None:
        super().__init__(*args, layout=layout, alpha=0.0, **kw)


class HybridBatchSampler(LanguageBatchSampler):
    """X-X with probability alpha, else X-Y (alpha 0.5 is the paper's best)."""

    strategy = "hybrid"


SAMPLERS: dict[str, type[LanguageBatchSampler]] = {
    "xx": XXBatchSampler, "xy": XYBatchSampler, "hybrid": HybridBatchSampler}


def strategy_alpha(strategy: str, alpha: float | None = 0.5) -> float:
    """The X-X probability a strategy means: xx -> 1, xy -> 0, hybrid -> ``alpha``."""
    if strategy == "xx":
        return 1.0
    if strategy == "xy":
        return 0.0
    if strategy == "hybrid":
        a = 0.5 if alpha is None else float(alpha)
        if not 0.0 <= a <= 1.0:
            raise InputError(f"--alpha must be in [0, 1], got {a}")
        return a
    raise InputError(f"unknown strategy {strategy!r}; choose xx, xy or hybrid")


def batch_sampler_factory(strategy: str, layout: PairLayout, alpha: float | None = 0.5) -> Callable[..., Any]:
    """The callable for ``SentenceTransformerTrainingArguments(batch_sampler=...)``.

    The trainer calls it as ``f(dataset, batch_size=, drop_last=, valid_label_columns=,
    generator=, seed=)``; the layout and alpha are bound here.
    """
    cls = SAMPLERS[strategy if strategy in ("xx", "xy") else "hybrid"]
    return functools.partial(cls, layout=layout, alpha=strategy_alpha(strategy, alpha))
