"""The study's unit of work: a *group* of cells that share a model and a dataset, and how it runs.

A group loads its encoder and benchmark once (through a ``Resolver``) and runs its cells on one
``Retriever``, so the corpus is encoded once per model and every distinct query text once per model
and dataset. Executors (``robustir.study.executors``) schedule groups; the runner
(``robustir.study.runner``) plans them. Both sit above this module, which imports neither.

Failures stay local: a model that fails to load fails its cells, a recipe that fails fails its
cells, and the others are kept. A write that fails because the disk is full, read-only or not
writable stops the group at once (cells already written are kept; re-running resumes).
"""

from __future__ import annotations

import errno
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from robustir.errors import InputError, RobustirError
from robustir.quiet import record_warnings
from robustir.study.cells import Cell, cell_path, check_cell, write_cell
from robustir.study.crafted import CRAFT_DIR, CraftStore
from robustir.study.spec import transfer_parts

#: OS errors after which no further cell could be written either: stop instead of computing in vain.
_FATAL_WRITE_ERRNOS = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT, errno.EPERM)


class Resolver(Protocol):
    """How a study turns names into objects; the default uses robustir's loaders, tests use fakes.
    Must be picklable (the Ray executor ships it to workers)."""

    def encoder(self, source: str, max_seq_length: int | None = None) -> Any: ...

    def benchmark(self, name: str, data_dir: Path | None) -> Any: ...

    def recipe(self, name: str) -> Any: ...


class DefaultResolver:
    """``load_encoder`` / ``load_benchmark`` / ``load_recipe``; ``trust_remote_code`` as in ``load_encoder``."""

    def __init__(self, trust_remote_code: bool = False) -> None:
        self.trust_remote_code = trust_remote_code

    def encoder(self, source: str, max_seq_length: int | None = None) -> Any:
        from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH
        from robustir.models import load_encoder

        return load_encoder(source, max_seq_length=max_seq_length, trust_remote_code=self.trust_remote_code,
                            default_max_seq_length=DEFAULT_MAX_SEQ_LENGTH)

    def benchmark(self, name: str, data_dir: Path | None) -> Any:
        from robustir.data import load_benchmark

        return load_benchmark(name, data_dir=data_dir)

    def recipe(self, name: str) -> Any:
        from robustir.recipe import load_recipe

        return load_recipe(name)


@dataclass(frozen=True)
class Settings:
    """The evaluation settings shared by every cell of a study."""

    samples: int | None
    limit: int | None
    k: int
    measures: tuple[str, ...]
    resamples: int
    batch_size: int


@dataclass
class Group:
    """The cells of one (model, dataset): run in order on one encoder and one retriever."""

    model: str
    source: str
    dataset: str
    cells: list[Cell]
    max_seq_length: int | None
    settings: Settings
    out_dir: Path
    cache_dir: Path | None
    data_dir: Path | None
    resolver: Any
    #: transfer recipes ``R@LABEL``: LABEL -> (source, max_seq_length) of the surrogate model
    surrogates: dict[str, tuple[str, int | None]] = field(default_factory=dict)


@dataclass
class CellOutcome:
    """``computed``, ``reused`` (already done), ``failed`` or ``not run`` (stopped before it), and why."""

    cell: Cell
    status: str
    message: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    fatal: bool = False  # the output could not be written: no later cell could be either
    texts_encoded: int | None = None  # what computing the cell encoded (depends on the cells before it)

    def to_dict(self) -> dict[str, Any]:
        out = {**self.cell.to_dict(), "status": self.status, "message": self.message,
               "seconds": round(self.seconds, 3), "notes": self.notes}
        if self.texts_encoded is not None:
            out["texts_encoded"] = self.texts_encoded
        return out


def _notes(caught: Sequence[warnings.WarningMessage]) -> list[str]:
    """A cell's warnings (recorded by :func:`robustir.quiet.record_warnings`, which already left out
    libraries' own deprecation notices, as the command line does) as notes."""
    return [str(w.message) for w in caught]


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, RobustirError) or type(exc).__name__ in ("AttackError", "MissingResource"):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _fatal_write(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.errno in _FATAL_WRITE_ERRNOS:
            return True
        cause = cause.__cause__
    return False


def run_group(group: Group, on_outcome: Callable[[CellOutcome], None] | None = None,
              loaded: dict[Any, Any] | None = None) -> list[CellOutcome]:
    """Run (or reuse) every cell of ``group`` in order; never raises for a cell's failure.

    ``loaded`` keeps the last encoder across consecutive groups of one model (the local
    executor passes it), so a model is loaded once, not once per dataset.

    What the group resolved (encoder, benchmark cut to the study's limit, each cell's recipe and
    surrogate) is handed to :func:`robustir.evaluation.prepare` as objects, never re-resolved; the
    prepared ``Evaluation`` gives the identity a cell file is checked against and runs the cell."""
    from robustir.evaluation import prepare

    outcomes: list[CellOutcome] = []

    def emit(o: CellOutcome) -> None:
        outcomes.append(o)
        if on_outcome is not None:
            on_outcome(o)

    def fail_all(status: str, message: str, cells: Sequence[Cell]) -> list[CellOutcome]:
        for c in cells:
            emit(CellOutcome(c, status, message))
        return outcomes

    s = group.settings
    key = (group.source, group.max_seq_length)
    try:
        if loaded is not None and key in loaded:
            encoder = loaded[key]
        else:
            encoder = group.resolver.encoder(group.source, group.max_seq_length)
            if loaded is not None:
                loaded.clear()  # one model in memory at a time
                loaded[key] = encoder
    except Exception as e:  # noqa: BLE001 - any load failure fails this model's cells only
        return fail_all("failed", f"model {group.model} failed to load: {_one_line(e)}", group.cells)
    try:
        bench = group.resolver.benchmark(group.dataset, group.data_dir)
        sub = bench.subset(s.limit)
    except Exception as e:  # noqa: BLE001
        return fail_all("failed", f"dataset {group.dataset} failed to load: {_one_line(e)}", group.cells)

    retriever = None
    surrogate_retrievers: dict[str, Any] = {}
    crafted = CraftStore(group.out_dir / CRAFT_DIR)

    def surrogate_for(label: str) -> Any:
        """The surrogate's retriever on this dataset (one per group and label; corpus cached on disk;
        the group's own when the model is its own surrogate)."""
        nonlocal retriever
        if label not in surrogate_retrievers:
            if label not in group.surrogates:
                raise InputError(f"surrogate model {label} is not available (it failed to load or train)")
            from robustir.retrieval import Retriever

            src, msl = group.surrogates[label]
            if (src, msl) == key:
                if retriever is None:
                    retriever = Retriever(encoder, bench, cache_dir=group.cache_dir, batch_size=s.batch_size)
                surrogate_retrievers[label] = retriever
            else:
                surrogate_retrievers[label] = Retriever(group.resolver.encoder(src, msl), bench,
                                                        cache_dir=group.cache_dir, batch_size=s.batch_size)
        return surrogate_retrievers[label]

    for i, cell in enumerate(group.cells):
        start = time.perf_counter()
        with record_warnings() as caught:
            try:
                recipe_name, surrogate_label = transfer_parts(cell.recipe)
                recipe = group.resolver.recipe(recipe_name)
                surrogate = surrogate_for(surrogate_label) if surrogate_label is not None else None
                # the attack is built only if the cell is computed (a reused cell needs only its identity)
                evaluation = prepare(encoder, sub, recipe, samples=s.samples, seed=cell.seed, limit=s.limit,
                                     k=s.k, measures=s.measures, batch_size=s.batch_size, cache_dir=group.cache_dir,
                                     bootstrap_resamples=s.resamples, surrogate=surrogate, build_attack=False)
                if surrogate is not None:  # a transfer attack: its texts are crafted once for every model
                    evaluation.crafted = crafted
                path = cell_path(group.out_dir, cell)
                state = check_cell(path, evaluation.identity())
                if state.state == "done":
                    emit(CellOutcome(cell, "reused", seconds=time.perf_counter() - start))
                    continue
                if retriever is None:
                    from robustir.retrieval import Retriever

                    retriever = Retriever(encoder, bench, cache_dir=group.cache_dir, batch_size=s.batch_size)
                result = evaluation.run(retriever)
                # the cell file holds what the cell *is*, not what computing it cost (that depends on
                # which cells ran before it in this process): fresh and resumed cells are byte-identical
                write_cell(path, result.without_cost())
                note = [f"recomputed: {state.reason}"] if state.state in ("stale", "corrupt") else []
                emit(CellOutcome(cell, "computed", seconds=time.perf_counter() - start,
                                 notes=note + _notes(caught),
                                 texts_encoded=result.texts_encoded))
            except Exception as e:  # noqa: BLE001 - one cell's failure must not lose the others
                msg = _one_line(e)
                if not isinstance(e, RobustirError):
                    msg += " | " + traceback.format_exc(limit=-2).strip().splitlines()[-3].strip()
                fatal = _fatal_write(e)
                emit(CellOutcome(cell, "failed", msg, seconds=time.perf_counter() - start,
                                 notes=_notes(caught), fatal=fatal))
                if fatal:
                    return fail_all("not run", "study stopped: output could not be written", group.cells[i + 1:])
    return outcomes


# ----------------------------------------------------------------------------- training
