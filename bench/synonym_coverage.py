"""Coverage of the synonym recipe's candidates, without any encoder: how many queries have a word that
may be swapped, and how many edits one seeded random sample makes per query (rate 0.2, at most 3 edits,
the `synonym` recipe's budget). The context filter is off (``context="none"``), so the numbers say what the
precision filter offers, before the multilingual USE vetoes anything (the collection's titles are
handed over as the evaluation does); run it with two checkouts to compare
filters (e.g. ``ROBUSTIR_WT`` pointing at a ``git archive`` of the older ``attacks/``).

    python bench/synonym_coverage.py --json cov.json boolq xquad-r:en mlqa-r:en

What a greedy search over these candidates can choose between (``--limit 200``: the questions of the greedy vs
random benchmark): per changed query, the eligible words, the candidates of each before the multilingual USE keeps
one, and the edit budget (``edit_budget``, the same for ``synonym`` and ``synonym-adv``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("datasets", nargs="+")
    ap.add_argument("--json", help="also write the rows to this file")
    ap.add_argument("--limit", type=int, default=None, help="first N questions only")
    ap.add_argument("--swaps", help="also write every changed question's offered swaps to this file "
                                    "(to diff two checkouts)")
    args = ap.parse_args(argv)

    from robustir.attacks.analysis import analyse
    from robustir.attacks.synonym import SenseSynonym

    from robustir.data.registry import load_benchmark
    from robustir.resources import ensure

    syn = SenseSynonym(rate=0.2, max_edits=3, context="none", resource_paths={"nltk-data": ensure("nltk-data")})
    out, swaps = {}, {}
    for d in args.datasets:
        bench = load_benchmark(d)
        # as the evaluation does (robustir.evaluation): the collection's titles lock lower-case names
        syn.use_collection_names(doc.title for doc in bench.corpus if doc.title)
        texts = [q.text for q in bench.queries[:args.limit]]
        changed = slots = edits = candidates = budget = 0
        for k, t in enumerate(texts):
            parts, opts, eligible = syn._analyse(t, "en")
            if eligible:
                swaps[f"{d}|{bench.queries[k].id}"] = {"text": t, "swaps": [[parts[2 * i + 1], opts[i][0][1]]
                                                                            for i in eligible]}
            changed += bool(eligible)
            slots += len(eligible)
            edits += len(syn.perturb(t, random.Random(k), "en").edits)
            if eligible:
                a = analyse(t, "en")
                candidates += sum(len(syn._candidates(a.words[i], "en", "en", a, i)) for i in eligible)
                budget += syn.edit_budget(t, "en") or 0
        out[d] = {"queries": len(texts), "changed": changed, "slots_per_query": round(slots / len(texts), 4),
                  "edits_per_query": round(edits / len(texts), 4),
                  "slots_per_changed_query": round(slots / max(changed, 1), 4),
                  "candidates_per_slot": round(candidates / max(slots, 1), 4),
                  "budget_per_changed_query": round(budget / max(changed, 1), 4)}
        print(d, json.dumps(out[d]), flush=True)
    if args.swaps:
        with open(args.swaps, "w", encoding="utf-8") as f:
            json.dump(swaps, f, ensure_ascii=False, indent=0)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
