"""The study's answer to its research question, from the cell files (computed here; the terminal tables
and the HTML page are laid out by :mod:`robustir.study.summary_view`).

**Primary family** (declared in the study file's ``[primary]`` before the run): for each
attack family (its recipes averaged per query), pooled over the declared datasets (or per
dataset), and each declared pair ``A vs B`` (default hybrid vs X-X and hybrid vs X-Y):
``difference = deg_A - deg_B`` of the primary measure (negative: A loses less, i.e. is more
robust) with a CI that includes training noise (``robustir.stats.compare_seeded``: each
trained model's training seeds as a random effect, queries paired), the Holm-adjusted p within
the primary family, TOST at the declared margin, and the verdict by the declared rule
(``Primary.rule_text``), per comparison and overall. A per-dataset breakdown of pooled rows is
given for the forest plot and labelled exploratory.

**Exploratory**, per dataset, recipe and measure:

* **degradation per model** (clean minus attacked, per query, averaged over the
  attack samples of every attack seed): for an untrained model (one run) its
  paired-bootstrap CI (``robustir.stats.summarize``; with one attack seed the cell's own
  summary); for a trained model the mean over its training seeds with a seed-aware CI, and
  every seed's own mean (``per_seed``);
* **comparisons** ``A vs B`` (the study's ``comparisons``): with one run a side,
  ``robustir.stats.compare_degradations`` (sign-flip p); with several training seeds,
  ``compare_seeded``. With random recipes both models saw identical perturbed texts; with
  model-aware (adversarial) recipes each model was attacked by its own search, so the
  comparison is of *adversarial* degradation per query (``same_texts`` says which).
  p-values are Holm-adjusted over all exploratory comparisons of one measure.

Only cells whose files are intact count; missing ones are listed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np

from robustir import schema
from robustir.io import atomic_write_json, atomic_write_text
from robustir.schema import ResultRecord
from robustir.study.cells import Cell, cell_path, read_cell
from robustir.study.spec import StudySpec, transfer_parts
from robustir.study.summary_view import print_summary, render_html

__all__ = ["SUMMARY_SCHEMA", "VERDICTS", "build_summary", "load_summary", "print_summary", "render_html", "verdict",
           "write_summary"]

SUMMARY_SCHEMA = schema.STUDY_SUMMARY


def _load_cells(spec: StudySpec, out_dir: Path, datasets: Sequence[str]
                ) -> tuple[dict[Cell, ResultRecord], list[Cell]]:
    """The cells on disk (intact) as result records, and those missing."""
    found: dict[Cell, ResultRecord] = {}
    missing: list[Cell] = []
    for run in spec.runs:
        for d in datasets:
            for r in spec.recipes:
                if spec.excluded(run.label, d, r) is not None:
                    continue
                for s in spec.seeds:
                    cell = Cell(run.label, d, r, s)
                    state = read_cell(cell_path(out_dir, cell))
                    if state.state == "done" and state.data is not None:
                        found[cell] = ResultRecord.from_dict(state.data)
                    else:
                        missing.append(cell)
    return found, missing


def _pooled(results: list[ResultRecord], measure: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Query ids, clean (n,) and attacked (n, K x seeds) of one model over all its seeds' results."""
    qids, clean, att = results[0].per_query(measure)
    parts = [att]
    for r in results[1:]:
        q2, _, a2 = r.per_query(measure)
        pos = {q: i for i, q in enumerate(q2)}
        parts.append(a2[[pos[q] for q in qids]])
    return qids, clean, np.concatenate(parts, axis=1)


def _degradation(clean: np.ndarray, attacked: np.ndarray) -> np.ndarray:
    from robustir.stats import TIE_TOLERANCE

    abar = attacked.mean(axis=1)
    abar = np.where(np.abs(clean - abar) <= TIE_TOLERANCE, clean, abar)  # as stats.summarize does
    return clean - abar


@dataclass
class _Series:
    """One declared model on one (dataset, recipe, measure): per-query values, one row per training seed."""

    qids: list[str]
    deg: np.ndarray    # (runs, n)
    clean: np.ndarray  # (runs, n)
    fixed: bool        # an untrained model: one run, no training noise
    model_aware: bool
    texts: list


def _aligned(a: _Series, b: _Series) -> tuple[np.ndarray, np.ndarray] | None:
    if sorted(a.qids) != sorted(b.qids):
        return None
    pos = {q: i for i, q in enumerate(b.qids)}
    return a.deg, b.deg[:, [pos[q] for q in a.qids]]


def _seeded_block(x: np.ndarray, confidence: float = 0.95) -> dict[str, Any]:
    """Mean [CI] of per-query values over seeds and queries, the CI including the seed effect."""
    from robustir.stats import compare_seeded

    c = compare_seeded(x, np.zeros((1, x.shape[1])), b_fixed=True, confidence=confidence)
    return {**c["difference"], "p_value": c["p_value"]}


def _series_rows(spec: StudySpec, found: dict[Cell, ResultRecord], datasets: Sequence[str], notes: list[str]
                 ) -> tuple[list[dict[str, Any]], dict[tuple[str, str, str, str], _Series]]:
    from robustir.stats import summarize

    seed = spec.seeds[0]
    rows: list[dict[str, Any]] = []
    series: dict[tuple[str, str, str, str], _Series] = {}
    for d in datasets:
        for r in spec.recipes:
            for m in spec.models:
                runs = spec.runs_of(m.label)
                per_run: list[list[ResultRecord]] = []
                for run in runs:
                    res = [found.get(Cell(run.label, d, r, s)) for s in spec.seeds]
                    if any(x is None for x in res):
                        break
                    per_run.append(cast("list[ResultRecord]", res))  # no None: checked above
                if len(per_run) != len(runs):
                    continue  # incomplete: listed under missing
                first = per_run[0][0]
                prov = first.provenance
                model_aware = prov.model_aware
                for measure in spec.measures:
                    if measure not in first.summaries:
                        continue
                    pooled = [_pooled(res, measure) for res in per_run]
                    qids = pooled[0][0]
                    deg, clean = [], []
                    for q, c, a in pooled:
                        pos = {x: i for i, x in enumerate(q)}
                        idx = [pos[x] for x in qids]
                        deg.append(_degradation(c, a)[idx])
                        clean.append(c[idx])
                    texts = [[[s.get("text") for s in q.attacked] for res in run_res for q in res.queries]
                             for run_res in per_run]
                    ser = _Series(qids, np.stack(deg), np.stack(clean), not m.trained, model_aware, texts)
                    series[(m.label, d, r, measure)] = ser
                    row = {"dataset": d, "dataset_name": prov.dataset["name"], "recipe": r,
                           "recipe_name": prov.recipe["name"], "measure": measure, "model": m.label,
                           "strategy": m.strategy, "seeds": len(spec.seeds), "n_seeds": len(per_run),
                           "trained": m.trained}
                    if len(per_run) == 1:
                        results = per_run[0]
                        _, c, a = pooled[0]
                        summ = (results[0].summary_of(measure) if len(results) == 1
                                else summarize(c, a, seed=seed, n_resamples=spec.resamples))
                        row.update({"n": summ.get("n"), "samples": summ.get("samples"), "clean": summ.get("clean"),
                                    "attacked": summ.get("attacked"), "degradation": summ.get("degradation"),
                                    "relative": summ.get("relative"), "p_value": summ.get("p_value"),
                                    "success": results[0].success if len(results) == 1 else None})
                    else:
                        dblock = _seeded_block(ser.deg)
                        cblock = _seeded_block(ser.clean)
                        ablock = _seeded_block(ser.clean - ser.deg)
                        cm = float(ser.clean.mean())
                        row.update({"n": len(qids), "samples": int(pooled[0][2].shape[1]),
                                    "clean": {k: cblock[k] for k in ("mean", "low", "high", "method")},
                                    "attacked": {k: ablock[k] for k in ("mean", "low", "high", "method")},
                                    "degradation": {k: dblock[k] for k in ("mean", "low", "high", "method")},
                                    "relative": {"mean": float(ser.deg.mean()) / cm if cm else None, "low": None,
                                                 "high": None, "method": None},
                                    "p_value": dblock["p_value"], "success": None})
                    row["per_seed"] = {"train_seeds": [run.train_seed for run in runs],
                                       "degradation": [round(float(v), 6) for v in ser.deg.mean(axis=1)],
                                       "clean": [round(float(v), 6) for v in ser.clean.mean(axis=1)]}
                    rows.append(row)
    return rows, series


def _compare(sa: _Series, sb: _Series, *, margin: float | None = None, confidence: float = 0.95,
             method: str = "mixed", seed: int = 0, n_resamples: int = 10_000) -> dict[str, Any] | None:
    from robustir.stats import compare_seeded

    pair = _aligned(sa, sb)
    if pair is None:
        return None
    return compare_seeded(pair[0], pair[1], margin=margin, confidence=confidence, method=method, seed=seed,
                          n_resamples=n_resamples, a_fixed=sa.fixed, b_fixed=sb.fixed)


def _exploratory(spec: StudySpec, series: dict, datasets: Sequence[str], notes: list[str]) -> list[dict[str, Any]]:
    """Every declared ``comparisons`` pair per dataset, recipe and measure; Holm per measure. Exploratory."""
    from robustir.stats import compare_degradations, holm

    seed = spec.seeds[0]
    comparisons: list[dict[str, Any]] = []
    for measure in spec.measures:
        family = []
        for d in datasets:
            for r in spec.recipes:
                for a, b in spec.comparisons:
                    sa, sb = series.get((a, d, r, measure)), series.get((b, d, r, measure))
                    if sa is None or sb is None:
                        continue
                    pair = _aligned(sa, sb)
                    if pair is None:
                        notes.append(f"{a} vs {b} on {d}/{r}: different queries; not compared")
                        continue
                    if pair[0].shape[0] == 1 and pair[1].shape[0] == 1:
                        c = compare_degradations(pair[0][0], pair[1][0], seed=seed, n_resamples=spec.resamples)
                        c["n_seeds"] = {"a": 1, "b": 1}
                    else:
                        seeded = _compare(sa, sb, seed=seed, n_resamples=spec.resamples)
                        assert seeded is not None
                        c = {**{k: v for k, v in seeded.items() if k not in ("a", "b")},
                             "a": seeded["a"], "b": seeded["b"]}
                    # every run of both models attacked with the very same texts (random recipes)
                    same = all(t == sa.texts[0] for t in sa.texts + sb.texts)
                    family.append({"dataset": d, "recipe": r, "measure": measure, "a": a, "b": b,
                                   "a_strategy": spec.model(a).strategy, "b_strategy": spec.model(b).strategy,
                                   "same_texts": bool(same), "model_aware": sa.model_aware, "exploratory": True,
                                   **{f"stat_{k}" if k in ("a", "b") else k: v for k, v in c.items()}})
        adjusted: np.ndarray | list[float] = holm([f["p_value"] for f in family]) if family else []
        for f, adj in zip(family, adjusted, strict=False):
            f["p_holm"] = None if not np.isfinite(adj) else float(adj)
        comparisons += family
    return comparisons


def _family_matrix(
    spec: StudySpec, series: dict, label: str, other: str, recipes: Sequence[str], datasets: Sequence[str], measure: str
) -> tuple[np.ndarray, np.ndarray, list[str], list[str], bool] | None:
    """(A, B, datasets used, recipes used, any model-aware) for one family: per (dataset, query) unit the
    mean over the family's recipes, units of all ``datasets`` side by side (rows: training seeds)."""
    cols_a, cols_b, used_d, used_r, aware = [], [], [], [], False
    for d in datasets:
        per_a: list[np.ndarray] = []
        per_b: list[np.ndarray] = []
        for r in recipes:
            sa, sb = series.get((label, d, r, measure)), series.get((other, d, r, measure))
            if sa is None or sb is None:
                continue
            pair = _aligned(sa, sb)
            if pair is None:
                continue
            if per_a and per_a[0].shape[1] != pair[0].shape[1]:
                continue
            per_a.append(pair[0])
            per_b.append(pair[1])
            aware = aware or sa.model_aware
            used_r.append(r)
        if per_a:
            cols_a.append(np.mean(per_a, axis=0))
            cols_b.append(np.mean(per_b, axis=0))
            used_d.append(d)
    if not cols_a:
        return None
    return (np.concatenate(cols_a, axis=1), np.concatenate(cols_b, axis=1), used_d,
            list(dict.fromkeys(used_r)), aware)


VERDICTS = ("more robust", "less robust", "equivalent", "inconclusive")


def verdict(primary: Any, difference: dict, p_holm: float | None, tost: dict | None) -> str:
    """The pre-declared rule (``Primary.rule_text``) applied to one primary comparison."""
    if difference.get("mean") is None or p_holm is None:
        return "no data"
    significant = p_holm <= primary.alpha
    diff = "more robust" if significant and difference["mean"] < 0 else (
        "less robust" if significant and difference["mean"] > 0 else None)
    equivalent = bool(tost and tost.get("equivalent"))
    if primary.verdict == "equivalence-first":
        return "equivalent" if equivalent else (diff or "inconclusive")
    return diff or ("equivalent" if equivalent else "inconclusive")


def _overall(verdicts: list[str]) -> str:
    known = [v for v in verdicts if v != "no data"]
    if not known:
        return "no data"
    if len(set(known)) == 1 and len(known) == len(verdicts):
        return known[0]
    counts = ", ".join(f"{known.count(v)} {v}" for v in VERDICTS if v in known)
    missing = len(verdicts) - len(known)
    return f"mixed ({counts}{f', {missing} without data' if missing else ''})"


def _primary(spec: StudySpec, series: dict, datasets: Sequence[str]) -> dict[str, Any] | None:
    """The primary family: one row per declared comparison, Holm within the family, TOST, the verdicts."""
    from robustir.stats import holm

    pr = spec.primary
    if pr is None:
        return None
    present = [d for d in pr.datasets if d in datasets]
    units = [("pooled", present)] if pr.pool == "datasets" else [(d, [d]) for d in present]
    rows: list[dict[str, Any]] = []
    breakdown: list[dict[str, Any]] = []
    for fam, recipes in pr.families:
        for unit, ds in units:
            for a, b in pr.comparisons:
                row: dict[str, Any] = {"family": fam, "recipes": list(recipes), "datasets": unit, "a": a, "b": b,
                                       "a_strategy": spec.model(a).strategy, "b_strategy": spec.model(b).strategy,
                                       "measure": pr.measure}
                mats = _family_matrix(spec, series, a, b, recipes, ds, pr.measure)
                if mats is None:
                    rows.append({**row, "difference": {"mean": None, "low": None, "high": None}, "n": 0,
                                 "n_seeds": None, "p_value": None, "tost": None})
                    continue
                A, B, used_d, used_r, aware = mats
                c = _compare_mats(A, B, spec, a, b, pr)
                rows.append({**row, "datasets_used": used_d, "recipes_used": used_r, "model_aware": aware, **c})
                if unit == "pooled" and len(used_d) > 1:
                    for d in used_d:
                        m1 = _family_matrix(spec, series, a, b, recipes, [d], pr.measure)
                        if m1 is not None:
                            breakdown.append({"family": fam, "datasets": d, "a": a, "b": b, "exploratory": True,
                                              **_compare_mats(m1[0], m1[1], spec, a, b, pr)})
    adjusted: np.ndarray | list[float] = holm([r["p_value"] for r in rows]) if rows else []
    for r, adj in zip(rows, adjusted, strict=False):
        r["p_holm"] = None if not np.isfinite(adj) else float(adj)
        r["verdict"] = verdict(pr, r["difference"], r["p_holm"], r.get("tost"))
    overall = {}
    for a, b in pr.comparisons:
        overall[f"{a} vs {b}"] = _overall([r["verdict"] for r in rows if r["a"] == a and r["b"] == b])
    every = _overall([r["verdict"] for r in rows])
    return {**pr.to_dict(), "rows": rows, "by_dataset": breakdown, "overall": overall, "verdict": every,
            "holm_family": f"the {len(rows)} primary comparisons",
            "headline": _headline(pr, overall)}


def _compare_mats(A: np.ndarray, B: np.ndarray, spec: StudySpec, a: str, b: str, pr: Any) -> dict[str, Any]:
    from robustir.stats import compare_seeded

    c = compare_seeded(A, B, margin=pr.margin, confidence=1 - pr.alpha, method=pr.statistic, seed=spec.seeds[0],
                       n_resamples=spec.resamples, a_fixed=not spec.model(a).trained,
                       b_fixed=not spec.model(b).trained)
    return {"difference": c["difference"], "n": c["n"], "n_seeds": c["n_seeds"], "se": c["se"], "df": c["df"],
            "p_value": c["p_value"], "tost": c["tost"], "per_seed": c["per_seed"], "stat_a": c["a"],
            "stat_b": c["b"], "statistic": c["method"]}


def _headline(pr: Any, overall: dict[str, str]) -> str:
    parts = []
    for (a, b), v in zip(pr.comparisons, overall.values(), strict=False):
        if v in ("more robust", "less robust"):
            parts.append(f"{a} is {v} than {b}")
        elif v == "equivalent":
            parts.append(f"{a} and {b} are equivalent within +-{pr.margin:g} {pr.measure}")
        else:
            parts.append(f"{a} vs {b}: {v}")
    return "; ".join(parts) + "."


def _training(spec: StudySpec, out_dir: Path) -> list[dict[str, Any]]:
    """Per trained run: steps, early-stopping curve and best dev score (from its robustir.json)."""
    from robustir.study.cells import slug
    from robustir.train.card import read_metadata

    out = []
    for run in spec.runs:
        if run.train_seed is None:
            continue
        meta = read_metadata(out_dir / "models" / slug(run.label)) or {}
        es = meta.get("early_stopping") or {}
        out.append({"run": run.label, "model": run.model, "strategy": run.strategy, "train_seed": run.train_seed,
                    "alpha": meta.get("alpha"), "steps": meta.get("steps"), "seconds": meta.get("training_seconds"),
                    "best_step": es.get("best_step"), "best_dev_map": es.get("best_map"),
                    "stopped_early": es.get("stopped_early"), "curve": es.get("curve"),
                    "metric": es.get("metric")})
    return out


def build_summary(spec: StudySpec, out_dir: str | Path, *, notes: Sequence[str] = ()) -> dict[str, Any]:
    """Read every intact cell of ``spec`` under ``out_dir`` and compute the study summary (JSON-able)."""
    out_dir = Path(out_dir)
    datasets = list(spec.all_datasets)
    found, missing = _load_cells(spec, out_dir, datasets)
    # An optional dataset (e.g. fiqa without its corpus) with no cell at all was skipped: not "missing".
    skipped = [d for d in spec.optional_datasets if d not in spec.datasets and not any(c.dataset == d for c in found)]
    datasets = [d for d in datasets if d not in skipped]
    missing = [c for c in missing if c.dataset not in skipped]
    notes = list(notes)
    rows, series = _series_rows(spec, found, datasets, notes)
    comparisons = _exploratory(spec, series, datasets, notes)
    primary = _primary(spec, series, datasets)
    transfer = _transfer(spec, found, notes)
    runs = [(r.label, d, x) for r in spec.runs for d in datasets for x in spec.recipes]
    expected = sum(spec.excluded(*x) is None for x in runs) * len(spec.seeds)
    excluded = sum(spec.excluded(*x) is not None for x in runs) * len(spec.seeds)
    return {
        "schema": SUMMARY_SCHEMA,
        "study": spec.name, "description": spec.description, "quick": spec.quick, "study_sha256": spec.sha256,
        "models": [{"label": m.label, "strategy": m.strategy, "trained": m.trained,
                    "n_seeds": len(spec.runs_of(m.label))} for m in spec.models],
        "datasets": datasets, "recipes": list(spec.recipes), "measures": list(spec.measures),
        "seeds": list(spec.seeds), "train_seeds": list(spec.train_seeds), "resamples": spec.resamples,
        "cells": {"expected": expected, "present": len(found), "excluded": excluded,
                  "missing": [c.key for c in missing]},
        "exclude": [e.to_dict() for e in spec.exclude],
        "notes": list(dict.fromkeys(notes)),
        "primary": primary,
        "training": _training(spec, out_dir),
        "degradation": rows,
        "comparisons": comparisons,
        "holm_family": "all exploratory comparisons of one measure across datasets, recipes and pairs",
        **({"transfer": transfer} if transfer else {}),
    }


def _transfer(spec: StudySpec, found: dict[Cell, ResultRecord], notes: list[str]) -> list[dict[str, Any]]:
    """Per transfer recipe ``R@LABEL``: the surrogate its texts were crafted against (label and the
    fingerprints its cells record) and a note saying so; empty for a study without transfer recipes."""
    out = []
    for r in spec.recipes:
        name, label = transfer_parts(r)
        if label is None:
            continue
        fps = sorted({rec.provenance.surrogate_fingerprint or "" for c, rec in found.items() if c.recipe == r})
        out.append({"recipe": r, "attack": name, "surrogate": label, "surrogate_fingerprints": fps,
                    "texts": "crafted once per dataset against the surrogate; every model evaluated on those texts"})
        notes.append(f"{r}: the {name} texts were crafted against model {label} (the surrogate) and every model "
                     f"was evaluated on exactly those texts (for {label} itself a white-box attack, for the "
                     "others a transfer attack)")
    return out


def write_summary(summary: dict[str, Any], out_dir: str | Path) -> tuple[Path, Path]:
    """``OUT/summary.json`` and ``OUT/summary.html`` (atomic; no timestamps, so reruns give the same bytes)."""
    out_dir = Path(out_dir)
    j = atomic_write_json(out_dir / "summary.json", summary)
    h = atomic_write_text(out_dir / "summary.html", render_html(summary))  # the look of `robustir report --html`
    return j, h


def load_summary(out_dir: str | Path) -> dict[str, Any]:
    return json.loads((Path(out_dir) / "summary.json").read_text(encoding="utf-8"))
