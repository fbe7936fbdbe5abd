"""Terminal reports (rich): one result in detail, or many results as tables per dataset.

Formats a ``robustir.report.data.Report`` (computed once, shared with the file
reports). Numbers never wrap (names do) and no column is ever dropped: a table
wider than the terminal wraps its columns into successive tables that repeat the
key columns (as R prints a wide data frame). CIs are in brackets after the
estimate; ``*`` marks an adjusted p <= 0.05 and the Holm family is named in the
caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from robustir.report.data import Line, Report, build_report
from robustir.report.extract import (
    ResultLike,
    bootstrap_settings,
    fmt,
    fmt_ci,
    fmt_p,
    fmt_pct,
    fmt_rate,
    language_cells,
    more_robust,
    stars,
    summary_shares,
)
from robustir.schema import ResultRecord

__all__ = ["fitted_tables", "print_comparison", "print_report", "print_result", "print_results"]

#: (header, kind, key): kind "num" (right-aligned, never wrapped), "text" (never wrapped) or "fold"
#: (names: wrapped, counted as at most 10 characters); key columns are repeated in every wrapped block.
Column = tuple[str, str, bool]


def _table(title: str | None = None, caption: str | None = None) -> Any:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    # titles and captions carry dataset, model and measure names: text, never rich markup
    title = escape(title) if title else title
    caption = escape(caption) if caption else caption
    return Table(title=title, caption=caption, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
                 title_justify="left", caption_justify="left", title_style="bold", caption_style="dim")


def _row(table: Any, *cells: Any) -> None:
    """Add a row of plain text (no rich markup: labels such as "[hybrid]" must print as they are)."""
    from rich.text import Text

    table.add_row(*[c if not isinstance(c, str) else Text(c) for c in cells])


def _num(table: Any, header: Any, **kw: Any) -> None:
    table.add_column(header, justify="right", no_wrap=True, **kw)


#: A name column is never narrower than its longest word, up to this many characters: "me5-small-xquadr"
#: wraps between words, not inside one ("me5-small-x" over "quadr").
WORD_MAX = 18


def _fold_width(header: str, cells: Sequence[str]) -> int:
    """The narrowest a name column may be: its longest word (at least 8, at most ``WORD_MAX``)."""
    words = [len(w) for c in [header, *cells] for w in c.split()]
    return max(8, min(WORD_MAX, max(words, default=0)))


def _width_needed(columns: Sequence[Column], body: list[list[str]], keep: list[int] | None = None) -> int:
    """Columns' width at their widest cell (names counted at their narrowest, see ``_fold_width``, and
    at least 10 when they are that long), with padding and separators."""
    total = 0
    keep = list(range(len(columns))) if keep is None else keep
    for i in keep:
        header, kind, _ = columns[i]
        cells = [r[i] for r in body]
        widest = max([len(c) for c in cells] + [len(header)])
        total += min(widest, max(10, _fold_width(header, cells))) if kind == "fold" else widest
    return total + 3 * len(keep)  # padding 1 + 1 and a separator per column


def _blocks(columns: Sequence[Column], body: list[list[str]], width: int) -> list[list[int]]:
    """Column indices of each table: all of them when they fit ``width``, else the non-key columns
    packed greedily, in order, into blocks that each repeat the key columns. Every column appears."""
    if _width_needed(columns, body) <= width:
        return [list(range(len(columns)))]
    keys = [i for i, c in enumerate(columns) if c[2]]
    blocks: list[list[int]] = []
    cur: list[int] = []
    for i in (i for i, c in enumerate(columns) if not c[2]):
        if cur and _width_needed(columns, body, keys + cur + [i]) > width:
            blocks.append(cur)
            cur = []
        cur.append(i)
    blocks.append(cur)
    return [sorted(keys + b) for b in blocks]


def fitted_tables(columns: Sequence[Column], body: list[list[str]], width: int, sections: list[bool] | None = None,
                  title: str | None = None, caption: str | None = None) -> list[Any]:
    """Tables showing every column of ``body`` within ``width`` (see ``_blocks``); the title goes on the
    first, the caption under the last (at the full width when the columns wrapped, so that a narrow last
    block does not squeeze it)."""
    from rich.text import Text

    blocks = _blocks(columns, body, width)
    out: list[Any] = []
    for b, keep in enumerate(blocks):
        t = title if b == 0 else (f"{title} (continued)" if title else "(continued)")
        table = _table(title=t, caption=caption if len(blocks) == 1 else None)
        for i in keep:
            name, kind, _ = columns[i]
            header = Text(name)  # headers may carry model labels such as "m [xx]": text, never rich markup
            if kind == "num":
                _num(table, header)
            elif kind == "fold":
                table.add_column(header, overflow="fold", ratio=1, min_width=_fold_width(name, [r[i] for r in body]))
            else:
                table.add_column(header, no_wrap=True)
        for k, r in enumerate(body):
            if sections and sections[k] and k > 0:
                table.add_section()
            _row(table, *[r[i] for i in keep])
        out.append(table)
    if caption and len(blocks) > 1:
        out.append(Text(caption, style="dim"))
    return out


def _print_all(console: Any, tables: list[Any]) -> None:
    for t in tables:
        console.print(t)


def _extra_headers(lines: Sequence[Line]) -> list[str]:
    """Headers of the extra cells some lines carry (``Line.extra``), in order of first appearance."""
    return list(dict.fromkeys(h for ln in lines for h in ln.extra))


def _method_note(summaries: Sequence[dict]) -> str:
    conf, methods, res, two = bootstrap_settings(summaries)
    m = "BCa" if methods == {"BCa"} else ("BCa/percentile" if "BCa" in methods else "percentile")
    parts = [f"{100 * conf:.0f}% CIs: paired bootstrap over queries ({m}"]
    if res:
        parts.append(f", {res:,} resamples")
    if two:
        parts.append(", two-level: queries and attack samples")
    return "".join(parts) + ")"


def print_report(report: Report, console: Any) -> None:
    """Print a report: one result in detail, or many as tables per dataset followed by comparisons."""
    if len(report.results) == 1:
        _print_single(report, console)
    else:
        _print_many(report, console)


def print_result(result: ResultLike, console: Any, *, measures: Sequence[str] | None = None) -> None:
    """Print one result: a table of measures with clean, attacked and degradation [CI], p-values and shares.

    p-values are Holm-adjusted over all measures of the result. A per-language
    table follows when the queries span several languages.
    """
    print_report(build_report([result], measures=measures), console)


def print_results(results: Sequence[ResultLike], console: Any, *, measures: Sequence[str] | None = None,
                  compare: bool = True, seed: int = 0, n_resamples: int = 10_000) -> None:
    """Print many results: one table per dataset (rows: recipe x model x measure), then strategy comparisons.

    p-values are Holm-adjusted over the measures of each result (``robustir.report.data``).
    With ``compare``, each group of results on identical perturbed queries gets a
    panel of paired strategy comparisons (``robustir.report.compare``).
    """
    print_report(build_report(results, measures=measures, compare=compare, seed=seed, n_resamples=n_resamples),
                 console)


def _print_single(report: Report, console: Any) -> None:
    from rich.markup import escape
    from rich.text import Text

    result = report.results[0]
    prov = result.provenance
    lines = report.lines
    head = Text()
    head.append(prov.model_label, style="bold cyan")
    head.append("  on  ")
    head.append(prov.dataset_name, style="bold")
    head.append("  under  ")
    head.append(prov.recipe_name, style="bold magenta")
    console.print(head)
    n = len(result.queries)
    k = lines[0].row.samples if lines else (prov.samples if "samples" in prov else "?")
    langs = result.languages()
    seed = prov.seed if "seed" in prov else "?"
    console.print(f"[dim]{n} queries x {k} attack samples, seed {escape(str(seed))}, "
                  f"language{'s' if len(langs) > 1 else ''} {escape(', '.join(map(str, langs)))}[/dim]")
    extra = _extra_headers(lines)
    body = []
    for ln in lines:
        s, p = ln.row.summary, ln.p_holm
        body.append([ln.row.measure, fmt(s["clean"]["mean"]), fmt(s["attacked"]["mean"]), fmt_ci(s["degradation"]),
                     fmt_pct(s["relative"]["mean"]), fmt_p(p) + stars(p), fmt(s.get("effect_size"), 2),
                     summary_shares(s), *[ln.extra.get(h, "") for h in extra]])
    columns: list[Column] = [("measure", "text", True), ("clean", "num", False), ("attacked", "num", False),
                             ("degradation [95% CI]", "num", False), ("rel.", "num", False),
                             ("p Holm", "num", False), ("d_z", "num", False), ("worse/same/better", "num", False),
                             *[(h, "num", False) for h in extra]]
    _print_all(console, fitted_tables(columns, body, console.width,
                                       caption=f"{_method_note(report.summaries())}; p: sign-flip test, "
                                               f"{report.holm_over}; * p<=0.05"))
    succ = result.success
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
    _print_languages(report, console)


def _print_validity(result: ResultRecord, console: Any) -> None:
    """Degradation over the valid perturbations only, the valid share and the unperturbable
    count (``robustir.validity``); nothing for results written before validity existed."""
    v = result.validity
    if not v:
        return
    share = v.get("valid_share")
    console.print(f"validity: [bold]{v['valid']} of {v['attacked']}[/bold] perturbed samples kept the meaning "
                  f"({'-' if share is None else f'{100 * share:.1f}%'}; USE-m cosine >= {v['floor']}); "
                  f"{v['unperturbable']} samples unperturbable ({v.get('unperturbable_queries', '?')} queries, "
                  f"never counted as attacked), {v['unchanged']} unchanged")
    sv = result.summary_valid or {}
    for m, s in sv.items():
        console.print(f"  {m} over valid perturbations only: degradation {fmt_ci(s['degradation'])} "
                      f"({fmt_pct(s['relative']['mean'])}) on {s.get('n', '?')} queries")


def _print_languages(report: Report, console: Any) -> None:
    """Degradation of one measure per query language (cross-lingual sets mix languages)."""
    many = len(report.results) > 1
    for lt in report.languages:
        console.print()
        body = [language_cells(b) for b in lt.blocks]
        columns: list[Column] = [("language", "text", True), ("queries", "num", False), ("clean", "num", False),
                                 ("attacked", "num", False), ("degradation [95% CI]", "num", False),
                                 ("p", "num", False)]
        title = f"{lt.measure} by query language" + (f": {lt.label}" if many else "")
        _print_all(console, fitted_tables(columns, body, console.width, title=title,
                                           caption="CIs: 2,000 bootstrap resamples per language; p not adjusted"))


def _dataset_tables(name: str, lines: list[Line], caption: str, width: int) -> list[Any]:
    n = sorted({ln.row.n for ln in lines})
    extra = _extra_headers(lines)
    body, sections = [], []
    last = None
    for ln in lines:
        r, p = ln.row, ln.p_holm
        key = (r.recipe, r.model, r.index)
        first = key != last
        last = key
        s = r.summary
        sections.append(first)
        body.append([r.recipe if first else "", r.model if first else "", r.measure, fmt(s["clean"]["mean"]),
                     fmt(s["attacked"]["mean"]), fmt_ci(s["degradation"]),
                     fmt_pct(r.success.get("rate")) if (first and r.success) else "", fmt_p(p) + stars(p),
                     *[ln.extra.get(h, "") for h in extra]])
    columns: list[Column] = [("recipe", "fold", True), ("model", "fold", True), ("measure", "text", True),
                             ("clean", "num", False), ("attacked", "num", False),
                             ("degradation [95% CI]", "num", False), ("success", "num", False),
                             ("p Holm", "num", False), *[(h, "num", False) for h in extra]]
    return fitted_tables(columns, body, width, sections=sections,
                          title=f"{name}  ({'/'.join(map(str, n))} queries)", caption=caption)


def _print_many(report: Report, console: Any) -> None:
    caption = (_method_note(report.summaries()) + "; success: attack success rate; p: sign-flip test, "
               f"{report.holm_over}; * p<=0.05")
    for ds, sel in report.by_dataset():
        _print_all(console, _dataset_tables(ds, sel, caption, console.width))
    for c in report.comparisons:
        print_comparison(c, console)
    if len(report.results) > 1 and not report.comparisons:
        console.print("[dim]no strategy comparison: no two results share dataset, recipe and perturbed "
                      "queries[/dim]")
    _print_languages(report, console)


def print_comparison(comparison: dict, console: Any) -> None:
    """Print a ``compare_results`` dict: degradation per strategy, then every pair with CI and Holm p."""
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel

    measures = comparison["measures"]
    conf = comparison.get("confidence", 0.95)
    inner = console.width - 4  # panel border and padding
    # Strategies x measures as a wide table when it fits, else one row per (strategy, measure).
    wide_cols: list[Column] = [("strategy", "fold", True)] + [
        (f"{m} degradation [{100 * conf:.0f}% CI]", "num", False) for m in measures]
    wide_body = [[s["label"], *[fmt_ci(s["degradation"][m]) for m in measures]] for s in comparison["strategies"]]
    if _width_needed(wide_cols, wide_body) <= inner:
        strat = fitted_tables(wide_cols, wide_body, inner)
    else:
        body, sections = [], []
        for s in comparison["strategies"]:
            for k, m in enumerate(measures):
                body.append([s["label"] if k == 0 else "", m, fmt_ci(s["degradation"][m])])
                sections.append(k == 0)
        strat = fitted_tables([("strategy", "fold", True), ("measure", "text", True),
                                (f"degradation [{100 * conf:.0f}% CI]", "num", False)], body, inner,
                               sections=sections)
    body = []
    for p in comparison["pairs"]:
        body.append([f"{p['a_label']} vs {p['b_label']}", p["measure"], fmt_ci(p["difference"]),
                     fmt_p(p["p_holm"]) + stars(p["p_holm"]), fmt(p.get("effect_size"), 2), more_robust(p)])
    columns: list[Column] = [("A vs B", "fold", True), ("measure", "text", True),
                             ("difference [95% CI]", "num", False), ("p Holm", "num", False),
                             ("d_z", "num", False), ("more robust", "fold", False)]
    pairs = fitted_tables(columns, body, inner,
                           caption="same perturbed queries for all; difference = degradation of A minus B (>0: B "
                                   f"is more robust); paired bootstrap CI; p: sign-flip test, {comparison['family']}; "
                                   "* p<=0.05")
    only = f", {measures[0]}" if len(measures) == 1 else ""
    title = (f"strategy comparison: {comparison['dataset']} / {comparison['recipe']}{only} "
             f"({comparison['n']} queries x {comparison['samples']} samples)")
    console.print(Panel(Group(*strat, *pairs), title=escape(title), title_align="left", expand=True))
