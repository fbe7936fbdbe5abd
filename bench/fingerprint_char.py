"""Fingerprint of the random character recipes' outputs, to show a speed change left them byte-identical.

For each recipe: sha256 over ``Perturbed.to_dict()`` (JSON, sorted keys) of every sample of
``Attack.run`` on every XQuAD-R question of each language the recipe serves plus the first
1,000 BoolQ questions (as English), for each seed (default 0 and 11) and ``--samples``
samples (default 3: samples after the first check that the random stream is consumed as
before), then of ``word_candidates`` of the first 60 queries per language (the adversarial
path shares helpers with the random one). Run it on the code before and after a change and
compare the printed lines (or write them with ``--out`` and compare the files).

    python bench/fingerprint_char.py --recipes wordorder,segmentation --out /tmp/after.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RECIPES = ("typo,homoglyph,ocr,diacritics,translit,script,script-fullwidth,keywords,wordorder,"
           "segmentation")
LANGUAGES = ("ar", "de", "el", "en", "es", "hi", "ru", "th", "tr", "vi", "zh")


def fingerprint(name: str, seeds: tuple[int, ...], samples: int, boolq: list[str]) -> str:
    """The sha256 of recipe ``name``'s outputs described in the module docstring."""
    from robustir.data import load_benchmark
    from robustir.recipe import load_recipe

    recipe = load_recipe(name)
    attack = recipe.build()
    langs = [lang for lang in LANGUAGES if lang in recipe.languages]
    h = hashlib.sha256()
    for lang in [*langs, "boolq"]:
        texts = boolq if lang == "boolq" else [q.text for q in load_benchmark(f"xquad-r:{lang}").queries]
        language = "en" if lang == "boolq" else lang
        for seed in seeds:
            for row in attack.run(texts, seed=seed, samples=samples, languages=[language] * len(texts)):
                for p in row:
                    h.update(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True).encode())
        try:
            for t in texts[:60]:
                for p in attack.perturbation.word_candidates(t, language):
                    h.update(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True).encode())
        except NotImplementedError:
            pass
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--recipes", default=RECIPES, help="comma-separated recipe names")
    ap.add_argument("--seeds", default="0,11", help="comma-separated seeds")
    ap.add_argument("--samples", type=int, default=3, help="samples per query")
    ap.add_argument("--out", type=Path, help="also write the lines to this file")
    args = ap.parse_args()
    try:
        seeds = tuple(int(s) for s in args.seeds.split(","))
    except ValueError:
        ap.error(f"--seeds: comma-separated integers, got {args.seeds!r}")
    if args.samples < 1:
        ap.error(f"--samples must be >= 1, got {args.samples}")
    from robustir.data import load_benchmark
    from robustir.env import configure_offline

    configure_offline()
    boolq = [q.text for q in load_benchmark("boolq").queries[:1000]]
    lines = []
    for name in args.recipes.split(","):
        lines.append(f"{name} {fingerprint(name, seeds, args.samples, boolq)}")
        print(lines[-1], flush=True)
    if args.out is not None:
        tmp = args.out.with_suffix(args.out.suffix + ".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(args.out)


if __name__ == "__main__":
    main()
