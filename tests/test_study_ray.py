"""The Ray executor (local instance, 2 CPUs) writes exactly the cells the local executor writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("robustir.recipe")
ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'robustir[ray]')")
pytest.importorskip("ray.data", reason="ray[data] is not installed")

from robustir.study.cells import comparable  # noqa: E402
from robustir.study.spec import parse_study  # noqa: E402
from tests.study_fakes import FakeResolver  # noqa: E402


def _results(out: Path) -> dict[str, dict]:
    return {str(p.relative_to(out)): comparable(json.loads(p.read_text()))
            for p in sorted(out.glob("cells/**/*.json"))}


@pytest.mark.slow
def test_ray_executor_equals_local(tmp_path, monkeypatch):
    import robustir.embeddings as embeddings
    from robustir.embeddings import CHUNK
    from robustir.study.executors import RayExecutor
    from robustir.study.runner import run_study
    monkeypatch.setattr(embeddings, "CHUNK", 16)  # several chunks: the corpus really is sharded
    assert CHUNK >= 16
    spec = parse_study({"name": "ray", "datasets": ["toy-60", "toy"], "recipes": ["typo", "typo-adv"],
                        "seeds": [0], "resamples": 200, "limit": 6,
                        "models": {"xx": {"model": "bow-64", "strategy": "xx"},
                                   "hybrid": {"model": "bow-128", "strategy": "hybrid"},
                                   "bad": {"model": "broken"}}})
    local, remote = tmp_path / "local", tmp_path / "ray"
    a = run_study(spec, local, resolver=FakeResolver(), cache_dir=local / "cache", log=lambda s: None)
    executor = RayExecutor(num_cpus=2)
    try:
        b = run_study(spec, remote, executor=executor, resolver=FakeResolver(), cache_dir=remote / "cache",
                      log=lambda s: None)
    finally:
        ray.shutdown()
    assert sorted(executor.sharded) == [(m, d) for m in ("hybrid", "xx") for d in ("toy", "toy-60")]
    assert [(o.cell, o.status) for o in a.outcomes] == [(o.cell, o.status) for o in b.outcomes]
    assert {o.status for o in b.outcomes} == {"computed", "failed"}
    ra, rb = _results(local), _results(remote)
    assert len(ra) == 8 and ra == rb
    # The corpus embeddings that Ray Data computed in shards are byte-identical to the local ones.
    ca = {p.name: p.read_bytes() for p in (local / "cache").glob("*.npy")}
    cb = {p.name: p.read_bytes() for p in (remote / "cache").glob("*.npy")}
    assert len(ca) == 4 and ca == cb
    assert (local / "summary.json").read_bytes() == (remote / "summary.json").read_bytes()
