"""bench/gpu_busy.py: its summary's arithmetic, the command's stamped output and exit status, and a time limit
that ends the command's whole process group (a study's pool workers included: section 295 lost a device call
to workers left running)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.bench_modules import BENCH_DIR, load_bench

SCRIPT = str(BENCH_DIR / "gpu_busy.py")


def test_summary_counts_every_sample_and_the_working_span():
    gpu_busy = load_bench("gpu_busy")
    # 10 s of wall, one sample a second: idle start-up, four busy seconds with an idle one between, idle tail
    busy = [0, 0, 0, 100, 100, 0, 100, 100, 0, 0]
    samples = [(float(t), float(b), 1000.0 + t) for t, b in enumerate(busy)]
    lines = gpu_busy.summarise(samples, 10.0)
    assert lines[0] == "GPU busy over the whole command: 40.0% (10 samples)"
    # the working span runs from the first to the last sample with a kernel (3..7 s), its idle second included
    assert lines[1] == "GPU busy over the working span (3.0-7.0 s of 10.0 s): 80.0% (5 samples)"
    assert lines[2] == "GPU busy per tenth of the wall (%): 0 0 0 100 100 0 100 100 0 0"
    assert lines[3] == "GPU memory used, peak: 1,009 MiB"


def test_summary_without_samples_says_so():
    assert load_bench("gpu_busy").summarise([], 3.0) == ["GPU busy: no samples (no nvidia-smi)"]


def _run(tmp_path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PATH"} | {"PATH": "/usr/bin:/bin"}  # no nvidia-smi
    return subprocess.run([sys.executable, SCRIPT, str(tmp_path / "busy"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_the_commands_lines_are_stamped_and_its_exit_status_kept(tmp_path):
    code = "import sys; print('one', flush=True); print('two', file=sys.stderr, flush=True); sys.exit(3)"
    r = _run(tmp_path, "--", sys.executable, "-c", code)
    assert r.returncode == 3
    out = r.stdout.splitlines()
    stamped = [line for line in out if line.startswith("+")]
    assert [line.split(" ", 1)[1] for line in stamped] == ["one", "two"]  # stderr too, in order
    assert all(float(line[1:line.index("s ")]) >= 0 for line in stamped)
    assert any(line.startswith("exit status 3; wall ") for line in out)
    assert (tmp_path / "busy.csv").read_text().splitlines() == ["seconds,busy_percent,memory_mib"]


def test_the_limit_ends_the_whole_process_group(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    # the command starts a grandchild that outlives it unless the whole group is ended, then waits itself
    code = ("import subprocess, sys, time; "
            f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
            f"open({str(pid_file)!r}, 'w').write(str(p.pid)); print('started', flush=True); time.sleep(120)")
    start = time.monotonic()
    r = _run(tmp_path, "--limit-s", "2", "--", sys.executable, "-c", code)
    assert r.returncode == 124  # as timeout(1)
    assert time.monotonic() - start < 60
    assert "command ended at --limit-s 2 s" in r.stdout
    assert any(line.endswith(" started") for line in r.stdout.splitlines())
    grandchild = int(pid_file.read_text())
    for _ in range(50):  # SIGTERM was sent to the group; the grandchild is gone (or a zombie of a dead parent)
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        with open(f"/proc/{grandchild}/stat") as f:
            if f.read().split(") ", 1)[1].startswith("Z"):
                break
        time.sleep(0.1)
    else:
        pytest.fail(f"the command's grandchild {grandchild} still runs")


def test_no_command_is_a_usage_error(tmp_path):
    r = _run(tmp_path, "--limit-s", "2")
    assert r.returncode == 2
    assert "no command given" in r.stderr
