"""Where the synonym recipes lose their candidates: the funnel from content words to the in-context choice.

For the first ``--limit`` questions of each dataset, with the ``synonym`` recipe's perturbation built as an
evaluation builds it (``robustir.evaluation._build_attack``: the collection's titles and passages given, so the
lower-case name locks apply), every word that has a letter is followed through the steps of
``attacks.synonym.SenseSynonym`` in order, and the first step that drops it is recorded:

1. ``function``: a function word or stopword (``CodeSwitch._skip_reason``: function / stopword);
2. ``locked``: any other ``_skip_reason`` (named entity, multiword expression, acronym, short, number, ...);
3. ``position``: the synonym recipe's own position rules (``in_lowercase_title``, ``fixed_position``: adverbs,
   positive adjectives, ..., ``in_compound``, a lower-case name);
4. ``pos``: no WordNet part of speech for the tag (PROPN, NUM, ...), or no synset of it;
5. ``polysemy``: more than ``SynonymPolicy.max_polysemy`` synsets;
6. ``sense``: no dominant sense (``lex.synsense.dominant_sense``: SemCor count or share);
7. ``lemmas``: the dominant synset has no other lemma, or every one fails a filter of
   ``lex.synsense.lemma_verdicts`` (the reasons of each rejected lemma are counted too);
8. ``inflection`` / ``article``: the re-inflected form equals the word, or the a/an agreement removes it;
9. ``floor``: the multilingual USE keeps no candidate (the recipe's real options, its on-disk cache).

A question is lost at the last step any of its words reached. Prints a Markdown table per dataset (words and
questions left after each step, with examples) and writes every word's fate to ``--json``.

    python bench/synonym_funnel.py boolq xquad-r:en --limit 200 --json /tmp/funnel.json
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

#: the steps in order (a word's ``step`` is the first one it fails; "eligible" = passed them all)
STEPS = ("function", "locked", "position", "pos", "polysemy", "sense", "lemmas", "inflection", "article", "floor",
         "eligible")


def word_fate(pert: Any, a: Any, i: int, stop: frozenset[str], spans: Any, options: tuple) -> dict[str, Any]:
    """The first funnel step (``STEPS``) that drops word ``i`` of analysis ``a``, with the detail."""
    from robustir.attacks.codeswitch import in_compound, in_lowercase_title
    from robustir.attacks.lex.synsense import WN_POS, dominant_sense, lemma_verdicts
    from robustir.attacks.synonym import fixed_position

    w = a.words[i]
    out: dict[str, Any] = {"word": w.text, "pos": w.pos, "tag": w.tag}
    why = pert._skip_reason(a, i, "en", stop, spans)
    if why in ("function", "stopword"):
        return {**out, "step": "function", "why": why}
    if why:
        return {**out, "step": "locked", "why": why}
    for name, rule in (("title", lambda: in_lowercase_title(a, i)), ("fixed", lambda: fixed_position(a, i)),
                       ("compound", lambda: in_compound(a, i)), ("name", lambda: i in pert._lowercase_names(a))):
        if rule():
            detail = name
            if name == "fixed":
                detail = f"fixed:{w.pos}"
            return {**out, "step": "position", "why": detail}
    wpos = WN_POS.get(w.pos)
    lex = pert.sources.wordnet()
    lemma = (w.lemma or w.text).lower()
    if wpos is None:
        return {**out, "step": "pos", "why": f"pos:{w.pos}"}
    syns = list(lex.wn.synsets(lemma, pos=wpos))
    if not syns:
        return {**out, "step": "pos", "why": "no-synset"}
    if len(syns) > pert.policy.max_polysemy:
        return {**out, "step": "polysemy", "why": str(len(syns))}
    if dominant_sense(lex, lemma, wpos, pert.policy) is None:
        return {**out, "step": "sense", "why": syns[0].name()}
    verdicts = lemma_verdicts(lex, lemma, wpos, stopwords_en(pert), pert.policy)
    out["verdicts"] = [[n, c, v] for n, c, v in verdicts]
    if not any(not v for _, _, v in verdicts):
        return {**out, "step": "lemmas", "why": ",".join(sorted({v for _, _, v in verdicts})) or "single-lemma"}
    if not pert._word_candidates(w, "en"):
        return {**out, "step": "inflection", "why": ""}
    if not pert._candidates(w, "en", "en", a, i):
        return {**out, "step": "article", "why": ""}
    if not options[i]:
        return {**out, "step": "floor", "why": ""}
    return {**out, "step": "eligible", "why": options[i][0][1]}


def stopwords_en(pert: Any) -> frozenset[str]:
    """The stopword list ``SenseSynonym._word_candidates`` hands to the precision filter."""
    from robustir.attacks.lexicon import stopwords

    return stopwords("en", pert.resource_paths)


def funnel(dataset: str, limit: int, recipe: str = "synonym") -> dict[str, Any]:
    """Every word's fate (``word_fate``) for the first ``limit`` questions of ``dataset``."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.lexicon import has_letter

    from robustir.data import load_benchmark
    from robustir.evaluation import _build_attack
    from robustir.recipe import load_recipe

    bench = load_benchmark(dataset)
    pert = _build_attack(load_recipe(recipe), bench).perturbation
    queries = bench.queries[:limit]
    pert.prepare([q.text for q in queries], ["en"] * len(queries))
    stop = pert._function_words("en")
    rows = []
    for q in queries:
        a = analyse(q.text, "en")
        parts, options, _eligible = pert._analyse(q.text, "en")
        if tuple(parts) != tuple(a.parts):
            raise SystemExit(f"{q.id}: the options' words are not the analysis' words")
        spans = pert._spans(a, q.text, "en")
        fates = [word_fate(pert, a, i, stop, spans, options) for i, w in enumerate(a.words) if has_letter(w.text)]
        rows.append({"id": q.id, "text": q.text, "words": fates})
    return {"dataset": dataset, "limit": limit, "recipe": recipe, "rows": rows}


def table(res: dict[str, Any]) -> str:
    """Markdown: per step, words dropped there, words left, questions left (with a word past the step)."""
    order = {s: k for k, s in enumerate(STEPS)}
    words = [f for r in res["rows"] for f in r["words"]]
    dropped = Counter(f["step"] for f in words)
    best = [max((order[f["step"]] for f in r["words"]), default=-1) for r in res["rows"]]
    examples: dict[str, list[str]] = defaultdict(list)
    why: dict[str, Counter] = defaultdict(Counter)
    for f in words:
        why[f["step"]][f["why"]] += 1
        if len(examples[f["step"]]) < 4 and f["step"] not in ("function",):
            examples[f["step"]].append(f'{f["word"]} ({f["why"][:30]})' if f["step"] != "eligible"
                                       else f'{f["word"]} -> {f["why"]}')
    lines = [f"{res['dataset']}, first {res['limit']} questions, recipe `{res['recipe']}`: "
             f"{len(words)} words with a letter",
             "", "| step (dropped here) | words dropped | words left | questions left | examples |",
             "|---|---|---|---|---|"]
    left = len(words)
    for k, s in enumerate(STEPS[:-1]):
        left -= dropped[s]
        qleft = sum(b > k for b in best)
        top = ", ".join(f"{w or '-'} {n}" for w, n in why[s].most_common(4)) if s not in ("function",) else ""
        lines.append(f"| {s} | {dropped[s]} | {left} | {qleft} | {top}; e.g. {'; '.join(examples[s])} |")
    reasons = Counter(v for f in words for _, _, v in f.get("verdicts", []) if v)
    lines.append("")
    lines.append("lemma rejects (every other lemma of a dominant synset): " +
                 ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("datasets", nargs="+")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--recipe", default="synonym")
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    out = []
    for d in args.datasets:
        res = funnel(d, args.limit, args.recipe)
        print(table(res), flush=True)
        print()
        out.append(res)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
