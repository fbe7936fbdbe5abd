"""Statistics for robustness results: paired bootstrap CIs, randomisation tests, multiplicity.

Every robustness number robustir reports is a *paired* comparison over the same
queries: a metric on the clean query and the same metric on K perturbed copies
of it. The unit of resampling is therefore the query (queries are the random
sample; documents and the encoder are fixed), and all statistics of one result
are bootstrapped with the *same* resampled query indices so that clean,
attacked and degradation intervals are consistent with one another.

Functions return plain JSON-able dicts (Python floats, ``None`` where a value is
undefined, never NaN) because they go straight into result files.

Determinism: every random draw comes from ``numpy.random.default_rng([seed,
stream])`` with a fixed stream number per purpose, so the same seed and inputs
give byte-identical output.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from robustir.errors import InputError

__all__ = [
    "bca_interval",
    "benjamini_hochberg",
    "compare_degradations",
    "compare_seeded",
    "hierarchical_bootstrap_difference",
    "holm",
    "sign_flip_test",
    "success_rate",
    "summarize",
    "summarize_many",
]

#: Differences smaller than this count as "unchanged" (metrics live in [0, 1];
#: this only absorbs floating-point noise of averaging K samples).
TIE_TOLERANCE = 1e-9

# Independent random streams derived from the user's seed.
_STREAM_BOOTSTRAP = 1
_STREAM_SIGNFLIP = 2
_STREAM_HIERARCHICAL = 3

# Upper bound on the number of array elements materialised per bootstrap batch
# (resampled indices); keeps memory to tens of MB for 3,270 queries x 10,000 resamples.
_BATCH_ELEMENTS = 4_000_000


# --------------------------------------------------------------------------- helpers


def _f(x: Any) -> float | None:
    """A JSON-able float: NaN and infinities become ``None``."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _method_name(method: str) -> str:
    m = str(method).strip().lower()
    if m == "bca":
        return "BCa"
    if m == "percentile":
        return "percentile"
    raise InputError(f"unknown confidence-interval method {method!r}; use 'BCa' or 'percentile'")


def _check_common(seed: int, n_resamples: int, confidence: float) -> None:
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    if not isinstance(n_resamples, (int, np.integer)) or n_resamples < 1:
        raise InputError(f"n_resamples must be a positive integer, got {n_resamples!r}")
    if not (0.0 < float(confidence) < 1.0):
        raise InputError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")


def _as_finite_1d(x: Any, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim != 1:
        raise InputError(f"{name} must be one value per query (1-D), got shape {a.shape}")
    if a.size == 0:
        raise InputError(f"{name} is empty: there are no queries to summarise")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} contains NaN or infinite values; every query must have a finite metric")
    return a


def _block(mean: Any, low: Any, high: Any, method: str | None) -> dict:
    return {"mean": _f(mean), "low": _f(low), "high": _f(high), "method": method}


def _batch_size(per_resample: int, n_resamples: int) -> int:
    return int(max(1, min(n_resamples, _BATCH_ELEMENTS // max(1, per_resample))))


def _ndtr(x: np.ndarray) -> np.ndarray:
    """The standard normal CDF, elementwise: cephes' ``ndtr`` formula (scipy.special's) on the C library's
    ``erf``/``erfc`` (``math``). Hand-written (four lines) so that a BCa interval does not import
    scipy.special (~0.15 CPU-s per process); tests/test_stats_counts.py checks it against scipy's to 1e-13."""
    def one(v: float) -> float:
        z = v * math.sqrt(0.5)
        if abs(z) < math.sqrt(0.5):
            return 0.5 + 0.5 * math.erf(z)
        y = 0.5 * math.erfc(abs(z))
        return 1.0 - y if z > 0 else y
    a = np.asarray(x, dtype=float)
    return np.array([one(v) if not math.isnan(v) else math.nan for v in a.ravel()]).reshape(a.shape)


def _ndtri(p: np.ndarray) -> np.ndarray:
    """The standard normal quantile, elementwise: ``statistics.NormalDist().inv_cdf`` (Wichura's AS241,
    ~1e-16 relative), with scipy.special.ndtri's ends: -inf at 0, inf at 1, NaN outside [0, 1]."""
    from statistics import NormalDist

    inv = NormalDist().inv_cdf

    def one(v: float) -> float:
        if v == 0.0:
            return -math.inf
        if v == 1.0:
            return math.inf
        return inv(v) if 0.0 < v < 1.0 else math.nan
    a = np.asarray(p, dtype=float)
    return np.array([one(v) for v in a.ravel()]).reshape(a.shape)


def bca_interval(theta_hat: np.ndarray, theta_b: np.ndarray, theta_jack: np.ndarray,
                 confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected and accelerated bootstrap interval (Efron & Tibshirani 1993, 14.3 and 15.4).

    ``theta_hat``: (m,) point estimates; ``theta_b``: (m, B) bootstrap distribution;
    ``theta_jack``: (m, n) leave-one-out (jackknife) estimates. Returns (low, high),
    NaN where the interval is undefined (a degenerate distribution). This mirrors
    ``scipy.stats.bootstrap(method="BCa")`` step for step (its z0 tie rule
    ``(#(theta_b < theta_hat) + #(theta_b <= theta_hat)) / 2B``, its acceleration formula,
    the linear quantile); tests check it against scipy's to 1e-12. Hand-written because
    scipy's bootstrap resamples one level only (the two-level bootstrap needs the same
    BCa step), computes the jackknife by resampling (O(n^2) per statistic, where a mean's
    leave-one-out values have a closed form) and costs ``import scipy.stats`` (~0.45 CPU-s
    per process).
    """
    theta_hat = np.asarray(theta_hat, float)[:, None]
    theta_b = np.asarray(theta_b, float)
    B = theta_b.shape[-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        below = np.count_nonzero(theta_b < theta_hat, axis=-1) + np.count_nonzero(theta_b <= theta_hat, axis=-1)
        z0 = _ndtri(below / (2.0 * B))
        n = float(theta_jack.shape[-1])
        u = (n - 1.0) * (theta_jack.mean(axis=-1, keepdims=True) - theta_jack)
        a_hat = 1 / 6 * (np.sum(u**3, axis=-1) / n**3) / (np.sum(u**2, axis=-1) / n**2) ** (3 / 2)
        alpha = (1.0 - confidence) / 2.0
        z_lo = float(_ndtri(np.array(alpha)))
        z_hi = -z_lo
        a1 = _ndtr(z0 + (z0 + z_lo) / (1.0 - a_hat * (z0 + z_lo)))
        a2 = _ndtr(z0 + (z0 + z_hi) / (1.0 - a_hat * (z0 + z_hi)))
    low = np.full(theta_b.shape[0], np.nan)
    high = np.full(theta_b.shape[0], np.nan)
    for j in range(theta_b.shape[0]):
        if np.isfinite(a1[j]) and np.isfinite(a2[j]) and np.all(np.isfinite(theta_b[j])):
            low[j], high[j] = np.quantile(theta_b[j], [a1[j], a2[j]])
    return low, high


def _percentile_interval(theta_b: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    alpha = (1.0 - confidence) / 2.0
    low = np.full(theta_b.shape[0], np.nan)
    high = np.full(theta_b.shape[0], np.nan)
    for j in range(theta_b.shape[0]):
        if np.all(np.isfinite(theta_b[j])):
            low[j], high[j] = np.quantile(theta_b[j], [alpha, 1.0 - alpha])
    return low, high


def _finish_intervals(theta_hat: np.ndarray, theta_b: np.ndarray, bca: tuple[np.ndarray, np.ndarray] | None,
                      confidence: float) -> list[tuple[float, float, str | None]]:
    """Per statistic: the BCa interval where defined, else the percentile interval.

    A statistic whose bootstrap distribution is constant (e.g. every degradation is
    zero) gets the interval [x, x]. An undefined statistic (e.g. a ratio with a zero
    denominator) gets ``None`` bounds and method ``None``. The percentile interval is computed only for the
    statistics that use it (each is a quantile of B values: most statistics take the BCa interval).
    """
    out: list[tuple[float, float, str | None]] = []
    for j in range(theta_b.shape[0]):
        if not math.isfinite(theta_hat[j]):
            out.append((math.nan, math.nan, None))
            continue
        if np.all(theta_b[j] == theta_hat[j]):
            out.append((theta_hat[j], theta_hat[j], "percentile"))
            continue
        if bca is not None and math.isfinite(bca[0][j]) and math.isfinite(bca[1][j]):
            out.append((bca[0][j], bca[1][j], "BCa"))
            continue
        p_low, p_high = _percentile_interval(theta_b[j:j + 1], confidence)
        if math.isfinite(p_low[0]) and math.isfinite(p_high[0]):
            out.append((p_low[0], p_high[0], "percentile"))
        else:
            out.append((math.nan, math.nan, None))
    return out


def _paired_bootstrap(rows: Sequence[np.ndarray], derive: Callable[..., np.ndarray], *, rng: np.random.Generator,
                      n_resamples: int, confidence: float, method: str) -> tuple[np.ndarray, list]:
    """One-level paired bootstrap over queries: what ``scipy.stats.bootstrap(paired=True)`` gives, to 1e-9
    (``_paired_bootstraps`` of one group).

    ``rows`` are per-query arrays of equal length; ``derive(*means)`` maps their
    (resampled) means to the vector of statistics. Returns (point estimates, list
    of (low, high, method) per statistic).
    """
    return _paired_bootstraps([rows], derive, rng=rng, n_resamples=n_resamples, confidence=confidence,
                              method=method)[0]


def _paired_bootstraps(groups: Sequence[Sequence[np.ndarray]], derive: Callable[..., np.ndarray], *,
                       rng: np.random.Generator, n_resamples: int, confidence: float, method: str
                       ) -> list[tuple[np.ndarray, list]]:
    """``_paired_bootstrap`` of each group of rows (every row of every group one value per query, the same
    queries), all resampled with the SAME query indices drawn once from ``rng``.

    Each group's result is what ``scipy.stats.bootstrap((rows...), statistic, paired=True, vectorized=True,
    batch=_batch_size(n, B), rng=rng)`` gives for it with a fresh ``rng`` of the same seed, to 1e-9
    (tests/test_stats_counts.py): the same draws (``robustir.resample.bootstrap_means``), resampled
    means from one count-matrix product (last bits differ from scipy's gathered sums), every resample
    whose statistic could compare with the point estimate differently under those last bits recomputed
    exactly as scipy computes it (``_undecided``: so BCa's bias correction z0, which counts exact ties,
    and the constant-distribution check are scipy's), the jackknife of a mean in closed form and
    scipy's BCa step (``bca_interval``). ``derive`` must be monotone in each mean over a box of a few
    ulps (means, differences, ratios: every statistic here).
    """
    hats, thetas = _bootstrap_distributions(groups, derive, rng=rng, n_resamples=n_resamples)
    out: list[tuple[np.ndarray, list]] = []
    for hat, theta_b, rows in zip(hats, thetas, groups, strict=True):
        if theta_b is None:  # one query: no resampling variability can be estimated
            out.append((hat, [(math.nan, math.nan, None)] * hat.shape[0]))
            continue
        bca = None
        if method == "BCa":
            with np.errstate(invalid="ignore", divide="ignore"):
                jack = np.asarray(derive(*[_jackknife_means(r) for r in rows]), float)
            bca = bca_interval(hat, theta_b, jack, confidence)
        out.append((hat, _finish_intervals(hat, theta_b, bca, confidence)))
    return out


def _bootstrap_distributions(groups: Sequence[Sequence[np.ndarray]], derive: Callable[..., np.ndarray], *,
                             rng: np.random.Generator, n_resamples: int
                             ) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """Per group: the point estimates ``derive(means)`` and the ``(statistics, n_resamples)`` bootstrap
    distribution (``None`` for one query), every value whose comparison with its point estimate the
    count-matrix means could decide otherwise than scipy's arithmetic recomputed as scipy computes it
    (so ``theta_b < theta_hat`` and ``theta_b == theta_hat`` hold exactly where they hold in
    ``scipy.stats.bootstrap(...).bootstrap_distribution``; elsewhere the values agree to ~1e-13)."""
    from robustir.resample import bootstrap_means, mean_error_bound

    n = groups[0][0].shape[0]
    hats = []
    for rows in groups:
        with np.errstate(invalid="ignore", divide="ignore"):
            hats.append(np.asarray(derive(*[r.mean() for r in rows]), float))
    if n < 2:
        return hats, [None] * len(groups)
    width = len(groups[0])
    data = np.stack([r for rows in groups for r in rows])
    bound = mean_error_bound(data)

    def undecided(means: np.ndarray) -> np.ndarray:
        redo = np.zeros(means.shape, dtype=bool)
        for j, hat in enumerate(hats):
            rows = slice(j * width, (j + 1) * width)
            if not bound[rows].any():  # exact sums (resample.exact_sums): the means are scipy's already
                continue
            redo[rows] = _undecided(derive, hat, means[rows], bound[rows])[None, :]
        return redo

    means = bootstrap_means(data, rng, n_resamples, _batch_size(n, n_resamples), undecided=undecided)
    thetas: list[np.ndarray | None] = []
    for j in range(len(groups)):
        with np.errstate(invalid="ignore", divide="ignore"):
            thetas.append(np.asarray(derive(*means[j * width:(j + 1) * width]), float))
    return hats, thetas


def _jackknife_means(x: np.ndarray) -> np.ndarray:
    """The n leave-one-out means of ``x`` in closed form, ``(sum - x_i) / (n - 1)`` (scipy's jackknife
    resamples and averages n - 1 values n times: the same values to rounding, O(n) instead of O(n^2))."""
    return (x.sum() - x) / (x.shape[0] - 1)


def _undecided(derive: Callable[..., np.ndarray], hat: np.ndarray, means: np.ndarray,
               bound: np.ndarray) -> np.ndarray:
    """Per resample (column of ``means``, one row per argument of ``derive``): True where some statistic
    with a finite point estimate ``hat`` might compare with it (<, ==, >) differently when each mean moves
    by up to ``bound`` (the last bits in which the count-matrix means may differ from scipy's), or might
    be undefined. The statistic's range over that box is taken from its corners (``derive`` is monotone
    in each mean over it), widened by 1e-14 relative for ``derive``'s own rounding."""
    lo = hi = None
    bad = np.zeros(means.shape[1], dtype=bool)
    for corner in itertools.product((-1.0, 1.0), repeat=means.shape[0]):
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            v = np.asarray(derive(*[m + c * e for m, c, e in zip(means, corner, bound, strict=True)]), float)
        finite = np.isfinite(hat)[:, None]
        bad |= np.any(finite & ~np.isfinite(v), axis=0)
        lo = v if lo is None else np.minimum(lo, v)
        hi = v if hi is None else np.maximum(hi, v)
    assert lo is not None and hi is not None
    h = hat[:, None]
    with np.errstate(invalid="ignore", over="ignore"):
        slack = 1e-14 * (np.abs(lo) + np.abs(hi))
        near = (lo - slack <= h) & (h <= hi + slack)
    return bad | np.any(near, axis=0)


def _summary_stats(mc: np.ndarray, ma: np.ndarray) -> np.ndarray:
    md = mc - ma
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(mc != 0, md / np.where(mc != 0, mc, 1.0), np.nan)
    return np.stack([mc, ma, md, rel])


def _two_level_bootstrap(
    clean: np.ndarray,
    attacked: np.ndarray,
    abar: np.ndarray,
    *,
    rng: np.random.Generator,
    n_resamples: int,
    confidence: float,
    method: str,
) -> tuple[np.ndarray, list]:
    """Two-level bootstrap: resample queries, then the K attack samples within each chosen query.

    Hand-written because ``scipy.stats.bootstrap`` resamples a single level. The BCa
    acceleration uses the leave-one-query-out jackknife (the outer level), the
    standard choice for nested designs.
    """
    n, K = attacked.shape
    theta_hat = _summary_stats(np.asarray(clean.mean()), np.asarray(abar.mean()))
    if n < 2:
        return theta_hat, [(math.nan, math.nan, None)] * theta_hat.shape[0]
    theta_b = np.empty((theta_hat.shape[0], n_resamples))
    flat = np.ascontiguousarray(attacked).ravel()
    batch = _batch_size(n * (K + 1), n_resamples)
    for start in range(0, n_resamples, batch):
        b = min(batch, n_resamples - start)
        qi = rng.integers(0, n, size=(b, n), dtype=np.int32)
        si = rng.integers(0, K, size=(b, n, K), dtype=np.int32)
        mc = clean[qi].mean(axis=-1)
        # One flat gather (query * K + sample) is much faster than 2-D fancy indexing.
        ma = flat[(qi * K)[..., None] + si].mean(axis=(-1, -2))
        theta_b[:, start:start + b] = _summary_stats(mc, ma)
    bca = None
    if method == "BCa":
        bca = bca_interval(theta_hat, theta_b, _summary_stats(_jackknife_means(clean), _jackknife_means(abar)),
                           confidence)
    return theta_hat, _finish_intervals(theta_hat, theta_b, bca, confidence)


def _shares(d: np.ndarray) -> dict:
    n = d.shape[0]
    return {
        "degraded": float(np.count_nonzero(d > TIE_TOLERANCE) / n),
        "unchanged": float(np.count_nonzero(np.abs(d) <= TIE_TOLERANCE) / n),
        "improved": float(np.count_nonzero(d < -TIE_TOLERANCE) / n),
    }


def _overall_method(used: list) -> str | None:
    """"BCa" when every interval is BCa, "percentile" when any fell back, None when none could be computed."""
    if not used:
        return None
    return "BCa" if all(u == "BCa" for u in used) else "percentile"


def _effect_size(d: np.ndarray) -> float | None:
    """Standardised mean difference of paired values (Cohen's d_z = mean / sd, ddof=1)."""
    if d.shape[0] < 2:
        return None
    sd = float(np.std(d, ddof=1))
    mean = float(np.mean(d))
    if sd <= TIE_TOLERANCE * 1e-3:
        return 0.0 if abs(mean) <= TIE_TOLERANCE else None
    return mean / sd


# --------------------------------------------------------------------------- public API


def sign_flip_test(diffs: Any, n_resamples: int = 10_000, seed: int = 0) -> float:
    """Two-sided p-value of the paired randomisation (sign-flip) test that the mean of ``diffs`` is zero.

    Under the null hypothesis each per-query difference is symmetric about zero, so
    its sign is exchangeable; the null distribution of the mean is formed by
    flipping signs independently, and p = share of sign patterns whose |mean| is at
    least the observed |mean|. With ``2**n <= n_resamples`` (and n <= 16) all patterns are
    enumerated (exact test); otherwise ``n_resamples`` random patterns are drawn and
    the observed pattern is counted too, p = (1 + hits) / (1 + n_resamples), so p is
    never 0 (Phipson & Smyth 2010). All-zero differences (and a single query) give p = 1.

    Hand-written (a seeded +-1 matrix times the differences) rather than
    ``scipy.stats.permutation_test(permutation_type="samples")``: scipy builds sign
    flips from per-pair permutations, about 20x slower (2.7 s vs 0.1 s for 3,270
    queries and 10,000 flips); a test checks both agree.
    """
    d = _as_finite_1d(diffs, "diffs")
    _check_common(seed, n_resamples, 0.5)
    return _sign_flip_pvalues([d], int(n_resamples), int(seed))[0]


def _sign_flip_pvalues(diffs: Sequence[np.ndarray], n_resamples: int, seed: int) -> list[float]:
    """``sign_flip_test`` of each (checked, finite, 1-D) vector of ``diffs``, all of one length: the random
    sign patterns are drawn once and shared (``robustir.resample.sign_flip_hits``), the same draws each
    separate call makes from the same seed, so each p-value is bit-for-bit the separate call's."""
    from robustir.resample import sign_flip_hits

    out = [1.0] * len(diffs)
    pending: list[tuple[int, np.ndarray, float]] = []
    for j, raw in enumerate(diffs):
        d = np.where(np.abs(raw) <= TIE_TOLERANCE, 0.0, raw)
        n = d.shape[0]
        observed = abs(float(d.mean()))
        if n < 2 or observed == 0.0:
            continue
        # Differences of a null pattern from the observed one below this are float noise.
        tol = 1e-12 * max(1.0, observed)
        if n <= 16 and 2**n <= n_resamples:  # at most 65,536 patterns in memory
            # Exact: every sign pattern, as bits of 0 .. 2**n - 1.
            patterns = np.arange(2**n, dtype=np.int64)[:, None] >> np.arange(n, dtype=np.int64)[None, :] & 1
            means = np.abs((1 - 2 * patterns.astype(float)) @ d) / n
            out[j] = float(np.count_nonzero(means >= observed - tol) / 2**n)
            continue
        pending.append((j, d, observed - tol))
    if pending:
        n = pending[0][1].shape[0]
        if any(d.shape[0] != n for _, d, _ in pending):
            raise ValueError("shared sign flips need vectors of one length")
        rng = np.random.default_rng([int(seed), _STREAM_SIGNFLIP])
        hits = sign_flip_hits([d for _, d, _ in pending], [t for _, _, t in pending], rng, n_resamples,
                              _batch_size(n, n_resamples))
        for (j, _, _), h in zip(pending, hits, strict=True):
            out[j] = float((1 + h) / (1 + n_resamples))
    return out


def summarize(clean: Any, attacked: Any, *, seed: int = 0, n_resamples: int = 10_000, confidence: float = 0.95,
              method: str = "BCa", two_level: bool = False) -> dict:
    """Summarise one metric over queries: clean, attacked, degradation, with paired bootstrap CIs.

    ``clean``: (n,) metric per query on the clean query. ``attacked``: (n, K) the same
    metric on each of K perturbed copies (a 1-D array is taken as K = 1).

    Per query, ``degradation = clean - mean over the K samples``; ``relative`` is the
    ratio of means ``mean(degradation) / mean(clean)`` (undefined, ``None``, when the
    clean mean is 0). CIs come from a paired bootstrap over queries (what
    ``scipy.stats.bootstrap(paired=True)`` gives, to 1e-9; BCa by default): the same resampled queries feed all
    four statistics. Where BCa is degenerate (a constant bootstrap distribution gives
    [x, x]; NaN bounds) the percentile interval is used; each block's ``method``
    says which, and the top-level ``method`` is ``"BCa"`` only if every interval is
    BCa. ``two_level=True`` also resamples the K samples within each query, which
    widens the intervals by the attack's own randomness. Note that the one-level
    interval is already valid for the mean over queries (each query, with its K
    samples, is one i.i.d. unit); resampling both levels counts the within-query
    variance twice and is conservative (Davison & Hinkley 1997, sec. 3.8): in the
    simulation tests it covered 98.5% at nominal 95%, about 20% wider. Use it
    when you want the attack's sampling noise made explicit, not for tighter CIs.

    ``p_value`` is the two-sided sign-flip randomisation test of mean degradation
    (``sign_flip_test``, ``n_resamples`` flips); ``effect_size`` is mean degradation /
    its sd (Cohen's d_z); ``degraded``/``unchanged``/``improved`` are the shares of
    queries whose degradation is >0, 0, <0 (ties within 1e-9).

    With a single query no interval can be estimated: bounds are ``None``.
    Raises ``InputError`` on mismatched shapes, empty input or non-finite values.
    """
    return summarize_many([(clean, attacked)], seed=seed, n_resamples=n_resamples, confidence=confidence,
                          method=method, two_level=two_level)[0]


def _summary_inputs(clean: Any, attacked: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Checked ``(clean (n,), attacked (n, K), attacked mean per query, degradation per query)``."""
    c = _as_finite_1d(clean, "clean")
    a = np.asarray(attacked, dtype=float)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[0] != c.shape[0]:
        raise InputError(f"attacked must have shape (n_queries, samples) = ({c.shape[0]}, K), got {a.shape}")
    if a.shape[1] == 0:
        raise InputError("attacked has no attack samples (K = 0)")
    if not np.all(np.isfinite(a)):
        raise InputError("attacked contains NaN or infinite values; every attacked query must have a finite metric")
    abar = a.mean(axis=1)
    # Averaging K equal values can leave ~1e-17 of float noise; treat it as an exact tie.
    abar = np.where(np.abs(c - abar) <= TIE_TOLERANCE, c, abar)
    return c, a, abar, c - abar


def summarize_many(pairs: Sequence[tuple[Any, Any]], *, seed: int = 0, n_resamples: int = 10_000,
                   confidence: float = 0.95, method: str = "BCa", two_level: bool = False) -> list[dict]:
    """``[summarize(clean, attacked, ...) for clean, attacked in pairs]``, the same dicts bit for bit, faster.

    The metrics of one run are summarised over the same queries with the same seed, so each separate
    call draws the same resampled query indices and the same sign patterns: here they are drawn once
    per distinct query count and shared (``robustir.resample``), and each metric's resampled means come
    from one index block while it is in the CPU cache. Measured on BoolQ (1,000 queries, 8 summaries x
    10,000 resamples): see bench/RESULTS.md section 21. ``two_level`` pairs with K > 1 resample per pair.
    """
    prepared = [_summary_inputs(c, a) for c, a in pairs]
    _check_common(seed, n_resamples, confidence)
    meth = _method_name(method)
    B = int(n_resamples)
    fits: list[tuple[np.ndarray, list] | None] = [None] * len(prepared)
    pvals: list[float] = [1.0] * len(prepared)
    by_n: dict[int, list[int]] = {}
    for j, (c, a, abar, _) in enumerate(prepared):
        by_n.setdefault(c.shape[0], []).append(j)
        if two_level and a.shape[1] > 1:
            rng = np.random.default_rng([int(seed), _STREAM_BOOTSTRAP])
            fits[j] = _two_level_bootstrap(c, a, abar, rng=rng, n_resamples=B, confidence=float(confidence),
                                           method=meth)
    for members in by_n.values():
        one_level = [j for j in members if fits[j] is None]
        if one_level:
            rng = np.random.default_rng([int(seed), _STREAM_BOOTSTRAP])
            got = _paired_bootstraps([(prepared[j][0], prepared[j][2]) for j in one_level], _summary_stats,
                                     rng=rng, n_resamples=B, confidence=float(confidence), method=meth)
            for j, fit in zip(one_level, got, strict=True):
                fits[j] = fit
        for j, p in zip(members, _sign_flip_pvalues([prepared[j][3] for j in members], B, int(seed)), strict=True):
            pvals[j] = p
    return [_summary_dict(prep, fit, p, seed=int(seed), n_resamples=B, confidence=float(confidence),
                          two_level=two_level)
            for prep, fit, p in zip(prepared, fits, pvals, strict=True) if fit is not None]


def _summary_dict(prepared: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], fit: tuple[np.ndarray, list],
                  p_value: float, *, seed: int, n_resamples: int, confidence: float, two_level: bool) -> dict:
    """``summarize``'s dict from its inputs, the bootstrap's (estimates, intervals) and the p-value."""
    _, a, _, d = prepared
    n, K = a.shape
    theta, cis = fit
    blocks = [_block(theta[j], cis[j][0], cis[j][1], cis[j][2]) for j in range(4)]
    used = [b["method"] for b in blocks if b["method"] is not None]
    out: dict[str, Any] = {
        "n": int(n),
        "samples": int(K),
        "clean": blocks[0],
        "attacked": blocks[1],
        "degradation": blocks[2],
        "relative": blocks[3],
        "method": _overall_method(used),
        "p_value": p_value,
        "effect_size": _f(_effect_size(d)),
        "confidence": confidence,
        "n_resamples": n_resamples,
        "two_level": bool(two_level and K > 1),
        "seed": seed,
    }
    out["degradation"]["sd"] = _f(np.std(d, ddof=1)) if n > 1 else None
    out.update(_shares(d))
    return out


def success_rate(clean_success: Any, attacked_success: Any, *, confidence: float = 0.95, seed: int = 0,
                 n_resamples: int = 2_000) -> dict:
    """Attack success rate with a Wilson score interval (and a query-clustered one).

    Definition: a query is *eligible* when its clean run ranks at least one relevant
    document in the top 10 (``clean_success[i]``, i.e. Success@10 = 1). A trial is one
    (eligible query, attack sample) pair; it *succeeds* when the attacked run ranks
    no relevant document in the top 10 (``attacked_success[i, k]`` is False: all
    relevant documents left the top 10). ``rate = successes / trials``, where
    ``trials = eligible queries x K``. Non-eligible queries are excluded (an attack
    cannot push out what was never in).

    ``low``/``high`` are Wilson's interval (``_wilson``: ``scipy.stats.binomtest(...).proportion_ci``'s
    formula), which treats all trials as independent. The K samples of one query are
    correlated (an easy query resists every sample), which can make Wilson too
    narrow by up to sqrt(K); ``query_low``/``query_high`` are therefore also given: a
    percentile bootstrap over eligible queries (``n_resamples``, seeded), which
    respects that clustering (``scipy.stats.bootstrap``'s draws and percentile interval, computed
    here through ``robustir.resample``). With no eligible query the rate and bounds are ``None``.
    """
    from robustir.resample import bootstrap_means

    cs = np.asarray(clean_success)
    at = np.asarray(attacked_success)
    if at.ndim == 1:
        at = at[:, None]
    if cs.ndim != 1 or at.ndim != 2 or at.shape[0] != cs.shape[0]:
        raise InputError(f"clean_success must be (n,) and attacked_success (n, K); got {cs.shape} and {at.shape}")
    for name, arr in (("clean_success", cs), ("attacked_success", at)):
        if arr.dtype != bool and not np.all(np.isin(arr, (0, 1))):
            raise InputError(f"{name} must be boolean (or 0/1), e.g. Success@10 per query")
    _check_common(seed, n_resamples, confidence)
    cs = cs.astype(bool)
    at = at.astype(bool)
    eligible = int(np.count_nonzero(cs))
    K = int(at.shape[1])
    trials = eligible * K
    per_query = np.count_nonzero(~at[cs], axis=1).astype(float) if eligible else np.zeros(0)
    successes = int(per_query.sum())
    out = {"rate": None, "low": None, "high": None, "query_low": None, "query_high": None, "successes": successes,
           "trials": trials, "eligible_queries": eligible, "queries": int(cs.shape[0]), "samples": K,
           "confidence": float(confidence), "method": "wilson"}
    if trials == 0:
        return out
    low, high = _wilson(successes, trials, float(confidence))
    out.update(rate=successes / trials, low=_f(low), high=_f(high))
    if eligible >= 2:
        # Every eligible query has K trials, so the clustered rate is the mean per-query share.
        rng = np.random.default_rng([int(seed), _STREAM_BOOTSTRAP])
        theta_b = bootstrap_means((per_query / K)[None, :], rng, int(n_resamples),
                                  _batch_size(eligible, int(n_resamples)))
        q_low, q_high = _percentile_interval(theta_b, float(confidence))
        out.update(query_low=_f(q_low[0]), query_high=_f(q_high[0]))
    return out


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson's score interval for k successes in n trials (two-sided, no continuity correction), with
    scipy.stats' formula (``_binom_wilson_conf_int``, after Newcombe 1998); hand-written so that
    ``success_rate`` does not import scipy.stats (~0.45 CPU-s per process). Tests compare it with scipy's."""
    p = k / n
    z = float(_ndtri(np.array(0.5 + 0.5 * confidence)))
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    delta = z / denom * math.sqrt(4 * n * p * (1 - p) + z**2)
    return (0.0 if k == 0 else center - delta), (1.0 if k == n else center + delta)


def _pvals(pvals: Any) -> np.ndarray:
    p = np.array([math.nan if v is None else v for v in np.ravel(np.asarray(pvals, dtype=object))], dtype=float)
    bad = np.isfinite(p) & ((p < 0) | (p > 1))
    if np.any(bad):
        raise InputError(f"p-values must lie in [0, 1]; got {p[bad][0]!r}")
    return p


def holm(pvals: Any) -> np.ndarray:
    """Holm-Bonferroni step-down adjusted p-values (family-wise error), in input order.

    Hand-written because scipy has no Holm adjustment. Missing values (``None``/NaN)
    are left out of the family and stay NaN. Adjusted values are monotone in the
    raw p-values and capped at 1.
    """
    p = _pvals(pvals)
    out = np.full(p.shape, np.nan)
    idx = np.flatnonzero(np.isfinite(p))
    m = idx.size
    if m == 0:
        return out
    order = idx[np.argsort(p[idx], kind="stable")]
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adj, 1.0)
    return out


def benjamini_hochberg(pvals: Any) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (false discovery rate), in input order.

    Uses ``scipy.stats.false_discovery_control(method="bh")``; missing values stay NaN.
    """
    from scipy import stats

    p = _pvals(pvals)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if np.any(ok):
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


def compare_degradations(deg_a: Any, deg_b: Any, *, seed: int = 0, n_resamples: int = 10_000,
                         confidence: float = 0.95, method: str = "BCa") -> dict:
    """Paired comparison of two strategies' per-query degradations on the same (perturbed) queries.

    ``difference = deg_a - deg_b`` per query; a positive mean means A degrades more
    than B (B is more robust). Returns the means of A and B and of the difference
    with paired bootstrap CIs (shared resampled queries), the two-sided sign-flip
    p-value of the mean difference, the effect size (Cohen's d_z of the
    differences), and the shares of queries where A is worse (``a_worse``), B is
    worse (``b_worse``) or they tie.
    """
    a = _as_finite_1d(deg_a, "deg_a")
    b = _as_finite_1d(deg_b, "deg_b")
    if a.shape != b.shape:
        raise InputError(f"deg_a and deg_b must cover the same queries; got {a.shape[0]} and {b.shape[0]} values")
    _check_common(seed, n_resamples, confidence)
    meth = _method_name(method)
    diff = a - b
    b = np.where(np.abs(diff) <= TIE_TOLERANCE, a, b)
    diff = a - b
    rng = np.random.default_rng([int(seed), _STREAM_BOOTSTRAP])
    theta, cis = _paired_bootstrap((a, b), lambda ma, mb: np.stack([ma, mb, ma - mb]), rng=rng,
                                   n_resamples=int(n_resamples), confidence=float(confidence), method=meth)
    blocks = [_block(theta[j], cis[j][0], cis[j][1], cis[j][2]) for j in range(3)]
    used = [bl["method"] for bl in blocks if bl["method"] is not None]
    shares = _shares(diff)
    return {
        "n": int(a.shape[0]),
        "a": blocks[0],
        "b": blocks[1],
        "difference": blocks[2],
        "method": _overall_method(used),
        "p_value": sign_flip_test(diff, n_resamples=int(n_resamples), seed=int(seed)),
        "effect_size": _f(_effect_size(diff)),
        "a_worse": shares["degraded"],
        "tied": shares["unchanged"],
        "b_worse": shares["improved"],
        "confidence": float(confidence),
        "n_resamples": int(n_resamples),
        "seed": int(seed),
    }


# --------------------------------------------------------------------------- seed-aware comparisons

#: The seed-aware statistic ``compare_seeded`` ships by default. The coverage simulation
#: (tests/test_stats_simulation.py, a seed effect, 3 and 5 training seeds) decided it: the
#: hierarchical bootstrap under-covers with a handful of seeds (resampling 3 seeds with
#: replacement sees at most 3 distinct values and shrinks their variance by (S-1)/S), the
#: moment mixed model with Satterthwaite degrees of freedom stays at nominal coverage.
SEED_METHODS = ("mixed", "hierarchical-bootstrap")
DEFAULT_SEED_METHOD = "mixed"


def _seed_matrix(x: Any, name: str) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] == 0 or a.shape[0] == 0:
        raise InputError(f"{name} must be (seeds, queries) per-query values, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise InputError(f"{name} contains NaN or infinite values; every (seed, query) must have a finite metric")
    return a


def _seed_component(x: np.ndarray) -> tuple[float, float]:
    """(variance of the mean over seeds due to the seed effect, its degrees of freedom) of one side.

    Two-way layout without replication (seeds x queries): ``E[MS_seed] = s2_res + n * s2_seed``,
    so ``s2_seed = (MS_seed - MS_res) / n`` (truncated at 0, the usual moment estimator);
    its contribution to the variance of the grand mean is ``s2_seed / S``. The residual
    (seed x query) part is already in the per-query variance of the paired differences.
    """
    S, n = x.shape
    if S < 2:
        return 0.0, 0
    row = x.mean(axis=1)
    col = x.mean(axis=0)
    grand = float(x.mean())
    ms_seed = n * float(np.sum((row - grand) ** 2)) / (S - 1)
    if n > 1:
        resid = x - row[:, None] - col[None, :] + grand
        ms_res = float(np.sum(resid**2)) / ((S - 1) * (n - 1))
    else:
        ms_res = 0.0
    diff = ms_seed - ms_res
    if diff <= 0.0:
        return 0.0, S - 1
    # Satterthwaite df of the difference of two mean squares (fewer than S - 1 when the
    # residual eats much of MS_seed: the seed variance is then poorly determined).
    df_eff = diff * diff / (ms_seed**2 / (S - 1) + (ms_res**2 / ((S - 1) * (n - 1)) if n > 1 else 0.0))
    return diff / (n * S), df_eff


def _mixed_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """(estimate, standard error, Satterthwaite df) of mean(A) - mean(B), seeds as random effects.

    Queries are shared (paired); each side's training seeds are an independent random
    sample of its training runs. The variance is the per-query variance of the paired,
    seed-averaged differences over n (query sampling plus seed x query noise) plus each
    side's seed-effect variance over its number of seeds; the degrees of freedom combine
    n - 1 and S - 1 by Welch-Satterthwaite, so with few seeds and a real seed effect the
    t quantile widens the interval as a mixed model's would. Hand-written (a closed form)
    because statsmodels' MixedLM fits crossed random effects slowly and iteratively, which
    the coverage simulation (thousands of fits) cannot afford.
    """
    n = a.shape[1]
    d = a.mean(axis=0) - b.mean(axis=0)
    est = float(d.mean())
    terms: list[tuple[float, float]] = []
    if n > 1:
        terms.append((float(np.var(d, ddof=1)) / n, n - 1))
    for x in (a, b):
        v, df = _seed_component(x)
        if df > 0:
            terms.append((v, df))
    var = sum(v for v, _ in terms)
    if var <= 0.0:
        return est, 0.0, math.inf
    denom = sum(v * v / df for v, df in terms if v > 0)
    return est, math.sqrt(var), var * var / denom if denom > 0 else math.inf


def hierarchical_bootstrap_difference(a: Any, b: Any, *, seed: int = 0, n_resamples: int = 10_000,
                                      confidence: float = 0.95) -> dict:
    """Percentile CI of mean(A) - mean(B) by a two-stage bootstrap: seeds, then queries.

    Per resample, each side's training seeds are drawn with replacement (a side with one
    seed keeps it), then one set of query indices is drawn and shared by both sides (the
    paired design). Kept next to ``compare_seeded``'s mixed model because the coverage
    simulation compares the two (see ``DEFAULT_SEED_METHOD``).
    """
    A, B = _seed_matrix(a, "a"), _seed_matrix(b, "b")
    if A.shape[1] != B.shape[1]:
        raise InputError(f"a and b must cover the same queries; got {A.shape[1]} and {B.shape[1]}")
    _check_common(seed, n_resamples, confidence)
    n = A.shape[1]
    rng = np.random.default_rng([int(seed), _STREAM_HIERARCHICAL])
    theta = np.empty(int(n_resamples))
    batch = _batch_size(n + A.shape[0] + B.shape[0], int(n_resamples))
    for start in range(0, int(n_resamples), batch):
        m = min(batch, int(n_resamples) - start)
        # Seed counts per resample (multinomial = sampling seeds with replacement), as weights.
        wa = rng.multinomial(A.shape[0], np.full(A.shape[0], 1.0 / A.shape[0]), size=m) / A.shape[0]
        wb = rng.multinomial(B.shape[0], np.full(B.shape[0], 1.0 / B.shape[0]), size=m) / B.shape[0]
        wq = rng.multinomial(n, np.full(n, 1.0 / n), size=m) / n
        theta[start:start + m] = np.sum((wa @ A - wb @ B) * wq, axis=1)
    alpha = (1.0 - float(confidence)) / 2.0
    low, high = np.quantile(theta, [alpha, 1.0 - alpha])
    return {"mean": _f(A.mean() - B.mean()), "low": _f(low), "high": _f(high), "method": "hierarchical-bootstrap"}


def compare_seeded(a: Any, b: Any, *, margin: float | None = None, confidence: float = 0.95,
                   method: str = DEFAULT_SEED_METHOD, seed: int = 0, n_resamples: int = 10_000,
                   a_fixed: bool = False, b_fixed: bool = False) -> dict:
    """Seed-aware paired comparison of two strategies' per-query values (e.g. degradations).

    ``a``: (S_a, n) one row per training seed of strategy A, one column per query;
    ``b``: (S_b, n) the same queries for B. ``difference = mean(A) - mean(B)`` (negative:
    A degrades less). The CI includes training noise (the seed effect) as well as query
    sampling: ``method="mixed"`` (default) is a seeds-as-random-effects moment model with a
    Satterthwaite t interval (``_mixed_difference``); ``"hierarchical-bootstrap"`` resamples
    seeds then queries (percentile interval; its p-value and TOST still come from the
    mixed model's t statistic, since a percentile bootstrap gives no calibrated p).

    A side with one row must be declared fixed (``a_fixed``/``b_fixed``: a model that is not
    trained, such as the base model, has no training noise); otherwise fewer than 2 seeds
    cannot estimate the seed variance and raise ``InputError``.

    ``p_value``: two-sided t test of difference = 0. With ``margin`` (> 0), ``tost``: the
    two one-sided tests of |difference| >= margin (Schuirmann 1987), ``p_tost`` the larger
    of their p-values, ``equivalent`` iff p_tost < 1 - confidence, which is the same as the
    1 - 2 * (1 - confidence) CI (the 90% CI at 95%) lying inside (-margin, margin).
    """
    from scipy import stats as sst

    A, B = _seed_matrix(a, "a"), _seed_matrix(b, "b")
    if A.shape[1] != B.shape[1]:
        raise InputError(f"a and b must cover the same queries; got {A.shape[1]} and {B.shape[1]}")
    for name, x, fixed in (("a", A, a_fixed), ("b", B, b_fixed)):
        if x.shape[0] < 2 and not fixed:
            raise InputError(f"{name} has {x.shape[0]} training seed: a seed-aware statistic needs at least 2 "
                             "(or declare the model fixed, i.e. not trained)")
        if fixed and x.shape[0] != 1:
            raise InputError(f"{name} is declared fixed (untrained) but has {x.shape[0]} rows; give one")
    if method not in SEED_METHODS:
        raise InputError(f"unknown seed-aware method {method!r}; use {' or '.join(SEED_METHODS)}")
    if margin is not None and not (float(margin) > 0 and math.isfinite(float(margin))):
        raise InputError(f"the equivalence margin must be > 0, got {margin!r}")
    _check_common(seed, n_resamples, confidence)
    est, se, df = _mixed_difference(A, B)
    alpha = 1.0 - float(confidence)
    if se > 0:
        tq = float(sst.t.ppf(1.0 - alpha / 2.0, df))
        low, high = est - tq * se, est + tq * se
        p = float(2.0 * sst.t.sf(abs(est) / se, df))
    else:
        low = high = est
        p = 1.0 if est == 0.0 else 0.0
    diff = {"mean": _f(est), "low": _f(low), "high": _f(high), "method": "mixed"}
    if method == "hierarchical-bootstrap":
        diff = hierarchical_bootstrap_difference(A, B, seed=seed, n_resamples=n_resamples, confidence=confidence)
    per_seed = {"a": [_f(v) for v in A.mean(axis=1)], "b": [_f(v) for v in B.mean(axis=1)]}
    out = {
        "n": int(A.shape[1]), "n_seeds": {"a": int(A.shape[0]), "b": int(B.shape[0])},
        "a": {"mean": _f(A.mean())}, "b": {"mean": _f(B.mean())}, "difference": diff,
        "se": _f(se), "df": _f(df), "p_value": _f(min(1.0, p)), "method": method, "confidence": float(confidence),
        "per_seed": per_seed, "a_fixed": bool(a_fixed), "b_fixed": bool(b_fixed),
    }
    if margin is not None:
        m = float(margin)
        if se > 0:
            p_low = float(sst.t.sf((est + m) / se, df))    # H0: difference <= -margin
            p_high = float(sst.t.cdf((est - m) / se, df))  # H0: difference >= +margin
            t90 = float(sst.t.ppf(1.0 - alpha, df))
            lo90, hi90 = est - t90 * se, est + t90 * se
        else:
            p_low = 0.0 if est > -m else 1.0
            p_high = 0.0 if est < m else 1.0
            lo90 = hi90 = est
        p_tost = max(p_low, p_high)
        out["tost"] = {"margin": m, "p_lower": _f(p_low), "p_upper": _f(p_high), "p_tost": _f(p_tost),
                       "equivalent": bool(p_tost < alpha), "low": _f(lo90), "high": _f(hi90),
                       "interval_confidence": 1.0 - 2.0 * alpha}
    return out
