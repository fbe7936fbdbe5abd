"""Measure the vetoed-pairs table (``bench/judged_pairs.py``) leave-one-draw-out, and on all judged rows.

Leave-one-draw-out (the estimate of what the veto does on fresh questions, section 226): for each held-out draw file
(en -> L ``v28`` on, ``v*-v*[a-z]-en-L.jsonl``; L -> en ``rev20`` on, ``rev*-rev*[a-z]-<lang>.jsonl``) the
table is built from every *other* judged file, leaving out too every verdict on a question (id, query language)
that the draw holds (a paired or pre-fix file re-judging the draw's rows), and counted on the draw's rows: rejects
vetoed (good), accepts vetoed (bad), the accuracy if vetoed words were left unswitched, the bounds when the next
candidate is switched instead (all wrong / all right), and the rows that lose every switched word.

``--past-only``: the table for a draw is built only from files added to git in an earlier commit than the draw's
file (what a fresh draw would have met), not from every other file.

Then the full table on every judged row (development data: the table was built from them).

Usage::

    python bench/judged_pairs_loo.py          # markdown tables on stdout
    python bench/judged_pairs_loo.py --past-only --no-full --draws 'v38-*'   # the veto on one held-out draw
"""

from __future__ import annotations

import argparse
import fnmatch
import logging
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from robustir.attacks.lex.judgedveto import Pair  # noqa: E402

from bench.judged_pairs import ROOT, Verdict, count, instance, judged_paths, open_wn, verdicts, vetoed  # noqa: E402

logger = logging.getLogger(__name__)

#: the held-out draws: en -> L v28 on, L -> en rev20 on (one file per draw and language; later draws' files join
#: by name)
EN2L = re.compile(r"v(2[89]|[3-9]\d)-v\d+[a-z]-en-L\.jsonl")
L2EN = re.compile(r"rev([2-9]\d)-rev\d+[a-z]-[a-z]+\.jsonl")

COLS = ("words", "right", "rejects", "rejects vetoed", "accepts vetoed", "acc before", "acc unswitched",
        "acc if next all wrong", "acc if next all right", "rows", "rows losing every switch")


def direction(v: Verdict) -> tuple[str, str]:
    """(direction, L) of a verdict: ("en->L", target) or ("L->en", source)."""
    return ("en->L", v.pair[1]) if v.pair[0] == "en" else ("L->en", v.pair[0])


class Tally:
    """Per (direction, L): words, right, rejects vetoed, accepts vetoed, rows, rows losing every switch."""

    def __init__(self) -> None:
        self.t: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])

    def add(self, vs: Iterable[Verdict], table: set[Pair]) -> None:
        rows: dict[tuple, list[bool]] = {}
        seen: set[tuple] = set()
        for v in vs:
            if instance(v) in seen:
                continue
            seen.add(instance(v))
            k = direction(v)
            t = self.t[k]
            hit = v.pair in table
            t[0] += 1
            t[1] += v.correct
            t[2] += hit and not v.correct
            t[3] += hit and v.correct
            rows.setdefault((k, v.file, v.qid, v.language, v.perturbed), []).append(hit)
        for (k, *_), hits in rows.items():
            self.t[k][4] += 1
            self.t[k][5] += all(hits)

    def lines(self) -> list[str]:
        out = ["| direction | L | " + " | ".join(COLS) + " |", "|" + "---|" * (len(COLS) + 2)]
        dirs = sorted({d for d, _ in self.t})
        for d in dirs:
            keys = sorted(k for k in self.t if k[0] == d)
            for k in [*keys, (d, "pooled")]:
                t = self.t[k] if k[1] != "pooled" else [sum(self.t[j][i] for j in keys) for i in range(6)]
                out.append(f"| {k[0]} | {k[1]} | " + " | ".join(_cells(t)) + " |")
        return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}" if b else "-"


def _cells(t: list[int]) -> list[str]:
    n, c, rv, av, rows, lost = t
    v = rv + av
    return [str(n), str(c), str(n - c), str(rv), str(av), _pct(c, n), _pct(c - av, n - v), _pct(c - av, n),
            _pct(c - av + v, n), str(rows), str(lost)]


def added_at(root: Path) -> dict[str, int]:
    """file name -> the commit time (Unix seconds) of the commit that first added it under ``root`` (git log)."""
    out = subprocess.run(["git", "log", "--diff-filter=A", "--format=@%ct", "--name-only", "--", "."], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    first: dict[str, int] = {}
    t = 0
    for line in out.splitlines():
        if line.startswith("@"):
            t = int(line[1:])
        elif line.strip():
            first[Path(line).name] = t  # (git log runs newest first: the last seen is the first add)
    return first


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--past-only", action="store_true", help="the table from earlier-added files only")
    ap.add_argument("--no-full", action="store_true", help="leave out the full-table measurement")
    ap.add_argument("--draws", metavar="GLOB", help="only the draw files whose names match (e.g. 'v38-*'): the veto "
                                                   "on the latest held-out draws")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    paths = judged_paths(args.root)
    every = list(verdicts(paths, open_wn()))
    draws = [p.name for p in paths if p.parent == args.root and (EN2L.fullmatch(p.name) or L2EN.fullmatch(p.name))
             and (args.draws is None or fnmatch.fnmatch(p.name, args.draws))]
    when = added_at(args.root) if args.past_only else {}
    loo = Tally()
    for name in draws:
        own = [v for v in every if v.file == name]
        held = {(v.qid, v.language) for v in own}
        t = when.get(name, 0)
        table = set(vetoed(count(every, lambda v, n=name, h=held, t=t: v.file == n or (v.qid, v.language) in h
                                 or (args.past_only and when.get(v.file, t) >= t))))
        loo.add(own, table)
    kind = "earlier-added files only" if args.past_only else "every other file"
    print(f"### leave-one-draw-out, {kind} ({len(draws)} draw files; {len(paths)} judged files)\n")
    print("\n".join(loo.lines()))
    if args.no_full:
        return 0
    full = Tally()
    full.add(every, set(vetoed(count(every))))
    print("\n### full table on every judged row (development data)\n")
    print("\n".join(full.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
