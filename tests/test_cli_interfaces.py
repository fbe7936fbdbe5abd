"""Interfaces that agree (issue 13, item 6): one spelling per option across subcommands (old spellings
still work, hidden, with a deprecation note), Python names like the commands, one default max length."""

from __future__ import annotations

import contextlib
import json
import shutil
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.bad_input_helpers import PLAIN_RECIPE, run_cli, write_beir


@pytest.fixture
def train_configs(monkeypatch):
    """Every TrainConfig `robustir train` builds, instead of training."""
    seen = []

    def fake_train(config):
        seen.append(config)
        return SimpleNamespace(metadata={"alpha": config.alpha}, steps=0, seconds=0, final_loss=0.0,
                               output=config.output)

    monkeypatch.setattr("robustir.train.trainer.train", fake_train)
    return seen


def test_train_old_spellings_map_to_model_and_dataset(train_configs, tmp_path):
    new = run_cli(["train", "--model", "m-folder", "--dataset", "xquad-r", "-o", tmp_path / "a"])
    short = run_cli(["train", "-m", "m-folder", "-d", "xquad-r", "-o", tmp_path / "b"])
    old = run_cli(["train", "--base", "m-folder", "--data", "xquad-r", "-o", tmp_path / "c"])
    assert new.code == short.code == old.code == 0, (new.err, old.err)
    assert [(c.base, c.data) for c in train_configs] == [("m-folder", "xquad-r")] * 3
    # the old spelling says it is deprecated (once the command succeeded); the new ones say nothing
    assert "--base is deprecated" in old.err and "use --model" in old.err and "--data is deprecated" in old.err
    assert "deprecated" not in new.err + short.err


def test_old_and_new_spelling_together_is_one_line_exit_2(train_configs, tmp_path):
    res = run_cli(["train", "--model", "a", "--base", "b", "-o", tmp_path / "m"])
    assert res.code == 2 and len(res.err_lines) == 1 and "--base" in res.err and "--model" in res.err
    assert not train_configs


def test_study_out_is_the_old_spelling_of_output(monkeypatch, tmp_path):
    written = []
    monkeypatch.setattr("robustir.study.spec.load_study", lambda study, quick=False: SimpleNamespace(name="s"))
    monkeypatch.setattr("robustir.study.summary.build_summary", lambda spec, out: {"out": out})
    monkeypatch.setattr("robustir.study.summary.write_summary", lambda summary, out: written.append(out))
    monkeypatch.setattr("robustir.study.summary.print_summary", lambda summary, console: None)
    for flag in ("--output", "-o", "--out"):
        res = run_cli(["study", "x.toml", "--summary-only", flag, tmp_path / flag.strip("-")])
        assert res.code == 0, res.err
        assert ("deprecated" in res.err) == (flag == "--out")
    assert written == [tmp_path / "output", tmp_path / "o", tmp_path / "out"]


def test_datasets_fetch_dest_is_the_old_spelling_of_output(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr("robustir.data.fetch_dataset",
                        lambda name, url, dest=None, force=False, verify=True: seen.append(dest) or tmp_path)
    assert run_cli(["datasets", "fetch", "fiqa", "--output", tmp_path / "a"]).code == 0
    old = run_cli(["datasets", "fetch", "fiqa", "--dest", tmp_path / "b"])
    assert old.code == 0 and "--dest is deprecated" in old.err
    assert seen == [tmp_path / "a", tmp_path / "b"]


def test_old_spellings_are_hidden_from_help(monkeypatch, capsys):
    from robustir import cli

    monkeypatch.setenv("COLUMNS", "200")
    for argv, old, new in ((["study", "--help"], "--out ", "--output"), (["train", "--help"], "--base", "--model"),
                           (["train", "--help"], "--data ", "--dataset"),
                           (["datasets", "fetch", "--help"], "--dest", "--output")):
        monkeypatch.setattr("sys.argv", ["robustir", *argv])
        with contextlib.suppress(SystemExit):
            cli.main()
        out = capsys.readouterr().out
        assert new in out and old not in out, out


def test_where_results_go_is_output_in_every_command(monkeypatch, capsys):
    from robustir import cli

    monkeypatch.setenv("COLUMNS", "200")
    for cmd in (["attack"], ["perturb"], ["evaluate"], ["study"], ["train"], ["datasets", "fetch"]):
        monkeypatch.setattr("sys.argv", ["robustir", *cmd, "--help"])
        with contextlib.suppress(SystemExit):
            cli.main()
        out = capsys.readouterr().out
        line = next((ln for ln in out.splitlines() if "--output" in ln), "")
        assert "-o" in line.replace("--output", ""), (cmd, out)


def test_python_api_is_named_like_the_commands():
    import robustir
    from robustir.evaluation import evaluate
    from robustir.xeval import evaluate_multilingual

    assert robustir.attack is evaluate
    assert robustir.evaluate_multilingual is evaluate_multilingual
    with pytest.warns(DeprecationWarning, match="robustir.attack"):
        old = robustir.evaluate
    assert old is evaluate
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert robustir.attack is evaluate  # the new name does not warn


def test_evaluate_multilingual_matches_the_cli(tiny_model_dir, shared_data, tmp_path):
    import robustir

    if not (shared_data / "xquad-r").is_dir():
        pytest.skip("XQuAD-R is not in ROBUSTIR_DATA")
    api = robustir.evaluate_multilingual(str(tiny_model_dir), "xquad-r", settings=["mono"], langs=["en", "de"],
                                         limit=3, resamples=200)
    out = tmp_path / "r.json"
    res = run_cli(["evaluate", "-m", tiny_model_dir, "-d", "xquad-r", "--setting", "mono", "--langs", "en,de",
                   "--limit", "3", "--resamples", "200", "-o", out])
    assert res.code == 0, res.err
    assert json.loads(out.read_text())["settings"] == json.loads(json.dumps(api["settings"]))


def _long_model(tiny_model_dir: Path, tmp_path: Path, own: int) -> Path:
    """The tiny model with its own limit raised to ``own`` tokens (its texts stay far shorter)."""
    path = tmp_path / f"long-{own}"
    shutil.copytree(tiny_model_dir, path)
    cfg = path / "sentence_bert_config.json"
    data = json.loads(cfg.read_text())
    data["max_seq_length"] = own
    cfg.write_text(json.dumps(data))
    return path


def test_attack_and_study_resolve_the_same_default_max_length(tiny_model_dir, tmp_path):
    from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH
    from robustir.models import load_encoder
    from robustir.study.work import DefaultResolver

    model = _long_model(tiny_model_dir, tmp_path, DEFAULT_MAX_SEQ_LENGTH + 44)
    assert load_encoder(model).max_seq_length == DEFAULT_MAX_SEQ_LENGTH + 44  # the model's own limit
    studied = DefaultResolver().encoder(str(model), None)  # a study file without max_seq_length

    (tmp_path / "plain.toml").write_text(PLAIN_RECIPE)
    out = tmp_path / "r.json"
    res = run_cli(["attack", "-r", tmp_path / "plain.toml", "-m", model, "-d", write_beir(tmp_path / "beir"),
                   "--resamples", "100", "-o", out])
    assert res.code == 0, res.err
    attacked = json.loads(out.read_text())["provenance"]["model"]
    assert attacked["max_seq_length"] == studied.max_seq_length == DEFAULT_MAX_SEQ_LENGTH
    assert attacked["fingerprint"] == studied.fingerprint  # one model, one fingerprint


def test_default_max_length_keeps_a_lower_own_limit_and_an_explicit_value(tiny_model_dir, tmp_path):
    from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH
    from robustir.study.work import DefaultResolver
    from robustir.xeval import load_model

    own = load_model(str(tiny_model_dir))
    assert own.max_seq_length == 64 < DEFAULT_MAX_SEQ_LENGTH  # lower than the default: kept
    model = _long_model(tiny_model_dir, tmp_path, 300)
    assert DefaultResolver().encoder(str(model), 280).max_seq_length == 280  # a study's explicit value wins
    assert load_model(str(model), 100).max_seq_length == 100
    assert load_model(str(model)).max_seq_length == DEFAULT_MAX_SEQ_LENGTH
