"""summarize_many (shared bootstrap and sign-flip draws) equals the per-metric computation.

The reference here is the computation as it was before the draws were shared: scipy.stats.bootstrap
per metric (paired, vectorised, BCa) and a sign-flip loop per metric with its own generator. The
p-values are the same floats; the interval ends agree to 1e-9 (the resampled means come from a
count-matrix product whose last bits differ from scipy's sums: tests/test_stats_counts.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats as sps

from robustir import stats
from robustir.stats import summarize, summarize_many


def _reference_one_level(c, abar, seed, B, method):
    """The per-metric bootstrap as robustir computed it before sharing draws: scipy.stats.bootstrap."""
    rng = np.random.default_rng([seed, 1])
    n = c.shape[0]

    def statistic(x, y, axis=-1):
        with np.errstate(invalid="ignore", divide="ignore"):
            return stats._summary_stats(x.mean(axis=axis), y.mean(axis=axis))

    theta_hat = stats._summary_stats(np.asarray(c.mean()), np.asarray(abar.mean()))
    res = sps.bootstrap((c, abar), statistic, paired=True, vectorized=True, n_resamples=B,
                        batch=stats._batch_size(n, B), method=method, rng=rng)
    theta_b = np.asarray(res.bootstrap_distribution, float).reshape(4, -1)
    bca = None
    if method == "BCa":
        bca = (np.atleast_1d(res.confidence_interval.low), np.atleast_1d(res.confidence_interval.high))
    return stats._finish_intervals(theta_hat, theta_b, bca, 0.95)


def _reference_sign_flip(d, seed, B):
    d = np.where(np.abs(d) <= stats.TIE_TOLERANCE, 0.0, d)
    n = d.shape[0]
    observed = abs(float(d.mean()))
    if observed == 0.0:
        return 1.0
    tol = 1e-12 * max(1.0, observed)
    rng = np.random.default_rng([seed, 2])
    hits = 0
    batch = stats._batch_size(n, B)
    for start in range(0, B, batch):
        b = min(batch, B - start)
        signs = 1.0 - 2.0 * rng.integers(0, 2, size=(b, n), dtype=np.int8)
        hits += int(np.count_nonzero(np.abs(signs @ d) / n >= observed - tol))
    return (1 + hits) / (1 + B)


def _pairs(n, K, count, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        c = rng.choice([0.0, 0.1, 0.25, 1 / 3, 0.5, 1.0], size=n)  # discrete, like RR and nDCG: many ties
        a = np.clip(c[:, None] - rng.choice([0.0, 0.0, 0.5, 1 / 3], size=(n, K)), 0.0, 1.0)
        out.append((c, a))
    out.append((np.zeros(n), np.zeros((n, K))))  # all ties: a point interval, p = 1
    return out


@pytest.mark.parametrize(("n", "K", "B"), [(30, 5, 500), (257, 3, 1000), (1200, 5, 3000)])
@pytest.mark.parametrize("method", ["BCa", "percentile"])
def test_shared_draws_give_the_per_metric_intervals_and_p_values(n, K, B, method):
    pairs = _pairs(n, K, 4, seed=n)
    got = summarize_many(pairs, seed=7, n_resamples=B, method=method)
    for (c, a), s in zip(pairs, got, strict=True):
        abar = a.mean(axis=1)
        abar = np.where(np.abs(c - abar) <= stats.TIE_TOLERANCE, c, abar)
        cis = _reference_one_level(c, abar, 7, B, method)
        for j, key in enumerate(("clean", "attacked", "degradation", "relative")):
            assert s[key]["method"] == cis[j][2]
            for end, ref in ((s[key]["low"], stats._f(cis[j][0])), (s[key]["high"], stats._f(cis[j][1]))):
                assert end == ref if ref is None else end == pytest.approx(ref, abs=1e-9, rel=0)
        assert s["p_value"] == _reference_sign_flip(c - abar, 7, B)
    assert any(s["method"] == method for s in got)


def test_summarize_many_is_the_list_of_summarize_calls_byte_for_byte():
    pairs = _pairs(150, 4, 3, seed=1) + _pairs(40, 4, 2, seed=2) + [(np.array([0.5]), np.array([[0.0]]))]
    for two_level in (False, True):
        one = [summarize(c, a, seed=3, n_resamples=800, two_level=two_level) for c, a in pairs]
        many = summarize_many(pairs, seed=3, n_resamples=800, two_level=two_level)
        assert json.dumps(many) == json.dumps(one)
    assert summarize_many([], seed=0) == []


def test_bad_pairs_are_refused_as_summarize_refuses_them():
    with pytest.raises(stats.InputError, match="attacked must have shape"):
        summarize_many([(np.ones(3), np.ones((3, 2))), (np.ones(3), np.ones((4, 2)))])
