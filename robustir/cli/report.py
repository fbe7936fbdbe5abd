"""``robustir report`` (tables and report files from result JSON) and ``robustir compare`` (strategies)."""

from __future__ import annotations

from pathlib import Path

import typer

from robustir.cli import app
from robustir.cli.attack import check_outputs


def _groups_comparisons(results: list, measures: list[str] | None, seed: int, resamples: int) -> list:
    from robustir.report.compare import comparable_groups, compare_results

    out = []
    for g in comparable_groups(results):
        sub = [results[i] for i in g]
        common = [m for m in (measures or sub[0]["measures"]) if all(m in r["measures"] for r in sub)]
        if common:
            out.append(compare_results(sub, measures=common, seed=seed, n_resamples=resamples))
    return out


@app.command("report")
def report_cmd(
    results: list[Path] = typer.Argument(..., help="Result JSON files written by `robustir attack --output`."),
    html: Path = typer.Option(None, "--html", help="Write a self-contained HTML report (tables, plots) here."),
    md: Path = typer.Option(None, "--md", help="Write a Markdown report here."),
    csv: Path = typer.Option(None, "--csv", help="Write a tidy CSV (query x sample x measure) here."),
    measure: list[str] = typer.Option(None, "--measure", "-M", help="Only this measure (repeatable)."),
    compare: bool = typer.Option(True, "--compare/--no-compare",
                                 help="Pair results on identical perturbed queries and compare strategies."),
    seed: int = typer.Option(0, "--seed", help="Seed of the comparison bootstrap and randomisation test."),
    resamples: int = typer.Option(10_000, "--resamples", help="Bootstrap resamples for comparison CIs."),
) -> None:
    """Show results as tables (one per dataset) and write HTML, Markdown or CSV reports."""
    from rich.console import Console
    from rich.markup import escape

    from robustir.errors import InputError
    from robustir.report.extract import load_results
    from robustir.report.terminal import print_result, print_results
    from robustir.validate import check_memory, check_positive, check_seed, estimate_bytes

    check_seed(seed)
    check_positive(resamples, "--resamples")
    check_outputs(files=(html, md, csv))
    data = load_results(results)
    check_memory(estimate_bytes(queries=max(len(r["queries"]) for r in data), resamples=resamples),
                 f"--resamples {resamples:,}")
    measures = list(measure) if measure else None
    if measures:
        for m in measures:
            if not any(m in r["measures"] for r in data):
                raise InputError(f"no result has measure {m!r} (they have: "
                                 f"{', '.join(dict.fromkeys(x for r in data for x in r['measures']))})")
    console = Console()
    if len(data) == 1:
        print_result(data[0], console, measures=measures)
    else:
        print_results(data, console, measures=measures, compare=compare, seed=seed, n_resamples=resamples)
    comparisons = _groups_comparisons(data, measures, seed, resamples) if (compare and (html or md)) else []
    if csv:
        from robustir.report.csv import write_csv

        write_csv(csv, data, measures)
        console.print(f"CSV written to [bold]{escape(str(csv))}[/bold]")
    if md:
        from robustir.report.markdown import write_markdown

        write_markdown(md, data, measures=measures, comparisons=comparisons)
        console.print(f"Markdown written to [bold]{escape(str(md))}[/bold]")
    if html:
        from robustir.report.html import write_html

        write_html(html, data, measures=measures, comparisons=comparisons)
        console.print(f"HTML written to [bold]{escape(str(html))}[/bold]")


@app.command("compare")
def compare_cmd(
    results: list[Path] = typer.Argument(..., help="Two or more result files on the same perturbed queries."),
    measure: list[str] = typer.Option(None, "--measure", "-M", help="Only this measure (repeatable)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the bootstrap and randomisation test."),
    resamples: int = typer.Option(10_000, "--resamples", help="Bootstrap resamples and sign flips."),
    json_out: Path = typer.Option(None, "--json", help="Write the comparison (CIs, p-values) as JSON here."),
    md: Path = typer.Option(None, "--md", help="Write the comparison as Markdown here."),
    html: Path = typer.Option(None, "--html", help="Write an HTML report of the results and the comparison here."),
) -> None:
    """Compare training strategies (e.g. hybrid vs X-X) on identical perturbed queries: paired differences
    of degradation with bootstrap CIs and Holm-adjusted randomisation p-values."""
    from rich.console import Console
    from rich.markup import escape

    from robustir.errors import InputError
    from robustir.report.compare import compare_results
    from robustir.report.extract import load_results
    from robustir.report.terminal import print_comparison
    from robustir.validate import check_memory, check_positive, check_seed, estimate_bytes

    if len(results) < 2:
        raise InputError("compare needs at least two result files")
    check_seed(seed)
    check_positive(resamples, "--resamples")
    check_outputs(files=(json_out, md, html))
    data = load_results(results)
    check_memory(estimate_bytes(queries=max(len(r["queries"]) for r in data), resamples=resamples),
                 f"--resamples {resamples:,}")
    comparison = compare_results(data, measures=list(measure) if measure else None, seed=seed,
                                 n_resamples=resamples, names=[str(p) for p in results])
    comparison["files"] = [str(p) for p in results]
    console = Console()
    print_comparison(comparison, console)
    if json_out:
        from robustir.io import atomic_write_json

        atomic_write_json(json_out, comparison)
        console.print(f"comparison written to [bold]{escape(str(json_out))}[/bold]")
    if md:
        from robustir.io import atomic_write_text
        from robustir.report.markdown import comparison_markdown

        atomic_write_text(md, "\n".join(["# robustir strategy comparison", "", *comparison_markdown(comparison)]))
        console.print(f"Markdown written to [bold]{escape(str(md))}[/bold]")
    if html:
        from robustir.report.html import write_html

        write_html(html, data, measures=comparison["measures"], comparisons=[comparison],
                   title="robustir strategy comparison")
        console.print(f"HTML written to [bold]{escape(str(html))}[/bold]")
