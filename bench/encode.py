"""Corpus encoding: robustir's cached, chunked encoding vs a bare SentenceTransformer.encode.

Prints, from one run on this machine: the time of a bare ``SentenceTransformer.encode``
of the corpus (same texts, prompt, batch size), robustir's ``corpus_embeddings``
without the cache (goal: ratio <= 1.05), the largest difference between the two
embeddings, and the time of a second run that hits the on-disk cache.

    python bench/encode.py [--model me5-small] [--dataset boolq] [--docs 1000] [--repeats 2]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="me5-small")
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--docs", type=int, default=1000, help="first N corpus passages (0 = all)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=2, help="alternating repeats; the best time of each counts")
    args = ap.parse_args()

    import numpy as np
    import torch

    from robustir.data import load_benchmark
    from robustir.data.benchmark import Benchmark
    from robustir.env import configure_offline
    from robustir.models import load_encoder
    from robustir.retrieval import corpus_embeddings

    configure_offline()
    bench = load_benchmark(args.dataset)
    if args.docs:
        bench = Benchmark(name=bench.name, corpus=bench.corpus[:args.docs], queries=bench.queries[:1],
                          qrels={bench.queries[0].id: bench.qrels[bench.queries[0].id]})
    enc = load_encoder(args.model)
    texts = bench.corpus_texts()
    st = enc.model
    print(f"model {enc.name}, {len(texts)} passages of {bench.name}, batch {args.batch_size}, "
          f"torch threads {torch.get_num_threads()}")
    bare_times, ours_times = [], []
    for _ in range(args.repeats):
        t = time.perf_counter()
        bare = st.encode(texts, prompt=enc.passage_prompt or None, batch_size=args.batch_size,
                         normalize_embeddings=True, convert_to_numpy=True)
        bare_times.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            ours = corpus_embeddings(enc, bench, cache_dir=Path(tmp), batch_size=args.batch_size, use_cache=False)
            ours_times.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        corpus_embeddings(enc, bench, cache_dir=Path(tmp), batch_size=args.batch_size)
        t = time.perf_counter()
        corpus_embeddings(enc, bench, cache_dir=Path(tmp), batch_size=args.batch_size)
        hit = time.perf_counter() - t
    b, o = min(bare_times), min(ours_times)
    print(f"bare SentenceTransformer.encode: {b:.2f} s ({len(texts) / b:.0f} passages/s)")
    print(f"robustir corpus_embeddings:      {o:.2f} s ({len(texts) / o:.0f} passages/s)")
    print(f"ratio robustir / bare:           {o / b:.3f}  (goal <= 1.05)")
    print(f"max |difference| of embeddings:  {float(np.abs(bare - ours).max()):.2e}")
    print(f"second run (cache hit):          {hit * 1000:.1f} ms ({b / hit:.0f}x faster than encoding)")


if __name__ == "__main__":
    main()
