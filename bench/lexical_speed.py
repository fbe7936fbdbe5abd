"""Speed of the sense-correct lexical recipes (codeswitch, synonym): cold (analysis +
context filter) and warm (per-text caches filled), and what the context filter costs.

    python bench/lexical_speed.py [--queries 100] [--repeat 20]

Prints, for each recipe: cold queries/s (first Attack.run: spaCy analysis, candidate
look-ups, one USE-m batch per query), the context filter's share of it (seconds and texts
encoded), warm queries/s in the same process (Attack.run again on the same queries: the
random recipes perturb each query K times) and warm queries/s in a fresh attack object
that reads the on-disk options cache (a second run of the same study).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--recipes", default="codeswitch,synonym")
    args = ap.parse_args()
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_attacks", Path(__file__).parent / "attacks.py")
    bench_attacks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_attacks)
    texts, what = bench_attacks.load_queries(args.queries)
    print(f"queries: {what}")
    from robustir.recipe import load_recipe

    cache = Path(tempfile.mkdtemp(prefix="lexspeed-"))
    for name in args.recipes.split(","):
        rec = load_recipe(name)
        rec.spec["perturbation"]["cache_dir"] = str(cache / name)
        attack = rec.build()
        k = int(rec.spec.get("samples", 1))
        t0 = time.perf_counter()
        attack.run(texts, seed=0, samples=k)
        cold = time.perf_counter() - t0
        p = attack.perturbation
        t0 = time.perf_counter()
        for r in range(args.repeat):
            attack.run(texts, seed=r, samples=k)
        warm = (time.perf_counter() - t0) / args.repeat
        again = rec.build()
        t0 = time.perf_counter()
        again.run(texts, seed=0, samples=k)
        disk = time.perf_counter() - t0
        print(f"{name}: cold {len(texts) / cold:,.1f} queries/s ({cold:.1f} s; context filter "
              f"{p.context_seconds:.1f} s = {100 * p.context_seconds / cold:.0f}%, {p.context_texts} texts encoded); "
              f"warm {len(texts) / warm:,.0f} queries/s (K={k} samples each); "
              f"fresh process-equivalent with the disk cache {len(texts) / disk:,.0f} queries/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
