"""A tiny end-to-end training run writes a loadable sentence-transformers folder with card and metadata."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from robustir.errors import InputError


def test_train_tiny_model_writes_loadable_folder(tiny_model_dir, tmp_path, shared_data):
    from sentence_transformers import SentenceTransformer

    from robustir.train.card import read_metadata
    from robustir.train.trainer import TrainConfig, train

    out = tmp_path / "hybrid"
    res = train(TrainConfig(output=out, strategy="hybrid", alpha=0.4, base=str(tiny_model_dir),
                            langs=["en", "de"], max_steps=3, batch_size=8, max_seq_length=32, seed=1,
                            save_steps=2))
    assert res.steps == 3
    meta = read_metadata(out)
    assert meta["strategy"] == "hybrid" and meta["alpha"] == 0.4 and meta["langs"] == ["en", "de"]
    assert meta["data"]["split"] == "train" and len(meta["data"]["test_articles"]) == 12
    assert not set(meta["data"]["test_articles"]) & set(meta["data"]["train_articles"])
    assert len(meta["base"]["fingerprint"]) == 64 and meta["training_seconds"] > 0
    card = (out / "README.md").read_text()
    assert "hybrid" in card and "alpha" in card and meta["base"]["fingerprint"][:16] in card
    assert not (out / "checkpoints").exists()
    model = SentenceTransformer(str(out), device="cpu")
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    base = SentenceTransformer(str(tiny_model_dir), device="cpu")
    a = model.encode(["query: what is the capital"], convert_to_numpy=True)
    b = base.encode(["query: what is the capital"], convert_to_numpy=True)
    assert abs(a - b).max() > 1e-6  # the weights moved
    with pytest.raises(InputError, match="already holds"):
        train(TrainConfig(output=out, base=str(tiny_model_dir), langs=["en", "de"], max_steps=1, batch_size=8))


def test_cli_train_and_evaluate(tiny_model_dir, tmp_path, shared_data):
    import robustir.cli.train  # noqa: F401 - registers the commands until robustir.cli imports it
    from robustir.cli import app

    runner = CliRunner()
    out = tmp_path / "xy"
    r = runner.invoke(app, ["train", "--strategy", "xy", "--base", str(tiny_model_dir), "--langs", "en,es",
                            "--max-steps", "2", "--batch-size", "4", "--max-seq-length", "24", "--train-layers", "1",
                            "--output", str(out)])
    assert r.exit_code == 0, r.output
    meta = json.loads((out / "robustir.json").read_text())
    assert meta["alpha"] == 0.0 and meta["strategy"] == "xy" and meta["train_layers"] == 1
    assert meta["frozen_parameters"]["frozen"] > meta["frozen_parameters"]["trainable"] > 0
    res = tmp_path / "res.json"
    args = ["evaluate", "--model", str(out), "--langs", "en,es", "--limit", "15", "--resamples", "200",
            "--output", str(res)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    first = res.read_bytes()
    result = json.loads(first)
    assert result["provenance"]["model"]["training"]["strategy"] == "xy"
    assert set(result["settings"]) == {"mono", "cross", "multi"}
    assert runner.invoke(app, args).exit_code == 0
    assert res.read_bytes() == first  # deterministic output
    r = runner.invoke(app, ["train", "--strategy", "zz", "--base", str(tiny_model_dir), "--output", str(out)])
    assert r.exit_code != 0


def test_time_limit_stops_training(tiny_model_dir, tmp_path, shared_data):
    from robustir.train.trainer import TrainConfig, train

    res = train(TrainConfig(output=tmp_path / "xx", strategy="xx", base=str(tiny_model_dir), langs=["en"],
                            max_steps=50, batch_size=4, max_seq_length=16, max_minutes=1e-6))
    assert res.steps == 1 and res.metadata["stopped_by_time_limit"] is True
    assert res.metadata["alpha"] == 1.0


def test_resume_from_checkpoint(tiny_model_dir, tmp_path, shared_data):
    from robustir.train.trainer import TrainConfig, train

    out = tmp_path / "h"
    cfg = dict(output=out, strategy="hybrid", base=str(tiny_model_dir), langs=["en", "de"], batch_size=4,
               max_seq_length=16, save_steps=2, seed=3)
    first = train(TrainConfig(max_steps=4, keep_checkpoints=True, **cfg))
    assert first.steps == 4 and (out / "checkpoints" / "checkpoint-4").is_dir()
    again = train(TrainConfig(max_steps=6, resume=True, **cfg))
    assert again.steps == 6 and again.metadata["resumed"] is True
    assert not (out / "checkpoints").exists()
