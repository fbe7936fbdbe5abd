"""Inter-judge agreement on judged code-switching sets: a blind copy for a second judge, the second
judge's verdicts written in the judged-set row format, and the agreement between two judged files.

    python bench/agreement.py blind A.jsonl B.jsonl -o /tmp/blind.jsonl --seed 20
    python bench/agreement.py apply A.jsonl B.jsonl --verdicts V.jsonl --judge agree20 -o OUT.jsonl
    python bench/agreement.py compare FIRST.jsonl ... --second OUT.jsonl [--markdown]

``blind`` writes one line per switched word (a key, qid, language, original and perturbed question, the
English word and its replacement) with every verdict field (``correct``, ``note``, ``acceptable``,
``in_name``, ``judge``, ``borderline``) left out, in a seeded shuffled order, so a second judge never sees
the first one's verdicts. ``apply`` turns the second judge's per-word verdicts (``{"key", "correct", "note"}``
lines) into rows of the judged-set format (a row is acceptable when every word of it is correct). ``compare`` pairs
the two judges' words by (qid, language, word index) and reports, per language (the non-English side:
the target of an en -> L word, the question's language of an L -> en word), the 2x2 table, raw
agreement, Cohen's kappa (``sklearn.metrics.cohen_kappa_score``), the accuracy under each judge and
under "both accept" with Wilson 95% intervals, and every disagreement with both notes.

The shuffling, the pairing and the Wilson interval are hand-written (a few lines each; statsmodels,
which has ``proportion_confint(method="wilson")``, is not installed in the project's environment).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

#: Fields that carry a judge's verdict: never in a blind copy, replaced by ``apply``.
VERDICT_FIELDS = ("correct", "note", "acceptable", "in_name", "judge", "borderline")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The JSON object rows of a judged JSONL file (blank lines skipped)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{n}: not a JSON object")
            rows.append(row)
    return rows


def target(row: dict[str, Any], word: dict[str, Any]) -> str:
    """The language a word was switched into (``codeswitch:de`` -> ``de``); else the row's language."""
    op = str(word.get("operation") or "")
    return op.split(":", 1)[1] if op.startswith("codeswitch:") else str(row["language"])


def pair_language(row: dict[str, Any], word: dict[str, Any]) -> str:
    """The non-English side of a switched word: the target for en -> L, the question's language for L -> en.

    Why: in an L -> en set every word is switched into English, so grouping by ``target`` would put
    ar, de, es, hi and zh questions in one "en" row of the agreement table (section 184).
    """
    lang = str(row["language"])
    return target(row, word) if lang == "en" else lang


def word_key(path: Path, line: int, index: int) -> str:
    """A verdict-free key for word ``index`` of row ``line`` of ``path`` (stable across runs)."""
    return f"{path.name}:{line}:{index}"


def blind_copy(paths: list[Path], seed: int) -> list[dict[str, Any]]:
    """One verdict-free entry per switched word of every row of ``paths``, shuffled with ``seed``.

    Why: a second judge must not see the first judge's ``correct`` or notes, and should not meet the
    words grouped by the first judge's file order (which groups a question's words and a language).
    """
    out = []
    for path in paths:
        for line, row in enumerate(read_rows(path)):
            for i, w in enumerate(row.get("words") or []):
                out.append({
                    "key": word_key(path, line, i), "qid": row["qid"], "language": pair_language(row, w),
                    "original": row["original"], "perturbed": row["perturbed"],
                    "word": w["original"], "replacement": w["replacement"],
                    "n_words": len(row["words"]),
                })
    out.sort(key=lambda e: e["key"])
    random.Random(seed).shuffle(out)
    return out


def apply_verdicts(paths: list[Path], verdicts: dict[str, dict[str, Any]], judge: str) -> list[dict[str, Any]]:
    """Rows of ``paths`` with the first judge's verdict fields replaced by ``verdicts`` (keyed by word key).

    Every word must have a verdict; a row is acceptable when all its words are correct, and its note
    joins the words' notes. Raises ``KeyError`` naming the first word without a verdict, ``ValueError`` for a
    verdict whose ``correct`` is no JSON boolean.
    """
    rows_out = []
    for path in paths:
        for line, row in enumerate(read_rows(path)):
            new = {k: v for k, v in row.items() if k not in VERDICT_FIELDS}
            words, notes = [], []
            for i, w in enumerate(row.get("words") or []):
                key = word_key(path, line, i)
                if key not in verdicts:
                    raise KeyError(f"no verdict for {key}")
                v = verdicts[key]
                if not isinstance(v.get("correct"), bool):
                    # bool("false") is True: a verdict written as a string or left out was an accept
                    raise ValueError(f"verdict for {key}: 'correct' must be true or false, got {v.get('correct')!r}")
                nw = {k: val for k, val in w.items() if k not in VERDICT_FIELDS}
                nw["correct"] = v["correct"]
                if v.get("note"):
                    nw["note"] = v["note"]
                    notes.append(f"{w['original']} -> {w['replacement']}: {v['note']}")
                words.append(nw)
            new["words"] = words
            new["acceptable"] = all(w["correct"] for w in words)
            if notes:
                new["note"] = "; ".join(notes)
            new["judge"] = judge
            rows_out.append(new)
    return rows_out


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score 95% interval for ``k`` successes in ``n`` (``(nan, nan)`` when ``n`` is 0)."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


def paired_words(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The words both files judged, paired by (qid, target language, perturbed, word index).

    Raises ``ValueError`` when a paired word's English word or replacement differs between the files
    (the two files would then not describe the same switched word).
    """
    index: dict[tuple[str, str, str, int], tuple[dict[str, Any], dict[str, Any]]] = {}
    for row in second:
        for i, w in enumerate(row.get("words") or []):
            index[(row["qid"], target(row, w), row["perturbed"], i)] = (row, w)
    pairs = []
    for row in first:
        for i, w in enumerate(row.get("words") or []):
            hit = index.get((row["qid"], target(row, w), row["perturbed"], i))
            if hit is None:
                continue
            row2, w2 = hit
            if (w["original"], w["replacement"]) != (w2["original"], w2["replacement"]):
                raise ValueError(f"{row['qid']} {row['language']} word {i}: the files differ on the word")
            pairs.append({
                "qid": row["qid"], "language": pair_language(row, w), "original": row["original"],
                "perturbed": row["perturbed"], "word": w["original"], "replacement": w["replacement"],
                "a": bool(w["correct"]), "b": bool(w2["correct"]),
                "a_note": w.get("note") or row.get("note") or "", "b_note": w2.get("note") or "",
            })
    return pairs


def agreement(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """2x2 table, raw agreement, Cohen's kappa and the three accuracies (with Wilson intervals)."""
    from sklearn.metrics import cohen_kappa_score

    n = len(pairs)
    tt = sum(p["a"] and p["b"] for p in pairs)
    tf = sum(p["a"] and not p["b"] for p in pairs)
    ft = sum(not p["a"] and p["b"] for p in pairs)
    ff = n - tt - tf - ft
    a = [int(p["a"]) for p in pairs]
    b = [int(p["b"]) for p in pairs]
    if n == 0:
        kappa = math.nan
    elif len(set(a) | set(b)) == 1:
        kappa = 1.0  # both judges gave one and the same verdict to every word: perfect agreement
    else:
        kappa = float(cohen_kappa_score(a, b))
    acc = {"first": tt + tf, "second": tt + ft, "both": tt}
    return {
        "n": n, "table": {"both_accept": tt, "first_only": tf, "second_only": ft, "both_reject": ff},
        "agreement": (tt + ff) / n if n else math.nan, "kappa": kappa,
        "accuracy": {k: (v, v / n if n else math.nan, wilson(v, n)) for k, v in acc.items()},
    }


def by_language(pairs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``agreement`` per language, plus ``all`` over every pair."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pairs:
        groups[p["language"]].append(p)
    out = {lang: agreement(ps) for lang, ps in sorted(groups.items())}
    out["all"] = agreement(pairs)
    return out


def markdown(stats: dict[str, dict[str, Any]], pairs: list[dict[str, Any]]) -> str:
    """A per-language table and the list of disagreements, as Markdown."""
    def acc(t: tuple[int, float, tuple[float, float]]) -> str:
        return f"{t[1]:.1%} [{t[2][0]:.1%}, {t[2][1]:.1%}]"

    lines = [
        "| language | words | both acc | 1st only | 2nd only | both rej | agreement | kappa "
        "| accuracy, 1st judge | accuracy, 2nd judge | accuracy, both accept |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for lang, s in stats.items():
        t = s["table"]
        lines.append(
            f"| {lang} | {s['n']} | {t['both_accept']} | {t['first_only']} | {t['second_only']} | {t['both_reject']} "
            f"| {s['agreement']:.1%} | {s['kappa']:.2f} | {acc(s['accuracy']['first'])} "
            f"| {acc(s['accuracy']['second'])} | {acc(s['accuracy']['both'])} |")
    lines += ["", "| lang | qid | word -> replacement | 1st | 2nd | 1st note | 2nd note |",
              "|---|---|---|---|---|---|---|"]
    for p in sorted(pairs, key=lambda p: (p["language"], p["qid"], p["word"])):
        if p["a"] != p["b"]:
            cell = [x.replace("|", "/") for x in (p["word"], p["replacement"], p["a_note"], p["b_note"])]
            lines.append(f"| {p['language']} | {p['qid']} | {cell[0]} -> {cell[1]} | {'acc' if p['a'] else 'rej'} "
                         f"| {'acc' if p['b'] else 'rej'} | {cell[2]} | {cell[3]} |")
    return "\n".join(lines) + "\n"


def _write_jsonl(rows: list[dict[str, Any]], out: Path | None) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("blind", help="a verdict-free, shuffled copy of every switched word")
    b.add_argument("files", nargs="+", type=Path)
    b.add_argument("--seed", type=int, default=20)
    b.add_argument("-o", "--output", type=Path)
    a = sub.add_parser("apply", help="the second judge's verdicts as judged-set rows")
    a.add_argument("files", nargs="+", type=Path)
    a.add_argument("--verdicts", type=Path, required=True)
    a.add_argument("--judge", required=True)
    a.add_argument("-o", "--output", type=Path)
    c = sub.add_parser("compare", help="agreement between two judged sets")
    c.add_argument("files", nargs="+", type=Path, help="the first judge's files")
    c.add_argument("--second", nargs="+", type=Path, required=True, help="the second judge's files")
    c.add_argument("--markdown", action="store_true", help="tables instead of JSON")
    args = ap.parse_args(argv)
    for p in [*args.files, *getattr(args, "second", []), *([args.verdicts] if args.cmd == "apply" else [])]:
        if not p.is_file():
            print(f"agreement: no such file: {p}", file=sys.stderr)
            return 2
    if args.cmd == "blind":
        _write_jsonl(blind_copy(args.files, args.seed), args.output)
    elif args.cmd == "apply":
        verdicts = {r["key"]: r for r in read_rows(args.verdicts)}
        try:
            _write_jsonl(apply_verdicts(args.files, verdicts, args.judge), args.output)
        except (KeyError, ValueError) as e:
            print(f"agreement: {e.args[0]}", file=sys.stderr)
            return 2
    else:
        first = [r for p in args.files for r in read_rows(p)]
        second = [r for p in args.second for r in read_rows(p)]
        pairs = paired_words(first, second)
        stats = by_language(pairs)
        if args.markdown:
            sys.stdout.write(markdown(stats, pairs))
        else:
            json.dump({"languages": stats, "disagreements": [p for p in pairs if p["a"] != p["b"]]},
                      sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
