"""Why a code-switching recipe left queries unperturbable: every word of every such query, with
the rule that kept it (the recipe's own ``CodeSwitch._skip_reason``) or, for a word that passed
every rule, what its candidates did (none in any embedded language, or all below the context floor).

    robustir perturb --recipe codeswitch --dataset xquad-r:en --limit 100 -o /tmp/cs/en.jsonl
    python bench/unperturbable.py /tmp/cs/en.jsonl                  # one line per query, then counts
    python bench/unperturbable.py /tmp/cs/en.jsonl --recipe codeswitch --json /tmp/cs/why.json
    # the second tier's compound heads and its last resort's whole expressions of EVERY query of the files
    # (not only the unperturbable ones), each one's in-context choice per embedded language, as rows to judge
    python bench/unperturbable.py /tmp/cs/en.jsonl --heads /tmp/cs/heads.jsonl --code $(git rev-parse --short HEAD)
    # every in-context choice of every query the FIRST tier leaves unswitched (the second tier and its last
    # resort switch it), one row per choice with its tier and whether the file's sample emitted it
    python bench/unperturbable.py /tmp/cs/en.jsonl --choices /tmp/cs/choices.jsonl --code $(git rev-parse --short HEAD)

Reasons (per word): ``locked:entity|number|mwe|name-compound`` (the English analysis locked it),
``pos:VERB`` (a part of speech en->L does not switch), ``senses`` (more WordNet senses than
``MAX_SENSES_EN``), ``graded`` (comparative/superlative), ``glued`` (hyphenated, or a name's word),
``compound-head-senses`` (the head of a compound without a dominant sense: kept in the second tier),
``title`` (in a lower-case query, the word after "movie", "show", "song"...: a title, kept in the second tier),
``mistag``, ``acronym``, ``question``, ``no-entry`` (no candidate in any embedded language),
``floor`` (candidates, all below the USE-m floor); function words and stopwords are not listed.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

#: reasons that say a word is no content word at all (not listed per query)
_QUIET = frozenset({"function", "stopword", "short", "token"})
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})


def word_reasons(cs, text: str, lang: str = "en") -> list[tuple[str, str, str]]:
    """``(word, part of speech, reason)`` for every content word of ``text`` under ``cs`` (a
    ``CodeSwitch``): the rule that keeps it, else ``no-entry``, ``floor`` or ``""`` (switchable)."""
    from robustir.attacks.analysis import analyse

    a = analyse(text, lang)
    stop = cs._function_words(lang)
    spans = cs._spans(a, text, lang)
    # (the options by start offset: the second tier may join "How many" into one word, ``_quantity_question``)
    parts, opts, _ = cs._analyse(text, lang)
    by_start = {sum(map(len, parts[:2 * k + 1])): o for k, o in enumerate(opts)}
    out = []
    for i, w in enumerate(a.words):
        why = cs._skip_reason(a, i, lang, stop, spans)
        if why == "locked:compound-head":  # the second tier's own rule for it (``_fallback_slots``)
            why = cs._skip_reason(a, i, lang, stop, spans, fallback=True)
        if not why:
            any_cand = False
            for tgt in cs.targets(lang):
                if cs._candidates(w, lang, tgt, a, i)[:cs.max_candidates]:
                    any_cand = True
            why = "" if by_start.get(w.start) else ("floor" if any_cand else "no-entry")
        if why not in _QUIET and w.pos in _CONTENT:
            out.append((w.text, w.pos, why))
    return out


def head_rows(cs, qid: str, text: str, code: str) -> list[dict]:
    """Judging rows for the compound heads ``cs`` (a ``CodeSwitch``) switches in its second tier
    (``CodeSwitch._fallback_slots``) and the WordNet multiword nouns it switches whole in that tier's last
    resort (``_whole_expressions``, ``_last_slots``) in English ``text``, whatever the tier the query
    reaches: one row per word and embedded language, its ``tier`` ``compound-head`` or ``mwe-whole``."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.analysis.english import COMPOUND_HEAD

    a = analyse(text, "en")
    spans = cs._spans(a, text, "en")
    rows = []
    merged, merged_spans = cs._whole_expressions(a, spans)
    for tier, b, slots in (
            ("compound-head", a, [s for s in cs._fallback_slots(a, cs._function_words("en"), spans)
                                  if a.words[s[0]].locked == COMPOUND_HEAD]),
            ("mwe-whole", merged, [s for s in cs._last_slots(merged, merged_spans) if " " in merged.words[s[0]].text])):
        for i, choices in sorted(cs._choose(b, text, "en", slots).items()):
            for tgt, rep in choices:
                rows.append({"recipe": "codeswitch", "language": "en", "qid": qid, "sample": 0, "original": text,
                             "perturbed": b.join({i: rep}), "similarity": None, "valid": None, "acceptable": None,
                             "words": [{"original": b.words[i].text, "replacement": rep.strip(),
                                        "operation": f"codeswitch:{tgt}", "correct": None, "tier": tier}],
                             "code": code})
    return rows


def choice_rows(cs, qid: str, text: str, code: str, emitted: set[tuple[str, str]]) -> list[dict]:
    """Judging rows for every in-context choice ``cs`` (a ``CodeSwitch``) offers in English ``text`` when
    its first tier offers none (the query is switched by the second tier or its last resort), [] otherwise.
    Each row's word carries its ``tier``: ``question-word``, ``how-many``, ``compound-head`` (second tier,
    ``CodeSwitch._fallback_slots``), ``determiner``, ``mwe-whole`` (its last resort, ``_last_slots``);
    ``emitted``: the (original, replacement) pairs the perturb rows hold (the row's ``emitted`` flag)."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.analysis.english import COMPOUND_HEAD

    a = analyse(text, "en")
    stop, spans = cs._function_words("en"), cs._spans(a, text, "en")
    by_start = {w.start: i for i, w in enumerate(a.words)}
    choices = cs.word_candidates(text, "en")
    if any(not cs._skip_reason(a, by_start[_start(text, p)], "en", stop, spans) for p in choices):
        return []  # a first-tier query: its switches were judged before (sections 31, 36)
    rows = []
    for p in choices:
        (e,) = p.edits
        i = by_start[_start(text, p)]
        if " " in e.original:
            tier = "how-many" if e.original.lower() in ("how many", "how much") else "mwe-whole"
        elif a.words[i].locked == COMPOUND_HEAD:
            tier = "compound-head"
        else:
            tier = "question-word" if cs._question_word(a, spans) == i else "determiner"
        rows.append({"recipe": "codeswitch", "language": "en", "qid": qid, "sample": 0, "original": text,
                     "perturbed": p.text, "similarity": None, "valid": None, "acceptable": None,
                     "emitted": (e.original, e.replacement) in emitted,
                     "words": [{"original": e.original, "replacement": e.replacement.strip(),
                                "operation": e.operation, "correct": None, "tier": tier}], "code": code})
    return rows


def _start(text: str, p) -> int:
    """The character offset of the (one) switched word of ``p`` in ``text`` (``Edit.position`` is its index
    among ``tokenize.words``)."""
    from robustir.attacks.tokenize import words

    return words(text)[p.edits[0].position].start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", type=Path, help="rows of `robustir perturb` (qid, original, language, unperturbable)")
    ap.add_argument("--recipe", default="codeswitch")
    ap.add_argument("--json", type=Path, default=None, help="also write the per-query reasons here")
    ap.add_argument("--heads", type=Path, default=None,
                    help="write the second tier's compound heads and whole expressions of every query (rows to judge)")
    ap.add_argument("--choices", type=Path, default=None,
                    help="write every choice of the queries the first tier leaves unswitched here (rows to judge)")
    ap.add_argument("--code", default="", help="the code commit recorded in the --heads/--choices rows")
    args = ap.parse_args(argv)
    from robustir.recipe import load_recipe

    cs = load_recipe(args.recipe).build().perturbation
    if args.choices:
        texts: dict[str, str] = {}
        emitted: dict[str, set[tuple[str, str]]] = {}
        for line in args.jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                texts.setdefault(r["qid"], r["original"])
                emitted.setdefault(r["qid"], set()).update((e["original"], e["replacement"]) for e in r["edits"])
        rows = [row for qid, text in texts.items() for row in choice_rows(cs, qid, text, args.code, emitted[qid])]
        args.choices.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} choices of {len({r['qid'] for r in rows})} queries written to {args.choices}")
        return 0
    if args.heads:
        seen: dict[str, str] = {}
        for line in args.jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                seen.setdefault(r["qid"], r["original"])
        rows = [row for qid, text in seen.items() for row in head_rows(cs, qid, text, args.code)]
        args.heads.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} compound-head and whole-expression switches of {len(seen)} queries written to {args.heads}")
        return 0
    queries: dict[str, tuple[str, str]] = {}
    total: set[str] = set()
    for line in args.jsonl.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            total.add(r["qid"])
            if r.get("unperturbable"):
                queries[r["qid"]] = (r["original"], r.get("language") or "en")
    per_word: collections.Counter[str] = collections.Counter()
    per_query: collections.Counter[str] = collections.Counter()
    report = []
    for qid, (text, lang) in queries.items():
        reasons = word_reasons(cs, text, lang)
        report.append({"qid": qid, "original": text, "words": [list(r) for r in reasons]})
        print(f"{text}\n    " + "; ".join(f"{w}/{p}: {why or 'SWITCHABLE'}" for w, p, why in reasons))
        per_word.update(why or "switchable" for _, _, why in reasons)
        per_query.update({why or "switchable" for _, _, why in reasons})
    print(f"\n{len(queries)}/{len(total)} queries unperturbable")
    print("\n| reason | content words | queries with such a word |\n|---|---|---|")
    for why, n in per_word.most_common():
        print(f"| {why} | {n} | {per_query[why]} |")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
