"""The multilingual-USE semantic floor: one batch of distinct texts against two batches of pairs.

A greedy step checks N candidate rewrites of ONE original. The constraint used to
encode the originals (N copies of the same text plus the reference) and the
candidates as two batches; ``robustir.evaluation.use_similarity`` now encodes the
distinct texts once. This prints, from one run on this machine, the time per
greedy step of both ways on the same steps (the first ``--queries`` BoolQ
questions, each with ``--candidates`` one-word rewrites taken from the other
questions' words), their ratio, and the largest difference of the cosines (the
batches differ, so float rounding may differ: ~1e-7).

    python bench/semantic.py [--queries 100] [--candidates 12]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def steps(n_queries: int, n_candidates: int) -> list[tuple[list[str], list[str]]]:
    """(originals, candidates) of ``n_queries`` greedy steps, as the search builds them."""
    from bench.attacks import load_queries

    queries, _ = load_queries(n_queries + n_candidates)
    vocab = [w for q in queries for w in q.split() if len(w) > 3]
    out = []
    for i, q in enumerate(queries[:n_queries]):
        words = q.split()
        pos = i % len(words)
        cands = [" ".join(words[:pos] + [vocab[(i * 7 + j) % len(vocab)]] + words[pos + 1:])
                 for j in range(n_candidates)]
        out.append(([q] * len(cands) + [q], cands + [q]))  # the pairs, then the reference (SemanticFloor)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--candidates", type=int, default=12)
    args = ap.parse_args()
    from robustir.evaluation import use_similarity
    from robustir.models import load_encoder

    enc = load_encoder("use-m")
    enc.encode_queries(["warm up the tokenizer and weights"])

    def two_batches(originals: list[str], candidates: list[str]) -> np.ndarray:  # the previous way
        return np.sum(enc.encode_queries(originals) * enc.encode_queries(candidates), axis=1)

    ours = use_similarity()
    ours(["warm up"], ["warm up"])
    work = steps(args.queries, args.candidates)
    t0 = time.perf_counter()
    old = [two_batches(o, c) for o, c in work]
    t_old = time.perf_counter() - t0
    t0 = time.perf_counter()
    new = [ours(o, c) for o, c in work]
    t_new = time.perf_counter() - t0
    diff = max(float(np.abs(a - b).max()) for a, b in zip(old, new, strict=False))
    print(f"{len(work)} greedy steps of {args.candidates} candidates (use-m, numpy, {os.cpu_count()} CPUs)")
    print(f"two batches of pairs : {1000 * t_old / len(work):7.2f} ms/step")
    print(f"one batch of distinct: {1000 * t_new / len(work):7.2f} ms/step")
    print(f"speed-up             : {t_old / t_new:7.2f}x   largest cosine difference {diff:.2e}")


if __name__ == "__main__":
    main()
