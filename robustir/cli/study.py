"""``robustir study``: run a whole grid of evaluations, resumably, and summarise it."""

from __future__ import annotations

from pathlib import Path

import typer

from robustir.cli.app import app


@app.command("study")
def study_cmd(
    study: str = typer.Argument(..., help="Study TOML file, or a built-in study name (hybrid-robustness)."),
    out: Path = typer.Option(None, "--output", "-o", help="Output folder (default: studies/<name>[-quick])."),
    old_out: Path = typer.Option(None, "--out", hidden=True, help="Old spelling of --output."),
    quick: bool = typer.Option(False, "--quick", help="Run the study's \\[quick] variant (a small slice of the grid)."),
    executor: str = typer.Option("local", "--executor", help="local, or ray (needs robustir\\[ray])."),
    address: str = typer.Option(None, "--address", help="Ray cluster address (with --executor ray)."),
    jobs: int = typer.Option(
        1, "--jobs", "-j", help="Worker processes of the local executor (groups run in parallel)."
    ),
    cache_dir: Path = typer.Option(
        None, "--cache-dir", help="Corpus-embedding cache (default: $ROBUSTIR_HOME/embeddings)."
    ),
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of local datasets (default: $ROBUSTIR_DATA)."),
    summary_only: bool = typer.Option(False, "--summary-only", help="Only (re)write the summary of the cells done."),
    trust_remote_code: bool = typer.Option(
        False, "--trust-remote-code", help="Allow model folders that bring their own Python code."
    ),
) -> None:
    """Run every (model, dataset, recipe, seed) cell not already done; write OUTPUT/summary.{json,html}.

    Exits 1 at the end if any cell failed (listing them); the others are kept, and
    running the same command again resumes.
    """
    import time

    from rich.console import Console

    from robustir.cli.aliases import renamed
    from robustir.study.executors import make_executor
    from robustir.study.runner import DefaultResolver, run_study
    from robustir.study.spec import load_study
    from robustir.study.summary import build_summary, print_summary, write_summary

    out = renamed(out, old_out, new="--output", old="--out")
    console = Console()
    make_executor(executor, address=address, jobs=jobs)  # options first: nothing is read or written before
    spec = load_study(study, quick=quick)
    out_dir = out if out is not None else Path("studies") / (spec.name + ("-quick" if quick else ""))
    start = time.perf_counter()
    if summary_only:
        summary = build_summary(spec, out_dir)
        write_summary(summary, out_dir)
        print_summary(summary, console)
        return
    run = run_study(
        spec,
        out_dir,
        executor=executor,
        address=address,
        jobs=jobs,
        cache_dir=cache_dir,
        data_dir=data_dir,
        resolver=DefaultResolver(trust_remote_code=trust_remote_code),
        log=lambda line: console.print(line, markup=False, highlight=False),
    )
    if run.summary is not None:  # run_study sets it only once summary.json and summary.html are written
        print_summary(run.summary, console)
        console.print(f"summary: {out_dir / 'summary.html'} and summary.json; cells under {out_dir / 'cells'}",
                      markup=False, highlight=False)
    else:
        console.print(f"no summary written; cells under {out_dir / 'cells'}", markup=False, highlight=False)
    console.print(f"[dim]wall time {time.perf_counter() - start:.1f} s[/dim]")
    if run.failed:
        typer.echo(f"robustir: {len(run.failed)} cell(s) failed or did not run:", err=True)
        for o in run.failed:
            typer.echo(f"  {o.cell.key}: {o.message}", err=True)
        typer.echo("fix the cause and run the same command again: finished cells are kept", err=True)
        raise typer.Exit(1)
