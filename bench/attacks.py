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
finish within ``--max-seconds``. The model-aware comparison (greedy success rate
against encoder calls, next to random at the same edit budget) is
``adversarial_vs_random`` below: it needs a retriever and is run by the lead.

    python bench/attacks.py [--queries 1000] [--max-seconds 60] [--recipes typo,homoglyph]
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


def rate(fn: Callable[[list[str]], Any], queries: list[str], max_seconds: float) -> tuple[float, int]:
    """Queries per second of ``fn`` over chunks of ``queries`` until done or ``max_seconds``."""
    done, t0 = 0, time.perf_counter()
    chunk = 50
    while done < len(queries):
        fn(queries[done:done + chunk])
        done += len(queries[done:done + chunk])
        if time.perf_counter() - t0 > max_seconds:
            break
    return done / (time.perf_counter() - t0), done


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


def adversarial_vs_random(model: str, dataset: str, *, recipes: Sequence[tuple[str, str]] = (
        ("typo-adv", "typo"), ("synonym-adv", "synonym"), ("codeswitch-adv", "codeswitch")),
        limit: int = 200, seed: int = 0) -> list[dict]:
    """TO BE FINISHED BY THE LEAD (needs robustir.evaluate's retriever).

    For each (greedy, random) recipe pair at the same edit budget (the ``-adv``
    recipes' ``max_share`` equals their random twin's ``rate``), report: success
    rate (relevant document pushed out of the top 10, among queries that found it
    clean), the mean encoder calls per query (``Perturbed.queries`` for greedy;
    ``samples`` for random), and success of random at the same number of calls
    (best of ``queries`` random samples). Suggested implementation::

        from robustir.evaluate import evaluate
        adv = evaluate(model, dataset, greedy, samples=1, limit=limit, seed=seed)
        calls = mean(a["queries"] for q in adv.data["queries"] for a in q["attacked"])
        rnd = evaluate(model, dataset, random_twin, samples=round(calls), limit=limit, seed=seed)
        # success: adv.data["success"]; random at equal calls: any-of-samples success per query
    """
    raise NotImplementedError("adversarial_vs_random needs the retrieval pipeline; see its docstring")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--max-seconds", type=float, default=60.0, help="time cap per measurement")
    ap.add_argument("--recipes", default="", help="comma-separated random recipes (default: all)")
    ap.add_argument("--no-libraries", action="store_true", help="skip the nlpaug/textattack baselines")
    args = ap.parse_args()

    from robustir.env import configure_offline
    from robustir.recipes import list_recipes

    configure_offline()
    queries, what = load_queries(args.queries)
    names = [r.name for r in list_recipes() if r.search == "random"]
    if args.recipes:
        names = [n for n in args.recipes.split(",") if n]
    print(f"queries: {what}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
          f"cap {args.max_seconds:.0f} s per measurement\n")
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
