"""One installed namespace: attacks/ and recipes/ install as robustir.attacks and robustir.recipes.

The folders keep their place in the repository (the layout users know); pyproject.toml maps them
with setuptools' ``package-dir`` and lists every package explicitly. These tests fail when a new
package folder is not listed (it would be missing from the wheel) and, in the slow test, when the
built wheel does not install and run on its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"attacks": "robustir.attacks", "recipes": "robustir.recipes"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _package_folders() -> set[str]:
    names = set()
    for top, prefix in (("robustir", "robustir"), *MAPPED.items()):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top).parts
            names.add(".".join((prefix, *rel)))
    return names


def test_every_package_folder_is_listed_and_mapped():
    setuptools = _pyproject()["tool"]["setuptools"]
    assert set(setuptools["packages"]) == _package_folders()
    assert setuptools["package-dir"] == {v: k for k, v in MAPPED.items()}


def test_no_generic_top_level_names_are_importable_from_the_package():
    # the package itself never imports the old top-level names
    for path in list((ROOT / "robustir").rglob("*.py")) + list((ROOT / "attacks").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) attacks\b", text, flags=re.M), path
        assert not re.search(r"files\([\"']recipes[\"']\)", text), path


@pytest.mark.slow
def test_built_wheel_installs_into_a_fresh_venv_and_lists_recipes(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=600)
    (wheel,) = wheels.glob("robustir-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        tops = {name.split("/")[0] for name in zf.namelist() if not name.startswith("robustir-")}
        assert tops == {"robustir"}
        assert "robustir/recipes/typo.toml" in zf.namelist()
        assert "robustir/attacks/data/iso639-1.txt" in zf.namelist()

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    target = Path(subprocess.run([str(env_dir / "bin" / "python"), "-c",
                                  "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 check=True, capture_output=True, text=True).stdout.strip())
    # the wheel alone, without its dependencies: those come from this interpreter's site-packages,
    # appended after the fresh venv's own (a .pth line adds a path, it does not run the editable
    # install's finder), so `robustir` can only be the wheel's copy
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=600)
    (target / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = ("import robustir, robustir.attacks, robustir.recipes, sys; "
            "print(robustir.__file__); print(robustir.attacks.__file__); "
            "print('attacks' in sys.modules, 'recipes' in sys.modules)")
    out = subprocess.run([str(env_dir / "bin" / "python"), "-c", code], cwd=tmp_path, env=env,
                         check=True, capture_output=True, text=True, timeout=300).stdout.splitlines()
    assert out[0].startswith(str(target)) and out[1].startswith(str(target / "robustir" / "attacks"))
    assert out[2] == "False False"
    listed = subprocess.run([str(env_dir / "bin" / "python"), "-m", "robustir", "recipes"], cwd=tmp_path,
                            env={**env, "COLUMNS": "200"}, capture_output=True, text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    assert "typo" in listed.stdout and "codeswitch" in listed.stdout
