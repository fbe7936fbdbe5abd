"""Exact search's float32 filter (``robustir.index.filtered_scores``) with float64 decisions.

The greedy goal's counts (best relevant score, k-th non-relevant score, rank of the best relevant document)
are computed on a float32 product, recomputing only the values within the proved error bound of what the
counts read. These tests pin that the bound holds and that the counts equal, bit for bit, those of the
whole float64 product (``blas_scores``), on random shapes with planted exact and near ties.
"""

from __future__ import annotations

import numpy as np
import pytest

import robustir.index
from robustir.index import blas_scores, error_bound, exact_scores_at, filtered_scores
from robustir.retrieval import Retriever


def _corpus(rng: np.random.Generator, n: int, dim: int, scale: float) -> np.ndarray:
    """Unit (times ``scale``) vectors with planted exact duplicates and near duplicates (a few ulps apart)."""
    x = rng.standard_normal((n, dim)).astype(np.float32)
    x = (x / np.linalg.norm(x, axis=1, keepdims=True) * scale).astype(np.float32)
    for _ in range(max(1, n // 8)):
        a, b = rng.integers(0, n, 2)
        x[b] = x[a]  # an exact tie
        c = rng.integers(0, n)
        x[c] = np.nextafter(x[a], np.float32(np.inf)) if rng.random() < 0.5 else x[a] * np.float32(1 + 2**-22)
    return x


def _queries(rng: np.random.Generator, docs: np.ndarray, m: int) -> np.ndarray:
    q = rng.standard_normal((m, docs.shape[1])).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    near = rng.random(m) < 0.5  # half of them near a document: many scores close to the top ones
    q[near] = docs[rng.integers(0, len(docs), near.sum())] + 1e-3 * q[near]
    q[:2] = q[min(2, m - 1)]  # repeated candidates, as the greedy search asks for
    return q


def _retriever(docs: np.ndarray) -> Retriever:
    r = object.__new__(Retriever)  # only what the score-matrix counts read
    r.doc_vecs = docs
    r.doc_ids = [str(i) for i in range(len(docs))]
    return r


def _whole_float64(q: np.ndarray, docs: np.ndarray):
    return ((lo, s, None) for lo, s in blas_scores(q, docs))


@pytest.mark.parametrize("seed", range(12))
def test_the_bound_holds_and_exact_values_are_the_float64_products(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, dim, m = int(rng.integers(2, 400)), int(rng.integers(1, 200)), int(rng.integers(1, 40))
    docs = _corpus(rng, n, dim, float(rng.choice([1.0, 0.01, 30.0])))
    q = _queries(rng, docs, m)
    exact = np.concatenate([s for _, s in blas_scores(q, docs)])
    got = np.concatenate([s for _, s, _ in filtered_scores(q, docs)])
    bound = error_bound(q, float(np.linalg.norm(docs.astype(np.float64), axis=1).max()), dim)
    assert bound is not None
    assert (np.abs(got.astype(np.float64) - exact) <= bound[:, None]).all()
    rows, cols = np.nonzero(rng.random((m, n)) < 0.3)
    assert exact_scores_at(q, docs, rows, cols).tobytes() == exact[rows, cols].tobytes()


@pytest.mark.parametrize("seed", range(30))
def test_goal_counts_on_the_filter_equal_those_on_the_float64_product(seed: int, monkeypatch) -> None:
    rng = np.random.default_rng(100 + seed)
    n, dim, m = int(rng.integers(30, 700)), int(rng.choice([8, 32, 384])), int(rng.integers(1, 60))
    docs = _corpus(rng, n, dim, float(rng.choice([1.0, 3.0])))
    q = _queries(rng, docs, m)
    width = int(rng.integers(1, 4))
    rel_ids = rng.integers(0, n, (m, width))
    rel_ok = rng.random((m, width)) < 0.8
    # relevant documents tied or nearly tied with non-relevant ones, and at the top of their query
    dup = rng.integers(0, n, m)
    rel_ids[:, 0] = np.where(rng.random(m) < 0.5, dup, rel_ids[:, 0])
    k = int(rng.integers(1, 12))
    top = min(n, max(k, int(rng.choice([10, 20, 100]))) + width)
    # and relevant documents at the edge of the top list and at the k-th place, each with a non-relevant
    # near duplicate (a few ulps off, or exact) next to it: ties and near ties where the counts decide
    at = np.argsort(-np.concatenate([s for _, s in blas_scores(q, docs)]), axis=1, kind="stable")
    for i in rng.choice(m, size=min(m, 8), replace=False):
        j = at[i, min(n - 1, int(rng.choice([top - 2, top - 1, top, k - 1])))]
        twin = int(rng.integers(0, n))
        if twin != j:
            docs[twin] = rng.choice([docs[j], np.nextafter(docs[j], np.float32(np.inf)),
                                     docs[j] * np.float32(1 - 2**-23)])
            rel_ids[i, -1], rel_ok[i, -1] = (j, True) if rng.random() < 0.5 else (twin, True)
    r = _retriever(docs.copy())  # (a new array: blas_scores keeps a float64 copy per corpus array object)
    with monkeypatch.context() as mp:
        mp.setattr(robustir.index, "filtered_scores", _whole_float64)
        want = r._ranks_from_scores(q, rel_ids, rel_ok, k, top)
    got = r._ranks_from_scores(q, rel_ids, rel_ok, k, top)
    has = rel_ok.any(axis=1)
    for g, w in zip(got, want, strict=True):
        assert g[has].tobytes() == w[has].tobytes()


def test_a_non_finite_corpus_falls_back_to_the_float64_product() -> None:
    docs = np.ones((5, 4), dtype=np.float32)
    docs[2, 1] = np.inf
    q = np.ones((3, 4), dtype=np.float32)
    (_, s, bound), = filtered_scores(q, docs)
    assert bound is None
    assert s.tobytes() == next(blas_scores(q, docs))[1].tobytes()
