"""Exact search of an in-memory corpus searches each distinct text once per retriever (``Retriever._distinct_hits``).

A query's exact-search results do not depend on its batch (tests/test_exact_search.py), so a text searched
again, in the same call or a later one, takes the hits kept from its first search: the same arrays as
searching every text, with fewer searches.
"""

from __future__ import annotations

from robustir.retrieval import Retriever
from tests.fakes import BagOfWordsEncoder, toy_benchmark


def _counting(r: Retriever) -> list[int]:
    searched: list[int] = []
    search = r.index.search

    def counted(queries, k):
        searched.append(len(queries))
        return search(queries, k)

    r.index.search = counted  # type: ignore[method-assign]
    return searched


def test_each_distinct_text_is_searched_once_with_the_same_hits_as_searching_all(tmp_path) -> None:
    bench = toy_benchmark()
    texts = [q.text for q in bench.queries]
    clean = [*texts, "violin galaxy"]
    attacked = [texts[0], "violin galaxy", texts[0], "nothing in common", *texts[::-1], "nothing in common"]
    fresh = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path)
    assert fresh.index.blas
    want = [fresh.index.search(fresh.encode_queries(batch), k) for batch, k in ((clean, 4), (attacked, 4),
                                                                                (attacked, 2))]
    r = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path)
    searched = _counting(r)
    got = [r.search_hits(batch, k) for batch, k in ((clean, 4), (attacked, 4), (attacked, 2))]
    for (gs, gi), (ws, wi) in zip(got, want, strict=True):
        assert gs.tobytes() == ws.tobytes() and gi.tobytes() == wi.tobytes()
    # the second call searches only "nothing in common"; another depth searches its distinct texts again
    assert searched == [len(clean), 1, len(set(attacked))]
    assert r.texts_encoded == len(set(clean) | set(attacked))

    # faiss's exact search (memory-mapped corpora) may give a query other bits in another batch: no reuse
    f = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp_path, exact_search="faiss")
    searched = _counting(f)
    f.search_hits(attacked, 4)
    f.search_hits(attacked, 4)
    assert searched == [len(attacked)] * 2
