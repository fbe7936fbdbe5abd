"""Terminal reports (rich): one result in detail, or many results as tables per dataset.

Laid out to read at 100 columns: numbers never wrap (names do), CIs are in
brackets after the estimate, significance is marked with ``*`` after Holm
adjustment over every test shown in the same report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from robustir.report.extract import (
    Row,
    bootstrap_settings,
    by_dataset,
    check_result,
    fmt,
    fmt_ci,
    fmt_p,
    fmt_pct,
    fmt_rate,
    holm_family,
    language_cells,
    languages,
    model_label,
    more_robust,
    rows,
    stars,
    summary_shares,
)

__all__ = ["print_comparison", "print_result", "print_results"]


def _table(title: str | None = None, caption: str | None = None) -> Any:
    from rich import box
    from rich.table import Table

    return Table(title=title, caption=caption, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
                 title_justify="left", caption_justify="left", title_style="bold", caption_style="dim")


def _row(table: Any, *cells: Any) -> None:
    """Add a row of plain text (no rich markup: labels such as "[hybrid]" must print as they are)."""
    from rich.text import Text

    table.add_row(*[c if not isinstance(c, str) else Text(c) for c in cells])


def _num(table: Any, header: str, **kw: Any) -> None:
    table.add_column(header, justify="right", no_wrap=True, **kw)


def _width_needed(columns: list[tuple[str, str, int | None]], body: list[list[str]],
                  keep: list[int] | None = None) -> int:
    """Columns' width at their widest cell (names counted as at most 10), with padding and separators."""
    total = 0
    keep = list(range(len(columns))) if keep is None else keep
    for i in keep:
        header, kind, _ = columns[i]
        widest = max([len(r[i]) for r in body] + [len(header)])
        total += min(10, widest) if kind == "fold" else widest
    return total + 3 * len(keep)  # padding 1 + 1 and a separator per column


def _fitted_table(columns: list[tuple[str, str, int | None]], body: list[list[str]], width: int,
                  sections: list[bool] | None = None, title: str | None = None, caption: str | None = None) -> Any:
    """A table whose optional columns are dropped (highest drop rank first) until it fits ``width``.

    ``columns``: (header, kind, drop rank or None for essential); kind is "num"
    (right-aligned, never wrapped, so numbers are never cut), "text" (never
    wrapped) or "fold" (names: wrapped, counted as at most 10 characters).
    """
    keep = list(range(len(columns)))
    optional = sorted((c[2], i) for i, c in enumerate(columns) if c[2] is not None)
    while _width_needed(columns, body, keep) > width and optional:
        keep.remove(optional.pop()[1])
    table = _table(title=title, caption=caption)
    for i in keep:
        header, kind, _ = columns[i]
        if kind == "num":
            _num(table, header)
        elif kind == "fold":
            table.add_column(header, overflow="fold", ratio=1, min_width=8)
        else:
            table.add_column(header, no_wrap=True)
    for k, r in enumerate(body):
        if sections and sections[k] and k > 0:
            table.add_section()
        _row(table, *[r[i] for i in keep])
    return table


def _method_note(summaries: Sequence[dict]) -> str:
    conf, methods, res, two = bootstrap_settings(summaries)
    m = "BCa" if methods == {"BCa"} else ("BCa/percentile" if "BCa" in methods else "percentile")
    parts = [f"{100 * conf:.0f}% CIs: paired bootstrap over queries ({m}"]
    if res:
        parts.append(f", {res:,} resamples")
    if two:
        parts.append(", two-level: queries and attack samples")
    return "".join(parts) + ")"


def print_result(result: dict, console: Any, *, measures: Sequence[str] | None = None) -> None:
    """Print one result: a table of measures with clean, attacked and degradation [CI], p-values and shares.

    p-values are Holm-adjusted over the measures shown. A per-language table follows
    when the queries span several languages.
    """
    from rich.text import Text

    check_result(result)
    prov = result["provenance"]
    rws = rows([result], measures)
    adj = holm_family(rws)
    head = Text()
    head.append(model_label(result), style="bold cyan")
    head.append("  on  ")
    head.append(str(prov["dataset"]["name"]), style="bold")
    head.append("  under  ")
    head.append(str(prov["recipe"]["name"]), style="bold magenta")
    console.print(head)
    n = len(result["queries"])
    k = rws[0].samples if rws else prov.get("samples", "?")
    langs = languages(result)
    console.print(f"[dim]{n} queries x {k} attack samples, seed {prov.get('seed', '?')}, "
                  f"language{'s' if len(langs) > 1 else ''} {', '.join(langs)}[/dim]")

    body = []
    for r, p in zip(rws, adj):
        s = r.summary
        body.append([r.measure, fmt(s["clean"]["mean"]), fmt(s["attacked"]["mean"]), fmt_ci(s["degradation"]),
                     fmt_pct(s["relative"]["mean"]), fmt_p(p) + stars(p), fmt(s.get("effect_size"), 2),
                     summary_shares(s)])
    columns = [("measure", "text", None), ("clean", "num", None), ("attacked", "num", None),
               ("degradation [95% CI]", "num", None), ("rel.", "num", 3), ("p Holm", "num", None),
               ("d_z", "num", 2), ("worse/same/better", "num", 4)]
    table = _fitted_table(columns, body, console.width, caption=_method_note([r.summary for r in rws]) +
                          f"; p: sign-flip test, Holm over {len(rws)} measures; * p<=0.05")
    console.print(table)
    succ = result.get("success")
    if succ:
        clustered = ""
        if succ.get("query_low") is not None:
            clustered = (f", [{100 * succ['query_low']:.1f}, {100 * succ['query_high']:.1f}] "
                         "bootstrapping queries")
        console.print(f"attack success rate: [bold]{fmt_rate(succ)}[/bold] [dim](Wilson 95% CI{clustered}; "
                      f"{succ.get('successes', '?')} of {succ.get('trials', '?')} samples of the "
                      f"{succ.get('eligible_queries', '?')} queries with a relevant document in the clean top 10 "
                      f"lost them all)[/dim]")
    _print_validity(result, console)
    if len(langs) > 1 and rws:
        console.print()
        _print_languages(result, rws[0].measure, console)


def _print_validity(result: dict, console: Any) -> None:
    """Degradation over the valid perturbations only, the valid share and the unperturbable
    count (``robustir.validity``); nothing for results written before validity existed."""
    v = result.get("validity")
    if not v:
        return
    share = v.get("valid_share")
    console.print(f"validity: [bold]{v['valid']} of {v['attacked']}[/bold] perturbed samples kept the meaning "
                  f"({'-' if share is None else f'{100 * share:.1f}%'}; USE-m cosine >= {v['floor']}); "
                  f"{v['unperturbable']} samples unperturbable ({v.get('unperturbable_queries', '?')} queries, "
                  f"never counted as attacked), {v['unchanged']} unchanged")
    sv = result.get("summary_valid") or {}
    for m, s in sv.items():
        console.print(f"  {m} over valid perturbations only: degradation {fmt_ci(s['degradation'])} "
                      f"({fmt_pct(s['relative']['mean'])}) on {s.get('n', '?')} queries")


def _print_languages(result: dict, measure: str, console: Any) -> None:
    """Degradation of one measure per query language (cross-lingual sets mix languages)."""
    from robustir.report.languages import language_breakdown

    body = [language_cells(b) for b in language_breakdown(result, measure)]
    columns = [("language", "text", None), ("queries", "num", None), ("clean", "num", 1), ("attacked", "num", None),
               ("degradation [95% CI]", "num", None), ("p", "num", None)]
    console.print(_fitted_table(columns, body, console.width, title=f"{measure} by query language",
                                caption="CIs: 2,000 bootstrap resamples per language; p not adjusted"))


def _dataset_table(name: str, rws: list[tuple[Row, float | None]], caption: str, width: int) -> Any:
    n = sorted({r.n for r, _ in rws})
    body, sections = [], []
    last = None
    for r, p in rws:
        key = (r.recipe, r.model, r.index)
        first = key != last
        last = key
        s = r.summary
        sections.append(first)
        body.append([r.recipe if first else "", r.model if first else "", r.measure, fmt(s["clean"]["mean"]),
                     fmt(s["attacked"]["mean"]), fmt_ci(s["degradation"]),
                     fmt_pct(r.success.get("rate")) if (first and r.success) else "", fmt_p(p) + stars(p)])
    columns = [("recipe", "fold", None), ("model", "fold", None), ("measure", "text", None), ("clean", "num", 2),
               ("attacked", "num", None), ("degradation [95% CI]", "num", None), ("success", "num", 1),
               ("p Holm", "num", None)]
    return _fitted_table(columns, body, width, sections=sections, title=f"{name}  ({'/'.join(map(str, n))} queries)",
                         caption=caption)


def print_results(results: Sequence[dict], console: Any, *, measures: Sequence[str] | None = None,
                  compare: bool = True, seed: int = 0, n_resamples: int = 10_000) -> None:
    """Print many results: one table per dataset (rows: recipe x model x measure), then strategy comparisons.

    p-values are Holm-adjusted over every (result, measure) test in the report.
    With ``compare``, each group of results on identical perturbed queries gets a
    panel of paired strategy comparisons (``robustir.report.compare``).
    """
    for i, r in enumerate(results):
        check_result(r, f"result {i + 1}")
    rws = rows(results, measures)
    adj = holm_family(rws)
    caption = (_method_note([r.summary for r in rws]) + f"; success: attack success rate; p: sign-flip test, "
               f"Holm over all {len(rws)} tests; * p<=0.05")
    for ds, sel in by_dataset(rws, adj):
        console.print(_dataset_table(ds, sel, caption, console.width))
    if compare and len(results) > 1:
        from robustir.report.compare import comparable_groups, compare_results

        groups = comparable_groups(results)
        for g in groups:
            sub = [results[i] for i in g]
            primary = [m for m in (measures or sub[0]["measures"]) if all(m in r["measures"] for r in sub)][:1]
            if not primary:
                continue
            print_comparison(compare_results(sub, measures=primary, seed=seed, n_resamples=n_resamples), console)
        if not groups:
            console.print("[dim]no strategy comparison: no two results share dataset, recipe and perturbed "
                          "queries[/dim]")


def print_comparison(comparison: dict, console: Any) -> None:
    """Print a ``compare_results`` dict: degradation per strategy, then every pair with CI and Holm p."""
    from rich.console import Group
    from rich.panel import Panel

    measures = comparison["measures"]
    conf = comparison.get("confidence", 0.95)
    inner = console.width - 4  # panel border and padding
    # Strategies x measures as a wide table when it fits, else one row per (strategy, measure).
    wide_cols = [("strategy", "fold", None)] + [(f"{m} degradation [{100 * conf:.0f}% CI]", "num", None)
                                                 for m in measures]
    wide_body = [[s["label"], *[fmt_ci(s["degradation"][m]) for m in measures]] for s in comparison["strategies"]]
    if _width_needed(wide_cols, wide_body) <= inner:
        strat = _fitted_table(wide_cols, wide_body, inner)
    else:
        body, sections = [], []
        for s in comparison["strategies"]:
            for k, m in enumerate(measures):
                body.append([s["label"] if k == 0 else "", m, fmt_ci(s["degradation"][m])])
                sections.append(k == 0)
        strat = _fitted_table([("strategy", "fold", None), ("measure", "text", None),
                               (f"degradation [{100 * conf:.0f}% CI]", "num", None)], body, inner, sections=sections)
    body = []
    for p in comparison["pairs"]:
        body.append([f"{p['a_label']} vs {p['b_label']}", p["measure"], fmt_ci(p["difference"]),
                     fmt_p(p["p_holm"]) + stars(p["p_holm"]), fmt(p.get("effect_size"), 2), more_robust(p)])
    columns = [("A vs B", "fold", None), ("measure", "text", None if len(measures) > 1 else 9),
               ("difference [95% CI]", "num", None), ("p Holm", "num", None), ("d_z", "num", 2),
               ("more robust", "fold", 1)]
    if len(measures) == 1:
        columns[1] = ("measure", "text", 9)  # dropped first: the title names the one measure
    pairs = _fitted_table(columns, body, inner,
                          caption="same perturbed queries for all; difference = degradation of A minus B (>0: B is "
                                  f"more robust); paired bootstrap CI; p: sign-flip test, {comparison['family']}; "
                                  "* p<=0.05")
    only = f", {measures[0]}" if len(measures) == 1 else ""
    title = (f"strategy comparison: {comparison['dataset']} / {comparison['recipe']}{only} "
             f"({comparison['n']} queries x {comparison['samples']} samples)")
    console.print(Panel(Group(strat, pairs), title=title, title_align="left", expand=True))
