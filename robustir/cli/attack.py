"""``robustir attack`` and ``robustir perturb``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer

from robustir.cli.app import app
from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH


def check_outputs(files: tuple[Path | None, ...] = (), folders: tuple[Path | None, ...] = ()) -> None:
    """Fail before any work when an output cannot be written (creates nothing)."""
    from robustir.io import check_output_path

    for path in files:
        if path is not None:
            check_output_path(path, folder=False)
    for path in folders:
        if path is not None:
            check_output_path(path, folder=True)


@app.command("attack")
def attack_cmd(
    recipe: str = typer.Option(None, "--recipe", "-r", help="Recipe name (see `robustir recipes`) or a TOML file."),
    queries: Path = typer.Option(
        None,
        "--queries",
        help="Evaluate these pre-perturbed queries (`robustir perturb` "
        "JSONL or BEIR queries.jsonl) instead of running a recipe.",
    ),
    model: str = typer.Option("me5-small", "--model", "-m", help="Built-in name, model directory or hub id."),
    dataset: str = typer.Option(
        "boolq", "--dataset", "-d", help="Dataset name (see `robustir datasets`) or a BEIR folder."
    ),
    limit: int = typer.Option(None, "--limit", help="Only N queries (against the full corpus): the first N, or "
                              "on a multilingual dataset N questions in every language."),
    samples: int = typer.Option(None, "--samples", help="Perturbed versions per query (default: the recipe's)."),
    seed: int = typer.Option(0, "--seed", help="Seeds perturbations and bootstrap: same seed, same result."),
    k: int = typer.Option(100, "--k", help="Retrieval depth (run length)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the JSON result here."),
    runs: Path = typer.Option(None, "--runs", help="Also write TREC run files (clean, per sample) and qrels here."),
    batch_size: int = typer.Option(
        None, "--batch-size", help="Encoder batch size (default: 64 on a CPU, 256 on a GPU)."
    ),
    device: str = typer.Option("auto", "--device", help="auto (CUDA when available), cpu, cuda or cuda:N."),
    precision: str = typer.Option(
        "auto",
        "--precision",
        help="On a GPU: auto (float16 when within 1e-3 cosine of float32, measured), fp32 or fp16.",
    ),
    index: str = typer.Option(
        "flat",
        "--index",
        help="flat (exact), ivf or hnsw, with parameters: ivf:nlist=4096,nprobe=64; hnsw:m=32,ef_search=256.",
    ),
    shard_size: int = typer.Option(None, "--shard-size", help="Passages per corpus-encoding shard (default 131072)."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of local datasets (default: $ROBUSTIR_DATA)."),
    resamples: int = typer.Option(10_000, "--resamples", help="Bootstrap resamples for the confidence intervals."),
    trust_remote_code: bool = typer.Option(
        False, "--trust-remote-code", help="Allow a model folder that brings its own Python code."
    ),
    max_seq_length: int = typer.Option(
        None, "--max-seq-length", help=f"Truncate the model's inputs at this many tokens (default: "
        f"{DEFAULT_MAX_SEQ_LENGTH}, or the model's own limit when lower; the same in every command)."
    ),
    surrogate: str = typer.Option(
        None,
        "--surrogate",
        help="Transfer attack: craft the adversarial (-adv) "
        "texts against this model, evaluate --model on exactly those texts.",
    ),
) -> None:
    """Attack a model's queries on a dataset and report the degradation with 95% CIs."""
    import time

    if (recipe is None) == (queries is None):
        from robustir.errors import InputError

        raise InputError("give --recipe, or --queries FILE with perturbed queries (not both)")

    from rich.console import Console
    from rich.markup import escape

    from robustir.evaluation import prepare
    from robustir.report.terminal import print_result
    from robustir.validate import check_evaluation, check_positive

    check_evaluation(samples=samples, seed=seed, resamples=resamples, k=k, limit=limit, batch_size=batch_size)
    check_positive(max_seq_length, "--max-seq-length", allow_none=True)
    check_outputs(files=(output,), folders=(runs,))
    console = Console()
    start = time.perf_counter()
    # everything resolved and checked (one line on bad input) before anything is encoded
    evaluation = prepare(model, dataset, recipe, queries=queries, samples=samples, seed=seed, limit=limit, k=k,
                         batch_size=batch_size, data_dir=data_dir, runs_dir=runs, show_progress=True,
                         bootstrap_resamples=resamples, trust_remote_code=trust_remote_code, device=device,
                         precision=precision, index=index, shard_size=shard_size, surrogate=surrogate,
                         max_seq_length=max_seq_length)
    result = evaluation.run()
    if output is not None:  # saved before printing: nothing the terminal does can lose the result
        result.save(output)
    print_result(result, console)
    if output is not None:
        console.print(f"result written to [bold]{escape(str(output))}[/bold]")
    console.print(f"[dim]wall time {time.perf_counter() - start:.1f} s[/dim]")


@app.command("perturb")
def perturb_cmd(
    recipe: str = typer.Option(..., "--recipe", "-r", help="Recipe name or TOML file."),
    dataset: str = typer.Option("boolq", "--dataset", "-d", help="Dataset name or BEIR folder."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file: qid, sample, original, perturbed, edits, "
                                "language, similarity, valid, failed, unperturbable."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (one row per query and sample, as --output says) or "
                            "beir (a BEIR queries.jsonl: _id QID::SAMPLE, text, metadata with the rest)."),
    model: str = typer.Option(None, "--model", "-m", help="Model for model-aware (adversarial) recipes."),
    limit: int = typer.Option(None, "--limit", help="Only the first N queries."),
    samples: int = typer.Option(None, "--samples", help="Perturbed versions per query (default: the recipe's)."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same perturbations."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of local datasets (default: $ROBUSTIR_DATA)."),
    trust_remote_code: bool = typer.Option(False, "--trust-remote-code",
                                           help="Allow a model folder that brings its own Python code."),
    max_seq_length: int = typer.Option(
        None, "--max-seq-length", help=f"Truncate the model's inputs at this many tokens (default: "
        f"{DEFAULT_MAX_SEQ_LENGTH}, or the model's own limit when lower; the same in every command)."
    ),
) -> None:
    """Write the perturbed queries alone, for reuse in other tools."""
    from robustir.perturb import perturb_beir, perturb_queries, write_jsonl
    from robustir.validate import check_evaluation, check_positive

    if fmt not in ("jsonl", "beir"):
        from robustir.errors import InputError

        raise InputError(f"--format must be jsonl or beir (got {fmt!r})")
    check_evaluation(samples=samples, seed=seed, resamples=1, k=1, limit=limit, batch_size=1)
    check_positive(max_seq_length, "--max-seq-length", allow_none=True)
    check_outputs(files=(output,))
    make = perturb_beir if fmt == "beir" else perturb_queries
    rows = make(recipe, dataset, model=model, limit=limit, samples=samples, seed=seed, data_dir=data_dir,
                show_progress=True, trust_remote_code=trust_remote_code, max_seq_length=max_seq_length)
    write_jsonl(output, rows)
    typer.echo(f"{len(rows)} perturbed queries written to {output}")
