"""Section 253 (branch zhunp40): the shipped ``codeswitch`` recipe's in-context options for every judged zh L -> en
question (every bench/validity/lexical file), one JSON line per question on stdout.

Run once per tree (PYTHONPATH=TREE) and diff the two outputs (bench/zhunp40/options_diff.py): a paired view of
which words gain or lose options, independent of the recipe's random choice among switchable words.
"""
from __future__ import annotations

import glob
import json
import sys
from pathlib import Path


def judged_questions(root: Path) -> list[str]:
    """Unique originals of judged zh rows with an L -> en switched word (``codeswitch:en``), sorted."""
    out = set()
    for f in sorted(glob.glob(str(root / "bench/validity/lexical/**/*.jsonl"), recursive=True)):
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("language") == "zh" and any(w.get("operation") == "codeswitch:en" for w in r.get("words") or []):
                out.add(r["original"])
    return sorted(out)


def main(root: str) -> None:
    from robustir.attacks.registry import build_perturbation

    from robustir.env import configure_offline
    from robustir.recipe import load_recipe
    from robustir.resources import ensure

    configure_offline()
    paths = {n: ensure(n) for n in load_recipe("codeswitch").requires()}
    shipped = {k: x for k, x in load_recipe("codeswitch").spec["perturbation"].items() if k != "type"}
    pert = build_perturbation("codeswitch", shipped, paths)
    for q in judged_questions(Path(root)):
        parts, opts, _ = pert._compute(q, "zh")
        words = [[w, [list(x) for x in o]] for w, o in zip(parts[1::2], opts, strict=True) if o]
        print(json.dumps({"original": q, "options": words}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
