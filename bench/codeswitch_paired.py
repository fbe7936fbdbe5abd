"""The judged en->L words of earlier sets under the current code: same questions, same words (paired).

    python bench/codeswitch_paired.py bench/validity/lexical/v[789]-en-L.jsonl -o /tmp/paired.jsonl
    python bench/codeswitch_paired.py ... --languages zh ja        # only these target languages

Why: a fresh random draw (``bench/codeswitch_set.py``) switches other words when the code changes
what is eligible, so two draws compare different words. Here every judged word is looked up in
the in-context choices (``CodeSwitch.options``) the current code makes for the same question:
``same`` (the judged replacement again: its verdict carries over), ``changed`` (another
replacement: to be judged), ``dropped`` (no longer switched). Words the current code switches in
those questions but no judged row has are listed as ``new``. One line per word to ``-o``; the
per-language table (judged precision before, verdict-carried precision after with changed words
counted from ``--verdicts``) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _index(parts: tuple, original: str, perturbed: str, word: str) -> int | None:
    """The analysed word ``word`` of the original question: the one whose place the perturbed
    question no longer spells the same (first occurrence otherwise)."""
    hits = [i for i in range(len(parts) // 2) if parts[2 * i + 1] == word]
    for i in hits:
        start = sum(map(len, parts[:2 * i + 1]))
        if perturbed[start:start + len(word)] != word or original[:start] != perturbed[:start]:
            return i
    return hits[0] if hits else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judged", nargs="+", type=Path, help="judged en->L JSONL files (bench/validity/lexical)")
    ap.add_argument("--languages", nargs="*", default=None, help="target languages (default: all judged)")
    ap.add_argument("--verdicts", type=Path, default=None,
                    help="JSONL of judged changed/new words (question, word, replacement, correct, note)")
    ap.add_argument("--dataset", default=None,
                    help="benchmark whose document titles the recipe is handed, as an evaluation does "
                         "(``use_collection_names``: lower-case titles and the names its passages write capitalised "
                         "locked), e.g. boolq-test")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args(argv)
    rows = []
    for p in args.judged:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    by_q: dict[str, list[tuple[str, dict, dict]]] = defaultdict(list)
    for r in rows:
        for w in r.get("words", []):
            tgt = w["operation"].split(":", 1)[1]
            if "correct" in w and (not args.languages or tgt in args.languages):
                by_q[r["original"]].append((tgt, w, r))
    langs = sorted({t for v in by_q.values() for t, _, _ in v})
    verdicts: dict[tuple[str, str, str, str], dict] = {}
    if args.verdicts is not None:
        for line in args.verdicts.read_text(encoding="utf-8").splitlines():
            if line.strip():
                v = json.loads(line)
                verdicts[(v["question"], v["language"], v["word"], v["replacement"])] = v

    from attacks.codeswitch import CodeSwitch
    from robustir.resources import ensure

    # (no cache_dir: every choice is made by the code as it is now)
    cs = CodeSwitch(languages=langs, rate=0.5, resource_paths={n: ensure(n) for n in CodeSwitch.requires})
    if args.dataset:
        from robustir.data import load_benchmark

        corpus = load_benchmark(args.dataset).corpus
        cs.use_collection_names([d.title for d in corpus if d.title], [d.text for d in corpus])
    out = []
    for text in sorted(by_q):
        parts, opts, _ = cs._analyse(text, "en")
        judged_at: set[tuple[int, str]] = set()
        for tgt, w, r in by_q[text]:
            i = _index(parts, text, r["perturbed"], w["original"])
            now = dict(opts[i]).get(tgt) if i is not None else None
            if i is not None:
                judged_at.add((i, tgt))
            status = "same" if now == w["replacement"] else ("dropped" if now is None else "changed")
            rec = {"question": text, "language": tgt, "word": w["original"], "before": w["replacement"],
                   "correct_before": w["correct"], "now": now, "status": status, "code_before": r.get("code")}
            if status == "same":
                rec["correct_now"] = w["correct"]
            elif status == "changed":
                v = verdicts.get((text, tgt, w["original"], now or ""))
                if v is not None:
                    rec["correct_now"] = v["correct"]
            out.append(rec)
        for i, op in enumerate(opts):
            for tgt, rep in op:
                if tgt in langs and (i, tgt) not in judged_at:
                    rec = {"question": text, "language": tgt, "word": parts[2 * i + 1], "before": None,
                           "now": rep, "status": "new"}
                    v = verdicts.get((text, tgt, parts[2 * i + 1], rep))
                    if v is not None:
                        rec["correct_now"] = v["correct"]
                    out.append(rec)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print("| language | judged before (correct/words) | same | changed (correct/judged) | dropped (of them wrong) "
          "| after: judged words correct | new words in these questions (correct/judged) |")
    print("|---|---|---|---|---|---|---|")
    for lg in langs:
        mine = [r for r in out if r["language"] == lg]
        old = [r for r in mine if r["status"] != "new"]
        ok_before = sum(r["correct_before"] for r in old)
        same = [r for r in old if r["status"] == "same"]
        changed = [r for r in old if r["status"] == "changed"]
        dropped = [r for r in old if r["status"] == "dropped"]
        ch_j = [r for r in changed if "correct_now" in r]
        after = same + ch_j
        new = [r for r in mine if r["status"] == "new"]
        new_j = [r for r in new if "correct_now" in r]
        print(f"| {lg} | {ok_before}/{len(old)} ({100 * ok_before / max(len(old), 1):.1f}%) | {len(same)} | "
              f"{sum(r['correct_now'] for r in ch_j)}/{len(ch_j)} of {len(changed)} | "
              f"{len(dropped)} ({sum(not r['correct_before'] for r in dropped)}) | "
              f"{sum(r['correct_now'] for r in after)}/{len(after)} "
              f"({100 * sum(r['correct_now'] for r in after) / max(len(after), 1):.1f}%) | "
              f"{sum(r['correct_now'] for r in new_j)}/{len(new_j)} of {len(new)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
