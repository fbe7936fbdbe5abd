"""Exact search through a BLAS product and a top-k with a stated tie rule (``robustir.index.blas_top``).

It replaces faiss's flat search for in-memory corpora; these tests pin what that may change (the last
bits of a score, the order of scores tied within 1e-6) and what it may not (the documents found, the
metrics, the perturbed texts), and the property faiss's search lacks: a query's results do not depend
on the batch it is searched in.
"""

import hashlib
import warnings

import numpy as np
import pytest

import robustir.index
from robustir.index import VectorIndex, blas_top
from robustir.retrieval import Retriever
from tests.fakes import BagOfWordsEncoder, toy_benchmark

TIE = 1e-6


def _unit(rng, n, d):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _fixture(seed, n_docs, n_queries, dim):
    rng = np.random.default_rng(seed)
    docs = _unit(rng, n_docs, dim)
    docs[n_docs // 2: n_docs // 2 + 5] = docs[3]  # duplicated passages: exact ties
    queries = _unit(rng, n_queries, dim)
    queries[0] = docs[3]
    return docs, queries


def _faiss(queries, docs, k):
    import faiss

    ref = faiss.IndexFlatIP(docs.shape[1])
    ref.add(docs)
    return ref.search(queries, k)


@pytest.mark.parametrize("seed, n_docs, n_queries, dim, k", [(0, 500, 40, 32, 50), (1, 2939, 30, 384, 100),
                                                              (2, 120, 25, 16, 120), (3, 1000, 3, 64, 10)])
def test_top_k_equals_faiss_wherever_scores_are_not_tied(seed, n_docs, n_queries, dim, k):
    docs, queries = _fixture(seed, n_docs, n_queries, dim)
    want_s, want_i = _faiss(queries, docs, k)
    got_s, got_i = VectorIndex(docs, "flat").search(queries, k)
    assert got_s.shape == want_s.shape and got_i.dtype == want_i.dtype
    np.testing.assert_allclose(got_s, want_s, rtol=0, atol=TIE)
    compared = 0
    for s, gi, wi in zip(got_s, got_i, want_i, strict=True):
        gap = np.abs(np.diff(s.astype(np.float64)))
        alone = np.ones(len(s), dtype=bool)  # no other score of the list within 1e-6 of this one
        alone[:-1] &= gap > TIE
        alone[1:] &= gap > TIE
        alone[-1] = False  # the k-th: a score just below the list may tie with it
        assert (gi[alone] == wi[alone]).all()
        # tied runs hold the same documents (unless they reach the end of the list)
        assert set(gi[s > s[-1] + TIE].tolist()) == set(wi[s > s[-1] + TIE].tolist())
        compared += int(alone.sum())
    assert compared > n_queries  # the fixture is not all ties


def test_ties_go_to_the_earlier_corpus_row_also_at_the_k_th_place():
    docs = np.zeros((12, 4), dtype=np.float32)
    docs[:, 0] = [0.5, 0.9, 0.5, 0.1, 0.5, 0.9, 0.5, 0.0, 0.5, 0.2, 0.9, 0.5]
    q = np.array([[1, 0, 0, 0], [2, 0, 0, 0]], dtype=np.float32)
    s, i = blas_top(q, docs, 5)
    assert i.tolist() == [[1, 5, 10, 0, 2], [1, 5, 10, 0, 2]]
    assert s[0].tolist() == pytest.approx([0.9, 0.9, 0.9, 0.5, 0.5])
    s, i = blas_top(q[:1], docs, 100)  # k beyond the corpus: everything, best first
    assert i[0].tolist() == [1, 5, 10, 0, 2, 4, 6, 8, 11, 9, 3, 7]
    want = _faiss(q, docs, 15)  # through the index: padded to k as faiss pads
    got = VectorIndex(docs).search(q, 15)
    assert got[1].tolist() == [[1, 5, 10, 0, 2, 4, 6, 8, 11, 9, 3, 7, -1, -1, -1]] * 2
    assert (got[1] < 0).tolist() == (want[1] < 0).tolist() and got[0][:, 12:].tobytes() == want[0][:, 12:].tobytes()


@pytest.mark.parametrize("chunk_bytes", [None, 3 * 4 * 2939])
def test_results_do_not_depend_on_the_batch(monkeypatch, chunk_bytes):
    """Unlike faiss.knn (whose scores for a query differ in the last bits between small and large
    batches), each query gets the same bits alone, in any slice of a batch and in any chunking."""
    if chunk_bytes:  # chunks of 3 queries: 31 = 10 x 3 + 1 leaves a one-query chunk
        monkeypatch.setattr(robustir.index, "BLAS_SCORES_BYTES", chunk_bytes)
    docs, queries = _fixture(5, 2939, 31, 384)
    all_s, all_i = blas_top(queries, docs, 100)
    for lo, hi in [(0, 1), (7, 8), (30, 31), (0, 2), (3, 20), (1, 31)]:
        s, i = blas_top(queries[lo:hi], docs, 100)
        assert s.tobytes() == all_s[lo:hi].tobytes() and i.tobytes() == all_i[lo:hi].tobytes()


def test_which_search_runs_is_chosen_from_the_corpus_and_recorded(tmp_path):
    docs, queries = _fixture(6, 300, 5, 32)
    np.save(tmp_path / "v.npy", docs)
    assert VectorIndex(docs).describe() == {"type": "flat", "params": {}, "search": "blas"}
    mapped = VectorIndex(np.load(tmp_path / "v.npy", mmap_mode="r"))
    assert mapped.describe()["search"] == "faiss"  # memory-mapped corpora: faiss, block by block
    want = _faiss(queries, docs, 20)
    assert all(a.tobytes() == b.tobytes() for a, b in zip(mapped.search(queries, 20), want, strict=True))
    assert "search" not in VectorIndex(docs, "ivf:nlist=4,nprobe=4").describe()
    with pytest.raises(ValueError, match="exact_search"):
        VectorIndex(docs, exact_search="numpy")


class DenseWordsEncoder(BagOfWordsEncoder):
    """Each word a fixed random direction (seeded by its md5): sums of them tie only for equal word bags,
    unlike the counts of ``BagOfWordsEncoder``, whose many exactly tied scores either search may order
    either way once their last bits differ."""

    def __init__(self, dim: int = 64) -> None:
        super().__init__(dim, name="dense-words")
        self.fingerprint = hashlib.sha256(f"dense-words-{dim}".encode()).hexdigest()

    def _encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                seed = int.from_bytes(hashlib.md5(w.strip("?.,!").encode()).digest()[:4], "little")
                out[i] += np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i, -1] += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.mark.parametrize("recipe", ["typo", "typo-adv"])
def test_metrics_and_perturbed_texts_equal_the_faiss_paths(tmp_path, monkeypatch, recipe):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    import robustir

    bench = toy_benchmark(60)
    results = {}
    for method in ("blas", "faiss"):
        enc = DenseWordsEncoder()
        retriever = Retriever(enc, bench, cache_dir=tmp_path / "emb", exact_search=method)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            results[method] = robustir.evaluate(enc, bench, recipe, samples=2, seed=3, bootstrap_resamples=200,
                                                retriever=retriever)
    blas, ref = results["blas"], results["faiss"]
    assert blas.provenance["index"]["search"] == "blas" and ref.provenance["index"]["search"] == "faiss"
    assert len(blas.queries) == len(ref.queries) == len(bench.queries)
    for a, b in zip(blas.queries, ref.queries, strict=True):
        assert a.clean.keys() == b.clean.keys()
        assert all(a.clean[m] == pytest.approx(b.clean[m], abs=1e-6) for m in a.clean)
        assert [s["text"] for s in a.attacked] == [s["text"] for s in b.attacked]
        for sa, sb in zip(a.attacked, b.attacked, strict=True):
            assert all(sa["metrics"][m] == pytest.approx(sb["metrics"][m], abs=1e-6) for m in sa["metrics"])
    assert any(s["text"] != q.text for q in blas.queries for s in q.attacked)  # something was attacked


def _lexsorted(scores, k):
    """The top-k by (score descending, column ascending) through numpy's lexsort: the rule, spelled out."""
    order = np.lexsort((np.broadcast_to(np.arange(scores.shape[1]), scores.shape), -scores), axis=-1)[:, :k]
    return np.take_along_axis(scores, order, axis=1), order


@pytest.mark.parametrize("k", [1, 7, 40, 64])
def test_the_key_sort_orders_as_lexsort_with_negatives_zeros_infinities_and_ties(k):
    rng = np.random.default_rng(k)
    scores = rng.choice(np.array([-2.5, -1.0, -1e-30, -0.0, 0.0, 1e-30, 0.5, 1.0, 3.0, np.inf, -np.inf],
                                 dtype=np.float32), size=(300, 64))
    scores[:100] = rng.standard_normal((100, 64)).astype(np.float32)  # and rows without ties
    got_s, got_i = robustir.index._top_rows(scores, k)
    want_s, want_i = _lexsorted(scores, k)
    assert np.array_equal(got_i, want_i)
    assert np.array_equal(got_s.view(np.uint32), want_s.view(np.uint32))  # -0.0 stays -0.0
    if k >= 40:  # the fixture reaches -0.0 and 0.0 among the top k
        assert np.any(want_s == 0.0) and np.any(np.signbit(want_s) & (want_s == 0.0))


def test_a_nan_score_keeps_lexsorts_order():
    scores = np.array([[0.5, np.nan, 0.5, 1.0, -1.0]], dtype=np.float32)
    got_s, got_i = robustir.index._top_rows(scores, 5)
    want_s, want_i = _lexsorted(scores, 5)
    assert np.array_equal(got_i, want_i) and np.array_equal(got_s, want_s, equal_nan=True)


@pytest.mark.parametrize("k", [1, 3, 5, 8, 11])
def test_the_top_k_by_value_equals_the_top_k_by_index(k):
    """``_top_rows`` picks each row's columns by its k-th score (partition, mask) instead of ``argpartition``'s
    indices: the same scores and columns, with ties at the k-th (the earliest columns win), -0.0 beside 0.0,
    infinities, whole rows of one value, and NaN rows (handed to the index path)."""
    from robustir.index import _top_rows, _top_rows_indexed

    rng = np.random.default_rng(k)
    scores = rng.integers(-3, 4, size=(40, 12)).astype(np.float32) / 2  # many exact ties at every rank
    scores[0] = 0.0
    scores[1, ::2] = -0.0
    scores[2, :3] = [np.inf, -np.inf, np.inf]
    scores[3] = 1.5
    got = _top_rows(scores.copy(), k)
    want = _top_rows_indexed(scores.copy(), k)
    assert got[0].tobytes() == want[0].tobytes() and got[1].tobytes() == want[1].tobytes()
    assert got[1][0].tolist() == list(range(k))  # a whole tied row: its first k columns
    with_nan = scores.copy()
    with_nan[5, 4] = np.nan
    got = _top_rows(with_nan.copy(), k)
    want = _top_rows_indexed(with_nan.copy(), k)
    assert got[1].tobytes() == want[1].tobytes() and np.array_equal(got[0], want[0], equal_nan=True)


def test_the_float64_copy_of_a_corpus_is_freed_with_the_corpus():
    import gc
    import weakref

    docs, queries = _fixture(5, 40, 3, 8)
    expected = blas_top(queries, docs, 4)
    copy = weakref.ref(robustir.index._float64_copy(docs))
    assert robustir.index._float64_copy(docs) is copy()  # kept while the corpus lives
    got = blas_top(queries, docs, 4)
    assert all(np.array_equal(a, b) for a, b in zip(expected, got, strict=True))
    del docs
    gc.collect()
    assert copy() is None  # (kept before: up to two corpora's float64 copies outlived their arrays)
    as64 = np.ones((3, 2))
    assert robustir.index._float64_copy(as64) is as64
    held = weakref.ref(as64)
    del as64
    gc.collect()
    assert held() is None  # a float64 corpus is not held alive by its own "copy"


def test_a_corpus_too_big_for_a_float64_copy_is_converted_block_by_block(monkeypatch):
    """review8 (RESULTS section 72, finding 8): ``exact_search="blas"`` on a large or memory-mapped corpus
    copied all of it to float64; above ``FLOAT64_COPY_BYTES`` it is converted a block at a time, no copy is
    kept, and the scores are the same bits."""
    docs, queries = _fixture(7, 1000, 9, 32)
    want_s, want_i = blas_top(queries, docs, 50)
    robustir.index._FLOAT64.clear()
    monkeypatch.setattr(robustir.index, "FLOAT64_COPY_BYTES", 1000 * 32 * 8 - 1)
    monkeypatch.setattr(robustir.index, "FLOAT64_BLOCK_ROWS", 64)
    got_s, got_i = blas_top(queries, docs, 50)
    assert got_s.tobytes() == want_s.tobytes() and got_i.tobytes() == want_i.tobytes()
    assert not robustir.index._FLOAT64  # nothing kept


@pytest.mark.parametrize("seed", range(6))
def test_the_block_floor_is_at_most_the_kth_score_and_the_top_k_keeps_lexsorts_set_and_order(seed):
    """``_top_rows`` keeps the columns reaching a floor from block maxima (``_kth_floor``), not the k-th score
    itself: the floor never exceeds a row's k-th largest score, and the top-k equals lexsort's on shapes where
    the blocks are fewer than the columns (k * TOP_BLOCKS_PER_K < n), with ties straddling the k-th place."""
    from robustir.index import TOP_BLOCKS_PER_K, _kth_floor, _top_rows

    rng = np.random.default_rng(seed)
    for _ in range(25):
        m, k = int(rng.integers(1, 30)), int(rng.integers(1, 12))
        n = int(rng.integers(k * TOP_BLOCKS_PER_K + 1, k * TOP_BLOCKS_PER_K * 8))
        if seed % 2:  # few distinct values: ties at every rank, the k-th included
            scores = (rng.integers(-4, 5, size=(m, n)) / 4).astype(np.float32)
        else:
            scores = rng.standard_normal((m, n)).astype(np.float32)
            scores[:, rng.integers(0, n, 3)] = scores[:, :1]  # planted exact ties
        floor = _kth_floor(scores, k)
        kth = -np.sort(-scores, axis=1)[:, k - 1]
        assert floor is not None and np.all(floor <= kth)
        got_s, got_i = _top_rows(scores, k)
        want_s, want_i = _lexsorted(scores, k)
        assert np.array_equal(got_i, want_i) and got_s.tobytes() == want_s.tobytes()
    with_nan = rng.standard_normal((3, 80)).astype(np.float32)
    with_nan[1, 7] = np.nan
    assert _kth_floor(with_nan, 4) is None  # a NaN row: the index path decides
