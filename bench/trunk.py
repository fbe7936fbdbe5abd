"""Shared frozen trunk: what encoding a corpus costs the first model and each further one.

Models: the base me5-small (max_seq_length 256) and a copy whose top ``--changed``
layers got seeded noise (what ``train_layers`` training changes). Prints, from one
run on this machine with ``--threads`` torch threads:

* plain ``model.encode`` of ``--passages`` BoolQ passages (batch 32);
* the first model through the trunk (fills the cache: embeddings + the shared layers
  one text at a time, then its own top layers), and the second model, which only runs
  its top layers on the cached states (the cost for every further model);
* the ratios plain / head-only and first-fill / plain, and the largest
  |difference| of each model's trunk vectors to its plain vectors (passages and
  ``--queries`` queries);
* a check of the batch-of-one choice: the shared layers on ``--check`` passages in
  padded batches vs one text at a time (seconds), so the price of determinism is on record.

    OMP_NUM_THREADS=1 python bench/trunk.py [--passages 200] [--queries 200] [--threads 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="me5-small")
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--passages", type=int, default=200)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--max-seq-length", type=int, default=256)
    ap.add_argument("--changed", type=int, default=2, help="top layers given seeded noise in the second model")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--check", type=int, default=64, help="passages for the batch-of-one vs batched check")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    import numpy as np
    import torch

    from robustir.data import load_benchmark
    from robustir.embeddings import passage_text
    from robustir.models import load_encoder
    from robustir.models.st import SentenceTransformerEncoder
    from robustir.models.trunk import TrunkCache, TrunkEncoder, frozen_prefix

    torch.set_num_threads(args.threads)
    bench = load_benchmark(args.dataset)
    passages = [passage_text(d) for d in bench.corpus[:args.passages]]
    queries = [q.text for q in bench.queries[:args.queries]]
    base = load_encoder(args.model, max_seq_length=args.max_seq_length)
    st2 = copy.deepcopy(base.model)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for layer in st2[0].auto_model.encoder.layer[-args.changed:]:
            for p in layer.parameters():
                p.add_(torch.randn(p.shape, generator=g) * 0.01)
    other = SentenceTransformerEncoder(st2, name=f"{base.name}-top{args.changed}-changed")
    s = frozen_prefix([base, other])
    n_layers = len(base.model[0].auto_model.encoder.layer)
    tokens = [int(m.sum()) for m in base.model.preprocess(passages, prompt=base.passage_prompt)["attention_mask"]]
    print(f"{args.model}: {n_layers} layers, shared trunk = embeddings + {s} layers; {len(passages)} "
          f"{args.dataset} passages ({sum(tokens) / len(tokens):.0f} tokens on average, at most {max(tokens)}), "
          f"{len(queries)} queries; "
          f"{args.threads} thread(s), batch {args.batch_size}", flush=True)

    def timed(fn, label: str = ""):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        got = fn()
        seconds = time.perf_counter() - start
        if label:
            print(f"  {label:22s} {seconds:8.1f} s", flush=True)
        return got, seconds

    bs = args.batch_size
    out: dict[str, float | int | str] = {"model": args.model, "dataset": args.dataset, "passages": len(passages),
                                         "queries": len(queries), "threads": args.threads, "shared_layers": s,
                                         "layers": n_layers, "max_seq_length": args.max_seq_length}
    plain_base, out["plain_s"] = timed(lambda: base.encode_passages(passages, batch_size=bs), "plain_s")
    with tempfile.TemporaryDirectory() as tmp:
        cache = TrunkCache(Path(tmp))
        tb, to = TrunkEncoder(base, cache, s), TrunkEncoder(other, cache, s)
        trunk_base, out["first_fill_s"] = timed(lambda: tb.encode_passages(passages, batch_size=bs), "first_fill_s")
        trunk_other, out["head_only_s"] = timed(lambda: to.encode_passages(passages, batch_size=bs), "head_only_s")
        assert to.trunk_stats["computed"] == 0, to.trunk_stats
        plain_other, out["plain_other_s"] = timed(lambda: other.encode_passages(passages, batch_size=bs),
                                                  "plain_other_s")
        diffs = [float(np.abs(trunk_base - plain_base).max()), float(np.abs(trunk_other - plain_other).max())]
        qb, qo = tb.encode_queries(queries, batch_size=bs), to.encode_queries(queries, batch_size=bs)
        diffs += [float(np.abs(qb - base.encode_queries(queries, batch_size=bs)).max()),
                  float(np.abs(qo - other.encode_queries(queries, batch_size=bs)).max())]
    out["max_abs_diff"] = max(diffs)
    out["max_abs_diff_passages"] = max(diffs[:2])
    out["max_abs_diff_queries"] = max(diffs[2:])
    out["ratio_plain_over_head"] = float(out["plain_s"]) / float(out["head_only_s"])
    out["ratio_fill_over_plain"] = float(out["first_fill_s"]) / float(out["plain_s"])
    print(f"  max |trunk - plain|     {out['max_abs_diff']:.3g} (passages {out['max_abs_diff_passages']:.3g}, "
          f"queries {out['max_abs_diff_queries']:.3g})", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")

    # the price of computing the trunk one text at a time (determinism) against padded batches of 32
    auto = base.model[0].auto_model
    n_check = min(len(passages), args.check)
    feats = base.model.preprocess(passages[:n_check], prompt=base.passage_prompt)
    types = feats.get("token_type_ids")  # XLM-R tokenizers (me5) give none

    def trunk_batched() -> None:
        with torch.inference_mode():
            order = np.argsort([-t for t in tokens[:n_check]], kind="stable")
            for start in range(0, len(order), bs):
                idx = order[start:start + bs]
                width = max(tokens[i] for i in idx)
                ids = feats["input_ids"][idx, :width]
                mask = feats["attention_mask"][idx, :width]
                h = auto.embeddings(input_ids=ids, token_type_ids=None if types is None else types[idx, :width])
                ext = auto.get_extended_attention_mask(mask, mask.shape)
                for layer in auto.encoder.layer[:s]:
                    o = layer(h, attention_mask=ext)
                    h = o[0] if isinstance(o, tuple) else o

    def trunk_one_by_one() -> None:
        with torch.inference_mode():
            for i in range(n_check):
                ids = feats["input_ids"][i:i + 1, :tokens[i]]
                h = auto.embeddings(input_ids=ids,
                                    token_type_ids=None if types is None else types[i:i + 1, :tokens[i]])
                for layer in auto.encoder.layer[:s]:
                    o = layer(h, attention_mask=None)
                    h = o[0] if isinstance(o, tuple) else o

    out["check_passages"] = n_check
    _, out["trunk_batched_s"] = timed(trunk_batched, f"trunk_batched_s ({n_check})")
    _, out["trunk_one_by_one_s"] = timed(trunk_one_by_one, f"trunk_one_by_one_s ({n_check})")
    print(f"  plain / head-only       {out['ratio_plain_over_head']:.2f}x  (each further model)")
    print(f"  first fill / plain      {out['ratio_fill_over_plain']:.2f}x  (the model that fills the cache)")
    print(f"  trunk one-by-one / batched {float(out['trunk_one_by_one_s']) / float(out['trunk_batched_s']):.2f}x")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
