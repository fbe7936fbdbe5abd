"""Self-contained HTML report: tables, strategy comparisons and plots embedded as base64 PNG.

One file with no external resources (inline CSS, ``data:`` images), so it can be
attached to a paper review or an issue and opened offline.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from pathlib import Path

from robustir.io import atomic_write_text
from robustir.report.extract import (
    by_dataset,
    check_result,
    holm_family,
    language_sections,
    languages,
    model_label,
    pair_cells,
    result_cells,
    rows,
    stars,
    strategy_cells,
    summary_shares,
)
from robustir.report.markdown import method_note

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1150px;
color:#1d1d1f;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem;margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem}
th,td{padding:.28rem .6rem;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}
th{background:#f5f5f7;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.sig td.p{font-weight:700;color:#b00020}p.note{color:#555;font-size:.85rem;max-width:60rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.85rem}code{background:#f5f5f7;padding:0 .2rem}
.tw{overflow-x:auto;max-width:100%}
"""


def _e(x: object) -> str:
    return html.escape(str(x))


def _table(header: list[str], body: list[list[str]], numeric: set[int], sig: list[bool] | None = None,
           pcol: int | None = None) -> str:
    out = ['<div class="tw"><table><thead><tr>']
    out += [f'<th class="{"n" if i in numeric else ""}">{_e(h)}</th>' for i, h in enumerate(header)]
    out.append("</tr></thead><tbody>")
    for k, r in enumerate(body):
        cls = ' class="sig"' if sig and sig[k] else ""
        out.append(f"<tr{cls}>")
        for i, c in enumerate(r):
            classes = " ".join(x for x in ("n" if i in numeric else "", "p" if i == pcol else "") if x)
            out.append(f'<td class="{classes}">{_e(c)}</td>')
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _img(title: str, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img alt="{_e(title)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{_e(title)}</figcaption></figure>")


def _provenance(results: Sequence[dict]) -> str:
    body = []
    for r in results:
        p = r["provenance"]
        body.append([model_label(r), str(p["model"].get("fingerprint", ""))[:16], p["dataset"]["name"],
                     str(p["dataset"].get("checksum", ""))[:16], p["recipe"]["name"],
                     str(p["recipe"].get("sha256", ""))[:16], str(p.get("seed", "")), str(len(r["queries"])),
                     str(p.get("samples", "")), ", ".join(languages(r)),
                     str((p.get("versions") or {}).get("robustir", ""))])
    return _table(["model", "fingerprint", "dataset", "checksum", "recipe", "recipe sha256", "seed", "queries",
                   "samples", "languages", "robustir"], body, {6, 7, 8})


def to_html(results: Sequence[dict], *, measures: Sequence[str] | None = None, comparisons: Sequence[dict] = (),
            title: str = "robustir report", plots: bool = True) -> str:
    """The HTML report as a string: results per dataset, comparisons, plots, provenance."""
    from robustir.report.plots import degradation_by_recipe, degradation_vs_rate

    for i, r in enumerate(results):
        check_result(r, f"result {i + 1}")
    rws = rows(results, measures)
    adj = holm_family(rws)
    parts = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
             f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>"]
    parts.append(f'<p class="note">{_e(method_note([r.summary for r in rws]))}, Holm-adjusted over all {len(rws)} '
                 "tests in this report (bold red: adjusted p &le; 0.05). Degradation = clean &minus; mean over "
                 "attack samples, per query; relative = mean degradation / mean clean; success = share of attack "
                 "samples, among queries with a relevant document in the clean top 10, that pushed every relevant "
                 "document out of the top 10 (Wilson 95% CI).</p>")
    for ds, sel in by_dataset(rws, adj):
        n = sorted({r.n for r, _ in sel})
        parts.append(f"<h2>{_e(ds)} ({'/'.join(map(str, n))} queries)</h2>")
        body, sig = [], []
        for r, p in sel:
            body.append([*result_cells(r, p), summary_shares(r.summary)])
            sig.append(bool(stars(p)))
        parts.append(_table(["recipe", "rate", "model", "measure", "clean", "attacked", "degradation [95% CI]",
                             "relative", "success [95% CI]", "p (Holm)", "d_z", "worse/same/better"], body,
                            {1, 4, 5, 6, 7, 8, 9, 10, 11}, sig, pcol=9))
    if plots:
        figs = degradation_by_recipe(results, measures)
        figs += degradation_vs_rate(results, measures[0] if measures else None)
        if figs:
            parts.append("<h2>Plots</h2>")
            parts += [_img(t, png) for t, png in figs]
    for c in comparisons:
        parts.append(comparison_html(c))
    parts += _languages_html(results, measures)
    parts.append("<h2>Provenance</h2>")
    parts.append(_provenance(results))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _languages_html(results: Sequence[dict], measures: Sequence[str] | None) -> list[str]:
    """Per-language tables (first measure) for results whose queries span several languages."""
    parts: list[str] = []
    for r, m, body in language_sections(results, measures):
        prov = r["provenance"]
        parts.append(f"<h3>{_e(m)} by query language: {_e(model_label(r))} / {_e(prov['dataset']['name'])} / "
                     f"{_e(prov['recipe']['name'])}</h3>")
        parts.append(_table(["language", "queries", "clean", "attacked", "degradation [95% CI]", "p (unadjusted)"],
                            body, {1, 2, 3, 4, 5}))
    if parts:
        parts.insert(0, "<h2>By query language</h2>")
    return parts


def comparison_html(c: dict) -> str:
    """HTML section for one ``compare_results`` dict."""
    conf = f"{100 * c.get('confidence', 0.95):.0f}%"
    parts = [f"<h2>Strategy comparison: {_e(c['dataset'])} / {_e(c['recipe'])}</h2>",
             f'<p class="note">{c["n"]} queries &times; {c["samples"]} attack samples, identical perturbed queries '
             f"for every strategy. Difference = degradation of A minus B (&gt; 0: B is more robust); paired "
             f"bootstrap {conf} CI; p: sign-flip test, {_e(c['family'])}.</p>"]
    parts.append(_table(["strategy", *[f"{m} degradation [{conf} CI]" for m in c["measures"]]],
                        strategy_cells(c), set(range(1, len(c["measures"]) + 1))))
    body = [pair_cells(p) for p in c["pairs"]]
    sig = [bool(stars(p["p_holm"])) for p in c["pairs"]]
    parts.append(_table(["A", "B", "measure", f"difference [{conf} CI]", "p (Holm)", "d_z", "A worse/tie/B worse",
                         "more robust"], body, {3, 4, 5, 6}, sig, pcol=4))
    return "\n".join(parts)


def write_html(path: str | Path, results: Sequence[dict], **kw: object) -> Path:
    """Write ``to_html(results, **kw)`` atomically."""
    return atomic_write_text(path, to_html(results, **kw))  # type: ignore[arg-type]
