"""Model folders that bring their own Python code are refused unless the user trusts them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from robustir.errors import InputError
from robustir.models.trust import custom_code

EVIL = """
from pathlib import Path
Path(__file__).with_name("RAN").write_text("the folder's code ran")
from sentence_transformers.models import Transformer as EvilTransformer
"""


def _evil_copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    modules = json.loads((dst / "modules.json").read_text())
    modules[0]["type"] = "modeling_evil.EvilTransformer"
    (dst / "modules.json").write_text(json.dumps(modules))
    (dst / "modeling_evil.py").write_text(EVIL)
    return dst


def test_plain_folders_bring_no_code(tiny_model_dir: Path) -> None:
    assert custom_code(tiny_model_dir) == []


def test_folder_naming_its_own_module_is_refused_before_any_import(tiny_model_dir: Path, tmp_path: Path) -> None:
    from robustir.models import load_encoder

    evil = _evil_copy(tiny_model_dir, tmp_path / "evil")
    with pytest.raises(InputError, match=r"would run its own code \(modules.json names its own module "
                                         r"'modeling_evil.EvilTransformer'\).*--trust-remote-code"):
        load_encoder(str(evil))
    assert not (evil / "RAN").exists()


def test_auto_map_in_config_is_custom_code(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(tiny_model_dir, tmp_path / "automap")
    cfg = folder / "config.json"
    if not cfg.is_file():
        cfg = next(folder.rglob("config.json"))
    data = json.loads(cfg.read_text())
    data["auto_map"] = {"AutoModel": "modeling_x.XModel"}
    cfg.write_text(json.dumps(data))
    assert any("auto_map" in r for r in custom_code(folder))


@pytest.mark.parametrize("command", [["attack", "-r", "typo"], ["perturb", "-r", "typo-adv", "-o", "p.jsonl"]])
def test_cli_refuses_with_one_line(tiny_model_dir: Path, tmp_path: Path, command: list[str]) -> None:
    import os

    from tests.bad_input_helpers import run_cli, write_beir

    evil = _evil_copy(tiny_model_dir, tmp_path / "evil")
    beir = write_beir(tmp_path / "beir")
    saved = dict(os.environ)
    try:
        res = run_cli([*command, "-m", str(evil), "-d", str(beir)], tmp_path)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert res.code == 2, res.err
    assert len(res.err_lines) == 1 and "--trust-remote-code" in res.err
    assert not (evil / "RAN").exists() and not (tmp_path / "p.jsonl").exists()
