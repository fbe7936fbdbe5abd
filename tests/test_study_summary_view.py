"""The study summary as people read it (issue 13, item 7): one HTML look with `robustir report --html`
(same template machinery and stylesheet), plots, significant rows highlighted, a print stylesheet; terminal
tables that keep every column and every name whole at 80 and 100 columns."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODELS = [("base", "base"), ("x<b>x", "xx"), ("hybrid", "hybrid")]
DATASETS = ["boolq", "xquad-r:de-en"]
RECIPES = ["typo", "codeswitch-adv", "translate-rt-es"]


def _block(mean: float, half: float = 0.01) -> dict:
    return {"mean": mean, "low": mean - half, "high": mean + half, "method": "BCa"}


def _summary(primary: bool = True) -> dict:
    """A small summary as ``build_summary`` writes it: 2 datasets x 3 recipes x 3 models, one measure."""
    degradation, comparisons = [], []
    for i, d in enumerate(DATASETS):
        for j, r in enumerate(RECIPES):
            for k, (m, s) in enumerate(MODELS):
                degradation.append({"dataset": d, "recipe": r, "measure": "nDCG@10", "model": m, "strategy": s,
                                    "n": 50, "clean": _block(0.8 - 0.1 * i), "degradation": _block(0.05 * (j + k)),
                                    "trained": k > 0, "n_seeds": 3 if k else 1,
                                    "per_seed": {"degradation": [0.05 * (j + k)] * 3}})
            for b in ("base", "x<b>x"):
                sig = (i, j, b) == (0, 1, "base")  # exactly one significant comparison
                comparisons.append({"dataset": d, "recipe": r, "measure": "nDCG@10", "a": "hybrid", "b": b,
                                    "stat_a": _block(0.1), "stat_b": _block(0.05), "difference": _block(0.05),
                                    "p_value": 0.001 if sig else 0.4, "p_holm": 0.01 if sig else 0.9,
                                    "same_texts": j != 1, "model_aware": j == 1})
    out = {"schema": "robustir.study-summary/2", "study": "t<script>", "description": "a test study", "quick": False,
           "models": [{"label": m, "strategy": s, "trained": m != "base"} for m, s in MODELS],
           "datasets": DATASETS, "recipes": RECIPES, "measures": ["nDCG@10"], "seeds": [0], "train_seeds": [0, 1, 2],
           "resamples": 1000, "cells": {"expected": 18, "present": 18, "excluded": 0, "missing": []},
           "exclude": [], "notes": [], "degradation": degradation, "comparisons": comparisons,
           "holm_family": "all exploratory comparisons of one measure", "training": []}
    if primary:
        rows = [{"a": "hybrid", "b": "x<b>x", "family": f, "datasets": "pooled", "difference": _block(d, 0.005),
                 "n": 100, "n_seeds": {"a": 3, "b": 3}, "p_value": p, "p_holm": p * 2,
                 "tost": {"equivalent": False, "p_tost": 0.3}, "verdict": v}
                for f, d, p, v in (("typo", -0.02, 0.001, "more robust"), ("codeswitch", 0.001, 0.5, "inconclusive"))]
        out["primary"] = {"measure": "nDCG@10", "alpha": 0.05, "margin": 0.01, "statistic": "mixed",
                          "pool": "datasets", "rule": "the declared rule", "rows": rows, "by_dataset": [],
                          "overall": {"hybrid vs x<b>x": "mixed"}, "verdict": "mixed",
                          "holm_family": "the 2 primary comparisons", "headline": "hybrid vs x<b>x: mixed."}
    return out


@pytest.fixture(scope="module")
def page() -> str:
    from robustir.study.summary_view import render_html

    return render_html(_summary())


def test_summary_page_has_the_report_look(page):
    from robustir.report.data import build_report
    from robustir.report.html import CSS, render_html

    fixtures = sorted((ROOT / "tests" / "fixtures" / "results").glob("*.json"))
    report = render_html(build_report([json.loads(p.read_text()) for p in fixtures], compare=False), plots=False)
    for html in (page, report):  # one stylesheet (print rules included), one table macro
        assert CSS in html and "@media print" in html and '<div class="tw"><table>' in html


def test_summary_page_has_the_plots_and_the_verdict(page):
    assert page.count("data:image/png;base64,") >= 4  # forest, degradation per recipe, vs clean, differences
    for title in ("Forest plot: primary comparisons", "Degradation per recipe (nDCG@10)",
                  "Strategy differences (nDCG@10)"):
        assert title in page
    assert "Verdict" in page and "the declared rule" in page


def test_summary_page_highlights_significant_rows_only(page):
    rows = re.findall(r"<tr( class=\"[^\"]*\")?><td[^>]*>(.*?)</tr>", page)
    sig = [r for cls, r in rows if "sig" in cls]
    # the one significant exploratory comparison and the one significant primary row (Holm p 0.002)
    assert len(sig) == 2, sig
    assert any("0.010" in r and "codeswitch-adv" in r for r in sig) and any("typo" in r and "0.002" in r for r in sig)


def test_summary_page_escapes_names(page):
    assert "t&lt;script&gt;" in page and "<script>" not in page
    assert "x<b>x" not in page and "x&lt;b&gt;x" in page


def _terminal(summary: dict, width: int) -> str:
    from rich.console import Console

    from robustir.study.summary_view import print_summary

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    print_summary(summary, console)
    return console.export_text()


@pytest.mark.parametrize("width", [80, 100])
def test_terminal_summary_keeps_every_column_and_name_whole(width):
    text = _terminal(_summary(), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    for name in ("codeswitch-adv", "translate-rt-es", "xquad-r:de-en", "A − B [95% CI]", "p (Holm)", "texts",
                 "verdict", "TOST ±0.01 (p)", "x<b>x [xx]"):
        assert name in text, (name, text)
    assert "0.010 *" in text  # the significant comparison is marked


def test_an_older_summary_without_primary_family_renders():
    """The committed hybrid-robustness run (summary schema 1: no primary family, no training)."""
    from robustir.study.summary_view import render_html

    path = ROOT / "bench" / "results" / "hybrid-robustness" / "summary.json.gz"
    if not path.is_file():
        pytest.skip("no committed study summary")
    with gzip.open(path, "rt") as f:
        summary = json.load(f)
    html = render_html(summary)
    assert "Verdict" not in html and "Exploratory strategy comparisons" in html
    assert html.count('<tr class="sig') == sum(1 for c in summary["comparisons"] if (c.get("p_holm") or 1) <= 0.05)
    assert "…" not in _terminal(summary, 80)
