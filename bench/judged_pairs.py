"""Build ``attacks/data/vetoed-pairs.tsv``: the code-switching pairs judged wrong at least twice and never right.

Every first-judge file under ``bench/validity/lexical/`` (``*.jsonl`` and ``*/*.jsonl``; ``agree*`` files, second
judges of the same rows, are skipped) is read with ``bench/judged_files.judged_rows``; each judged word of a
``codeswitch:<target>`` operation is keyed by (source language, target language, source key, replacement) with
``attacks.lex.judgedveto.source_key`` (the recipe's own key), and its ``correct`` verdict counted. A judged row that
several files hold unchanged (same question, language, perturbed text and words with their verdicts: a paired
re-judgment copying a row) counts once. The threshold, declared before any measurement (section 226): **wrong >= 2
and right == 0**, where a "correct" verdict flagged borderline (``"borderline": true`` or a note opening with
"borderline") does not count as right (it is counted apart, as ``borderline``; de Rote for "turning on red" was
accepted as borderline once and judged wrong five times, bench/RESULTS.md 208.4).

Usage::

    python bench/judged_pairs.py                 # writes attacks/data/vetoed-pairs.tsv
    python bench/judged_pairs.py -o /tmp/t.tsv   # elsewhere

Output is sorted and carries no timestamp; its comment line names the command and a digest of the judged files'
names and bytes, so the same files give a byte-identical table.

Hand-written: a count over this repository's own judged files, whose keys no library knows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from robustir.attacks.lex.judgedveto import COLUMNS, TABLE, Pair, source_key  # noqa: E402

from bench.judged_files import judged_rows  # noqa: E402

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent / "validity" / "lexical"

#: the declared threshold (section 226): at least this many wrong verdicts ...
MIN_WRONG = 2
#: ... and at most this many right ones
MAX_RIGHT = 0


#: wrong, right, borderline right verdicts and the files that hold them
Counts = tuple[int, int, int, frozenset[str]]


@dataclass(frozen=True)
class Verdict:
    """One judged switched word: where it was judged, the question it belongs to, its pair and its verdict."""

    file: str
    qid: str
    language: str  # the judged row's query language
    perturbed: str
    pair: Pair
    correct: bool
    borderline: bool = False


def judged_paths(root: Path = ROOT) -> list[Path]:
    """The first-judge files: ``root``'s ``*.jsonl`` and ``*/*.jsonl`` without ``agree`` in the name, sorted."""
    paths = [*root.glob("*.jsonl"), *root.glob("*/*.jsonl")]
    return sorted((p for p in paths if "agree" not in p.name), key=lambda p: p.relative_to(root).as_posix())


def files_digest(paths: Iterable[Path], root: Path = ROOT) -> str:
    """sha256 (16 hex) over each file's name relative to ``root`` and its bytes, in the order given."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def _json_lines_only(path: Path) -> bool:
    """Whether every non-blank line of ``path`` is JSON (``judged_rows`` reads such files only)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                json.loads(line)
            except json.JSONDecodeError:
                return False
    return True


def _row_key(r: dict) -> str:
    return json.dumps([r.get("qid"), r.get("language"), r.get("perturbed"), r.get("words")], sort_keys=True,
                      ensure_ascii=False)


def _keep(r: dict) -> bool:
    return isinstance(r, dict) and isinstance(r.get("words"), list) and isinstance(r.get("language"), str)


def verdicts(paths: Iterable[Path], wn: Any | None) -> Iterator[Verdict]:
    """Every judged code-switched word of ``paths``, file by file (each file's rows once; a row held unchanged by
    several files is yielded from each: ``count`` and the measurements dedupe across files)."""
    for path in paths:
        if not _json_lines_only(path):
            logger.warning("%s: a line is no JSON, file skipped", path)
            continue
        for r in judged_rows([path], _keep, _row_key):
            source = r["language"]
            for w in r["words"]:
                if not isinstance(w, dict) or not isinstance(w.get("correct"), bool):
                    continue
                op, _, target = str(w.get("operation", "")).partition(":")
                if op != "codeswitch" or not target or target == source:
                    continue
                orig, rep = w.get("original"), w.get("replacement")
                if not isinstance(orig, str) or not isinstance(rep, str):
                    continue
                pair = (source, target, source_key(orig, source, wn), " ".join(rep.lower().split()))
                yield Verdict(r["file"], str(r.get("qid", "")), source, str(r.get("perturbed", "")), pair,
                              w["correct"], is_borderline(w))


def is_borderline(word: dict) -> bool:
    """Whether a judged word is flagged borderline: ``"borderline": true`` or a note that opens with the word."""
    return word.get("borderline") is True or str(word.get("note", "")).lower().startswith("borderline")


def instance(v: Verdict) -> tuple:
    """What makes two verdicts the same judgment (a row copied unchanged into another file)."""
    return v.qid, v.language, v.perturbed, v.pair, v.correct


def count(vs: Iterable[Verdict], skip: Callable[[Verdict], bool] = lambda v: False
          ) -> dict[Pair, Counts]:
    """pair -> (wrong, right, borderline right, files) over ``vs`` (each judgment once, ``skip``ped ones left
    out); a right verdict flagged borderline counts as borderline, not as right."""
    wrong: Counter[Pair] = Counter()
    right: Counter[Pair] = Counter()
    border: Counter[Pair] = Counter()
    files: dict[Pair, set[str]] = {}
    seen: set[tuple] = set()
    for v in vs:
        if skip(v) or instance(v) in seen:
            continue
        seen.add(instance(v))
        (wrong if not v.correct else border if v.borderline else right)[v.pair] += 1
        files.setdefault(v.pair, set()).add(v.file)
    return {p: (wrong[p], right[p], border[p], frozenset(files[p])) for p in files}


def vetoed(counts: dict[Pair, Counts]) -> dict[Pair, Counts]:
    """The pairs of ``counts`` past the declared threshold (``MIN_WRONG``, ``MAX_RIGHT``)."""
    return {p: c for p, c in counts.items() if c[0] >= MIN_WRONG and c[1] <= MAX_RIGHT}


def write_table(table: dict[Pair, Counts], out: Path, digest: str, n_files: int) -> None:
    """The table as TSV: a comment line (command, judged files' digest), the header, the pairs sorted."""
    lines = [f"# python bench/judged_pairs.py (section 226: wrong >= {MIN_WRONG}, right <= {MAX_RIGHT}); "
             f"{n_files} judged files, sha256 {digest}", "\t".join(COLUMNS)]
    for p in sorted(table):
        w, r, b, f = table[p]
        if any("\t" in x or "\n" in x for x in p):
            logger.warning("pair %r holds a tab or newline, left out", p)
            continue
        lines.append("\t".join([*p, str(w), str(r), str(b), str(len(f))]))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def open_wn() -> Any:
    """nltk's WordNet reader, as the recipe opens it (``lex.nltkdata.open_wordnet``)."""
    from robustir.attacks.lex.nltkdata import open_wordnet

    return open_wordnet()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=TABLE)
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    paths = judged_paths(args.root)
    table = vetoed(count(verdicts(paths, open_wn())))
    write_table(table, args.output, files_digest(paths, args.root), len(paths))
    logger.info("%d vetoed pairs from %d files -> %s", len(table), len(paths), args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
