"""Calibrate and test the automatic ``valid`` flag against every judged perturbation.

Judged sets: ``bench/validity/lexical/*.jsonl`` (code-switching, synonyms, adversarial
successes: field ``acceptable``) and ``bench/validity/char/*.jsonl`` (character and
cross-lingual recipes: field ``judgement``). Each row gets its USE-m cosine (stored in the
row, else computed once and kept in ``bench/validity/use-m-similarity.json`` so that the
report is reproducible without the encoder).

The rows are split in two halves by a hash of (original, perturbed) (no seed to pick):
the floors are calibrated on half A, precision and recall are reported on half B, for

* ``old``: the flag before this change: cosine >= the recipe's floor (0.8, or the recipe's
  ``validity_floor``: diacritics 0.55, script 0.6, translit 0.1);
* ``new``: ``robustir.validity``'s checks with the floors of ``FAMILY_FLOORS`` (what the
  library now ships) and the second checks (numbers kept, no name dropped);
* ``calibrated``: floors fitted on half A per family (the highest floor whose recall on A
  stays >= ``--recall``), to show what calibration alone can reach.

    python bench/validity_flag.py            # report (computes missing cosines: USE-m on CPU)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIMS = ROOT / "bench" / "validity" / "use-m-similarity.json"
OLD_FLOORS = {"diacritics": 0.55, "script": 0.6, "translit": 0.1}


def _key(original: str, perturbed: str) -> str:
    return hashlib.sha256(f"{original}\x00{perturbed}".encode()).hexdigest()[:16]


def load_rows() -> list[dict]:
    """Every judged row as {family, recipe, language, original, perturbed, similarity, ok, edits}."""
    rows = []
    for p in sorted((ROOT / "bench" / "validity" / "lexical").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r.get("acceptable") is None:
                continue
            rec = r["recipe"]
            rows.append({"family": rec.removesuffix("-adv"), "recipe": rec, "language": r["language"],
                         "original": r["original"], "perturbed": r["perturbed"], "similarity": r.get("similarity"),
                         "ok": bool(r["acceptable"]), "edits": r.get("words", []), "set": "lexical"})
    for p in sorted((ROOT / "bench" / "validity" / "char").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r.get("judgement") not in ("accept", "reject"):
                continue
            rec = r["recipe"]
            fam = {"script-fullwidth": "script"}.get(rec, rec)
            rows.append({"family": fam, "recipe": rec, "language": r["language"], "original": r["original"],
                         "perturbed": r["perturbed"], "similarity": None, "ok": r["judgement"] == "accept",
                         "edits": r.get("edits", []), "set": "char"})
    return dedupe(rows)


def dedupe(rows: list[dict]) -> list[dict]:
    """One row per judged perturbation (set, recipe, language, original, perturbed), in first-seen order.

    Why: the same perturbation is judged in several files (a second judge's blind copy such as
    ``agree25-v32-en-L.jsonl``, a fixer's paired re-judgement of held-out rows), and counting each copy would
    weight those rows twice in the flag's precision and recall. A perturbation is acceptable only when every
    judgement of it accepts it (the conservative "both accept" reading of bench/RESULTS.md section 146); its
    cosine is the first one a copy carries."""
    kept: dict[tuple, dict] = {}
    for r in rows:
        key = (r["set"], r["recipe"], r["language"], r["original"], r["perturbed"])
        first = kept.get(key)
        if first is None:
            kept[key] = dict(r)
            continue
        first["ok"] = first["ok"] and r["ok"]
        if first["similarity"] is None:
            first["similarity"] = r["similarity"]
    return list(kept.values())


def fill_similarity(rows: list[dict]) -> None:
    """USE-m cosine for the rows without one (cached in ``SIMS``)."""
    cache = json.loads(SIMS.read_text(encoding="utf-8")) if SIMS.is_file() else {}
    todo = [r for r in rows if r["similarity"] is None and _key(r["original"], r["perturbed"]) not in cache]
    if todo:
        from robustir.evaluation import use_similarity

        sim = use_similarity()
        vals = sim([r["original"] for r in todo], [r["perturbed"] for r in todo])
        for r, v in zip(todo, vals, strict=True):
            cache[_key(r["original"], r["perturbed"])] = round(float(v), 6)
        tmp = SIMS.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        tmp.replace(SIMS)
    for r in rows:
        if r["similarity"] is None:
            r["similarity"] = cache[_key(r["original"], r["perturbed"])]


def half(r: dict) -> str:
    return "A" if int(_key(r["original"], r["perturbed"]), 16) % 2 == 0 else "B"


def prf(rows: list[dict], flag) -> tuple[int, int, int, int, float, float]:
    tp = sum(1 for r in rows if flag(r) and r["ok"])
    fp = sum(1 for r in rows if flag(r) and not r["ok"])
    fn = sum(1 for r in rows if not flag(r) and r["ok"])
    tn = sum(1 for r in rows if not flag(r) and not r["ok"])
    return tp, fp, fn, tn, (tp / (tp + fp) if tp + fp else float("nan")), (tp / (tp + fn) if tp + fn else float("nan"))


def fit_floors(rows: list[dict], key, recall: float) -> dict:
    """Per group (``key(row)``): the highest cosine floor (2 decimals, rounded down) whose recall
    on ``rows`` stays >= ``recall``, when it is more precise there than the lowest acceptable
    cosine; else that lowest cosine (nothing to separate: flag no acceptable row)."""
    import math

    groups = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    floors = {}
    for g, rs in groups.items():
        good = sorted(r["similarity"] for r in rs if r["ok"])
        if not good:
            continue
        low = math.floor(good[0] * 100) / 100
        high = math.floor(good[int((1.0 - recall) * len(good))] * 100) / 100

        def precision(floor: float, rs=rs) -> float:
            kept = [r for r in rs if r["similarity"] >= floor]
            return sum(r["ok"] for r in kept) / len(kept) if kept else 0.0

        floors[g] = high if precision(high) > precision(low) else low
    return floors


def new_flag(r: dict) -> bool:
    from robustir.validity import check_texts, family_floor

    floor = OLD_FLOORS.get(r["recipe"]) or family_floor(r["recipe"], r["language"])  # as floor_of: by recipe name
    return check_texts(r["original"], r["perturbed"], r["similarity"], floor) is None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--recall", type=float, default=0.95, help="recall kept on half A when fitting floors")
    args = ap.parse_args(argv)
    rows = load_rows()
    fill_similarity(rows)
    print(f"judged perturbations: {len(rows)} distinct (copies judged in several files counted once; "
          "acceptable only when every judgement accepts)")
    a = [r for r in rows if half(r) == "A"]
    b = [r for r in rows if half(r) == "B"]
    fam = fit_floors(a, lambda r: r["family"], args.recall)
    print(f"judged rows: {len(rows)} (lexical {sum(r['set'] == 'lexical' for r in rows)}, "
          f"char {sum(r['set'] == 'char' for r in rows)}); half A {len(a)}, half B {len(b)}\n")
    print(f"floors fitted on half A per family (recall >= {args.recall:.2f} on A): {json.dumps(fam, sort_keys=True)}\n")
    flags = {
        "old (cosine >= 0.8 / recipe floor)": lambda r: r["similarity"] >= OLD_FLOORS.get(r["recipe"], 0.8),
        "calibrated floor per family (half A)": lambda r: r["similarity"] >= fam.get(r["family"], 0.8),
        "new (robustir.validity: family floors + checks)": new_flag,
    }
    print("| flag | rows (half B) | tp | fp | fn | tn | precision | recall |\n|---|---|---|---|---|---|---|---|")
    for subset, rs in (("all", b), ("lexical", [r for r in b if r["set"] == "lexical"]),
                       ("char", [r for r in b if r["set"] == "char"])):
        for name, f in flags.items():
            tp, fp, fn, tn, p, rc = prf(rs, f)
            print(f"| {name}, {subset} | {len(rs)} | {tp} | {fp} | {fn} | {tn} | {p:.3f} | {rc:.3f} |")
    print("\nper family, half B (old -> new):\n")
    print("| family | rows | acceptable | old precision / recall | new precision / recall |\n|---|---|---|---|---|")
    byfam = defaultdict(list)
    for r in b:
        byfam[r["family"]].append(r)
    for f_, rs in sorted(byfam.items()):
        o = prf(rs, flags["old (cosine >= 0.8 / recipe floor)"])
        n = prf(rs, new_flag)
        print(f"| {f_} | {len(rs)} | {sum(r['ok'] for r in rs)} | {o[4]:.3f} / {o[5]:.3f} | {n[4]:.3f} / {n[5]:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
