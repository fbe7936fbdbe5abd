"""``robustir attack`` and ``robustir perturb``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer

from robustir.cli import app


@app.command("attack")
def attack_cmd(
    recipe: str = typer.Option(..., "--recipe", "-r", help="Recipe name (see `robustir recipes`) or a TOML file."),
    model: str = typer.Option("me5-small", "--model", "-m", help="Built-in name, model directory or hub id."),
    dataset: str = typer.Option("boolq", "--dataset", "-d", help="Dataset name (see `robustir datasets`) or a BEIR folder."),
    limit: int = typer.Option(None, "--limit", help="Only the first N queries (against the full corpus)."),
    samples: int = typer.Option(None, "--samples", help="Perturbed versions per query (default: the recipe's)."),
    seed: int = typer.Option(0, "--seed", help="Seeds perturbations and bootstrap: same seed, same result."),
    k: int = typer.Option(100, "--k", help="Retrieval depth (run length)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the JSON result here."),
    runs: Path = typer.Option(None, "--runs", help="Also write TREC run files (clean, per sample) and qrels here."),
    batch_size: int = typer.Option(64, "--batch-size", help="Encoder batch size."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of local datasets (default: $ROBUSTIR_DATA)."),
    resamples: int = typer.Option(10_000, "--resamples", help="Bootstrap resamples for the confidence intervals."),
    surrogate: str = typer.Option(None, "--surrogate", help="Transfer attack: craft the adversarial (-adv) "
                                  "texts against this model, evaluate --model on exactly those texts."),
) -> None:
    """Attack a model's queries on a dataset and report the degradation with 95% CIs."""
    import time

    from rich.console import Console

    from robustir.evaluation import evaluate
    from robustir.report.terminal import print_result

    console = Console()
    start = time.perf_counter()
    result = evaluate(model, dataset, recipe, samples=samples, seed=seed, limit=limit, k=k, batch_size=batch_size,
                      data_dir=data_dir, runs_dir=runs, show_progress=True, bootstrap_resamples=resamples,
                      surrogate=surrogate)
    print_result(result.data, console)
    if output is not None:
        result.save(output)
        console.print(f"result written to [bold]{output}[/bold]")
    console.print(f"[dim]wall time {time.perf_counter() - start:.1f} s[/dim]")


@app.command("perturb")
def perturb_cmd(
    recipe: str = typer.Option(..., "--recipe", "-r", help="Recipe name or TOML file."),
    dataset: str = typer.Option("boolq", "--dataset", "-d", help="Dataset name or BEIR folder."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file: qid, sample, original, perturbed, edits, language."),
    model: str = typer.Option(None, "--model", "-m", help="Model for model-aware (adversarial) recipes."),
    limit: int = typer.Option(None, "--limit", help="Only the first N queries."),
    samples: int = typer.Option(None, "--samples", help="Perturbed versions per query (default: the recipe's)."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same perturbations."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of local datasets (default: $ROBUSTIR_DATA)."),
) -> None:
    """Write the perturbed queries alone, for reuse in other tools."""
    from robustir.perturb import perturb_queries, write_jsonl

    rows = perturb_queries(recipe, dataset, model=model, limit=limit, samples=samples, seed=seed, data_dir=data_dir,
                           show_progress=True)
    write_jsonl(output, rows)
    typer.echo(f"{len(rows)} perturbed queries written to {output}")
