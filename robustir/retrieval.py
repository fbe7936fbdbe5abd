"""Dense retrieval against a clean corpus: cached corpus embeddings and top-k search.

The corpus embeddings come from :mod:`robustir.embeddings` (encoded shard by
shard, cached on disk, memory-mapped); search goes through
:class:`robustir.index.VectorIndex`: exact inner product over L2-normalised
vectors (cosine) by default, or an approximate faiss index (``ivf``, ``hnsw``)
whose recall@100 against exact search :meth:`Retriever.measure_recall` reports.
Greedy attacks score their candidates with ``score_many``: the index's top lists plus
the relevant documents' scores, never a texts x corpus matrix kept beyond one chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from robustir.data.benchmark import Benchmark, Document
from robustir.embeddings import DEFAULT_SHARD_SIZE, ProgressFn, chunk_plan, corpus_embeddings, corpus_key, encode_texts  # noqa: F401 (re-exported)
from robustir.index import IndexSpec, VectorIndex
from robustir.models.base import Encoder
from robustir.models.device import query_chunk


class Retriever:
    """Inner-product search of query texts against one benchmark's corpus (exact unless ``index`` says).

    Query embeddings are memoised by text for the retriever's lifetime, so a
    perturbed query identical to one already seen (an untouched query, a repeated
    sample) is never encoded twice; with exact search of an in-memory corpus, never searched twice either
    (:meth:`_distinct_hits`).
    """

    def __init__(self, encoder: Encoder, benchmark: Benchmark, *, cache_dir: Path | None = None,
                 batch_size: int = 64, progress: ProgressFn | None = None, use_cache: bool = True,
                 index: IndexSpec | str | None = None, shard_size: int | None = None,
                 exact_search: str = "auto") -> None:
        spec = IndexSpec.parse(index)  # a bad index description fails before any encoding
        self.encoder = encoder
        self.benchmark = benchmark
        self.batch_size = batch_size
        #: every document id in corpus order: one list per corpus, shared by every Retriever and subset of it
        #: (``Benchmark.corpus_value``; not to be changed)
        self.doc_ids = document_ids(benchmark)
        self.doc_vecs = corpus_embeddings(encoder, benchmark, cache_dir=cache_dir, batch_size=batch_size,
                                          progress=progress, use_cache=use_cache, shard_size=shard_size)
        self.index = VectorIndex(self.doc_vecs, spec, exact_search)
        #: query texts per encoder call: larger on a GPU (robustir.models.device.query_chunk)
        self.query_chunk = query_chunk(encoder)
        self._query_cache: dict[str, np.ndarray] = {}
        #: per search depth: text -> (block, row) of its kept hits, and the blocks of hits, one per search
        #: (``_distinct_hits``)
        self._hits: dict[int, tuple[dict[str, tuple[int, int]], list[tuple[np.ndarray, np.ndarray]]]] = {}
        self.texts_encoded = 0

    @cached_property
    def doc_rows(self) -> dict[str, int]:
        """Document id -> row (built on first use, once per corpus: a million ids take ~100 MB)."""
        return self.benchmark.corpus_value(_rows_by_id)

    def measure_recall(self, texts: Sequence[str]) -> dict:
        """Tune the index's search effort on ``texts`` (unless given) and return its description with its
        recall@100 against exact search on them (exact search: only its description, with the
        implementation that ran, ``search``: ``blas`` or ``faiss``)."""
        if self.index.spec.exact:
            return self.index.describe()
        vecs = self.encode_queries(texts)
        return self.index.describe(self.index.tune(vecs), len(texts))

    def encode_queries(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """(n, dim) query embeddings, encoding only texts not seen before (in first-seen order)."""
        new = list(dict.fromkeys(t for t in texts if t not in self._query_cache))
        if new:
            vecs = encode_texts(self.encoder.encode_queries, new, self.batch_size, progress, self.query_chunk)
            self.texts_encoded += len(new)
            for t, v in zip(new, vecs, strict=False):
                self._query_cache[t] = v
        if not texts:
            return np.zeros((0, self.doc_vecs.shape[1]), dtype=np.float32)
        return np.stack([self._query_cache[t] for t in texts])

    def search(self, texts: Sequence[str], k: int = 100, progress: ProgressFn | None = None
               ) -> list[list[tuple[str, float]]]:
        """Top-``k`` ``(doc_id, score)`` lists, best first, one per text."""
        ids = self.doc_ids.__getitem__
        return [list(zip(map(ids, irow), srow, strict=True)) for srow, irow in zip(*self._top(texts, k, progress),
                                                                                   strict=True)]

    def search_runs(self, texts: Sequence[str], k: int = 100, progress: ProgressFn | None = None
                    ) -> list[dict[str, float]]:
        """:meth:`search` as ``{doc_id: score}`` run rows (what ``robustir.metrics.score_runs`` reads),
        built without the ``(doc_id, score)`` tuples in between. Public API kept for callers that score
        runs as dicts; the evaluation itself reads :meth:`search_hits` (arrays, no dict per hit)."""
        ids = self.doc_ids.__getitem__
        return [dict(zip(map(ids, irow), srow, strict=True)) for srow, irow in zip(*self._top(texts, k, progress),
                                                                                   strict=True)]

    def search_hits(self, texts: Sequence[str], k: int = 100, progress: ProgressFn | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`search` as arrays: ``(scores, rows)``, each ``(len(texts), min(k, corpus))``, best first;
        ``scores[i, j]`` (float32) is that of corpus row ``rows[i, j]`` (``doc_ids[rows[i, j]]``), -1 pads a
        text with fewer hits. What ``robustir.metrics.score_hits`` reads: no Python lists or dicts per hit
        (~0.1 CPU-s per 6,000 texts at k = 100).

        Every text is searched, repeated ones too: faiss's exact search (memory-mapped corpora) takes one
        code path for small batches and another (BLAS) for large ones (measured with faiss 1.15: 384-d
        rows of a 300-query batch differ in the last bits from the same rows in a batch of 500), so
        searching only the distinct texts could change a score, and a tie order, of its results."""
        k = min(k, len(self.doc_ids))
        if not texts:
            return np.zeros((0, k), dtype=np.float32), np.zeros((0, k), dtype=np.int64)
        if self.index.blas:
            return self._distinct_hits(texts, k, progress)
        scores, idx = self.index.search(self.encode_queries(texts, progress), k)
        return scores, idx

    def _distinct_hits(self, texts: Sequence[str], k: int, progress: ProgressFn | None
                       ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`search_hits` with exact search of an in-memory corpus (``index.blas``), where a query's
        results do not depend on its batch: each distinct text is searched once per retriever and depth, and
        its hits kept (like its embedding in the query cache), so a text searched again (an attacked query
        the attack left unchanged, a repeated sample) costs a lookup. The adversarial recipes search about
        half their texts twice (BoolQ, 1,000 queries: 2,000 texts, 1,368 distinct for typo-adv, 1,084 for
        codeswitch-adv). Memory: ``k`` scores and rows a distinct text (1.2 KB at k = 100)."""
        rows, blocks = self._hits.setdefault(k, ({}, []))
        new = [t for t in dict.fromkeys(texts) if t not in rows]
        if new:
            scores, idx = self.index.search(self.encode_queries(new, progress), k)
            rows.update((t, (len(blocks), i)) for i, t in enumerate(new))
            # each search's hits stay their own block: joining them copied every hit kept so far at each call
            # (quadratic over a study's cells, which share one retriever, and the kept hits held twice meanwhile)
            blocks.append((scores, idx))
        at = np.array([rows[t] for t in texts], dtype=np.int64).reshape(len(texts), 2)
        out_scores = np.empty((len(texts), k), dtype=blocks[0][0].dtype)
        out_idx = np.empty((len(texts), k), dtype=blocks[0][1].dtype)
        for b in np.unique(at[:, 0]):  # one gather per block the texts come from
            sel = at[:, 0] == b
            out_scores[sel], out_idx[sel] = blocks[b][0][at[sel, 1]], blocks[b][1][at[sel, 1]]
        return out_scores, out_idx

    def _top(self, texts: Sequence[str], k: int, progress: ProgressFn | None
             ) -> tuple[list[list[float]], list[list[int]]]:
        """Each text's top-``k`` scores and corpus rows (:meth:`search_hits`) as Python lists, faiss's
        padding dropped."""
        if not texts:
            return [], []
        scores, idx = self.search_hits(texts, k, progress)
        # tolist() gives the Python floats float(np.float32) gives, for a whole row in C
        srows, irows = scores.tolist(), idx.tolist()
        if idx.size and int(idx.min()) < 0:  # fewer than k found in some rows: faiss pads with -1
            for r, irow in enumerate(irows):
                if irow and min(irow) < 0:
                    keep = [j >= 0 for j in irow]
                    srows[r] = [x for x, ok in zip(srows[r], keep, strict=True) if ok]
                    irows[r] = [j for j, ok in zip(irow, keep, strict=True) if ok]
        return srows, irows

    def score_against(self, texts: Sequence[str], relevant: Sequence[str], k: int = 10, depth: int = 100
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``score_many`` for candidate texts of one query (one set of relevant documents)."""
        return self.score_many(texts, [relevant] * len(texts), k=k, depth=depth)

    def score_many(self, texts: Sequence[str], relevant: Sequence[Sequence[str]], k: int = 10, depth: int = 100
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For candidate texts of MANY queries (``relevant[i]``: the relevant documents of the
        query ``texts[i]`` is a candidate for): the best relevant score, the k-th best
        non-relevant score and the 1-based rank of the best relevant document.

        All texts are encoded in one call. No dense (texts x corpus) matrix is kept beyond one chunk
        of texts: with exact search of an in-memory corpus (``index.blas``) the three values are
        counted on the chunk's BLAS score matrix, the one ``blas_top`` ranks (``_ranks_from_scores``);
        with any other index, the index finds each text's top ``max(k, depth) + |relevant|`` documents
        with their scores, and only the relevant documents missing from that list are scored directly
        (``_ranks_from_lists``); both give the same values. The k-th non-relevant score is exact; the
        rank is exact whenever the best relevant document is in that top list (always when its rank is
        <= ``depth``); beyond it, it is a lower bound > ``depth``, which decides any goal with
        ``k <= depth`` (both mean "out of the top k").
        """
        n = len(texts)
        if len(relevant) != n:
            raise ValueError(f"score_many: {len(relevant)} relevant sets for {n} texts")
        n_docs = len(self.doc_ids)
        out_rel = np.full(n, -np.inf)
        out_kth = np.full(n, np.inf)
        out_rank = np.full(n, n_docs + 1, dtype=np.int64)
        if n == 0:
            return out_rel, out_kth, out_rank
        rel_rows = [[self.doc_rows[d] for d in dict.fromkeys(rs) if d in self.doc_rows] for rs in relevant]
        vecs = self.encode_queries(texts)
        width = max(len(r) for r in rel_rows)
        if width == 0:
            return out_rel, out_kth, out_rank
        top = min(n_docs, max(int(k), int(depth)) + width)
        rank_of = self._ranks_from_scores if self.index.blas else self._ranks_from_lists
        for lo in range(0, n, _SCORE_CHUNK):
            hi = min(n, lo + _SCORE_CHUNK)
            m = hi - lo
            v = np.ascontiguousarray(vecs[lo:hi], dtype=np.float32)
            rel_ids = np.zeros((m, width), dtype=np.int64)
            rel_ok = np.zeros((m, width), dtype=bool)
            for j, r in enumerate(rel_rows[lo:hi]):
                rel_ids[j, :len(r)] = r
                rel_ok[j, :len(r)] = True
            best, kth, rank = rank_of(v, rel_ids, rel_ok, int(k), top)
            has = rel_ok.any(axis=1)
            out_rel[lo:hi] = np.where(has, best, -np.inf)
            out_kth[lo:hi] = np.where(has, kth, np.inf)
            out_rank[lo:hi] = np.where(has, rank, n_docs + 1)
        return out_rel, out_kth, out_rank

    def _direct_best(self, v: np.ndarray, rel_ids: np.ndarray, rel_ok: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The best relevant score of texts ``rows`` whose relevant documents are all below the top list,
        scored directly (a few documents per text)."""
        direct = np.einsum("qd,qkd->qk", v[rows], self.doc_vecs[rel_ids[rows]]).astype(np.float64)
        return np.where(rel_ok[rows], direct, -np.inf).max(axis=1)

    def _ranks_from_lists(self, v: np.ndarray, rel_ids: np.ndarray, rel_ok: np.ndarray, k: int, top: int
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``score_many``'s (best relevant, k-th non-relevant, rank) for one chunk of texts from the index's
        top ``top`` list of each (any index)."""
        m = len(v)
        # (the default exact search gives a text the same scores in any batch; faiss's search of a
        # memory-mapped corpus may round differently by batch size, ~1e-7: equal up to float ties)
        scores, ids = self.index.search(v, top)
        scores = scores.astype(np.float64)
        is_rel = ((ids[:, :, None] == rel_ids[:, None, :]) & rel_ok[:, None, :]).any(axis=2)
        listed = is_rel.any(axis=1)
        best = np.where(is_rel, scores, -np.inf).max(axis=1)
        if not listed.all():  # relevant documents below the list: scored directly (a few per text)
            rows = np.flatnonzero(~listed & rel_ok.any(axis=1))
            best[rows] = self._direct_best(v, rel_ids, rel_ok, rows)
        non = np.where(is_rel, -np.inf, scores)  # still best first, relevant entries blanked
        n_non = top - is_rel.sum(axis=1)
        kk = np.minimum(k, n_non)
        non_sorted = -np.sort(-non, axis=1)
        kth = np.where(kk > 0, non_sorted[np.arange(m), np.maximum(kk - 1, 0)], -np.inf)
        rank = (non > best[:, None]).sum(axis=1) + 1
        return best, kth, rank

    def _ranks_from_scores(self, v: np.ndarray, rel_ids: np.ndarray, rel_ok: np.ndarray, k: int, top: int
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What :meth:`_ranks_from_lists` gives, the same values, counted on the exact search's own score
        matrix (``index.blas_scores``: the scores ``blas_top`` ranks) without building any top list.

        Why it is the same (ties in score go to the earlier corpus row, as in ``blas_top``): the top list
        holds a relevant document iff the first relevant one in that order has fewer than ``top``
        documents before it; the relevant documents then take the best listed relevant score; the
        non-relevant scores of the list are a prefix of all non-relevant scores sorted, which holds the
        k-th whenever the list holds k non-relevant documents, i.e. always (``top`` >= k + every relevant
        document, or the whole corpus); and the count of listed non-relevant scores above the best
        relevant one is the count over the whole corpus, capped at ``top`` (if the relevant documents are
        below the list, the list holds the ``top`` best scores of all). Hand-written: no library ranks one
        row's documents against a per-row value with this tie rule.

        The matrix is ``index.filtered_scores``'s float32 product; only the values these counts read are
        recomputed as ``blas_scores`` has them (:meth:`_decision_scores`), so the three values are those of
        the float64 product at about the float32 product's cost. A corpus without ``top`` non-relevant
        documents is counted over whole rows on the float64 product (:meth:`_count_whole` reads them all)."""
        from robustir.index import blas_scores, filtered_scores

        m, n_docs = len(v), self.doc_vecs.shape[0]
        best, kth, rank = np.empty(m), np.empty(m), np.empty(m, dtype=np.int64)
        whole = n_docs - int(rel_ok.sum(axis=1).max()) < top
        for lo, s, bound in (((lo, s, None) for lo, s in blas_scores(v, self.doc_vecs)) if whole
                             else filtered_scores(v, self.doc_vecs)):  # one block unless the corpus is large
            part = slice(lo, lo + len(s))
            cols = None
            if bound is not None:
                s, cols = self._decision_scores(s, bound, v[part], rel_ids[part], rel_ok[part], k, top)
            best[part], kth[part], rank[part] = self._count_ranks(s, v[part], rel_ids[part], rel_ok[part], k, top,
                                                                  cols)
        return best, kth, rank

    def _decision_scores(self, s: np.ndarray, bound: np.ndarray, v: np.ndarray, rel_ids: np.ndarray,
                         rel_ok: np.ndarray, k: int, top: int) -> tuple[np.ndarray, np.ndarray]:
        """From a chunk's float32 filter scores ``s`` (changed here; ``|s - exact| <= bound`` per row, the
        exact values being ``blas_scores``'s), a small matrix on which :meth:`_count_ranks` counts what it
        would count on the exact (texts, corpus) matrix, and the columns of the relevant documents in it.

        Its columns: every non-relevant document whose filter score is at least ``p - 4 b`` (``p``: the
        row's ``top``-th best non-relevant filter score, ``b``: its bound), then the relevant documents
        (exact values), padded with -inf. The values each count reads are exact: the ``top``-th and the
        ``k``-th best non-relevant ones and the best relevant one. Why it suffices: an order statistic ``T``
        of the exact scores is within ``b`` of the filter's ``t`` (at least that many filter scores are
        >= ``t``, so exact ones >= ``t - b``, and the same from above), so recomputing every document whose
        filter score is within ``2 b`` of ``t`` leaves every other one on the same side of ``T`` in both,
        and makes those at ``T`` exact; likewise within ``2 b`` of the best relevant score (exact), which
        also covers the directly scored relevant value (itself within ``b``). Documents below ``p - 4 b`` are
        below every listed score and below any best relevant score the counts compare with a listed one
        (a best relevant score below ``p - 2 b`` is unlisted and below every listed score in both)."""
        from robustir.index import exact_scores_at

        m, n_docs = s.shape
        width = rel_ids.shape[1]
        rr, rc = np.nonzero(rel_ok)
        rel_cols = rel_ids[rr, rc]
        rel32 = np.full((m, width), -np.inf, dtype=np.float32)
        rel32[rr, rc] = s[rr, rel_cols]
        best = rel32.max(axis=1).astype(np.float64)  # the filter's: within the bound of the exact best
        s[rr, rel_cols] = -np.inf  # non-relevant scores only
        order = np.partition(s, n_docs - top, axis=1)[:, n_docs - top:]
        p = order[:, 0].astype(np.float64)
        tk = np.partition(order, top - k, axis=1)[:, top - k].astype(np.float64) if top > k else p
        flat = np.flatnonzero(s >= _float32_at_most(p - 6 * bound)[:, None])  # (1-D nonzero: ~3x cheaper)
        r = flat // n_docs
        counts = np.bincount(r, minlength=m)
        w = int(counts.max())
        pos = np.arange(len(flat)) - np.repeat(np.cumsum(counts) - counts, counts)
        out = np.full((m, w + width), -np.inf, dtype=np.float32)
        vals = out[:, :w]
        vals[r, pos] = s.ravel()[flat]
        cols = np.zeros((m, w), dtype=np.int64)
        cols[r, pos] = flat - r * n_docs
        near = np.zeros((m, w), dtype=bool)
        # which rows need which band: the k-th score is always read; the top-th only where the best relevant
        # score is near it (elsewhere "listed" and the rank's cap are decided either way); the best relevant
        # one unless it is below the list in both. (NaN: no band; a row without relevant documents needs none)
        has = np.isfinite(best)
        tk = np.where(has, tk, np.nan)
        p, best = (np.where(has & (np.abs(best - p) <= 6 * bound), p, np.nan),
                   np.where(has & (best >= p - 6 * bound), best, np.nan))
        for centre, reach in ((p, 2 * bound), (tk, 2 * bound), (best, 3 * bound)):
            # (bounds rounded outwards to float32: a few more recomputed, none missed)
            lo, hi = _float32_at_most(centre - reach), -_float32_at_most(-(centre + reach))
            near |= (vals >= lo[:, None]) & (vals <= hi[:, None])
        nr, npos = np.nonzero(near)
        # the relevant documents and the documents near a decision value, recomputed in one pass
        rows = np.concatenate([rr, nr])
        by_row = np.argsort(rows, kind="stable")
        exact = np.empty(len(rows), dtype=np.float32)
        exact[by_row] = exact_scores_at(v, self.doc_vecs, rows[by_row],
                                        np.concatenate([rel_cols, cols[nr, npos]])[by_row])
        rel32[rr, rc] = exact[:len(rr)]
        vals[nr, npos] = exact[len(rr):]
        out[:, w:] = rel32
        return out, np.broadcast_to(np.arange(w, w + width), rel_ids.shape)

    def _count_ranks(self, s: np.ndarray, v: np.ndarray, rel_ids: np.ndarray, rel_ok: np.ndarray, k: int, top: int,
                     cols: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_ranks_from_scores` of texts ``v`` whose (texts, corpus) scores are ``s`` (changed here);
        ``cols``: the relevant documents' columns of ``s`` when it is :meth:`_decision_scores`'s matrix
        rather than the whole corpus's (default: their corpus rows ``rel_ids``).

        With the relevant scores blanked, one in-place partition puts each row's ``top`` best non-relevant
        scores last (the smallest of them, ``p``, first among them) and its k-th best at ``n - k``. A best
        relevant score above ``p`` that no listed score equals is in the list (fewer than ``top`` documents
        before it); one below ``p`` is not; either way the non-relevant scores above the best relevant
        one, capped at ``top``, are those of the last ``top`` columns. The rest (a tie with a listed
        score, where the corpus row decides) and corpora without ``top`` non-relevant documents are
        counted over whole rows (:meth:`_count_whole`), on the same scores computed again."""
        from robustir.index import blas_scores

        m, n_docs = s.shape
        if cols is None:
            if n_docs - int(rel_ok.sum(axis=1).max()) < top:
                return self._count_whole(s, v, rel_ids, rel_ok, k, top)
            cols = rel_ids
        rows = np.broadcast_to(np.arange(m)[:, None], rel_ids.shape)
        best32 = np.where(rel_ok, s[rows, cols], -np.inf).max(axis=1)  # float32
        s[rows[rel_ok], cols[rel_ok]] = -np.inf  # non-relevant scores only
        # in place (s is this call's own), in two steps: numpy's partition at two places at once is ~7x dearer
        s.partition(n_docs - top, axis=1)
        listed_part = s[:, n_docs - top:]
        p = listed_part[:, 0].copy()
        if top > k:
            listed_part.partition(top - k, axis=1)
        kth = s[:, n_docs - k].astype(np.float64)
        has = rel_ok.any(axis=1)
        best = best32.astype(np.float64)
        unlisted = np.flatnonzero(has & (best32 < p))
        if unlisted.size:  # relevant documents below the list: scored directly, as the list path does, and
            best[unlisted] = self._direct_best(v, rel_ids, rel_ok, unlisted)  # compared as the float64 it is
        rank = np.count_nonzero(listed_part > best[:, None], axis=1) + 1
        tied = np.flatnonzero(has & (best32 >= p) & (listed_part == best32[:, None]).any(axis=1))
        if tied.size:
            again = np.concatenate([part for _, part in blas_scores(v[tied], self.doc_vecs)])
            best[tied], kth[tied], rank[tied] = self._count_whole(again, v[tied], rel_ids[tied], rel_ok[tied], k, top)
        return best, kth, rank

    def _count_whole(self, s: np.ndarray, v: np.ndarray, rel_ids: np.ndarray, rel_ok: np.ndarray, k: int, top: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_count_ranks` by comparisons over whole rows (``s`` is changed): every case, ties included."""
        m, n_docs = s.shape
        rows = np.arange(m)[:, None]
        rel_s = np.where(rel_ok, s[rows, rel_ids], -np.inf)  # float32
        best32 = rel_s.max(axis=1)
        # documents before the first relevant one in (score desc, row asc) order: those scoring higher, and
        # those scoring the same at an earlier row (a tie: counted row by row, rare)
        above = np.count_nonzero(s > best32[:, None], axis=1)
        before = above.copy()
        for r in np.flatnonzero(np.count_nonzero(s == best32[:, None], axis=1) > 1):
            first = rel_ids[r][rel_ok[r] & (rel_s[r] == best32[r])].min()
            before[r] += np.count_nonzero(s[r, :first] == best32[r])
        listed = before < top
        best = best32.astype(np.float64)
        unlisted = np.flatnonzero(~listed & rel_ok.any(axis=1))
        s[np.broadcast_to(rows, rel_ids.shape)[rel_ok], rel_ids[rel_ok]] = -np.inf  # non-relevant scores only
        if unlisted.size:  # relevant documents below the list: scored directly, as the list path does, and
            best[unlisted] = self._direct_best(v, rel_ids, rel_ok, unlisted)  # compared as the float64 it is
            above[unlisted] = np.count_nonzero(s[unlisted] > best[unlisted, None], axis=1)
        # (no relevant document scores above best32, so `above` counts non-relevant ones only)
        rank = np.minimum(above, top) + 1
        kk = np.minimum(k, n_docs - rel_ok.sum(axis=1))
        kth = np.full(m, -np.inf)
        for want in np.unique(kk[kk > 0]):
            at = np.flatnonzero(kk == want)
            if at.size == m:
                s.partition(n_docs - want, axis=1)  # in place: s is this call's own
                kth[at] = s[:, n_docs - want]
            else:
                kth[at] = np.partition(s[at], n_docs - want, axis=1)[:, n_docs - want]
        return best, kth, rank


def _float32_at_most(x: np.ndarray) -> np.ndarray:
    """The largest float32 values <= ``x`` (float64), so that ``float32 >= result`` keeps every value >= ``x``."""
    y = x.astype(np.float32)
    return np.where(y > x, np.nextafter(y, np.float32(-np.inf)), y)


def document_ids(benchmark: Benchmark) -> list[str]:
    """``[d.id for d in benchmark.corpus]``, computed once per corpus (``Benchmark.corpus_value``) instead of
    once per ``Retriever``, i.e. per evaluation (O(corpus): ~0.1 s and ~100 MB at a million passages)."""
    return benchmark.corpus_value(_ids)


def _ids(corpus: list[Document]) -> list[str]:
    return [d.id for d in corpus]


def _rows_by_id(corpus: list[Document]) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(corpus)}


#: candidate texts per faiss search in ``Retriever.score_many`` (bounds its (texts, top) arrays)
_SCORE_CHUNK = 1024
