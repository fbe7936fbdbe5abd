"""Acceptability of the character and cross-lingual recipes, judged by a person.

For each recipe and script group it serves, draws ``PER_GROUP`` seeded queries
(XQuAD-R questions of the group's languages, plus BoolQ questions for Latin),
perturbs them with the recipe (random search, the recipe's own constraints) and
writes or checks ``bench/validity/char/<recipe>.jsonl``, one judged sample a line:
``recipe, language, seed, original, perturbed, edits, judgement (accept/reject), note``.
The rubric is ``bench/validity/RUBRIC.md``. Queries the recipe marks
``unperturbable`` are not judged (they are not attacked); they are counted.

    python bench/validity_char.py generate [--recipes typo,ocr]   # new samples, judgement null
    python bench/validity_char.py check                            # regenerate, compare, report
    python bench/validity_char.py coverage                         # edited share per XQuAD-R language

``check`` exits 1 when a regenerated perturbation differs from the judged one (the
judgements would no longer describe the recipe) or a sample is unjudged; it prints
acceptance per recipe and script group against the targets of issue #11.
``coverage`` perturbs every XQuAD-R question of each served language and prints
the share edited among those not marked unperturbable (target >= 95%).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "validity" / "char"
SEED = 11
PER_GROUP = 25
GROUPS = {"latin": ("en", "de", "es", "tr", "vi"), "cyrillic": ("ru",), "greek": ("el",), "arabic": ("ar",),
          "devanagari": ("hi",), "thai": ("th",), "han": ("zh",)}
XQUAD = ("ar", "de", "el", "en", "es", "hi", "ru", "th", "tr", "vi", "zh")
RECIPES = ("typo", "homoglyph", "ocr", "diacritics", "translit", "script", "script-fullwidth", "keywords",
           "wordorder", "segmentation")
TARGETS = {"keywords": 0.85, "wordorder": 0.85, "segmentation": None}


def _pool(language: str) -> list[str]:
    from robustir.data import load_benchmark

    texts = [q.text for q in load_benchmark(f"xquad-r:{language}").queries]
    if language == "en":
        texts += [q.text for q in load_benchmark("boolq").queries[:500]]
    return sorted(set(texts))


def samples(recipe_name: str) -> list[dict]:
    """The seeded samples of one recipe: PER_GROUP perturbed queries per served script group."""
    from robustir.recipe import load_recipe

    recipe = load_recipe(recipe_name)
    attack = recipe.build()
    served = set(recipe.languages) if recipe.languages else set(XQUAD)
    rows: list[dict] = []
    for group, langs in GROUPS.items():
        langs = [lang for lang in langs if lang in served]
        if not langs:
            continue
        rng = random.Random(f"{SEED}:{recipe_name}:{group}")
        pools = {lang: rng.sample(_pool(lang), k=len(_pool(lang))) for lang in langs}
        got, skipped, i = [], 0, 0
        while len(got) < PER_GROUP and any(i < len(p) for p in pools.values()):
            lang = langs[i % len(langs)] if len(langs) > 1 else langs[0]
            k = i // len(langs)
            i += 1
            if k >= len(pools[lang]):
                continue
            text = pools[lang][k]
            p = attack.run([text], seed=SEED, samples=1, languages=[lang])[0][0]
            if p.unperturbable or not p.edits:
                skipped += 1
                continue
            got.append({"recipe": recipe_name, "group": group, "language": lang, "seed": SEED, "original": text,
                        "perturbed": p.text, "edits": [e.to_dict() for e in p.edits],
                        "judgement": None, "note": ""})
        print(f"{recipe_name:18s} {group:10s} {len(got):3d} samples ({skipped} unperturbable skipped)")
        rows.extend(got)
    return rows


def _write(path: Path, rows: list[dict]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(path)


def generate(recipes: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in recipes:
        path = OUT / f"{name}.jsonl"
        old = {}
        if path.exists():  # keep judgements of samples that did not change
            for line in path.read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                old[(r["language"], r["original"], r["perturbed"])] = (r["judgement"], r["note"])
        rows = samples(name)
        for r in rows:
            j = old.get((r["language"], r["original"], r["perturbed"]))
            if j:
                r["judgement"], r["note"] = j
        _write(path, rows)
    return 0


def check(recipes: list[str]) -> int:
    bad = 0
    table = []
    for name in recipes:
        path = OUT / f"{name}.jsonl"
        if not path.exists():
            print(f"MISSING {path}")
            bad += 1
            continue
        judged = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        fresh = samples(name)
        for a, b in zip(judged, fresh, strict=False):
            if (a["original"], a["perturbed"], a["language"]) != (b["original"], b["perturbed"], b["language"]):
                print(f"DIFFERS {name}: {a['original']!r}: judged {a['perturbed']!r}, now {b['perturbed']!r}")
                bad += 1
        if len(judged) != len(fresh):
            print(f"DIFFERS {name}: {len(judged)} judged samples, {len(fresh)} regenerated")
            bad += 1
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in judged:
            if r["judgement"] not in ("accept", "reject"):
                print(f"UNJUDGED {name}: {r['original']!r}")
                bad += 1
                continue
            for key in (r["group"], "all"):
                per[key][0] += r["judgement"] == "accept"
                per[key][1] += 1
        target = TARGETS.get(name.removesuffix("-fullwidth"), 0.95)
        for key, (acc, n) in sorted(per.items(), key=lambda kv: (kv[0] == "all", kv[0])):
            ok = "" if target is None else ("ok" if acc / n >= target else "BELOW")
            table.append(f"| {name} | {key} | {n} | {acc} | {acc / n:.0%} | "
                         f"{'-' if target is None else f'{target:.0%}'} {ok} |")
    print("| recipe | script group | judged | accepted | acceptance | target |")
    print("|---|---|---|---|---|---|")
    print("\n".join(table))
    if bad:
        print(f"FAILED: {bad} problem(s) above", file=sys.stderr)
        return 1
    return 0


def coverage(recipes: list[str]) -> int:
    """Edited share among the queries not marked unperturbable, per served XQuAD-R language."""
    from robustir.data import load_benchmark
    from robustir.recipe import load_recipe

    worst = 1.0
    print("| recipe | language | queries | unperturbable | edited of the rest |")
    print("|---|---|---|---|---|")
    for name in recipes:
        recipe = load_recipe(name)
        attack = recipe.build()
        for lang in XQUAD:
            if recipe.languages and lang not in recipe.languages:
                continue
            texts = [q.text for q in load_benchmark(f"xquad-r:{lang}").queries]
            res = attack.run(texts, seed=SEED, samples=recipe.samples, languages=[lang] * len(texts))
            flat = [p for row in res for p in row]
            unp = sum(p.unperturbable for p in flat)
            rest = [p for p in flat if not p.unperturbable]
            share = sum(1 for p, t in zip(flat, (t for t in texts for _ in range(recipe.samples)), strict=False)
                        if not p.unperturbable and p.edits and p.text != t) / max(1, len(rest))
            worst = min(worst, share)
            print(f"| {name} | {lang} | {len(flat)} | {unp} ({unp / len(flat):.0%}) | {share:.1%} |")
    print(f"lowest edited share: {worst:.1%} (target >= 95%)")
    return 0 if worst >= 0.95 else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("generate", "check", "coverage"))
    ap.add_argument("--recipes", default=",".join(RECIPES))
    args = ap.parse_args()
    recipes = [r for r in args.recipes.split(",") if r]
    return {"generate": generate, "check": check, "coverage": coverage}[args.command](recipes)


if __name__ == "__main__":
    raise SystemExit(main())
