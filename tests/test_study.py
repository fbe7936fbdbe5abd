"""robustir study: spec validation, resume, provenance checks, corruption, failures, de-duplication, summary."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from robustir.errors import InputError
from robustir.study.cells import Cell, cell_path, comparable
from robustir.study.spec import load_study, parse_study

pytest.importorskip("robustir.recipe")

from tests.study_fakes import FakeResolver  # noqa: E402


def _spec(**over):
    data = {"name": "t", "datasets": ["toy"], "recipes": ["typo", "typo-adv"], "seeds": [0], "resamples": 200,
            "limit": 6, "models": {"xx": {"model": "bow-64", "strategy": "xx"},
                                   "xy": {"model": "bow-96", "strategy": "xy"},
                                   "hybrid": {"model": "bow-128", "strategy": "hybrid"}}}
    data.update(over)
    return parse_study(data)


def _run(spec, out: Path, **kw):
    from robustir.study.runner import run_study

    kw.setdefault("resolver", FakeResolver())
    kw.setdefault("log", lambda s: None)
    return run_study(spec, out, cache_dir=out / "cache", **kw)


def _cells(out: Path) -> dict[str, dict]:
    return {str(p.relative_to(out)): json.loads(p.read_text()) for p in sorted((out / "cells").rglob("*.json"))}


# ----------------------------------------------------------------------------- spec


def test_spec_rejects_unknown_key_with_suggestion():
    with pytest.raises(InputError, match="unknown key 'recipies'.*did you mean 'recipes'"):
        parse_study({"name": "t", "datasets": ["toy"], "recipies": ["typo"], "models": {"a": {"model": "x"}}})


def test_spec_model_needs_exactly_one_source():
    with pytest.raises(InputError, match=r"\[models.a\] needs exactly one of"):
        parse_study({"name": "t", "datasets": ["d"], "recipes": ["r"], "models": {"a": {"strategy": "xx"}}})
    with pytest.raises(InputError, match="train.strategy"):
        parse_study({"name": "t", "datasets": ["d"], "recipes": ["r"],
                     "models": {"a": {"train": {"strategy": "mixed"}}}})


def test_spec_quick_overrides_and_train_merge():
    data = {"name": "t", "datasets": ["a", "b"], "recipes": ["r1", "r2"], "limit": 100,
            "models": {"h": {"train": {"strategy": "hybrid", "epochs": 1}}, "x": {"model": "m", "strategy": "xx"}},
            "quick": {"datasets": ["a"], "limit": 5, "train": {"max_steps": 3}}}
    full, quick = parse_study(data), parse_study(data, quick=True)
    assert full.datasets == ("a", "b") and full.limit == 100 and full.model("h").train == {"strategy": "hybrid",
                                                                                            "epochs": 1}
    assert quick.datasets == ("a",) and quick.limit == 5 and quick.recipes == ("r1", "r2")
    assert quick.model("h").train == {"strategy": "hybrid", "epochs": 1, "max_steps": 3}
    assert full.comparisons == (("h", "x"),)  # hybrid vs xx by default


def test_spec_comparison_labels_checked():
    with pytest.raises(InputError, match="unknown key 'hybrd'.*did you mean 'hybrid'"):
        _spec(comparisons=[["hybrd", "xx"]])


def test_shipped_study_parses_both_variants():
    full = load_study("hybrid-robustness")
    quick = load_study("hybrid-robustness", quick=True)
    assert {m.strategy for m in full.models} == {"base", "xx", "xy", "hybrid"}
    assert set(full.comparisons) >= {("hybrid", "xx"), ("hybrid", "xy")}
    assert len(quick.recipes) < len(full.recipes) and quick.limit is not None
    from robustir.recipe import load_recipe
    from robustir.study.spec import transfer_parts

    for r in full.recipes:  # every recipe of the study is a shipped one (R@LABEL: recipe R crafted against LABEL)
        load_recipe(transfer_parts(r)[0])


# ----------------------------------------------------------------------------- running and resuming


def test_rerun_reuses_every_cell_and_changes_nothing(tmp_path):
    spec = _spec()
    first = _run(spec, tmp_path)
    assert {o.status for o in first.outcomes} == {"computed"} and len(first.outcomes) == 6
    before = {p: (tmp_path / p).read_bytes() for p in _cells(tmp_path)}
    second = _run(spec, tmp_path)
    assert {o.status for o in second.outcomes} == {"reused"}
    assert {p: (tmp_path / p).read_bytes() for p in _cells(tmp_path)} == before
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["cells"] == {"expected": 6, "present": 6, "excluded": 0, "missing": []}
    assert "<table>" in (tmp_path / "summary.html").read_text()


def test_changed_provenance_recomputes_only_affected_cells(tmp_path):
    _run(_spec(), tmp_path)
    again = _run(_spec(limit=5), tmp_path)
    assert {o.status for o in again.outcomes} == {"computed"}
    assert any("changed since it was computed: dataset.checksum" in n for o in again.outcomes for n in o.notes)
    third = _run(_spec(limit=5, recipes=["typo", "typo-adv"]), tmp_path)
    assert {o.status for o in third.outcomes} == {"reused"}


def test_corrupt_cell_is_detected_and_recomputed(tmp_path):
    spec = _spec()
    _run(spec, tmp_path)
    path = cell_path(tmp_path, Cell("xy", "toy", "typo", 0))
    good = path.read_bytes()
    path.write_bytes(good.replace(b'"nDCG@10"', b'"nDCG@11"', 1))
    again = _run(spec, tmp_path)
    notes = [n for o in again.outcomes for n in o.notes]
    assert any("does not match its checksum; recomputing" in n for n in notes), notes
    status = {o.cell: o.status for o in again.outcomes}
    assert status[Cell("xy", "toy", "typo", 0)] == "computed"
    assert sum(s == "computed" for s in status.values()) == 1
    assert comparable(json.loads(path.read_bytes())) == comparable(json.loads(good))


def test_result_file_without_checksum_is_not_trusted(tmp_path):
    spec = _spec()
    _run(spec, tmp_path)
    path = cell_path(tmp_path, Cell("xx", "toy", "typo-adv", 0))
    path.with_name(path.name + ".sha256").unlink()
    again = _run(spec, tmp_path)
    assert any("no checksum file" in n for o in again.outcomes for n in o.notes)
    assert [o.cell for o in again.outcomes if o.status == "computed"] == [Cell("xx", "toy", "typo-adv", 0)]


def test_failing_model_and_recipe_keep_the_other_cells(tmp_path):
    spec = _spec(recipes=["typo", "crash"], models={"xx": {"model": "bow-64", "strategy": "xx"},
                                                    "bad": {"model": "broken"}})
    run = _run(spec, tmp_path)
    failed = {o.cell: o.message for o in run.failed}
    assert set(failed) == {Cell("bad", "toy", "typo", 0), Cell("bad", "toy", "crash", 0),
                           Cell("xx", "toy", "crash", 0)}
    assert "model bad failed to load: broken is not a model directory" in failed[Cell("bad", "toy", "typo", 0)]
    assert "recipe exploded" in failed[Cell("xx", "toy", "crash", 0)]
    assert cell_path(tmp_path, Cell("xx", "toy", "typo", 0)).exists()
    assert run.summary["cells"]["present"] == 1


def test_missing_optional_dataset_is_skipped_with_a_note(tmp_path):
    run = _run(_spec(optional_datasets=["missing"], recipes=["typo"]), tmp_path)
    assert not run.failed and any("dataset missing skipped" in n for n in run.notes)
    assert run.summary["datasets"] == ["toy"] and run.summary["cells"]["missing"] == []


def test_unwritable_output_folder_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="is not writable.*--out"):
        _run(_spec(), blocker / "out")


def test_disk_full_stops_the_study_and_keeps_written_cells(tmp_path, monkeypatch):
    import robustir.study.cells as cells

    real = cells.atomic_write_bytes
    calls = {"n": 0}

    def flaky(path, data):
        calls["n"] += 1
        if calls["n"] > 1:  # the second cell's result file: disk full from here on
            raise InputError(f"cannot write {path}: No space left on device") from OSError(errno.ENOSPC, "full")
        return real(path, data)

    monkeypatch.setattr(cells, "atomic_write_bytes", flaky)
    run = _run(_spec(), tmp_path, summarize=False)
    status = [o.status for o in run.outcomes]
    assert status[0] == "computed" and status[1] == "failed" and set(status[2:]) == {"not run"}
    assert "No space left" in run.outcomes[1].message
    monkeypatch.setattr(cells, "atomic_write_bytes", real)
    resumed = _run(_spec(), tmp_path)
    assert [o.status for o in resumed.outcomes] == ["reused"] + ["computed"] * 5


def test_each_text_encoded_once_per_model_and_dataset(tmp_path, monkeypatch):
    from tests.fakes import BagOfWordsEncoder

    seen: list[BagOfWordsEncoder] = []

    class Recording(FakeResolver):
        def encoder(self, source, max_seq_length=None):
            enc = super().encoder(source, max_seq_length)
            seen.append(enc)
            return enc

    spec = _spec(seeds=[0, 1], models={"xx": {"model": "bow-64", "strategy": "xx"}}, limit=None)
    _run(spec, tmp_path, resolver=Recording())
    (enc,) = seen
    assert enc.texts_seen, "nothing was encoded"
    assert len(enc.texts_seen) == len(set(enc.texts_seen))  # corpus once, every distinct query text once
    seen.clear()
    _run(spec, tmp_path, resolver=Recording())
    assert seen[0].texts_seen == []  # everything reused: nothing encoded at all


def test_summary_compares_strategies_with_holm(tmp_path):
    run = _run(_spec(seeds=[0, 1]), tmp_path)
    comps = run.summary["comparisons"]
    pairs = {(c["a"], c["b"]) for c in comps}
    assert pairs == {("hybrid", "xx"), ("hybrid", "xy")}
    for measure in ("nDCG@10", "RR@10"):
        fam = [c for c in comps if c["measure"] == measure and c["p_value"] is not None]
        assert len(fam) == 4  # 2 recipes x 2 pairs
        for c in fam:
            assert c["p_holm"] >= c["p_value"] - 1e-12
            assert c["difference"]["mean"] == pytest.approx(c["stat_a"]["mean"] - c["stat_b"]["mean"])
    random_typo = [c for c in comps if c["recipe"] == "typo"]
    adversarial = [c for c in comps if c["recipe"] == "typo-adv"]
    assert all(c["same_texts"] for c in random_typo)  # random recipe: identical perturbed queries
    assert all(c["model_aware"] for c in adversarial)
    rows = [r for r in run.summary["degradation"] if r["seeds"] == 2]
    assert rows and all(r["samples"] == 4 for r in rows)  # 2 samples x 2 seeds pooled


# ----------------------------------------------------------------------------- command line


def test_cli_bad_study_file_is_one_line_exit_2(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "s.toml"
    bad.write_text('name = "x"\ndatasets = ["boolq"]\nrecipes = ["typo"]\nseed = [0]\n[models.a]\nmodel = "m"\n')
    code = (
        "import sys, robustir.cli.study; from robustir.cli import main; sys.argv = ['robustir'] + sys.argv[1:]; main()"
    )
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code, "study", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=root, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "robustir: error: unknown key 'seed' in study (did you mean 'seeds'?)"


def test_corrupt_corpus_cache_is_reported_and_recomputed(tmp_path):
    spec = _spec(recipes=["typo"], models={"xx": {"model": "bow-64", "strategy": "xx"}})
    _run(spec, tmp_path)
    path = cell_path(tmp_path, Cell("xx", "toy", "typo", 0))
    good = comparable(json.loads(path.read_text()))
    (npy,) = (tmp_path / "cache").glob("*.npy")
    blob = bytearray(npy.read_bytes())
    blob[-8:] = b"\x00" * 8
    npy.write_bytes(bytes(blob))
    path.unlink()
    again = _run(spec, tmp_path)
    assert [o.status for o in again.outcomes] == ["computed"]
    assert any("corrupt; recomputing" in n for n in again.outcomes[0].notes)
    assert comparable(json.loads(path.read_text())) == good


def test_misspelt_training_key_fails_before_any_work(tmp_path):
    pytest.importorskip("robustir.train.trainer")
    spec = parse_study({"name": "t", "datasets": ["toy"], "recipes": ["typo"],
                        "models": {"h": {"train": {"strategy": "hybrid", "max_step": 3}}}})
    with pytest.raises(InputError, match=r"unknown training key 'max_step' in \[models.h\] train.*'max_steps'"):
        _run(spec, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_evaluate_with_a_shared_retriever_equals_a_fresh_one(tmp_path):
    from robustir.evaluation import evaluate
    from robustir.retrieval import Retriever
    from tests.fakes import BagOfWordsEncoder, toy_benchmark
    from tests.study_fakes import make_recipe

    enc, bench = BagOfWordsEncoder(dim=64), toy_benchmark()
    kw = dict(samples=2, seed=3, limit=5, bootstrap_resamples=200, cache_dir=tmp_path)
    fresh = [evaluate(enc, bench, make_recipe(r), **kw).data for r in ("typo", "typo-adv")]
    shared = Retriever(enc, bench, cache_dir=tmp_path)
    reused = [evaluate(enc, bench, make_recipe(r), retriever=shared, **kw).data for r in ("typo", "typo-adv")]
    assert [comparable(d) for d in reused] == [comparable(d) for d in fresh]
    assert reused[1]["cost"]["texts_encoded"] < fresh[1]["cost"]["texts_encoded"]  # clean queries not re-encoded
    with pytest.raises(InputError, match="another model or corpus"):
        evaluate(BagOfWordsEncoder(dim=32), bench, make_recipe("typo"), retriever=shared, **kw)


@pytest.mark.slow
def test_process_pool_writes_the_cells_of_a_sequential_run(tmp_path):
    """--jobs 2: groups in two spawned workers; same cells, same failures, same summary."""
    spec = _spec(datasets=["toy", "toy-60"], recipes=["typo", "typo-adv", "crash"],
                 models={"xx": {"model": "bow-64", "strategy": "xx"},
                         "hybrid": {"model": "bow-128", "strategy": "hybrid"}, "bad": {"model": "broken"}})
    a = _run(spec, tmp_path / "seq")
    lines: list[str] = []
    b = _run(spec, tmp_path / "pool", jobs=2, log=lines.append)
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 18 and progress[-1].startswith("[18/18]")  # every cell reported once, as it ends
    assert sorted(line.split("] ", 1)[1].split(" (")[0].split(":")[0] for line in progress) == sorted(
        f"{o.status} {o.cell.key}" for o in a.outcomes)
    assert [(o.cell, o.status, o.message) for o in a.outcomes] == [(o.cell, o.status, o.message) for o in b.outcomes]
    assert {o.status for o in b.outcomes} == {"computed", "failed"}
    ca = {k: comparable(v) for k, v in _cells(tmp_path / "seq").items()}
    cb = {k: comparable(v) for k, v in _cells(tmp_path / "pool").items()}
    assert len(ca) == 8 and ca == cb
    assert (tmp_path / "seq" / "summary.json").read_bytes() == (tmp_path / "pool" / "summary.json").read_bytes()


@pytest.mark.slow
def test_a_dying_worker_keeps_the_cells_it_finished(tmp_path):
    spec = _spec(datasets=["toy", "toy-60"], recipes=["typo", "die", "typo-adv"],
                 models={"xx": {"model": "bow-64", "strategy": "xx"}})
    run = _run(spec, tmp_path, jobs=2, summarize=False)
    cells = [o.cell for o in run.outcomes]
    assert sorted(cells, key=str) == sorted({c for c in cells}, key=str) and len(cells) == 6
    for o in run.outcomes:
        written = cell_path(tmp_path, o.cell).exists()
        assert (o.status == "computed") == written, (o.cell, o.status)
        if o.cell.recipe == "die":
            assert o.status == "failed" and "worker process failed" in o.message
    assert any(o.status == "computed" for o in run.outcomes)


def test_jobs_must_be_positive_and_local(tmp_path):
    from robustir.study.executors import make_executor

    with pytest.raises(InputError, match="--jobs must be >= 1"):
        make_executor("local", jobs=0)
    with pytest.raises(InputError, match="--jobs is for --executor local"):
        make_executor("ray", jobs=4)


def test_excluded_cells_are_not_run_nor_missing(tmp_path):
    spec = _spec(datasets=["toy", "toy-60"], exclude=[{"datasets": ["toy-60"], "recipes": ["typo-adv"],
                                                       "reason": "not for this dataset"}])
    run = _run(spec, tmp_path)
    assert not run.failed
    ran = {(o.cell.dataset, o.cell.recipe) for o in run.outcomes}
    assert ran == {("toy", "typo"), ("toy", "typo-adv"), ("toy-60", "typo")}
    assert not cell_path(tmp_path, Cell("xx", "toy-60", "typo-adv", 0)).exists()
    cells = run.summary["cells"]
    assert (cells["expected"], cells["present"], cells["excluded"], cells["missing"]) == (9, 9, 3, [])
    assert spec.excluded("xy", "toy-60", "typo-adv") == "not for this dataset"
    assert spec.excluded("xy", "toy-60", "typo") is None


def test_exclude_names_are_checked():
    with pytest.raises(InputError, match=r"unknown key 'typo-av' in exclude\[0\].recipes.*did you mean 'typo-adv'"):
        _spec(exclude=[{"recipes": ["typo-av"]}])
    with pytest.raises(InputError, match="names no datasets, recipes or models"):
        _spec(exclude=[{"reason": "everything"}])
    with pytest.raises(InputError, match="unknown key 'dataset'.*did you mean 'datasets'"):
        _spec(exclude=[{"dataset": ["toy"]}])


def _thread_settings() -> tuple:
    import torch

    return os.environ.get("OMP_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS"), torch.get_num_threads()


@pytest.mark.slow
def test_pool_workers_get_their_share_of_threads():
    from robustir.study.executors import WorkerPool

    before = os.environ.get("OMP_NUM_THREADS")
    with WorkerPool(2, 3) as pool:
        got = pool.submit(_thread_settings).result()
    assert got == ("3", "3", 3)
    assert os.environ.get("OMP_NUM_THREADS") == before  # the parent's environment is restored


def test_cells_run_dataset_major_so_a_partial_study_has_whole_datasets(tmp_path):
    # every model on the first dataset before any model on the next: a study stopped part-way
    # (or run in parts) has complete strategy comparisons for the datasets it finished
    spec = _spec(datasets=["toy", "toy-2"], recipes=["typo"])
    run = _run(spec, tmp_path)
    order = [(o.cell.dataset, o.cell.model) for o in run.outcomes]
    assert order == [("toy", "xx"), ("toy", "xy"), ("toy", "hybrid"),
                     ("toy-2", "xx"), ("toy-2", "xy"), ("toy-2", "hybrid")]


def test_cell_notes_keep_real_warnings_but_not_libraries_deprecation_notices():
    import warnings

    from robustir.quiet import record_warnings
    from robustir.study.work import _notes

    with record_warnings() as caught:
        warnings.warn_explicit("Importing 'parser.split_arg_string' is deprecated", DeprecationWarning,
                               "/venv/site-packages/weasel/util.py", 1, module="weasel.util")
        warnings.warn_explicit("some model card field is deprecated", FutureWarning,
                               "/venv/site-packages/transformers/x.py", 1, module="transformers.x")
        warnings.warn_explicit("our own deprecation", DeprecationWarning, "/repo/robustir/evaluation.py", 1,
                               module="robustir.evaluation")
        warnings.warn_explicit("an attack's deprecation", FutureWarning, "/repo/attacks/typo.py", 1,
                               module="robustir.attacks.typo")
        warnings.warn_explicit("a real problem", UserWarning, "/venv/site-packages/nltk/wordnet.py", 1,
                               module="nltk.corpus.reader.wordnet")
        warnings.warn_explicit("a real problem", UserWarning, "/venv/site-packages/nltk/wordnet.py", 1,
                               module="nltk.corpus.reader.wordnet")  # every occurrence, not once
    assert _notes(caught) == ["our own deprecation", "an attack's deprecation", "a real problem", "a real problem"]
    # the filters are restored: outside, a library's deprecation notice is the interpreter's business again
    with warnings.catch_warnings(record=True) as outside:
        warnings.simplefilter("always")
        warnings.warn_explicit("x is deprecated", DeprecationWarning, "w.py", 1, module="weasel.util")
    assert len(outside) == 1
