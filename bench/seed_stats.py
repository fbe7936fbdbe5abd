"""Coverage and TOST size of the seed-aware comparison (robustir.stats.compare_seeded), by simulation.

Per-query degradations of two strategies over the same queries, each trained with S seeds:
value[s, q] = effect + query difficulty (shared: paired) + query-specific difference
+ seed effect (sd tau: training noise) + seed x query noise (sd 0.1). Prints, for 3 and 5
seeds and several seed-effect sizes, how often the 95% CI covers the true difference for the
shipped mixed model and for the hierarchical bootstrap (seeds, then queries), and how often TOST
calls a true difference exactly at the margin (+-0.01) equivalent (its size; nominal <= 5%).

    PYTHONPATH=. python bench/seed_stats.py [replicates]
"""

from __future__ import annotations

import sys

import numpy as np

from robustir.stats import compare_seeded


def draw(rng, n_seeds, tau, delta, fixed_b=False, n=80, scale=1.0):
    u = rng.normal(0.1, 0.1 * scale, n)
    v = rng.normal(0.0, 0.05 * scale, n)
    a = delta + u + v + rng.normal(0, tau, (n_seeds, 1)) + rng.normal(0, 0.1 * scale, (n_seeds, n))
    if fixed_b:
        b = u + rng.normal(0, 0.1 * scale, (1, n))
    else:
        b = u + rng.normal(0, tau, (n_seeds, 1)) + rng.normal(0, 0.1 * scale, (n_seeds, n))
    return a, b


def main(reps: int) -> None:
    print(f"coverage of the 95% CI of A - B (truth 0.02), {reps} replicates, 80 queries")
    print("seeds  seed-sd  vs            mixed   hierarchical-bootstrap")
    for s in (3, 5):
        for tau in (0.0, 0.01, 0.03):
            for fixed in (False, True):
                rng = np.random.default_rng(5)
                cov = {"mixed": 0, "hierarchical-bootstrap": 0}
                for r in range(reps):
                    a, b = draw(rng, s, tau, 0.02, fixed)
                    for m in cov:
                        c = compare_seeded(a, b, b_fixed=fixed, method=m, seed=r, n_resamples=1000)
                        cov[m] += c["difference"]["low"] <= 0.02 <= c["difference"]["high"]
                print(f"{s:5d}  {tau:7.2f}  {'untrained B' if fixed else 'trained B  '}  "
                      f"{cov['mixed'] / reps:6.3f}  {cov['hierarchical-bootstrap'] / reps:6.3f}", flush=True)
    print(f"\nTOST size at the margin 0.01 (300 queries, noise x0.3, seed sd 0.004), {4 * reps // 2} replicates")
    for s in (3, 5):
        for truth in (0.01, -0.01):
            rng = np.random.default_rng(8)
            n = 2 * reps
            eq = sum(compare_seeded(*draw(rng, s, 0.004, truth, n=300, scale=0.3), margin=0.01)["tost"]["equivalent"]
                     for _ in range(n))
            print(f"seeds {s}  truth {truth:+.2f}: equivalent in {eq / n:.3f}")
        rng = np.random.default_rng(9)
        eq = sum(compare_seeded(*draw(rng, s, 0.004, 0.0, n=300, scale=0.3), margin=0.01)["tost"]["equivalent"]
                 for _ in range(200))
        print(f"seeds {s}  truth +0.00: equivalent in {eq / 200:.3f} (power)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
