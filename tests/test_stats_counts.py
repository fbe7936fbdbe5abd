"""The count-matrix bootstrap and the hand-written BCa/Wilson steps equal scipy.stats' to 1e-9.

robustir.stats no longer calls scipy.stats on an evaluation's path: the resampled means come from one
BLAS product of resample counts and per-query values (robustir.resample), the BCa step, the Wilson
interval and the normal CDF/quantile are hand-written. These tests compare each with scipy's own
computation on the same draws, on fixtures where many resampled means tie the point estimate exactly
(discrete metrics: k/10, thirds, 0/1 and the K-sample means of those), which is where float summation
order could flip BCa's ``theta_b < theta_hat`` count."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import special as spc
from scipy import stats as sps

import robustir
import robustir.resample as resample
from robustir import stats
from tests.fakes import BagOfWordsEncoder, toy_benchmark
from tests.test_stats_shared import _reference_one_level

#: (n, values a clean metric takes, attack drops) per fixture: discrete like P@10, RR, Success@10
_TIED = [
    (200, [0.0, 0.1, 0.2, 0.3, 0.5, 1.0], [0.0, 0.0, 0.1, 1 / 3]),
    (1000, [0.0, 1 / 3, 0.5, 1.0], [0.0, 0.0, 0.1, 1 / 3]),
    (500, [0.0, 1.0], [0.0, 0.0, 1.0]),
    (300, list(np.arange(11) / 10), [0.0, 0.0, 0.1, 0.2]),
    (40, [0.0, 0.25, 0.5], [0.0, 0.25]),
]


def _pair(n, values, drops, seed, K=5):
    rng = np.random.default_rng(seed)
    c = rng.choice(values, n)
    a = np.clip(c[:, None] - rng.choice(drops, (n, K)), 0.0, 1.0)
    abar = a.mean(axis=1)
    return c, a, np.where(np.abs(c - abar) <= stats.TIE_TOLERANCE, c, abar)


def _scipy_distribution(c, abar, seed, B):
    def statistic(x, y, axis=-1):
        with np.errstate(invalid="ignore", divide="ignore"):
            return stats._summary_stats(x.mean(axis=axis), y.mean(axis=axis))

    res = sps.bootstrap((c, abar), statistic, paired=True, vectorized=True, n_resamples=B,
                        batch=stats._batch_size(c.shape[0], B), method="BCa", rng=np.random.default_rng([seed, 1]))
    return np.asarray(res.bootstrap_distribution, float).reshape(4, -1), res


def _tie_counts(theta_b, hat):
    return [(int(np.count_nonzero(theta_b[j] < hat[j])), int(np.count_nonzero(theta_b[j] <= hat[j])))
            for j in range(hat.shape[0])]


@pytest.mark.parametrize(("n", "values", "drops"), _TIED)
def test_bootstrap_distribution_ties_the_point_estimate_exactly_where_scipys_does(n, values, drops):
    c, _, abar = _pair(n, values, drops, seed=n)
    ref, _ = _scipy_distribution(c, abar, 3, 4000)
    hats, thetas = stats._bootstrap_distributions([(c, abar)], stats._summary_stats,
                                                  rng=np.random.default_rng([3, 1]), n_resamples=4000)
    assert _tie_counts(thetas[0], hats[0]) == _tie_counts(ref, hats[0])
    assert np.max(np.abs(thetas[0] - ref)) < 1e-12
    assert np.count_nonzero(ref == hats[0][:, None]) > 0  # the fixture has exact ties


def test_without_the_exact_recomputation_the_tie_counts_and_intervals_would_differ(monkeypatch):
    """The fixtures bite: count-matrix means alone put some tied resamples on the other side."""
    c, _, abar = _pair(*_TIED[0], seed=_TIED[0][0])
    ref, res = _scipy_distribution(c, abar, 3, 4000)
    monkeypatch.setattr(resample, "_recompute", lambda *a, **k: None)
    hats, thetas = stats._bootstrap_distributions([(c, abar)], stats._summary_stats,
                                                  rng=np.random.default_rng([3, 1]), n_resamples=4000)
    assert _tie_counts(thetas[0], hats[0]) != _tie_counts(ref, hats[0])
    fit = stats._paired_bootstraps([(c, abar)], stats._summary_stats, rng=np.random.default_rng([3, 1]),
                                   n_resamples=4000, confidence=0.95, method="BCa")[0]
    low = np.atleast_1d(res.confidence_interval.low)
    assert max(abs(fit[1][j][0] - low[j]) for j in range(4)) > 1e-6


@pytest.mark.parametrize(("n", "values", "drops"), _TIED)
@pytest.mark.parametrize("method", ["BCa", "percentile"])
def test_summaries_equal_scipy_bootstrap_to_1e9_on_tied_fixtures(n, values, drops, method):
    pairs = [_pair(n, values, drops, seed=n + s)[:2] for s in range(3)]
    got = stats.summarize_many(pairs, seed=7, n_resamples=3000, method=method)
    for (c, a), s in zip(pairs, got, strict=True):
        abar = np.where(np.abs(c - a.mean(axis=1)) <= stats.TIE_TOLERANCE, c, a.mean(axis=1))
        cis = _reference_one_level(c, abar, 7, 3000, method)
        for j, key in enumerate(("clean", "attacked", "degradation", "relative")):
            assert s[key]["method"] == cis[j][2]
            for end, ref in ((s[key]["low"], cis[j][0]), (s[key]["high"], cis[j][1])):
                assert (end is None) == (stats._f(ref) is None)
                if end is not None:
                    assert end == pytest.approx(ref, abs=1e-9, rel=0)


def test_constant_and_undefined_statistics_take_scipys_branches():
    n = 60
    c = np.linspace(0.1, 0.9, n)
    same = [(c, np.repeat(c[:, None], 3, axis=1)),                  # degradation 0 everywhere: [x, x]
            (np.zeros(n), np.zeros((n, 3))),                        # relative undefined (clean mean 0)
            (np.r_[np.zeros(n - 1), 1.0], np.zeros((n, 3)))]        # clean mean 0 in most resamples: NaNs
    got = stats.summarize_many(same, seed=1, n_resamples=2000)
    for (c_, a_), s in zip(same, got, strict=True):
        abar = np.where(np.abs(c_ - a_.mean(axis=1)) <= stats.TIE_TOLERANCE, c_, a_.mean(axis=1))
        cis = _reference_one_level(c_, abar, 1, 2000, "BCa")
        for j, key in enumerate(("clean", "attacked", "degradation", "relative")):
            assert s[key]["method"] == cis[j][2]
            for end, ref in ((s[key]["low"], stats._f(cis[j][0])), (s[key]["high"], stats._f(cis[j][1]))):
                assert end == ref if ref is None else end == pytest.approx(ref, abs=1e-12, rel=0)
    assert got[0]["degradation"]["low"] == got[0]["degradation"]["high"] == 0.0


def test_compare_degradations_equals_scipys_paired_bootstrap():
    rng = np.random.default_rng(4)
    a = rng.choice([0.0, 0.1, 0.2, 0.5], 300)
    b = rng.choice([0.0, 0.1, 0.2, 0.5], 300)
    got = stats.compare_degradations(a, b, seed=2, n_resamples=3000)
    res = sps.bootstrap((a, b), lambda x, y, axis=-1: np.stack([x.mean(axis), y.mean(axis),
                                                                  x.mean(axis) - y.mean(axis)]),
                        paired=True, vectorized=True, n_resamples=3000, batch=stats._batch_size(300, 3000),
                        method="BCa", rng=np.random.default_rng([2, 1]))
    for j, key in enumerate(("a", "b", "difference")):
        assert got[key]["low"] == pytest.approx(np.atleast_1d(res.confidence_interval.low)[j], abs=1e-9, rel=0)
        assert got[key]["high"] == pytest.approx(np.atleast_1d(res.confidence_interval.high)[j], abs=1e-9, rel=0)


def test_normal_cdf_and_quantile_equal_scipy_special():
    """(to 1e-13 relative: the C library's erfc and cephes' differ by a few ulps in the far tail)"""
    x = np.r_[np.linspace(-9, 9, 2001), [-40.0, -0.5, 0.0, 0.70710678, 1e-300, 38.0, np.inf, -np.inf, np.nan]]
    np.testing.assert_allclose(stats._ndtr(x), spc.ndtr(x), rtol=1e-13, atol=1e-300, equal_nan=True)
    p = np.r_[np.linspace(0, 1, 2001), [1e-300, 1e-20, 0.025, 0.975, 1 - 1e-16, -0.1, 1.1, np.nan]]
    np.testing.assert_allclose(stats._ndtri(p), spc.ndtri(p), rtol=1e-14, atol=0, equal_nan=True)


def test_wilson_interval_equals_scipys():
    for k, n in [(0, 1), (1, 1), (0, 50), (50, 50), (3, 10), (137, 1000), (999, 1000), (4212, 30000)]:
        for conf in (0.9, 0.95, 0.99):
            ref = sps.binomtest(k, n).proportion_ci(confidence_level=conf, method="wilson")
            assert stats._wilson(k, n, conf) == pytest.approx((ref.low, ref.high), abs=1e-15, rel=1e-14)


def test_success_rate_equals_scipys_wilson_and_clustered_bootstrap():
    rng = np.random.default_rng(9)
    cs = rng.random(400) < 0.7
    at = rng.random((400, 5)) < 0.6
    got = stats.success_rate(cs, at, seed=3, n_resamples=2000)
    share = np.count_nonzero(~at[cs], axis=1) / 5.0
    ref = sps.bootstrap((share,), np.mean, n_resamples=2000, method="percentile", rng=np.random.default_rng([3, 1]),
                        batch=stats._batch_size(share.shape[0], 2000))
    wil = sps.binomtest(got["successes"], got["trials"]).proportion_ci(method="wilson")
    assert (got["low"], got["high"]) == pytest.approx((wil.low, wil.high), abs=1e-15)
    assert got["query_low"] == pytest.approx(ref.confidence_interval.low, abs=1e-12, rel=0)
    assert got["query_high"] == pytest.approx(ref.confidence_interval.high, abs=1e-12, rel=0)


def test_result_file_summaries_equal_scipys_on_the_test_fixture(tmp_path, monkeypatch):
    """An evaluation's summaries (per measure, one-level, BCa) are scipy.stats.bootstrap's to 1e-9, computed
    from the per-query metrics the result file holds (which the statistics do not touch)."""
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    result = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(120), "typo", samples=3, seed=5,
                               bootstrap_resamples=1500).to_dict()
    for m, s in result["summary"].items():
        c = np.array([q["clean"][m] for q in result["queries"]])
        a = np.array([[x["metrics"][m] for x in q["attacked"]] for q in result["queries"]])
        abar = np.where(np.abs(c - a.mean(axis=1)) <= stats.TIE_TOLERANCE, c, a.mean(axis=1))
        cis = _reference_one_level(c, abar, 5, 1500, "BCa")
        for j, key in enumerate(("clean", "attacked", "degradation", "relative")):
            assert s[key]["method"] == cis[j][2], (m, key)
            for end, ref in ((s[key]["low"], cis[j][0]), (s[key]["high"], cis[j][1])):
                assert (end is None) == (stats._f(ref) is None)
                if end is not None:
                    assert end == pytest.approx(ref, abs=1e-9, rel=0), (m, key)


def test_an_evaluation_does_not_import_scipy_stats(tmp_path):
    code = ("import sys, robustir\n"
            "from tests.fakes import BagOfWordsEncoder, toy_benchmark\n"
            "robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), 'typo', samples=2, seed=0,"
            " bootstrap_resamples=300)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('scipy.stats', 'scipy.special'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "ROBUSTIR_HOME": str(tmp_path / "home")})
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("n", [2, 3, 256, 257, 65536, 65537, 3_000_000, 2**31 - 1])
def test_int32_draws_are_scipys_int64_draws(n):
    """resample.bootstrap_means draws int32 (30% cheaper); numpy draws ranges below 2**32 through one 32-bit
    generator whatever the dtype, so the values and the generator's later state are scipy's int64 ones."""
    a, b = np.random.default_rng([7, 1]), np.random.default_rng([7, 1])
    for shape in ((3, 5000), (7, 13), (1, 1)):
        wide, narrow = a.integers(0, n, size=shape, dtype=np.int64), b.integers(0, n, size=shape, dtype=np.int32)
        assert np.array_equal(wide, narrow)


@pytest.mark.parametrize(("values", "drops"), [([0.0, 1.0], [0.0, 0.0, 1.0]), ([0.0, 0.25, 0.5, 1.0], [0.0, 0.25])])
def test_exact_sums_need_no_recomputation_and_equal_scipys_distribution_bit_for_bit(monkeypatch, values, drops):
    """One attacked sample of a binary (Success@k) or quarter-valued metric: every resampled sum is exact in any
    order, so the count-matrix means are scipy's bit for bit and no tied resample is recomputed (before, ~40% of
    the resamples of a binary measure were gathered again one by one)."""
    c, _, abar = _pair(600, values, drops, seed=9, K=1)
    assert resample.exact_sums(np.stack([c, abar])).all()
    assert resample.exact_sums(np.stack([c / 3, abar])).tolist() == [False, True]  # 1/3: no binary fraction
    calls = []
    monkeypatch.setattr(resample, "_recompute", lambda x, idx, block, redo: calls.append(int(redo.sum())))
    ref, _ = _scipy_distribution(c, abar, 3, 4000)
    hats, thetas = stats._bootstrap_distributions([(c, abar)], stats._summary_stats,
                                                  rng=np.random.default_rng([3, 1]), n_resamples=4000)
    assert calls and sum(calls) == 0  # no resample recomputed
    assert np.array_equal(thetas[0], ref, equal_nan=True)
    assert np.count_nonzero(ref == hats[0][:, None]) > 0  # the fixture has exact ties
