"""Hybrid batch training benchmark: summarise `robustir evaluate` JSON files as a Markdown table.

The runs themselves are CLI calls (see bench/RESULTS.md for the exact settings), e.g.::

    robustir train --strategy hybrid --alpha 0.5 --base me5-small --max-steps 60 --batch-size 16 \\
        --max-seq-length 48 --train-layers 4 --seed 0 --output models/me5-hybrid
    robustir evaluate --model me5-small --model models/me5-hybrid --langs ar,de,en,hi,ru,zh \\
        --max-seq-length 64 --output models/eval/

Then ``python bench/train.py models/eval/*.json`` prints mono/cross/multi mAP,
language bias and Max@R with 95% CIs next to the paper's Table 1 (arXiv 2408.10536).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _ci(block: dict, digits: int = 3) -> str:
    return f"{block['mean']:.{digits}f} [{block['low']:.{digits}f}, {block['high']:.{digits}f}]"


def summarize(paths: list[Path]) -> str:
    """A Markdown table, one row per result file, plus the paper's rows for reference."""
    from robustir.xeval import PAPER_TABLE1

    rows = ["| model | strategy | steps | train s | mono mAP | cross mAP | multi mAP | language bias | Max@R |",
            "|---|---|---|---|---|---|---|---|---|"]
    data_line = ""
    for p in paths:
        r = json.loads(p.read_text(encoding="utf-8"))
        m, s = r["provenance"]["model"], r["settings"]
        t = m.get("training") or {}
        strat = t.get("strategy", "base (no training)")
        if strat == "hybrid":
            strat = f"hybrid (alpha {t.get('alpha')})"
        multi = s.get("multi")
        rows.append("| " + " | ".join([
            str(m.get("name")), strat, str(t.get("steps", "-")), str(t.get("training_seconds", "-")),
            _ci(s["mono"]["map"]) if "mono" in s else "-", _ci(s["cross"]["map"]) if "cross" in s else "-",
            _ci(multi["map"]) if multi else "-", _ci(multi["language_bias"], 1) if multi else "-",
            _ci(multi["max_at_r"], 1) if multi else "-"]) + " |")
        d = r["provenance"]["dataset"]
        data_line = (f"XQuAD-R {d['split']} split: {d['questions']} questions x {len(d['langs'])} languages "
                     f"({','.join(d['langs'])}), {len(d['articles'])} articles, multi pool "
                     f"{multi['pool'] if multi else '-'} candidates; data checksum {d['checksum'][:16]}.")
    for model, strategies in PAPER_TABLE1.items():
        for strat, v in strategies.items():
            rows.append(f"| paper {model} | {strat} | - | - | {v['mono']:.3f} | {v['cross']:.3f} | "
                        f"{v['multi']:.3f} | {v['bias']} | - |")
    return "\n".join(rows) + ("\n\n" + data_line if data_line else "") + "\n"


def _label(r: dict) -> str:
    t = r["provenance"]["model"].get("training") or {}
    return t.get("strategy", "base") if t else str(r["provenance"]["model"].get("name"))


def compare(paths: list[Path], measures: tuple[str, ...] = ("mono", "cross", "multi", "language_bias"),
            n_resamples: int = 10_000) -> str:
    """Paired differences (A - B) per measure for every pair of result files, with 95% CIs and p-values.

    Uses robustir.stats.compare_degradations on the per-question values (paired
    bootstrap over questions, sign-flip test); the files must cover the same questions.
    """
    from robustir.stats import compare_degradations

    results = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    rows = ["| A - B | " + " | ".join(measures) + " |", "|---|" + "---|" * len(measures)]
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            a, b = results[i]["per_question"], results[j]["per_question"]
            if a["qids"] != b["qids"]:
                raise SystemExit(f"{paths[i]} and {paths[j]} cover different questions")
            cells = []
            for m in measures:
                if m not in a or m not in b:
                    cells.append("-")
                    continue
                c = compare_degradations(a[m], b[m], seed=0, n_resamples=n_resamples)
                d = c["difference"]
                digits = 1 if m in ("language_bias", "max_at_r") else 3
                cells.append(f"{d['mean']:+.{digits}f} [{d['low']:+.{digits}f}, {d['high']:+.{digits}f}] "
                             f"p={c['p_value']:.3g}")
            rows.append(f"| {_label(results[i])} - {_label(results[j])} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="+", type=Path, help="robustir evaluate JSON files")
    ap.add_argument("--compare", action="store_true", help="also print paired differences between the files")
    args = ap.parse_args(argv)
    sys.stdout.write(summarize(args.results))
    if args.compare:
        sys.stdout.write("\n" + compare(args.results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
