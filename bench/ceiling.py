"""The exhaustive ceiling of an adversarial recipe: the best nDCG@10 drop ANY search could reach.

Issue 11 asks greedy >= 2x random's nDCG@10 drop at the same edit budget. Whether that is a
weak search or an unreachable target is answered here: for each query, every edit set the
adversarial recipe may make is enumerated and scored with the model under test.

An "edit set" is what the greedy search may keep (``attacks.search``): at most
``Perturbation.edit_budget`` positions (the random twin's ``rate`` of the eligible words, at
least one, capped by ``max_edits``), one candidate rewrite per position, the candidates being
``Perturbation.word_edits`` with the query's own seeded stream (``text_seed(seed, text)``, the
stream the greedy search uses), rebuilt with the same span-aware ``replace_words``. Every set
goes through the recipe's constraints (the semantic floor of the multilingual USE last), as the
greedy search checks each combined text, and the ones that pass are searched (top 100) and
scored (nDCG@10, RR) exactly as ``robustir.evaluation`` scores attacked queries. The ceiling of a
query is its best set's drop (0 when no set helps: "no edit" is always allowed).

Cap: a query with more than ``--cap`` edit sets is enumerated smallest sets first (all singles,
then all pairs, ...; within a size, positions and candidates in ``word_edits`` order) and cut at
``--cap`` sets, counted before the sets that rebuild a text already seen or whose edits overlap
are dropped (so a capped query may have fewer than ``--cap`` distinct texts); such queries are
counted as ``capped`` (their ceiling is then a lower bound).

The greedy search is run too (the recipe's own attack, same seed, same retriever), so each
query's greedy drop sits next to its ceiling; random's drop comes from a ``bench/attacks.py
--adversarial --json`` file of the same model, dataset and limit (``--against``).

    python bench/ceiling.py --model me5-small --dataset boolq --limit 200 \
        --pairs codeswitch-adv:codeswitch,synonym-adv:synonym --against base-boolq.json --json out.json

Hand-written (no library enumerates a perturbation's edit sets under this project's budget).
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

logger = logging.getLogger(__name__)

MEASURES = ("nDCG@10", "RR")


def edit_sets(by_pos: dict[int, list[Any]], budget: int, cap: int) -> tuple[list[tuple[Any, ...]], bool]:
    """Every edit set of at most ``budget`` positions, one edit per position, smallest sets first;
    at most ``cap`` sets (and whether the cap cut the enumeration)."""
    positions = sorted(by_pos)
    out: list[tuple[Any, ...]] = []
    for size in range(1, min(budget, len(positions)) + 1):
        for chosen in itertools.combinations(positions, size):
            for combo in itertools.product(*(by_pos[p] for p in chosen)):
                if len(out) >= cap:
                    return out, True
                out.append(combo)
    return out, False


def query_sets(pert: Any, text: str, lang: str, seed: int, cap: int) -> tuple[list[Any], int, int, bool]:
    """The distinct candidate texts (``Perturbed``) of every edit set of ``text`` the greedy search may
    keep, the edit budget, the number of positions with a candidate, and whether the cap cut the
    enumeration. The candidates are read as ``attacks.search._Job._plan`` reads them: ``word_edits``
    (else ``word_candidates``' one-word edits) from the query's seeded stream; a perturbation with no
    word candidate offers its whole-text candidates, one set each (the greedy search keeps one of them)."""
    from robustir.attacks.base import edit_span, new_perturbed
    from robustir.attacks.search import text_seed
    from robustir.attacks.tokenize import replace_words

    rng = random.Random(text_seed(seed, text))
    by_pos: dict[int, list[Any]] = {}
    whole: dict[str, Any] = {}
    edits = pert.word_edits(text, lang, rng)
    if edits is not None:
        for e in edits:
            by_pos.setdefault(e.position, []).append(e)
    else:
        for cand in pert.word_candidates(text, lang, rng):
            if len(cand.edits) == 1 and cand.edits[0].position >= 0:
                by_pos.setdefault(cand.edits[0].position, []).append(cand.edits[0])
            elif cand.edits and cand.text != text:
                whole.setdefault(cand.text, cand)
    if not by_pos:
        return list(whole.values())[:cap], 1 if whole else 0, 0, len(whole) > cap
    # each edit's own span, counted in the words its positions index (``Perturbation.word_parts``: the
    # analysed words of a segmented zh/th query), as ``attacks.search._Job`` counts them
    parts = pert.word_parts(text, lang)
    span = {id(e): edit_span(e, parts) for es in by_pos.values() for e in es}
    budget = pert.edit_budget(text, lang)
    budget = len(by_pos) if budget is None else budget
    sets, capped = edit_sets(by_pos, budget, cap)
    seen: dict[str, Any] = {}
    for combo in sets:
        ranges = sorted((e.position, e.position + span[id(e)]) for e in combo)
        if any(a_end > b for (_, a_end), (b, _) in itertools.pairwise(ranges)):
            continue  # an edit would rewrite a word another edit of the set covers: the search never builds it
        spans = {e.position: n for e in combo if (n := span[id(e)]) > 1} or None
        t = replace_words(text, {e.position: e.replacement for e in combo}, parts, spans)
        if t != text and t not in seen:
            seen[t] = new_perturbed(t, tuple(sorted(combo, key=lambda e: e.position)), lang)
    return list(seen.values()), budget, len(by_pos), capped


def score_texts(retriever: Any, bench: Any, qids: Sequence[str], texts: Sequence[str]) -> list[dict[str, float]]:
    """``MEASURES`` of each text as query ``qids[i]``'s run (top 100, as the evaluation scores attacked runs)."""
    from robustir.metrics import score_hits

    if not texts:
        return []
    scores, rows = retriever.search_hits(list(texts), 100)
    keys = [f"{q}\t{i}" for i, q in enumerate(qids)]  # one run per text, several per query
    qrels = {k: bench.qrels[q] for k, q in zip(keys, qids, strict=True)}
    got = score_hits([(keys, scores, rows)], retriever.doc_ids, qrels, list(MEASURES), doc_rows=retriever.doc_rows)[0]
    return [got[k] for k in keys]


def ceiling(model: str, dataset: str, recipe: str, *, limit: int, seed: int, cap: int,
            space: str | None = None) -> dict[str, Any]:
    """Per query: clean, greedy and ceiling nDCG@10 (and the best set); summary means.

    ``space``: enumerate the edit sets of this (random) recipe's perturbation and budget instead of
    ``recipe``'s, still under ``recipe``'s constraints (its semantic floor): the ceiling a greedy search
    would have with the random twin's candidates and budget."""
    from robustir.evaluation import _build_attack, bind_batch_score_fn, prepare, use_similarity
    from robustir.models.device import default_batch_size
    from robustir.retrieval import Retriever

    ev = prepare(model, dataset, recipe, samples=1, limit=limit, seed=seed, k=100)
    bench, attack = ev.bench, ev.built_attack()
    retriever = Retriever(ev.encoder, bench, cache_dir=ev.cache_dir, batch_size=default_batch_size(ev.encoder))
    qids = [q.id for q in bench.queries]
    texts = [q.text for q in bench.queries]
    langs = [q.language for q in bench.queries]
    similarity = use_similarity() if attack.needs_similarity else None
    greedy = attack.run(texts, seed=seed, samples=1, languages=langs, similarity_fn=similarity,
                        batch_score_fn=bind_batch_score_fn(retriever, bench, attack))
    clean = score_texts(retriever, bench, qids, texts)
    greedy_m = score_texts(retriever, bench, qids, [g[0].text for g in greedy])
    cons = attack._constraints(similarity)  # the greedy search's constraints, semantic floor last
    pert = attack.perturbation
    if space:
        from robustir.recipe import load_recipe

        pert = _build_attack(load_recipe(space), bench).perturbation
        pert.prepare(texts, langs)
    rows = []
    for i, (qid, text, lang) in enumerate(zip(qids, texts, langs, strict=True)):
        cands, budget, positions, capped = query_sets(pert, text, lang, seed, cap)
        ok = [True] * len(cands)
        for con in cons:
            idx = [j for j, v in enumerate(ok) if v]
            if not idx:
                break
            for j, v in zip(idx, con.check([text] * len(idx), [cands[j] for j in idx]), strict=True):
                ok[j] = bool(v)
        kept = [c for c, v in zip(cands, ok, strict=True) if v]
        got = score_texts(retriever, bench, [qid] * len(kept), [c.text for c in kept])
        c0 = clean[i]["nDCG@10"]
        best_j = min(range(len(kept)), key=lambda j: (got[j]["nDCG@10"], len(kept[j].edits), j)) if kept else -1
        best = min(c0, got[best_j]["nDCG@10"]) if kept else c0
        improved = sum(m["RR"] > clean[i]["RR"] + 1e-9 for m in got)
        g = greedy[i][0]
        rows.append({"id": qid, "text": text, "budget": budget, "positions": positions, "sets": len(cands),
                     "sets_passing": len(kept), "capped": capped, "sets_improving_rank": improved,
                     "clean": c0, "greedy": greedy_m[i]["nDCG@10"], "greedy_text": g.text,
                     "greedy_edits": len(g.edits), "greedy_scored": g.queries, "ceiling": best,
                     "ceiling_text": kept[best_j].text if kept and best < c0 else text,
                     "ceiling_edits": len(kept[best_j].edits) if kept and best < c0 else 0})
        if (i + 1) % 20 == 0:
            logger.info("%s %d/%d queries", recipe, i + 1, len(texts))
    n = len(rows)
    summary = {"recipe": recipe, "space": space or recipe, "model": model, "dataset": dataset, "queries": n,
               "seed": seed, "cap": cap,
               "clean_ndcg10": statistics.mean(r["clean"] for r in rows),
               "ceiling_drop": statistics.mean(r["clean"] - r["ceiling"] for r in rows),
               "greedy_drop": statistics.mean(r["clean"] - r["greedy"] for r in rows),
               "queries_with_sets": sum(r["sets"] > 0 for r in rows),
               "queries_capped": sum(r["capped"] for r in rows),
               "budgets": {str(b): sum(r["budget"] == b for r in rows if r["sets"])
                           for b in sorted({r["budget"] for r in rows if r["sets"]})},
               "sets_total": sum(r["sets"] for r in rows), "sets_passing": sum(r["sets_passing"] for r in rows),
               "queries_ceiling_below_clean": sum(r["ceiling"] < r["clean"] - 1e-12 for r in rows),
               "queries_greedy_below_ceiling": sum(r["greedy"] > r["ceiling"] + 1e-12 for r in rows),
               "queries_clean_already_out": sum(r["clean"] == 0 for r in rows)}
    return {"summary": summary, "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="me5-small")
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cap", type=int, default=5000,
                    help="most edit sets enumerated per query (before duplicate and overlapping ones are dropped)")
    ap.add_argument("--pairs", default="codeswitch-adv:codeswitch,synonym-adv:synonym",
                    help="adversarial:random recipe pairs (random's drop is read from --against)")
    ap.add_argument("--against", default="", help="a bench/attacks.py --adversarial --json file (random's drop)")
    ap.add_argument("--space", choices=("adversarial", "random"), default="adversarial",
                    help="whose edit sets to enumerate: the adversarial recipe's (its candidates and budget) or "
                         "its random twin's (under the adversarial recipe's constraints)")
    ap.add_argument("--json", default="", help="write the summaries and per-query rows here")
    args = ap.parse_args()
    if args.limit < 1 or args.cap < 1:
        print("ceiling: --limit and --cap must be >= 1", file=sys.stderr)
        raise SystemExit(2)
    pairs = [tuple(p.split(":", 1)) for p in args.pairs.split(",") if p]
    if not pairs or any(len(p) != 2 or not all(p) for p in pairs):
        print(f"ceiling: --pairs must be adversarial:random recipe pairs, got {args.pairs!r}", file=sys.stderr)
        raise SystemExit(2)
    from robustir.recipe import load_recipe

    for name in sorted({n for p in pairs for n in p}):  # a bad recipe name or path: one line, before any model loads
        try:
            load_recipe(name)
        except Exception as e:  # noqa: BLE001 - a benchmark script: say why in one line
            print(f"ceiling: recipe {name!r}: {e}", file=sys.stderr)
            raise SystemExit(2) from None
    if args.against and not Path(args.against).is_file():
        print(f"ceiling: --against {args.against!r} is not a file", file=sys.stderr)
        raise SystemExit(2)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    against = json.loads(Path(args.against).read_text(encoding="utf-8")) if args.against else []
    out = []
    for adv, rand in pairs:
        res = ceiling(args.model, args.dataset, adv, limit=args.limit, seed=args.seed, cap=args.cap,
                      space=rand if args.space == "random" else None)
        s = res["summary"]
        s["random"] = rand
        ref = [r for r in against if r.get("greedy") == adv and r.get("random") == rand
               and r.get("dataset") == args.dataset and r.get("queries") == s["queries"]]
        if ref:
            s["random_drop"] = ref[0]["random_drop"]
            s["greedy_drop_bench"] = ref[0]["greedy_drop"]
            rd = s["random_drop"]
            s["ceiling_over_random"] = s["ceiling_drop"] / rd if rd > 0 else None
            s["greedy_over_random"] = s["greedy_drop"] / rd if rd > 0 else None
        print(json.dumps(s), flush=True)
        out.append(res)
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
