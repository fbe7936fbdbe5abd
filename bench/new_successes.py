"""The adversarial successes a change made possible: texts to judge for validity.

Given the greedy result JSON of the same recipe, dataset and seed before and after a change
(``bench/greedy_diagnose.py --save`` or ``robustir attack -o``), lists every attacked sample of
the AFTER run that is a success (``nDCG@10`` below the clean query's, at least one edit) and whose
text differs from the BEFORE run's text for that query: the outputs the old search could not or
did not produce. Writes them (a seeded sample of at most ``--n``) in the judged-file format of
``bench/validity.py`` (fill ``acceptable`` and ``words[].correct`` by bench/validity/RUBRIC.md).

    python bench/new_successes.py BEFORE.json AFTER.json --out bench/validity/lexical/greedy12-x.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.validity import success_rows  # noqa: E402

logger = logging.getLogger(__name__)


def new_successes(before: dict[str, Any], after: dict[str, Any], measure: str = "nDCG@10") -> list[dict[str, Any]]:
    """The AFTER run's successes (``bench/validity.py``'s :func:`success_rows`) whose text is not the BEFORE
    run's for the same query and sample, each with the BEFORE text (``before``, after ``perturbed``)."""
    old = {(q["id"], a["sample"]): a["text"] for q in before["queries"] for a in q["attacked"]}
    rows = []
    for row in success_rows(after, measure):
        was = old.get((row["qid"], row["sample"]))
        if was == row["perturbed"]:
            continue
        items = list(row.items())
        at = [k for k, _ in items].index("perturbed") + 1
        rows.append(dict([*items[:at], ("before", was), *items[at:]]))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = new_successes(json.loads(args.before.read_text(encoding="utf-8")),
                         json.loads(args.after.read_text(encoding="utf-8")))
    total = len(rows)
    if len(rows) > args.n:
        rows = sorted(random.Random(args.seed).sample(rows, args.n), key=lambda r: r["qid"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} of {total} new successes to judge in {args.out}")


if __name__ == "__main__":
    main()
