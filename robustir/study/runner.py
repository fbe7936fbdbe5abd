"""Run a study: train what must be trained, then every cell not already done, grouped by (model, dataset).

Cells that share a model and a dataset form a *group*; a group loads its
encoder and benchmark once and runs its cells on one ``Retriever``, so the
corpus is encoded once per model (and cached on disk across runs) and every
distinct query text, clean or perturbed, is encoded once per model and dataset.
Groups are the unit an executor schedules (``executors``): the same group
runs the same cells in the same order wherever it runs, which is what makes a
Ray run's results equal a local run's.

Failures stay local: a model that fails to load or train fails its cells, a
recipe that fails fails its cells, and the others are kept. A write that fails
because the disk is full, read-only or not writable stops the study at once
(cells already written are kept; re-running resumes).
"""

from __future__ import annotations

import errno
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from robustir.errors import InputError, ResourceMissing, RobustirError
from robustir.io import atomic_write_json
from robustir.study.cells import Cell, cell_path, check_cell, comparable, expected_provenance, slug, write_cell
from robustir.study.spec import ModelSpec, StudySpec, transfer_parts

#: OS errors after which no further cell could be written either: stop instead of computing in vain.
_FATAL_WRITE_ERRNOS = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT, errno.EPERM)
TRAINED_MARKER = ".robustir-study-trained.json"


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
        from robustir.models import load_encoder

        return load_encoder(source, max_seq_length=max_seq_length, trust_remote_code=self.trust_remote_code)

    def benchmark(self, name: str, data_dir: Path | None) -> Any:
        from robustir.data import load_benchmark

        return load_benchmark(name, data_dir=data_dir)

    def recipe(self, name: str) -> Any:
        from robustir.recipes import load_recipe

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


@dataclass
class StudyRun:
    """What a run did: per-cell outcomes, notes (skipped datasets, retrained models) and the summary."""

    spec: StudySpec
    out_dir: Path
    outcomes: list[CellOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] | None = None
    stopped: str = ""

    @property
    def failed(self) -> list[CellOutcome]:
        return [o for o in self.outcomes if o.status in ("failed", "not run")]


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
    executor passes it), so a model is loaded once, not once per dataset."""
    from robustir.evaluation import evaluate

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
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                recipe_name, surrogate_label = transfer_parts(cell.recipe)
                recipe = group.resolver.recipe(recipe_name)
                surrogate = surrogate_for(surrogate_label) if surrogate_label is not None else None
                n_samples = s.samples if s.samples is not None else int(recipe.spec.get("samples", 1))
                path = cell_path(group.out_dir, cell)
                expected = expected_provenance(fingerprint=encoder.fingerprint, dataset_checksum=sub.checksum,
                                               recipe_sha256=recipe.sha256, seed=cell.seed, samples=n_samples,
                                               limit=s.limit, k=s.k, measures=s.measures,
                                               surrogate=surrogate.encoder.fingerprint if surrogate else None)
                state = check_cell(path, expected)
                if state.state == "done":
                    emit(CellOutcome(cell, "reused", seconds=time.perf_counter() - start))
                    continue
                if retriever is None:
                    from robustir.retrieval import Retriever

                    retriever = Retriever(encoder, bench, cache_dir=group.cache_dir, batch_size=s.batch_size)
                result = evaluate(encoder, bench, recipe, samples=n_samples, seed=cell.seed, limit=s.limit, k=s.k,
                                  measures=s.measures, batch_size=s.batch_size, cache_dir=group.cache_dir,
                                  bootstrap_resamples=s.resamples, retriever=retriever, surrogate=surrogate)
                # the cell file holds what the cell *is*, not what computing it cost (that depends on
                # which cells ran before it in this process): fresh and resumed cells are byte-identical
                write_cell(path, comparable(result.data))
                note = [f"recomputed: {state.reason}"] if state.state in ("stale", "corrupt") else []
                emit(CellOutcome(cell, "computed", seconds=time.perf_counter() - start,
                                 notes=note + [str(w.message) for w in caught],
                                 texts_encoded=result.data.get("cost", {}).get("texts_encoded")))
            except Exception as e:  # noqa: BLE001 - one cell's failure must not lose the others
                msg = _one_line(e)
                if not isinstance(e, RobustirError):
                    msg += " | " + traceback.format_exc(limit=-2).strip().splitlines()[-3].strip()
                fatal = _fatal_write(e)
                emit(CellOutcome(cell, "failed", msg, seconds=time.perf_counter() - start,
                                 notes=[str(w.message) for w in caught], fatal=fatal))
                if fatal:
                    return fail_all("not run", "study stopped: output could not be written", group.cells[i + 1:])
    return outcomes


# ----------------------------------------------------------------------------- training


def train_model(model: ModelSpec, out_dir: Path, *, log: Callable[[str], None] = print, label: str | None = None) -> Path:
    """Train ``model`` (a ``train`` spec) into ``OUT/models/<label>`` unless an identical training is there.

    ``label`` is the run label (``hybrid.seed1``: one folder per training seed; default
    the model's label). The folder holds a marker with the training spec; a folder
    without it (an interrupted training) or with another spec is trained again.
    """
    import json

    assert model.train is not None
    label = label or model.label
    folder = Path(out_dir) / "models" / slug(label)
    marker = folder / TRAINED_MARKER
    spec = dict(sorted(model.train.items()))
    if marker.exists():
        try:
            if json.loads(marker.read_text(encoding="utf-8")).get("train") == spec:
                return folder
            log(f"model {label}: training spec changed; training again")
        except (OSError, ValueError):
            log(f"model {label}: unreadable training marker; training again")
    from robustir.study.training import run_training

    start = time.perf_counter()
    log(f"model {label}: training ({spec.get('strategy')}, seed {spec.get('seed')}) into {folder}")
    run_training(spec, folder)
    atomic_write_json(marker, {"train": spec, "seconds": round(time.perf_counter() - start, 1)})
    return folder


# ----------------------------------------------------------------------------- the study


def check_primary_recipes(spec: StudySpec, resolver: Any) -> None:
    """Every recipe of the primary family must load: an unknown one is an error before any training."""
    if spec.primary is None:
        return
    for _, recipes in spec.primary.families:
        for r in recipes:
            try:
                resolver.recipe(r)
            except InputError as e:
                raise InputError(f"[primary]: recipe {r!r} cannot be used: {e}") from e


def check_writable(out_dir: Path) -> None:
    """Fail early, in one line, when the output folder cannot be created or written."""
    from robustir.io import check_writable_dir

    try:
        check_writable_dir(out_dir)
    except InputError as e:
        raise InputError(f"{e}; choose another with --out") from e


def plan_groups(spec: StudySpec, out_dir: Path, sources: dict[str, str], datasets: Sequence[str], settings: Settings,
                *, cache_dir: Path | None, data_dir: Path | None, resolver: Any) -> list[Group]:
    """One group per (model, dataset), cells ordered by recipe then seed as in the study file."""
    groups = []
    for run in spec.runs:
        if run.label not in sources:
            continue
        for d in datasets:
            cells = [Cell(run.label, d, r, seed) for r in spec.recipes for seed in spec.seeds
                     if spec.excluded(run.label, d, r) is None]
            if not cells:
                continue
            used = {transfer_parts(c.recipe)[1] for c in cells} - {None}
            # a surrogate is an untrained model of the study (one run, labelled as the model)
            surrogates = {lab: (sources[lab], spec.model(lab).max_seq_length) for lab in sorted(used)  # type: ignore
                          if lab in sources}
            groups.append(Group(run.label, sources[run.label], d, cells, run.spec.max_seq_length, settings,
                                Path(out_dir), cache_dir, data_dir, resolver, surrogates))
    return groups


def run_study(spec: StudySpec, out_dir: str | Path, *, executor: str = "local", address: str | None = None,
              jobs: int = 1, cache_dir: Path | None = None, data_dir: Path | None = None, resolver: Any = None,
              log: Callable[[str], None] = print, summarize: bool = True) -> StudyRun:
    """Run every cell of ``spec`` not already done under ``out_dir``; write the summary.

    Returns the run's outcomes; ``StudyRun.failed`` lists cells that failed or were
    not run. Raises ``InputError`` only when nothing can be done (output folder not
    writable, unknown executor).
    """
    from robustir.study.executors import make_executor

    out_dir = Path(out_dir)
    resolver = resolver if resolver is not None else DefaultResolver()
    for m in spec.models:  # a misspelt training key is an error in the study file: say so before any work
        if m.trained:
            from robustir.study.training import check_train_spec

            check_train_spec(m.train or {}, f"[models.{m.label}] train")
    from robustir.validate import check_evaluation, check_seed

    for seed in spec.seeds:  # the numbers every cell will use, before anything is loaded or written
        check_seed(seed, "study seed")
    check_evaluation(samples=spec.samples, seed=spec.seeds[0], resamples=spec.resamples, k=spec.k, limit=spec.limit,
                     batch_size=spec.batch_size)
    check_primary_recipes(spec, resolver)
    ex = make_executor(executor, address=address, jobs=jobs)  # bad options fail before anything is written
    check_writable(out_dir)
    atomic_write_json(out_dir / "study.json", spec.to_dict())
    run = StudyRun(spec=spec, out_dir=out_dir)
    settings = Settings(spec.samples, spec.limit, spec.k, tuple(spec.measures), spec.resamples, spec.batch_size)

    sources: dict[str, str] = {}
    for mr in spec.runs:
        m = mr.spec
        if not m.trained:
            assert m.model is not None
            sources[mr.label] = m.model
            continue
        try:
            sources[mr.label] = str(train_model(m, out_dir, log=log, label=mr.label))
        except Exception as e:  # noqa: BLE001 - a failed training fails that model's cells only
            msg = f"model {mr.label} failed to train: {_one_line(e)}"
            log(msg)
            for d in spec.datasets:
                run.outcomes += [CellOutcome(Cell(mr.label, d, r, s), "failed", msg) for r in spec.recipes
                                 for s in spec.seeds if spec.excluded(mr.label, d, r) is None]

    datasets = list(spec.datasets)
    for d in spec.optional_datasets:
        if d in datasets:
            continue
        try:
            resolver.benchmark(d, data_dir)
        except ResourceMissing as e:
            run.notes.append(f"dataset {d} skipped: {e}")
            log(f"note: dataset {d} skipped: {e}")
            continue
        datasets.append(d)

    groups = plan_groups(spec, out_dir, sources, datasets, settings, cache_dir=cache_dir, data_dir=data_dir,
                         resolver=resolver)
    total = sum(len(g.cells) for g in groups)
    counter = {"n": 0}

    def report(o: CellOutcome) -> None:
        counter["n"] += 1
        extra = f" ({o.seconds:.1f} s)" if o.status == "computed" else ""
        msg = f": {o.message}" if o.message else ""
        log(f"[{counter['n']}/{total}] {o.status} {o.cell.key}{extra}{msg}")
        for n in o.notes:
            log(f"    warning: {n}")

    outcomes = ex.run(groups, report)
    run.outcomes += outcomes
    if any(o.fatal for o in outcomes):
        run.stopped = next(o.message for o in outcomes if o.fatal)
        log(f"study stopped: {run.stopped}; the cells written so far are kept, re-run to resume")
        return run
    try:
        atomic_write_json(out_dir / "outcomes.json", {"outcomes": [o.to_dict() for o in run.outcomes],
                                                      "notes": run.notes})
    except InputError as e:
        log(f"warning: {e}")
    if summarize:
        from robustir.study.summary import build_summary, write_summary

        run.summary = build_summary(spec, out_dir, notes=run.notes)
        write_summary(run.summary, out_dir)
    return run
