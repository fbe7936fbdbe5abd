"""The dependency floors in pyproject.toml are what the code needs (issue 14: honest pins).

Each floor below is the first release with what robustir relies on; lowering one re-admits a
version that breaks (imports missing) or that is unsafe (unpickling by default, no auth)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
NEEDS = {
    # robustir/train/samplers.py and trainer.py import sentence_transformers.base.sampler and
    # sentence_transformers.sentence_transformer.losses, which first ship in 5.4.0
    "sentence-transformers": (5, 4),
    # torch.load(weights_only=True) by default from 2.6: checkpoints are not unpickled arbitrarily
    "torch": (2, 6),
    # Ray token authentication (RAY_AUTH_MODE=token) from 2.52.0
    "ray": (2, 52),
}


def _floors() -> dict[str, tuple[int, ...]]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        reqs += extra
    out = {}
    for r in reqs:
        m = re.match(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*>=\s*([0-9.]+)", r)
        if m:
            out[m.group(1).lower()] = tuple(int(x) for x in m.group(3).split("."))
    return out


@pytest.mark.parametrize("package", sorted(NEEDS))
def test_floor_is_what_the_code_needs(package: str) -> None:
    floors = _floors()
    assert package in floors, f"{package} has no >= floor in pyproject.toml"
    assert floors[package] >= NEEDS[package], f"{package}>={floors[package]} admits versions the code cannot use"


def test_installed_versions_satisfy_the_floors() -> None:
    from importlib.metadata import PackageNotFoundError, version

    for package, floor in _floors().items():
        try:
            got = version(package)
        except PackageNotFoundError:
            continue  # an optional extra that is not installed
        parts = tuple(int(x) for x in re.findall(r"\d+", got)[:len(floor)])
        assert parts >= floor, f"installed {package} {got} is below the floor {floor}"
