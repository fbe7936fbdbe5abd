"""Which ``codeswitch-precise`` check leaves a question without a candidate that ``codeswitch`` switches.

For the first ``--limit`` questions of an English dataset, builds both perturbations as an evaluation
builds them (``robustir.evaluation._build_attack``: the collection's titles and passages given, so the
lower-case name locks apply) and, for every word the random recipe offers a switch and the precise one
does not, names the FIRST precise check (in the order the code applies them) that removes it:

* ``skip:<reason>``: ``CodeSwitch._skip_reason`` of the precise instance refuses the word where the random
  one does not: ``title-cue`` (``in_lowercase_title`` with noun heads, precise only), ``modal-mistag``
  (a noun or adjective after a modal with no base verb), ``sense-lock`` (a numbered series noun or a
  word of a closed compound written open), ``locked:<kind>`` (the analysis' lock the random recipe
  relaxes for en->L), or another reason;
* ``tag:<Penn tag>``: not NN, NNS or JJ (``SWITCHED_EN_TAGS``: the random recipe also switches
  monosemous verbs and other tags of nouns and adjectives);
* ``senses``: more than ``MAX_SENSES_EN`` WordNet senses; ``no-dominant-sense``: polysemous and no
  SemCor-dominant sense (``_unambiguous``);
* ``zipf`` / ``backtranslation``: every candidate into every language removed by the translation's
  frequency floor or by the back-translation sense check (``zipf+backtranslation`` when both);
* ``context``: candidates survive the filters, but the in-context choice keeps none (the USE-m floor);
* ``random-second-tier``: the random recipe switched the word only in its fallback tiers (a compound
  head, a question word, a whole expression), which the precise recipe does not have.

Prints a table (check -> questions, words, examples) and writes per-question rows to ``--json``;
``--only-zero``: only questions the precise recipe leaves with no candidate at all.

    python bench/precise_locks.py --dataset boolq --limit 200 --only-zero --json /tmp/locks.json

Hand-written (it replays this package's own filters; no library knows them).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

logger = logging.getLogger(__name__)


def _perturbation(recipe: str, bench: Any) -> Any:
    from robustir.evaluation import _build_attack
    from robustir.recipe import load_recipe

    return _build_attack(load_recipe(recipe), bench).perturbation


def _filter_reason(p: Any, w: Any, a: Any, i: int) -> str:
    """Why ``PreciseCodeSwitch._candidates`` (or its choice) leaves word ``i`` without a candidate."""
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.codeswitch_precise import zipf_in

    if w.tag not in p.SWITCHED_EN_TAGS:
        return f"tag:{w.tag}"
    if p._polysemy(w) > p.MAX_SENSES_EN:
        return "senses"
    if not p._unambiguous(w):
        return "no-dominant-sense"
    why: set[str] = set()
    survived = False
    for tgt in p.targets("en"):
        for c in CodeSwitch._candidates(p, w, "en", tgt, a, i):
            z = zipf_in(c.strip().lower(), tgt)
            low = z is not None and z < p.min_zipf
            lost = not p._sense_kept(w, c, tgt)
            if low:
                why.add("zipf")
            if lost:
                why.add("backtranslation")
            survived = survived or not (low or lost)
    if survived:
        return "context"
    return "+".join(sorted(why)) or "no-candidate"


def word_reason(p: Any, r: Any, a: Any, i: int) -> str:
    """The first precise check that removes word ``i`` of English analysis ``a`` (see module doc)."""
    text = "".join(a.parts)
    spans = p._spans(a, text, "en")
    if r._skip_reason(a, i, "en", r._function_words("en"), spans):
        return "random-second-tier"
    # (the random recipe refuses none of these, so a precise refusal is a precise-only rule: "glued" is
    # the title cue of ``in_lowercase_title`` with noun heads, "mistag" the modal rule)
    s = p._skip_reason(a, i, "en", p._function_words("en"), spans)
    s = {"glued": "title-cue", "mistag": "modal-mistag"}.get(s, s)
    if s:
        return f"skip:{s}"
    return _filter_reason(p, a.words[i], a, i)


def attribute(dataset: str, limit: int, greedy: str = "codeswitch-adv", rand: str = "codeswitch",
              only_zero: bool = False) -> dict[str, Any]:
    """Per question: the random recipe's switches the precise one lacks, each with its blocking check."""
    from robustir.attacks.analysis import analyse

    from robustir.data import load_benchmark

    bench = load_benchmark(dataset)
    queries = [q for q in bench.queries[:limit] if q.language == "en"]
    r, p = _perturbation(rand, bench), _perturbation(greedy, bench)
    texts = [q.text for q in queries]
    r.prepare(texts, ["en"] * len(texts))
    p.prepare(texts, ["en"] * len(texts))
    rows = []
    for q in queries:
        r_parts, r_opts, r_el = r._analyse(q.text, "en")
        _, p_opts, p_el = p._analyse(q.text, "en")
        if not r_el or (only_zero and p_el):
            continue
        a = analyse(q.text, "en")
        words = []
        for i in r_el:
            if a.parts != r_parts:  # the random recipe's last resort merged words: its own tier
                words.append({"word": r_parts[2 * i + 1], "check": "random-second-tier",
                              "random": [list(o) for o in r_opts[i]]})
                continue
            if i < len(p_opts) and p_opts[i]:
                continue
            words.append({"word": a.words[i].text, "tag": a.words[i].tag, "check": word_reason(p, r, a, i),
                          "random": [list(o) for o in r_opts[i]]})
        rows.append({"qid": q.id, "text": q.text, "precise_eligible": len(p_el), "random_eligible": len(r_el),
                     "words": words})
    return {"dataset": dataset, "limit": limit, "greedy": greedy, "random": rand, "rows": rows,
            "table": table(rows)}


def table(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """check -> questions it blocks a word of, questions it alone blocks, words, examples."""
    out: dict[str, dict[str, Any]] = defaultdict(lambda: {"questions": 0, "alone": 0, "words": 0, "examples": []})
    for row in rows:
        checks = Counter(w["check"] for w in row["words"])
        for c, n in checks.items():
            out[c]["questions"] += 1
            out[c]["words"] += n
            out[c]["alone"] += len(checks) == 1
            if len(out[c]["examples"]) < 4:
                ex = next(w for w in row["words"] if w["check"] == c)
                out[c]["examples"].append(f"{ex['word']} ({row['text']})")
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["questions"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--greedy", default="codeswitch-adv")
    ap.add_argument("--random", default="codeswitch")
    ap.add_argument("--only-zero", action="store_true", help="only questions the precise recipe cannot edit")
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    out = attribute(args.dataset, args.limit, args.greedy, args.random, args.only_zero)
    print(f"{len(out['rows'])} questions")
    print("| check | questions | of them only this check | words | examples |")
    print("|---|---|---|---|---|")
    for c, v in out["table"].items():
        print(f"| {c} | {v['questions']} | {v['alone']} | {v['words']} | {'; '.join(v['examples'])} |")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
