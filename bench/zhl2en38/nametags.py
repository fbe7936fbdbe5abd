"""Section 235 (branch zhl2en38): every judged zh L -> en word (bench/validity/lexical/, deduplicated by question,
word and replacement) by the jieba.posseg tag of its segment in the question: would a lock on ``nr``/``ns``/``nz``
(task 2's name cue) repair rejects or lose right words? Development data (the judged rows are read).

    python bench/zhl2en38/nametags.py
"""
import collections
import glob
import json

from robustir.attacks.analysis.segment import chinese_tagged

pairs: dict[tuple[str, str, str], bool] = {}
for f in sorted(glob.glob("bench/validity/lexical/**/*.jsonl", recursive=True)):
    with open(f, encoding="utf-8") as fh:
        for line in fh:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("language") != "zh":
                continue
            for w in row.get("words", []):
                if w.get("operation") == "codeswitch:en" and w.get("correct") is not None:
                    pairs.setdefault((row["original"], w["original"], w["replacement"].strip()), bool(w["correct"]))
table: collections.Counter = collections.Counter()
examples: dict[tuple[str, bool], list[str]] = collections.defaultdict(list)
for (text, word, rep), ok in sorted(pairs.items()):
    flags = {flag for s, e, flag in chinese_tagged(text) if text[s:e] == word}
    tag = next((t for t in ("nr", "nrt", "ns", "nz") if t in flags), "other")
    table[tag, ok] += 1
    if tag != "other":
        examples[tag, ok].append(f"{word}->{rep}")
for tag in ("nr", "nrt", "ns", "nz", "other"):
    print(tag, "right", table[tag, True], "wrong", table[tag, False])
for (tag, ok), ex in sorted(examples.items()):
    print(tag, "right" if ok else "wrong", " ".join(ex))
