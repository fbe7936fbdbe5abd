"""Per word of each unperturbable zh question: why no English candidate survives (the recipe's own
_skip_reason, or no/empty candidates; for no candidate: whether MUSE/to_english has the word at all)."""
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import by_question  # noqa: E402
from robustir.attacks.analysis import analyse  # noqa: E402
from robustir.attacks.codeswitch import _L2EN_UNSWITCHED, CodeSwitch  # noqa: E402

cs = CodeSwitch(context="none")
cnt, qcnt = collections.Counter(), collections.Counter()
for path in sys.argv[1:]:
    q = by_question(path)
    for k, v in q.items():
        if any(x["perturbed"] != x["original"] for x in v):
            continue
        text = v[0]["original"]
        a = analyse(text, "zh")
        stop = cs._function_words("zh") | _L2EN_UNSWITCHED.get("zh", frozenset())
        spans = cs._spans(a, text, "zh")
        parts = []
        seen = set()
        for i, w in enumerate(a.words):
            if not any(ch.isalnum() for ch in w.text) or w.text.isdigit():
                continue
            why = cs._skip_reason(a, i, "zh", stop, spans)
            if not why:
                c = cs._candidates(w, "zh", "en", a, i)
                raw = cs.sources.to_english(w.text, "zh")
                why = "has-candidates(floor/choice)" if c else ("dropped-by-rule" if raw else "no-entry")
            if why in ("function", "stop", "stopword"):
                continue
            parts.append(f"{w.text}:{why}")
            cnt[why] += 1
            seen.add(why)
        for s in seen:
            qcnt[s] += 1
        print(path.split("/")[-2] if "dev" in path else "test", k, text, " ".join(parts))
print()
for why, n in cnt.most_common():
    print(f"| {why} | {n} | {qcnt[why]} |")
