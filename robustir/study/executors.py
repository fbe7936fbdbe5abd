"""Where a study's groups run: in this process or a local process pool (``local``), or as Ray tasks (``ray``).

All run ``runner.run_group`` on the same groups, so all write the same cell files.
``local`` with ``jobs`` > 1 runs the groups in that many spawned processes of this
machine (concurrent.futures), for a machine with many cores, or one GPU that the
small query batches of one process leave mostly idle; each worker keeps its last
model loaded. The Ray executor first encodes each group's corpus sharded over the
cluster with Ray Data (one shard = one of the length-sorted chunks that
``robustir.retrieval.encode_texts`` would encode, so the vectors are the ones a
local run computes) and stores it in the shared embedding cache; then each
(model, dataset) group runs as one Ray task, which finds its corpus in the cache.

Pointing it at a cluster: start Ray on the nodes (``ray start --head`` /
``ray start --address HEAD:6379``), install robustir (with the ``ray`` extra)
on every node, give every node the same ``ROBUSTIR_HOME`` (a shared file
system: the corpus cache and trained models are read there) and the same
``ROBUSTIR_DATA``, and run ``robustir study S.toml --executor ray --address
HEAD:6379 --out /shared/out`` (``--out`` on the shared file system too).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from robustir.errors import InputError, ResourceMissing
from robustir.study.work import CellOutcome, Group, run_group

OnOutcome = Callable[[CellOutcome], None]


#: worker processes of the local executor: each loads a model, so more than this exhausts memory first
MAX_JOBS = 256

class LocalExecutor:
    """Groups one after another in this process, or in ``jobs`` worker processes of this machine.

    With ``jobs`` > 1 the groups are spread over a ``WorkerPool`` (spawned workers,
    safe with CUDA); each worker gets ``threads`` torch, faiss and BLAS threads
    (default: the CPUs divided among the workers). Outcomes are reported per group as groups finish
    and returned in plan order, as the Ray executor does.
    """

    name = "local"

    def __init__(self, jobs: int = 1, threads: int | None = None) -> None:
        if int(jobs) < 1:
            raise InputError(f"--jobs must be >= 1, got {jobs}")
        if int(jobs) > MAX_JOBS:
            raise InputError(f"--jobs must be at most {MAX_JOBS} (got {jobs}): each job is a process holding a model")
        self.jobs = int(jobs)
        self.threads = threads

    def run(self, groups: Sequence[Group], on_outcome: OnOutcome) -> list[CellOutcome]:
        if self.jobs > 1 and len(groups) > 1:
            return self._run_pool(groups, on_outcome)
        outcomes: list[CellOutcome] = []
        loaded: dict[Any, Any] = {}
        for g in groups:
            got = run_group(g, on_outcome, loaded)
            outcomes += got
            if any(o.fatal for o in got):  # the output cannot be written: stop the study
                for rest in groups[groups.index(g) + 1:]:
                    for c in rest.cells:
                        o = CellOutcome(c, "not run", "study stopped: output could not be written")
                        on_outcome(o)
                        outcomes.append(o)
                break
        return outcomes

    def _run_pool(self, groups: Sequence[Group], on_outcome: OnOutcome) -> list[CellOutcome]:
        import multiprocessing
        import queue
        from concurrent.futures import FIRST_COMPLETED, wait

        jobs = min(self.jobs, len(groups))
        threads = self.threads or max(1, (os.cpu_count() or 1) // jobs)
        outcomes: list[CellOutcome] = []
        reported: dict[Any, CellOutcome] = {}  # cell -> outcome, as the workers sent them
        stopped = False
        with multiprocessing.get_context("spawn").Manager() as manager, WorkerPool(jobs, threads) as pool:
            cells_done = manager.Queue()  # workers report each cell as it finishes, not each group

            def drain() -> None:
                while True:
                    try:
                        o = cells_done.get_nowait()
                    except queue.Empty:
                        return
                    reported[o.cell] = o
                    on_outcome(o)

            pending = {pool.submit(_run_group_in_worker, g, cells_done): g for g in groups}
            while pending:
                done, _ = wait(list(pending), timeout=1.0, return_when=FIRST_COMPLETED)
                drain()  # a worker's puts complete before its result is sent: none is missed
                for fut in done:
                    group = pending.pop(fut)
                    if fut.cancelled():
                        got = [CellOutcome(c, "not run", "study stopped: output could not be written")
                               for c in group.cells]
                    else:
                        try:
                            got = fut.result()
                        except Exception as e:  # noqa: BLE001 - a crashed worker fails its group's cells only
                            # the cells it finished before it died keep their outcomes
                            got = [reported.get(c) or CellOutcome(c, "failed", f"worker process failed: "
                                                                   f"{type(e).__name__}: {e}") for c in group.cells]
                    for o in got:
                        if o.cell not in reported:
                            reported[o.cell] = o
                            on_outcome(o)
                    outcomes += got
                    if not stopped and any(o.fatal for o in got):  # the output cannot be written
                        stopped = True
                        for f in pending:
                            f.cancel()
        return in_plan_order(groups, outcomes)


def in_plan_order(groups: Sequence[Group], outcomes: list[CellOutcome]) -> list[CellOutcome]:
    """Outcomes that arrived as groups finished, in the order the study planned the cells."""
    order = {c: i for i, c in enumerate(c for g in groups for c in g.cells)}
    return sorted(outcomes, key=lambda o: order.get(o.cell, len(order)))


_WORKER_LOADED: dict[Any, Any] = {}
#: thread-pool sizes of the native libraries (OpenMP: faiss, torch; BLAS: numpy, scipy), read once at import
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


class WorkerPool:
    """A spawned ``ProcessPoolExecutor`` of ``jobs`` workers with ``threads`` threads each.

    The native libraries size their thread pools from the environment when they are
    imported, which happens while a worker starts: so the variables are set in this
    process while the workers are spawned (they inherit them) and restored after.
    Without this, 8 workers on 16 cores ran 16 BLAS/OpenMP threads each (load ~68 on
    the lent H100 machine, GPU 4-8% busy)."""

    def __init__(self, jobs: int, threads: int) -> None:
        self.jobs, self.threads = jobs, max(1, int(threads))
        self._pool: Any = None
        self._saved: dict[str, str | None] = {}

    def __enter__(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._saved = {v: os.environ.get(v) for v in (*THREAD_VARS, "TOKENIZERS_PARALLELISM")}
        os.environ.update({v: str(self.threads) for v in THREAD_VARS})
        os.environ["TOKENIZERS_PARALLELISM"] = "false"
        self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker, initargs=(self.threads,))
        return self

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self._pool.submit(fn, *args)

    def __exit__(self, *exc: Any) -> None:
        try:
            self._pool.shutdown(wait=True, cancel_futures=True)
        finally:
            for v, old in self._saved.items():
                if old is None:
                    os.environ.pop(v, None)
                else:
                    os.environ[v] = old


def _init_worker(threads: int) -> None:
    """A pool worker: ``threads`` torch and faiss threads (BLAS reads ``THREAD_VARS``)."""
    try:
        import torch
    except ImportError:  # encoders that do not need torch
        pass
    else:
        torch.set_num_threads(threads)
    try:
        import faiss
    except ImportError:
        return
    faiss.omp_set_num_threads(threads)


def _run_group_in_worker(group: Group, cells_done: Any = None) -> list[CellOutcome]:
    """``run_group`` in a pool worker, keeping the worker's last model loaded across its groups;
    each cell's outcome is also put on ``cells_done`` (a manager queue) as it finishes."""
    return run_group(group, cells_done.put if cells_done is not None else None, _WORKER_LOADED)


class RayExecutor:
    """Groups as Ray tasks (one CPU each by default); corpora encoded first with Ray Data."""

    name = "ray"

    def __init__(self, address: str | None = None, num_cpus_per_task: float = 1.0, num_cpus: int | None = None) -> None:
        try:
            import ray  # noqa: F401
        except ImportError as e:
            raise ResourceMissing(
                "the ray executor needs Ray: pip install 'robustir[ray]' (or pip install 'ray[data]')"
            ) from e
        self.address = address
        self.num_cpus_per_task = num_cpus_per_task
        self.num_cpus = num_cpus  # for a new local instance only
        self.sharded: list[tuple[str, str]] = []  # (model, dataset) corpora encoded with Ray Data
        self.notes: list[str] = []

    def _connect(self) -> None:
        import ray

        if ray.is_initialized():
            return
        # Workers import robustir and the resolver's module; on one machine they find them via the
        # driver's sys.path (e.g. a source checkout). On a cluster robustir is installed on every node.
        path = os.pathsep.join(p for p in [os.getcwd(), *sys.path] if p and Path(p).is_dir())
        env = {"PYTHONPATH": path, "TOKENIZERS_PARALLELISM": "false"}
        for var in ("ROBUSTIR_HOME", "ROBUSTIR_DATA", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ROBUSTIR_ONLINE"):
            if os.environ.get(var):
                env[var] = os.environ[var]
        try:
            extra: dict[str, Any] = {"num_cpus": self.num_cpus} if self.num_cpus and not self.address else {}
            if not self.address:  # a new local instance listens on the loopback only, not on every interface
                extra["_node_ip_address"] = "127.0.0.1"
            ray.init(address=self.address, runtime_env={"env_vars": env}, log_to_driver=False,
                     include_dashboard=False, ignore_reinit_error=True, **extra)
        except (ConnectionError, RuntimeError, ValueError) as e:
            where = self.address or "a new local instance"
            raise InputError(f"cannot start or reach Ray at {where}: {e}") from e

    def run(self, groups: Sequence[Group], on_outcome: OnOutcome) -> list[CellOutcome]:
        import ray

        self._connect()
        loaded: dict[Any, Any] = {}  # encoders and benchmarks loaded once in the driver
        for g in groups:
            try:
                if encode_corpus_sharded(g, loaded=loaded):
                    self.sharded.append((g.model, g.dataset))
            except Exception as e:  # noqa: BLE001 - the group task will load (and report) the same failure
                note = f"corpus of {g.dataset} for {g.model} not pre-encoded with Ray Data: {type(e).__name__}: {e}"
                self.notes.append(note)
                print(f"note: {note}", file=sys.stderr)
        task = ray.remote(num_cpus=self.num_cpus_per_task, max_retries=0)(run_group)
        pending = {task.remote(g): g for g in groups}
        outcomes: list[CellOutcome] = []
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            ref = done[0]
            group = pending.pop(ref)
            try:
                got = ray.get(ref)
            except Exception as e:  # noqa: BLE001 - a crashed worker fails its group's cells only
                got = [CellOutcome(c, "failed", f"Ray task failed: {type(e).__name__}: {e}") for c in group.cells]
            for o in got:
                on_outcome(o)
            outcomes += got
        return in_plan_order(groups, outcomes)


class _ChunkEncoder:
    """A Ray Data actor: loads the model and the corpus once, encodes chunks by index."""

    def __init__(self, resolver: Any, source: str, max_seq_length: int | None, dataset: str, data_dir: Path | None,
                 batch_size: int, chunk_size: int) -> None:
        self.encoder = resolver.encoder(source, max_seq_length)
        bench = resolver.benchmark(dataset, data_dir)
        self.texts = bench.corpus_texts()
        self.chunks = corpus_chunks(self.texts, chunk_size)
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        ids, blobs, dims = [], [], []
        for i in batch["chunk"]:
            idx = self.chunks[int(i)]
            vecs = np.asarray(self.encoder.encode_passages([self.texts[j] for j in idx], batch_size=self.batch_size),
                              dtype=np.float32)
            ids.append(int(i))
            blobs.append(vecs.tobytes())
            dims.append(vecs.shape[1])
        return {"chunk": np.array(ids), "vecs": np.array(blobs, dtype=object), "dim": np.array(dims)}


def corpus_chunks(texts: Sequence[str], size: int | None = None) -> list[list[int]]:
    """The index chunks ``robustir.retrieval.corpus_embeddings`` encodes (``size``: its ``CHUNK``), in its
    order: length-sorted within each shard of the default shard size."""
    from robustir import embeddings

    return embeddings.chunk_plan(texts, None, size or embeddings.CHUNK)


class _Precomputed:
    """An encoder that answers ``encode_passages`` from vectors computed elsewhere (by chunk content),
    so that ``corpus_embeddings`` writes them to the cache under the real encoder's key."""

    # the Encoder attributes, copied from the real encoder in __init__
    name: str
    fingerprint: str
    max_seq_length: int
    query_prompt: str
    passage_prompt: str

    def __init__(self, encoder: Any, by_chunk: dict[str, Any]) -> None:
        self._encoder = encoder
        self._by_chunk = by_chunk
        for attr in ("name", "fingerprint", "max_seq_length", "query_prompt", "passage_prompt"):
            setattr(self, attr, getattr(encoder, attr))

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> Any:
        from robustir.io import sha256_text

        key = sha256_text(texts)
        if key not in self._by_chunk:  # the shards must be exactly encode_texts' chunks
            raise RuntimeError("Ray Data corpus shards do not match robustir.retrieval's chunks")
        return self._by_chunk[key]

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> Any:
        return self._encoder.encode_queries(texts, batch_size=batch_size)


def encode_corpus_sharded(group: Group, concurrency: int | None = None, loaded: dict[Any, Any] | None = None) -> bool:
    """Encode ``group``'s corpus with Ray Data into the embedding cache; False when it was cached already.

    ``loaded`` memoises the driver's encoders and benchmarks across groups."""
    import numpy as np
    import ray

    from robustir.env import home
    from robustir.io import sha256_text
    from robustir.retrieval import corpus_embeddings, corpus_key

    loaded = {} if loaded is None else loaded
    ekey, bkey = ("encoder", group.source, group.max_seq_length), ("benchmark", group.dataset)
    if ekey not in loaded:
        for old in [k for k in loaded if k[0] == "encoder"]:
            del loaded[old]  # groups come model by model: keep one model in memory
        loaded[ekey] = group.resolver.encoder(group.source, group.max_seq_length)
    if bkey not in loaded:
        loaded[bkey] = group.resolver.benchmark(group.dataset, group.data_dir)
    encoder, bench = loaded[ekey], loaded[bkey]
    cache_dir = Path(group.cache_dir) if group.cache_dir else home() / "embeddings"
    key = corpus_key(encoder, bench)
    if (cache_dir / f"{key}.npy").exists() and (cache_dir / f"{key}.json").exists():
        return False  # corpus_embeddings verifies its checksum when the group loads it
    from robustir import embeddings

    texts = bench.corpus_texts()
    chunks = corpus_chunks(texts, embeddings.CHUNK)
    if not chunks:
        return False
    cpus = int(ray.available_resources().get("CPU", 1)) or 1
    n_actors = max(1, min(len(chunks), concurrency or cpus))
    items = ray.data.from_items([{"chunk": i} for i in range(len(chunks))], override_num_blocks=len(chunks))
    ds = items.map_batches(_ChunkEncoder, batch_size=1, concurrency=n_actors, num_cpus=1,
                           fn_constructor_kwargs={"resolver": group.resolver, "source": group.source,
                                                  "max_seq_length": group.max_seq_length,
                                                  "dataset": group.dataset, "data_dir": group.data_dir,
                                                  "batch_size": group.settings.batch_size,
                                                  "chunk_size": embeddings.CHUNK})
    by_chunk = {}
    for row in ds.iter_rows():
        idx = chunks[int(row["chunk"])]
        vecs = np.frombuffer(row["vecs"], dtype=np.float32).reshape(len(idx), int(row["dim"]))
        by_chunk[sha256_text([texts[j] for j in idx])] = vecs
    corpus_embeddings(_Precomputed(encoder, by_chunk), bench, cache_dir=cache_dir,
                      batch_size=group.settings.batch_size)
    return True


def make_executor(name: Any, *, address: str | None = None, jobs: int = 1) -> Any:
    """``local`` (``jobs`` worker processes) or ``ray`` (``address``: a Ray cluster, e.g.
    ``ray://head:10001`` or ``head:6379``); an executor object (anything with
    ``run(groups, on_outcome)``) is returned as is."""
    if not isinstance(name, str):
        return name
    if name == "local":
        if address:
            raise InputError("--address is for --executor ray")
        return LocalExecutor(jobs=jobs)
    if name == "ray":
        if int(jobs) != 1:
            raise InputError("--jobs is for --executor local (Ray schedules its own tasks)")
        return RayExecutor(address=address)
    raise InputError(f"unknown executor {name!r}: use 'local' or 'ray'")
