"""Paired: judged zh L -> en words (every bench/validity/lexical file) that the 《title》 lock now leaves."""
import glob
import json
import re
import sys

sys.path.insert(0, ".")
from attacks.lex.zhtitles import in_title

seen = {}
for f in sorted(glob.glob("bench/validity/lexical/**/*.jsonl", recursive=True)):
    for line in open(f, encoding="utf-8"):  # noqa: SIM115
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if r.get("language") != "zh" or "《" not in r.get("original", "") and "〈" not in r.get("original", ""):
            continue
        for w in r.get("words", []):
            if w.get("operation") != "codeswitch:en" or w.get("correct") is None:
                continue
            o = r["original"]
            occ = [m.start() for m in re.finditer(re.escape(w["original"]), o)]
            locked = [in_title(o, s, s + len(w["original"])) for s in occ]
            key = (o, w["original"], w["replacement"])
            seen.setdefault(key, []).append((f.split("/")[-1], w["correct"], locked))
n_zh = 0
for (o, src, rep), v in sorted(seen.items()):
    state = "locked" if all(v[0][2]) else ("partly" if any(v[0][2]) else "free")
    print(o, src, "->", rep, v[0][1], state, len(v), v[0][0])
