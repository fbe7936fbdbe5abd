"""``robustir train`` (X-X / X-Y / hybrid batch training) and ``robustir evaluate`` (XQuAD-R / MLQA-R:
mono/cross/multi)."""

from __future__ import annotations

from pathlib import Path

import typer

from robustir.cli.app import app
from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH


def _langs(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [x.strip() for x in value.split(",") if x.strip()]


@app.command("train")
def train_cmd(
    strategy: str = typer.Option(
        "hybrid",
        "--strategy",
        help="xx (monolingual batches), xy (cross-lingual pairs) or hybrid (X-X with probability alpha, else X-Y).",
    ),
    alpha: float = typer.Option(0.5, "--alpha", help="Hybrid only: probability that a batch is X-X."),
    base: str = typer.Option(
        "me5-small", "--model", "-m", help="Base encoder to fine-tune: built-in name or sentence-transformers folder."
    ),
    data: str = typer.Option("xquad-r", "--dataset", "-d", help="Training data (xquad-r: the train articles)."),
    old_base: str = typer.Option(None, "--base", hidden=True, help="Old spelling of --model."),
    old_data: str = typer.Option(None, "--data", hidden=True, help="Old spelling of --dataset."),
    langs: str | None = typer.Option(None, "--langs", help="Comma-separated languages (default: all 11)."),
    epochs: float = typer.Option(1.0, "--epochs", help="Passes over the training questions."),
    max_steps: int | None = typer.Option(None, "--max-steps", help="Stop after this many steps (overrides epochs)."),
    batch_size: int = typer.Option(32, "--batch-size", help="Pairs per batch (in-batch negatives)."),
    max_seq_length: int = typer.Option(128, "--max-seq-length", help="Truncate training inputs to this many "
                                       "tokens (recorded in the model; evaluation has its own default)."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the training run (batch order, pair sampling)."),
    lr: float = typer.Option(3e-5, "--lr", help="AdamW learning rate."),
    scale: float = typer.Option(20.0, "--scale", help="Similarity scale of the loss (1 / temperature)."),
    save_steps: int = typer.Option(50, "--save-steps", help="Checkpoint every this many steps."),
    freeze_embeddings: bool = typer.Option(
        False, "--freeze-embeddings", help="Do not train the token embeddings (much faster on CPU)."
    ),
    train_layers: int | None = typer.Option(
        None, "--train-layers", help="Train only the top N transformer layers (implies frozen embeddings)."
    ),
    max_minutes: float | None = typer.Option(None, "--max-minutes", help="Stop (and save) after this much wall time."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the trained model."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="XQuAD-R folder (default: $ROBUSTIR_DATA)."),
    resume: bool = typer.Option(False, "--resume", help="Continue from the last checkpoint in OUTPUT/checkpoints."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace a model already in OUTPUT."),
    keep_checkpoints: bool = typer.Option(False, "--keep-checkpoints", help="Keep OUTPUT/checkpoints after success."),
    trust_remote_code: bool = typer.Option(
        False, "--trust-remote-code", help="Allow a model folder that brings its own Python code."
    ),
    eval_steps: int | None = typer.Option(
        None,
        "--eval-steps",
        help="Early stopping: score the XQuAD-R dev split's multilingual mAP every N steps (keeps the best weights).",
    ),
    patience: int = typer.Option(
        3, "--patience", help="Early stopping: evaluations without a new best before stopping."
    ),
    dev_limit: int | None = typer.Option(None, "--dev-limit", help="Early stopping: first N dev questions only."),
) -> None:
    """Fine-tune an encoder on XQuAD-R with X-X, X-Y or hybrid batches (arXiv 2408.10536)."""
    from rich.console import Console

    from robustir.cli.aliases import renamed
    from robustir.train.trainer import TrainConfig, train

    base = renamed(base, old_base, new="--model", old="--base", default="me5-small")
    data = renamed(data, old_data, new="--dataset", old="--data", default="xquad-r")
    result = train(
        TrainConfig(
            output=output,
            strategy=strategy,
            alpha=alpha,
            base=base,
            data=data,
            langs=_langs(langs),
            epochs=epochs,
            max_steps=max_steps,
            batch_size=batch_size,
            max_seq_length=max_seq_length,
            seed=seed,
            lr=lr,
            scale=scale,
            save_steps=save_steps,
            freeze_embeddings=freeze_embeddings,
            train_layers=train_layers,
            max_minutes=max_minutes,
            data_dir=data_dir,
            resume=resume,
            overwrite=overwrite,
            keep_checkpoints=keep_checkpoints,
            trust_remote_code=trust_remote_code,
            eval_steps=eval_steps,
            early_stopping_patience=patience,
            dev_limit=dev_limit,
        )
    )
    Console(stderr=True).print(f"trained {strategy} (alpha {result.metadata['alpha']}) for {result.steps} steps in "
                               f"{result.seconds} s, final loss {result.final_loss}: {result.output}", markup=False)


def _fmt(block: dict, digits: int = 3) -> str:
    return f"{block['mean']:.{digits}f} [{block['low']:.{digits}f}, {block['high']:.{digits}f}]"


def _print_results(results: list[dict]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    name = results[0]["provenance"]["dataset"]["name"] if results else "xquad-r"
    label = {"xquad-r": "XQuAD-R", "mlqa-r": "MLQA-R (zero-shot, LAReQA pool)"}.get(name, name)
    table = Table(title=f"{label} (95% bootstrap CI over questions)")
    for col in ("model", "strategy", "mono mAP", "cross mAP", "multi mAP", "language bias", "Max@R"):
        table.add_column(col, overflow="fold")
    for r in results:
        s = r["settings"]
        m = r["provenance"]["model"]
        strat = (m.get("training") or {}).get("strategy") or "-"
        if strat == "hybrid":
            strat += f" a={m['training'].get('alpha')}"
        multi = s.get("multi", {})
        table.add_row(escape(str(m.get("name"))), escape(strat),
                      _fmt(s["mono"]["map"]) if "mono" in s else "-",
                      _fmt(s["cross"]["map"]) if "cross" in s else "-",
                      _fmt(multi["map"]) if multi else "-",
                      _fmt(multi["language_bias"], 1) if multi else "-",
                      _fmt(multi["max_at_r"], 1) if multi else "-")
    console.print(table)
    for r in results:
        for w in r.get("warnings", []):
            console.print(f"[yellow]warning[/yellow] {escape(str(r['provenance']['model'].get('name')))}: "
                          f"{escape(str(w))}")
    if results:
        d = results[0]["provenance"]["dataset"]
        pool = results[0]['settings'].get('multi', {}).get('pool', '-')
        if d["name"] == "mlqa-r":
            console.print(f"{d['questions']} questions ({sum(d['queries'].values())} queries in "
                          f"{len(d['langs'])} languages, each question in 2-4), MLQA dev (no split); multi pool "
                          f"{pool} candidate sentences")
        else:
            console.print(f"{d['questions']} questions x {len(d['langs'])} languages, split {d['split']} "
                          f"({len(d['articles'])} articles); multi pool {pool} candidates")


@app.command("evaluate")
def evaluate_cmd(
    model: list[str] = typer.Option(..., "--model", "-m", help="Encoder (built-in name or folder); repeatable."),
    dataset: str = typer.Option("xquad-r", "--dataset", "-d", help="xquad-r (held-out articles) or mlqa-r (MLQA dev, "
                                "zero-shot; data from ROBUSTIR_DATA or --data-dir)."),
    setting: str = typer.Option("all", "--setting", help="mono, cross, multi or all (comma-separated allowed)."),
    langs: str | None = typer.Option(None, "--langs", help="Comma-separated languages (default: all 11 / 7)."),
    limit: int | None = typer.Option(None, "--limit", help="N questions, each in every language; chosen by "
                                        "sha256 of the question id (not file order)."),
    split: str | None = typer.Option(None, "--split", help="XQuAD-R: test (held out; default), dev, train or "
                                        "all. MLQA-R has no split."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
    resamples: int = typer.Option(10_000, "--resamples", help="Bootstrap resamples."),
    batch_size: int = typer.Option(64, "--batch-size", help="Encoder batch size."),
    max_seq_length: int | None = typer.Option(
        None, "--max-seq-length", help=f"Truncate the models' inputs at this many tokens (default: "
        f"{DEFAULT_MAX_SEQ_LENGTH}, or a model's own limit when lower; the same in every command)."
    ),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="XQuAD-R / MLQA-R folder (default: "
                                            "$ROBUSTIR_DATA)."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                          help="JSON result file (one model) or folder (several models)."),
    trust_remote_code: bool = typer.Option(False, "--trust-remote-code",
                                           help="Allow a model folder that brings its own Python code."),
) -> None:
    """Multilingual retrieval on XQuAD-R or MLQA-R: mono/cross/multi mAP, language bias, Max@R, with CIs."""
    from robustir.errors import InputError

    if dataset not in ("xquad-r", "mlqa-r"):
        raise InputError(f"evaluate supports --dataset xquad-r or mlqa-r (got {dataset!r}); "
                         "use `robustir attack` for other datasets")
    from robustir import xeval

    settings = list(xeval.SETTINGS) if setting == "all" else [x.strip() for x in setting.split(",") if x.strip()]
    bad = [s for s in settings if s not in xeval.SETTINGS]
    if bad:
        raise InputError(f"unknown --setting {','.join(bad)}; choose mono, cross, multi or all")
    from robustir.validate import check_memory, check_positive, check_seed, estimate_bytes

    check_seed(seed)
    check_positive(limit, "--limit", allow_none=True)
    check_positive(batch_size, "--batch-size", maximum=1 << 16)
    check_positive(max_seq_length, "--max-seq-length", allow_none=True)
    if resamples < 100:
        raise InputError("--resamples must be at least 100")
    check_memory(estimate_bytes(queries=limit or 1, resamples=resamples), f"--resamples {resamples:,}")
    data = xeval.build_eval_data(data_dir, _langs(langs), split=split, limit=limit, dataset=dataset)
    # now that the questions are known, and still before any model is loaded
    check_memory(estimate_bytes(queries=len(data.qids) * len(data.langs), resamples=resamples),
                 f"--resamples {resamples:,} on {len(data.qids):,} questions x {len(data.langs)} languages")
    results = []
    for spec in model:
        enc = xeval.load_model(spec, max_seq_length, trust_remote_code=trust_remote_code)
        results.append(xeval.evaluate(enc, data, settings, spec=spec, seed=seed, n_resamples=resamples,
                                      batch_size=batch_size))
    _print_results(results)
    if output is not None:
        from robustir.io import atomic_write_json

        if len(results) == 1 and output.suffix == ".json":
            atomic_write_json(output, results[0])
        else:
            for spec, r in zip(model, results, strict=False):
                from robustir.io import safe_filename

                atomic_write_json(output / f"{safe_filename(Path(spec).name or spec)}.json", r)
