"""The study's answer to its research question, from the cell files: JSON, terminal and HTML.

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

import html
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
from robustir.study.spec import StudySpec

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
    }


def write_summary(summary: dict[str, Any], out_dir: str | Path) -> tuple[Path, Path]:
    """``OUT/summary.json`` and ``OUT/summary.html`` (atomic; no timestamps, so reruns give the same bytes)."""
    out_dir = Path(out_dir)
    j = atomic_write_json(out_dir / "summary.json", summary)
    h = atomic_write_text(out_dir / "summary.html", render_html(summary))
    return j, h


def load_summary(out_dir: str | Path) -> dict[str, Any]:
    return json.loads((Path(out_dir) / "summary.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- rendering


def _ci(block: dict | None) -> str:
    from robustir.report.extract import fmt_ci

    return fmt_ci(block)


def _p(p: Any) -> str:
    from robustir.report.extract import fmt_p

    return fmt_p(p)


def _tables(summary: dict[str, Any], compact: bool = False) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(title, header, rows, caption) for every table: per dataset and measure, recipes x models; then comparisons."""
    models = [m["label"] for m in summary["models"]]
    strat = {m["label"]: m["strategy"] for m in summary["models"]}
    out = []
    for d in summary["datasets"]:
        for measure in summary["measures"]:
            rows = [r for r in summary["degradation"] if r["dataset"] == d and r["measure"] == measure]
            if not rows:
                continue
            by = {(r["recipe"], r["model"]): r for r in rows}
            header = ["recipe"] + [f"{m} ({strat[m]})" if strat[m] != m else m for m in models]
            body = []
            for rec in summary["recipes"]:
                if not any((rec, m) in by for m in models):
                    continue
                body.append([rec] + [_ci(by[(rec, m)]["degradation"]) if (rec, m) in by else "–" for m in models])
            clean = ["clean score (no attack)"] + [_ci(next((r["clean"] for r in rows if r["model"] == m), None))
                                                   for m in models]
            n = rows[0]["n"]
            seeds = sorted({r.get("n_seeds", 1) for r in rows if r.get("trained")})
            how = ("paired bootstrap for untrained models; trained models: mean over "
                   f"{'/'.join(map(str, seeds))} training seeds, CI with seeds as a random effect") if seeds else \
                "paired bootstrap"
            out.append((f"{d}: degradation in {measure} (clean minus attacked; higher = less robust)", header,
                        [clean] + body, f"mean [95% CI] over {n} queries, {how}"))
    comps = summary.get("comparisons", [])
    if comps:
        header = ["dataset", "recipe", "measure", "A vs B", "deg A", "deg B", "A - B [95% CI]", "p", "p (Holm)",
                  "texts"]
        body = [[c["dataset"], c["recipe"], c["measure"], f"{c['a']} vs {c['b']}", _ci(c["stat_a"]), _ci(c["stat_b"]),
                 _ci(c["difference"]), _p(c["p_value"]), _p(c.get("p_holm")),
                 "same" if c["same_texts"] else ("per-model attack" if c["model_aware"] else "differ")]
                for c in comps]
        if compact:
            keep = [0, 1, 2, 3, 6, 7, 8, 9]
            header = [header[i] for i in keep]
            body = [[row[i] for i in keep] for row in body]
        out.append(("Exploratory comparisons (negative A - B: A degrades less, i.e. is more robust)", header, body,
                    "one training seed a side: sign-flip p-values; several: seed-aware t test (mixed model); "
                    "Holm over " + summary["holm_family"] + "; exploratory: no verdict is drawn from these"))
    return out


def _primary_table(summary: dict[str, Any]) -> tuple[str, list[str], list[list[str]], str] | None:
    """One row per declared primary comparison: difference [CI], n_seeds, Holm p, TOST, verdict."""
    pr = summary.get("primary")
    if not pr:
        return None
    header = ["A vs B", "attack family", "datasets", "A − B [CI]", "n queries", "n_seeds (A/B)", "p", "p (Holm)",
              f"TOST ±{pr['margin']:g} (p)", "verdict"]
    body = []
    for r in pr["rows"]:
        ns = r.get("n_seeds") or {}
        tost = r.get("tost") or {}
        body.append([f"{r['a']} vs {r['b']}", r["family"], str(r["datasets"]), _ci(r["difference"]),
                     str(r.get("n", 0)), f"{ns.get('a', '–')}/{ns.get('b', '–')}", _p(r.get("p_value")),
                     _p(r.get("p_holm")),
                     ("yes" if tost.get("equivalent") else "no") + f" ({_p(tost.get('p_tost'))})" if tost else "–",
                     r.get("verdict", "–")])
    caption = (f"{pr['measure']} degradation difference, {100 * (1 - pr['alpha']):.0f}% CI with training seeds as "
               f"a random effect ({pr['statistic']}); Holm over {pr['holm_family']}; "
               f"datasets {'pooled' if pr['pool'] == 'datasets' else 'separately'}. Rule: {pr['rule']}")
    return "Primary comparisons (declared before the run)", header, body, caption


def _excluded_text(summary: dict[str, Any]) -> str:
    """`` (N more excluded by the study: reason; reason)`` when the study excludes cells, else empty."""
    n = summary["cells"].get("excluded", 0)
    if not n:
        return ""
    reasons = "; ".join(dict.fromkeys(x["reason"] for x in summary.get("exclude", []) if x.get("reason")))
    return f" ({n} more excluded by the study{': ' + reasons if reasons else ''})"


def print_summary(summary: dict[str, Any], console: Any) -> None:
    """The summary as rich tables (comparisons without the two sides' own CIs, which the tables above show)."""
    from rich.markup import escape as esc  # names come from the user: never parse them as markup
    from rich.table import Table

    console.print(f"[bold]study {esc(str(summary['study']))}[/bold]{' (quick)' if summary['quick'] else ''}: "
                  f"{summary['cells']['present']}/{summary['cells']['expected']} cells"
                  f"{esc(_excluded_text(summary))}")
    pr = summary.get("primary")
    if pr:
        console.print(f"[bold]verdict:[/bold] {esc(str(pr['headline']))} (overall: {esc(str(pr['verdict']))})")
    table = _primary_table(summary)
    for title, header, rows, caption in ([table] if table else []) + _tables(summary, compact=True):
        t = Table(title=esc(title) if title else title, caption=esc(caption) if caption else caption,
                  show_lines=False)
        for i, h in enumerate(header):
            t.add_column(esc(str(h)), justify="left" if i == 0 else "right")
        for r in rows:
            t.add_row(*(esc(str(c)) for c in r))
        console.print(t)
    for n in summary.get("notes", []):
        console.print(f"[yellow]note:[/yellow] {esc(str(n))}")
    missing = summary["cells"]["missing"]
    if missing:
        console.print(f"[red]{len(missing)} cell(s) missing[/red]: " + esc("; ".join(missing[:10]))
                      + (" ..." if len(missing) > 10 else ""))


def render_html(summary: dict[str, Any]) -> str:
    """A self-contained HTML page (no scripts, no external assets) of the summary tables."""
    e = html.escape
    parts = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>robustir study {e(summary['study'])}</title>",
             "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}"
             "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;"
             "font-variant-numeric:tabular-nums}td{text-align:right}td:first-child{text-align:left}"
             "caption{caption-side:bottom;color:#555;font-size:.9em;text-align:left}th{background:#f3f3f3}"
             ".note{color:#8a5a00}.headline{border:2px solid #345;background:#f5f8fb;padding:.2em 1em;margin:1em 0}"
             ".answer{font-size:1.25em;font-weight:600}.rule{color:#555;font-size:.9em}"
             "figure{margin:1em 0}figure img{max-width:100%}</style></head><body>",
             f"<h1>Study {e(summary['study'])}{' (quick)' if summary['quick'] else ''}</h1>"]
    if summary.get("description"):
        parts.append(f"<p>{e(summary['description'])}</p>")
    parts.append(f"<p>{summary['cells']['present']} of {summary['cells']['expected']} cells"
                 f"{e(_excluded_text(summary))}; attack seeds "
                 f"{e(', '.join(map(str, summary['seeds'])))}; training seeds "
                 f"{e(', '.join(map(str, summary.get('train_seeds', []))))} per trained model; "
                 f"{summary['resamples']} bootstrap resamples.</p>")
    pr = summary.get("primary")
    if pr:
        overall = "".join(f"<li><b>{e(k)}</b>: {e(v)}</li>" for k, v in pr["overall"].items())
        parts.append(f"<div class=\"headline\"><h2>Verdict</h2><p class=\"answer\">{e(pr['headline'])}</p>"
                     f"<ul>{overall}</ul><p class=\"rule\">Rule, fixed in the study file before the run: "
                     f"{e(pr['rule'])}</p></div>")
    table = _primary_table(summary)
    figures = _figures(summary)
    if table is not None:
        figures_first = [f for f in figures if f[0] == "forest"]
        _html_table(parts, *table)
        for _, title, png in figures_first:
            _html_figure(parts, title, png)
    for key, title, png in figures:
        if key != "forest":
            _html_figure(parts, title, png)
    training = summary.get("training") or []
    if training:
        _html_table(parts, "Training runs", ["run", "strategy", "seed", "steps", "best step", "best dev mAP",
                                             "stopped early", "seconds"],
                    [[t["run"], t["strategy"], str(t["train_seed"]), str(t.get("steps")), str(t.get("best_step")),
                      "–" if t.get("best_dev_map") is None else f"{t['best_dev_map']:.4f}",
                      str(t.get("stopped_early")), str(t.get("seconds"))] for t in training],
                    "early stopping on the XQuAD-R dev articles (never the test articles); curves in summary.json")
    for title, header, rows, caption in _tables(summary):
        parts.append(f"<h2>{e(title)}</h2><table><caption>{e(caption)}</caption><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
        for r in rows:
            parts.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>")
        parts.append("</tbody></table>")
    for n in summary.get("notes", []):
        parts.append(f"<p class=\"note\">Note: {e(n)}</p>")
    if summary["cells"]["missing"]:
        parts.append("<h2>Missing cells</h2><ul>" + "".join(f"<li>{e(m)}</li>" for m in summary["cells"]["missing"])
                     + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figures(summary: dict[str, Any]) -> list[tuple[str, str, bytes]]:
    """(key, title, PNG) of the summary's figures (those with data)."""
    from robustir.study import figures

    pr = summary.get("primary")
    measure = pr["measure"] if pr else summary["measures"][0]
    out = []
    for key, title, png in (
            ("forest", "Forest plot: primary comparisons and the equivalence band", figures.forest(pr) if pr else None),
            ("clean", f"Degradation against clean score ({measure})",
             figures.degradation_vs_clean(summary["degradation"], measure)),
            ("seeds", f"Per-seed spread ({measure})", figures.seed_spread(summary["degradation"], measure)),
            ("training", "Early-stopping curves", figures.training_curves(summary.get("training") or [],
                                                                   [m["label"] for m in summary["models"]]))):
        if png is not None:
            out.append((key, title, png))
    return out


def _html_table(parts: list[str], title: str, header: list[str], rows: list[list[str]], caption: str) -> None:
    e = html.escape
    parts.append(f"<h2>{e(title)}</h2><table><caption>{e(caption)}</caption><thead><tr>"
                 + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for r in rows:
        parts.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>")
    parts.append("</tbody></table>")


def _html_figure(parts: list[str], title: str, png: bytes) -> None:
    import base64

    e = html.escape
    data = base64.b64encode(png).decode("ascii")
    parts.append(f"<h2>{e(title)}</h2><figure><img alt=\"{e(title)}\" src=\"data:image/png;base64,{data}\"></figure>")
