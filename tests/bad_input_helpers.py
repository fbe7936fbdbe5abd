"""Run the ``robustir`` command in-process (fast) exactly as the console script does: ``main()``,
with its error handling, stdout and stderr captured."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: A recipe file that needs no resources (no stopword lists): typos at rate 0.3, one sample.
PLAIN_RECIPE = """\
name = "plain-typo"
description = "typos without stopword lists (needs no resources)"
family = "typo"
samples = 1

[perturbation]
type = "typo"
rate = 0.3

[constraints]
stopwords = false

[search]
type = "random"
"""


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [ln for ln in self.err.splitlines() if ln.strip()]


def run_cli(args: Sequence[str], cwd: Path | None = None) -> CliResult:
    """``robustir ARGS`` in this process; returns exit code, stdout and stderr."""
    from robustir import cli

    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd = sys.argv, os.getcwd()
    sys.argv = ["robustir", *map(str, args)]
    cli._state["debug"] = False
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    return CliResult(code, out.getvalue(), err.getvalue())


def write_beir(root: Path, n: int = 6, word: str = "river") -> Path:
    """A tiny valid BEIR folder (``n`` documents, ``n // 2`` judged queries)."""
    import json

    root = Path(root)
    (root / "qrels").mkdir(parents=True, exist_ok=True)
    docs = [{"_id": f"d{i}", "title": "", "text": f"{word} fact number {i} " + "extra " * i} for i in range(n)]
    qs = [{"_id": f"q{i}", "text": f"{word} number {i}"} for i in range(n // 2)]
    (root / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    (root / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in qs), encoding="utf-8")
    (root / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n"
                                             + "".join(f"q{i}\td{i}\t1\n" for i in range(n // 2)), encoding="utf-8")
    return root
