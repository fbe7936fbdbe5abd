"""A study killed with SIGKILL mid-run completes when run again, with the results of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("robustir.recipe")

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
from robustir.study.spec import parse_study
from robustir.study.runner import run_study
from tests.study_fakes import FakeResolver
spec = parse_study({"name": "kill", "datasets": ["toy-45"], "recipes": ["typo", "typo-adv"], "seeds": [0, 1],
                    "resamples": 200, "limit": 8,
                    "models": {"xx": {"model": "slow-bow-64", "strategy": "xx"},
                               "hybrid": {"model": "slow-bow-128", "strategy": "hybrid"}}})
out = sys.argv[1]
run = run_study(spec, out, resolver=FakeResolver(delay=float(sys.argv[2])), cache_dir=out + "/cache",
                log=lambda s: None)
sys.exit(1 if run.failed else 0)
"""


def _study(out: Path, delay: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(out), str(delay)], cwd=ROOT, env=env)


def _done(out: Path) -> list[Path]:
    return sorted(out.glob("cells/**/*.json.sha256"))


def _results(out: Path) -> dict[str, dict]:
    from robustir.study.cells import comparable

    return {str(p.relative_to(out)): comparable(json.loads(p.read_text()))
            for p in sorted(out.glob("cells/**/*.json"))}


def test_sigkill_then_rerun_equals_uninterrupted(tmp_path):
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    proc = _study(killed, delay=0.15)
    deadline = time.monotonic() + 120
    while len(_done(killed)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the study finished before it could be killed; slow it down"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    n_before = len(_done(killed))
    assert 2 <= n_before < 8
    assert _study(killed, delay=0.0).wait(timeout=300) == 0
    assert _study(clean, delay=0.0).wait(timeout=300) == 0
    assert len(_done(killed)) == 8
    a, b = _results(killed), _results(clean)
    assert a.keys() == b.keys() and a == b
    assert (killed / "summary.json").read_bytes() == (clean / "summary.json").read_bytes()
    outcomes = json.loads((killed / "outcomes.json").read_text())["outcomes"]
    assert sum(o["status"] == "reused" for o in outcomes) == n_before
