"""GPU busy while a whole command runs (issue 15: "GPU busy >= 60% during a study").

Runs ``CMD`` (a ``robustir study`` in bench/gpu_busy.sh) while ``nvidia-smi`` samples ``utilization.gpu`` (the
share of the last sample period in which a kernel ran) and ``memory.used`` every ``--period-ms``, and the host's
load average once a second. Each sample is written to ``OUT.csv`` as it comes (a call cut off by the device's
limit still leaves its samples); ``--limit-s`` ends the command's whole process group (SIGTERM, then SIGKILL
10 s later) at that time and summarises what ran: a study's pool workers did not all stop on SIGINT (section
295). Prints one summary: the command's wall time and
exit status; GPU busy as the mean over **every** sample of the command's wall (start-up, model loads and the
summary included: the figure the issue asks for) and over the *working span* (first to last sample with a kernel
running: what the pipeline sustains once cells run); the wall split into tenths with the busy of each (ramp-up
and tail); the peak GPU memory; the load average. On a machine without ``nvidia-smi`` it only runs and times the
command (a dry run of the script here). Each line the command prints is prefixed with ``+S.Ss``, the seconds since
it started.

    python bench/gpu_busy.py OUT [--period-ms 100] [--limit-s S] -- robustir study STUDY.toml --jobs 8 ...
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def summarise(samples: list[tuple[float, float, float]], wall: float) -> list[str]:
    """Summary lines of ``(seconds since start, busy %, memory MiB)`` samples over a command of ``wall`` s."""
    if not samples:
        return ["GPU busy: no samples (no nvidia-smi)"]
    busy = [b for _, b, _ in samples]
    lines = [f"GPU busy over the whole command: {sum(busy) / len(busy):.1f}% ({len(busy)} samples)"]
    active = [i for i, b in enumerate(busy) if b > 0]
    if active:
        span = busy[active[0]:active[-1] + 1]
        t0, t1 = samples[active[0]][0], samples[active[-1]][0]
        lines.append(f"GPU busy over the working span ({t0:.1f}-{t1:.1f} s of {wall:.1f} s): "
                     f"{sum(span) / len(span):.1f}% ({len(span)} samples)")
    tenths = []
    for k in range(10):
        part = [b for t, b, _ in samples if k * wall / 10 <= t < (k + 1) * wall / 10]
        tenths.append(f"{sum(part) / len(part):.0f}" if part else "-")
    lines.append("GPU busy per tenth of the wall (%): " + " ".join(tenths))
    lines.append(f"GPU memory used, peak: {max(m for _, _, m in samples):,.0f} MiB")
    return lines


def watch(cmd: list[str], csv: Any, samples: list[tuple[float, float, float]], loads: list[float], period_ms: int,
          limit_s: float | None) -> tuple[int, float, bool]:
    """Run ``cmd`` while sampling (into ``samples``, ``loads`` and ``csv``); its exit status, wall s, and whether
    it was ended at ``limit_s``."""
    start = time.perf_counter()
    smi, reader = None, None
    if shutil.which("nvidia-smi"):
        smi = subprocess.Popen(["nvidia-smi", "--query-gpu=utilization.gpu,memory.used",
                                "--format=csv,noheader,nounits", f"--loop-ms={period_ms}"],
                               stdout=subprocess.PIPE, text=True)

        def read() -> None:
            assert smi is not None and smi.stdout is not None
            for line in smi.stdout:
                parts = [p.strip() for p in line.split(",")]
                try:
                    row = (time.perf_counter() - start, float(parts[0]), float(parts[1]))
                except (ValueError, IndexError):
                    continue
                samples.append(row)
                csv.write(f"{row[0]:.2f},{row[1]:.0f},{row[2]:.0f}\n")

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
    stop = threading.Event()

    def load() -> None:
        while not stop.wait(1.0):
            loads.append(os.getloadavg()[0])

    threading.Thread(target=load, daemon=True).start()
    # its own process group (ended whole at the limit); its output stamped with the seconds since start, so a
    # study's log says when each cell ended and the start-up can be split from the GPU samples
    child = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors="replace")

    def stamp() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            sys.stdout.write(f"+{time.perf_counter() - start:.1f}s {line}")
            sys.stdout.flush()

    stamper = threading.Thread(target=stamp, daemon=True)
    stamper.start()
    try:
        rc = child.wait(timeout=limit_s)
        cut = False
    except subprocess.TimeoutExpired:
        cut = True
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
        rc = child.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # workers the leader left behind
    wall = time.perf_counter() - start
    stamper.join(timeout=5)  # the command's last lines, before the summary
    stop.set()
    if smi is not None:
        smi.terminate()
        smi.wait()
    if reader is not None:
        reader.join(timeout=5)  # its last lines written before the file closes
    return rc, wall, cut


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="prefix of the samples file (OUT.csv)")
    ap.add_argument("--period-ms", type=int, default=100)
    ap.add_argument("--limit-s", type=float, default=None, help="end the command (its process group) after S s")
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        ap.error("no command given (put it after --)")
    cut_at = argv.index("--")
    args, cmd = ap.parse_args(argv[:cut_at]), argv[cut_at + 1:]
    samples: list[tuple[float, float, float]] = []
    loads: list[float] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{args.out}.csv", "w", encoding="utf-8", buffering=1) as csv:  # line-buffered: each sample lands
        csv.write("seconds,busy_percent,memory_mib\n")
        rc, wall, cut = watch(cmd, csv, samples, loads, args.period_ms, args.limit_s)
    if cut:
        print(f"command ended at --limit-s {args.limit_s:g} s: the figures below cover what ran until then")
    print(f"command: {' '.join(cmd)}")
    print(f"exit status {rc}; wall {wall:.1f} s; load average (1 min) max {max(loads, default=0):.1f}, "
          f"last {loads[-1] if loads else 0:.1f}")
    for line in summarise(samples, wall):
        print(line)
    return 124 if cut else rc  # as timeout(1) does


if __name__ == "__main__":
    sys.exit(main())
