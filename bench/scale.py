"""Time and peak memory of one evaluation against synthetic corpora of 10k to 1M (10M) passages.

Each size runs in its own process (so each peak is its own): a synthetic corpus
of ``--words``-word passages (topical: see :func:`synthetic`; seeded),
``--queries`` queries of 8 words taken from their one relevant passage, the
instant hashed bag-of-words encoder of ``bench/pipeline.py``, recipe ``typo``
with 2 samples, a fresh embedding cache. Reported per size: wall time, the
encoder's own time (corpus + queries), robustir's own time, peak RSS
(``getrusage``: anonymous memory plus the resident pages of memory-mapped
files), the RSS once the corpus (the input) is built, and the embeddings' size;
with ``--index ivf...`` also the recall@100 recorded in the result.

    python bench/scale.py [--sizes 10000,100000,1000000] [--ten-million] [--index flat|ivf:...]
                          [--queries 100] [--words 60]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/pipeline.py (the instant encoder)
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

DIM = 384


def rss_mb() -> float:
    """Current resident set size (MiB), from /proc."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (MiB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n: int, words: int, queries: int, seed: int = 0, topic_words: int = 50, uniform: bool = False) -> Any:
    """A Benchmark of ``n`` passages; each query is 8 words of its one relevant passage.

    Like real corpora, passages have topics: each belongs to one of ``n // 1000`` topics (at least 10)
    and draws half its words from that topic's own ``topic_words`` words, half from a general vocabulary
    of 50,000 words with Zipf-like frequencies (so embeddings cluster, as a real encoder's do).
    ``uniform``: no topics, every word from the Zipf vocabulary (the first version of this benchmark)."""
    from robustir.data.benchmark import Benchmark, Document, Query

    rng = np.random.default_rng(seed)
    n_topics = max(10, n // 1000)
    p = 1.0 / np.arange(1, 50_000 + 1) ** 0.9
    p /= p.sum()
    own = 0 if uniform else words // 2
    # every word of the vocabulary (w<i>x) and of every topic (t<topic>y<j>), so that a passage is one join
    vocab = [f"w{i}x" for i in range(50_000)] + [f"t{t}y{j}" for t in range(n_topics) for j in range(topic_words)]
    corpus = []
    block = 50_000  # drawn in blocks to bound the temporary arrays
    for start in range(0, n, block):
        m = min(block, n - start)
        ids = rng.choice(50_000, size=(m, words), p=p)
        if own:
            topics = rng.integers(0, n_topics, size=m)
            ids[:, words - own:] = 50_000 + topics[:, None] * topic_words + rng.integers(0, topic_words, (m, own))
            ids = np.take_along_axis(ids, np.argsort(rng.random((m, words)), axis=1), axis=1)  # shuffled per row
        corpus += [Document(id=f"d{start + i}", title="", text=" ".join(map(vocab.__getitem__, row)))
                   for i, row in enumerate(ids.tolist())]
    picks = rng.choice(n, size=min(queries, n), replace=False)
    qs, qrels = [], {}
    for i, j in enumerate(picks):
        qs.append(Query(id=f"q{i}", text=" ".join(corpus[j].text.split()[:8]), language="en"))
        qrels[f"q{i}"] = {corpus[j].id: 1}
    return Benchmark(name=f"synthetic-{n}", corpus=corpus, queries=qs, qrels=qrels)


def child(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """One size, in this process: build, evaluate, measure."""
    from pipeline import InstantEncoder

    import robustir

    class Timed(InstantEncoder):
        spent = 0.0
        spent_cpu = 0.0

        def _encode(self, texts: Any) -> np.ndarray:
            start, cstart = time.perf_counter(), time.process_time()
            try:
                return super()._encode(texts)
            finally:
                Timed.spent += time.perf_counter() - start
                Timed.spent_cpu += time.process_time() - cstart

    t0 = time.perf_counter()
    bench = synthetic(n, args.words, args.queries, uniform=args.uniform)
    build_s = time.perf_counter() - t0
    rss_corpus = rss_mb()
    extra = {"index": args.index} if args.index != "flat" else {}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        start, cstart = time.perf_counter(), time.process_time()
        result = robustir.evaluate(Timed(DIM), bench, "typo", samples=2, seed=0, cache_dir=Path(tmp),
                                   bootstrap_resamples=1000, **extra)
        wall, cpu = time.perf_counter() - start, time.process_time() - cstart
    info = result.provenance.get("index", {})
    return {"n": n, "wall_s": wall, "encoder_s": Timed.spent, "own_s": wall - Timed.spent, "build_s": build_s,
            "cpu_s": cpu, "encoder_cpu_s": Timed.spent_cpu, "own_cpu_s": cpu - Timed.spent_cpu,
            "load_avg": os.getloadavg()[0],
            "peak_rss_mb": peak_rss_mb(), "rss_after_corpus_mb": rss_corpus,
            "embeddings_mb": n * DIM * 4 / 2**20, "index": info or {"type": "flat"},
            "ndcg10": result.data["summary"]["nDCG@10"]["clean"]["mean"] if "nDCG@10" in result.data["summary"]
            else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--ten-million", action="store_true", help="also 10,000,000 passages (~15 GB of vectors)")
    ap.add_argument("--index", default="flat")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--words", type=int, default=60)
    ap.add_argument("--uniform", action="store_true", help="passages without topics (Zipf words only)")
    ap.add_argument("--tmp", default=None, help="folder for the embedding caches (default: the system's)")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args)), flush=True)
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([10_000_000] if args.ten_million else [])
    print(f"instant encoder ({DIM}-d), typo x2 samples, {args.queries} queries, {args.words}-word passages, "
          f"index {args.index}; cpus {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")
    rows = []
    for n in sizes:
        cmd = [sys.executable, __file__, "--child", str(n), "--index", args.index, "--queries", str(args.queries),
               "--words", str(args.words)] + (["--tmp", args.tmp] if args.tmp else []) \
            + (["--uniform"] if args.uniform else [])
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{n}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        got = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(got)
        print(json.dumps(got), file=sys.stderr, flush=True)
    print("| passages | wall s | encoder s | robustir own s | own s per 100k | CPU s | encoder CPU s | own CPU s "
          "| own CPU s per 100k | peak RSS MB | RSS after corpus MB "
          "| embeddings MB | peak - corpus - embeddings MB | index | recall@100 |")
    print("|" + "---|" * 15)
    for r in rows:
        over = r["peak_rss_mb"] - r["rss_after_corpus_mb"] - r["embeddings_mb"]
        rec = r["index"].get("recall@100")
        print(f"| {r['n']:,} | {r['wall_s']:.1f} | {r['encoder_s']:.1f} | {r['own_s']:.1f} | "
              f"{r['own_s'] / r['n'] * 1e5:.2f} | {r['cpu_s']:.1f} | {r['encoder_cpu_s']:.1f} | {r['own_cpu_s']:.1f} | "
              f"{r['own_cpu_s'] / r['n'] * 1e5:.2f} | {r['peak_rss_mb']:,.0f} | {r['rss_after_corpus_mb']:,.0f} | "
              f"{r['embeddings_mb']:,.0f} | {over:,.0f} | {r['index']['type']} "
              f"{json.dumps(r['index'].get('params', {}))} | {'' if rec is None else f'{rec:.4f}'} |")


if __name__ == "__main__":
    main()
