"""Search indexes over corpus embeddings: exact (``flat``) or approximate (faiss IVF or HNSW).

``flat`` is exact inner product. A corpus held in memory that fits one search
block (every benchmark robustir ships) is searched with one BLAS product per
query chunk (numpy's ``matmul``) and a top-k whose ties go to the earlier corpus
row (:func:`blas_top`): cheaper than ``faiss.knn`` here, and a query's
scores do not depend on the batch it is searched in (faiss's do: it takes one
code path for small batches and another for large ones; so do float32 BLAS
products on some CPUs, hence the float64 sums of :func:`blas_scores`; the greedy goal's counts read a
float32 product instead, :func:`filtered_scores`, and recompute in float64 only the values within its proved
error bound of what they decide, :func:`exact_scores_at`: the same results, the product at float32 cost;
so does the top-k of a corpus of at least :data:`FILTER_ROWS_PER_K` rows per wanted hit, recomputing only the
documents that can reach the top k).
Memory-mapped or multi-block corpora are searched with ``faiss.knn`` (the code
``IndexFlatIP.search`` runs) block by block. Which one ran is recorded in the
result's provenance (``index.search``: ``blas`` or ``faiss``).
``ivf`` (``IndexIVFFlat``, inner product) and ``hnsw`` (``IndexHNSWFlat``,
inner product) trade exactness for speed on large corpora; their recall@100
against exact search is measured on the clean queries of a run and recorded in
its result (:func:`recall_at`). Unless the search effort (``nprobe``,
``ef_search``) is given, it is tuned on those same queries: doubled until the
recall reaches ``min_recall`` (default 0.99), as faiss's auto-tuning does, so the
recorded recall is the one the run searched with (measured on the clean queries;
perturbed queries are near them but not the same).

An index is described by a string: ``flat``, ``ivf``, ``ivf:nlist=1024,nprobe=64``,
``hnsw:m=32,ef_search=256``, ``ivf:min_recall=0.995``. Unknown types and
parameters are one-line errors raised before anything is encoded.
"""

from __future__ import annotations

import logging
import math
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from robustir.errors import InputError

log = logging.getLogger(__name__)

#: Parameters each index type accepts, with their defaults (None: chosen from the corpus size).
PARAMS: dict[str, dict[str, float | None]] = {
    "flat": {},
    "ivf": {"nlist": None, "nprobe": None, "train_size": None, "min_recall": None},
    "hnsw": {"m": 32, "ef_construction": 200, "ef_search": None, "min_recall": None},
}
#: The search-effort parameter of each approximate index: tuned unless given.
EFFORT = {"ivf": "nprobe", "hnsw": "ef_search"}
DEFAULT_MIN_RECALL = 0.99
MAX_EF_SEARCH = 4096
#: Vectors added to an approximate index per call: bounds the copy made from the memory map.
ADD_BLOCK = 65_536
#: Corpus rows per exact-search block: larger corpora are searched block by block (memory: one block's
#: vectors, 192 MiB at 384-d); a multiple of faiss's 1,024-row BLAS block, so scores are the same.
SEARCH_BLOCK = 131_072
#: Bytes of (queries x corpus) scores one BLAS product of :func:`blas_top` may hold (bounds its memory).
BLAS_SCORES_BYTES = 64 << 20
#: Queries per BLAS product of :func:`blas_scores` at most: the top-k passes over a product's scores then
#: stay in cache (BoolQ, 5,000 attacked queries x 2,939 passages: 1,024-query products 0.12 CPU-s against
#: 0.17 for one 58 MB product; bench/RESULTS.md). Larger corpora are bounded by the bytes above first.
BLAS_ROWS = 1024
#: Exact-search implementations (``auto``: ``blas`` for an in-memory corpus of one block, else ``faiss``).
EXACT_SEARCH = ("auto", "blas", "faiss")
#: Depth of the recorded recall (recall@100, whatever the run's depth).
RECALL_DEPTH = 100


@dataclass(frozen=True)
class IndexSpec:
    """A validated index description: ``kind`` and its explicitly given ``params``."""

    kind: str = "flat"
    params: dict[str, float] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | IndexSpec | None) -> IndexSpec:
        """``flat``/``ivf``/``hnsw``, optionally ``:name=value,...``; a one-line error otherwise."""
        if text is None:
            return cls()
        if isinstance(text, IndexSpec):
            return text
        kind, _, rest = str(text).strip().partition(":")
        kind = kind.strip().lower()
        if kind not in PARAMS:
            raise InputError(f"unknown index type {kind!r}: use {', '.join(PARAMS)} (e.g. ivf:nprobe=64)")
        params: dict[str, float] = {}
        for item in filter(None, (p.strip() for p in rest.split(","))):
            name, eq, value = item.partition("=")
            name = name.strip().lower()
            if name not in PARAMS[kind]:
                known = ", ".join(PARAMS[kind]) or "none"
                raise InputError(f"unknown parameter {name!r} for index {kind} (known: {known})")
            if not eq:
                raise InputError(f"index parameter {name} needs a value ({name}=N)")
            if name == "min_recall":
                try:
                    params[name] = float(value)
                except ValueError:
                    params[name] = float("nan")
                if not 0 < params[name] <= 1:
                    raise InputError(f"index parameter min_recall must be in (0, 1], got {value.strip()!r}")
                continue
            try:
                params[name] = int(value)
            except ValueError:
                raise InputError(f"index parameter {name} needs an integer value, got {value.strip()!r}") from None
            if params[name] < 1:
                raise InputError(f"index parameter {name} must be a positive integer, got {value.strip()!r}")
        return cls(kind, params)

    @property
    def tuned(self) -> bool:
        """Whether the search effort is tuned to ``min_recall`` (it is unless given without ``min_recall``)."""
        return not self.exact and ("min_recall" in self.params or EFFORT[self.kind] not in self.params)

    @property
    def exact(self) -> bool:
        return self.kind == "flat"

    def resolved(self, n: int) -> dict[str, float]:
        """The parameters used for a corpus of ``n`` passages (defaults filled in; the effort is the
        starting point of the tuning when tuned)."""
        out = {k: v for k, v in PARAMS[self.kind].items() if v is not None}
        out.update(self.params)
        if self.tuned:
            out.setdefault("min_recall", DEFAULT_MIN_RECALL)
        if self.kind == "ivf":
            # ~sqrt(n) lists (faiss's guideline is 1-16 sqrt(n)), >= 39 training vectors per list
            out.setdefault("nlist", max(1, min(n // 39 or 1, int(math.sqrt(max(n, 1))))))
            out.setdefault("nprobe", max(1, int(out["nlist"]) // 64))
            out.setdefault("train_size", min(n, 50 * int(out["nlist"])))
            out["nprobe"] = min(out["nprobe"], out["nlist"])
        elif self.kind == "hnsw":
            out.setdefault("ef_search", 64)
        return out

    def __str__(self) -> str:
        return self.kind + (":" + ",".join(f"{k}={v}" for k, v in sorted(self.params.items())) if self.params else "")


class VectorIndex:
    """Top-k inner-product search over ``vecs`` (an array or a read-only memory map), exact or approximate."""

    def __init__(self, vecs: np.ndarray, spec: IndexSpec | str | None = None, exact_search: str = "auto") -> None:
        if exact_search not in EXACT_SEARCH:
            raise ValueError(f"exact_search must be one of {EXACT_SEARCH}, got {exact_search!r}")
        self.spec = IndexSpec.parse(spec)
        self.vecs = vecs
        self.params = self.spec.resolved(vecs.shape[0])
        if exact_search == "auto":  # a memory map or a multi-block corpus is searched block by block by faiss
            in_memory = not isinstance(vecs, np.memmap) and vecs.shape[0] <= SEARCH_BLOCK
            exact_search = "blas" if in_memory else "faiss"
        #: how exact search runs (and the exact baseline of an approximate index's recall)
        self.exact_method = exact_search
        #: whether :meth:`search` is :func:`blas_top` (exact search of an in-memory corpus): its scores are then
        #: :func:`blas_scores`'s, which callers may count on directly instead of asking for top lists
        self.blas = self.spec.exact and exact_search == "blas"
        self._index: Any = None
        if not self.spec.exact and vecs.shape[0]:
            self._index = self._build()

    def _build(self) -> Any:
        import faiss

        n, dim = self.vecs.shape
        p = self.params
        index: Any
        if self.spec.kind == "ivf":
            quantizer = faiss.IndexFlatIP(dim)
            index = faiss.IndexIVFFlat(quantizer, dim, int(p["nlist"]), faiss.METRIC_INNER_PRODUCT)
            # a fixed, evenly spread training sample: same corpus, same lists
            take = np.linspace(0, n - 1, num=min(n, int(p["train_size"])), dtype=np.int64)
            index.train(np.ascontiguousarray(self.vecs[take], dtype=np.float32))
        else:
            index = faiss.IndexHNSWFlat(dim, int(p["m"]), faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = int(p["ef_construction"])
        for start in range(0, n, ADD_BLOCK):
            index.add(np.ascontiguousarray(self.vecs[start:start + ADD_BLOCK], dtype=np.float32))
        log.info("built %s index over %d vectors (%s)", self.spec.kind, n, p)
        self._set_effort(index, int(p[EFFORT[self.spec.kind]]))
        return index

    def _set_effort(self, index: Any, effort: int) -> None:
        self.params[EFFORT[self.spec.kind]] = effort
        if self.spec.kind == "ivf":
            index.nprobe = effort
        else:
            index.hnsw.efSearch = effort

    def tune(self, queries: np.ndarray) -> float:
        """Raise the search effort (doubling) until recall@100 on ``queries`` reaches ``min_recall`` or the
        effort is exhaustive; returns the recall reached (1.0 for exact search). Untuned indexes are
        only measured."""
        if self._index is None:
            return 1.0
        depth = min(RECALL_DEPTH, self.vecs.shape[0])
        _, exact = self.exact_search(queries, depth)
        kind = self.spec.kind
        top = int(self.params["nlist"]) if kind == "ivf" else MAX_EF_SEARCH
        while True:
            _, approx = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), depth)
            recall = _overlap(approx, exact, depth)
            effort = int(self.params[EFFORT[kind]])
            if not self.spec.tuned or recall >= self.params["min_recall"] or effort >= top:
                log.info("%s index: %s=%d, recall@%d %.4f", kind, EFFORT[kind], effort, depth, recall)
                return recall
            self._set_effort(self._index, min(top, effort * 2))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, rows)``, each (n_queries, k), best first; rows are -1 where fewer than k were found."""
        q = np.ascontiguousarray(queries, dtype=np.float32)
        if self._index is not None:
            return self._index.search(q, k)
        return self.exact_search(q, k)

    def exact_search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k: :func:`blas_top` (``exact_method`` ``blas``), or ``faiss.knn``, the routine
        ``faiss.IndexFlatIP(vecs).search`` runs (``faiss``)."""
        q = np.ascontiguousarray(queries, dtype=np.float32)
        n = self.vecs.shape[0]
        if n == 0:
            return np.zeros((len(q), k), np.float32), np.full((len(q), k), -1, np.int64)
        if self.exact_method == "blas":
            scores, rows = blas_top(q, self.vecs, k)
            if k > n:  # padded as faiss pads: -FLT_MAX scores, rows -1
                scores = np.pad(scores, ((0, 0), (0, k - n)), constant_values=np.finfo(np.float32).min)
                rows = np.pad(rows, ((0, 0), (0, k - n)), constant_values=-1)
            return scores, rows
        import faiss

        if n <= SEARCH_BLOCK:
            return faiss.knn(q, self.vecs, k, metric=faiss.METRIC_INNER_PRODUCT)
        return self._blocked_search(q, k)

    def _blocked_search(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k over a corpus of several :data:`SEARCH_BLOCK` s, one block at a time.

        Why not one ``faiss.knn`` call: over a memory-mapped corpus it pages in every vector
        and the pages stay mapped (10M 384-d passages: 15 GB resident). Here each block's
        pages are released from the process after its search (``madvise(MADV_DONTNEED)``;
        they stay in the OS page cache), so the process holds one block's vectors at a time.
        Scores are faiss's own (the blocks are multiples of faiss's 1,024-row BLAS blocks);
        the running top-k keeps the higher score, the lower row on ties."""
        import faiss

        n = self.vecs.shape[0]
        best_s = np.full((len(q), 0), -np.inf, dtype=np.float32)
        best_i = np.full((len(q), 0), -1, dtype=np.int64)
        for lo in range(0, n, SEARCH_BLOCK):
            hi = min(n, lo + SEARCH_BLOCK)
            block = np.ascontiguousarray(self.vecs[lo:hi], dtype=np.float32)
            s, i = faiss.knn(q, block, min(k, hi - lo), metric=faiss.METRIC_INNER_PRODUCT)
            del block
            _release(self.vecs, lo, hi)
            s_all = np.concatenate([best_s, s], axis=1)
            i_all = np.concatenate([best_i, np.where(i >= 0, i + lo, -1)], axis=1)
            order = np.lexsort((i_all, -s_all.astype(np.float64)), axis=-1)[:, :k]
            best_s = np.take_along_axis(s_all, order, axis=1)
            best_i = np.take_along_axis(i_all, order, axis=1)
        return best_s, best_i

    def describe(self, recall: float | None = None, measured_on: int | None = None) -> dict[str, Any]:
        """What goes into a result's provenance: type, parameters and the measured recall."""
        out: dict[str, Any] = {"type": self.spec.kind, "params": dict(sorted(self.params.items())),
                               **({"tuned": self.spec.tuned} if not self.spec.exact else {"search": self.exact_method})}
        if recall is not None:
            out[f"recall@{RECALL_DEPTH}"] = recall
            out["recall_queries"] = measured_on
        return out


def blas_top(queries: np.ndarray, vecs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-``k`` inner-product search of float32 ``queries`` over in-memory ``vecs``: ``(scores, rows)``,
    each (n_queries, min(k, n)), best first, ties in score to the earlier corpus row.

    Hand-written on numpy (BLAS ``sgemm``/``dgemm`` + a top-k by value) because neither numpy nor faiss has a
    top-k with a stated tie rule, and because faiss's exact search (``faiss.knn``, ~0.4 CPU-s for 6,000 x 2,939
    x 384 here) costs more. Its scores differ from faiss's in the last bits (float64 sums rounded to float32);
    a query's scores do not depend on the batch it comes in (:func:`blas_scores`; tests/test_exact_search.py
    pins this), and chunks only bound the (chunk x corpus) score matrix.

    Which product ranks: a corpus of at least :data:`FILTER_ROWS_PER_K` ``* k`` rows is ranked on
    :func:`filtered_scores`'s float32 product with the float64 values recomputed only for the documents
    that can reach a row's top ``k`` (:func:`_filtered_top_rows`: the same ids and score bits as the whole
    float64 product); a smaller one on the whole float64 product (:func:`blas_scores`), because recomputing
    the ~1.1 k candidates a query in float64 costs more than the float64 product of a small corpus saves
    (bench/topk_filter.py: the typo recipe's 5,910 BoolQ query vectors, k = 100, min of 5: 2,939 passages
    0.378 CPU-s filtered against 0.227 for the float64 product; 8,000: 0.587 against 0.562; 16,000: 0.868
    against 1.098; 32,000: 1.599 against 2.179; bench/RESULTS.md section 195)."""
    n = vecs.shape[0]
    k = min(k, n)
    out_s = np.empty((len(queries), k), dtype=np.float32)
    out_i = np.empty((len(queries), k), dtype=np.int64)
    chunks: Iterator[tuple[int, np.ndarray, np.ndarray | None]]
    if k > 0 and n >= FILTER_ROWS_PER_K * k:
        chunks = filtered_scores(queries, vecs)
    else:
        chunks = ((lo, s, None) for lo, s in blas_scores(queries, vecs))
    for lo, scores, bound in chunks:
        hi = lo + len(scores)
        if bound is None:  # the float64 product's own values
            out_s[lo:hi], out_i[lo:hi] = _top_rows(scores, k)
        else:
            out_s[lo:hi], out_i[lo:hi] = _filtered_top_rows(queries[lo:hi], vecs, scores, bound, k)
    return out_s, out_i


#: corpus rows per wanted hit from which :func:`blas_top` ranks on the float32 filter (:func:`_filtered_top_rows`)
#: rather than on the whole float64 product: the filter's float64 recomputation costs about a fixed amount per
#: query (~1.1 k values), the product's saving grows with the corpus (crossover measured at about 8,000
#: passages for k = 100, 384 dimensions; bench/RESULTS.md section 195)
FILTER_ROWS_PER_K = 96


def _filtered_top_rows(queries: np.ndarray, vecs: np.ndarray, scores: np.ndarray, bound: np.ndarray, k: int
                       ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_top_rows` of :func:`blas_scores`'s values (float64 sums rounded to float32) of ``queries``
    against ``vecs``, read off ``scores``, their float32 product, whose values lie within ``bound[i]`` of
    those (:func:`filtered_scores`): only the documents that can reach a row's top ``k`` are recomputed in
    float64 (:func:`exact_scores_at`), ~1.1 k a row.

    Why the same ids and score bits: let ``S`` be the k-th largest float32 score of a row and ``E`` the
    k-th largest exact one. ``k`` documents have ``s >= S``, so their exact values are ``>= S - b`` and
    ``E >= S - b``; a document with ``e >= E`` has ``s >= e - b >= S - 2b``. The floor ``f <= S`` of
    :func:`_kth_floor` keeps every document with ``s >= f - 2b`` (rounded down in float32), so every document
    whose exact value reaches ``E`` (ties at ``E`` included) is a candidate; the candidates are ranked on
    their exact values by score descending, column ascending, as :func:`_top_rows` ranks the float64 product.
    Rows holding NaN (never from finite embeddings) and shapes whose keys do not fit 64 bits take the float64
    product. Hand-written for the same reason as :func:`_top_rows`."""
    m, n = scores.shape
    floor = _kth_floor(scores, k) if 0 < k < n and m and _keys_fit(m, n) else None
    if floor is None:
        return _top_rows(next(blas_scores(queries, vecs))[1] if m else scores, k)
    reach = np.nextafter((floor - 2 * bound).astype(np.float32), np.float32(-np.inf))  # float32 rounded down
    flat = (scores >= reach[:, None]).ravel().nonzero()[0]
    counts = np.diff(np.searchsorted(flat, np.arange(0, (m + 1) * n, n, dtype=np.int64)))
    row_of = np.repeat(np.arange(m, dtype=np.int64), counts)
    cols = flat - row_of * n
    exact = exact_scores_at(queries, vecs, row_of, cols)
    key = _by_row_score_column(row_of, exact, cols, n)
    first = np.zeros(m, dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    chosen = key[(first[:, None] + np.arange(k)).ravel()]
    top_cols = (chosen & np.uint64((1 << _bits(n)) - 1)).astype(np.int64).reshape(m, k)
    # each chosen (row, column)'s exact value, found by its flat position among the candidates
    at = np.searchsorted(flat, (top_cols + np.arange(0, m * n, n, dtype=np.int64)[:, None]).ravel())
    return exact[at].reshape(m, k), top_cols


def blas_scores(queries: np.ndarray, vecs: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """The scores :func:`blas_top` ranks: per chunk of float32 ``queries``, ``(its first row, its (chunk,
    corpus) float32 inner products with vecs)``, chunks bounded by :data:`BLAS_ROWS` and
    :data:`BLAS_SCORES_BYTES`: a query's scores do not depend on its batch.

    Why float64 sums (``dgemm``, rounded to float32): a float32 ``sgemm`` orders a row's sum by the row's
    place in the kernel's register tile, so the same query gets other last bits in another batch. Measured
    on AMD EPYC with numpy's OpenBLAS 0.3.31 (Haswell kernels): in a product of 12k rows, rows 3-5 and 9-11
    of each 12-row tile differ from the same query computed at another place, and so did MKL's (torch);
    the greedy search then broke exact ties (the same text at two places of one batch) by that noise, and
    batched and query-by-query searches chose different texts. A product of two float32 values is exact in
    float64 and the sum's float64 rounding differences (~1e-16 relative) vanish when it is rounded to float32,
    so a row gets the same bits anywhere unless its float64 sums straddle a float32 rounding midpoint: not
    impossible, but no score of 6,000,000 (2,000 x 3,000 x 384) differed between two summation orders
    (bench/RESULTS.md section 72). Cost: ~2x the product's CPU (measured in bench/RESULTS.md section 70);
    the corpus's float64 copy is kept while the corpus array lives (:func:`_float64_copy`) when it holds at
    most :data:`FLOAT64_COPY_BYTES`; a larger corpus (a memory map, or ``exact_search="blas"`` asked for on a
    big one) is converted block by block on every call instead, so memory stays bounded by a block. A
    one-row chunk is padded to two, so that no row goes through ``dgemv``'s other order."""
    n = vecs.shape[0]
    # 8 bytes a float64 score and 4 its float32 copy, both alive at once
    chunk = max(2, min(BLAS_ROWS, BLAS_SCORES_BYTES // (12 * max(n, 1))))
    kept = n * vecs.shape[1] * 8 <= FLOAT64_COPY_BYTES and not isinstance(vecs, np.memmap)
    docs_t = _float64_copy(vecs).T if kept else None
    for lo in range(0, len(queries), chunk):
        q = queries[lo:lo + chunk].astype(np.float64)
        if len(q) == 1:
            q = np.concatenate([q, q])
        if docs_t is not None:
            scores = (q @ docs_t).astype(np.float32)
        else:
            scores = np.empty((len(q), n), dtype=np.float32)
            for d0 in range(0, n, FLOAT64_BLOCK_ROWS):
                block = np.asarray(vecs[d0:d0 + FLOAT64_BLOCK_ROWS], dtype=np.float64)
                scores[:, d0:d0 + len(block)] = q @ block.T
        yield lo, scores[:min(chunk, len(queries) - lo)]


def filtered_scores(queries: np.ndarray, vecs: np.ndarray
                    ) -> Iterator[tuple[int, np.ndarray, np.ndarray | None]]:
    """:func:`blas_scores`'s chunks as a cheap filter: per chunk of float32 ``queries``, ``(its first row, its
    (chunk, corpus) float32 inner products, a per-row error bound)``. The products come from one float32
    ``sgemm`` (half :func:`blas_scores`'s cost, but their last bits depend on the batch); the bound ``b[i]``
    holds for every document ``j``: ``|scores[i, j] - blas_scores'(i, j)| <= b[i]`` (:func:`error_bound`).
    A caller decides on these scores only where they are farther than the bound from its decision value
    and recomputes the rest with :func:`exact_scores_at` (the float64 path's values). Where no bound can be
    given (a non-finite or huge vector, a memory-mapped or too large corpus) the chunk comes with ``None``
    and its scores are :func:`blas_scores`'s own."""
    n = vecs.shape[0]
    if isinstance(vecs, np.memmap) or n * vecs.shape[1] * 8 > FLOAT64_COPY_BYTES or not len(queries):
        for lo, exact in blas_scores(queries, vecs):
            yield lo, exact, None
        return
    chunk = max(2, min(BLAS_ROWS, BLAS_SCORES_BYTES // (12 * max(n, 1))))
    doc_norm = _max_norm(vecs)
    for lo in range(0, len(queries), chunk):
        q = queries[lo:lo + chunk]
        bound = error_bound(q, doc_norm, vecs.shape[1])
        if bound is None:
            yield lo, next(blas_scores(q, vecs))[1], None
        else:
            yield lo, np.matmul(q, vecs.T), bound


def error_bound(queries: np.ndarray, doc_norm: float, dim: int) -> np.ndarray | None:
    """Per query, a bound on how far a float32 inner product (any summation order, with or without FMA: a
    BLAS ``sgemm``, ``einsum``) may lie from :func:`blas_scores`'s value (float64 sums rounded to float32) of
    the same query and any document whose norm is at most ``doc_norm``; None if it cannot be bounded
    (non-finite vectors, or products that could overflow float32).

    Derivation (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., eq. 3.5): with
    ``x = sum q_i d_i`` (exact) and ``A = sum |q_i d_i|``, a float32 dot product of length ``n`` is within
    ``gamma_n A`` of ``x``, ``gamma_n = n u / (1 - n u)``, ``u = 2**-24``, whatever the order of its sums;
    the float64 sum is within ``gamma_n(2**-53) A`` of ``x`` and its rounding to float32 moves it by at most
    ``u |x| <= u A`` (plus ~2**-53 A); underflow adds at most ``2**-126`` per product (even flushed to zero).
    So the two differ by at most ``(gamma_n + 2 u) A + (n + 2) 2**-126``, and ``A <= |q| |d|``
    (Cauchy-Schwarz on ``|q|``, ``|d|``) gives the per-query bound ``(gamma_n + 2 u) |q| max_j |d_j|``,
    inflated by ``2**-10`` relative for the rounding of the norms and of the bound itself (both computed in
    float64). 384 dimensions, unit vectors: 2.3e-5."""
    if not math.isfinite(doc_norm):
        return None
    nu = dim * 2.0**-24
    if nu >= 0.5:
        return None
    gamma = nu / (1 - nu) + 2 * 2.0**-24
    q_norm = np.sqrt(np.einsum("ij,ij->i", queries, queries, dtype=np.float64))
    reach = q_norm * doc_norm
    if not np.isfinite(reach).all() or reach.max(initial=0.0) >= 2.0**120:
        return None
    return reach * (gamma * (1 + 2.0**-10)) + (dim + 2) * 2.0**-126


def exact_scores_at(queries: np.ndarray, vecs: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """:func:`blas_scores`'s values (float64 sums of float32 products, rounded to float32) of the pairs
    ``(queries[rows[p]], vecs[cols[p]])``, ``rows`` ascending: what a caller of :func:`filtered_scores` reads
    where the float32 filter cannot decide.

    Computed per group of :data:`EXACT_GROUP` query rows as one float64 product against the distinct
    documents the group asks for (a gather of a few rows, converted to float64; neighbouring rows, e.g. the
    candidates of one query, ask for the same documents). The float64 sums run in another order than
    :func:`blas_scores`'s ``dgemm``: their differences (~1e-16 relative) vanish in the rounding to float32
    unless a sum straddles a float32 rounding midpoint, the same caveat as :func:`blas_scores`'s own batch
    independence (none of 18.9 million scores differed, bench/RESULTS.md section 73). Hand-written: no library computes
    the dot products of given (row, column) pairs in float64."""
    out = np.empty(len(rows), dtype=np.float32)
    if not len(rows):
        return out
    q64 = np.asarray(queries, dtype=np.float64)
    bounds = np.searchsorted(rows, np.arange(0, len(queries) + EXACT_GROUP, EXACT_GROUP))
    for g, (a, b) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        if a == b:
            continue
        g0 = g * EXACT_GROUP
        docs, inv = np.unique(cols[a:b], return_inverse=True)
        qs = q64[g0:g0 + EXACT_GROUP]
        d64 = vecs[docs].astype(np.float64)
        if len(qs) == 1:  # (two rows: no row through dgemv, as in blas_scores)
            qs = np.concatenate([qs, qs])
        out[a:b] = (qs @ d64.T)[rows[a:b] - g0, inv.ravel()]
    return out


#: query rows per float64 product of :func:`exact_scores_at`
EXACT_GROUP = 16


class _PerArray:
    """Values derived from a corpus array, computed once while that array object lives and dropped when it is
    freed (a weak reference's callback), two arrays kept at most (a study's worker threads may alternate between
    two corpora). One memo for the float64 copies and the row norms, so the rule lives in one place."""

    def __init__(self) -> None:
        self.entries: list[tuple[weakref.ref, Any]] = []

    def get(self, vecs: np.ndarray, compute: Callable[[np.ndarray], Any]) -> Any:
        """``compute(vecs)``, remembered for this array object (recomputed per call for an array type without
        weak references)."""
        for ref, value in list(self.entries):
            if ref() is vecs:
                return value
        value = compute(vecs)
        try:
            ref = weakref.ref(vecs, self._forget)
        except TypeError:
            return value
        # (dead entries skipped too: a callback that ran in another thread between the read and the write)
        self.entries[:] = [(ref, value), *[e for e in self.entries if e[0]() is not None][:1]]
        return value

    def _forget(self, ref: weakref.ref) -> None:
        self.entries[:] = [entry for entry in self.entries if entry[0] is not ref]

    def clear(self) -> None:
        """Forget every array (tests)."""
        self.entries.clear()

    def __len__(self) -> int:
        return len(self.entries)


def _row_norm_max(vecs: np.ndarray) -> float:
    sq = np.einsum("ij,ij->i", vecs, vecs, dtype=np.float64) if len(vecs) else np.zeros(1)
    return float(np.sqrt(sq.max())) if np.isfinite(sq).all() else math.inf


#: the largest row norms of the last corpora :func:`filtered_scores` searched
_NORMS = _PerArray()


def _max_norm(vecs: np.ndarray) -> float:
    """The largest L2 norm of a row of ``vecs`` (float64), kept while that array object lives; inf when a row
    is not finite."""
    return float(_NORMS.get(vecs, _row_norm_max))


#: the largest corpus (in float64 bytes) whose float64 copy :func:`blas_scores` keeps between calls
#: (131,072 x 1,024 dimensions: every in-memory corpus of one search block)
FLOAT64_COPY_BYTES = 1 << 30
#: corpus rows converted to float64 at a time when no copy is kept (32 MiB at 1,024 dimensions)
FLOAT64_BLOCK_ROWS = 4096


#: the float64 copies of the last corpora :func:`blas_scores` searched; a copy never outlives its corpus
_FLOAT64 = _PerArray()


def _float64_copy(vecs: np.ndarray) -> np.ndarray:
    """``vecs`` as float64, computed once while that array object lives, dropped when it is freed. A float64
    array is its own copy and is not kept (an entry holding it would keep it alive)."""
    if vecs.dtype == np.float64:
        return vecs
    copy: np.ndarray = _FLOAT64.get(vecs, lambda v: np.asarray(v, dtype=np.float64))
    return copy


def _top_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` largest scores and their columns, best first, equal scores by column ascending.

    The columns are chosen by value, without partitioning the whole row: a floor at most each row's k-th
    largest score comes from the maxima of :data:`TOP_BLOCKS_PER_K` ``* k`` column blocks
    (:func:`_kth_floor`, one pass over the scores and a partition of a row of block maxima, not of the
    corpus); the ~1.07 k columns reaching that floor (every one of the top ``k``, ties at the k-th
    included) are then ordered by score descending, column ascending, in ONE sort of 64-bit keys for the
    whole chunk (row, score bits, column: :func:`_by_row_score_column`), and each row keeps its first
    ``k``. That is the set and order :func:`_top_rows_indexed` gives (tests/test_exact_search.py), without
    the partition of a copy of every score (BoolQ, 4,910 x 2,939: bench/RESULTS.md section 83).
    Rows holding NaN (never from finite embeddings), and shapes whose keys do not fit 64 bits, go through
    :func:`_top_rows_indexed`. Hand-written: numpy has no top-k with a tie rule."""
    m, n = scores.shape
    if k == 0 or k >= n or not m or not _keys_fit(m, n):
        return _top_rows_indexed(scores, k)
    floor = _kth_floor(scores, k)
    if floor is None:  # a NaN score: the index path keeps its order
        return _top_rows_indexed(scores, k)
    # flat positions, row by row and column ascending (a 1-D nonzero is ~4x cheaper than a 2-D one); each
    # row's count from where its first position would go (cheaper than counting the mask row by row)
    flat = (scores >= floor[:, None]).ravel().nonzero()[0]
    counts = np.diff(np.searchsorted(flat, np.arange(0, (m + 1) * n, n, dtype=np.int64)))
    row_of = np.repeat(np.arange(m, dtype=np.int64), counts)
    row_start = row_of * n
    key = _by_row_score_column(row_of, scores.ravel().take(flat), flat - row_start, n)
    first = np.zeros(m, dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    chosen = key[(first[:, None] + np.arange(k)).ravel()]
    cols = (chosen & np.uint64((1 << _bits(n)) - 1)).astype(np.int64).reshape(m, k)
    starts = np.arange(0, m * n, n, dtype=np.int64)[:, None]
    return scores.ravel().take(cols + starts), cols


#: column blocks per wanted hit in :func:`_kth_floor`: the k-th largest of ``5 k`` block maxima lets through
#: ~1.07 k columns a row on BoolQ (a tighter floor, more blocks, costs more to partition)
TOP_BLOCKS_PER_K = 5


def _kth_floor(scores: np.ndarray, k: int) -> np.ndarray | None:
    """Per row, a value at most its ``k``-th largest score: the ``k``-th largest of the maxima of ``B``
    disjoint column blocks (``B = min(n, TOP_BLOCKS_PER_K * k)``; block ``j`` holds columns ``j, j + B, ...``).
    Why it is a floor: ``k`` distinct blocks have a maximum at least that value, so ``k`` distinct scores
    reach it. None if a row holds NaN (``maximum`` carries it into a block maximum)."""
    n = scores.shape[1]
    width = min(n, TOP_BLOCKS_PER_K * k)
    blocks = scores[:, :width].copy()
    for lo in range(width, n, width):
        part = scores[:, lo:lo + width]
        np.maximum(blocks[:, :part.shape[1]], part, out=blocks[:, :part.shape[1]])
    if np.isnan(blocks).any():
        return None
    return np.partition(blocks, width - k, axis=1)[:, width - k]


def _bits(n: int) -> int:
    """Bits that hold a column index below ``n``."""
    return max(1, (n - 1).bit_length())


def _keys_fit(m: int, n: int) -> bool:
    """Whether :func:`_by_row_score_column`'s keys of ``m`` rows and ``n`` columns fit 64 bits."""
    return _bits(m) + 32 + _bits(n) <= 64


def _by_row_score_column(rows: np.ndarray, values: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """The 64-bit keys ``(row, score descending, column ascending)`` of the given entries, sorted: one flat sort
    orders every row's entries as :func:`_by_score_then_column` orders a row (the score bits made an
    order-keeping unsigned integer, -0.0 as 0.0). The column is the key's low :func:`_bits` ``(n)`` bits."""
    col_bits = _bits(n)
    key = (rows.astype(np.uint64) << np.uint64(32 + col_bits)) | (_descending_bits(values) << np.uint64(col_bits))
    key |= cols.astype(np.uint64)
    key.sort()
    return key


def _descending_bits(values: np.ndarray) -> np.ndarray:
    """float32 scores as uint64 keys below 2**32 that sort ascending for descending scores (-0.0 as 0.0; NaN is
    the caller's to keep out)."""
    bits = (values + np.float32(0.0)).view(np.uint32).astype(np.uint64)  # + 0.0: -0.0 becomes 0.0
    # a non-negative score's bits (< 2**31) reversed below 2**31, a negative score's bits (>= 2**31, larger for
    # more negative) kept as they are above it
    return np.where(bits >= 2**31, bits, np.uint64(2**31 - 1) - bits)


def _top_rows_indexed(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_top_rows` through ``argpartition`` (its column indices): every case, NaN scores included."""
    n = scores.shape[1]
    if k == 0:
        return scores[:, :0], np.zeros((len(scores), 0), dtype=np.int64)
    if k < n:
        cols = np.argpartition(scores, n - k, axis=1)[:, n - k:]
        top = np.take_along_axis(scores, cols, axis=1)
        kth = top.min(axis=1)
        # argpartition keeps an arbitrary subset of the scores equal to the k-th: where more than k
        # scores reach it, keep those above it and the earliest columns equal to it
        for r in np.flatnonzero(np.count_nonzero(scores >= kth[:, None], axis=1) > k):
            row = scores[r]
            above = np.flatnonzero(row > kth[r])
            cols[r] = np.concatenate([above, np.flatnonzero(row == kth[r])[:k - len(above)]])
            top[r] = row[cols[r]]
    else:
        cols = np.broadcast_to(np.arange(n), scores.shape)
        top = scores
    if np.isnan(top).any():  # (never from finite embeddings)
        order = np.lexsort((cols, -top), axis=-1)
        return np.take_along_axis(top, order, axis=1), np.take_along_axis(cols, order, axis=1)
    cols = _by_score_then_column(top, cols)
    return np.take_along_axis(scores, cols, axis=1), cols


def _by_score_then_column(top: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Each row's ``cols`` ordered by their float32 scores ``top`` descending, then by column ascending
    (``np.take_along_axis(cols, np.lexsort((cols, -top)), 1)``) through one sort of 64-bit keys: the score's
    bits made an order-keeping unsigned integer (high half) over the column (low half). numpy sorts such
    keys with SIMD: 2.5x cheaper than the lexsort and its gathers (5,000 rows of 100; bench/RESULTS.md).
    -0.0 ranks as 0.0, as the float comparison has it; NaN is the caller's to keep out. Hand-written: numpy
    has no one-pass sort on two keys."""
    key = (_descending_bits(top) << np.uint64(32)) | cols.astype(np.uint64)
    key.sort(axis=1)
    return (key & np.uint64(2**32 - 1)).astype(np.int64)


def _release(vecs: np.ndarray, lo: int, hi: int) -> None:
    """Drop rows ``lo:hi`` of a memory-mapped array from the process's resident pages (they stay in
    the page cache, so touching them again costs no disk read); nothing for an in-memory array."""
    import mmap

    m = getattr(vecs, "_mmap", None)
    if m is None or not hasattr(m, "madvise") or getattr(vecs, "mode", None) != "r":
        return  # only a read-only map: dropping a copy-on-write map's pages would drop its changes
    row = vecs.shape[1] * vecs.itemsize
    base = int(getattr(vecs, "offset", 0)) % mmap.ALLOCATIONGRANULARITY  # where the array starts in the map
    start = base + lo * row
    aligned = start - start % mmap.PAGESIZE
    m.madvise(mmap.MADV_DONTNEED, aligned, min(len(m), base + hi * row) - aligned)


def recall_at(index: VectorIndex, queries: np.ndarray, depth: int = RECALL_DEPTH) -> float:
    """Mean share of the exact top-``depth`` documents that ``index`` also returns in its top ``depth``
    (1.0 for exact search; ``depth`` is capped by the corpus size)."""
    n = index.vecs.shape[0]
    depth = min(depth, n)
    if depth == 0 or len(queries) == 0:
        return 1.0
    _, approx = index.search(queries, depth)
    _, exact = index.exact_search(queries, depth)
    return _overlap(approx, exact, depth)


def _overlap(approx: np.ndarray, exact: np.ndarray, depth: int) -> float:
    hits = [len(set(a[a >= 0].tolist()) & set(e.tolist())) for a, e in zip(approx, exact, strict=False)]
    return float(np.mean(hits) / depth)
