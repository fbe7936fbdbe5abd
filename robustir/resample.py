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
them (gather + ``add.reduce``), so those comparisons are scipy's; rows whose resampled sums are exact in any
order (``exact_sums``: binary measures) are scipy's already and need none. Hand-written because scipy's
``bootstrap`` draws per call and cannot share draws across statistics of different data.
Measured: bench/RESULTS.md sections 21 (shared draws) and 45 (counts x values).

The draws are a pure function of the generator's state, the number of queries, of resamples and the
batch size, and every summary of a study with the same seed and queries makes the same ones: they are
kept per process (``_drawn``: the resample indices, their count matrix and the sign patterns, least
recently used out beyond :data:`MEMO_BYTES`), so a later evaluation replays them instead of drawing and
counting again, and leaves the generator where drawing would have left it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from robustir import drawstore

#: Gathered elements per cache-sized chunk of the exact recomputation (~2 MiB of float64).
_CHUNK_ELEMENTS = 262_144

#: Count-matrix elements per chunk of resamples (256 KiB of int64): measured fastest here (32-64 resample rows
#: of 1,000 queries: 0.036 CPU-s for 12,000 resamples x 8 samples, 0.069 at 262 rows; bench/RESULTS.md section 45).
_COUNT_ELEMENTS = 32_768

#: Sign-pattern elements per chunk of ``sign_flip_hits`` (512 KiB of float64 signs: 64 patterns of 1,000
#: queries): measured 30% cheaper than 2 MiB chunks (0.0136 vs 0.0196 CPU-s for 10,000 patterns x 4 vectors).
#: A row's dot product may differ in its last bits with the chunk's height (OpenBLAS's gemv kernels take
#: rows in groups); the p-value counts patterns at least 1e-12 (relative) beyond the observed mean's
#: tolerance, far above such differences.
_SIGN_ELEMENTS = 65_536

#: Unit roundoff of float64 (2**-53).
_UNIT_ROUNDOFF = 2.0 ** -53

#: Bytes of draws kept per process (``_drawn``). 1,000 queries x 10,000 resamples keep 30 MB (indices as
#: uint16, counts as uint8) and 1.25 MB of sign patterns (bits), 3,270 queries 98 MB; draws larger than this
#: are made afresh batch by batch each time, as before (a bound on what a long study holds).
MEMO_BYTES = 128 << 20

_MEMO: OrderedDict[tuple, tuple[list[tuple[np.ndarray, ...]], Mapping[str, Any], int]] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_memo_bytes = 0


def mean_error_bound(samples: np.ndarray) -> np.ndarray:
    """Per row of ``samples`` ``(S, n)``: a bound on |this module's resampled mean - scipy's| for any resample.

    Both are sums of n terms of at most ``max|x|`` (times counts that add up to n) in some order, divided
    by n: each is within ``(n + 1) u max|x|`` of the exact mean (Higham, Accuracy and Stability of Numerical
    Algorithms, 2nd ed., eq. 3.5, any summation order); twice that, with a factor 2 of margin, bounds their
    difference. 0 for a row whose sums are exact in any order (:func:`exact_sums`: both means are then the
    exact sum divided by n, the same float)."""
    x = np.asarray(samples, dtype=float)
    n = x.shape[-1]
    bound = 4.0 * (n + 2) * _UNIT_ROUNDOFF * np.max(np.abs(x), axis=-1)
    if x.ndim == 2:
        bound[exact_sums(x)] = 0.0
    return bound


#: the finest binary fraction :func:`exact_sums` looks for (values that are multiples of 2**-24 at most)
_EXACT_FRACTION_BITS = 24


def exact_sums(samples: np.ndarray) -> np.ndarray:
    """Per row of ``samples`` ``(S, n)``: True where every resample's sum (counts times values, in any order) is
    exact in float64: every value is an integer multiple of ``2**-s`` for some ``s <= 24`` and
    ``n max|x| 2**s < 2**53``, so every product and partial sum is such a multiple below ``2**53 2**-s``,
    which float64 holds exactly. Binary measures (Success@k, R@k of one relevant document: 0 or 1) are such
    rows; their resampled means tie with the point estimate in a large share of the resamples, which
    :func:`bootstrap_means`' caller would otherwise recompute one by one (bench/RESULTS.md section 83).
    Hand-written: numpy has no test for exact float sums."""
    x = np.asarray(samples, dtype=float)
    out = np.zeros(x.shape[0], dtype=bool)
    n = x.shape[1]
    for r, row in enumerate(x):
        if not np.isfinite(row).all():
            continue
        top = float(np.max(np.abs(row), initial=0.0))
        for bits in range(_EXACT_FRACTION_BITS + 1):
            scaled = row * 2.0**bits  # exact: a power of two (no overflow below the 2**53 check)
            if n * top * 2.0**bits >= 2.0**53:
                break
            if np.array_equal(scaled, np.floor(scaled)):
                out[r] = True
                break
    return out


def _frozen(value: Any) -> Any:
    """A bit generator's ``state`` (nested dicts of ints, strings and arrays) as a hashable key."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, np.ndarray):
        return value.dtype.str, value.shape, value.tobytes()
    return value


def _drawn(kind: str, rng: np.random.Generator, n: int, n_resamples: int, batch: int, nbytes: int,
           draw: Callable[[np.random.Generator, int], tuple[np.ndarray, ...]]) -> Iterator[tuple[np.ndarray, ...]]:
    """``draw(rng, b)`` for each batch of ``batch`` of ``n_resamples`` (the last one shorter), in order.

    The batches are a pure function of ``rng``'s state and the arguments, so they are memoised per process
    (keyed by ``kind``, the state and the sizes, at most :data:`MEMO_BYTES` in all, least recently used out)
    and stored on disk for later processes (:mod:`robustir.drawstore`): a repeat replays them and sets ``rng``
    to the state the draws leave it in. ``nbytes`` (what the
    batches will hold) above the budget: drawn lazily each time, nothing kept."""
    global _memo_bytes
    if nbytes > MEMO_BYTES:
        for start in range(0, n_resamples, batch):
            yield draw(rng, min(batch, n_resamples - start))
        return
    key = (kind, _frozen(rng.bit_generator.state), n, n_resamples, batch)
    with _MEMO_LOCK:
        kept = _MEMO.get(key)
        if kept is not None:
            _MEMO.move_to_end(key)
    if kept is not None:
        rng.bit_generator.state = kept[1]
        yield from kept[0]
        return
    stored = drawstore.load(kind, key)  # drawn by an earlier process (robustir.drawstore)
    if stored is not None:
        batches, state = stored
        rng.bit_generator.state = state
    else:
        batches = [draw(rng, min(batch, n_resamples - start)) for start in range(0, n_resamples, batch)]
        drawstore.save(kind, key, batches, rng.bit_generator.state)
    for part in batches:
        for a in part:
            a.flags.writeable = False  # handed out again: no caller may change them
    size = sum(a.nbytes for part in batches for a in part)
    with _MEMO_LOCK:
        if key not in _MEMO:
            _MEMO[key] = (batches, rng.bit_generator.state, size)
            _memo_bytes += size
        while _memo_bytes > MEMO_BYTES:
            _memo_bytes -= _MEMO.popitem(last=False)[1][2]
    yield from batches


def _index_batch(rng: np.random.Generator, n: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """One batch of ``b`` resamples of ``n`` query indices, drawn as ``scipy.stats.bootstrap`` draws them, and
    how often each query was drawn in each (``(b, n)`` counts, uint8 unless a count exceeds 255)."""
    # scipy's rng_integers(rng, 0, n, (b, n)) draws int64; numpy draws any range below 2**32 through the same
    # 32-bit generator whatever the dtype, so int32 gives the same values (tests compare with scipy) for 30% less
    idx = rng.integers(0, n, size=(b, n), dtype=np.int32 if n < 2**31 else np.int64)
    if n <= 2**16:  # kept compactly (the gather of the exact recomputation reads any integer type)
        idx = idx.astype(np.uint16)
    rows = max(1, _COUNT_ELEMENTS // max(1, n))
    offsets = np.arange(min(rows, b), dtype=np.int64)[:, None] * n
    counts = np.empty((b, n), dtype=np.uint8)
    for r in range(0, b, rows):
        part = idx[r:r + rows]
        m = part.shape[0]
        c = np.bincount((part + offsets[:m]).ravel(), minlength=m * n).reshape(m, n)
        if n > 255 and counts.dtype == np.uint8 and c.max() > 255:
            counts = counts.astype(np.int64)
        counts[r:r + m] = c
    return idx, counts


def bootstrap_means(samples: np.ndarray, rng: np.random.Generator, n_resamples: int, batch: int,
                    undecided: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """``(S, n_resamples)``: the mean of each row of ``samples`` (``(S, n)``, one value per query)
    over the same resampled query indices, drawn from ``rng`` ``batch`` resamples at a time as
    ``scipy.stats.bootstrap(..., paired=True, batch=batch)`` draws them (kept per process: ``_drawn``).

    The means are ``counts @ samples.T / n`` per cache-sized chunk of resamples (one BLAS product each):
    within ``mean_error_bound`` of scipy's. ``undecided(means)``, given a batch's ``(S, m)`` means,
    returns an ``(S, m)`` boolean mask of the means to recompute exactly as scipy computes them
    (``sample[idx].mean(axis=-1)``: the same values bit for bit), e.g. where a resample's statistic
    is within the error bound of the value it is compared with."""
    x = np.ascontiguousarray(samples, dtype=float)
    n = x.shape[1]
    out = np.empty((x.shape[0], n_resamples))
    rows = max(1, _COUNT_ELEMENTS // max(1, n))
    start = 0
    for idx, counts in _drawn("bootstrap", rng, n, n_resamples, batch, (3 if n <= 2**16 else 5) * n * n_resamples,
                              lambda g, b: _index_batch(g, n, b)):
        b = idx.shape[0]
        for r in range(0, b, rows):
            c = counts[r:r + rows].astype(float)
            m = c.shape[0]
            for s, row in enumerate(x):
                # one product per sample (gemv), not one for all (gemm): a sample's means then do not depend,
                # in their last bits, on which other samples were resampled with it
                out[s, start + r:start + r + m] = c @ row
        block = out[:, start:start + b]
        block /= n
        if undecided is not None:  # once per batch: the hook's numpy calls cost more than a chunk's product
            _recompute(x, idx, block, np.asarray(undecided(block), dtype=bool))
        start += b
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


def _sign_batch(rng: np.random.Generator, n: int, b: int) -> tuple[np.ndarray]:
    """One batch of ``b`` random sign patterns over ``n`` queries, drawn as ``stats.sign_flip_test`` draws
    them, kept as bits (``packbits``: 1 = a flipped sign)."""
    return (np.packbits(rng.integers(0, 2, size=(b, n), dtype=np.int8), axis=1),)


#: the 8 signs (+1.0 kept, -1.0 flipped) of each byte of packed sign bits, in ``np.unpackbits``' order
_SIGNS_OF_BYTE = 1.0 - 2.0 * np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(float)
_SIGNS_OF_BYTE.flags.writeable = False


def sign_flip_hits(diffs: Sequence[np.ndarray], thresholds: Sequence[float], rng: np.random.Generator,
                   n_resamples: int, batch: int) -> list[int]:
    """Per vector of ``diffs`` (each ``(n,)``, the same n): how many of ``n_resamples`` random sign
    patterns give ``|mean(signs * d)| >= threshold``; the patterns are drawn once from ``rng``,
    ``batch`` at a time, exactly as ``stats.sign_flip_test`` draws them (kept per process: ``_drawn``),
    and shared by every vector: per cache-sized row block of patterns (:data:`_SIGN_ELEMENTS`), ONE product
    of the block with the (n, vectors) matrix of every vector gives all their sums (a gemm instead of one
    gemv per vector: one unpacked block, one comparison and one count for all), the signs unpacked through a
    byte -> 8 signs table (:data:`_SIGNS_OF_BYTE`; 0.034 -> 0.020 CPU-s for 8 vectors x 10,000 patterns of
    1,000 queries, bench/RESULTS.md section 83). A sum may differ in its
    last bits with the product's shape (OpenBLAS's kernels take rows and columns in groups), as it already
    did with the block's height: the thresholds' 1e-12 (relative) slack is far above such differences."""
    n = diffs[0].shape[0]
    matrix = np.stack([np.asarray(d, dtype=float) for d in diffs], axis=1)  # (n, vectors)
    limits = np.asarray(thresholds, dtype=float)
    hits = np.zeros(len(diffs), dtype=np.int64)
    rows = max(1, _SIGN_ELEMENTS // max(1, n))
    for (bits,) in _drawn("signs", rng, n, n_resamples, batch, n_resamples * ((n + 7) // 8),
                          lambda g, b: _sign_batch(g, n, b)):
        for r in range(0, bits.shape[0], rows):
            block = bits[r:r + rows]
            # each byte's 8 signs from a table (one gather, float64 +-1 as 1 - 2 * bit gives them)
            signs = _SIGNS_OF_BYTE.take(block, axis=0).reshape(block.shape[0], -1)[:, :n]
            hits += np.count_nonzero(np.abs(signs @ matrix) / n >= limits, axis=0)
    return [int(h) for h in hits]
