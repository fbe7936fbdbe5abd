"""Cell files: one evaluation result per (model, dataset, recipe, seed), checksummed and provenance-checked.

A cell's result is the ``robustir.result/1`` JSON that ``robustir attack -o``
writes (so ``robustir report`` reads it), at
``OUT/cells/<model>/<dataset>/<recipe>/seed-<seed>.json`` (each part readable, with a hash of
what it names when the readable part alone could be ambiguous), with its sha256 in a
sidecar ``.sha256`` file written *after* it. A cell counts as done only when
both exist, the checksum matches (else: warning, recomputed) and the recorded
provenance matches what the cell would be computed from now: model
fingerprint, dataset checksum, recipe sha256, seed, samples, limit, k and
measures (else: recomputed, with a note saying what changed).
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robustir.io import atomic_write_bytes, atomic_write_text, sha256_file
from robustir.schema import Provenance

CELL_DIR = "cells"


@dataclass(frozen=True, order=True)
class Cell:
    """One point of the grid. ``model`` is the study's model label; ``dataset``/``recipe`` as in the study."""

    model: str
    dataset: str
    recipe: str
    seed: int

    @property
    def key(self) -> str:
        return f"{self.model} | {self.dataset} | {self.recipe} | seed {self.seed}"

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "dataset": self.dataset, "recipe": self.recipe, "seed": self.seed}


def slug(value: str) -> str:
    """A file-name-safe, human-readable form of a name, path or ``name:option`` (not unique: see ``part``)."""
    value = value.rstrip("/")
    if "/" in value:  # a path: keep its last two parts (enough to read; ``part`` adds what tells them apart)
        value = "_".join(Path(value).parts[-2:])
    out = re.sub(r"[^A-Za-z0-9._-]+", "_", value.replace(":", "--")).strip("._")
    return out or "_"


def identity(value: str) -> str:
    """What a study name stands for: a path resolved to its absolute form (``./x`` and ``x`` are one
    dataset), a registered name as it is."""
    if "/" in value or value.startswith((".", "~")) or "\\" in value:
        return str(Path(value).expanduser().resolve())
    return value


def part(value: str) -> str:
    """One folder name for ``value``: its slug alone when that is the value itself (``boolq``), else
    the slug and a hash of the value's identity (``x_good-3f2a9c01d4``), so that two datasets whose
    readable parts agree (``col/a/x/good``, ``col/b/x/good``) never share cell files."""
    s = slug(value)
    if s == value:
        return s
    return f"{s}-{hashlib.sha256(identity(value).encode('utf-8')).hexdigest()[:10]}"


def cell_path(out_dir: Path, cell: Cell) -> Path:
    """``OUT/cells/<model>/<dataset>/<recipe>/seed-<seed>.json``, each part from ``part`` (collision-proof)."""
    return (Path(out_dir) / CELL_DIR / part(cell.model) / part(cell.dataset) / part(cell.recipe)
            / f"seed-{cell.seed}.json")


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def recorded_provenance(data: dict[str, Any]) -> dict[str, Any]:
    """The identity (:func:`robustir.provenance.identity`) a result's JSON records: what
    ``Evaluation.identity()`` must equal for the cell to be reused. Missing fields read as None."""
    return Provenance.from_dict(data.get("provenance", {})).identity(data.get("measures"))


@dataclass(frozen=True)
class CellState:
    """What is on disk for a cell: ``done`` (reusable), ``missing``, ``corrupt`` or ``stale``; and why."""

    state: str
    reason: str = ""
    data: dict[str, Any] | None = None


def read_cell(path: Path) -> CellState:
    """The cell file's content if it is intact (checksum matches); no provenance check."""
    side = _sidecar(path)
    if not path.exists():
        return CellState("missing")
    if not side.exists():
        return CellState("corrupt", f"{path.name} has no checksum file (interrupted while writing)")
    try:
        recorded = side.read_text(encoding="utf-8").split()[0]
        actual = sha256_file(path)
    except (OSError, IndexError, UnicodeDecodeError) as e:
        return CellState("corrupt", f"cannot read {path.name} or its checksum ({e})")
    if recorded != actual:
        return CellState("corrupt", f"{path} does not match its checksum")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return CellState("corrupt", f"{path} is not valid JSON ({e})")
    return CellState("done", data=data)


def check_cell(path: Path, expected: dict[str, Any]) -> CellState:
    """``done`` when the file is intact and its recorded identity equals ``expected`` (an
    ``Evaluation.identity()``); a corrupt file warns."""
    state = read_cell(path)
    if state.state == "corrupt":
        warnings.warn(f"cell {state.reason}; recomputing it", stacklevel=2)
        return state
    if state.state != "done":
        return state
    assert state.data is not None
    recorded = recorded_provenance(state.data)
    changed = [k for k in expected if recorded.get(k) != expected[k]]
    if changed:
        return CellState("stale", "changed since it was computed: " + ", ".join(changed))
    return state


def write_cell(path: Path, data: dict[str, Any]) -> Path:
    """Write a result atomically, then its checksum (a cell without a checksum is never taken as done)."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    blob = text.encode("utf-8")
    atomic_write_bytes(path, blob)
    atomic_write_text(_sidecar(path), f"{hashlib.sha256(blob).hexdigest()}  {path.name}\n")
    return path


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """A result's JSON without its ``cost`` (what the run had to encode, which depends on what an earlier
    cell already encoded): the part that must be identical however the study was executed
    (``Result.without_cost()`` for a result object)."""
    return {k: v for k, v in data.items() if k != "cost"}
