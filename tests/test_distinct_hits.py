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


def test_a_later_search_does_not_copy_the_hits_kept_so_far(tmp_path) -> None:
    """A study keeps one retriever for all its cells: each call that adds texts must not copy every hit kept
    before it (that made a long study's searches quadratic in its distinct texts and, at each call, held the
    kept hits twice). Measured as numpy's allocations (tracemalloc) of a call adding one text."""
    import tracemalloc

    r = Retriever(BagOfWordsEncoder(dim=16), toy_benchmark(100), cache_dir=tmp_path)
    many = [f"what is the river number {i}" for i in range(4000)]
    kept = sum(a.nbytes for a in r.search_hits(many, 100))  # 4,000 x 100 scores and rows: 4.8 MB
    want = r.index.search(r.encode_queries(["a new violin"]), 100)
    r.encode_queries(["a new violin"])
    tracemalloc.start()
    try:
        got = r.search_hits(["a new violin", many[7]], 100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got[0][0].tobytes() == want[0][0].tobytes() and got[1][0].tobytes() == want[1][0].tobytes()
    assert got[0][1].tobytes() == r.search_hits([many[7]], 100)[0].tobytes()
    assert peak < kept / 4
