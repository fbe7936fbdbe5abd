"""Perturbed queries on their own (``robustir perturb``), as JSONL rows for other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from robustir.errors import InputError
from robustir.io import atomic_write_text
from robustir.progress import progress_bars


def perturb_queries(recipe: Any, dataset: Any, *, model: Any = None, limit: int | None = None,
                    samples: int | None = None, seed: int = 0, data_dir: Path | None = None,
                    show_progress: bool = False, trust_remote_code: bool = False,
                    max_seq_length: int | None = None) -> list[dict[str, Any]]:
    """Rows ``{qid, sample, original, perturbed, edits, language, similarity, valid, failed,
    unperturbable}`` for every query and sample (validity: ``robustir.validity``).

    Model-aware recipes need ``model`` (they search against its retrieval scores), truncated at
    ``max_seq_length`` tokens (default: :data:`robustir.defaults.DEFAULT_MAX_SEQ_LENGTH`, as in ``attack``)."""
    _, _, rows = _perturb(recipe, dataset, model=model, limit=limit, samples=samples, seed=seed, data_dir=data_dir,
                          show_progress=show_progress, trust_remote_code=trust_remote_code,
                          max_seq_length=max_seq_length)
    return rows


def perturb_beir(recipe: Any, dataset: Any, *, model: Any = None, limit: int | None = None,
                 samples: int | None = None, seed: int = 0, data_dir: Path | None = None,
                 show_progress: bool = False, trust_remote_code: bool = False,
                 max_seq_length: int | None = None) -> list[dict[str, Any]]:
    """BEIR ``queries.jsonl`` objects for every query and sample (see :mod:`robustir.queryfile`):
    the perturbed text, and in ``metadata`` the original id and text, sample, edits, language,
    the validity fields the recipe set, and the recipe, seed and dataset it came from."""
    from robustir.queryfile import to_beir

    rec, bench, rows = _perturb(recipe, dataset, model=model, limit=limit, samples=samples, seed=seed,
                                data_dir=data_dir, show_progress=show_progress,
                                trust_remote_code=trust_remote_code, max_seq_length=max_seq_length)
    return to_beir(rows, recipe={"name": rec.name, "sha256": rec.sha256}, seed=seed,
                   dataset={"name": bench.name, "checksum": bench.checksum})


def _perturb(recipe: Any, dataset: Any, *, model: Any, limit: int | None, samples: int | None, seed: int,
             data_dir: Path | None, show_progress: bool,
             trust_remote_code: bool = False,
             max_seq_length: int | None = None) -> tuple[Any, Any, list[dict[str, Any]]]:
    """``(recipe, benchmark, rows)``: the rows hold, beyond the JSONL keys, any validity field set."""
    from robustir.evaluation import prepare

    # resolved and checked as for ``attack`` (options the perturbation does not use: their smallest value);
    # the model is resolved only when the recipe searches against it
    ev = prepare(None, dataset, recipe, samples=samples, seed=seed, limit=limit, k=1, bootstrap_resamples=1,
                 batch_size=1, data_dir=data_dir)
    rec, bench = ev.recipe, ev.bench
    with progress_bars(show_progress) as task:
        retriever = None
        if ev.built_attack().model_aware:
            if model is None:
                raise InputError(f"recipe {rec.name!r} is model-aware: give --model")
            from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH
            from robustir.models import load_encoder
            from robustir.retrieval import Retriever

            encoder = load_encoder(model, trust_remote_code=trust_remote_code, max_seq_length=max_seq_length,
                                   default_max_seq_length=DEFAULT_MAX_SEQ_LENGTH)
            retriever = Retriever(encoder, bench,
                                  progress=task("encoding corpus", len(bench.corpus)))
        out = ev.perturb(task, score_with=retriever, label="perturbing")
    rows = []
    for q, per_query in zip(bench.queries, out, strict=False):
        for s, p in enumerate(per_query):
            rows.append({"qid": q.id, "sample": s, "original": q.text, "perturbed": p.text,
                         "edits": [e.to_dict() for e in p.edits], "language": p.language,
                         "similarity": p.similarity, "valid": p.valid, "failed": p.failed,
                         "unperturbable": p.unperturbable})
    return rec, bench, rows


def write_jsonl(path: str | Path, rows: list[dict[str, Any]]) -> Path:
    """Atomically write one JSON object per line."""
    return atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows))
