"""Unperturbable zh questions (every sample unchanged) base vs branch, and every question whose output changed.

    cd /tmp/zhl2en38 && python /work/wt/zhl2en38/bench/zhl2en38/unp.py   # reads rb/ (base) and rn/ (branch)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import by_question  # noqa: E402

for f in ["test.jsonl", "test100.jsonl", "dev/zh.jsonl"]:
    b, n = by_question("rb/" + f), by_question("rn/" + f)
    ub = {k for k, v in b.items() if all(x["perturbed"] == x["original"] for x in v)}
    un = {k for k, v in n.items() if all(x["perturbed"] == x["original"] for x in v)}
    print(f, len(b), "unperturbable base", len(ub), "branch", len(un), "newly", sorted(un - ub),
          "fixed", sorted(ub - un))
    for k in b:
        pb = [x["perturbed"] for x in b[k]]
        pn = [x["perturbed"] for x in n[k]]
        if pb != pn:
            print("  CHANGED", b[k][0]["original"])
            print("    base", pb)
            print("    new ", pn)
