"""Exact top-k on the float32 filter (``robustir.index.blas_top`` over ``filtered_scores``; section 195).

A corpus of at least ``FILTER_ROWS_PER_K * k`` rows is ranked on a float32 product whose values lie within a
proved bound of the float64 product's, recomputing in float64 only the documents that can reach a row's top
``k``. These tests pin that the returned ids and score bits equal those of the whole float64 product
(``_top_rows`` over ``blas_scores``) on random shapes with planted exact and near ties at the k-th place, and
that the filter runs only from the threshold on.
"""

from __future__ import annotations

import numpy as np
import pytest

import robustir.index
from robustir.index import _top_rows, blas_scores, blas_top
from tests.test_filtered_scores import _corpus, _queries


def _float64_top(q: np.ndarray, docs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The float64 path: the whole float64 product ranked by ``_top_rows``."""
    parts = [_top_rows(s, min(k, len(docs))) for _, s in blas_scores(q, docs)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _tied_at_the_kth(rng: np.random.Generator, docs: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    """``docs`` with copies and one-ulp neighbours of query 0's k-th document planted around it: exact ties and
    near ties at the place the filter's candidate band has to cover."""
    docs = docs.copy()
    order = np.argsort(-(docs.astype(np.float64) @ q[0].astype(np.float64)), kind="stable")
    kth = docs[order[min(k, len(docs)) - 1]].copy()
    for j in rng.choice(len(docs), size=min(len(docs), 6), replace=False):
        step = rng.integers(0, 3)
        docs[j] = kth if step == 0 else np.nextafter(kth, np.float32(np.inf if step == 1 else -np.inf))
    return docs


@pytest.mark.parametrize("seed", range(24))
def test_the_filtered_top_k_equals_the_float64_products_ids_and_bits(monkeypatch: pytest.MonkeyPatch,
                                                                     seed: int) -> None:
    monkeypatch.setattr(robustir.index, "FILTER_ROWS_PER_K", 0)  # the filter for every corpus size
    rng = np.random.default_rng(seed)
    n, dim, m = int(rng.integers(2, 500)), int(rng.integers(1, 200)), int(rng.integers(1, 50))
    k = int(rng.choice([1, 2, 10, max(1, n // 3), n - 1 or 1, n, n + 3]))
    docs = _corpus(rng, n, dim, float(rng.choice([1.0, 0.01, 30.0])))
    q = _queries(rng, docs, m)
    docs = _tied_at_the_kth(rng, docs, q, k)
    want_s, want_i = _float64_top(q, docs, k)
    got_s, got_i = blas_top(q, docs, k)
    assert np.array_equal(got_i, want_i)
    assert np.array_equal(got_s.view(np.uint32), want_s.view(np.uint32))  # bit for bit, -0.0 included


def test_the_filter_ranks_from_the_threshold_on_and_the_float64_product_below(
        monkeypatch: pytest.MonkeyPatch) -> None:
    recomputed: list[int] = []
    exact_scores_at = robustir.index.exact_scores_at

    def spy(queries: np.ndarray, vecs: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        recomputed.append(len(rows))
        return exact_scores_at(queries, vecs, rows, cols)

    monkeypatch.setattr(robustir.index, "exact_scores_at", spy)
    rng = np.random.default_rng(7)
    k = 5
    at = robustir.index.FILTER_ROWS_PER_K * k
    for n, filtered in ((at - 1, False), (at, True)):
        docs = _corpus(rng, n, 24, 1.0)
        q = _queries(rng, docs, 30)
        recomputed.clear()
        got_s, got_i = blas_top(q, docs, k)
        want_s, want_i = _float64_top(q, docs, k)
        assert np.array_equal(got_i, want_i) and np.array_equal(got_s.view(np.uint32), want_s.view(np.uint32))
        assert bool(recomputed) == filtered
        if filtered:  # only the candidates of each row's top k are recomputed, not the whole product
            assert k * len(q) <= sum(recomputed) < len(q) * n // 4


def test_a_corpus_without_a_bound_is_ranked_on_the_float64_product(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(robustir.index, "FILTER_ROWS_PER_K", 0)
    rng = np.random.default_rng(3)
    docs = _corpus(rng, 200, 16, 1.0)
    docs[5] = np.float32(1e37)  # products that could overflow float32: no bound, the float64 product ranks
    q = _queries(rng, docs, 12)
    want_s, want_i = _float64_top(q, docs, 10)
    got_s, got_i = blas_top(q, docs, 10)
    assert np.array_equal(got_i, want_i)
    assert np.array_equal(got_s.view(np.uint32), want_s.view(np.uint32))
