"""Two helpers for measuring the pipeline on a lent GPU that cannot receive me5-small's 470 MB of weights.

``build SRC DST``: a sentence-transformers folder with SRC's architecture, tokenizer, pooling and prompts
(everything in SRC but ``model.safetensors``) and *random* weights (``BertModel(config)`` under seed 0,
transformers' own initialisation). Its forward pass costs exactly what me5-small's does on the same texts
(same shapes, same tokenizer, so the same token counts); its vectors mean nothing, so a run with it measures
throughput and GPU busy only, never retrieval quality or attack success.

``build`` takes ``--seed`` (default 0), so that a study's models differ. ``selfset DATASET DST [--queries 1000]
[--corpus 0] [--offset 0]``: a BEIR folder in which each query's one relevant
passage is its own text, among the dataset's passages (all, or the first ``--corpus``). A random-weight model
ranks a query's own text first (or near it), so model-aware attacks really search, as they do on a trained
model (on the dataset itself, a random model fails nearly every clean query and the attacks have nothing to
do); how long each search runs differs from a trained model's.

``ceiling MODEL [--dataset boolq] [--texts 20000]``: how many query texts per second the GPU encodes when
nothing else runs (length-sorted batches of 256), through sentence-transformers' ``encode`` and through
robustir's encoder (robustir.models.feed on a GPU), in float32 and float16, with GPU busy per pass and the
largest cosine difference between float16 and float32 over those texts: what the pipeline would have to feed.

``slimhome DST``: the typo recipes' part of ROBUSTIR_HOME as a .tar.xz for bench/gpu_busy.sh.
``floor [--texts 20000] [--device cuda]``: the semantic floor's use-m through robustir.models.use_torch on the
device against numpy on the CPU: texts/s of each, the largest difference, and rows whose bytes change with their
batch (section 295).

    python bench/gpu_probe.py build ~/.cache/robustir/resources/me5-small /tmp/me5-random
    python bench/gpu_probe.py selfset boolq /tmp/boolq-self --queries 1000
    python bench/gpu_probe.py ceiling /tmp/me5-random --texts 20000
    python bench/gpu_probe.py halfcpu me5-small -n 256    # the real weights' float16 error, on a CPU
    python bench/gpu_probe.py floor --texts 20000          # use-m on the GPU: speed, difference, batch independence
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build(src: Path, dst: Path, seed: int = 0) -> None:
    """Copy ``src`` without its weights into ``dst`` and write random weights of the same shapes (``seed``: a
    study's models each get their own, so that each searches its own way and encodes its own corpus)."""
    import torch
    from transformers import AutoConfig, AutoModel

    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.safetensors", "pytorch_model.bin",
                                                            ".robustir-resource.json"))
    torch.manual_seed(seed)
    model = AutoModel.from_config(AutoConfig.from_pretrained(str(src)))
    model.save_pretrained(str(dst), safe_serialization=True)
    n = sum(p.numel() for p in model.parameters())
    print(f"built {dst}: {n / 1e6:.1f}M random parameters (seed {seed}), architecture of {src}")


def selfset(dataset: str, dst: Path, n_queries: int, n_corpus: int, offset: int = 0) -> None:
    """Write the self-retrieval BEIR folder described in the module docstring."""
    import json

    from robustir.data import load_benchmark

    bench = load_benchmark(dataset)
    queries = bench.queries[offset:offset + n_queries]
    docs = bench.corpus[:n_corpus] if n_corpus else bench.corpus
    (dst / "qrels").mkdir(parents=True, exist_ok=True)
    with open(dst / "corpus.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"_id": d.id, "title": d.title, "text": d.text}, ensure_ascii=False) + "\n")
        for q in queries:
            f.write(json.dumps({"_id": f"self-{q.id}", "title": "", "text": q.text}, ensure_ascii=False) + "\n")
    with open(dst / "queries.jsonl", "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps({"_id": q.id, "text": q.text}, ensure_ascii=False) + "\n")
    with open(dst / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for q in queries:
            f.write(f"{q.id}\tself-{q.id}\t1\n")
    print(f"wrote {dst}: {len(queries)} queries, {len(docs) + len(queries)} passages")


def ceiling(model_dir: str, dataset: str, n_texts: int) -> None:
    """Encode ``n_texts`` query texts (the dataset's queries, repeated) four ways: sentence-transformers'
    ``encode`` and robustir's encoder (on a GPU: robustir.models.feed's overlapped path), each in fp32 and fp16;
    print texts/s and GPU busy per pass, the tokeniser alone, and the fp16 vs fp32 cosine difference."""
    import numpy as np
    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline import GpuBusy

    from robustir.data import load_benchmark
    from robustir.models import load_encoder
    from robustir.models.device import GPU_BATCH_SIZE, max_cosine_difference

    queries = [q.text for q in load_benchmark(dataset).queries]
    texts = [queries[i % len(queries)] + ("" if i < len(queries) else f" {i // len(queries)}")
             for i in range(n_texts)]
    enc = load_encoder(model_dir, device="cuda")
    st = enc.model
    start = time.perf_counter()
    for i in range(0, n_texts, GPU_BATCH_SIZE):
        st.preprocess(texts[i:i + GPU_BATCH_SIZE], prompt=enc.query_prompt)
    print(f"tokeniser alone (sentence-transformers preprocess, one thread): "
          f"{n_texts / (time.perf_counter() - start):,.0f} texts/s", flush=True)
    ways = {"sentence-transformers encode": lambda: st.encode(texts, prompt=enc.query_prompt,
                                                              batch_size=GPU_BATCH_SIZE, normalize_embeddings=True,
                                                              convert_to_numpy=True),
            "robustir encoder": lambda: enc.encode_queries(texts, batch_size=GPU_BATCH_SIZE)}
    got = {}
    for label, cast in (("fp32", st.float), ("fp16", st.half)):
        cast()
        for way, fn in ways.items():
            enc.encode_queries(texts[:2048], batch_size=GPU_BATCH_SIZE)  # warm-up: kernels, allocator
            torch.cuda.synchronize()
            with GpuBusy(period_ms=50) as gpu:
                start = time.perf_counter()
                got[label, way] = np.asarray(fn(), dtype=np.float32)
                torch.cuda.synchronize()
                wall = time.perf_counter() - start
            print(f"{way} {label}: {n_texts} texts in {wall:.2f} s = {n_texts / wall:,.0f} texts/s, GPU busy "
                  f"{gpu.mean if gpu.mean is not None else float('nan'):.0f}% (batch {GPU_BATCH_SIZE}, "
                  f"{torch.cuda.get_device_name()})", flush=True)
    for way in ways:
        print(f"{way}: fp16 vs fp32 largest 1 - cos {max_cosine_difference(got['fp32', way], got['fp16', way]):.2e}")
    print(f"robustir vs sentence-transformers, fp32: largest 1 - cos "
          f"{max_cosine_difference(got['fp32', 'robustir encoder'], got['fp32', 'sentence-transformers encode']):.2e}"
          " (random weights)")


def floor(dataset: str, n_texts: int, device: str) -> None:
    """The semantic floor's use-m on ``device`` (robustir.models.use_torch) against numpy on the CPU: texts/s
    of each (numpy on 2,000 texts, one thread), the largest difference between their vectors, and whether the
    torch path's vectors keep their bytes whatever their batch (300 texts alone, together, in shuffled batches
    of 7, in micro-batches of 64 tokens: the rows that differ are counted)."""
    import random

    import numpy as np

    from robustir.data import load_benchmark
    from robustir.models import use, use_torch

    os.environ["ROBUSTIR_USE_CACHE"] = "off"
    bench = load_benchmark(dataset)
    pool = [q.text for q in bench.queries] + [d.text[:160] for d in bench.corpus]
    texts = [pool[i % len(pool)] + ("" if i < len(pool) else f" {i // len(pool)}") for i in range(n_texts)]
    numpy_enc = use.UseEncoder()
    numpy_enc.encode_queries(texts[:50])
    start = time.perf_counter()
    ref = numpy_enc.encode_queries(texts[:2000])
    print(f"use-m numpy (CPU, one thread): {2000 / (time.perf_counter() - start):,.0f} texts/s", flush=True)
    torch_enc = use.UseEncoder()
    use_torch.install_torch(torch_enc._model(), device)
    torch_enc.device = device  # as a GPU floor encoder: GPU_TEXTS_PER_CALL texts a backend call
    torch_enc.encode_queries(texts[:2000])  # warm-up: weights to the device, kernels
    start = time.perf_counter()
    got = torch_enc.encode_queries(texts)
    wall = time.perf_counter() - start
    print(f"use-m torch on {device}: {n_texts} texts in {wall:.2f} s = {n_texts / wall:,.0f} texts/s", flush=True)
    diff = np.abs(got[:2000] - ref)
    cos = np.sum(got[:2000].astype(np.float64) * ref, axis=1)
    print(f"torch vs numpy over 2,000 texts: largest |difference| {diff.max():.2e}, smallest cosine 1 - "
          f"{1 - cos.min():.2e}, rows with the same bytes {int((diff.max(axis=1) == 0).sum())}")
    some = texts[:300]
    together = torch_enc.encode_queries(some)
    alone = np.stack([torch_enc.encode_queries([t])[0] for t in some])
    order = list(range(len(some)))
    random.Random(0).shuffle(order)
    shuffled = np.empty_like(together)
    for lo in range(0, len(order), 7):
        shuffled[order[lo:lo + 7]] = torch_enc.encode_queries([some[i] for i in order[lo:lo + 7]])
    torch_enc._model()._robustir_budget = 64
    small = torch_enc.encode_queries(some)
    for label, other in (("alone", alone), ("shuffled batches of 7", shuffled), ("micro-batches of 64 tokens", small)):
        print(f"batch independence on {device}, 300 texts together vs {label}: "
              f"{int((together != other).any(axis=1).sum())} rows differ")


def slimhome(dst: Path) -> None:
    """``dst`` (.tar.xz): the part of ROBUSTIR_HOME the typo recipes read on a lent GPU: resources/boolq, and
    nltk_data with only corpora/stopwords and a copy of its ``.robustir-resource.json`` listing only those files
    (robustir's check stats the files its manifest lists; WordNet and OMW, 28 MB compressed, do not fit a call's
    64 MiB beside the USE wheel)."""
    import json
    import tarfile
    import tempfile

    from robustir.env import home

    h = home()
    with tempfile.TemporaryDirectory() as tmp:
        nltk = Path(tmp) / "nltk_data"
        shutil.copytree(h / "nltk_data" / "corpora" / "stopwords", nltk / "corpora" / "stopwords")
        manifest = json.loads((h / "nltk_data" / ".robustir-resource.json").read_text(encoding="utf-8"))
        manifest["files"] = {k: v for k, v in manifest["files"].items() if k.startswith("corpora/stopwords/")}
        manifest["bundle_note"] = "bench/gpu_busy.sh: only the stopwords of nltk-data (all the typo recipes read)"
        (nltk / ".robustir-resource.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        with tarfile.open(dst, "w:xz") as tar:
            tar.add(h / "resources" / "boolq", arcname="resources/boolq")
            tar.add(nltk, arcname="nltk_data")
    print(f"wrote {dst}: {dst.stat().st_size / 1e6:.1f} MB")


def half_on_cpu(model: str, dataset: str, n: int) -> None:
    """The real weights' float16 error, where no GPU is: ``1 - cos`` between float16 and float32 vectors of the
    dataset's first ``n`` queries and passages (torch runs float16 on the CPU too; GPU kernels round differently)."""
    from robustir.data import load_benchmark
    from robustir.models import load_encoder
    from robustir.models.device import max_cosine_difference

    enc = load_encoder(model, device="cpu")
    bench = load_benchmark(dataset)
    queries = [q.text for q in bench.queries[:n]]
    passages = [d.text for d in bench.corpus[:n]]
    ref_q, ref_p = enc.encode_queries(queries), enc.encode_passages(passages)
    enc.model.half()  # type: ignore[attr-defined]
    half_q, half_p = enc.encode_queries(queries), enc.encode_passages(passages)
    print(f"{model} on the CPU, float16 vs float32, largest 1 - cos: "
          f"queries {max_cosine_difference(ref_q, half_q):.2e}, "
          f"passages {max_cosine_difference(ref_p, half_p):.2e} ({n} of each from {dataset})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("src", type=Path)
    b.add_argument("dst", type=Path)
    b.add_argument("--seed", type=int, default=0)
    t = sub.add_parser("selfset")
    t.add_argument("dataset")
    t.add_argument("dst", type=Path)
    t.add_argument("--queries", type=int, default=1000)
    t.add_argument("--corpus", type=int, default=0, help="first N passages of the dataset (0 = all)")
    t.add_argument("--offset", type=int, default=0, help="skip the dataset's first N questions")
    h = sub.add_parser("halfcpu")
    h.add_argument("model")
    h.add_argument("--dataset", default="boolq")
    h.add_argument("-n", type=int, default=256)
    sh = sub.add_parser("slimhome")
    sh.add_argument("dst", type=Path)
    f = sub.add_parser("floor")
    f.add_argument("--dataset", default="boolq")
    f.add_argument("--texts", type=int, default=20_000)
    f.add_argument("--device", default="cuda")
    c = sub.add_parser("ceiling")
    c.add_argument("model")
    c.add_argument("--dataset", default="boolq")
    c.add_argument("--texts", type=int, default=20_000)
    args = ap.parse_args()
    if args.cmd == "build":
        build(args.src, args.dst, args.seed)
    elif args.cmd == "halfcpu":
        half_on_cpu(args.model, args.dataset, args.n)
    elif args.cmd == "slimhome":
        slimhome(args.dst)
    elif args.cmd == "floor":
        floor(args.dataset, args.texts, args.device)
    elif args.cmd == "selfset":
        selfset(args.dataset, args.dst, args.queries, args.corpus, args.offset)
    else:
        ceiling(args.model, args.dataset, args.texts)


if __name__ == "__main__":
    main()
