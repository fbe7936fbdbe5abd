"""Transfer attacks crafted once: a study's store of adversarial texts made against a surrogate.

A transfer recipe ``R@LABEL`` crafts its adversarial texts against the surrogate model LABEL and
evaluates every model of the study on those texts. What the crafting produces (each query's
``samples`` perturbations with their validity fields: exactly what
:meth:`robustir.evaluation.Evaluation.run` scores) depends only on the surrogate, the dataset,
the recipe, the attack seed, the sample count, the limit, the surrogate's batch size, the code
that crafts and where the semantic floor runs (a GPU's use-m gives other last bits), never on the
model under test. So the first cell of a transfer recipe crafts them
and stores them; every other model's cell with the same inputs reads them back instead of
crafting again (10 models: 1 crafting instead of 10).

On disk: ``<folder>/<key hash>.json`` holding the key and the texts, with its sha256 in a sidecar
``.sha256`` written after it (as cell files, :mod:`robustir.study.cells`). A file is used only when
the sidecar matches and its recorded key equals the key computed now; anything else (a missing,
corrupt or stale file) is crafted again and overwritten, atomically. A change of any input is a
new key, hence a new file: the store never serves texts crafted from other inputs.

Two workers that craft the same texts at once both write the same bytes (the crafting is
deterministic); no lock is needed for correctness, only the time of one crafting is lost.

The serialised form keeps every field of ``Perturbed`` as it is (not ``Perturbed.to_dict``, which
rounds and drops): a text read back is the object the crafting returned, so a cell computed from
stored texts is byte-identical to one that crafted them itself (tests/test_study_crafted.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from robustir.io import atomic_write_bytes, atomic_write_text, sha256_file

log = logging.getLogger(__name__)

#: the store's folder under a study's output folder
CRAFT_DIR = "crafted"
#: version of the file layout below; part of every key
FORMAT = "robustir.crafted/1"
#: robustir modules whose code takes part in crafting (besides the whole attacks package)
_CRAFTING_MODULES = ("robustir.evaluation", "robustir.validity", "robustir.retrieval", "robustir.recipe")

Perturbations = list[list[Any]]  # per query, its samples (``attacks.base.Perturbed``)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the code that crafts: every file of the attacks package (code and data, e.g.
    lexicons) and the robustir modules that run the search and the validity checks. Computed once
    per process (a process imports its code once, so that is the code it crafts with)."""
    import importlib

    from robustir.attacks.lex.compiled import files_digest

    attacks = importlib.import_module("robustir.attacks")
    files: list[tuple[str, Path]] = []
    for root in attacks.__path__:
        base = Path(root)
        files += [(f"attacks/{p.relative_to(base).as_posix()}", p) for p in sorted(base.rglob("*"))
                  if p.is_file() and "__pycache__" not in p.parts]
    for name in _CRAFTING_MODULES:
        mod = importlib.import_module(name)
        if mod.__file__:
            files.append((name, Path(mod.__file__)))
    return files_digest(files)


def craft_key(evaluation: Any) -> dict[str, Any]:
    """What a prepared transfer :class:`~robustir.evaluation.Evaluation`'s crafted texts are made from.

    The model under test is not in it (that is the point); the surrogate's fingerprint is."""
    sur = evaluation.surrogate_encoder
    if sur is None:
        raise ValueError("only a transfer attack (an evaluation with a surrogate) has crafted texts to store")
    from robustir.models.use import floor_device
    from robustir.validity import loaded_floor_device

    key = {"format": FORMAT, "surrogate.fingerprint": sur.fingerprint, "dataset": evaluation.bench.checksum,
           "recipe": evaluation.recipe.sha256, "seed": evaluation.seed, "samples": evaluation.samples,
           "limit": evaluation.limit, "batch_size": evaluation.batch_size, "code": code_digest()}
    device = loaded_floor_device() or floor_device()  # the floor's, or where it will load to craft them
    if device != "cpu":  # the floor on a GPU (other last bits in its similarities, hence in ``valid``): other texts;
        key["floor_device"] = device  # CPU keys unchanged, so the stores already written stay valid
    return key


def _key_hash(key: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()


def _encode(p: Any) -> dict[str, Any]:
    out = {f.name: getattr(p, f.name) for f in dataclasses.fields(p)}
    out["edits"] = [dataclasses.asdict(e) for e in p.edits]
    return out


def _plain(o: Any) -> Any:
    """A numpy scalar (an attack may return one) as the Python value it holds."""
    item = getattr(o, "item", None)
    if item is None:
        raise TypeError(f"cannot store a {type(o).__name__} in crafted texts")
    return item()


def _decode(d: dict[str, Any]) -> Any:
    from robustir.attacks.base import Edit, Perturbed

    return Perturbed(**{**d, "edits": tuple(Edit(**e) for e in d["edits"])})


class CraftStore:
    """Crafted transfer texts under ``folder``, one file per :func:`craft_key`."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.crafted = 0  # craftings this store ran (the rest were read back)
        self.reused = 0

    def path(self, key: dict[str, Any]) -> Path:
        return self.folder / f"{_key_hash(key)[:32]}.json"

    def load(self, key: dict[str, Any]) -> Perturbations | None:
        """The texts stored for ``key``, or None when there are none (or they are corrupt or stale)."""
        path = self.path(key)
        side = path.with_name(path.name + ".sha256")
        if not path.is_file() or not side.is_file():
            return None
        if side.read_text(encoding="utf-8").strip() != sha256_file(path):
            log.warning("crafted texts %s fail their checksum; crafting them again", path)
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            log.warning("crafted texts %s were made from other inputs; crafting them again", path)
            return None
        return [[_decode(p) for p in row] for row in data["perturbed"]]

    def save(self, key: dict[str, Any], perturbed: Perturbations) -> Path:
        """Write ``perturbed`` for ``key`` (atomically; the checksum sidecar after the file)."""
        path = self.path(key)
        side = path.with_name(path.name + ".sha256")
        side.unlink(missing_ok=True)  # never a sidecar that vouches for an older file
        body = json.dumps({"key": key, "perturbed": [[_encode(p) for p in row] for row in perturbed]},
                          ensure_ascii=False, sort_keys=True, default=_plain).encode("utf-8")
        atomic_write_bytes(path, body)
        atomic_write_text(side, hashlib.sha256(body).hexdigest() + "\n")
        return path

    def get_or_craft(self, evaluation: Any, craft: Callable[[], Perturbations]) -> Perturbations:
        """The texts stored for a prepared transfer ``evaluation`` (its :func:`craft_key`); else
        ``craft()``'s, stored for the next cell."""
        key = craft_key(evaluation)
        stored = self.load(key)
        if stored is not None:
            self.reused += 1
            return stored
        perturbed = craft()
        self.save(key, perturbed)
        self.crafted += 1
        return perturbed
