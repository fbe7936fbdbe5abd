"""Exact and approximate search indexes, and the recall an approximate one records."""

import numpy as np
import pytest

import robustir
from robustir.errors import InputError
from robustir.index import IndexSpec, VectorIndex, recall_at
from tests.fakes import BagOfWordsEncoder, toy_benchmark


def _unit(rng, n, d=32):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("nq", [1, 25])
def test_flat_search_is_byte_identical_to_index_flat_ip(tmp_path, nq):
    import faiss

    rng = np.random.default_rng(0)
    docs = _unit(rng, 500)
    docs[10:20] = docs[0]  # ties
    path = tmp_path / "v.npy"
    np.save(path, docs)
    queries = _unit(rng, nq)
    queries[0] = docs[0]
    ref = faiss.IndexFlatIP(docs.shape[1])
    ref.add(docs)
    want_d, want_i = ref.search(queries, 50)
    got_d, got_i = VectorIndex(np.load(path, mmap_mode="r"), "flat").search(queries, 50)
    assert got_d.tobytes() == want_d.tobytes() and got_i.tobytes() == want_i.tobytes()


@pytest.mark.parametrize("spec, params", [("ivf:nlist=8,nprobe=8", {"nlist": 8, "nprobe": 8}),
                                          ("hnsw:m=16,ef_search=600", {"m": 16, "ef_search": 600})])
def test_approximate_index_at_full_effort_finds_the_exact_neighbours(spec, params):
    rng = np.random.default_rng(1)
    docs = _unit(rng, 600)
    index = VectorIndex(docs, spec)
    assert index.params.items() >= params.items()
    assert recall_at(index, _unit(rng, 20)) == pytest.approx(1.0)


def test_recall_is_measured_not_assumed():
    rng = np.random.default_rng(2)
    docs = _unit(rng, 2000)
    queries = _unit(rng, 30)
    index = VectorIndex(docs, "ivf:nlist=64,nprobe=1")
    _, approx = index.search(queries, 100)
    _, exact = index.exact_search(queries, 100)
    by_hand = np.mean([len(set(a[a >= 0]) & set(e)) / 100 for a, e in zip(approx, exact, strict=False)])
    got = recall_at(index, queries)
    assert got == pytest.approx(by_hand)
    assert got < 0.9  # one list of 64 cannot hold most of the true top 100


def test_evaluate_records_the_measured_recall_of_an_approximate_index(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    bench = toy_benchmark(60)
    exact = robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=2, bootstrap_resamples=200)
    assert exact.provenance["index"] == {"type": "flat", "params": {}, "search": "blas"}
    cheap = robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=2, bootstrap_resamples=200,
                              index="ivf:nlist=8,nprobe=1")
    info = cheap.provenance["index"]
    assert info["type"] == "ivf" and info["params"]["nprobe"] == 1
    assert info["recall_queries"] == len(bench.queries)
    # the recorded recall is the one of this index on these queries
    from robustir.retrieval import Retriever

    r = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path / "embeddings", index="ivf:nlist=8,nprobe=1")
    assert info["recall@100"] == pytest.approx(recall_at(r.index, r.encode_queries([q.text for q in bench.queries])))
    full = robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=2, bootstrap_resamples=200,
                             index="ivf:nlist=8,nprobe=8")
    assert full.provenance["index"]["recall@100"] == pytest.approx(1.0)
    assert [q["clean"] for q in full.queries] == [q["clean"] for q in exact.queries]


@pytest.mark.parametrize("text, needle", [("annoy", "unknown index type"), ("ivf:nprobes=4", "unknown parameter"),
                                          ("hnsw:m=0", "positive"), ("ivf:nlist=x", "integer"),
                                          ("flat:nprobe=2", "unknown parameter"), ("ivf:nlist", "needs a value")])
def test_bad_index_descriptions_are_input_errors(text, needle):
    with pytest.raises(InputError, match=needle):
        IndexSpec.parse(text)


def test_bad_index_fails_before_any_encoding(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    enc = BagOfWordsEncoder()
    with pytest.raises(InputError):
        robustir.evaluate(enc, toy_benchmark(), "typo", index="ivf:probe=3")
    assert enc.calls == 0


def test_search_effort_is_tuned_to_the_minimum_recall_unless_given():
    rng = np.random.default_rng(3)
    docs = _unit(rng, 3000)
    queries = _unit(rng, 30)
    for spec, floor in [("ivf:nlist=64", 0.99), ("ivf:nlist=64,nprobe=1,min_recall=0.6", 0.6),
                        ("hnsw:m=8,ef_construction=40", 0.99)]:
        index = VectorIndex(docs, spec)
        reached = index.tune(queries)
        assert reached >= floor
        assert reached == pytest.approx(recall_at(index, queries))  # the effort it stopped at is kept
    fixed = VectorIndex(docs, "ivf:nlist=64,nprobe=1")
    assert not fixed.spec.tuned and fixed.tune(queries) < 0.9 and fixed.params["nprobe"] == 1


@pytest.mark.parametrize("text", ["ivf:min_recall=0", "ivf:min_recall=1.5", "hnsw:min_recall=x"])
def test_min_recall_must_be_a_share(text):
    with pytest.raises(InputError, match="min_recall"):
        IndexSpec.parse(text)


def test_a_corpus_of_several_blocks_is_searched_block_by_block_with_the_same_results(tmp_path, monkeypatch):
    import faiss

    import robustir.index

    monkeypatch.setattr(robustir.index, "SEARCH_BLOCK", 1024)
    rng = np.random.default_rng(4)
    docs = _unit(rng, 3500)  # three full blocks and a short one
    docs[3000] = docs[5]  # a tie across blocks: the lower row comes first
    path = tmp_path / "v.npy"
    np.save(path, docs)
    queries = _unit(rng, 9)
    queries[0] = docs[5]
    want_d, want_i = faiss.knn(queries, docs, 100, metric=faiss.METRIC_INNER_PRODUCT)
    calls = []
    real_knn = faiss.knn
    monkeypatch.setattr(faiss, "knn", lambda q, x, k, **kw: calls.append(len(x)) or real_knn(q, x, k, **kw))
    got_d, got_i = VectorIndex(np.load(path, mmap_mode="r"), "flat").search(queries, 100)
    assert calls == [1024, 1024, 1024, 428]
    assert got_d.tobytes() == want_d.tobytes()
    assert got_i[0, :2].tolist() == [5, 3000]
    assert (got_i[1:] == want_i[1:]).all()
