"""Perturbed queries on their own (``robustir perturb``), as JSONL rows for other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from robustir.errors import InputError
from robustir.io import atomic_write_text


def perturb_queries(recipe: Any, dataset: Any, *, model: Any = None, limit: int | None = None,
                    samples: int | None = None, seed: int = 0, data_dir: Path | None = None,
                    show_progress: bool = False) -> list[dict[str, Any]]:
    """Rows ``{qid, sample, original, perturbed, edits, language}`` for every query and sample.

    Model-aware recipes need ``model`` (they search against its retrieval scores)."""
    from robustir.evaluation import bind_batch_score_fn, prepare_attack, use_similarity
    from robustir.progress import progress_bars

    rec, bench, attack, n = prepare_attack(recipe, dataset, limit=limit, samples=samples, data_dir=data_dir)
    texts = [q.text for q in bench.queries]
    with progress_bars(show_progress) as task:
        score_fn = None
        if attack.model_aware:
            if model is None:
                raise InputError(f"recipe {rec.name!r} is model-aware: give --model")
            from robustir.models import load_encoder
            from robustir.retrieval import Retriever

            retriever = Retriever(load_encoder(model), bench, progress=task("encoding corpus", len(bench.corpus)))
            score_fn = bind_batch_score_fn(retriever, bench, attack)
        out = attack.run(texts, seed=seed, samples=n, languages=[q.language for q in bench.queries],
                         batch_score_fn=score_fn, similarity_fn=use_similarity(),
                         progress=task(f"perturbing ({rec.name})", len(texts)))
    rows = []
    for q, per_query in zip(bench.queries, out):
        for s, p in enumerate(per_query):
            rows.append({"qid": q.id, "sample": s, "original": q.text, "perturbed": p.text,
                         "edits": [e.to_dict() for e in p.edits], "language": p.language})
    return rows


def write_jsonl(path: str | Path, rows: list[dict[str, Any]]) -> Path:
    """Atomically write one JSON object per line."""
    return atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows))
