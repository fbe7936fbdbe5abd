"""Markdown report (GitHub-flavoured tables): the same content as the terminal report, for papers and issues."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from robustir.io import atomic_write_text
from robustir.report.data import Report, build_report
from robustir.report.extract import (
    ResultLike,
    bootstrap_settings,
    language_cells,
    pair_cells,
    result_cells,
    strategy_cells,
)


def _text(x: object) -> str:
    """Names from result files as text: HTML in them (which Markdown passes through) is escaped."""
    return html.escape(str(x), quote=False)


def _cell(x: str) -> str:
    return _text(x).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], body: list[list[str]], right: set[int]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in header) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in body]
    return out


def method_note(summaries: Sequence[dict]) -> str:
    """One sentence on how the CIs and p-values were computed."""
    conf, methods, res, two = bootstrap_settings(summaries)
    m = "BCa" if methods == {"BCa"} else ("BCa, percentile where BCa is degenerate" if "BCa" in methods
                                          else "percentile")
    res_s = f", {res:,} resamples" if res else ""
    two_s = "; two-level: queries and attack samples" if two else ""
    return (f"{100 * conf:.0f}% CIs: paired bootstrap over queries ({m}{res_s}{two_s}). "
            f"p: two-sided sign-flip randomisation test of the mean degradation")


def to_markdown(results: Sequence[ResultLike], *, measures: Sequence[str] | None = None,
                comparisons: Sequence[dict] = (), title: str = "robustir report") -> str:
    """A Markdown report: per dataset a table of recipe x model x measure, then strategy comparisons.

    ``comparisons`` are ``robustir.report.compare.compare_results`` dicts to include.
    p-values are Holm-adjusted over the measures of each result (``robustir.report.data``).
    """
    return render_markdown(build_report(results, measures=measures, comparisons=list(comparisons), title=title))


def render_markdown(report: Report) -> str:
    """Format a ``Report`` as Markdown."""
    lines = [f"# {_text(report.title)}", ""]
    lines.append(method_note(report.summaries()) + "; * adjusted p <= 0.05. Degradation = clean - mean over "
                 "attack samples, per query; success = share of attack samples (of queries with a relevant "
                 "document in the clean top 10) that pushed every relevant document out of the top 10, "
                 "Wilson 95% CI.")
    lines += ["", f"{report.holm_over}.", ""]
    extra = list(dict.fromkeys(h for ln in report.lines for h in ln.extra))
    for ds, sel in report.by_dataset():
        n = sorted({ln.row.n for ln in sel})
        lines += [f"## {_text(ds)} ({'/'.join(map(str, n))} queries)", ""]
        body = [[*result_cells(ln), *[ln.extra.get(h, "") for h in extra]] for ln in sel]
        header = ["recipe", "rate", "model", "measure", "clean", "attacked", "degradation [95% CI]",
                  "relative", "success [95% CI]", "p (Holm)", "d_z", *extra]
        lines += _table(header, body, {1, *range(4, len(header))})
        lines.append("")
    for c in report.comparisons:
        lines += comparison_markdown(c)
    for lt in report.languages:
        lines += [f"## {_text(lt.measure)} by query language: {_text(lt.label)}", "",
                  "CIs: 2,000 bootstrap resamples per language; p not adjusted.", ""]
        lines += _table(["language", "queries", "clean", "attacked", "degradation [95% CI]", "p"],
                        [language_cells(b) for b in lt.blocks], {1, 2, 3, 4, 5})
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def comparison_markdown(c: dict) -> list[str]:
    """Markdown lines for one ``compare_results`` dict."""
    conf = f"{100 * c.get('confidence', 0.95):.0f}%"
    lines = [f"## Strategy comparison: {_text(c['dataset'])} / {_text(c['recipe'])}", "",
             f"{c['n']} queries x {c['samples']} attack samples, identical perturbed queries for every strategy. "
             f"Difference = degradation of A minus B (> 0: B is more robust); paired bootstrap {conf} CI; "
             f"p: sign-flip test, {c['family']}.", ""]
    lines += _table(["strategy", *[f"{m} degradation [{conf} CI]" for m in c["measures"]]],
                    strategy_cells(c), set(range(1, len(c["measures"]) + 1)))
    lines.append("")
    lines += _table(["A", "B", "measure", f"difference [{conf} CI]", "p (Holm)", "d_z", "A worse/tie/B worse",
                     "more robust"], [pair_cells(p) for p in c["pairs"]], {3, 4, 5, 6})
    lines.append("")
    return lines


def write_markdown(path: str | Path, results: Sequence[ResultLike], **kw: object) -> Path:
    """Write ``to_markdown(results, **kw)`` atomically."""
    return atomic_write_text(path, to_markdown(results, **kw))  # type: ignore[arg-type]


def write_report_markdown(path: str | Path, report: Report) -> Path:
    """Write ``render_markdown(report)`` atomically."""
    return atomic_write_text(path, render_markdown(report))
