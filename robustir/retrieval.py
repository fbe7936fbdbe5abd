"""Dense retrieval against a clean corpus: cached corpus embeddings and top-k search.

The corpus embeddings come from :mod:`robustir.embeddings` (encoded shard by
shard, cached on disk, memory-mapped); search goes through
:class:`robustir.index.VectorIndex`: exact inner product over L2-normalised
vectors (cosine) by default, or an approximate faiss index (``ivf``, ``hnsw``)
whose recall@100 against exact search :meth:`Retriever.measure_recall` reports.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np

from robustir.data.benchmark import Benchmark
from robustir.embeddings import (DEFAULT_SHARD_SIZE, ProgressFn, chunk_plan,  # noqa: F401 (re-exported)
                                 corpus_embeddings, corpus_key, encode_texts)
from robustir.index import IndexSpec, VectorIndex
from robustir.models.base import Encoder

#: Texts handed to the encoder per call: small enough for a smooth progress bar,
#: large enough that the per-call overhead stays negligible (see bench/encode.py).
#: robustir.embeddings reads it at call time.
CHUNK = 512


class Retriever:
    """Inner-product search of query texts against one benchmark's corpus (exact unless ``index`` says).

    Query embeddings are memoised by text for the retriever's lifetime, so a
    perturbed query identical to one already seen (an untouched query, a repeated
    sample) is never encoded twice.
    """

    def __init__(self, encoder: Encoder, benchmark: Benchmark, *, cache_dir: Path | None = None,
                 batch_size: int = 64, progress: ProgressFn | None = None, use_cache: bool = True,
                 index: IndexSpec | str | None = None, shard_size: int | None = None) -> None:
        spec = IndexSpec.parse(index)  # a bad index description fails before any encoding
        self.encoder = encoder
        self.benchmark = benchmark
        self.batch_size = batch_size
        self.doc_ids = [d.id for d in benchmark.corpus]
        self.doc_vecs = corpus_embeddings(encoder, benchmark, cache_dir=cache_dir, batch_size=batch_size,
                                          progress=progress, use_cache=use_cache, shard_size=shard_size)
        self.index = VectorIndex(self.doc_vecs, spec)
        self._query_cache: dict[str, np.ndarray] = {}
        self.texts_encoded = 0

    @cached_property
    def _doc_index(self) -> dict[str, int]:
        """Document id -> row (built on first use: a million ids take ~100 MB)."""
        return {d: i for i, d in enumerate(self.doc_ids)}

    def measure_recall(self, texts: Sequence[str]) -> dict:
        """Tune the index's search effort on ``texts`` (unless given) and return its description with its
        recall@100 against exact search on them (exact search: 1.0 by construction, not measured)."""
        if self.index.spec.exact:
            return self.index.describe()
        vecs = self.encode_queries(texts)
        return self.index.describe(self.index.tune(vecs), len(texts))

    def encode_queries(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        """(n, dim) query embeddings, encoding only texts not seen before (in first-seen order)."""
        new = list(dict.fromkeys(t for t in texts if t not in self._query_cache))
        if new:
            vecs = encode_texts(self.encoder.encode_queries, new, self.batch_size, progress)
            self.texts_encoded += len(new)
            for t, v in zip(new, vecs):
                self._query_cache[t] = v
        if not texts:
            return np.zeros((0, self.doc_vecs.shape[1]), dtype=np.float32)
        return np.stack([self._query_cache[t] for t in texts])

    def search(self, texts: Sequence[str], k: int = 100, progress: ProgressFn | None = None
               ) -> list[list[tuple[str, float]]]:
        """Top-``k`` ``(doc_id, score)`` lists, best first, one per text."""
        if not texts:
            return []
        vecs = self.encode_queries(texts, progress)
        k = min(k, len(self.doc_ids))
        scores, idx = self.index.search(vecs, k)
        return [[(self.doc_ids[j], float(s)) for s, j in zip(srow, irow) if j >= 0]
                for srow, irow in zip(scores, idx)]

    def score_against(self, texts: Sequence[str], relevant: Sequence[str], k: int = 10
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For candidate query texts: best relevant score, k-th best non-relevant score, and the
        exact 1-based rank of the best relevant document (over the whole corpus)."""
        vecs = self.encode_queries(texts)
        sims = vecs @ self.doc_vecs.T  # exact, all documents: cheap at benchmark scale
        rel_idx = np.array([self._doc_index[d] for d in relevant if d in self._doc_index], dtype=np.int64)
        n = len(texts)
        if rel_idx.size == 0:
            return np.full(n, -np.inf), np.full(n, np.inf), np.full(n, len(self.doc_ids) + 1)
        rel = sims[:, rel_idx].max(axis=1)
        nonrel = sims.copy()
        nonrel[:, rel_idx] = -np.inf
        kk = min(k, nonrel.shape[1] - rel_idx.size)
        kth = -np.partition(-nonrel, kk - 1, axis=1)[:, kk - 1] if kk > 0 else np.full(n, -np.inf)
        rank = (nonrel > rel[:, None]).sum(axis=1) + 1
        return rel.astype(np.float64), kth.astype(np.float64), rank.astype(np.int64)


def run_from_hits(qids: Sequence[str], hits: Sequence[Sequence[tuple[str, float]]]
                  ) -> dict[str, dict[str, float]]:
    """The ``{qid: {docid: score}}`` run that ir-measures reads."""
    return {q: dict(h) for q, h in zip(qids, hits)}

