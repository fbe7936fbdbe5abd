"""Where a study's wall time goes: encoder forward passes vs everything else.

Runs a study (default: the ``--quick`` slice of ``hybrid-robustness`` with the
untrained model only, so no training is timed) into a fresh output folder and a
fresh embedding cache, with every encoder wrapped to time its
``encode_queries``/``encode_passages`` calls. "Everything else" is split into
the attack search (minus the encoder calls made from inside it), metric
scoring (ir-measures), bootstrap statistics, loading (models, datasets,
recipes), and the rest (files, retrieval, bookkeeping); the semantic floor's USE forward passes are
an encoder's too, reported apart. Wall and CPU seconds. Goal: everything else <= 10% of the wall time.

    python bench/study.py [STUDY] [--quick/--full] [--models base] [--limit N] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class Clock:
    """Exclusive time per category (wall, and CPU seconds of the process in ``cpu``): time spent in an
    encoder (the model under test, or the semantic floor's USE) is not counted again in the caller."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.encoder = 0.0
        self.encoder_cpu = 0.0
        self.use = 0.0
        self.use_cpu = 0.0
        self.calls = 0
        self.texts = 0

    @contextmanager
    def span(self, category: str) -> Iterator[None]:
        start, cstart = time.perf_counter(), time.process_time()
        enc0, cenc0 = self.encoder + self.use, self.encoder_cpu + self.use_cpu
        try:
            yield
        finally:
            spent = time.perf_counter() - start - (self.encoder + self.use - enc0)
            cspent = time.process_time() - cstart - (self.encoder_cpu + self.use_cpu - cenc0)
            self.totals[category] = self.totals.get(category, 0.0) + spent
            self.cpu[category] = self.cpu.get(category, 0.0) + cspent

    def wrap(self, obj: Any, name: str, category: str) -> None:
        original = getattr(obj, name)

        def timed(*a: Any, **k: Any) -> Any:
            with self.span(category):
                return original(*a, **k)

        setattr(obj, name, timed)


class TimedEncoder:
    """Delegates to an encoder, adding the wall time of every encode call to ``clock.encoder``."""

    def __init__(self, encoder: Any, clock: Clock) -> None:
        self._e = encoder
        self._clock = clock
        for attr in ("name", "fingerprint", "max_seq_length", "query_prompt", "passage_prompt"):
            setattr(self, attr, getattr(encoder, attr))

    def _time(self, fn: Any, texts: Any, **k: Any) -> Any:
        start, cstart = time.perf_counter(), time.process_time()
        try:
            return fn(texts, **k)
        finally:
            self._clock.encoder += time.perf_counter() - start
            self._clock.encoder_cpu += time.process_time() - cstart
            self._clock.calls += 1
            self._clock.texts += len(texts)

    def encode_queries(self, texts: Any, batch_size: int = 64, show_progress: bool = False) -> Any:
        return self._time(self._e.encode_queries, texts, batch_size=batch_size)

    def encode_passages(self, texts: Any, batch_size: int = 64, show_progress: bool = False) -> Any:
        return self._time(self._e.encode_passages, texts, batch_size=batch_size)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study", nargs="?", default="hybrid-robustness")
    ap.add_argument("--full", action="store_true", help="the full study instead of its [quick] slice")
    ap.add_argument("--models", default="base", help="comma-separated model labels to run (default: base)")
    ap.add_argument("--datasets", default=None, help="comma-separated datasets (default: the study's)")
    ap.add_argument("--recipes", default=None, help="comma-separated recipes (default: the study's)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--resamples", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    import dataclasses

    import robustir.attacks.attack

    import robustir.evaluation
    import robustir.stats
    from robustir.study.runner import DefaultResolver, run_study
    from robustir.study.spec import load_study

    spec = load_study(args.study, quick=not args.full)
    keep = args.models.split(",")
    over: dict[str, Any] = {"models": tuple(m for m in spec.models if m.label in keep)}
    # the primary family's comparisons need models left out: drop it (the exploratory ones are dropped below)
    if spec.primary is not None and not all(set(c) <= set(keep) for c in spec.primary.comparisons):
        over["primary"] = None
    if args.datasets:
        over["datasets"] = tuple(args.datasets.split(","))
        over["optional_datasets"] = ()
    if args.recipes:
        over["recipes"] = tuple(args.recipes.split(","))
    if args.limit:
        over["limit"] = args.limit
    if args.resamples:
        over["resamples"] = args.resamples
    spec = dataclasses.replace(spec, **over, comparisons=())
    clock = Clock()

    class TimedResolver(DefaultResolver):
        def encoder(self, source: str, max_seq_length: int | None = None) -> Any:
            with clock.span("load model"):
                enc = super().encoder(source, max_seq_length)
            return TimedEncoder(enc, clock)

        def benchmark(self, name: str, data_dir: Path | None) -> Any:
            with clock.span("load dataset"):
                return super().benchmark(name, data_dir)

        def recipe(self, name: str) -> Any:
            with clock.span("load recipe"):
                return super().recipe(name)

    original_run = robustir.attacks.attack.Attack.run

    def timed_run(self: Any, *a: Any, **k: Any) -> Any:
        with clock.span("attack search"):
            return original_run(self, *a, **k)

    robustir.attacks.attack.Attack.run = timed_run  # type: ignore[method-assign]
    import robustir.models.use

    original_use = robustir.models.use.UseEncoder._encode

    def timed_use(self: Any, *a: Any, **k: Any) -> Any:  # the semantic floor's encoder: an encoder too
        start, cstart = time.perf_counter(), time.process_time()
        try:
            return original_use(self, *a, **k)
        finally:
            clock.use += time.perf_counter() - start
            clock.use_cpu += time.process_time() - cstart

    robustir.models.use.UseEncoder._encode = timed_use  # type: ignore[method-assign]
    clock.wrap(robustir.evaluation, "score_hits", "metrics (ir-measures)")
    clock.wrap(robustir.stats, "summarize", "bootstrap statistics")
    clock.wrap(robustir.stats, "success_rate", "bootstrap statistics")

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "out"
        start, cstart = time.perf_counter(), time.process_time()
        with clock.span("study total (exclusive rest)"):
            run = run_study(spec, out, cache_dir=Path(tmp) / "cache", resolver=TimedResolver(),
                            log=lambda s: print(s, file=sys.stderr, flush=True), summarize=True)
        wall, cpu = time.perf_counter() - start, time.process_time() - cstart
    rest = clock.totals.pop("study total (exclusive rest)")
    crest = clock.cpu.pop("study total (exclusive rest)")
    for k in ("load model", "load dataset", "load recipe", "attack search", "metrics (ir-measures)",
              "bootstrap statistics"):
        rest -= clock.totals.get(k, 0.0)
        crest -= clock.cpu.get(k, 0.0)
    clock.totals["other (retrieval, files, summary, bookkeeping)"] = rest
    clock.cpu["other (retrieval, files, summary, bookkeeping)"] = crest
    other = wall - clock.encoder - clock.use
    cother = cpu - clock.encoder_cpu - clock.use_cpu
    cells = [o for o in run.outcomes if o.status == "computed"]
    print(f"study {spec.name}{' (quick)' if spec.quick else ''}: models {','.join(keep)}; datasets "
          f"{','.join(spec.datasets)}; recipes {','.join(spec.recipes)}; limit {spec.limit}; samples {spec.samples}; "
          f"resamples {spec.resamples}; {len(cells)} cells computed, {len(run.failed)} failed")
    print(f"wall time                 {wall:8.1f} s")
    print(f"encoder forward           {clock.encoder:8.1f} s  {100 * clock.encoder / wall:5.1f}%  "
          f"({clock.calls} calls, {clock.texts} texts)")
    print(f"semantic floor (USE)      {clock.use:8.1f} s  {100 * clock.use / wall:5.1f}%")
    print(f"everything else           {other:8.1f} s  {100 * other / wall:5.1f}%  (goal <= 10%)")
    for k, v in sorted(clock.totals.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<46} {v:8.2f} s  {100 * v / wall:5.1f}%")
    print(f"CPU seconds of the process (all threads; load average now {os.getloadavg()[0]:.1f}):")
    print(f"CPU total                 {cpu:8.1f} s")
    print(f"encoder forward           {clock.encoder_cpu:8.1f} s  {100 * clock.encoder_cpu / cpu:5.1f}%")
    print(f"semantic floor (USE)      {clock.use_cpu:8.1f} s  {100 * clock.use_cpu / cpu:5.1f}%")
    print(f"everything else           {cother:8.1f} s  {100 * cother / cpu:5.1f}%  (goal <= 10%)")
    for k, v in sorted(clock.cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<46} {v:8.2f} s  {100 * v / cpu:5.1f}%")
    for o in run.failed:
        print(f"FAILED {o.cell.key}: {o.message}")


if __name__ == "__main__":
    main()
