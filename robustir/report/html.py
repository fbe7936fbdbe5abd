"""Self-contained HTML report: tables, strategy comparisons and plots embedded as base64 PNG.

One file with no external resources (inline CSS, ``data:`` images), so it can be
attached to a paper review or an issue and opened offline. It formats a
``robustir.report.data.Report`` through one Jinja2 template
(``templates/report.html.j2``, autoescaped); nothing is computed here but plots.
The study summary (``robustir.study.summary_view``) renders through the same machinery
(:func:`render_page`, the ``table`` macro of ``templates/_macros.html.j2``, :data:`CSS`).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from robustir.io import atomic_write_text
from robustir.report.data import Report, build_report
from robustir.report.extract import (
    ResultLike,
    language_cells,
    pair_cells,
    result_cells,
    stars,
    strategy_cells,
    summary_shares,
)
from robustir.report.markdown import method_note
from robustir.schema import ResultRecord

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1150px;
color:#1d1d1f;line-height:1.45;padding:0 1rem;box-sizing:border-box}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem;margin-top:1.4rem}
.tw{overflow-x:auto;max-width:100%;margin:.6rem 0 1rem}
table{border-collapse:collapse;font-size:.85rem}
th,td{padding:.28rem .5rem;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}
th{background:#f5f5f7;font-weight:600}
td.t{overflow-wrap:break-word;min-width:4.5rem;max-width:18rem}
tr.grp td{border-top:1px solid #aaa}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}
tr.sig td.p{font-weight:700;color:#b00020}tr.sig td{background:#fdf1f2}
p.note{color:#555;font-size:.85rem;max-width:60rem}
p.holm{font-size:.85rem;margin:.2rem 0}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.85rem}code{background:#f5f5f7;padding:0 .2rem}
.headline{border:2px solid #345;background:#f5f8fb;padding:.1rem 1rem;margin:1rem 0}
.headline h2{margin-top:.6rem;border:0}.answer{font-size:1.15rem;font-weight:600}
nav.toc{font-size:.85rem;margin:1rem 0}nav.toc a{color:#1a4f8b}
@media print{
@page{size:A4 landscape;margin:12mm}
body{max-width:none;margin:0;padding:0;font-size:9pt}
.tw{overflow:visible}table{font-size:7.5pt;width:100%}th,td{padding:.12rem .3rem}
td.n,th.n{white-space:normal}td.t{max-width:none}
h2{break-after:avoid}tr,figure{break-inside:avoid}thead{display:table-header-group}
tr.sig td.p{color:#000}tr.sig td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
nav.toc{display:none}
figure img{max-height:160mm;width:auto;max-width:100%}
}
"""


def html_table(header: list[str], body: list[list[str]], numeric: set[int], sig: list[bool] | None = None,
               pcol: int | None = None, group: list[bool] | None = None) -> dict[str, Any]:
    """A table for the templates' ``table`` macro (``_macros.html.j2``): ``numeric`` columns align right,
    ``sig`` rows are highlighted (their ``pcol`` cell in bold red), ``group`` marks rows that start a group
    (a rule above)."""
    return {"header": header, "numeric": numeric, "pcol": pcol,
            "rows": [{"cells": r, "sig": bool(sig and sig[k]), "grp": bool(group and group[k] and k)}
                     for k, r in enumerate(body)]}


def _provenance(results: Sequence[ResultRecord]) -> dict[str, Any]:
    body = []
    for r in results:
        p = r.provenance
        body.append([p.model_label, str(p.model.get("fingerprint", ""))[:16], p.dataset_name,
                     str(p.dataset.get("checksum", ""))[:16], p.recipe_name,
                     str(p.recipe.get("sha256", ""))[:16], str(p.seed) if "seed" in p else "",
                     str(len(r.queries)), str(p.samples) if "samples" in p else "",
                     ", ".join(r.languages()), str((p.versions or {}).get("robustir", ""))])
    return html_table(["model", "fingerprint", "dataset", "checksum", "recipe", "recipe sha256", "seed", "queries",
                   "samples", "languages", "robustir"], body, {6, 7, 8})


def _comparison(c: dict) -> dict[str, Any]:
    conf = f"{100 * c.get('confidence', 0.95):.0f}%"
    return {"dataset": c["dataset"], "recipe": c["recipe"], "n": c["n"], "samples": c["samples"], "conf": conf,
            "family": c["family"],
            "strategies": html_table(["strategy", *[f"{m} degradation [{conf} CI]" for m in c["measures"]]],
                                 strategy_cells(c), set(range(1, len(c["measures"]) + 1))),
            "pairs": html_table(["A", "B", "measure", f"difference [{conf} CI]", "p (Holm)", "d_z",
                             "A worse/tie/B worse", "more robust"], [pair_cells(p) for p in c["pairs"]],
                            {3, 4, 5, 6}, [bool(stars(p["p_holm"])) for p in c["pairs"]], pcol=4)}


def to_html(results: Sequence[ResultLike], *, measures: Sequence[str] | None = None, comparisons: Sequence[dict] = (),
            title: str = "robustir report", plots: bool = True) -> str:
    """The HTML report as a string: results per dataset, comparisons, plots, provenance."""
    return render_html(build_report(results, measures=measures, comparisons=list(comparisons), title=title),
                       plots=plots)


def render_html(report: Report, *, plots: bool = True) -> str:
    """Format a ``Report`` as one self-contained HTML page through the Jinja2 template."""
    from robustir.report.plots import degradation_by_recipe, degradation_vs_rate

    extra = list(dict.fromkeys(h for ln in report.lines for h in ln.extra))
    header = ["recipe", "rate", "model", "measure", "clean", "attacked", "degradation [95% CI]", "relative",
              "success [95% CI]", "p (Holm)", "d_z", "worse / same / better", *extra]
    datasets = []
    for ds, sel in report.by_dataset():
        body, first = [], []
        last = None
        for ln in sel:
            cells = [*result_cells(ln), summary_shares(ln.row.summary), *[ln.extra.get(h, "") for h in extra]]
            key = (ln.row.recipe, ln.row.rate, ln.row.model, ln.row.index)
            first.append(key != last)
            if key == last:  # recipe, rate, model and success repeat within one result: shown once, as in the terminal
                cells[0] = cells[1] = cells[2] = cells[8] = ""
            last = key
            body.append(cells)
        datasets.append({"name": ds, "n": "/".join(map(str, sorted({ln.row.n for ln in sel}))),
                         "table": html_table(header, body, {1, *range(4, len(header))},
                                         [ln.significant for ln in sel], pcol=9, group=first)})
    figures = []
    if plots:
        figs = degradation_by_recipe(report.results, report.measures)
        figs += degradation_vs_rate(report.results, report.measures[0] if report.measures else None)
        figures = [{"title": t, "data": base64.b64encode(png).decode("ascii")} for t, png in figs]
    note = (f"{method_note(report.summaries())}. Degradation = clean \u2212 mean over attack samples, per query; "
            "relative = mean degradation / mean clean; success = share of attack samples, among queries with a "
            "relevant document in the clean top 10, that pushed every relevant document out of the top 10 "
            "(Wilson 95% CI).")
    langs = [{"measure": lt.measure, "label": lt.label,
              "table": html_table(["language", "queries", "clean", "attacked", "degradation [95% CI]",
                               "p (unadjusted)"], [language_cells(b) for b in lt.blocks], {1, 2, 3, 4, 5})}
             for lt in report.languages]
    return render_page(
        "report.html.j2", title=report.title, note=note, holm_over=report.holm_over, datasets=datasets, figures=figures,
        comparisons=[_comparison(c) for c in report.comparisons], languages=langs,
        provenance=_provenance(report.results))


def render_page(template: str, **context: Any) -> str:
    """Render one of ``templates/`` (autoescaped, strict) with the shared stylesheet as ``css``: every HTML
    page robustir writes (``report --html``, ``compare --html``, the study summary) has one look."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("robustir.report", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template(template).render(css=CSS, **context)


def write_html(path: str | Path, results: Sequence[ResultLike], **kw: object) -> Path:
    """Write ``to_html(results, **kw)`` atomically."""
    return atomic_write_text(path, to_html(results, **kw))  # type: ignore[arg-type]


def write_report_html(path: str | Path, report: Report, *, plots: bool = True) -> Path:
    """Write ``render_html(report)`` atomically."""
    return atomic_write_text(path, render_html(report, plots=plots))
