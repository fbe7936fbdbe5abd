"""Resampling several per-query samples over ONE set of random draws (bootstrap indices, sign flips).

One evaluation summarises 8 metric pairs over the same queries with the same seed, so the
bootstrap's resampled query indices and the sign-flip test's sign patterns are the same
draws for all of them (they depend only on the seed, the number of queries and of
resamples). Drawing them once per run rather than once per metric is what this module
does; ``robustir.stats`` turns the results into intervals and p-values.

The draws are exactly ``scipy.stats.bootstrap``'s (``paired=True``: ``rng.integers(0, n,
(batch, n))`` per batch) and ``stats.sign_flip_test``'s. The bootstrap means are computed as
COUNTS x VALUES: each resample's index row becomes a row of how often each query was drawn
(``bincount``), and one BLAS product of the (resamples x queries) count matrix with the
(queries x samples) values gives every sample's resampled sums at once, instead of gathering
resamples x queries values per sample (8 x 10^7 at 1,000 queries and 10,000 resamples). The
sums differ from scipy's gathered pairwise sums in the last bits only (bounded in
``mean_error_bound``); where that could change a comparison the caller makes (BCa's
``theta_b < theta_hat`` at an exact tie: discrete metrics tie often), the caller's
``undecided`` hook names the resamples whose means are then recomputed exactly as scipy computes
them (gather + ``add.reduce``), so those comparisons are scipy's. Hand-written because scipy's
``bootstrap`` draws per call and cannot share draws across statistics of different data.
Measured: bench/RESULTS.md sections 21 (shared draws) and 45 (counts x values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: Gathered elements per cache-sized chunk of the exact recomputation (~2 MiB of float64).
_CHUNK_ELEMENTS = 262_144

#: Count-matrix elements per chunk of resamples (256 KiB of int64): measured fastest here (32-64 resample rows
#: of 1,000 queries: 0.036 CPU-s for 12,000 resamples x 8 samples, 0.069 at 262 rows; bench/RESULTS.md section 45).
_COUNT_ELEMENTS = 32_768

#: Unit roundoff of float64 (2**-53).
_UNIT_ROUNDOFF = 2.0 ** -53


def mean_error_bound(samples: np.ndarray) -> np.ndarray:
    """Per row of ``samples`` ``(S, n)``: a bound on |this module's resampled mean - scipy's| for any resample.

    Both are sums of n terms of at most ``max|x|`` (times counts that add up to n) in some order, divided
    by n: each is within ``(n + 1) u max|x|`` of the exact mean (Higham, Accuracy and Stability of Numerical
    Algorithms, 2nd ed., eq. 3.5, any summation order); twice that, with a factor 2 of margin, bounds their
    difference."""
    x = np.asarray(samples, dtype=float)
    n = x.shape[-1]
    return 4.0 * (n + 2) * _UNIT_ROUNDOFF * np.max(np.abs(x), axis=-1)


def bootstrap_means(samples: np.ndarray, rng: np.random.Generator, n_resamples: int, batch: int,
                    undecided: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """``(S, n_resamples)``: the mean of each row of ``samples`` (``(S, n)``, one value per query)
    over the same resampled query indices, drawn from ``rng`` ``batch`` resamples at a time as
    ``scipy.stats.bootstrap(..., paired=True, batch=batch)`` draws them.

    The means are ``counts @ samples.T / n`` per cache-sized chunk of resamples (one BLAS product each):
    within ``mean_error_bound`` of scipy's. ``undecided(means)``, given a batch's ``(S, m)`` means,
    returns an ``(S, m)`` boolean mask of the means to recompute exactly as scipy computes them
    (``sample[idx].mean(axis=-1)``: the same values bit for bit), e.g. where a resample's statistic
    is within the error bound of the value it is compared with."""
    x = np.ascontiguousarray(samples, dtype=float)
    n = x.shape[1]
    out = np.empty((x.shape[0], n_resamples))
    rows = max(1, _COUNT_ELEMENTS // max(1, n))
    offsets = np.arange(min(rows, batch), dtype=np.int64)[:, None] * n
    # scipy's rng_integers(rng, 0, n, (b, n)) draws int64; numpy draws any range below 2**32 through the same
    # 32-bit generator whatever the dtype, so int32 gives the same values (tests compare with scipy) for 30% less
    dtype = np.int32 if n < 2**31 else np.int64
    for start in range(0, n_resamples, batch):
        b = min(batch, n_resamples - start)
        idx = rng.integers(0, n, size=(b, n), dtype=dtype)
        for r in range(0, b, rows):
            part = idx[r:r + rows]
            m = part.shape[0]
            counts = np.bincount((part + offsets[:m]).ravel(), minlength=m * n).reshape(m, n).astype(float)
            for s, row in enumerate(x):
                # one product per sample (gemv), not one for all (gemm): a sample's means then do not depend,
                # in their last bits, on which other samples were resampled with it
                out[s, start + r:start + r + m] = counts @ row
        block = out[:, start:start + b]
        block /= n
        if undecided is not None:  # once per batch: the hook's numpy calls cost more than a chunk's product
            _recompute(x, idx, block, np.asarray(undecided(block), dtype=bool))
    return out


def _recompute(x: np.ndarray, idx: np.ndarray, block: np.ndarray, redo: np.ndarray) -> None:
    """``block[s, j] = x[s, idx[j]].mean()`` where ``redo[s, j]``, as scipy computes it: a 2-D gather of the
    resamples' indices and numpy's mean over its last axis (``add.reduce`` / n; a 3-D gather would reduce
    in another order)."""
    n = x.shape[1]
    rows = max(1, _CHUNK_ELEMENTS // max(1, n))
    for s in np.flatnonzero(redo.any(axis=1)):
        cols = np.flatnonzero(redo[s])
        for c in range(0, cols.shape[0], rows):
            part = cols[c:c + rows]
            gathered = np.take(x[s], idx[part], mode="clip")  # indices are in range by construction
            block[s, part] = np.add.reduce(gathered, axis=-1) / n


def sign_flip_hits(diffs: Sequence[np.ndarray], thresholds: Sequence[float], rng: np.random.Generator,
                   n_resamples: int, batch: int) -> list[int]:
    """Per vector of ``diffs`` (each ``(n,)``, the same n): how many of ``n_resamples`` random sign
    patterns give ``|mean(signs * d)| >= threshold``; the patterns are drawn once from ``rng``,
    ``batch`` at a time, exactly as ``stats.sign_flip_test`` draws them, and shared by every vector
    (multiplied in cache-sized row blocks: each row's dot product is the same, measured 30-45% less CPU)."""
    n = diffs[0].shape[0]
    hits = [0] * len(diffs)
    rows = max(1, _CHUNK_ELEMENTS // max(1, n))
    for start in range(0, n_resamples, batch):
        b = min(batch, n_resamples - start)
        raw = rng.integers(0, 2, size=(b, n), dtype=np.int8)
        for r in range(0, b, rows):
            signs = 1.0 - 2.0 * raw[r:r + rows]
            for j, (d, t) in enumerate(zip(diffs, thresholds, strict=True)):
                hits[j] += int(np.count_nonzero(np.abs(signs @ d) / n >= t))
    return hits
