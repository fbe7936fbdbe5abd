"""Validity benchmark of the lexical attacks: judged perturbations vs the automatic flag.

    # 1. sample perturbations (seeded) from `robustir perturb` JSONL files into a file to judge
    python bench/validity.py sample --out bench/validity/lexical/codeswitch.jsonl --per-language 8 \
        /tmp/lexout/*.jsonl
    # 2. a developer fills "acceptable" (query level) and "correct" (each switched word)
    #    following bench/validity/RUBRIC.md
    # 3. report acceptance per recipe and language, translation accuracy per language, and the
    #    `valid` flag's precision/recall against the judgements
    python bench/validity.py report bench/validity/lexical/*.jsonl
    # adversarial successes (attacked samples ranking the relevant passage lower), seeded
    python bench/validity.py adv --out bench/validity/lexical/adv-cs.jsonl --n 50 run.json
    # 4. coverage of the perturb runs: unperturbable and changed shares per language
    python bench/validity.py coverage /tmp/lexout/*.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path


def sample(paths: list[Path], out: Path, per_language: int, seed: int, recipe: str) -> None:
    rows = []
    for p in sorted(paths):
        changed = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        changed = [r for r in changed if r["edits"]]
        rng = random.Random(f"{seed}:{p.name}")
        for r in rng.sample(changed, min(per_language, len(changed))):
            rows.append({"recipe": recipe, "language": r["language"], "qid": r["qid"], "sample": r["sample"],
                         "original": r["original"], "perturbed": r["perturbed"],
                         "similarity": r.get("similarity"), "valid": r.get("valid"), "acceptable": None,
                         "words": [{"original": e["original"], "replacement": e["replacement"].strip(),
                                    "operation": e["operation"], "correct": None} for e in r["edits"]]})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} perturbations to judge in {out}")


def success_rows(result: dict, measure: str = "nDCG@10") -> list[dict]:
    """The successes of one adversarial result JSON (``robustir attack -o``): every attacked sample with at
    least one edit whose ``measure`` fell below the clean query's, as rows of the judged-file format
    (``acceptable`` and each word's ``correct`` left to the judge). Used by :func:`adversarial` and
    ``bench/new_successes.py``."""
    recipe = result["provenance"]["recipe"]["name"]
    return [{"recipe": recipe, "language": q["language"], "qid": q["id"], "sample": a["sample"],
             "original": q["text"], "perturbed": a["text"], "similarity": a.get("similarity"),
             "valid": a.get("valid"), "clean": round(q["clean"][measure], 4),
             "attacked": round(a["metrics"][measure], 4), "acceptable": None,
             "words": [{"original": e["original"], "replacement": e["replacement"].strip(),
                        "operation": e["operation"], "correct": None} for e in a["edits"]]}
            for q in result["queries"] for a in q["attacked"]
            if a["edits"] and a["metrics"][measure] < q["clean"][measure]]


def adversarial(paths: list[Path], out: Path, n: int, seed: int, measure: str = "nDCG@10") -> None:
    """The successes of adversarial runs (``robustir attack -r X-adv -o run.json``): every attacked
    sample whose ``measure`` fell below the clean query's (its relevant passage ranks lower), a
    seeded sample of at most ``n`` of them, in the judged-file format."""
    rows = [row for p in sorted(paths) for row in success_rows(json.loads(p.read_text(encoding="utf-8")), measure)]
    total = len(rows)
    if len(rows) > n:
        rows = random.Random(seed).sample(rows, n)
        rows.sort(key=lambda r: (r["language"], r["qid"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} of {total} successes ({measure} below the clean query's) to judge in {out}")


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def report(paths: list[Path]) -> None:
    rows = [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    judged = [r for r in rows if r["acceptable"] is not None]
    acc = defaultdict(lambda: [0, 0])
    words = defaultdict(lambda: [0, 0])
    for r in judged:
        direction = "en->L" if r["language"] == "en" else "L->en"
        # "code": which version of the recipe produced the row (judged rounds of one branch)
        key = (r["recipe"] + (f" [{r['code']}]" if r.get("code") else ""), r["language"])
        acc[key][0] += bool(r["acceptable"])
        acc[key][1] += 1
        for w in r["words"]:
            if w["correct"] is not None and w["operation"].startswith("codeswitch"):
                lang = w["operation"].split(":")[-1] if direction == "en->L" else r["language"]
                k = (direction, lang)
                words[k][0] += bool(w["correct"])
                words[k][1] += 1
    print("| recipe | language | acceptable (same information need) |\n|---|---|---|")
    for (rec, lang), (a, n) in sorted(acc.items()):
        print(f"| {rec} | {lang} | {_pct(a, n)} |")
    a = sum(v[0] for v in acc.values())
    n = sum(v[1] for v in acc.values())
    print(f"| all | all | {_pct(a, n)} |\n")
    print("| direction | language | correct translations in context |\n|---|---|---|")
    for (d, lang), (c, n) in sorted(words.items()):
        print(f"| {d} | {lang} | {_pct(c, n)} |")
    tp = sum(1 for r in judged if r["valid"] and r["acceptable"])
    fp = sum(1 for r in judged if r["valid"] and not r["acceptable"])
    fn = sum(1 for r in judged if not r["valid"] and r["acceptable"])
    tn = sum(1 for r in judged if not r["valid"] and not r["acceptable"])
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec_ = tp / (tp + fn) if tp + fn else float("nan")
    print(f"\nvalid flag vs judgement: tp={tp} fp={fp} fn={fn} tn={tn}; precision {prec:.3f}, recall {rec_:.3f}; "
          f"{len(judged)} judged of {len(rows)}")
    print("\n| similarity floor | flagged valid | precision | recall |\n|---|---|---|---|")
    for floor in (0.8, 0.85, 0.9, 0.93, 0.95, 0.97):
        flagged = [r for r in judged if r.get("similarity") is not None and r["similarity"] >= floor]
        good = sum(1 for r in flagged if r["acceptable"])
        allgood = sum(1 for r in judged if r["acceptable"])
        print(f"| {floor} | {len(flagged)} | {good / len(flagged) if flagged else float('nan'):.3f} | "
              f"{good / allgood if allgood else float('nan'):.3f} |")


def coverage(paths: list[Path]) -> None:
    """Per perturb JSONL: unperturbable share of queries, changed share of the other samples,
    the automatic valid share and mean similarity of the changed ones."""
    print("| file | language | queries | unperturbable | changed (of perturbable samples) | valid (of changed) "
          "| mean similarity |\n|---|---|---|---|---|---|---|")
    for p in sorted(paths):
        rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        by_q = defaultdict(list)
        for r in rows:
            by_q[r["qid"]].append(r)
        unp = sum(1 for v in by_q.values() if all(r.get("unperturbable") for r in v))
        pert = [r for r in rows if not r.get("unperturbable")]
        changed = [r for r in pert if r["edits"]]
        valid = sum(1 for r in changed if r.get("valid"))
        sims = [r["similarity"] for r in changed if r.get("similarity") is not None]
        lang = rows[0]["language"] if rows else "-"
        print(f"| {p.name} | {lang} | {len(by_q)} | {_pct(unp, len(by_q))} | {_pct(len(changed), len(pert))} | "
              f"{_pct(valid, len(changed))} | {sum(sims) / len(sims) if sims else float('nan'):.3f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("paths", nargs="+", type=Path)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--per-language", type=int, default=8)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--recipe", default="codeswitch")
    r = sub.add_parser("report")
    r.add_argument("paths", nargs="+", type=Path)
    v = sub.add_parser("adv", help="successes of adversarial attack results (robustir attack -o JSON)")
    v.add_argument("paths", nargs="+", type=Path)
    v.add_argument("--out", type=Path, required=True)
    v.add_argument("--n", type=int, default=50)
    v.add_argument("--seed", type=int, default=0)
    c = sub.add_parser("coverage")
    c.add_argument("paths", nargs="+", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "sample":
        sample(args.paths, args.out, args.per_language, args.seed, args.recipe)
    elif args.cmd == "adv":
        adversarial(args.paths, args.out, args.n, args.seed)
    elif args.cmd == "coverage":
        coverage(args.paths)
    else:
        report(args.paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
