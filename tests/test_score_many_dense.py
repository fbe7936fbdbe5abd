"""``Retriever.score_many`` counted on the exact search's score matrix equals it computed from top lists.

With exact search of an in-memory corpus (``VectorIndex.blas``) the relevant document's rank, the best
relevant score and the k-th non-relevant score are counted on the BLAS score matrix itself; every other
index takes them from its top lists. On the same scores both must give the same arrays, exactly, also
where many documents tie (the tie rule: equal scores go to the earlier corpus row), where every relevant
document falls below the list (scored directly), on corpora smaller than the list and in small chunks."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

import robustir.index as index_mod
import robustir.retrieval as retrieval
from robustir.data.benchmark import Benchmark, Document, Query
from robustir.retrieval import Retriever

_WORDS = ["ant", "bee", "cat", "dog", "eel", "fox"]


class TinyVocabularyEncoder:
    """Word counts over 6 words in 8 dimensions: many texts share a vector, so scores tie exactly."""

    def __init__(self) -> None:
        self.name = "tiny"
        self.fingerprint = hashlib.sha256(b"tiny-vocabulary-8").hexdigest()
        self.max_seq_length = 64
        self.query_prompt = self.passage_prompt = ""

    def _encode(self, texts):
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.split():
                out[i, _WORDS.index(w) if w in _WORDS else 6] += 1.0
            out[i, 7] += 0.5
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_queries(self, texts, batch_size=64, show_progress=False):
        return self._encode(texts)

    def encode_passages(self, texts, batch_size=64, show_progress=False):
        return self._encode(texts)


def _bench(n_docs: int, seed: int) -> Benchmark:
    rng = np.random.default_rng(seed)
    corpus = [Document(id=f"d{i}", title="", text=" ".join(rng.choice(_WORDS, rng.integers(1, 3))))
              for i in range(n_docs)]
    return Benchmark(name=f"tiny{n_docs}", corpus=corpus, queries=[Query(id="q0", text="ant", language="en")],
                     qrels={"q0": {"d0": 1}})


def _cases(n_docs: int, seed: int, count: int = 300):
    rng = np.random.default_rng(seed + 1)
    texts = [" ".join(rng.choice(_WORDS + ["zzz"], rng.integers(1, 4))) for _ in range(count)]
    relevant = []
    for _ in range(count):
        rs = [f"d{j}" for j in rng.integers(0, n_docs, rng.integers(0, 4))]
        if rng.random() < 0.2:
            rs += rs[:1] + ["missing"]  # a repeated and an unknown id
        relevant.append(rs)
    return texts, relevant


@pytest.mark.parametrize(("n_docs", "k", "depth"), [(200, 3, 5), (200, 1, 2), (200, 10, 100), (15, 10, 100),
                                                    (15, 3, 4), (60, 5, 20), (12, 10, 100)])
@pytest.mark.parametrize("small_chunks", [False, True])
def test_counted_on_the_score_matrix_equals_the_top_list_computation(tmp_path, monkeypatch, n_docs, k, depth,
                                                                     small_chunks):
    bench = _bench(n_docs, seed=n_docs + k)
    r = Retriever(TinyVocabularyEncoder(), bench, cache_dir=tmp_path)
    assert r.index.blas
    if small_chunks:  # several score blocks per chunk, chunks of 7 texts (a last one of 6 or 1)
        monkeypatch.setattr(index_mod, "BLAS_SCORES_BYTES", 4 * n_docs * 3)
        monkeypatch.setattr(retrieval, "_SCORE_CHUNK", 7)
    texts, relevant = _cases(n_docs, seed=n_docs + k)
    dense = r.score_many(texts, relevant, k=k, depth=depth)
    monkeypatch.setattr(r.index, "blas", False)
    lists = r.score_many(texts, relevant, k=k, depth=depth)
    for got, want in zip(dense, lists, strict=True):
        assert got.dtype == want.dtype
        assert np.array_equal(got, want)
    rank = lists[2]
    top = min(n_docs, max(k, depth) + max(len(set(rs) - {"missing"}) for rs in relevant))
    # the fixture reaches the cases that matter: ranks below the list, ties with the best relevant score
    assert top == n_docs or np.any((rank > top) & (rank <= n_docs))
    assert np.any(rank == 1) and np.any(lists[0] == -np.inf)
    sims = TinyVocabularyEncoder()._encode(texts) @ r.doc_vecs.T
    rows = [[int(d[1:]) for d in dict.fromkeys(rs) if d != "missing"] for rs in relevant]
    assert sum(np.count_nonzero(sims[i] == sims[i, rs].max()) > len(rs) for i, rs in enumerate(rows) if rs) > 10
