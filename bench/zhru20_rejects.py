"""The zh and ru rejects of the judged English -> L sets v10-v25, by class (bench/RESULTS.md section 114.1).

    python bench/zhru20_rejects.py                                   # per-file counts and the class table
    python bench/zhru20_rejects.py --paired p-base/btest.jsonl ...  # also: which rejects a code still produces

Why: to tell the target side's own errors (a narrower Chinese word, a verb for a noun, a Russian romanisation,
a relational adjective) from the English sense and name errors every language shares. The class of a
target-side reject is read from its judge's note and listed here by replacement (a judgement, written out
so that the table can be re-derived); every other reject is a name (``in_name``) or a shared sense error.
``--paired``: ``bench/codeswitch_paired.py`` outputs of one code; each reject is then ``same`` (still
produced), ``dropped`` or ``changed`` (another replacement) under that code.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

LEX = Path(__file__).resolve().parent / "validity" / "lexical"
#: target-side classes, by the judged replacement (read from each reject's note)
CLASSES = {
    ("zh", "another word of the right sense (narrower, wider, another kind)"): {
        "奖品", "事务所", "伴侣", "成本", "奖章", "表弟", "叔叔", "铁丝", "注册", "女", "可能性", "开始", "元",
        "军事", "过程", "继承税", "麋鹿", "经济", "毒品"},
    ("zh", "a verb for an English noun"): {"结婚", "维持", "没有"},
    ("ru", "a romanisation that is no Russian word"): {"доу", "кэм", "альто"},
    ("ru", "another word of the right sense (narrower, register, false friend)"): {
        "студент", "кузины", "обед", "компетенция", "барыш", "батон", "ловец"},
    ("ru", "relational adjective правовая for 'legal' (permitted)"): {"правовая"},
    ("ru", "an adjective or participle for an English verb or noun"): {"квалифицированный", "музыкальные"},
}


def rejects() -> tuple[list[dict], collections.Counter]:
    """Every zh/ru reject of v10-v25 (one dict per word) and the judged word count per language."""
    files = sorted(LEX.glob("v1[0-9]*-en-L*.jsonl")) + sorted(LEX.glob("v2[0-5]-*en-L*.jsonl"))
    out, judged = [], collections.Counter()
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            for w in r.get("words", []):
                lang = w.get("operation", "").rsplit(":", 1)[-1]
                if lang not in ("zh", "ru") or "correct" not in w:
                    continue
                judged[lang] += 1
                if w["correct"] is False:
                    out.append({"file": f.name, "lang": lang, "question": r["original"], "word": w["original"],
                                "replacement": w["replacement"], "in_name": bool(w.get("in_name"))})
    return out, judged


def classify(o: dict) -> str:
    """The class of one reject (``rejects``)."""
    if o["in_name"]:
        return "(a) name or title (names20)"
    for (lang, name), words in CLASSES.items():
        if o["lang"] == lang and o["replacement"] in words:
            return "(b) " + name
    if o["lang"] == "zh" and o["replacement"] == "季节":
        return "(a) TV season -> season of the year (sense20)"
    return "(a) English sense, compound or part of speech (sense20)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paired", nargs="*", type=Path, default=[], help="codeswitch_paired.py outputs of one code")
    args = ap.parse_args(argv)
    rows, judged = rejects()
    print("judged words:", dict(judged), "rejects:", dict(collections.Counter(o["lang"] for o in rows)))
    paired = {}
    for p in args.paired:
        for line in p.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            paired[(r["question"], r["language"], r["word"], r.get("before"))] = r
    table: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for o in rows:
        table[(o["lang"], classify(o))].append(o)
    for (lang, cls), items in sorted(table.items()):
        line = f"| {lang} | {cls} | {len(items)} |"
        if cls.startswith("(b)"):
            line += " " + "; ".join(f"{o['word']} -> {o['replacement']} ({o['file'].split('-')[0]})" for o in items)
        if paired:
            st: collections.Counter = collections.Counter()
            for o in items:
                r = paired.get((o["question"], o["lang"], o["word"], o["replacement"]))
                st["not in paired" if r is None else "same" if r["now"] == o["replacement"]
                   else r["status"] if r["status"] == "dropped" else "changed"] += 1
            line += f" | {dict(st)}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
