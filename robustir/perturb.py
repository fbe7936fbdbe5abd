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
    """Rows ``{qid, sample, original, perturbed, edits, language, similarity, valid, failed,
    unperturbable}`` for every query and sample (validity: ``robustir.validity``).

    Model-aware recipes need ``model`` (they search against its retrieval scores)."""
    from robustir.evaluation import bind_score_fns, prepare_attack, use_similarity
    from robustir.progress import progress_bars

    rec, bench, attack, n = prepare_attack(recipe, dataset, limit=limit, samples=samples, data_dir=data_dir)
    texts = [q.text for q in bench.queries]
    with progress_bars(show_progress) as task:
        score_fns = None
        if attack.model_aware:
            if model is None:
                raise InputError(f"recipe {rec.name!r} is model-aware: give --model")
            from robustir.models import load_encoder
            from robustir.retrieval import Retriever

            retriever = Retriever(load_encoder(model), bench, progress=task("encoding corpus", len(bench.corpus)))
            score_fns = bind_score_fns(retriever, bench, attack)
        sim = use_similarity()
        out = attack.run(texts, seed=seed, samples=n, languages=[q.language for q in bench.queries],
                         score_fns=score_fns, similarity_fn=sim,
                         progress=task(f"perturbing ({rec.name})", len(texts)))
        from robustir.validity import annotate, floor_of

        out = annotate(texts, out, sim, floor_of(attack))
    rows = []
    for q, per_query in zip(bench.queries, out):
        for s, p in enumerate(per_query):
            rows.append({"qid": q.id, "sample": s, "original": q.text, "perturbed": p.text,
                         "edits": [e.to_dict() for e in p.edits], "language": p.language,
                         "similarity": p.similarity, "valid": p.valid, "failed": p.failed,
                         "unperturbable": p.unperturbable})
    return rows


def write_jsonl(path: str | Path, rows: list[dict[str, Any]]) -> Path:
    """Atomically write one JSON object per line."""
    return atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows))
