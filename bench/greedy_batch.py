"""Texts per second the greedy (adversarial) pipeline feeds an instant encoder.

With a hashed bag-of-words ``Encoder`` (defined here, not in the package) every
second left is robustir's own: perturbation, constraints, search bookkeeping,
retrieval scoring, metrics. The benchmark runs ``robustir.evaluate`` on the
first ``--limit`` queries of a dataset, warm caches (one unmeasured warm-up run
first), and prints, per recipe, the texts handed to the model under test, the
encoder calls, the wall time and texts/s.

``--floor none`` replaces the semantic floor's encoder with a constant
similarity (the pipeline's own cost: what "before" measured, when typo-adv and
codeswitch-adv had no floor); ``--floor use`` keeps the multilingual USE floor
(its forward passes included). Run the same script against an older checkout
(``PYTHONPATH=/path/to/old``) for before/after numbers: the script adapts to an
``evaluate`` without ``similarity_fn``.

    python bench/greedy_batch.py --dataset boolq --limit 200 --recipes typo-adv,codeswitch-adv --floor none
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# bench/attacks.py would shadow the attacks package: drop this folder from the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class InstantEncoder:
    """Hashed bag of words (crc32 of each lower-cased word into 384 dims (me5-small's width)), L2-normalised.

    Implements robustir's ``Encoder`` protocol; costs microseconds per text, so the
    pipeline around it is what is measured. Counts texts and calls."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.name = f"instant-bow{dim}"
        self.fingerprint = f"instant-bow-{dim}-v1"
        self.max_seq_length = 512
        self.query_prompt = ""
        self.passage_prompt = ""
        self.texts = 0
        self.calls = 0

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.strip("?.,!\"'()").encode()) % self.dim] += 1.0
            out[i, 0] += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False
                        ) -> np.ndarray:
        return self._encode(texts)


def constant_similarity(originals: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
    """A floor that passes everything at no cost (``--floor none``)."""
    return np.ones(len(originals))


def run(recipe: str, bench: object, limit: int, floor: str, cache: Path) -> dict:
    """One measured ``evaluate`` (after a small warm-up): texts fed, calls, wall time, and the
    attack phase alone (``Attack.run``, timed by a wrapper)."""
    from robustir.attacks.attack import Attack

    from robustir.evaluation import evaluate

    kw = dict(seed=0, limit=limit, k=100, cache_dir=cache, bootstrap_resamples=1000)
    if floor == "none" and "similarity_fn" in inspect.signature(evaluate).parameters:
        kw["similarity_fn"] = constant_similarity
    evaluate(InstantEncoder(), bench, recipe, **{**kw, "limit": min(limit, 10)})  # warm caches
    enc = InstantEncoder()
    phase = {"s": 0.0, "texts": 0}
    inner = Attack.run

    def timed(self, *a, **k):  # type: ignore[no-untyped-def]
        t, n = time.perf_counter(), enc.texts
        try:
            return inner(self, *a, **k)
        finally:
            phase["s"] += time.perf_counter() - t
            phase["texts"] += enc.texts - n

    Attack.run = timed  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        res = evaluate(enc, bench, recipe, **kw)
        wall = time.perf_counter() - t0
    finally:
        Attack.run = inner  # type: ignore[method-assign]
    n_docs = res.data["provenance"]["dataset"]["documents"]
    fed = enc.texts - n_docs if enc.texts >= n_docs else enc.texts  # corpus vectors come from the cache
    att = [q["attacked"][0] for q in res.data["queries"]]
    return {"recipe": recipe, "texts_fed": fed, "encoder_calls": enc.calls, "wall_s": wall,
            "texts_per_s": fed / wall, "attack_s": phase["s"], "attack_texts": phase["texts"],
            "edited": sum(bool(a["edits"]) for a in att)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--recipes", default="typo-adv,codeswitch-adv")
    ap.add_argument("--floor", choices=("none", "use"), default="none")
    args = ap.parse_args()
    import robustir
    from robustir.data import load_benchmark

    bench = load_benchmark(args.dataset)  # parsed once: a one-off cost, not the pipeline's
    print(f"robustir from {Path(robustir.__file__).parent}; {args.dataset}, {args.limit} queries, "
          f"floor={args.floor}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        for r in args.recipes.split(","):
            row = run(r, bench, args.limit, args.floor, Path(tmp))
            print(f"{row['recipe']:<16} texts fed {row['texts_fed']:>7,}  encoder calls {row['encoder_calls']:>6,}  "
                  f"evaluate {row['wall_s']:6.2f} s = {row['texts_per_s']:>7,.0f} texts/s | attack phase "
                  f"{row['attack_texts']:>6,} texts in {row['attack_s']:6.2f} s = "
                  f"{row['attack_texts'] / max(row['attack_s'], 1e-9):>7,.0f} texts/s | edited {row['edited']}")


if __name__ == "__main__":
    main()
