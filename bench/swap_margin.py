"""How far the kept edits of an attack result move the attacked model's passage scores.

    python bench/swap_margin.py syn-adv-boolq-test-2400-3243.json

For every attacked sample with an edit in a ``robustir attack -o`` result (single-language datasets): the
query-query cosine of the original and the perturbed query, the drop of the relevant passage's score, and its
margin over the best non-relevant passage before and after (what must fall below 0 for the relevant passage to
lose rank 1). Why: a greedy search cannot beat random when no candidate moves these numbers (bench/RESULTS.md,
greedy vs random for synonyms). The model and dataset come from the result's provenance; the corpus embeddings
from robustir's cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("result", type=Path, help="robustir attack -o JSON")
    args = ap.parse_args(argv)

    import numpy as np

    from robustir.data.registry import load_benchmark
    from robustir.env import configure_offline
    from robustir.models import load_encoder
    from robustir.retrieval import Retriever

    configure_offline()
    data = json.loads(args.result.read_text(encoding="utf-8"))
    prov = data["provenance"]
    bench = load_benchmark(prov["dataset"]["name"])
    retriever = Retriever(load_encoder(prov["model"]["name"]), bench)
    rows = [(q, a) for q in data["queries"] for a in q["attacked"] if a["edits"]]
    if not rows:
        print("no attacked sample with an edit")
        return 0
    orig = retriever.encode_queries([q["text"] for q, _ in rows])
    pert = retriever.encode_queries([a["text"] for _, a in rows])
    docs, index = retriever.doc_vecs, retriever.doc_rows
    cos, drop, before, after = [], [], [], []
    for k, (q, _) in enumerate(rows):
        rel = [index[d] for d, g in bench.qrels[q["id"]].items() if g > 0]
        s0, s1 = docs @ orig[k], docs @ pert[k]
        cos.append(float(orig[k] @ pert[k]))
        drop.append(float(s0[rel].max() - s1[rel].max()))
        before.append(float(s0[rel].max() - np.delete(s0, rel).max()))
        after.append(float(s1[rel].max() - np.delete(s1, rel).max()))
    change = [b - a for b, a in zip(before, after, strict=True)]
    print(f"{len(rows)} samples with an edit ({prov['model']['name']}, {bench.name}): median query-query cosine "
          f"{statistics.median(cos):.4f}; median drop of the relevant passage's score {statistics.median(drop):.4f}; "
          f"margin over the best non-relevant passage, median before {statistics.median(before):.4f}, after "
          f"{statistics.median(after):.4f}; margin change median {statistics.median(change):.4f}, largest "
          f"{max(change):.4f}; samples whose clean margin is below 0.02: {sum(b < 0.02 for b in before)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
