"""The ledger of drawn questions: every question a held-out draw took, switched or not, so that "fresh" means
*never drawn*, not only *never judged* (issue 10; bench/RESULTS.md section 210).

Why: a judged file keeps only the rows a draw changed, so a question an earlier draw left unperturbable returned to
the "fresh" pool at every later draw (sections 201-203: 550 of boolq-test's 694 "fresh" rows >= 1600 had been drawn
by v30a-v34a; 43 of MLQA-R's 91 "fresh" de/es/hi/zh questions were unperturbable in rev23a/rev25a).

One ledger per draw, ``bench/validity/drawn/<draw>.tsv`` (tab-separated, a header line, UTF-8), one row per drawn
question and query language::

    draw  dataset  language  qid  switched  code  text

``dataset`` is what the draw loaded (``boolq-test``, ``mlqa-r:de``, ``xquad-r:ar``; ``xquad-r:ar@dev`` for XQuAD-R's
dev articles), ``language`` the query's language (``en`` for an en -> L draw), ``switched`` the comma-joined target
languages whose output row has an edit (empty: unperturbable in every target of the draw), ``code`` the commit the
draw ran at, ``text`` the question as drawn. The files are ``.tsv``, not ``.jsonl``: ``bench/unjudged.py``'s
default reads every ``*.jsonl`` under ``bench/validity/`` as a judged file, and a ledger must change nothing
until it is asked for (``bench/unjudged.py --drawn``, or a ledger passed to ``bench/codeswitch_set.py --exclude``).

A past draw's command still gives its bytes when neither its own ledger nor a later one is excluded (the ledger of a
draw excludes only later draws, as a draw's own judged file does today: ``$(ls ... | grep -v v35-)``).

Backfill a ledger from a draw's output folder (what ``codeswitch_set.py --ledger NAME`` writes as it draws)::

    python bench/drawn.py v35a --dataset boolq-test --code bedfde3 /tmp/v35a/d694/en-*.jsonl

Hand-written: the rows come from this repository's own draw outputs; ``csv`` reads and writes the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
LEDGER_DIR = ROOT / "bench" / "validity" / "drawn"
FIELDS = ("draw", "dataset", "language", "qid", "switched", "code", "text")
SUFFIX = ".tsv"

#: question id -> the query languages it was drawn in, and the stripped drawn texts (``bench/judged_files.Judged``)
Drawn = tuple[dict[str, set[str]], set[str]]


def is_ledger(path: Path) -> bool:
    """Whether ``path`` names a ledger (``*.tsv``) rather than a judged JSONL file: how ``--exclude`` tells them."""
    return path.suffix == SUFFIX


def spec_languages(path: Path) -> tuple[str, str]:
    """``(query language, target language)`` of a draw output ``SPEC.jsonl``: ``en-ja`` -> ("en", "ja");
    ``de`` (L -> en) -> ("de", "en")."""
    lang, _, into = path.stem.partition("-")
    return lang, into or "en"


def ledger_rows(draw: str, dataset: str | Callable[[str], str], code: str,
                outputs: Iterable[tuple[str, str, list[dict]]]) -> list[dict]:
    """The ledger rows of one draw from its outputs ``(query language, target language, rows)``: one per question
    and query language, ``switched`` naming every target whose row has an edit. ``dataset`` is a name that may hold
    ``{lang}`` (``mlqa-r:{lang}``, filled with each output's query language) or a function of that language.
    Sorted by dataset, language and qid."""
    merged: dict[tuple[str, str, str], dict] = {}
    for lang, into, rows in outputs:
        name = dataset(lang) if callable(dataset) else dataset.format(lang=lang)
        for r in rows:
            key = (name, lang, str(r["qid"]))
            row = merged.setdefault(key, {"draw": draw, "dataset": name, "language": lang, "qid": key[2],
                                          "switched": set(), "code": code, "text": r["original"]})
            if row["text"] != r["original"]:  # the same id and language is the same question in one draw
                raise ValueError(f"{draw}: {key[2]} ({lang}) has two texts: {row['text']!r}, {r['original']!r}")
            if r.get("edits"):
                row["switched"].add(into)
    return [{**r, "switched": ",".join(sorted(r["switched"]))} for _, r in sorted(merged.items())]


def write_ledger(path: Path, rows: list[dict]) -> None:
    """Write ``rows`` as a ledger (header line, tab-separated, ``\\n`` line ends: the same rows give the same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def read_ledger_rows(path: Path) -> list[dict]:
    """The rows of one ledger; a file whose header is not :data:`FIELDS` raises ``ValueError`` (a judged JSONL file
    passed by mistake would otherwise exclude nothing, silently)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        if tuple(reader.fieldnames or ()) != FIELDS:
            raise ValueError(f"{path}: not a drawn-questions ledger (header {reader.fieldnames}, expected {FIELDS})")
        return list(reader)


def read_ledgers(paths: Iterable[Path]) -> Drawn:
    """Ids (each with the query languages it was drawn in) and stripped texts of every ledger row of ``paths``: the
    shape ``bench/judged_files.read_judged`` gives, so that a drawn question is excluded as a judged one is."""
    ids: dict[str, set[str]] = {}
    texts: set[str] = set()
    for path in paths:
        for row in read_ledger_rows(path):
            ids.setdefault(row["qid"], set()).add(row["language"])
            texts.add(row["text"].strip())
    return ids, texts


def all_ledgers(root: Path = LEDGER_DIR) -> list[Path]:
    """Every ledger under ``root``, sorted by name."""
    return sorted(root.glob(f"*{SUFFIX}"))


def code_commit(root: Path = ROOT) -> str:
    """The short commit of the checkout at ``root`` (``+dirty`` when tracked files differ from it), or ``unknown``
    without git: the ``code`` a new ledger names."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=7", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "diff", "--quiet", "HEAD", "--"], check=False).returncode
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a drawn-questions ledger from a draw's output files (backfill).")
    ap.add_argument("draw", help="the draw's name (the ledger is LEDGER_DIR/DRAW.tsv), e.g. v35a")
    ap.add_argument("outputs", nargs="+", type=Path, help="the draw's SPEC.jsonl files (en-ja.jsonl, de.jsonl, ...)")
    ap.add_argument("--dataset", required=True,
                    help="what the draw loaded: boolq-test, or mlqa-r:{lang} / xquad-r:{lang}@dev for L -> en")
    ap.add_argument("--code", required=True, help="the commit the draw ran at (from its RESULTS section)")
    ap.add_argument("--dir", type=Path, default=LEDGER_DIR, help="ledger folder (default: bench/validity/drawn)")
    args = ap.parse_args(argv)
    path = args.dir / f"{args.draw}{SUFFIX}"
    if path.exists():
        print(f"error: {path} exists (a ledger is written once)", file=sys.stderr)
        return 2
    outputs = []
    for p in args.outputs:
        rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        outputs.append((*spec_languages(p), rows))
    rows = ledger_rows(args.draw, args.dataset, args.code, outputs)
    write_ledger(path, rows)
    print(f"{len(rows)} drawn questions ({sum(1 for r in rows if not r['switched'])} switched in no target) "
          f"written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
