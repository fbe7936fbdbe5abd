"""robustir study with training seeds: one model per seed, seed-aware primary comparisons, TOST, the verdict,
and the bad input that must stop a study before any training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from robustir.errors import InputError
from robustir.study.spec import parse_study

pytest.importorskip("robustir.recipe")

from tests.study_fakes import FakeResolver  # noqa: E402

_DIMS = {"xx": 64, "xy": 96, "hybrid": 128}


def _data(**over):
    data = {"name": "t", "datasets": ["toy", "toy-20"], "recipes": ["typo", "typo-adv"], "seeds": [0],
            "resamples": 200, "train_seeds": 3,
            "models": {"base": {"model": "bow-48", "strategy": "base"},
                       **{s: {"train": {"strategy": s, "base": "me5-small"}} for s in ("xx", "xy", "hybrid")}}}
    data.update(over)
    return data


@pytest.fixture
def fake_training(monkeypatch):
    """Training replaced by a bag-of-words model whose size depends on strategy and seed (training noise)."""
    trained: list[str] = []

    def train_model(model, out_dir, *, log=print, label=None):
        trained.append(label)
        return Path(f"bow-{_DIMS[model.train['strategy']] + 8 * model.train['seed']}")

    monkeypatch.setattr("robustir.study.runner.train_model", train_model)
    return trained


def _run(spec, out: Path, **kw):
    from robustir.study.runner import run_study

    kw.setdefault("resolver", FakeResolver())
    return run_study(spec, out, cache_dir=out / "cache", log=lambda s: None, **kw)


def test_each_trained_model_runs_once_per_training_seed(tmp_path, fake_training):
    spec = parse_study(_data())
    assert [r.label for r in spec.runs_of("hybrid")] == ["hybrid.seed0", "hybrid.seed1", "hybrid.seed2"]
    assert [r.label for r in spec.runs_of("base")] == ["base"]  # untrained: no training noise, one run
    assert spec.runs_of("xy")[2].spec.train["seed"] == 2
    run = _run(spec, tmp_path)
    assert sorted(fake_training) == sorted(r.label for r in spec.runs if r.train_seed is not None)
    assert (tmp_path / "cells" / "hybrid.seed1" / "toy" / "typo" / "seed-0.json").is_file()
    assert not run.failed and run.summary["cells"]["missing"] == []
    study = json.loads((tmp_path / "study.json").read_text())
    assert study["train_seeds"] == [0, 1, 2] and len(study["runs"]) == 10


def test_primary_table_has_one_row_per_declared_comparison_with_seed_aware_statistics(tmp_path, fake_training):
    from robustir.study.summary import VERDICTS, verdict

    spec = parse_study(_data())
    summary = _run(spec, tmp_path).summary
    pr = summary["primary"]
    # default family: hybrid vs X-X and hybrid vs X-Y, one attack family per recipe, datasets pooled
    assert [(r["a"], r["b"], r["family"]) for r in pr["rows"]] == [
        ("hybrid", "xx", "typo"), ("hybrid", "xy", "typo"), ("hybrid", "xx", "typo-adv"), ("hybrid", "xy", "typo-adv")]
    for r in pr["rows"]:
        assert r["n_seeds"] == {"a": 3, "b": 3} and r["datasets_used"] == ["toy", "toy-20"]
        assert r["p_holm"] >= r["p_value"] - 1e-12 and r["tost"]["margin"] == 0.01
        assert r["difference"]["low"] <= r["difference"]["mean"] <= r["difference"]["high"]
        assert r["verdict"] in VERDICTS and r["verdict"] == verdict(spec.primary, r["difference"], r["p_holm"],
                                                                    r["tost"])
        assert len(r["per_seed"]["a"]) == 3
    assert set(pr["overall"]) == {"hybrid vs xx", "hybrid vs xy"} and pr["headline"] and "Holm" in pr["rule"]
    assert {b["datasets"] for b in pr["by_dataset"]} == {"toy", "toy-20"}  # exploratory breakdown
    trained = [r for r in summary["degradation"] if r["model"] == "hybrid"]
    assert trained and all(r["n_seeds"] == 3 and len(r["per_seed"]["degradation"]) == 3 for r in trained)
    assert all(c["exploratory"] for c in summary["comparisons"])
    html = (tmp_path / "summary.html").read_text()
    assert "Verdict" in html and "Primary comparisons" in html and html.count("data:image/png;base64,") >= 3
    json.dumps(summary, allow_nan=False)


def test_verdict_rule_follows_the_declared_order():
    from robustir.study.spec import Primary
    from robustir.study.summary import verdict

    diff_first = Primary(comparisons=(("h", "x"),), families=(("t", ("t",)),), datasets=("d",))
    eq_first = Primary(comparisons=(("h", "x"),), families=(("t", ("t",)),), datasets=("d",),
                       verdict="equivalence-first")
    small = {"mean": -0.004, "low": -0.006, "high": -0.002}
    tost = {"equivalent": True}
    assert verdict(diff_first, small, 0.01, tost) == "more robust"
    assert verdict(eq_first, small, 0.01, tost) == "equivalent"
    assert verdict(diff_first, {"mean": 0.03}, 0.001, {"equivalent": False}) == "less robust"
    assert verdict(diff_first, {"mean": 0.0}, 0.5, {"equivalent": True}) == "equivalent"
    assert verdict(diff_first, {"mean": -0.02}, 0.2, {"equivalent": False}) == "inconclusive"


def test_alpha_sweep_adds_exploratory_hybrid_models():
    spec = parse_study(_data(alpha_sweep={"alphas": [0, 0.25, 1], "model": "hybrid"}))
    sweep = [m for m in spec.models if m.label.startswith("alpha-")]
    assert [(m.label, m.train["alpha"]) for m in sweep] == [("alpha-000", 0.0), ("alpha-025", 0.25), ("alpha-100", 1.0)]
    assert all(m.train["strategy"] == "hybrid" for m in sweep)
    assert all(m.label.startswith("hybrid") or m.label in ("xx", "xy") for p in spec.primary.comparisons for m in
               (spec.model(p[0]), spec.model(p[1])))


def test_early_stopping_table_reaches_every_train_spec():
    spec = parse_study(_data(early_stopping={"patience": 2, "eval_steps": 5, "dev_limit": 30}))
    for m in spec.models:
        if m.trained:
            assert m.train["early_stopping_patience"] == 2 and m.train["eval_steps"] == 5 and m.train["dev_limit"] == 30


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("over,match", [
    ({"primary": {"comparisons": [["hybird", "xx"]]}}, r"unknown key 'hybird' in \[primary\].comparisons.*'hybrid'"),
    ({"primary": {"datasets": ["toy", "boolk"]}}, r"unknown key 'boolk' in \[primary\].datasets"),
    ({"primary": {"families": {"t": ["typoo"]}}}, r"unknown key 'typoo' in \[primary\].families.t.*'typo'"),
    ({"primary": {"margin": 0}}, r"margin must be a number > 0"),
    ({"primary": {"margin": -0.01}}, r"margin must be a number > 0"),
    ({"primary": {"statistic": "t-test"}}, r"statistic must be"),
    ({"primary": {"measure": "MAP"}}, r"unknown key 'MAP' in \[primary\].measure"),
    ({"train_seeds": 1}, r"seed-aware and needs at least 2 training seeds of 'hybrid'"),
    ({"train_seeds": [4]}, r"at least 2 training seeds"),
    ({"alpha_sweep": {"alphas": [0.5, 2]}}, r"alphas must be"),
    ({"models": {"x": {"train": {"strategy": "xx", "seed": 1}}}}, r"train.seed is set by the study's train_seeds"),
])
def test_bad_primary_family_is_a_one_line_error(over, match):
    with pytest.raises(InputError, match=match):
        parse_study(_data(**over))


def test_unloadable_primary_recipe_fails_before_any_training(tmp_path, fake_training):
    class NoRecipe(FakeResolver):
        def recipe(self, name):
            if name == "typo-adv":
                raise InputError("unknown recipe 'typo-adv'")
            return super().recipe(name)

    with pytest.raises(InputError, match=r"\[primary\]: recipe 'typo-adv' cannot be used"):
        _run(parse_study(_data()), tmp_path, resolver=NoRecipe())
    assert fake_training == [] and not (tmp_path / "study.json").exists()


@pytest.mark.parametrize("extra,message", [
    ("train_seeds = 1\n", "robustir: error: study: the primary statistic 'mixed' is seed-aware and needs at least 2 "
                          "training seeds of 'h'; train_seeds gives 1"),
    ("[primary]\nmargin = 0\n", "robustir: error: [primary]: margin must be a number > 0 (in nDCG@10 units), got 0"),
    ("[primary]\ncomparisons = [[\"h\", \"xz\"]]\n",
     "robustir: error: unknown key 'xz' in [primary].comparisons (the study's models and strategies) "
     "(did you mean 'x'?)"),
])
def test_cli_bad_primary_is_one_line_exit_2_before_training(tmp_path, extra, message):
    bad = tmp_path / "s.toml"
    bad.write_text('name = "x"\ndatasets = ["xquad-r"]\nrecipes = ["typo"]\n' + extra.split("[primary]")[0]
                   + '[models.h]\ntrain = { strategy = "hybrid" }\n[models.x]\ntrain = { strategy = "xx" }\n'
                   + ("[primary]" + extra.split("[primary]")[1] if "[primary]" in extra else ""))
    code = (
        "import sys, robustir.cli.study; from robustir.cli import main; sys.argv = ['robustir'] + sys.argv[1:]; main()"
    )
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code, "study", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=root, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == message
    assert not (tmp_path / "o").exists()


def test_shipped_study_declares_seeds_primary_family_and_early_stopping():
    from robustir.study.spec import load_study

    for quick in (False, True):
        spec = load_study("hybrid-robustness", quick=quick)
        assert spec.train_seeds == (0, 1, 2)
        pr = spec.primary
        assert pr.comparisons == (("hybrid", "xx"), ("hybrid", "xy")) and pr.margin == 0.01
        assert pr.measure == "nDCG@10" and pr.statistic == "mixed" and pr.pool == "datasets"
        assert all(r in spec.recipes for _, rs in pr.families for r in rs)
        assert not any(r.endswith("-adv") for _, rs in pr.families for r in rs)  # per-model attacks: exploratory
        for m in spec.models:
            if m.trained:
                assert m.train["eval_steps"] >= 1 and m.train["early_stopping_patience"] >= 1
        assert len([r for r in spec.runs if r.train_seed is not None]) == 9
