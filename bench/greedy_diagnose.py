"""Why greedy is (or is not) stronger than random at the same edit budget: per-query detail.

For one (greedy, random) recipe pair on the first ``--limit`` queries of a dataset, runs both
through ``robustir.evaluation.evaluate`` (the corpus embeddings come from the disk cache that
``bench/attacks.py --adversarial`` fills) and, per query, records:

* eligible words and one-word candidates of each recipe's perturbation (after its word filter:
  stopwords, numbers), and the shared edit budget (``Perturbation.edit_budget``);
* greedy: words edited, texts scored, candidates the constraints rejected (semantic floor),
  whether it succeeded; the best relevant rank clean, under greedy and under each random sample;
* which side hurt the relevant document's rank more.

It prints a summary table (queries by candidate count 0 / 1 / >= 2, budget spent, where random
beat greedy and with which candidate set) and writes the rows to ``--json``.

    python bench/greedy_diagnose.py --dataset boolq --greedy codeswitch-adv --random codeswitch \
        --limit 200 --json /tmp/diag.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

logger = logging.getLogger(__name__)


def _rank(rr: float) -> float:
    """The best relevant document's rank from its reciprocal rank (inf when not retrieved)."""
    return 1.0 / rr if rr > 0 else float("inf")


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else ">=2"


def _perturbation_counts(recipe: str, dataset: str, texts: list[str], langs: list[str]) -> list[tuple[int, int, int]]:
    """Per text: (eligible words, one-word candidates, edit budget) of ``recipe``'s perturbation, built
    as an evaluation builds it (given the collection's titles and passages: the lower-case name locks)."""
    import random

    from robustir.data import load_benchmark
    from robustir.evaluation import _build_attack
    from robustir.recipe import load_recipe

    attack = _build_attack(load_recipe(recipe), load_benchmark(dataset))
    pert = attack.perturbation
    pert.prepare(texts, langs)
    out = []
    for t, lg in zip(texts, langs, strict=True):
        budget = pert.edit_budget(t, lg)
        edits = pert.word_edits(t, lg, random.Random(f"0:{t}"))
        if edits is None:
            n_cands = len(pert.word_candidates(t, lg, random.Random(f"0:{t}")))
        else:
            n_cands = len(edits)
        eligible = pert.eligible_count(t, lg) if hasattr(pert, "eligible_count") else -1
        out.append((eligible, n_cands, budget if budget is not None else -1))
    return out


def diagnose(model: str, dataset: str, greedy: str, rand: str, limit: int, seed: int = 0,
             save: Path | None = None) -> dict[str, Any]:
    """Run both recipes and return ``{"rows": per-query dicts, "summary": counts}`` (see module doc);
    ``save``: also write each run's result JSON there (``greedy.json``, ``random.json``: the input
    of ``bench/validity.py adv`` and ``bench/new_successes.py``)."""
    from robustir.evaluation import evaluate

    measures = ("nDCG@10", "RR@10", "RR")
    adv = evaluate(model, dataset, greedy, samples=1, limit=limit, seed=seed, k=100, measures=measures,
                   bootstrap_resamples=100)
    rnd = evaluate(model, dataset, rand, limit=limit, seed=seed, k=100, measures=measures, bootstrap_resamples=100)
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        for name, res in (("greedy", adv), ("random", rnd)):
            (save / f"{name}.json").write_text(json.dumps(res.data, ensure_ascii=False, default=str), encoding="utf-8")
    qa, qr = adv.data["queries"], rnd.data["queries"]
    texts = [q["text"] if "text" in q else q["clean"].get("text", "") for q in qa]
    langs = [q.get("language", "en") for q in qa]
    g_counts = _perturbation_counts(greedy, dataset, texts, langs)
    r_counts = _perturbation_counts(rand, dataset, texts, langs)
    rows = []
    for q, r, gc, rc, text in zip(qa, qr, g_counts, r_counts, texts, strict=True):
        a = q["attacked"][0]
        clean_rank = _rank(q["clean"]["RR"])
        g_rank = _rank(a["metrics"]["RR"])
        r_ranks = [_rank(s["metrics"]["RR"]) for s in r["attacked"]]
        g_ndcg = q["clean"]["nDCG@10"] - a["metrics"]["nDCG@10"]
        r_ndcg = q["clean"]["nDCG@10"] - statistics.mean(s["metrics"]["nDCG@10"] for s in r["attacked"])
        rows.append({
            "text": text, "greedy_eligible": gc[0], "greedy_candidates": gc[1], "budget": gc[2],
            "random_eligible": rc[0], "random_candidates": rc[1], "random_budget": rc[2],
            "greedy_edits": len(a["edits"]), "greedy_scored": a.get("queries"),
            "greedy_rejected": a.get("rejected", {}), "greedy_success": a.get("success"),
            "clean_rank": clean_rank, "greedy_rank": g_rank, "random_ranks": r_ranks,
            "random_edits": [len(s["edits"]) for s in r["attacked"]],
            "greedy_ndcg_drop": g_ndcg, "random_ndcg_drop": r_ndcg,
            "greedy_text": a.get("text"), "random_texts": [s.get("text") for s in r["attacked"]],
        })
    return {"model": model, "dataset": dataset, "greedy": greedy, "random": rand, "limit": limit,
            "rows": rows, "summary": summarise(rows)}


def recount(diag: dict[str, Any]) -> dict[str, Any]:
    """``diag`` (a ``diagnose`` output) with its candidate counts and summary recomputed (no evaluation)."""
    rows = diag["rows"]
    texts, langs = [r["text"] for r in rows], ["en"] * len(rows)
    for key, recipe in (("greedy", diag["greedy"]), ("random", diag["random"])):
        for r, (el, nc, bud) in zip(rows, _perturbation_counts(recipe, diag["dataset"], texts, langs), strict=True):
            r[f"{key}_eligible"], r[f"{key}_candidates"] = el, nc
            r["budget" if key == "greedy" else "random_budget"] = bud
    diag["summary"] = summarise(rows)
    return diag


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for the report: candidate buckets, budget use, who hurt the rank more and why."""
    s: dict[str, Any] = {}
    s["greedy_candidates"] = dict(Counter(_bucket(r["greedy_candidates"]) for r in rows))
    s["random_candidates"] = dict(Counter(_bucket(r["random_candidates"]) for r in rows))
    s["greedy_eligible"] = dict(Counter(_bucket(r["greedy_eligible"]) for r in rows))
    s["random_eligible"] = dict(Counter(_bucket(r["random_eligible"]) for r in rows))
    s["budget"] = dict(Counter(str(r["budget"]) for r in rows))
    att = [r for r in rows if r["clean_rank"] <= 10]  # queries whose drop can be non-zero
    s["clean_top10"] = len(att)
    s["greedy_spent_budget"] = sum(r["greedy_edits"] >= r["budget"] > 0 for r in rows)
    s["greedy_under_budget_with_candidates"] = sum(
        0 < r["greedy_edits"] < r["budget"] for r in rows if r["greedy_candidates"])
    s["greedy_no_edit_with_candidates"] = sum(r["greedy_edits"] == 0 for r in rows if r["greedy_candidates"])
    s["greedy_floor_rejected_all"] = sum(
        r["greedy_edits"] == 0 and bool(r["greedy_rejected"]) for r in rows if r["greedy_candidates"])
    s["greedy_success"] = sum(bool(r["greedy_success"]) for r in rows)
    rb = [r for r in rows if r["random_ndcg_drop"] > r["greedy_ndcg_drop"] + 1e-12]
    s["random_beats_greedy"] = len(rb)
    s["random_beats_greedy_greedy_has_no_candidate"] = sum(r["greedy_candidates"] == 0 for r in rb)
    s["random_beats_greedy_random_more_candidates"] = sum(
        r["random_candidates"] > r["greedy_candidates"] > 0 for r in rb)
    s["random_beats_greedy_other"] = len(rb) - s["random_beats_greedy_greedy_has_no_candidate"] \
        - s["random_beats_greedy_random_more_candidates"]
    s["greedy_beats_random"] = sum(r["greedy_ndcg_drop"] > r["random_ndcg_drop"] + 1e-12 for r in rows)
    s["greedy_drop"] = statistics.mean(r["greedy_ndcg_drop"] for r in rows)
    s["random_drop"] = statistics.mean(r["random_ndcg_drop"] for r in rows)
    s["greedy_rank_unchanged_with_edit"] = sum(
        r["greedy_edits"] > 0 and r["greedy_rank"] == r["clean_rank"] for r in rows)
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="me5-small")
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--greedy", default="")
    ap.add_argument("--random", default="")
    ap.add_argument("--recount", default="", help="recompute the counts of this diagnosis JSON (no evaluation)")
    ap.add_argument("--counts-only", default="", metavar="RECIPE",
                    help="only the eligible words, candidates and budgets of RECIPE's perturbation (no evaluation)")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--json", default="")
    ap.add_argument("--save", default="", help="folder for the two runs' result JSONs")
    args = ap.parse_args()
    if args.counts_only:
        from robustir.data import load_benchmark

        queries = load_benchmark(args.dataset).queries[:args.limit]
        counts = _perturbation_counts(args.counts_only, args.dataset, [q.text for q in queries],
                                      [q.language for q in queries])
        print(json.dumps({"eligible": dict(Counter(_bucket(c[0]) for c in counts)),
                          "candidates": dict(Counter(_bucket(c[1]) for c in counts)),
                          "candidate_texts": sum(c[1] for c in counts),
                          "budget": dict(Counter(str(c[2]) for c in counts))}))
        return
    if args.recount:
        out = recount(json.loads(Path(args.recount).read_text(encoding="utf-8")))
        print(json.dumps(out["summary"], indent=1))
        Path(args.json or args.recount).write_text(json.dumps(out, indent=1), encoding="utf-8")
        return
    if not (args.greedy and args.random):
        ap.error("--greedy and --random are required (or --recount)")
    out = diagnose(args.model, args.dataset, args.greedy, args.random, args.limit,
                   save=Path(args.save) if args.save else None)
    print(json.dumps(out["summary"], indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
