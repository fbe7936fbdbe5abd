"""Which judged synonym swaps (and ``codeswitch-adv`` switches) the current code still offers: the check of a
filter change on judged rows.

    python bench/synonym_reoffer.py --json new.json bench/validity/lexical/*syn*.jsonl
    ROBUSTIR_WT=/tmp/old python bench/synonym_reoffer.py --json old.json bench/validity/lexical/*syn*.jsonl
    python bench/synonym_reoffer.py --compare old.json new.json     # wrong -> right, right -> wrong
    python bench/synonym_reoffer.py --json cs.json bench/validity/lexical/adv*-cs-*.jsonl   # codeswitch-adv rows

Every English row of the given judged sets (recipes ``synonym`` and ``synonym-adv``) is analysed again by
``SenseSynonym`` with the context filter off; a row counts as *offered* when each of its judged replacements is
among its word's options. Rows of ``codeswitch-adv`` are analysed by the recipe's own ``PreciseCodeSwitch``
with its context filter on (the multilingual USE decides which candidate of each language is kept and
whether any passes the floor, so it must run) and no on-disk cache;
a row is offered when each judged word's replacement is among its options in the judged language. Rows of
BoolQ questions (ids ``boolq-dev-...``, ``boolq-test-...``, ``boolq-train-...``) get their collection's
document titles, as the evaluation hands them over (the other sets are cased: titles lock nothing). A row
judged unacceptable that is no longer offered is a reject removed (wrong -> right); a row judged acceptable
that is no longer offered is a good swap lost (right -> wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


#: the lower-case collections, whose titles lock names, by the prefix of their question ids (boolq-train's
#: ids also start "boolq-": it comes before boolq)
_BOOLQ_IDS = (("boolq-test-", "boolq-test"), ("boolq-train-", "boolq-train"), ("boolq-", "boolq"))
_LOWER_CASE = frozenset(d for _, d in _BOOLQ_IDS)


def _codeswitch_adv():
    """``codeswitch-adv``'s perturbation as its recipe builds it, without the on-disk options cache."""
    from robustir.attacks.registry import build_perturbation

    from robustir.recipe import load_recipe
    from robustir.resources import ensure

    recipe = load_recipe("codeswitch-adv")
    spec = dict(recipe.spec["perturbation"])
    return build_perturbation(spec.pop("type"), spec, {n: ensure(n) for n in recipe.requires()})


def reoffer(paths: list[Path]) -> list[dict]:
    from robustir.attacks.synonym import SenseSynonym

    from robustir.data.registry import load_benchmark
    from robustir.resources import ensure

    def make(recipe: str):
        if recipe == "codeswitch-adv":
            return _codeswitch_adv()
        return SenseSynonym(rate=0.2, max_edits=3, context="none", resource_paths={"nltk-data": ensure("nltk-data")})

    by_dataset: dict[tuple[str, str | None], object] = {}

    def recipe_for(recipe: str, dataset: str | None):
        key = ("codeswitch-adv" if recipe == "codeswitch-adv" else "synonym", dataset)
        pert = by_dataset.get(key)
        if pert is None:
            pert = by_dataset[key] = make(key[0])
            if dataset is not None:
                pert.use_collection_names(d.title for d in load_benchmark(dataset).corpus if d.title)
        return pert

    out = []
    for p in sorted(paths):
        for line in p.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r.get("recipe") not in ("synonym", "synonym-adv", "codeswitch-adv") or r.get("language", "en") != "en":
                continue
            qid = str(r["qid"])
            dataset = r.get("dataset") or next((d for pre, d in _BOOLQ_IDS if qid.startswith(pre)), None)
            pert = recipe_for(r["recipe"], dataset if dataset in _LOWER_CASE else None)
            parts, opts, _ = pert._analyse(r["original"], "en")
            words = parts[1::2]
            # a code-switched word must come back in the judged language ("codeswitch:fr"); a synonym has one
            offered = all(any(words[i] == w["original"] and any(
                o[1] == w["replacement"] and (not w["operation"].startswith("codeswitch:")
                                              or o[0] == w["operation"].split(":", 1)[1]) for o in opts[i])
                              for i in range(len(words))) for w in r.get("words", []))
            out.append({"file": p.name, "qid": r["qid"], "original": r["original"], "acceptable": r["acceptable"],
                        "offered": offered, "swaps": [[w["original"], w["replacement"]] for w in r.get("words", [])]})
    return out


def compare(old: list[dict], new: list[dict]) -> None:
    key = lambda r: (r["file"], r["qid"], r["original"], json.dumps(r["swaps"]))  # noqa: E731
    before = {key(r): r for r in old}
    flips = Counter()
    for r in new:
        o = before.get(key(r))
        if o is None or o["offered"] == r["offered"]:
            continue
        kind = ("reject removed" if not r["offered"] else "reject added") if not r["acceptable"] else \
            ("accept lost" if not r["offered"] else "accept added")
        flips[kind] += 1
        print(f"{kind:<15} {r['file']:<36} {r['swaps']} | {r['original']}")
    print(dict(flips) or "no change")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help="judged JSONL files, or with --compare OLD.json NEW.json")
    ap.add_argument("--json", help="write the rows with their offered flag to this file")
    ap.add_argument("--compare", action="store_true", help="compare two --json outputs")
    args = ap.parse_args(argv)
    if args.compare:
        if len(args.files) != 2:
            ap.error("--compare takes OLD.json NEW.json")
        old, new = (json.loads(p.read_text(encoding="utf-8")) for p in args.files)
        compare(old, new)
        return 0
    rows = reoffer(args.files)
    counts = Counter((r["acceptable"], r["offered"]) for r in rows)
    print(f"{len(rows)} judged rows: offered {counts[True, True]} acceptable + {counts[False, True]} rejects; "
          f"not offered {counts[True, False]} acceptable + {counts[False, False]} rejects")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
