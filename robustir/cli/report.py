"""``robustir report`` (tables and report files from result JSON) and ``robustir compare`` (strategies)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from robustir.cli.app import app
from robustir.cli.attack import check_outputs

if TYPE_CHECKING:
    from robustir.result import Result


def load_results(paths: list[Path]) -> list[Result]:
    """Load result files as ``robustir.result.Result`` records, schema-checked by ``load_result`` and by
    what the reports read (``robustir.schema.check_result``)."""
    from robustir.result import load_result
    from robustir.schema import check_result

    out = []
    for p in paths:
        result = load_result(p)
        check_result(result.to_dict(), str(p))
        out.append(result)
    return out


@app.command("report")
def report_cmd(
    results: list[Path] = typer.Argument(..., help="Result JSON files written by `robustir attack --output`."),
    html: Path = typer.Option(None, "--html", help="Write a self-contained HTML report (tables, plots) here."),
    md: Path = typer.Option(None, "--md", help="Write a Markdown report here."),
    csv: Path = typer.Option(None, "--csv", help="Write a tidy CSV (query x sample x measure) here."),
    summary_csv: Path = typer.Option(None, "--summary-csv",
                                     help="Write the report's tests (estimates, raw and Holm p, family) as CSV here."),
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
    from robustir.report.data import build_report
    from robustir.report.terminal import print_report
    from robustir.validate import check_memory, check_positive, check_seed, estimate_bytes

    check_seed(seed)
    check_positive(resamples, "--resamples")
    check_outputs(files=(html, md, csv, summary_csv))
    data = load_results(results)
    check_memory(estimate_bytes(queries=max(len(r.queries) for r in data), resamples=resamples),
                 f"--resamples {resamples:,}")
    measures = list(measure) if measure else None
    if measures:
        for m in measures:
            if not any(m in r.measures for r in data):
                raise InputError(f"no result has measure {m!r} (they have: "
                                 f"{', '.join(dict.fromkeys(x for r in data for x in r.measures))})")
    console = Console()
    # computed once: the terminal and every file show the same numbers (same Holm families)
    report = build_report(data, measures=measures, compare=compare, seed=seed, n_resamples=resamples)
    print_report(report, console)
    if csv:
        from robustir.report.csv import write_csv

        write_csv(csv, data, measures)
        console.print(f"CSV written to [bold]{escape(str(csv))}[/bold]")
    if md:
        from robustir.report.markdown import write_report_markdown

        write_report_markdown(md, report)
        console.print(f"Markdown written to [bold]{escape(str(md))}[/bold]")
    if html:
        from robustir.report.html import write_report_html

        write_report_html(html, report)
        console.print(f"HTML written to [bold]{escape(str(html))}[/bold]")
    if summary_csv:
        from robustir.report.csv import write_summary_csv

        write_summary_csv(summary_csv, report)
        console.print(f"summary CSV written to [bold]{escape(str(summary_csv))}[/bold]")


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
    from robustir.report.terminal import print_comparison
    from robustir.validate import check_memory, check_positive, check_seed, estimate_bytes

    if len(results) < 2:
        raise InputError("compare needs at least two result files")
    check_seed(seed)
    check_positive(resamples, "--resamples")
    check_outputs(files=(json_out, md, html))
    data = load_results(results)
    check_memory(estimate_bytes(queries=max(len(r.queries) for r in data), resamples=resamples),
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
