import numpy as np
import pytest

from robustir.retrieval import Retriever, corpus_embeddings, run_from_hits
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
    for row, exp in zip(hits, expected):
        assert [h[1] for h in row] == pytest.approx(list(exp), abs=1e-6)
    # each query finds its relevant document first in this toy corpus
    assert all(row[0][0] == next(iter(bench.qrels[q.id])) for row, q in zip(hits, bench.queries))
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


def test_run_from_hits():
    assert run_from_hits(["q"], [[("d1", 2.0), ("d2", 1.0)]]) == {"q": {"d1": 2.0, "d2": 1.0}}
