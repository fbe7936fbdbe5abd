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

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from robustir.errors import InputError, ResourceMissing
from robustir.io import atomic_write_json
from robustir.study.cells import Cell, slug
from robustir.study.spec import ModelSpec, StudySpec, transfer_parts

TRAINED_MARKER = ".robustir-study-trained.json"


from robustir.study.work import (  # noqa: E402, F401 (re-exported: the names callers know)
    CellOutcome,
    DefaultResolver,
    Group,
    Resolver,
    Settings,
    _one_line,
    run_group,
)


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



def train_model(
    model: ModelSpec, out_dir: Path, *, log: Callable[[str], None] = print, label: str | None = None
) -> Path:
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
                resolver.recipe(transfer_parts(r)[0])  # a transfer recipe R@LABEL is recipe R
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
    """One group per (model, dataset), cells ordered by recipe then seed as in the study file.

    Dataset-major (every model on the first dataset, then every model on the next): a study
    stopped part-way, or run in parts as the hardware allows, has complete comparisons for the
    datasets it finished rather than every dataset for the first few models.
    """
    groups = []
    for d in datasets:
        for run in spec.runs:
            if run.label not in sources:
                continue
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

    if spec.share_frozen_layers and sources:
        from robustir.env import home
        from robustir.study.shared_trunk import share_trunk

        runs = {r.label: r.spec.max_seq_length for r in spec.runs}
        resolver = share_trunk(resolver, [(sources[lab], runs[lab]) for lab in sources],
                               (Path(cache_dir) if cache_dir else home()) / "trunk", log)
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
