import numpy as np
import pytest

from robustir.retrieval import Retriever, corpus_embeddings
from tests.fakes import BagOfWordsEncoder, toy_benchmark


def test_search_is_exact_and_corpus_cache_is_reused(tmp_path):
    bench = toy_benchmark()
    enc = BagOfWordsEncoder()
    r = Retriever(enc, bench, cache_dir=tmp_path)
    texts = [q.text for q in bench.queries]
    hits = r.search(texts, k=5)
    docs = enc.encode_passages(bench.corpus_texts())
    qv = enc.encode_queries(texts)
    expected = -np.sort(-(qv @ docs.T), axis=1)[:, :5]
    for row, exp in zip(hits, expected, strict=False):
        assert [h[1] for h in row] == pytest.approx(list(exp), abs=1e-6)
    # each query finds its relevant document first in this toy corpus
    assert all(row[0][0] == next(iter(bench.qrels[q.id])) for row, q in zip(hits, bench.queries, strict=False))
    # second retriever: corpus comes from the cache, the encoder sees no passage
    enc2 = BagOfWordsEncoder()
    Retriever(enc2, bench, cache_dir=tmp_path)
    assert enc2.calls == 0


def test_corrupt_cache_is_detected_and_recomputed(tmp_path):
    bench = toy_benchmark()
    enc = BagOfWordsEncoder()
    first = corpus_embeddings(enc, bench, cache_dir=tmp_path)
    npy = next(tmp_path.glob("*.npy"))
    data = bytearray(npy.read_bytes())
    data[-1] ^= 0xFF
    npy.write_bytes(bytes(data))
    enc2 = BagOfWordsEncoder()
    with pytest.warns(UserWarning, match="corrupt"):
        again = corpus_embeddings(enc2, bench, cache_dir=tmp_path)
    assert enc2.calls > 0
    np.testing.assert_array_equal(first, again)


def test_queries_are_encoded_once(tmp_path):
    bench = toy_benchmark()
    enc = BagOfWordsEncoder()
    r = Retriever(enc, bench, cache_dir=tmp_path)
    seen = len(enc.texts_seen)
    r.search(["a b c", "a b c", "d e"], k=3)
    r.search(["a b c"], k=3)
    assert enc.texts_seen[seen:] == ["a b c", "d e"]
    assert r.texts_encoded == 2


def test_score_against_matches_brute_force(tmp_path):
    bench = toy_benchmark()
    enc = BagOfWordsEncoder()
    r = Retriever(enc, bench, cache_dir=tmp_path)
    texts = ["what is the river number 0", "violin galaxy", "nothing in common"]
    rel, kth, rank = r.score_against(texts, ["d0", "d2"], k=3)
    sims = enc.encode_queries(texts) @ enc.encode_passages(bench.corpus_texts()).T
    for i in range(3):
        best_rel = max(sims[i, 0], sims[i, 2])
        nonrel = np.sort(np.delete(sims[i], [0, 2]))[::-1]
        assert rel[i] == pytest.approx(best_rel, abs=1e-6)
        assert kth[i] == pytest.approx(nonrel[2], abs=1e-6)
        assert rank[i] == 1 + int((nonrel > best_rel).sum())


def _brute(sims: np.ndarray, rel: list[int], k: int) -> tuple[float, float, int]:
    best = max(sims[j] for j in rel)
    nonrel = np.sort(np.delete(sims, rel))[::-1]
    return best, nonrel[k - 1], 1 + int((nonrel > best).sum())


def test_score_many_scores_many_queries_exactly_without_a_corpus_matrix(tmp_path):
    bench = toy_benchmark()
    enc = BagOfWordsEncoder()
    r = Retriever(enc, bench, cache_dir=tmp_path)
    texts = ["what is the river number 0", "violin galaxy", "nothing in common", "comet number 9 comet"]
    relevant = [["d0"], ["d2", "d3"], ["d1"], ["d9", "d24", "nope"]]
    calls = enc.calls
    rel, kth, rank = r.score_many(texts, relevant, k=3)
    assert enc.calls == calls + 1  # every text in one encoder call
    sims = enc.encode_queries(texts) @ enc.encode_passages(bench.corpus_texts()).T
    for i, rs in enumerate(relevant):
        idx = [int(d[1:]) for d in rs if d != "nope"]
        b, kt, rk = _brute(sims[i], idx, 3)
        assert rel[i] == pytest.approx(b, abs=1e-6) and kth[i] == pytest.approx(kt, abs=1e-6) and rank[i] == rk
    # the one-query form agrees
    one = r.score_against(texts[1:2], relevant[1], k=3)
    assert one[0][0] == rel[1] and one[2][0] == rank[1]


def test_score_many_rank_is_exact_to_its_depth_then_a_lower_bound(tmp_path):
    bench = toy_benchmark(n_docs=60)
    enc = BagOfWordsEncoder()
    r = Retriever(enc, bench, cache_dir=tmp_path)
    texts = ["what is the river number 0", "violin galaxy comet", "penguin tractor", "lantern"]
    sims = enc.encode_queries(texts) @ enc.encode_passages(bench.corpus_texts()).T
    for d in range(0, 60, 7):
        rel, kth, rank = r.score_many(texts, [[f"d{d}"]] * len(texts), k=2, depth=5)
        for i in range(len(texts)):
            b, kt, rk = _brute(sims[i], [d], 2)
            assert kth[i] == pytest.approx(kt, abs=1e-6)
            if rk <= 5:
                assert rank[i] == rk
            else:
                assert 5 < rank[i] <= rk


def test_score_many_without_relevant_documents(tmp_path):
    r = Retriever(BagOfWordsEncoder(), toy_benchmark(), cache_dir=tmp_path)
    rel, kth, rank = r.score_many(["a b"], [["missing"]], k=3)
    assert rel[0] == -np.inf and kth[0] == np.inf and rank[0] == 31


@pytest.mark.parametrize("index", ["flat", "ivf:nlist=4,nprobe=1"])
def test_search_hits_are_the_index_rows_as_python_floats(tmp_path, index):
    bench = toy_benchmark()
    r = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path, index=index)
    texts = [q.text for q in bench.queries] + ["no such words at all"]
    k = len(bench.corpus)
    hits = r.search(texts, k)
    scores, rows = r.index.search(r.encode_queries(texts), k)
    for got, srow, irow in zip(hits, scores, rows, strict=True):
        want = [(r.doc_ids[j], float(s)) for s, j in zip(srow, irow, strict=True) if j >= 0]
        assert got == want
        assert all(type(s) is float for _, s in got)


def test_search_of_no_texts_and_of_k_zero_returns_empty_rows(tmp_path):
    """The fast path for full rows must not reduce over an empty result (no texts, or k = 0)."""
    r = Retriever(BagOfWordsEncoder(), toy_benchmark(), cache_dir=tmp_path)
    assert r.search([], k=5) == []
    assert r.search(["a query"], k=0) == [[]]


def test_search_runs_are_the_search_lists_as_dicts(tmp_path):
    bench = toy_benchmark()
    r = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path)
    texts = [q.text for q in bench.queries]
    batch = [texts[0], "violin galaxy", texts[0], *texts, "violin galaxy", "nothing in common", texts[-1]]
    hits = r.search(batch, k=4)
    assert r.search_runs(batch, k=4) == [dict(row) for row in hits]
    assert [list(run) for run in r.search_runs(batch, k=4)] == [[d for d, _ in row] for row in hits]  # best first
    assert r.search([], k=4) == [] and r.search_runs([], k=4) == []


def test_search_hits_are_the_search_lists_as_arrays(tmp_path):
    bench = toy_benchmark()
    r = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path)
    texts = [q.text for q in bench.queries]
    batch = [texts[0], "violin galaxy", *texts, "nothing in common"]
    scores, rows = r.search_hits(batch, k=4)
    assert scores.shape == rows.shape == (len(batch), 4)
    assert [[(r.doc_ids[j], float(s)) for j, s in zip(ir, sr, strict=True) if j >= 0]
            for ir, sr in zip(rows.tolist(), scores.tolist(), strict=True)] == r.search(batch, k=4)
    empty_scores, empty_rows = r.search_hits([], k=4)
    assert empty_scores.shape == empty_rows.shape == (0, 4)


def test_document_ids_and_rows_are_built_once_per_corpus_and_again_when_it_changes(tmp_path):
    """Every Retriever of one corpus (each ``--limit`` evaluation builds one) shares one id list and one
    id -> row dict instead of building them per evaluation (O(corpus)); a replaced passage gives new ones."""
    import dataclasses

    bench = toy_benchmark(12)
    a = Retriever(BagOfWordsEncoder(), bench.subset(2), cache_dir=tmp_path)
    b = Retriever(BagOfWordsEncoder(), bench.subset(3), cache_dir=tmp_path)
    assert a.doc_ids is b.doc_ids and a.doc_rows is b.doc_rows
    assert a.doc_ids == [d.id for d in bench.corpus] and a.doc_rows == {f"d{i}": i for i in range(12)}
    bench.corpus[4] = dataclasses.replace(bench.corpus[4], id="new")
    c = Retriever(BagOfWordsEncoder(), bench.subset(2), cache_dir=tmp_path)
    assert c.doc_ids[4] == "new" and c.doc_rows["new"] == 4 and "d4" not in c.doc_rows
    assert a.doc_ids[4] == "d4"  # the earlier one's list is not changed under it
