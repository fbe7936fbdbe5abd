"""Judged en->L code-switched words per target language: all words and content words, Wilson 95%.

    python bench/codeswitch_words.py bench/validity/lexical/v14-en-L.jsonl
    python bench/codeswitch_words.py bench/validity/lexical/v1{2,3,3b,4}-en-L.jsonl --by-code

Why: issue 10's target is ">= 90% correct translations in context on >= 40 judged words", and the
second tier switches question words (What -> 什么), which are almost always right; so the content
words (every switched word but the question words ``QUESTION_WORDS``) are counted apart. The interval is
``robustir.stats._wilson`` (the one the attack success rates use), so that no second copy exists.
``--by-code`` splits by the commit recorded in each row (which code a set measures). A third pair of
columns leaves out the content words a judge marked ``"in_name": true`` (a word of a name or title,
whatever its verdict: BoolQ's lower-case questions hide names from the tagger, bench/RESULTS.md
section 56, held-out v14).
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

#: the second tier's question words (``attacks.codeswitch._QUESTION_WORDS`` keys, "how many" whole)
QUESTION_WORDS = frozenset({"what", "who", "whom", "whose", "where", "when", "how", "how many", "how much",
                            "why", "which"})


def _cell(k: int, n: int) -> str:
    from robustir.stats import _wilson

    if not n:
        return "- | -"
    lo, hi = _wilson(k, n, 0.95)
    return f"{k}/{n} ({100 * k / n:.1f}%) | {100 * lo:.1f}-{100 * hi:.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judged", nargs="+", type=Path, help="judged en->L JSONL files (bench/validity/lexical)")
    ap.add_argument("--by-code", action="store_true", help="one line per (language, code of the row)")
    args = ap.parse_args(argv)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for p in args.judged:
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r.get("language") != "en":
                continue
            for w in r.get("words", []):
                if w.get("correct") is None or not w["operation"].startswith("codeswitch"):
                    continue
                key = (w["operation"].split(":")[-1], str(r.get("code", "")) if args.by_code else "")
                c = counts[key]
                c[0] += bool(w["correct"])
                c[1] += 1
                if w["original"].lower() not in QUESTION_WORDS:
                    c[2] += bool(w["correct"])
                    c[3] += 1
                    if not w.get("in_name"):
                        c[4] += bool(w["correct"])
                        c[5] += 1
    code_col = " code |" if args.by_code else ""
    print(f"| language |{code_col} all switched words | Wilson 95% | content words only | Wilson 95% "
          "| content words outside names | Wilson 95% |")
    print("|---|" + ("---|" if args.by_code else "") + "---|---|---|---|---|---|")
    for (lang, code), (k, n, kc, nc, ko, no) in sorted(counts.items()):
        mid = f" {code} |" if args.by_code else ""
        print(f"| {lang} |{mid} {_cell(k, n)} | {_cell(kc, nc)} | {_cell(ko, no)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
