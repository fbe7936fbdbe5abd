"""How fast robustir's own pipeline can feed texts to the model under test, and where its time goes.

An *instant* encoder (a hashed bag-of-words ``Encoder`` defined here, not in the
package) is passed to ``robustir.evaluate``, so nearly every second left is
robustir's own. Per recipe, the same evaluation runs twice in one process: the
first run (``first``: warm disk caches for the resources, a fresh process, the
corpus encoded into a fresh embedding cache) and the second (``warm``: the same
call again). For the warm run, it prints the texts fed to the model under test
per second of robustir's own time (wall minus the encoder's calls) and the
exclusive time per bucket: perturbation (the attack's search and the
perturbation itself), constraints, semantic floor (the USE forward passes and
the rest separately), retrieval (corpus load, search, candidate scoring),
metrics (ir-measures), statistics (bootstrap), I/O (dataset/recipe loading,
writing the result JSON), other. On a machine with ``nvidia-smi``, each run also reports the
GPU busy share (``utilization.gpu`` sampled every 100 ms) and the float16 decision (bench/RESULTS.md section 263).

    python bench/pipeline.py [--recipes typo,typo-adv,codeswitch-adv,synonym-adv] [--limit 200]
                             [--model instant|me5-small] [--dataset boolq] [--resamples 10000] [--device cpu] [--no-use]

``--no-use`` stubs the semantic floor (similarity 1: every candidate passes, no USE forward pass), which
measures robustir's own cost alone at larger limits. ``--model me5-small`` gives the same split for a real
model (use a small ``--limit`` on a CPU).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

BUCKETS = ("perturbation", "constraints", "semantic floor (USE load)", "semantic floor (USE forward)",
           "semantic floor (rest)", "retrieval", "metrics", "statistics", "I/O", "other")
USE_FORWARD = ("semantic floor (USE load)", "semantic floor (USE forward)")


class InstantEncoder:
    """A hashed bag-of-words ``Encoder``: crc32 of each lower-cased word into ``dim`` buckets, L2-normalised.

    Deterministic across processes (unlike ``hash``) so its corpus cache stays valid; the word -> bucket
    memo makes it cost about a dictionary lookup per word."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.name = "instant-bow"
        self.fingerprint = hashlib.sha256(f"instant-bow-crc32-{dim}".encode()).hexdigest()
        self.max_seq_length = 512
        self.query_prompt = ""
        self.passage_prompt = ""
        self._bucket: dict[str, int] = {}

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        memo = self._bucket
        # every word of the batch in C-level passes (split on whitespace, like str.split per text)
        lengths = np.fromiter(map(len, map(str.split, texts)), dtype=np.int64, count=len(texts))
        words = " ".join(texts).lower().split()
        try:  # the memo usually knows every word already
            buckets = list(map(memo.__getitem__, words))
        except KeyError:
            for w in set(words).difference(memo):
                memo[w] = zlib.crc32(w.encode()) % (self.dim - 1)
            buckets = list(map(memo.__getitem__, words))
        flat = np.repeat(np.arange(len(texts), dtype=np.int64) * self.dim, lengths)  # row * dim + bucket
        flat += np.asarray(buckets, dtype=np.int64)
        counts = np.bincount(flat, minlength=len(texts) * self.dim)
        out = counts.astype(np.float32).reshape(len(texts), self.dim)
        out[:, -1] += 1e-3  # never an all-zero row
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts)


class Clock:
    """Exclusive wall time (``totals``) and CPU time of the process (``cpu``: all its threads) per bucket:
    a nested span pauses the one it runs inside. On a shared machine the CPU seconds are the measure of
    robustir's own cost; the wall seconds include waiting for the cores."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self._stack: list[tuple[str, float, float]] = []

    @staticmethod
    def _now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def _add(self, bucket: str, wall: float, cpu: float) -> None:
        self.totals[bucket] = self.totals.get(bucket, 0.0) + wall
        self.cpu[bucket] = self.cpu.get(bucket, 0.0) + cpu

    @contextmanager
    def span(self, bucket: str) -> Iterator[None]:
        now, cnow = self._now()
        if self._stack:  # pause the enclosing bucket
            outer, since, csince = self._stack[-1]
            self._add(outer, now - since, cnow - csince)
        self._stack.append((bucket, now, cnow))
        try:
            yield
        finally:
            end, cend = self._now()
            _, since, csince = self._stack.pop()
            self._add(bucket, end - since, cend - csince)
            if self._stack:
                outer, _, _ = self._stack[-1]
                self._stack[-1] = (outer, end, cend)

    def wrap(self, owner: Any, name: str, bucket: str) -> None:
        """Time every call of ``owner.name`` (a module function or a class's method) in ``bucket``."""
        original = getattr(owner, name, None)
        if original is None or getattr(original, "_timed", False):
            return

        def timed(*a: Any, **k: Any) -> Any:
            with self.span(bucket):
                return original(*a, **k)

        timed._timed = True  # type: ignore[attr-defined]
        setattr(owner, name, timed)

    def reset(self) -> None:
        self.totals.clear()
        self.cpu.clear()
        self.counts.clear()


class TimedEncoder:
    """Delegates to an encoder, timing its calls in the ``encoder`` bucket and counting the texts fed."""

    def __init__(self, encoder: Any, clock: Clock, bucket: str = "encoder") -> None:
        self._e = encoder
        self._clock = clock
        self._bucket = bucket
        self.texts = 0
        for attr in ("name", "fingerprint", "max_seq_length", "query_prompt", "passage_prompt"):
            setattr(self, attr, getattr(encoder, attr))

    @property
    def model(self) -> Any:
        """The wrapped sentence-transformers model (so ``choose_precision`` sees a GPU model and may halve it)."""
        return self._e.model

    @property
    def precision(self) -> str:
        return str(getattr(self._e, "precision", "fp32"))

    @precision.setter
    def precision(self, value: str) -> None:
        self._e.precision = value

    def encode_queries(self, texts: Any, batch_size: int = 64, show_progress: bool = False) -> Any:
        self.texts += len(texts)
        with self._clock.span(self._bucket):
            return self._e.encode_queries(texts, batch_size=batch_size)

    def encode_passages(self, texts: Any, batch_size: int = 64, show_progress: bool = False) -> Any:
        with self._clock.span(self._bucket + " (corpus)"):
            return self._e.encode_passages(texts, batch_size=batch_size)


class GpuBusy:
    """GPU busy share while a run lasts: ``nvidia-smi`` samples ``utilization.gpu`` (the share of the last
    sample period in which a kernel ran) every ``period_ms``; the mean of the samples is the run's figure.
    None where no ``nvidia-smi`` answers (CPU machines)."""

    def __init__(self, period_ms: int = 100) -> None:
        self.period_ms = period_ms
        self._proc: Any = None
        self.samples: list[float] = []

    def __enter__(self) -> GpuBusy:
        import shutil
        import subprocess

        if shutil.which("nvidia-smi"):
            self._proc = subprocess.Popen(["nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits",
                                           f"--loop-ms={self.period_ms}"], stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        out, _ = self._proc.communicate(timeout=10)
        self.samples = [float(x) for x in out.split() if x.replace(".", "", 1).isdigit()]

    @property
    def mean(self) -> float | None:
        return sum(self.samples) / len(self.samples) if self.samples else None


def instrument(clock: Clock) -> None:
    """Wrap the pipeline's stages (by the names they are called through) into the clock's buckets."""
    import robustir.attacks.attack
    import robustir.attacks.search

    import robustir.evaluation
    import robustir.models
    import robustir.result
    import robustir.retrieval
    import robustir.stats

    clock.wrap(robustir.attacks.attack.Attack, "run", "perturbation")
    for name in ("apply_constraints", "_check_each"):
        clock.wrap(robustir.attacks.search, name, "constraints")
    for name in ("__init__", "search", "search_hits", "score_against"):
        clock.wrap(robustir.retrieval.Retriever, name, "retrieval")
    clock.wrap(robustir.evaluation, "score_hits", "metrics")
    clock.wrap(robustir.stats, "summarize", "statistics")
    clock.wrap(robustir.stats, "summarize_many", "statistics")
    clock.wrap(robustir.stats, "success_rate", "statistics")
    clock.wrap(robustir.evaluation, "prepare_attack", "I/O")
    clock.wrap(robustir.result.Result, "save", "I/O")
    import robustir.models.use

    clock.wrap(robustir.models.use.UseEncoder, "_model", "semantic floor (USE load)")

    # the semantic floor: its similarity callable, and inside it the USE encoder's forward passes
    original_use = robustir.evaluation.use_similarity
    original_load = robustir.models.load_encoder

    def load_encoder(spec: Any, **k: Any) -> Any:
        enc = original_load(spec, **k)
        if spec == "use-m":
            return TimedEncoder(enc, clock, "semantic floor (USE forward)")
        return enc

    robustir.models.load_encoder = load_encoder  # type: ignore[assignment]

    def use_similarity() -> Callable:
        fn = original_use()

        def similarity(originals: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
            with clock.span("semantic floor (rest)"):
                return fn(originals, candidates)

        return similarity

    robustir.evaluation.use_similarity = use_similarity  # type: ignore[assignment]


def run_once(clock: Clock, model: Any, args: argparse.Namespace, recipe: str, cache: Path, out: Path
             ) -> dict[str, Any]:
    from robustir.evaluation import evaluate

    clock.reset()
    fed_before = model.texts
    start = time.perf_counter()
    with GpuBusy() as gpu, clock.span("other"):
        extra: dict[str, Any] = {"device": args.device} if args.device else {}
        if args.no_use:  # every candidate passes the semantic floor: no USE forward pass at all
            extra["similarity_fn"] = lambda originals, candidates: np.ones(len(originals))
        result = evaluate(model, args.dataset, recipe, limit=args.limit, seed=0, cache_dir=cache,
                          bootstrap_resamples=args.resamples, **extra)
        result.save(out)
    wall = time.perf_counter() - start
    enc = clock.totals.get("encoder", 0.0) + clock.totals.get("encoder (corpus)", 0.0)
    cpu = sum(clock.cpu.values())
    enc_cpu = clock.cpu.get("encoder", 0.0) + clock.cpu.get("encoder (corpus)", 0.0)
    use_cpu = sum(clock.cpu.get(b, 0.0) for b in USE_FORWARD)
    fed = model.texts - fed_before
    return {"wall": wall, "encoder": enc, "corpus": clock.totals.get("encoder (corpus)", 0.0), "fed": fed,
            "own": wall - enc, "totals": dict(clock.totals), "cpu": cpu, "own_cpu": cpu - enc_cpu,
            "own_cpu_no_use": cpu - enc_cpu - use_cpu, "cpu_totals": dict(clock.cpu), "gpu_busy": gpu.mean,
            "gpu_samples": len(gpu.samples), "hardware": result.provenance.get("hardware"),
            "search": search_shape(result)}


def search_shape(result: Any) -> dict[str, int] | None:
    """What a model-aware (greedy) recipe's search did per sample, from the result (None for a random
    recipe): ``searched`` (candidates scored beyond the original), ``missed`` (the original already out of
    the goal's top k: nothing to search; how many depends on the model, e.g. the instant encoder's
    retrieval quality), ``unperturbable``, ``scored`` (texts the search scored, originals included) and
    ``scored_searched`` (those of the searched samples). "texts fed" of such a recipe is mostly ``scored``:
    few searched samples, or few texts a searched sample (a recipe with a small search space), leave the
    per-query costs (perturbation set-up, statistics, the result file) to dominate texts/s."""
    rows = [a for q in result.queries for a in q.attacked if a.get("success") is not None]
    if not rows:
        return None
    searched = [a for a in rows if a.get("queries", 0) > 1]
    return {"samples": len(rows), "searched": len(searched),
            "scored_searched": sum(int(a["queries"]) for a in searched),
            "missed": sum(1 for a in rows if a.get("queries", 0) <= 1 and a.get("success")
                          and not a.get("unperturbable")),
            "unperturbable": sum(1 for a in rows if a.get("unperturbable")),
            "scored": sum(int(a.get("queries", 0)) for a in rows)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recipes", default="typo,typo-adv,codeswitch-adv,synonym-adv")
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--model", default="instant", help="instant (the hashed bag-of-words) or a robustir model")
    ap.add_argument("--resamples", type=int, default=10_000)
    ap.add_argument("--device", default=None, help="passed to evaluate() when given")
    ap.add_argument("--no-use", action="store_true",
                    help="semantic floor stubbed (similarity 1): robustir's own cost without USE's forward passes")
    ap.add_argument("--runs", type=int, default=2, help="evaluations per recipe in this process (first, warm...)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="embedding cache (default: a fresh one for the instant encoder, robustir's own for a model)")
    args = ap.parse_args()

    clock = Clock()
    instrument(clock)
    if args.model == "instant":
        base: Any = InstantEncoder()
    else:
        from robustir.models import load_encoder

        base = load_encoder(args.model, **({"device": args.device} if args.device else {}))
    model = TimedEncoder(base, clock)
    # the process's CPU from its start to here (interpreter, numpy, the modules ``instrument`` imports, a real
    # --model's load): what a cold process pays before its first evaluation and neither run below counts
    # (bench/RESULTS.md, section 74)
    startup = time.process_time()
    print(f"model {base.name}; dataset {args.dataset}; limit {args.limit}; resamples {args.resamples}; "
          f"cpus {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; semantic floor "
          f"{'stubbed (no USE)' if args.no_use else 'USE'}; start-up CPU s (before the first run) {startup:.2f}")
    header = ("recipe", "run", "wall s", "encoder s", "texts fed", "texts/s fed (own time)", "texts/s (wall)",
              "own CPU s", "own CPU s excl. USE", "texts/s fed (own CPU)", "texts/s fed (own CPU excl. USE)",
              "GPU busy %")
    rows = []
    splits = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or (Path(tmp) / "cache" if args.model == "instant" else None)
        for recipe in args.recipes.split(","):
            for r in range(args.runs):
                got = run_once(clock, model, args, recipe, cache, Path(tmp) / f"{recipe}.{r}.json")
                label = "first" if r == 0 else "warm"
                rows.append((recipe, label, f"{got['wall']:.2f}", f"{got['encoder']:.2f}", str(got["fed"]),
                             f"{got['fed'] / max(got['own'], 1e-9):,.0f}",
                             f"{got['fed'] / max(got['wall'], 1e-9):,.0f}", f"{got['own_cpu']:.2f}",
                             f"{got['own_cpu_no_use']:.2f}", f"{got['fed'] / max(got['own_cpu'], 1e-9):,.0f}",
                             f"{got['fed'] / max(got['own_cpu_no_use'], 1e-9):,.0f}",
                             "-" if got["gpu_busy"] is None
                             else f"{got['gpu_busy']:.0f} ({got['gpu_samples']} samples)"))
                if got["hardware"]:
                    print(f"{recipe} {label}: hardware {got['hardware']}", flush=True)
                print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
                if r == args.runs - 1:
                    splits.append((recipe, got))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("robustir's own time per bucket, last run of each recipe (seconds, % of wall):")
    print("| recipe | wall s | encoder (model under test) | " + " | ".join(BUCKETS) + " |")
    print("|" + "---|" * (3 + len(BUCKETS)))
    for recipe, got in splits:
        cells = [f"{got['totals'].get(b, 0.0):.2f} ({100 * got['totals'].get(b, 0.0) / got['wall']:.0f}%)"
                 for b in BUCKETS]
        print(f"| {recipe} | {got['wall']:.2f} | {got['encoder']:.2f} ({100 * got['encoder'] / got['wall']:.0f}%) | "
              + " | ".join(cells) + " |")
    print()
    print("the same split in CPU seconds of the process (all threads; % of its CPU time):")
    print("| recipe | CPU s | encoder (model under test) | " + " | ".join(BUCKETS) + " |")
    print("|" + "---|" * (3 + len(BUCKETS)))
    for recipe, got in splits:
        c = got["cpu_totals"]
        enc_cpu = c.get("encoder", 0.0) + c.get("encoder (corpus)", 0.0)
        cells = [f"{c.get(b, 0.0):.2f} ({100 * c.get(b, 0.0) / got['cpu']:.0f}%)" for b in BUCKETS]
        print(f"| {recipe} | {got['cpu']:.2f} | {enc_cpu:.2f} ({100 * enc_cpu / got['cpu']:.0f}%) | "
              + " | ".join(cells) + " |")
    shaped = [(recipe, got) for recipe, got in splits if got["search"]]
    if shaped:
        print()
        print("model-aware search, last run of each recipe (samples: one per query and sample):")
        print("| recipe | samples | searched | original already out of the top k | unperturbable | texts scored | "
              "texts scored a searched sample | own CPU ms per sample |")
        print("|" + "---|" * 8)
        for recipe, got in shaped:
            sh = got["search"]
            per = f"{sh['scored_searched'] / sh['searched']:.1f}" if sh["searched"] else "-"
            print(f"| {recipe} | {sh['samples']} | {sh['searched']} | {sh['missed']} | {sh['unperturbable']} | "
                  f"{sh['scored']} | {per} | {1000 * got['own_cpu'] / sh['samples']:.2f} |")


if __name__ == "__main__":
    main()
