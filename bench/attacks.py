"""Attack speed: robustir's random recipes against their textattack and nlpaug equivalents.

Prints, from one run on this machine, queries perturbed per second on the same
queries (the first 1,000 BoolQ dev questions when the ``boolq`` resource is
available, else 1,000 generated English questions; the output says which):

* each random recipe through ``Attack.run`` (seeded, constraints and stopword
  protection included; recipe build time reported separately);
* the same kind of perturbation through nlpaug and textattack where they have one
  (typo: ``KeyboardAug`` / ``CharSwapAugmenter``; ocr: ``OcrAug``; synonym:
  ``SynonymAug(wordnet)`` / ``WordNetAugmenter``), at the same 15-20% word rate;
* the ratio ours / theirs.

Slow perturbations (translation, code-switching) are timed on the queries they
finish within ``--max-seconds``.

``--adversarial MODEL:DATASET[,DATASET...]`` instead compares each greedy recipe
with its random twin at the same edit budget: nDCG@10 drops, their ratio, and
attacked samples that ranked a relevant document higher than the clean query
(``adversarial_vs_random``; minutes per pair on a CPU). ``--surrogate MODEL`` adds
the transfer attack (texts crafted against MODEL, evaluated on the model).

    python bench/attacks.py [--queries 1000] [--max-seconds 60] [--recipes typo,homoglyph]
    python bench/attacks.py --adversarial me5-small:boolq,xquad-r:en --limit 200 --json out.json
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# this file is named attacks.py: keep its folder off the path so `attacks` is the package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def load_queries(n: int) -> tuple[list[str], str]:
    """The first ``n`` BoolQ dev questions, or ``n`` generated questions if BoolQ is missing."""
    try:
        from robustir.data import load_benchmark

        bench = load_benchmark("boolq")
        qs = [q.text for q in bench.queries[:n]]
        if len(qs) == n:
            return qs, f"the first {n} BoolQ dev questions"
    except Exception as e:  # noqa: BLE001 - a benchmark script: say why and go on
        print(f"(BoolQ unavailable: {e}; using generated questions)")
    import random

    rng = random.Random(0)
    subj = ["the eiffel tower", "a blue whale", "the roman empire", "mount everest", "the human heart",
            "penicillin", "the amazon river", "a black hole", "the french revolution", "photosynthesis"]
    verbs = ["is", "was", "does", "can", "did"]
    tails = ["taller than the empire state building", "older than the great wall of china",
             "found in every country of europe", "responsible for most of the oxygen we breathe",
             "visible from space without a telescope", "still used in modern medicine"]
    qs = [f"{rng.choice(verbs)} {rng.choice(subj)} {rng.choice(tails)}" for _ in range(n)]
    return qs, f"{n} generated English questions (seed 0)"


#: the last ``rate`` call's best queries per CPU-second of this process (see ``rate``)
LAST_CPU_RATE = [0.0]


def rate(fn: Callable[[list[str]], Any], queries: list[str], max_seconds: float,
         repeats: int = 3) -> tuple[float, int]:
    """Queries per second of ``fn``: the best of up to ``repeats`` passes over ``queries``
    (the machine is shared: the best pass is the least disturbed), in chunks of 50,
    stopping a pass at ``max_seconds``. Returns (rate, queries in the best pass).

    Also records in ``LAST_CPU_RATE`` the best queries per CPU-second of this process
    (``time.process_time``): on a shared machine the wall-clock rate mostly measures the
    other processes' load; the CPU-time rate measures the code."""
    best, best_n, best_cpu = 0.0, 0, 0.0
    budget_end = time.perf_counter() + max_seconds * repeats
    for _ in range(repeats):
        done, t0, c0 = 0, time.perf_counter(), time.process_time()
        while done < len(queries):
            fn(queries[done:done + 50])
            done += len(queries[done:done + 50])
            if time.perf_counter() - t0 > max_seconds:
                break
        qps = done / (time.perf_counter() - t0)
        best_cpu = max(best_cpu, done / max(time.process_time() - c0, 1e-9))
        if qps > best:
            best, best_n = qps, done
        if done < len(queries) or time.perf_counter() > budget_end:
            break  # a slow perturbation: one capped pass is all it gets
    LAST_CPU_RATE[0] = best_cpu
    return best, best_n


def ours(name: str, warmup: str) -> tuple[Callable[[list[str]], Any], float]:
    """The recipe's ``Attack.run``; the build time includes one warm-up query (lazy
    loading of stopword lists, lexicons, the NLTK import: once per process)."""
    from robustir.recipe import load_recipe

    t0 = time.perf_counter()
    attack = load_recipe(name).build()
    attack.run([warmup], seed=0, samples=1)
    build = time.perf_counter() - t0
    return (lambda qs: attack.run(qs, seed=0, samples=1)), build


def _warm(label: str, aug: Any, warmup: str) -> tuple[str, Callable[[list[str]], Any]]:
    aug.augment(warmup)  # the same warm-up as ours: lazy loading is not throughput
    return label, lambda qs: [aug.augment(q) for q in qs]


def nlpaug_equivalent(name: str, warmup: str) -> tuple[str, Callable[[list[str]], Any]] | None:
    import nlpaug.augmenter.char as nac
    import nlpaug.augmenter.word as naw

    if name == "typo":
        aug = nac.KeyboardAug(aug_word_p=0.15, aug_char_max=1, aug_word_max=3)
        label = "nlpaug KeyboardAug"
    elif name == "ocr":
        aug = nac.OcrAug(aug_word_p=0.15, aug_char_max=1, aug_word_max=3)
        label = "nlpaug OcrAug"
    elif name == "synonym":
        aug = naw.SynonymAug(aug_src="wordnet", aug_p=0.2, aug_max=3)
        label = "nlpaug SynonymAug(wordnet)"
    else:
        return None
    return _warm(label, aug, warmup)


def textattack_equivalent(name: str, warmup: str) -> tuple[str, Callable[[list[str]], Any]] | None:
    from textattack import augmentation as A

    if name == "typo":
        aug = A.CharSwapAugmenter(pct_words_to_swap=0.15, transformations_per_example=1)
        label = "textattack CharSwapAugmenter"
    elif name == "synonym":
        aug = A.WordNetAugmenter(pct_words_to_swap=0.2, transformations_per_example=1)
        label = "textattack WordNetAugmenter"
    elif name == "homoglyph":
        try:
            from textattack.transformations import WordSwapHomoglyphSwap

            WordSwapHomoglyphSwap()
        except Exception as e:  # noqa: BLE001 - 0.3.11's wheel lacks the table file
            print(f"  textattack WordSwapHomoglyphSwap unusable: {type(e).__name__}: {str(e)[:80]}")
            return None
        aug = A.Augmenter(transformation=WordSwapHomoglyphSwap(), pct_words_to_swap=0.15,
                          transformations_per_example=1)
        label = "textattack WordSwapHomoglyphSwap"
    else:
        return None
    return _warm(label, aug, warmup)


def _drop(result: Any, measure: str = "nDCG@10") -> float:
    """Mean clean minus mean attacked ``measure`` (attacked averaged over samples)."""
    import statistics

    qs = result.data["queries"]
    clean = statistics.mean(q["clean"][measure] for q in qs)
    att = statistics.mean(statistics.mean(a["metrics"][measure] for a in q["attacked"]) for q in qs)
    return clean - att


def _improved(result: Any) -> int:
    """Attacked samples whose best relevant document ranks HIGHER than in the clean run
    (reciprocal rank over the run, ``RR``, up: an edit that helped retrieval)."""
    return sum(a["metrics"]["RR"] > q["clean"]["RR"] + 1e-9 for q in result.data["queries"] for a in q["attacked"])


def _mean_edits(result: Any) -> float:
    import statistics

    return statistics.mean(len(a["edits"]) for q in result.data["queries"] for a in q["attacked"])


def _greedy_and_random(model: str, dataset: str, greedy: str, rand: str, *, limit: int, seed: int,
                       data_dir: Path | None, random_samples: int | None, measures: Sequence[str]) -> dict:
    import statistics

    from robustir.evaluation import evaluate

    t0 = time.perf_counter()
    adv = evaluate(model, dataset, greedy, samples=1, limit=limit, seed=seed, k=100, data_dir=data_dir,
                   bootstrap_resamples=1000, measures=measures)
    t_adv = time.perf_counter() - t0
    rnd = evaluate(model, dataset, rand, samples=random_samples, limit=limit, seed=seed, k=100,
                   data_dir=data_dir, bootstrap_resamples=1000, measures=measures)
    row = {"queries": len(adv.data["queries"]),
           "clean_ndcg10": statistics.mean(q["clean"]["nDCG@10"] for q in adv.data["queries"]),
           "greedy_drop": _drop(adv), "random_drop": _drop(rnd),
           "greedy_edits": _mean_edits(adv), "random_edits": _mean_edits(rnd),
           "greedy_texts_scored": statistics.mean(q["attacked"][0]["queries"] for q in adv.data["queries"]),
           "greedy_improved_rank": _improved(adv), "random_improved_rank": _improved(rnd),
           "random_samples": rnd.data["provenance"]["samples"], "greedy_seconds": t_adv}
    row["ratio"] = row["greedy_drop"] / row["random_drop"] if row["random_drop"] > 0 else float("inf")
    print(f"{dataset:<12} {greedy:<15} drop {row['greedy_drop']:.4f} ({row['greedy_edits']:.2f} edits, "
          f"{row['greedy_texts_scored']:.0f} texts/q, {row['greedy_improved_rank']} improved) | {rand:<11} "
          f"drop {row['random_drop']:.4f} ({row['random_edits']:.2f} edits, {row['random_samples']} samples, "
          f"{row['random_improved_rank']} improved) | ratio {row['ratio']:.2f}x | clean {row['clean_ndcg10']:.4f}",
          flush=True)
    return row


def adversarial_vs_random(model: str, dataset: str, *, pairs: Sequence[tuple[str, str]] = (
        ("typo-adv", "typo"), ("synonym-adv", "synonym"), ("codeswitch-adv", "codeswitch")),
        limit: int = 200, seed: int = 0, data_dir: Path | None = None, surrogate: str | None = None,
        random_samples: int | None = None, transfer_only: bool = False) -> list[dict]:
    """Greedy (model-aware) against random at the SAME edit budget (one budget: each
    ``-adv`` recipe's ``[perturbation]`` rate and max_edits are its random twin's).

    Per (greedy, random) pair on the first ``limit`` queries: the nDCG@10 drop (clean minus
    attacked mean; random averaged over its samples), their ratio, mean words edited, the
    greedy's texts scored per query, and how many attacked samples ranked a relevant document
    HIGHER than the clean query (must be 0 for greedy: the rank-aware goal never keeps such an
    edit). With ``surrogate``, the greedy texts are also crafted against the surrogate and
    ``model`` evaluated on them (a transfer attack), next to the per-model attack
    (``transfer_only``: that row alone, e.g. to add it to an earlier run's table).
    """
    from robustir.evaluation import evaluate

    measures = ("nDCG@10", "RR@10", "RR")
    rows = []
    for greedy, rand in pairs:
        row: dict[str, Any] = {"dataset": dataset, "model": model, "greedy": greedy, "random": rand}
        if not transfer_only:
            row.update(_greedy_and_random(model, dataset, greedy, rand, limit=limit, seed=seed, data_dir=data_dir,
                                          random_samples=random_samples, measures=measures))
        if surrogate:
            tr = evaluate(model, dataset, greedy, samples=1, limit=limit, seed=seed, k=100, data_dir=data_dir,
                          bootstrap_resamples=1000, measures=measures, surrogate=surrogate)
            row.update(surrogate=surrogate, transfer_drop=_drop(tr), transfer_improved_rank=_improved(tr),
                       transfer_edits=_mean_edits(tr))
            print(f"{dataset:<12} {greedy:<15} transfer from {surrogate}: drop {row['transfer_drop']:.4f} "
                  f"({row['transfer_edits']:.2f} edits, {row['transfer_improved_rank']} improved)", flush=True)
        rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--max-seconds", type=float, default=60.0, help="time cap per pass")
    ap.add_argument("--recipes", default="", help="comma-separated random recipes (default: all)")
    ap.add_argument("--no-libraries", action="store_true", help="skip the nlpaug/textattack baselines")
    ap.add_argument("--repeats", type=int, default=3, help="passes per recipe (the best one counts)")
    ap.add_argument("--adversarial", default="",
                    help="MODEL:DATASET[,DATASET]: greedy vs random at the same edit budget instead")
    ap.add_argument("--limit", type=int, default=200, help="queries for --adversarial")
    ap.add_argument("--surrogate", default="", help="--adversarial: also the transfer attack from this model")
    ap.add_argument("--transfer-only", action="store_true", help="--adversarial --surrogate: the transfer rows only")
    ap.add_argument("--json", default="", help="--adversarial: also write the rows to this JSON file")
    ap.add_argument("--pairs", default="typo-adv:typo,synonym-adv:synonym,codeswitch-adv:codeswitch",
                    help="greedy:random recipe pairs for --adversarial")
    args = ap.parse_args()
    if args.adversarial:
        import json

        model, _, datasets = args.adversarial.partition(":")
        pairs = [tuple(p.split(":", 1)) for p in args.pairs.split(",") if p]
        rows = []
        for dataset in datasets.split(","):
            for pair in pairs:  # one pair at a time: a long run keeps the rows it has finished
                rows += adversarial_vs_random(model, dataset, pairs=[pair], limit=args.limit,  # type: ignore[list-item]
                                              surrogate=args.surrogate or None, transfer_only=args.transfer_only)
                if args.json:
                    Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
        return

    from robustir.env import configure_offline
    from robustir.recipe import list_recipes

    configure_offline()
    queries, what = load_queries(args.queries)
    names = [r.name for r in list_recipes() if r.search == "random"]
    if args.recipes:
        names = [n for n in args.recipes.split(",") if n]
    print(f"queries: {what}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"best of {args.repeats} passes, cap {args.max_seconds:.0f} s per pass; "
          f"load average at start {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("q/s: wall clock; cpu q/s: per CPU-second of this process (load-independent)\n")
    print(f"{'recipe':<18} {'ours q/s':>10} {'cpu q/s':>9} {'build s':>8}  {'baseline':<34} {'q/s':>9} "
          f"{'cpu q/s':>9} {'ratio':>7} {'cpu ratio':>9}")
    for name in names:
        try:
            fn, build = ours(name, queries[0])
            ours_qps, n = rate(fn, queries, args.max_seconds, args.repeats)
            ours_cpu = LAST_CPU_RATE[0]
        except Exception as e:  # noqa: BLE001 - report and continue with the other recipes
            print(f"{name:<18} failed: {type(e).__name__}: {str(e)[:100]}")
            continue
        note = "" if n == len(queries) else f" ({n} queries)"
        baselines = []
        if not args.no_libraries:
            for factory in (nlpaug_equivalent, textattack_equivalent):
                try:
                    b = factory(name, queries[0])
                except Exception as e:  # noqa: BLE001
                    print(f"  {factory.__name__} for {name} failed: {type(e).__name__}: {str(e)[:100]}")
                    b = None
                if b is not None:
                    label, bfn = b
                    bqps, bn = rate(bfn, queries, args.max_seconds, args.repeats)
                    baselines.append((label + ("" if bn == len(queries) else f" ({bn} q)"), bqps,
                                      LAST_CPU_RATE[0]))
        first = True
        nan = float("nan")
        for label, bqps, bcpu in baselines or [("-", nan, nan)]:
            head = f"{name:<18} {ours_qps:>10,.0f} {ours_cpu:>9,.0f} {build:>8.1f}" if first else " " * 48
            ratio = f"{ours_qps / bqps:>6,.1f}x" if bqps == bqps else f"{'-':>7}"
            cpu_ratio = f"{ours_cpu / bcpu:>8,.1f}x" if bcpu == bcpu else f"{'-':>9}"
            print(f"{head}  {label:<34} {bqps:>9,.0f} {bcpu:>9,.0f} {ratio} {cpu_ratio}{note if first else ''}",
                  flush=True)
            first = False
    print(f"\nload average at end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
