"""Sensitivity of a study's primary comparisons to the unit of analysis: queries vs questions.

A study's primary comparisons pool the queries of every dataset; on a multilingual pool
(``xquad-r:multi``, ``mlqa-r:multi``) the versions of one question in several languages are
separate queries but not independent ones. This re-computes the same comparisons (same cells,
same mixed model with seeds as a random effect, Holm over the family, TOST at the margin, the same
verdict rule) with each question as one unit: its language versions' degradations averaged first.
It is an exploratory check of the declared analysis, not a second verdict.

    python bench/study_clustered.py bench/studies/hybrid-robustness-cpu.toml runs/study-cpu
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import numpy as np


def _question_set(dataset: str) -> str:
    """The set of questions a dataset asks: its name before any ``:variant`` and without a
    ``-<language>`` suffix of translated questions (``boolq:notitle``, ``boolq-pt`` and ``boolq-es``
    ask BoolQ's questions; ``xquad-r:de-en`` asks XQuAD-R's)."""
    base = dataset.split(":")[0]
    return base.rsplit("-", 1)[0] if re.fullmatch(r"[a-z0-9]+-[a-z]{2}", base) else base


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study", type=Path)
    ap.add_argument("out", type=Path, help="the study's output folder (cells/)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--across-datasets", action="store_true",
                    help="also count a question once across the variants of one dataset (boolq, boolq:notitle, "
                         "boolq-pt and boolq-es; xquad-r and "
                         "xquad-r:de-en hold the same questions in English and German): units are "
                         "(dataset before ':', question id), their degradations averaged")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from robustir.data.registry import load_benchmark
    from robustir.io import read_text
    from robustir.schema import ResultRecord
    from robustir.stats import compare_seeded, holm
    from robustir.study.cells import Cell, cell_path
    from robustir.study.spec import load_study
    from robustir.study.summary import _degradation  # the summary's own: ties as stats.summarize

    spec = load_study(args.study)
    pr = spec.primary
    if pr is None:
        print("the study declares no primary family", file=sys.stderr)
        return 2
    measure = pr.measure
    groups: dict[str, dict[str, str]] = {}
    for d in pr.datasets:
        groups[d] = dict(load_benchmark(d).groups)  # qid -> question id (multilingual pools only)

    def series(label: str, dataset: str, recipe: str) -> tuple[list[str], np.ndarray] | None:
        """Units (question ids) and (runs, units) degradations of one declared model."""
        rows, units = [], None
        for run in spec.runs_of(label):
            path = cell_path(args.out, Cell(run.label, dataset, recipe, spec.seeds[0]))
            if not path.is_file():
                return None
            rec = ResultRecord.from_dict(json.loads(read_text(path)))
            qids, clean, att = rec.per_query(measure)
            deg = _degradation(np.asarray(clean), np.asarray(att))
            g = groups.get(dataset) or {}
            unit_of = [g.get(q, q) for q in qids]
            order = sorted(set(unit_of))
            pos = {u: i for i, u in enumerate(order)}
            sums, counts = np.zeros(len(order)), np.zeros(len(order))
            for u, v in zip(unit_of, deg, strict=True):
                sums[pos[u]] += v
                counts[pos[u]] += 1
            if units is None:
                units = order
            elif units != order:
                return None
            rows.append(sums / counts)
        return (units, np.stack(rows)) if units is not None else None

    out = []
    for a, b in pr.comparisons:
        for fam, recipes in pr.families:
            A_parts, B_parts, n_queries = [], [], 0
            unit_ids: list[str] = []
            for d in pr.datasets:
                for r in recipes:
                    if spec.excluded(a, d, r) is not None:
                        continue
                    sa, sb = series(a, d, r), series(b, d, r)
                    if sa is None or sb is None:
                        continue
                    A_parts.append(sa[1])
                    B_parts.append(sb[1])
                    n_queries += sa[1].shape[1]
                    unit_ids += [f"{_question_set(d)}|{u}" for u in sa[0]]
            A, B = np.concatenate(A_parts, axis=1), np.concatenate(B_parts, axis=1)
            if args.across_datasets:  # average the columns of one question across dataset variants
                order = sorted(set(unit_ids))
                pos = {u: i for i, u in enumerate(order)}
                idx = np.array([pos[u] for u in unit_ids])
                counts = np.bincount(idx, minlength=len(order))
                A = np.stack([np.bincount(idx, weights=row, minlength=len(order)) / counts for row in A])
                B = np.stack([np.bincount(idx, weights=row, minlength=len(order)) / counts for row in B])
                n_queries = len(order)
            c = compare_seeded(A, B, margin=pr.margin, confidence=1 - pr.alpha, method=pr.statistic,
                               seed=spec.seeds[0])
            out.append({"a": a, "b": b, "family": fam, "units": n_queries, "difference": c["difference"],
                        "p_value": c["p_value"], "tost": c.get("tost", {})})
    adjusted = holm([r["p_value"] for r in out])
    for r, p in zip(out, adjusted, strict=True):
        r["p_holm"] = float(p)
        d = r["difference"]["mean"]
        if p <= pr.alpha:
            r["verdict"] = "more robust" if d < 0 else "less robust"
        elif r["tost"].get("equivalent"):
            r["verdict"] = "equivalent"
        else:
            r["verdict"] = "inconclusive"
    print(f"{spec.name}: primary comparisons with each question as one unit (language versions averaged)\n")
    print("| comparison | family | questions | difference [95% CI] | p | Holm p | TOST p | verdict |")
    print("|---|---|---|---|---|---|---|---|")
    for r in out:
        d = r["difference"]
        p_tost = r["tost"].get("p_tost", float("nan"))
        print(f"| {r['a']} vs {r['b']} | {r['family']} | {r['units']:,} | {d['mean']:+.4f} [{d['low']:+.4f}, "
              f"{d['high']:+.4f}] | {r['p_value']:.3f} | {r['p_holm']:.3f} | {p_tost:.2g} | {r['verdict']} |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
