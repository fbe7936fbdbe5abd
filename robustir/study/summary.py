"""The study's answer to its research question, from the cell files: JSON, terminal and HTML.

Per dataset, recipe and measure:

* **degradation per model** (clean minus attacked, per query, averaged over the
  attack samples of every seed) with its paired-bootstrap CI
  (``robustir.stats.summarize``; with one seed the cell's own summary is used);
* **comparisons** ``A vs B`` (by default hybrid vs X-X and hybrid vs X-Y):
  ``robustir.stats.compare_degradations`` on the per-query degradations of the
  two models over the same queries. ``difference = deg_A - deg_B``: negative
  means A (hybrid) loses less, i.e. is more robust. With random recipes both
  models saw identical perturbed texts; with model-aware (adversarial) recipes
  each model was attacked by its own search, so the comparison is of
  *adversarial* degradation per query (``same_texts`` says which).
  p-values are Holm-adjusted over the family of all comparisons of one measure
  in the study (every dataset x recipe x pair), the question asked per measure.

Only cells whose files are intact count; missing ones are listed.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from robustir.io import atomic_write_json, atomic_write_text
from robustir.study.cells import Cell, cell_path, read_cell
from robustir.study.spec import StudySpec

SUMMARY_SCHEMA = "robustir.study-summary/1"


def _load_cells(spec: StudySpec, out_dir: Path, datasets: Sequence[str]) -> tuple[dict[Cell, dict], list[Cell]]:
    found: dict[Cell, dict] = {}
    missing: list[Cell] = []
    for m in spec.models:
        for d in datasets:
            for r in spec.recipes:
                if spec.excluded(m.label, d, r) is not None:
                    continue
                for s in spec.seeds:
                    cell = Cell(m.label, d, r, s)
                    state = read_cell(cell_path(out_dir, cell))
                    if state.state == "done" and state.data is not None:
                        found[cell] = state.data
                    else:
                        missing.append(cell)
    return found, missing


def _pooled(results: list[dict], measure: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Query ids, clean (n,) and attacked (n, K x seeds) of one model over all its seeds' results."""
    from robustir.report.extract import per_query

    qids, clean, att = per_query(results[0], measure)
    parts = [att]
    for r in results[1:]:
        q2, _, a2 = per_query(r, measure)
        pos = {q: i for i, q in enumerate(q2)}
        parts.append(a2[[pos[q] for q in qids]])
    return qids, clean, np.concatenate(parts, axis=1)


def _degradation(clean: np.ndarray, attacked: np.ndarray) -> np.ndarray:
    from robustir.stats import TIE_TOLERANCE

    abar = attacked.mean(axis=1)
    abar = np.where(np.abs(clean - abar) <= TIE_TOLERANCE, clean, abar)  # as stats.summarize does
    return clean - abar


def build_summary(spec: StudySpec, out_dir: str | Path, *, notes: Sequence[str] = ()) -> dict[str, Any]:
    """Read every intact cell of ``spec`` under ``out_dir`` and compute the study summary (JSON-able)."""
    from robustir.stats import compare_degradations, holm, summarize

    out_dir = Path(out_dir)
    datasets = list(spec.all_datasets)
    found, missing = _load_cells(spec, out_dir, datasets)
    # An optional dataset (e.g. fiqa without its corpus) with no cell at all was skipped: not "missing".
    skipped = [d for d in spec.optional_datasets if d not in spec.datasets and not any(c.dataset == d for c in found)]
    datasets = [d for d in datasets if d not in skipped]
    missing = [c for c in missing if c.dataset not in skipped]
    strategy = {m.label: m.strategy for m in spec.models}
    seed = spec.seeds[0]
    rows: list[dict[str, Any]] = []
    per_query_deg: dict[tuple[str, str, str, str], tuple[list[str], np.ndarray, bool]] = {}
    texts: dict[tuple[str, str, str], Any] = {}
    for d in datasets:
        for r in spec.recipes:
            for m in spec.models:
                results = [found[c] for c in (Cell(m.label, d, r, s) for s in spec.seeds) if c in found]
                if len(results) != len(spec.seeds):
                    continue  # incomplete: listed under missing
                first = results[0]
                prov = first["provenance"]
                model_aware = bool(prov["recipe"].get("search") not in (None, "random"))
                texts[(m.label, d, r)] = [[s.get("text") for s in q["attacked"]] for res in results
                                          for q in res["queries"]]
                for measure in spec.measures:
                    if measure not in first.get("summary", {}):
                        continue
                    qids, clean, attacked = _pooled(results, measure)
                    if len(results) == 1:
                        summ = first["summary"][measure]
                    else:
                        summ = summarize(clean, attacked, seed=seed, n_resamples=spec.resamples)
                    per_query_deg[(m.label, d, r, measure)] = (qids, _degradation(clean, attacked), model_aware)
                    rows.append({"dataset": d, "dataset_name": prov["dataset"]["name"], "recipe": r,
                                 "recipe_name": prov["recipe"]["name"], "measure": measure, "model": m.label,
                                 "strategy": strategy[m.label], "n": summ.get("n"), "samples": summ.get("samples"),
                                 "seeds": len(results), "clean": summ.get("clean"), "attacked": summ.get("attacked"),
                                 "degradation": summ.get("degradation"), "relative": summ.get("relative"),
                                 "p_value": summ.get("p_value"),
                                 "success": first.get("success") if len(results) == 1 else None})
    comparisons: list[dict[str, Any]] = []
    for measure in spec.measures:
        family = []
        for d in datasets:
            for r in spec.recipes:
                for a, b in spec.comparisons:
                    ka, kb = (a, d, r, measure), (b, d, r, measure)
                    if ka not in per_query_deg or kb not in per_query_deg:
                        continue
                    qa, da, aware = per_query_deg[ka]
                    qb, db, _ = per_query_deg[kb]
                    if sorted(qa) != sorted(qb):
                        notes = [*notes, f"{a} vs {b} on {d}/{r}: different queries; not compared"]
                        continue
                    pos = {q: i for i, q in enumerate(qb)}
                    db = db[[pos[q] for q in qa]]
                    c = compare_degradations(da, db, seed=seed, n_resamples=spec.resamples)
                    same = texts.get((a, d, r)) == texts.get((b, d, r))
                    family.append({"dataset": d, "recipe": r, "measure": measure, "a": a, "b": b,
                                   "a_strategy": strategy[a], "b_strategy": strategy[b], "same_texts": same,
                                   "model_aware": aware, **{f"stat_{k}" if k in ("a", "b") else k: v
                                                            for k, v in c.items()}})
        adjusted = holm([f["p_value"] for f in family]) if family else []
        for f, adj in zip(family, adjusted):
            f["p_holm"] = None if not np.isfinite(adj) else float(adj)
        comparisons += family
    runs = [(m.label, d, r) for m in spec.models for d in datasets for r in spec.recipes]
    expected = sum(spec.excluded(*x) is None for x in runs) * len(spec.seeds)
    excluded = sum(spec.excluded(*x) is not None for x in runs) * len(spec.seeds)
    return {
        "schema": SUMMARY_SCHEMA,
        "study": spec.name, "description": spec.description, "quick": spec.quick, "study_sha256": spec.sha256,
        "models": [{"label": m.label, "strategy": m.strategy} for m in spec.models],
        "datasets": datasets, "recipes": list(spec.recipes), "measures": list(spec.measures),
        "seeds": list(spec.seeds), "resamples": spec.resamples,
        "cells": {"expected": expected, "present": len(found), "excluded": excluded,
                  "missing": [c.key for c in missing]},
        "exclude": [e.to_dict() for e in spec.exclude],
        "notes": list(notes),
        "degradation": rows,
        "comparisons": comparisons,
        "holm_family": "all comparisons of one measure across datasets, recipes and pairs",
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
            out.append((f"{d}: degradation in {measure} (clean minus attacked; higher = less robust)", header,
                        [clean] + body, f"mean [95% CI] over {n} queries, paired bootstrap"))
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
        out.append(("Strategy comparisons (negative A - B: A degrades less, i.e. is more robust)", header, body,
                    "sign-flip p-values; Holm over " + summary["holm_family"]))
    return out


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
    for title, header, rows, caption in _tables(summary, compact=True):
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
             ".note{color:#8a5a00}</style></head><body>",
             f"<h1>Study {e(summary['study'])}{' (quick)' if summary['quick'] else ''}</h1>"]
    if summary.get("description"):
        parts.append(f"<p>{e(summary['description'])}</p>")
    parts.append(f"<p>{summary['cells']['present']} of {summary['cells']['expected']} cells"
                 f"{e(_excluded_text(summary))}; seeds "
                 f"{e(', '.join(map(str, summary['seeds'])))}; {summary['resamples']} bootstrap resamples.</p>")
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
