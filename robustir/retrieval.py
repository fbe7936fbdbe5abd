"""Dense retrieval against a clean corpus: cached corpus embeddings and exact search.

Corpus embeddings are the expensive part of every evaluation, so they are cached
on disk under ``$ROBUSTIR_HOME/embeddings``, keyed by the model fingerprint, the
corpus checksum, the maximum sequence length and the passage prompt; each cache
file carries a sha256 that is checked on load, and is written atomically.
Search is exact inner product (faiss ``IndexFlatIP``) over L2-normalised vectors,
i.e. cosine similarity.
"""

from __future__ import annotations

import contextlib
import io
import json
import warnings
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from robustir.data.benchmark import Benchmark
from robustir.env import home
from robustir.io import atomic_write_bytes, atomic_write_json, sha256_text
from robustir.models.base import Encoder

ProgressFn = Callable[[int], None]
#: Texts handed to the encoder per call: small enough for a smooth progress bar,
#: large enough that the per-call overhead stays negligible (see bench/encode.py).
CHUNK = 512


def encode_texts(encode: Callable[..., np.ndarray], texts: Sequence[str], batch_size: int = 64,
                 progress: ProgressFn | None = None) -> np.ndarray:
    """Encode ``texts`` in length-sorted chunks (as sentence-transformers does inside
    one call), reporting progress after each chunk; rows come back in input order."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    order = sorted(range(n), key=lambda i: -len(texts[i]))
    out: np.ndarray | None = None
    for start in range(0, n, CHUNK):
        idx = order[start:start + CHUNK]
        vecs = np.asarray(encode([texts[i] for i in idx], batch_size=batch_size), dtype=np.float32)
        if out is None:
            out = np.empty((n, vecs.shape[1]), dtype=np.float32)
        out[idx] = vecs
        if progress:
            progress(len(idx))
    assert out is not None
    return out


def corpus_key(encoder: Encoder, benchmark: Benchmark) -> str:
    """Cache key of a corpus encoding: what determines the vectors, and nothing else."""
    corpus = sha256_text(benchmark.corpus_texts())
    return sha256_text(["robustir.corpus/1", encoder.fingerprint, corpus,
                        str(encoder.max_seq_length), encoder.passage_prompt])


def corpus_embeddings(encoder: Encoder, benchmark: Benchmark, *, cache_dir: Path | None = None,
                      batch_size: int = 64, progress: ProgressFn | None = None,
                      use_cache: bool = True) -> np.ndarray:
    """The (n_docs, dim) passage embeddings of ``benchmark``'s corpus, from the cache when valid.

    A cache file whose checksum does not match is reported with a warning and recomputed.
    """
    cache_dir = Path(cache_dir) if cache_dir else home() / "embeddings"
    key = corpus_key(encoder, benchmark)
    npy, meta = cache_dir / f"{key}.npy", cache_dir / f"{key}.json"
    if not use_cache:
        return encode_texts(encoder.encode_passages, benchmark.corpus_texts(), batch_size, progress)
    # One process encodes a cold corpus; another asking for it meanwhile waits, then reads the cache.
    with _corpus_lock(cache_dir / f"{key}.lock"):
        vecs = _read_cache(npy, meta, len(benchmark.corpus))
        if vecs is not None:
            if progress:
                progress(len(benchmark.corpus))
            return vecs
        vecs = encode_texts(encoder.encode_passages, benchmark.corpus_texts(), batch_size, progress)
        buf = io.BytesIO()
        np.save(buf, vecs, allow_pickle=False)
        data = buf.getvalue()
        atomic_write_bytes(npy, data)
        atomic_write_json(meta, {"sha256": _sha(data), "model": encoder.name, "fingerprint": encoder.fingerprint,
                                 "corpus": benchmark.name, "documents": len(benchmark.corpus),
                                 "shape": list(vecs.shape)})
    return vecs


def _read_cache(npy: Path, meta: Path, n_docs: int) -> np.ndarray | None:
    """The cached vectors when the file matches its recorded sha256 and the corpus size; else None
    (a corrupt or unreadable file is reported with a warning)."""
    if not (npy.exists() and meta.exists()):
        return None
    try:
        data = npy.read_bytes()
        info = json.loads(meta.read_text(encoding="utf-8"))
        if _sha(data) == info.get("sha256"):
            vecs = np.load(io.BytesIO(data), allow_pickle=False)
            if vecs.shape[0] == n_docs:
                return vecs
        warnings.warn(f"corpus embedding cache {npy.name} is corrupt; recomputing", stacklevel=3)
    except (OSError, ValueError) as e:
        warnings.warn(f"corpus embedding cache {npy.name} unreadable ({e}); recomputing", stacklevel=3)
    return None


@contextlib.contextmanager
def _corpus_lock(path: Path) -> Iterator[None]:
    """An inter-process lock (``filelock``) around encoding one corpus; without a writable cache
    folder there is nothing to share, so the work goes on unlocked (the write reports the folder)."""
    from filelock import FileLock

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path))
        lock.acquire()
    except OSError:
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


class Retriever:
    """Exact inner-product search of query texts against one benchmark's corpus.

    Query embeddings are memoised by text for the retriever's lifetime, so a
    perturbed query identical to one already seen (an untouched query, a repeated
    sample) is never encoded twice.
    """

    def __init__(self, encoder: Encoder, benchmark: Benchmark, *, cache_dir: Path | None = None,
                 batch_size: int = 64, progress: ProgressFn | None = None, use_cache: bool = True) -> None:
        import faiss

        self.encoder = encoder
        self.benchmark = benchmark
        self.batch_size = batch_size
        self.doc_ids = [d.id for d in benchmark.corpus]
        self._doc_index = {d: i for i, d in enumerate(self.doc_ids)}
        self.doc_vecs = corpus_embeddings(encoder, benchmark, cache_dir=cache_dir, batch_size=batch_size,
                                          progress=progress, use_cache=use_cache)
        self.index = faiss.IndexFlatIP(self.doc_vecs.shape[1])
        self.index.add(self.doc_vecs)
        self._query_cache: dict[str, np.ndarray] = {}
        self.texts_encoded = 0

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

