"""The result of one attack evaluation, and its versioned JSON file.

A result holds, per query, the clean metrics and, per attack sample, the
perturbed text, its edits and its metrics; a summary with confidence intervals
per measure; and the provenance needed to reproduce it (model fingerprint,
dataset checksum, recipe and its hash, seed, package versions). It holds no
timestamps: the same inputs and seed give a byte-identical file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from robustir import schema
from robustir.errors import InputError
from robustir.io import atomic_write_json, read_text
from robustir.provenance import package_versions
from robustir.schema import Provenance, QueryResult, ResultRecord

SCHEMA = schema.RESULT

__all__ = ["SCHEMA", "Provenance", "QueryResult", "Result", "load_result", "package_versions"]


@dataclass(frozen=True)
class Result(ResultRecord):
    """An attack evaluation result: the typed record (:class:`robustir.schema.ResultRecord`: provenance,
    measures, per-query results, summaries, with accessors) and its views (terminal summary, pandas)
    and file. ``Result.from_dict(json_object)`` reads one; ``to_dict()`` gives the JSON back exactly."""

    def summary(self, width: int = 100) -> str:
        """The terminal report as plain text: clean, attacked and degradation with 95% CIs per measure."""
        from rich.console import Console

        from robustir.report.terminal import print_result

        # _Null has the write/flush that Console uses, not the whole IO[str] interface
        console = Console(width=width, record=True, file=cast(IO[str], _Null()), color_system=None)
        print_result(self, console)
        return console.export_text()

    def to_pandas(self, measures: Sequence[str] | None = None) -> Any:
        """The per-query results as a long-format ``pandas.DataFrame``: one row per query x attack
        sample x measure, with the columns of ``robustir report --csv`` (qid, sample, measure,
        clean, attacked, degradation, model, dataset, recipe, seed, strategy, rate, language).

        Numbers are floats (``rate`` is NaN when the recipe has no rate); ``measures`` keeps only
        those measures. pandas is imported here, not with robustir (it is not needed otherwise)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - pandas comes with the test and study stacks
            raise ImportError("Result.to_pandas() needs pandas: pip install pandas") from e
        from robustir.report.csv import COLUMNS, iter_records

        frame = pd.DataFrame.from_records(list(iter_records([self], measures)), columns=COLUMNS)
        return frame.astype({"sample": "Int64", "clean": float, "attacked": float, "degradation": float,
                             "rate": float})

    def save(self, path: str | Path) -> Path:
        """Write the result as JSON, atomically (never a half-written file); the garbage collector paused
        meanwhile (:mod:`robustir.attacks.gcpause`: the JSON object is ~25,000 containers at 1,000 queries)."""
        from robustir.attacks.gcpause import paused

        with paused():
            return atomic_write_json(path, self.to_dict())

    def __repr__(self) -> str:
        p = self.provenance
        return (f"Result(model={p.model_name!r}, dataset={p.dataset_name!r}, "
                f"recipe={p.recipe_name!r}, queries={len(self.queries)})")


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def load_result(path: str | Path) -> Result:
    """Read a result file, checking that it is a robustir result of a known schema."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path} is not valid JSON (line {e.lineno}: {e.msg})") from e
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputError(f"{path} is not a robustir result (schema {found!r}, expected {SCHEMA!r})")
    for key in ("provenance", "measures", "queries", "summary"):
        if key not in data:
            raise InputError(f"{path} is incomplete: no {key!r}")
    return Result.from_dict(data)
