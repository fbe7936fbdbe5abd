"""What the code-switching recipe switches instead of a vetoed pair (section 226.4): for every judged word of the named
draw files that the leave-one-draw-out table (``bench/judged_pairs_loo.py``'s) vetoes, the options the recipe offers
for that word at this code with the veto off and on, one JSON line per word and setting on stdout. en -> L: the
draw's per-language recipe (rate 0.3, confident-first, the context filter on, as ``bench/codeswitch_set.py``);
L -> en: the shipped ``codeswitch`` recipe's perturbation.

Usage::

    python bench/judged_pairs_next.py v37-v37a-en-L.jsonl v37-v37b-en-L.jsonl > /tmp/next.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from robustir.attacks.lex import judgedveto  # noqa: E402

from bench.judged_pairs import ROOT, count, judged_paths, open_wn, verdicts, vetoed  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from robustir.attacks.registry import build_perturbation

    from robustir.env import configure_offline
    from robustir.recipe import load_recipe
    from robustir.resources import ensure

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("draws", nargs="+", help="judged draw file names under bench/validity/lexical/")
    args = ap.parse_args(argv)
    configure_offline()
    wn = open_wn()
    every = list(verdicts(judged_paths(), wn))
    work = []
    for name in args.draws:
        own = [v for v in every if v.file == name]
        held = {(v.qid, v.language) for v in own}
        table = frozenset(vetoed(count(every, lambda v, n=name, h=held: v.file == n or (v.qid, v.language) in h)))
        originals = {}
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            originals[(str(r["qid"]), r["perturbed"])] = r["original"]
        work += [(name, v, originals[(v.qid, v.perturbed)], table) for v in own if v.pair in table]
    paths = {n: ensure(n) for n in load_recipe("codeswitch").requires()}
    built: dict = {}
    shipped = {k: x for k, x in load_recipe("codeswitch").spec["perturbation"].items() if k != "type"}
    for name, v, original, table in sorted(work, key=lambda w: (w[1].pair[:2], w[0], w[1].qid)):
        src, tgt = v.pair[:2]
        for on in (False, True):
            judgedveto.vetoed_pairs = (lambda path=None, t=table: t) if on else (lambda path=None: frozenset())
            key = (tgt if src == "en" else "shipped", on)
            if key not in built:
                built[key] = build_perturbation("codeswitch", {
                    "languages": [tgt], "rate": 0.3, "max_edits": 4, "choice": "per-word",
                    "draw": "confident-first"} if src == "en" else shipped, paths)
            parts, opts, _ = built[key]._compute(original, src)
            hit = [[w, [list(x) for x in o]] for w, o in zip(parts[1::2], opts, strict=True)
                   if judgedveto.source_key(w, src, wn) == v.pair[2]]
            print(json.dumps({"draw": name, "qid": v.qid, "original": original, "pair": v.pair,
                              "correct": v.correct, "veto": on, "options": hit}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
