"""The swaps a widening of the synonym candidates adds: what to judge before adopting it.

For the questions of ``--ids`` (one id per line, e.g. ``bench/unjudged.py boolq`` without the first 200, the
greedy benchmark's), builds the ``synonym`` recipe's perturbation as an evaluation builds it (collection titles
and passages given, the multilingual USE floor on) once as the recipe is and once per widening of
``attacks.synonym.SenseSynonym`` (``multiword``, ``compound_heads``, ``alternatives``), and lists every
(question, word, candidate) option the widening offers and the recipe does not: each is a swap the random
recipe may draw (one edit, the question otherwise unchanged). Writes them, a seeded sample of at most ``--n``
per widening, in the judged-file format of ``bench/validity.py`` (``valid`` true: every option passed the recipe's
in-context floor; ``acceptable`` and ``words[].correct`` left null, to fill by bench/validity/RUBRIC.md) and prints
the counts.

    python bench/synonym_widen.py boolq --ids ids.txt --out bench/validity/lexical/syncov-boolq-dev.jsonl --n 60
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

logger = logging.getLogger(__name__)

WIDENINGS = ("multiword", "compound_heads", "alternatives")


def options(dataset: str, texts: list[str], widening: str | None) -> list[dict[str, list[str]]]:
    """Per text, word position (as a string key ``"i:word"``) -> the options the recipe offers, with
    ``widening`` (a ``SenseSynonym`` keyword) on or, for None, as the recipe is."""
    import dataclasses

    from robustir.data import load_benchmark
    from robustir.evaluation import _build_attack
    from robustir.recipe import load_recipe

    pert = _build_attack(load_recipe("synonym"), load_benchmark(dataset)).perturbation
    pert.cache_dir = None  # computed here, not read from (or written to) the recipe's options cache
    if widening == "multiword":
        pert.policy = dataclasses.replace(pert.policy, multiword=True)
    elif widening is not None:
        setattr(pert, widening, True)
    pert.prepare(texts, ["en"] * len(texts))
    out = []
    for t in texts:
        parts, opts, eligible = pert._analyse(t, "en")
        out.append({f"{i}:{parts[2 * i + 1]}": [o[1] for o in opts[i]] for i in eligible})
    return out


def new_swaps(dataset: str, ids: list[str]) -> list[dict[str, Any]]:
    """Every option a widening adds over the recipe, as judged-file rows (``widening`` says which)."""
    from robustir.data import load_benchmark

    by_id = {q.id: q for q in load_benchmark(dataset).queries}
    queries = [by_id[i] for i in ids]
    texts = [q.text for q in queries]
    base = options(dataset, texts, None)
    rows = []
    for widening in WIDENINGS:
        wide = options(dataset, texts, widening)
        for q, b, w in zip(queries, base, wide, strict=True):
            from robustir.attacks.analysis import analyse

            a = analyse(q.text, "en")
            for key, cands in w.items():
                i = int(key.split(":", 1)[0])
                for c in cands:
                    if c in b.get(key, []):
                        continue
                    orig = a.words[i].text
                    rows.append({"recipe": "synonym", "language": "en", "dataset": dataset, "qid": q.id,
                                 "original": q.text, "perturbed": a.join({i: c}), "valid": True, "acceptable": None,
                                 "words": [{"original": orig, "replacement": c, "operation": "synonym",
                                            "correct": None}],
                                 "widening": widening})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("--ids", type=Path, required=True, help="question ids, one a line")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=60, help="at most this many rows per widening (seeded sample)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    ids = [x.strip() for x in args.ids.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = new_swaps(args.dataset, ids)
    out = []
    for widening in WIDENINGS:
        mine = [r for r in rows if r["widening"] == widening]
        print(f"{widening}: {len(mine)} new swaps on {len(ids)} questions")
        if len(mine) > args.n:
            keep = set(random.Random(args.seed).sample(range(len(mine)), args.n))
            mine = [r for k, r in enumerate(mine) if k in keep]
        out.extend(mine)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} rows to judge in {args.out}")


if __name__ == "__main__":
    main()
