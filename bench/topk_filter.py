"""Exact top-k on the whole float64 product against the float32 filter (``robustir.index.blas_top``), by corpus size.

Records the query vectors ``blas_top`` searches in one ``robustir.evaluate`` run (bench/pipeline.py's instant
encoder, BoolQ, semantic floor stubbed), then times ``blas_top`` on them both ways (``FILTER_ROWS_PER_K``
forced off and on) over BoolQ's corpus and over larger corpora built from it (passages drawn with
replacement plus Gaussian noise, renormalised), in CPU seconds of the process, ``--reps`` alternations, and
checks that ids and score bits are equal. What ``FILTER_ROWS_PER_K`` was chosen from (section 195).

    python bench/topk_filter.py [--recipe typo] [--limit 1000] [--sizes 2939,8000,16000,32000] [--reps 5] [--k 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402


def recorded_queries(recipe: str, limit: int) -> tuple[list[np.ndarray], np.ndarray]:
    """The query batches ``blas_top`` searched in one evaluation, and the corpus it searched."""
    from pipeline import InstantEncoder

    import robustir.index as ix
    from robustir.evaluation import evaluate

    batches: list[np.ndarray] = []
    corpus: list[np.ndarray] = []
    original = ix.blas_top

    def record(queries: np.ndarray, vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        batches.append(np.array(queries))
        corpus[:] = [np.array(vecs)]
        return original(queries, vecs, k)

    ix.blas_top = record
    try:
        with tempfile.TemporaryDirectory() as tmp:
            evaluate(InstantEncoder(), "boolq", recipe, limit=limit, seed=0, cache_dir=Path(tmp),
                     bootstrap_resamples=100, similarity_fn=lambda o, c: np.ones(len(o)))
    finally:
        ix.blas_top = original
    return batches, corpus[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recipe", default="typo")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--sizes", default="2939,8000,16000,32000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--k", type=int, default=100)
    args = ap.parse_args()

    import robustir.index as ix

    batches, docs = recorded_queries(args.recipe, args.limit)
    print(f"recipe {args.recipe}, limit {args.limit}: {sum(map(len, batches))} query vectors in {len(batches)} "
          f"searches; corpus {docs.shape}; k {args.k}; load average {os.getloadavg()[0]:.1f}")
    print("| corpus rows | float64 product min (median) CPU s | filter min (median) CPU s | ids and score bits equal |")
    print("|---|---|---|---|")
    rng = np.random.default_rng(0)
    for n in (int(s) for s in args.sizes.split(",")):
        if n == len(docs):
            d = docs
        else:
            d = docs[rng.integers(0, len(docs), n)] + rng.normal(0, 0.02, (n, docs.shape[1])).astype(np.float32)
            d = np.ascontiguousarray(d / np.linalg.norm(d, axis=1, keepdims=True), dtype=np.float32)
        times: dict[str, list[float]] = {"float64": [], "filter": []}
        got: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        for _ in range(args.reps):
            for name, rows in (("float64", 10**12), ("filter", 0)):
                ix.FILTER_ROWS_PER_K = rows
                start = time.process_time()
                got[name] = [ix.blas_top(q, d, args.k) for q in batches]
                times[name].append(time.process_time() - start)
        same = all(np.array_equal(a[1], b[1]) and np.array_equal(a[0].view(np.uint32), b[0].view(np.uint32))
                   for a, b in zip(got["float64"], got["filter"], strict=True))
        print(f"| {n:,} | {min(times['float64']):.3f} ({np.median(times['float64']):.3f}) | "
              f"{min(times['filter']):.3f} ({np.median(times['filter']):.3f}) | {same} |", flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
