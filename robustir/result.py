"""The result of one attack evaluation, and its versioned JSON file.

A result holds, per query, the clean metrics and, per attack sample, the
perturbed text, its edits and its metrics; a summary with confidence intervals
per measure; and the provenance needed to reproduce it (model fingerprint,
dataset checksum, recipe and its hash, seed, package versions). It holds no
timestamps: the same inputs and seed give a byte-identical file.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import IO, Any, cast

from robustir import schema
from robustir.errors import InputError
from robustir.io import atomic_write_json, read_text

SCHEMA = schema.RESULT

#: Distributions whose versions can change a number in a result.
_VERSIONED = ("robustir", "torch", "transformers", "sentence-transformers", "tokenizers", "faiss-cpu", "numpy",
              "scipy", "ir-measures", "pytrec-eval-terrier", "textattack", "nlpaug", "nltk")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that can affect results (and Python's)."""
    versions = {"python": platform.python_version()}
    for dist in _VERSIONED:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return versions


class Result:
    """An attack evaluation result (see ``docs``/README for the JSON schema)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property
    def provenance(self) -> dict[str, Any]:
        return self.data["provenance"]

    @property
    def measures(self) -> list[str]:
        return list(self.data["measures"])

    @property
    def queries(self) -> list[dict[str, Any]]:
        return self.data["queries"]

    def to_dict(self) -> dict[str, Any]:
        return self.data

    def summary(self, width: int = 100) -> str:
        """The terminal report as plain text: clean, attacked and degradation with 95% CIs per measure."""
        from rich.console import Console

        from robustir.report.terminal import print_result

        # _Null has the write/flush that Console uses, not the whole IO[str] interface
        console = Console(width=width, record=True, file=cast(IO[str], _Null()), color_system=None)
        print_result(self.data, console)
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

        frame = pd.DataFrame.from_records(list(iter_records([self.data], measures)), columns=COLUMNS)
        return frame.astype({"sample": "Int64", "clean": float, "attacked": float, "degradation": float,
                             "rate": float})

    def save(self, path: str | Path) -> Path:
        """Write the result as JSON, atomically (never a half-written file)."""
        return atomic_write_json(path, self.data)

    def __repr__(self) -> str:
        p = self.provenance
        return (f"Result(model={p['model']['name']!r}, dataset={p['dataset']['name']!r}, "
                f"recipe={p['recipe']['name']!r}, queries={len(self.queries)})")


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
    return Result(data)
