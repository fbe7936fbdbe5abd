"""Perturbed queries on their own (``robustir perturb``), as JSONL rows for other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from robustir.errors import InputError
from robustir.io import atomic_write_text


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
    from robustir.evaluation import bind_batch_score_fn, prepare_attack, use_similarity
    from robustir.progress import progress_bars
    from robustir.validate import check_evaluation

    check_evaluation(samples=samples, seed=seed, resamples=1, k=1, limit=limit, batch_size=1)
    rec, bench, attack, n = prepare_attack(recipe, dataset, limit=limit, samples=samples, data_dir=data_dir)
    check_evaluation(samples=n, seed=seed, resamples=1, k=1, limit=limit, batch_size=1,
                     queries=len(bench.queries))
    texts = [q.text for q in bench.queries]
    with progress_bars(show_progress) as task:
        score_fn = None
        if attack.model_aware:
            if model is None:
                raise InputError(f"recipe {rec.name!r} is model-aware: give --model")
            from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH
            from robustir.models import load_encoder
            from robustir.retrieval import Retriever

            encoder = load_encoder(model, trust_remote_code=trust_remote_code, max_seq_length=max_seq_length,
                                   default_max_seq_length=DEFAULT_MAX_SEQ_LENGTH)
            retriever = Retriever(encoder, bench,
                                  progress=task("encoding corpus", len(bench.corpus)))
            score_fn = bind_batch_score_fn(retriever, bench, attack)
        sim = use_similarity()
        out = attack.run(texts, seed=seed, samples=n, languages=[q.language for q in bench.queries],
                         batch_score_fn=score_fn, similarity_fn=sim,
                         progress=task(f"perturbing ({rec.name})", len(texts)))
        from robustir.validity import annotate, floor_of

        out = annotate(texts, out, sim, floor_of(attack))
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
