"""Training for a study: early stopping on the XQuAD-R dev split, its recorded curve, best weights kept."""

from __future__ import annotations

import pytest

from robustir.errors import InputError


def test_early_stopping_records_the_dev_curve_and_keeps_the_best_weights(tiny_model_dir, tmp_path, shared_data):
    from robustir.models import load_encoder
    from robustir.train.card import read_metadata
    from robustir.train.trainer import TrainConfig, _dev_metric, _restrict_pool, train
    from robustir.xeval import build_eval_data

    out = tmp_path / "h"
    # a large learning rate moves the tiny model's dev score every evaluation
    res = train(TrainConfig(output=out, strategy="hybrid", base=str(tiny_model_dir), langs=["en", "de"], epochs=3,
                            max_steps=12, batch_size=8, max_seq_length=32, seed=1, save_steps=100, lr=5e-3,
                            eval_steps=2, early_stopping_patience=1, dev_limit=20))
    es = read_metadata(out)["early_stopping"]
    steps = [p["step"] for p in es["curve"]]
    assert steps[0] == 0 and steps == sorted(set(steps)) and steps[-1] == res.steps <= 12
    assert all(s % 2 == 0 for s in steps[:-1])
    assert es["dev_langs"] == ["en", "de"] and es["dev_questions"] == 20
    assert "dev" in es["metric"] and not set(es["dev_articles"]) & set(read_metadata(out)["data"]["test_articles"])
    best = max(p["map"] for p in es["curve"])
    assert es["best_map"] == best and es["best_step"] == next(p["step"] for p in es["curve"] if p["map"] == best)
    if es["stopped_early"]:  # stopped after `patience` evaluations without a new best
        assert es["curve"][-1]["map"] <= best and res.steps < 12
    # the saved model is the best one, not the last one
    dev = _restrict_pool(build_eval_data(None, ("en", "de"), split="dev", limit=20))
    assert es["dev_candidates"] == {lg: len(c) for lg, c in dev.candidates.items()}
    assert _dev_metric(load_encoder(str(out)), dev, 8) == pytest.approx(best, abs=2e-4)


def test_bad_early_stopping_settings_fail_before_training(tiny_model_dir, tmp_path, shared_data):
    from robustir.train.trainer import TrainConfig, train

    with pytest.raises(InputError, match="eval_steps"):
        train(TrainConfig(output=tmp_path / "x", base=str(tiny_model_dir), langs=["en", "de"], max_steps=2,
                          batch_size=8, eval_steps=0))


def test_dev_limit_pool_keeps_each_answer_and_only_its_articles(shared_data):
    from robustir.train.trainer import _restrict_pool
    from robustir.xeval import build_eval_data

    full = build_eval_data(None, ("en", "de"), split="dev", limit=10)
    cut = _restrict_pool(full)
    for lg in ("en", "de"):
        assert len(cut.candidates[lg]) < len(full.candidates[lg])
        for i in range(10):  # every question still points at its own answer sentence
            assert cut.candidates[lg][cut.answers[lg][i]] == full.candidates[lg][full.answers[lg][i]]
            assert cut.candidate_ids[lg][cut.answers[lg][i]] == full.candidate_ids[lg][full.answers[lg][i]]
        articles = {c.split(":")[1] for c in cut.candidate_ids[lg]}
        assert articles == {full.candidate_ids[lg][j].split(":")[1] for j in full.answers[lg]}
