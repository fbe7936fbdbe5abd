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

``--adversarial MODEL:DATASET`` instead compares each greedy recipe with its
random twin at the same edit budget and the same number of encoder calls
(``adversarial_vs_random``; minutes per pair on a CPU).

    python bench/attacks.py [--queries 1000] [--max-seconds 60] [--recipes typo,homoglyph]
    python bench/attacks.py --adversarial me5-small:xquad-r:en --limit 40 --pairs typo-adv:typo
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
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


def rate(fn: Callable[[list[str]], Any], queries: list[str], max_seconds: float,
         repeats: int = 3) -> tuple[float, int]:
    """Queries per second of ``fn``: the best of up to ``repeats`` passes over ``queries``
    (the machine is shared: the best pass is the least disturbed), in chunks of 50,
    stopping a pass at ``max_seconds``. Returns (rate, queries in the best pass)."""
    best, best_n = 0.0, 0
    budget_end = time.perf_counter() + max_seconds * repeats
    for _ in range(repeats):
        done, t0 = 0, time.perf_counter()
        while done < len(queries):
            fn(queries[done:done + 50])
            done += len(queries[done:done + 50])
            if time.perf_counter() - t0 > max_seconds:
                break
        qps = done / (time.perf_counter() - t0)
        if qps > best:
            best, best_n = qps, done
        if done < len(queries) or time.perf_counter() > budget_end:
            break  # a slow perturbation: one capped pass is all it gets
    return best, best_n


def ours(name: str, warmup: str) -> tuple[Callable[[list[str]], Any], float]:
    """The recipe's ``Attack.run``; the build time includes one warm-up query (lazy
    loading of stopword lists, lexicons, the NLTK import: once per process)."""
    from robustir.recipes import load_recipe

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


def adversarial_vs_random(model: str, dataset: str, *, pairs: Sequence[tuple[str, str]] = (
        ("typo-adv", "typo"), ("synonym-adv", "synonym"), ("codeswitch-adv", "codeswitch")),
        limit: int = 40, seed: int = 0, data_dir: Path | None = None) -> list[dict]:
    """Greedy (model-aware) against random at the same edit budget and the same encoder calls.

    For each (greedy, random) pair (the ``-adv`` recipes' ``max_share`` equals their
    random twin's ``rate``): run the greedy recipe (1 sample) through
    ``robustir.evaluate()``; its mean texts scored per query (``Perturbed.queries``) is
    the encoder-call cost. Then run the random twin with that many samples per query
    (rounded up), which costs the same encoder calls, and count a query as broken when
    ANY of its samples pushes every relevant document out of the top 10 (best of n).
    Only queries whose clean top 10 holds a relevant document count. Returns one row
    per pair and prints a table.
    """
    import math
    import statistics

    from robustir.evaluation import evaluate
    from robustir.metrics import SUCCESS_MEASURE

    rows = []
    for greedy, rand in pairs:
        adv = evaluate(model, dataset, greedy, samples=1, limit=limit, seed=seed, k=10, data_dir=data_dir,
                       bootstrap_resamples=1000)
        qs = [q for q in adv.data["queries"] if q["clean"][SUCCESS_MEASURE] > 0]
        calls = statistics.mean(q["attacked"][0]["queries"] for q in adv.data["queries"])
        adv_rate = statistics.mean(q["attacked"][0]["metrics"][SUCCESS_MEASURE] == 0 for q in qs) if qs else 0.0
        n = max(1, math.ceil(calls))
        rnd = evaluate(model, dataset, rand, samples=n, limit=limit, seed=seed, k=10, data_dir=data_dir,
                       bootstrap_resamples=1000)
        rq = [q for q in rnd.data["queries"] if q["clean"][SUCCESS_MEASURE] > 0]
        best_of_n = statistics.mean(any(a["metrics"][SUCCESS_MEASURE] == 0 for a in q["attacked"])
                                    for q in rq) if rq else 0.0
        per_sample = rnd.data["success"]
        rows.append({"greedy": greedy, "random": rand, "eligible_queries": len(qs),
                     "greedy_texts_scored_per_query": calls, "greedy_success": adv_rate,
                     "random_samples": n, "random_best_of_n_success": best_of_n,
                     "random_per_sample_success": per_sample.get("rate")})
        print(f"{greedy:<16} success {adv_rate:6.1%} at {calls:6.1f} texts scored/query | "
              f"{rand:<12} best of {n:>3} samples {best_of_n:6.1%} (per sample "
              f"{per_sample.get('rate') or float('nan'):.1%}); {len(qs)} eligible queries")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--max-seconds", type=float, default=60.0, help="time cap per pass")
    ap.add_argument("--recipes", default="", help="comma-separated random recipes (default: all)")
    ap.add_argument("--no-libraries", action="store_true", help="skip the nlpaug/textattack baselines")
    ap.add_argument("--adversarial", default="", help="MODEL:DATASET: greedy vs random at equal cost instead")
    ap.add_argument("--limit", type=int, default=40, help="queries for --adversarial")
    ap.add_argument("--pairs", default="typo-adv:typo,synonym-adv:synonym,codeswitch-adv:codeswitch",
                    help="greedy:random recipe pairs for --adversarial")
    args = ap.parse_args()
    if args.adversarial:
        model, _, dataset = args.adversarial.partition(":")
        pairs = [tuple(p.split(":", 1)) for p in args.pairs.split(",") if p]
        adversarial_vs_random(model, dataset, pairs=pairs, limit=args.limit)  # type: ignore[arg-type]
        return

    from robustir.env import configure_offline
    from robustir.recipes import list_recipes

    configure_offline()
    queries, what = load_queries(args.queries)
    names = [r.name for r in list_recipes() if r.search == "random"]
    if args.recipes:
        names = [n for n in args.recipes.split(",") if n]
    print(f"queries: {what}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"best of 3 passes, cap {args.max_seconds:.0f} s per pass\n")
    print(f"{'recipe':<18} {'ours q/s':>10} {'build s':>8}  {'baseline':<34} {'q/s':>9} {'ours/baseline':>14}")
    for name in names:
        try:
            fn, build = ours(name, queries[0])
            ours_qps, n = rate(fn, queries, args.max_seconds)
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
                    bqps, bn = rate(bfn, queries, args.max_seconds)
                    baselines.append((label + ("" if bn == len(queries) else f" ({bn} q)"), bqps))
        first = True
        for label, bqps in baselines or [("-", float("nan"))]:
            head = f"{name:<18} {ours_qps:>10,.0f} {build:>8.1f}" if first else " " * 38
            ratio = f"{ours_qps / bqps:>13,.1f}x" if bqps == bqps else f"{'-':>14}"
            print(f"{head}  {label:<34} {bqps:>9,.0f} {ratio}{note if first else ''}")
            first = False


if __name__ == "__main__":
    main()
