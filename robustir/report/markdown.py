"""Markdown report (GitHub-flavoured tables): the same content as the terminal report, for papers and issues."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from robustir.io import atomic_write_text
from robustir.report.extract import (
    check_result,
    fmt,
    fmt_ci,
    fmt_p,
    fmt_pct,
    fmt_rate,
    holm_family,
    rows,
    stars,
)


def _cell(x: str) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], body: list[list[str]], right: set[int]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in header) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in body]
    return out


def method_note(summaries: Sequence[dict]) -> str:
    """One sentence on how the CIs and p-values were computed."""
    methods = {s.get("method") for s in summaries if s.get("method")}
    conf = next((s.get("confidence") for s in summaries if s.get("confidence")), 0.95)
    res = next((s.get("n_resamples") for s in summaries if s.get("n_resamples")), None)
    two = any(s.get("two_level") for s in summaries)
    m = "BCa" if methods == {"BCa"} else ("BCa, percentile where BCa is degenerate" if "BCa" in methods
                                          else "percentile")
    res_s = f", {res:,} resamples" if res else ""
    two_s = "; two-level: queries and attack samples" if two else ""
    return (f"{100 * conf:.0f}% CIs: paired bootstrap over queries ({m}{res_s}{two_s}). "
            f"p: two-sided sign-flip randomisation test of the mean degradation")


def to_markdown(results: Sequence[dict], *, measures: Sequence[str] | None = None, comparisons: Sequence[dict] = (),
                title: str = "robustir report") -> str:
    """A Markdown report: per dataset a table of recipe x model x measure, then strategy comparisons.

    ``comparisons`` are ``robustir.report.compare.compare_results`` dicts to include.
    p-values are Holm-adjusted over all (result, measure) tests in the report.
    """
    for i, r in enumerate(results):
        check_result(r, f"result {i + 1}")
    rws = rows(results, measures)
    adj = holm_family(rws)
    lines = [f"# {title}", ""]
    lines.append(method_note([r.summary for r in rws]) + f", Holm-adjusted over all {len(rws)} tests in this "
                 "report; * adjusted p <= 0.05. Degradation = clean - mean over attack samples, per query; "
                 "success = share of attack samples (of queries with a relevant document in the clean top 10) "
                 "that pushed every relevant document out of the top 10, Wilson 95% CI.")
    lines.append("")
    for ds in dict.fromkeys(r.dataset for r in rws):
        sel = sorted([(r, p) for r, p in zip(rws, adj) if r.dataset == ds],
                     key=lambda rp: (rp[0].recipe, rp[0].rate if rp[0].rate is not None else -1, rp[0].model,
                                     rp[0].index))
        n = sorted({r.n for r, _ in sel})
        lines += [f"## {ds} ({'/'.join(map(str, n))} queries)", ""]
        body = []
        for r, p in sel:
            s = r.summary
            body.append([r.recipe, "" if r.rate is None else fmt(r.rate, 2), r.model, r.measure,
                         fmt(s["clean"]["mean"]), fmt(s["attacked"]["mean"]), fmt_ci(s["degradation"]),
                         fmt_pct(s["relative"]["mean"]), fmt_rate(r.success), fmt_p(p) + stars(p),
                         fmt(s.get("effect_size"), 2)])
        lines += _table(["recipe", "rate", "model", "measure", "clean", "attacked", "degradation [95% CI]",
                         "relative", "success [95% CI]", "p (Holm)", "d_z"], body, {1, 4, 5, 6, 7, 8, 9, 10})
        lines.append("")
    for c in comparisons:
        lines += comparison_markdown(c)
    lines += _languages_markdown(results, measures)
    return "\n".join(lines).rstrip() + "\n"


def _languages_markdown(results: Sequence[dict], measures: Sequence[str] | None) -> list[str]:
    """Per-language tables (first measure) for results whose queries span several languages."""
    from robustir.report.extract import model_label
    from robustir.report.languages import language_breakdown

    lines: list[str] = []
    for r in results:
        m = next((x for x in r["measures"] if measures is None or x in measures), None)
        rows_ = language_breakdown(r, m) if m else []
        if not rows_:
            continue
        prov = r["provenance"]
        lines += [f"## {m} by query language: {model_label(r)} / {prov['dataset']['name']} / "
                  f"{prov['recipe']['name']}", "", "CIs: 2,000 bootstrap resamples per language; p not adjusted.", ""]
        lines += _table(["language", "queries", "clean", "attacked", "degradation [95% CI]", "p"],
                        [[b["language"], str(b["n"]), fmt(b["clean"]["mean"]), fmt(b["attacked"]["mean"]),
                          fmt_ci(b["degradation"]), fmt_p(b["p_value"])] for b in rows_], {1, 2, 3, 4, 5})
        lines.append("")
    return lines


def comparison_markdown(c: dict) -> list[str]:
    """Markdown lines for one ``compare_results`` dict."""
    conf = f"{100 * c.get('confidence', 0.95):.0f}%"
    lines = [f"## Strategy comparison: {c['dataset']} / {c['recipe']}", "",
             f"{c['n']} queries x {c['samples']} attack samples, identical perturbed queries for every strategy. "
             f"Difference = degradation of A minus B (> 0: B is more robust); paired bootstrap {conf} CI; "
             f"p: sign-flip test, {c['family']}.", ""]
    lines += _table(["strategy", *[f"{m} degradation [{conf} CI]" for m in c["measures"]]],
                    [[s["label"], *[fmt_ci(s["degradation"][m]) for m in c["measures"]]] for s in c["strategies"]],
                    set(range(1, len(c["measures"]) + 1)))
    lines.append("")
    body = []
    for p in c["pairs"]:
        winner = "–"
        if p["p_holm"] <= 0.05 and p["difference"]["mean"]:
            winner = p["b_label"] if p["difference"]["mean"] > 0 else p["a_label"]
        body.append([p["a_label"], p["b_label"], p["measure"], fmt_ci(p["difference"]), fmt_p(p["p_holm"]) +
                     stars(p["p_holm"]), fmt(p.get("effect_size"), 2),
                     f"{fmt_pct(p['a_worse'], 0)}/{fmt_pct(p['tied'], 0)}/{fmt_pct(p['b_worse'], 0)}", winner])
    lines += _table(["A", "B", "measure", f"difference [{conf} CI]", "p (Holm)", "d_z", "A worse/tie/B worse",
                     "more robust"], body, {3, 4, 5, 6})
    lines.append("")
    return lines


def write_markdown(path: str | Path, results: Sequence[dict], **kw: object) -> Path:
    """Write ``to_markdown(results, **kw)`` atomically."""
    return atomic_write_text(path, to_markdown(results, **kw))  # type: ignore[arg-type]
