"""The study summary formatted for people: terminal tables and one HTML page.

Nothing is computed here: :mod:`robustir.study.summary` computes the summary (a JSON-able dict),
this module only lays it out. The tables are built once (:func:`summary_tables`) and shown twice:
in the terminal through ``robustir.report.terminal.fitted_tables`` (columns wrap into successive
tables instead of being dropped or cut to "codesw…") and in HTML through the report's own Jinja2
machinery (``robustir.report.html.render_page``, ``templates/summary.html.j2``, the same stylesheet
and ``table`` macro as ``robustir report --html``). Rows whose Holm-adjusted p is at most the
study's alpha are highlighted in both.

Older summaries (``robustir.study-summary/1``, without a primary family or training runs) render
too: every section is shown only when the summary has its data.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from robustir.report.extract import fmt_ci, fmt_p

#: (header, kind, key) as ``robustir.report.terminal.Column``: kind "num" (never wrapped), "text" or
#: "fold" (names: wrapped); key columns repeat in every block when a table is wider than the terminal.
Column = tuple[str, str, bool]


@dataclass
class SummaryTable:
    """One table of the summary, as both outputs show it."""

    title: str
    columns: list[Column]
    rows: list[list[str]]
    caption: str = ""
    significant: list[bool] = field(default_factory=list)  # rows with a Holm-adjusted p <= alpha
    group: list[bool] = field(default_factory=list)        # rows that start a group (a new dataset)
    pcol: int | None = None                                # the adjusted-p column (bold red where significant)


def _alpha(summary: dict[str, Any]) -> float:
    return float((summary.get("primary") or {}).get("alpha", 0.05))


def _sig(p: Any, alpha: float) -> bool:
    return p is not None and float(p) <= alpha


def excluded_text(summary: dict[str, Any]) -> str:
    """`` (N more excluded by the study: reason; reason)`` when the study excludes cells, else empty."""
    n = summary["cells"].get("excluded", 0)
    if not n:
        return ""
    reasons = "; ".join(dict.fromkeys(x["reason"] for x in summary.get("exclude", []) if x.get("reason")))
    return f" ({n} more excluded by the study{': ' + reasons if reasons else ''})"


def primary_measure(summary: dict[str, Any]) -> str:
    """The measure the study's answer is given in (the first measure when no primary family is declared)."""
    pr = summary.get("primary")
    return str(pr["measure"]) if pr else str(summary["measures"][0])


def _measures(summary: dict[str, Any]) -> list[str]:
    """The primary measure first, then the others."""
    first = primary_measure(summary)
    return [first, *(m for m in summary["measures"] if m != first)]


def primary_table(summary: dict[str, Any]) -> SummaryTable | None:
    """One row per declared primary comparison: difference [CI], n_seeds, Holm p, TOST, verdict."""
    pr = summary.get("primary")
    if not pr:
        return None
    conf = f"{100 * (1 - pr['alpha']):.0f}%"
    columns: list[Column] = [("A vs B", "fold", True), ("attack family", "fold", True), ("datasets", "fold", False),
                             (f"A − B [{conf} CI]", "num", False), ("queries", "num", False),
                             ("seeds A/B", "num", False), ("p", "num", False), ("p (Holm)", "num", False),
                             (f"TOST ±{pr['margin']:g} (p)", "num", False), ("verdict", "fold", False)]
    rows, sig = [], []
    for r in pr["rows"]:
        ns = r.get("n_seeds") or {}
        tost = r.get("tost") or {}
        rows.append([f"{r['a']} vs {r['b']}", r["family"], str(r["datasets"]), fmt_ci(r["difference"]),
                     str(r.get("n", 0)), f"{ns.get('a', '–')}/{ns.get('b', '–')}", fmt_p(r.get("p_value")),
                     fmt_p(r.get("p_holm")),
                     ("yes" if tost.get("equivalent") else "no") + f" ({fmt_p(tost.get('p_tost'))})" if tost else "–",
                     r.get("verdict", "–")])
        sig.append(_sig(r.get("p_holm"), pr["alpha"]))
    caption = (f"{pr['measure']} degradation difference, {conf} CI with training seeds as a random effect "
               f"({pr['statistic']}); Holm over {pr['holm_family']}; datasets "
               f"{'pooled' if pr['pool'] == 'datasets' else 'separately'}. Rule: {pr['rule']}")
    return SummaryTable("Primary comparisons (declared before the run)", columns, rows, caption, sig, pcol=7)


def degradation_tables(summary: dict[str, Any]) -> list[SummaryTable]:
    """Per measure (the primary one first): degradation [CI] per dataset and recipe (rows) and model (columns),
    each dataset led by its clean scores."""
    models = [m["label"] for m in summary["models"]]
    strat = {m["label"]: m["strategy"] for m in summary["models"]}
    out = []
    for measure in _measures(summary):
        sel = [r for r in summary["degradation"] if r["measure"] == measure]
        if not sel:
            continue
        present = [m for m in models if any(r["model"] == m for r in sel)]
        columns: list[Column] = [("dataset", "fold", True), ("recipe", "fold", True),
                                 *((f"{m} [{strat[m]}]" if strat[m] != m else m, "num", False) for m in present)]
        rows, group = [], []
        for d in summary["datasets"]:
            by = {(r["recipe"], r["model"]): r for r in sel if r["dataset"] == d}
            if not by:
                continue
            clean = {m: next((r["clean"] for r in sel if r["dataset"] == d and r["model"] == m), None)
                     for m in present}
            rows.append([d, "clean score", *(fmt_ci(clean[m]) for m in present)])
            group.append(True)
            for rec in summary["recipes"]:
                if any((rec, m) in by for m in present):
                    rows.append(["", rec, *(fmt_ci(by[(rec, m)]["degradation"]) if (rec, m) in by else "–"
                                           for m in present)])
                    group.append(False)
        seeds = sorted({r.get("n_seeds", 1) for r in sel if r.get("trained")})
        how = ("paired bootstrap for untrained models; trained models: mean over "
               f"{'/'.join(map(str, seeds))} training seeds, CI with seeds as a random effect") if seeds \
            else "paired bootstrap"
        n = "/".join(map(str, sorted({r["n"] for r in sel if r.get("n") is not None})))
        out.append(SummaryTable(f"Degradation in {measure} (clean − attacked; higher = less robust)", columns, rows,
                                f"mean [95% CI] over {n} queries, {how}", group=group))
    return out


def comparison_tables(summary: dict[str, Any]) -> list[SummaryTable]:
    """Per measure (the primary one first): every exploratory comparison ``A vs B``, significant rows marked."""
    comps = summary.get("comparisons", [])
    alpha = _alpha(summary)
    out = []
    for measure in _measures(summary):
        sel = [c for c in comps if c["measure"] == measure]
        if not sel:
            continue
        columns: list[Column] = [("dataset", "fold", True), ("recipe", "fold", True), ("A vs B", "fold", True),
                                 ("deg A", "num", False), ("deg B", "num", False), ("A − B [95% CI]", "num", False),
                                 ("p", "num", False), ("p (Holm)", "num", False), ("texts", "fold", False)]
        rows, sig, group = [], [], []
        last: tuple[str, str] | None = None
        for c in sel:
            # a dataset (and a recipe within it) named once: the group rule shows where a dataset starts
            same_d = last is not None and last[0] == c["dataset"]
            same_r = same_d and last is not None and last[1] == c["recipe"]
            texts = "same" if c["same_texts"] else ("per-model attack" if c["model_aware"] else "differ")
            rows.append(["" if same_d else c["dataset"], "" if same_r else c["recipe"], f"{c['a']} vs {c['b']}",
                         fmt_ci(c.get("stat_a")), fmt_ci(c.get("stat_b")), fmt_ci(c["difference"]),
                         fmt_p(c["p_value"]), fmt_p(c.get("p_holm")), texts])
            sig.append(_sig(c.get("p_holm"), alpha))
            group.append(not same_d)
            last = (c["dataset"], c["recipe"])
        n_sig = sum(sig)
        out.append(SummaryTable(
            f"Exploratory comparisons in {measure} ({n_sig} of {len(sel)} with Holm p ≤ {alpha:g})", columns, rows,
            "negative A − B: A degrades less, i.e. is more robust; one training seed a side: sign-flip p-values; "
            "several: seed-aware t test (mixed model); Holm over " + summary["holm_family"]
            + "; exploratory: no verdict is drawn from these", sig, group, pcol=7))
    return out


def training_table(summary: dict[str, Any]) -> SummaryTable | None:
    training = summary.get("training") or []
    if not training:
        return None
    columns: list[Column] = [("run", "fold", True), ("strategy", "text", False), ("seed", "num", False),
                             ("steps", "num", False), ("best step", "num", False), ("best dev mAP", "num", False),
                             ("stopped early", "text", False), ("seconds", "num", False)]
    rows = [[t["run"], str(t["strategy"]), str(t["train_seed"]), str(t.get("steps")), str(t.get("best_step")),
             "–" if t.get("best_dev_map") is None else f"{t['best_dev_map']:.4f}", str(t.get("stopped_early")),
             str(t.get("seconds"))] for t in training]
    return SummaryTable("Training runs", columns, rows,
                        "early stopping on the XQuAD-R dev articles (never the test articles); curves in summary.json")


def _cells_line(summary: dict[str, Any]) -> str:
    line = (f"{summary['cells']['present']} of {summary['cells']['expected']} cells{excluded_text(summary)}; "
            f"attack seeds {', '.join(map(str, summary['seeds']))}")
    if summary.get("train_seeds"):
        line += f"; training seeds {', '.join(map(str, summary['train_seeds']))} per trained model"
    return line + f"; {summary['resamples']} bootstrap resamples."


# ----------------------------------------------------------------------------- terminal


def print_summary(summary: dict[str, Any], console: Any) -> None:
    """The summary as terminal tables that fit ``console.width`` (no column dropped or cut): the primary
    comparisons, then degradation and comparisons in the primary measure (the comparisons without the two
    sides' own CIs, which the degradation table shows); every measure is in summary.html."""
    from rich.markup import escape as esc  # names come from the user: never parse them as markup

    from robustir.report.terminal import fitted_tables

    console.print(f"[bold]study {esc(str(summary['study']))}[/bold]{' (quick)' if summary['quick'] else ''}: "
                  f"{summary['cells']['present']}/{summary['cells']['expected']} cells"
                  f"{esc(excluded_text(summary))}")
    pr = summary.get("primary")
    if pr:
        console.print(f"[bold]verdict:[/bold] {esc(str(pr['headline']))} (overall: {esc(str(pr['verdict']))})")
    tables = [t for t in [primary_table(summary)] if t is not None]
    tables += [_stacked(t) for t in degradation_tables(summary)[:1]]  # the primary measure; all in summary.html
    tables += [_compact(t) for t in comparison_tables(summary)[:1]]
    for t in tables:
        t = _unbroken(t)
        rows = [[f"{c} *" if t.significant and t.significant[k] and i == t.pcol else c for i, c in enumerate(r)]
                for k, r in enumerate(t.rows)]
        caption = t.caption + ("; * Holm p ≤ alpha" if any(t.significant) else "")
        for part in fitted_tables(t.columns, rows, console.width, sections=t.group or None, title=t.title,
                                  caption=caption):
            console.print(part)
    for n in summary.get("notes", []):
        console.print(f"[yellow]note:[/yellow] {esc(str(n))}")
    missing = summary["cells"]["missing"]
    if missing:
        console.print(f"[red]{len(missing)} cell(s) missing[/red]: " + esc("; ".join(missing[:10]))
                      + (" ..." if len(missing) > 10 else ""))


def _stacked(t: SummaryTable) -> SummaryTable:
    """A degradation table with dataset and recipe in one column (``boolq: clean``, then its recipes,
    indented): one narrow name column leaves room for two models side by side at 80 columns."""
    rows = [[f"{r[0]}: {r[1]}" if t.group[k] else f"  {r[1]}", *r[2:]] for k, r in enumerate(t.rows)]
    return SummaryTable(t.title, [("dataset / recipe", "text", True), *t.columns[2:]], rows,
                        t.caption + "; each dataset's first row: its clean score", t.significant, t.group, t.pcol)


def _unbroken(t: SummaryTable, longest: int = 16) -> SummaryTable:
    """Name columns whose longest value fits ``longest`` characters are never wrapped (a recipe reads
    "codeswitch-adv", not "codeswitch-a" over "dv"); longer ones fold."""
    columns = [(h, "text" if kind == "fold" and max([len(r[i]) for r in t.rows] + [len(h)]) <= longest
                else kind, key) for i, (h, kind, key) in enumerate(t.columns)]
    return SummaryTable(t.title, columns, t.rows, t.caption, t.significant, t.group, t.pcol)


def _compact(t: SummaryTable) -> SummaryTable:
    """A comparison table without the sides' own CIs (deg A, deg B)."""
    keep = [i for i, c in enumerate(t.columns) if c[0] not in ("deg A", "deg B")]
    pcol = keep.index(t.pcol) if t.pcol is not None and t.pcol in keep else None
    return SummaryTable(t.title, [t.columns[i] for i in keep], [[r[i] for i in keep] for r in t.rows], t.caption,
                        t.significant, t.group, pcol)


# ----------------------------------------------------------------------------- HTML


def _html(t: SummaryTable) -> dict[str, Any]:
    from robustir.report.html import html_table

    numeric = {i for i, c in enumerate(t.columns) if c[1] == "num"}
    return {"title": t.title, "caption": t.caption,
            **html_table([c[0] for c in t.columns], t.rows, numeric, t.significant or None, pcol=t.pcol,
                         group=t.group or None)}


def _figure(title: str, png: bytes | None) -> list[dict[str, str]]:
    return [] if png is None else [{"title": title, "data": base64.b64encode(png).decode("ascii")}]


def render_html(summary: dict[str, Any]) -> str:
    """The summary as one self-contained HTML page (no scripts, no external assets) in the look of
    ``robustir report --html``: the verdict, then sections of plots and tables."""
    from robustir.report.html import render_page
    from robustir.study import figures

    pr = summary.get("primary")
    measure = primary_measure(summary)
    models = [m["label"] for m in summary["models"]]
    alpha = _alpha(summary)
    sections = []
    table = primary_table(summary)
    if pr and table is not None:
        # the rule is in the verdict box above: the section's note is the method only
        sections.append({"id": "primary", "title": table.title, "note": table.caption.split(" Rule: ")[0],
                         "holm": f"Holm within {pr['holm_family']}",
                         "figures": _figure("Forest plot: primary comparisons and the equivalence band",
                                            figures.forest(pr)),
                         "tables": [{**_html(table), "title": "", "caption": ""}]})
    deg = degradation_tables(summary)
    if deg:
        sections.append({"id": "degradation", "title": "Degradation per recipe and model", "note": "",
                         "holm": "",
                         "figures": _figure(f"Degradation per recipe ({measure})",
                                            figures.degradation_by_recipe(summary["degradation"], measure, models))
                         + _figure(f"Degradation against clean score ({measure})",
                                   figures.degradation_vs_clean(summary["degradation"], measure)),
                         "tables": [_html(t) for t in deg]})
    comps = comparison_tables(summary)
    if comps:
        sections.append({"id": "comparisons", "title": "Exploratory strategy comparisons", "note": "",
                         "holm": f"Holm over {summary['holm_family']}",
                         "figures": _figure(f"Strategy differences ({measure})",
                                            figures.comparison_forest(summary.get("comparisons", []), measure,
                                                                      alpha)),
                         "tables": [_html(t) for t in comps]})
    training = training_table(summary)
    train_figs = (_figure(f"Per-seed spread ({measure})", figures.seed_spread(summary["degradation"], measure))
                  + _figure("Early-stopping curves", figures.training_curves(summary.get("training") or [], models)))
    if training is not None or train_figs:
        sections.append({"id": "training", "title": "Training", "note": "", "holm": "", "figures": train_figs,
                         "tables": [_html(training)] if training is not None else []})
    verdict = None
    if pr:
        verdict = {"headline": pr["headline"], "overall": list(pr["overall"].items()), "rule": pr["rule"]}
    return render_page("summary.html.j2", title=f"Study {summary['study']}{' (quick)' if summary['quick'] else ''}",
                       description=summary.get("description") or "", cells=_cells_line(summary), verdict=verdict,
                       sections=sections, alpha=f"{alpha:g}", notes=list(summary.get("notes", [])),
                       missing=list(summary["cells"]["missing"]))
