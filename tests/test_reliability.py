"""Issue 14: files, names, locks and resume behave as the README's Security section says."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from robustir.errors import InputError
from robustir.io import atomic_write_text, check_output_path, check_writable_dir, safe_filename
from tests.fakes import BagOfWordsEncoder, toy_benchmark


def test_atomic_files_get_the_users_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        p = atomic_write_text(tmp_path / "a.json", "{}")
        assert stat.S_IMODE(p.stat().st_mode) == 0o644
        os.umask(0o077)
        q = atomic_write_text(tmp_path / "b.json", "{}")
        assert stat.S_IMODE(q.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_write_test_never_follows_a_planted_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / f".robustir-write-test-{os.getpid()}").symlink_to(victim)
    with pytest.raises(InputError, match="stale .robustir-write-test"):
        check_writable_dir(out)
    assert victim.read_text() == "keep me"
    (out / f".robustir-write-test-{os.getpid()}").unlink()
    check_writable_dir(out)
    assert sorted(p.name for p in out.iterdir()) == []


@pytest.mark.parametrize("name, expected", [("../../x", "_.._x"), ("typo", "typo"), ("a b/c", "a_b_c"),
                                            ("..", "_"), (".hidden", "hidden"), ("x\x00y", "x_y")])
def test_safe_filename_never_leaves_the_folder(name: str, expected: str) -> None:
    assert safe_filename(name) == expected
    assert "/" not in safe_filename(name) and not safe_filename(name).startswith(".")


def test_recipe_named_with_dots_writes_run_files_inside_runs(tmp_path: Path, monkeypatch) -> None:
    import robustir
    from robustir.recipe import load_recipe

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    src = Path(robustir.__file__).parents[1] / "recipes" / "typo.toml"
    text = src.read_text().replace('name = "typo"', 'name = "../../x"', 1)
    assert 'name = "../../x"' in text
    (tmp_path / "r.toml").write_text(text)
    runs = tmp_path / "a" / "b" / "runs"
    robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), load_recipe(str(tmp_path / "r.toml")), samples=1,
                      bootstrap_resamples=100, runs_dir=runs)
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*.run")}
    assert written and all(str(p).startswith("a/b/runs/") for p in written), written


def test_check_output_path_creates_nothing(tmp_path: Path) -> None:
    check_output_path(tmp_path / "new" / "deeper" / "r.json")
    assert not (tmp_path / "new").exists()
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        check_output_path(tmp_path / "dir.json")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        check_output_path(tmp_path / "file" / "r.json")


def test_csv_cells_cannot_be_formulas() -> None:
    from robustir.report.csv import _text

    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert _text(bad) == "'" + bad
    assert _text("boolq") == "boolq"


def test_markdown_escapes_html_in_names(tmp_path: Path, monkeypatch) -> None:
    import robustir
    from robustir.report.markdown import to_markdown

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    bench = toy_benchmark()
    bench.name = "<script>alert(1)</script>"
    data = robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=1, bootstrap_resamples=100).data
    md = to_markdown([data])
    assert "<script>" not in md and "&lt;script&gt;" in md
    import csv
    import io

    from robustir.report.csv import to_csv

    data["provenance"]["model"]["name"] = "=HYPERLINK(\"x\")"
    cells = [c for row in csv.reader(io.StringIO(to_csv([data]))) for c in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


def test_local_ray_is_bound_to_the_loopback(monkeypatch) -> None:
    seen = {}
    fake = types.SimpleNamespace(is_initialized=lambda: False, init=lambda **kw: seen.update(kw))
    monkeypatch.setitem(sys.modules, "ray", fake)
    from robustir.study.executors import RayExecutor

    RayExecutor()._connect()
    assert seen["_node_ip_address"] == "127.0.0.1" and seen["include_dashboard"] is False
    seen.clear()
    RayExecutor(address="head:6379")._connect()
    assert "_node_ip_address" not in seen  # a cluster's own settings are its own


class _SlowCounting(BagOfWordsEncoder):
    passages = 0
    lock = threading.Lock()

    def encode_passages(self, texts, batch_size: int = 64, show_progress: bool = False):
        with _SlowCounting.lock:
            _SlowCounting.passages += len(texts)
        time.sleep(0.3)
        return self._encode(texts)


def test_second_process_waits_for_the_corpus_and_reads_the_cache(tmp_path: Path) -> None:
    from robustir.retrieval import corpus_embeddings

    bench = toy_benchmark()
    out = []
    threads = [threading.Thread(target=lambda: out.append(corpus_embeddings(_SlowCounting(), bench,
                                                                            cache_dir=tmp_path)))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _SlowCounting.passages == len(bench.corpus)  # encoded once, not once per caller
    assert (out[0] == out[1]).all()


def test_resumed_cells_are_byte_identical_to_fresh_ones(tmp_path: Path) -> None:
    from robustir.study.runner import run_study
    from robustir.study.spec import parse_study
    from tests.study_fakes import FakeResolver

    def spec(recipes):
        return parse_study({"name": "t", "datasets": ["toy"], "recipes": recipes, "seeds": [0], "resamples": 100,
                            "limit": 6, "models": {"m": {"model": "bow-64", "strategy": "xx"}}})

    def go(s, out):
        return run_study(s, out, resolver=FakeResolver(), cache_dir=out / "cache", log=lambda x: None)

    go(spec(["typo", "typo-adv"]), tmp_path / "fresh")
    go(spec(["typo"]), tmp_path / "resumed")  # interrupted after its first cell
    again = go(spec(["typo", "typo-adv"]), tmp_path / "resumed")
    assert [o.status for o in again.outcomes] == ["reused", "computed"]

    def cells(out):
        return {p.relative_to(out): p.read_bytes() for p in sorted((out / "cells").rglob("*.json*"))}

    assert cells(tmp_path / "fresh") == cells(tmp_path / "resumed")
    outcomes = json.loads((tmp_path / "resumed" / "outcomes.json").read_text())["outcomes"]
    assert outcomes[1]["texts_encoded"] > 0  # the cost is reported, in the outcomes, not the cell


def test_lone_surrogate_in_a_query_is_one_clear_error(tmp_path: Path, monkeypatch) -> None:
    import robustir

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    import dataclasses

    bench = toy_benchmark()
    bench.queries[1] = dataclasses.replace(bench.queries[1], text="what \ud800 is")
    with pytest.raises(InputError, match="query 'q3' holds an invalid character.*lone surrogate"):
        robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=1, bootstrap_resamples=100)


def test_trusted_model_is_recorded_in_provenance(tmp_path: Path, monkeypatch) -> None:
    import robustir

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    enc = BagOfWordsEncoder()
    enc.trust_remote_code = True  # what load_encoder sets on a trusted folder that brings code
    data = robustir.evaluate(enc, toy_benchmark(), "typo", samples=1, bootstrap_resamples=100).data
    assert data["provenance"]["model"]["trust_remote_code"] is True
    plain = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=1, bootstrap_resamples=100).data
    assert "trust_remote_code" not in plain["provenance"]["model"]
