"""Section 253 (branch zhunp40): unperturbable queries before/after, and the switched words that differ.

Usage: python bench/zhunp40/compare.py BASE.jsonl BRANCH.jsonl  -- prints the unperturbable counts (per query id)
and every (qid, sample, word -> replacement) edit present on one side only. Measurement only.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def load(path: Path) -> dict[tuple[str, int], dict]:
    """Rows keyed by (qid, sample)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out[(r["qid"], r.get("sample", 0))] = r
    return out


def unperturbable(rows: dict[tuple[str, int], dict]) -> tuple[int, int]:
    """(queries with no switched word in any sample, queries)."""
    by: dict[str, bool] = {}
    for (q, _), r in rows.items():
        by[q] = by.get(q, False) or bool(r.get("edits"))
    return sum(1 for v in by.values() if not v), len(by)


def edits(r: dict) -> set[tuple[str, str]]:
    """The row's (original, replacement) switches."""
    return {(e["original"], e["replacement"].strip()) for e in r.get("edits") or []}


def main(a: str, b: str) -> None:
    ra, rb = load(Path(a)), load(Path(b))
    (ua, na), (ub, nb) = unperturbable(ra), unperturbable(rb)
    print(f"unperturbable base {ua}/{na}, branch {ub}/{nb}")
    for k in sorted(set(ra) | set(rb)):
        ea, eb = edits(ra.get(k, {})), edits(rb.get(k, {}))
        if ea != eb:
            src = (rb.get(k) or ra.get(k) or {}).get("original", "")
            print(f"{k[0]}\t{k[1]}\t-{sorted(ea - eb)}\t+{sorted(eb - ea)}\t{src}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
