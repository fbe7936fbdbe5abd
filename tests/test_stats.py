"""Unit tests of robustir.stats: definitions, degenerate cases, determinism, agreement with scipy."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import stats as sps

from robustir.errors import InputError
from robustir.stats import (
    bca_interval,
    benjamini_hochberg,
    compare_degradations,
    holm,
    sign_flip_test,
    success_rate,
    summarize,
)


def _data(seed=0, n=60, k=3):
    rng = np.random.default_rng(seed)
    clean = rng.random(n)
    attacked = np.clip(clean[:, None] - rng.normal(0.1, 0.2, (n, k)), 0, 1)
    return clean, attacked


def test_summarize_point_estimates_and_shares_follow_the_definitions():
    clean, attacked = _data()
    s = summarize(clean, attacked, n_resamples=500)
    d = clean - attacked.mean(axis=1)
    assert s["n"] == 60 and s["samples"] == 3
    assert s["clean"]["mean"] == pytest.approx(clean.mean())
    assert s["attacked"]["mean"] == pytest.approx(attacked.mean())
    assert s["degradation"]["mean"] == pytest.approx(d.mean())
    assert s["relative"]["mean"] == pytest.approx(d.mean() / clean.mean())
    assert s["effect_size"] == pytest.approx(d.mean() / d.std(ddof=1))
    assert s["degraded"] == pytest.approx(np.mean(d > 0))
    assert s["improved"] == pytest.approx(np.mean(d < 0))
    assert s["degraded"] + s["unchanged"] + s["improved"] == pytest.approx(1.0)
    for key in ("clean", "attacked", "degradation", "relative"):
        assert s[key]["low"] < s[key]["mean"] < s[key]["high"]
    assert s["method"] == "BCa"
    json.dumps(s, allow_nan=False)  # plain JSON, no NaN


def test_summarize_is_deterministic_for_a_seed_and_varies_with_it():
    clean, attacked = _data()
    a = json.dumps(summarize(clean, attacked, seed=5, n_resamples=500), sort_keys=True)
    b = json.dumps(summarize(clean, attacked, seed=5, n_resamples=500), sort_keys=True)
    c = json.dumps(summarize(clean, attacked, seed=6, n_resamples=500), sort_keys=True)
    assert a == b
    assert a != c
    t1 = summarize(clean, attacked, seed=5, n_resamples=500, two_level=True)
    t2 = summarize(clean, attacked, seed=5, n_resamples=500, two_level=True)
    assert t1 == t2


def test_one_level_interval_is_scipy_bootstrap_of_the_paired_mean():
    clean, attacked = _data(1)
    d = clean - attacked.mean(axis=1)
    s = summarize(clean, attacked, seed=3, n_resamples=4000)
    ref = sps.bootstrap((d,), np.mean, n_resamples=4000, method="BCa", rng=np.random.default_rng(0))
    # Different random draws: agree to Monte Carlo precision (a few % of the width).
    width = ref.confidence_interval.high - ref.confidence_interval.low
    assert s["degradation"]["low"] == pytest.approx(ref.confidence_interval.low, abs=0.05 * width)
    assert s["degradation"]["high"] == pytest.approx(ref.confidence_interval.high, abs=0.05 * width)


def test_bca_interval_matches_scipy_exactly_on_the_same_distribution():
    rng = np.random.default_rng(2)
    x = rng.lognormal(size=40)
    res = sps.bootstrap((x,), np.mean, n_resamples=3000, method="BCa", rng=np.random.default_rng(4))
    jack = (x.sum() - x) / (len(x) - 1)
    low, high = bca_interval(np.array([x.mean()]), res.bootstrap_distribution[None, :], jack[None, :], 0.95)
    assert low[0] == pytest.approx(res.confidence_interval.low, rel=1e-12)
    assert high[0] == pytest.approx(res.confidence_interval.high, rel=1e-12)


def test_all_zero_degradation_gives_point_interval_and_p_one():
    clean, _ = _data()
    attacked = np.repeat(clean[:, None], 3, axis=1)  # averaging 3 copies leaves float noise
    s = summarize(clean, attacked, n_resamples=500)
    assert s["degradation"] == {"mean": 0.0, "low": 0.0, "high": 0.0, "method": "percentile", "sd": 0.0}
    assert s["relative"]["low"] == s["relative"]["high"] == 0.0
    assert s["p_value"] == 1.0 and s["effect_size"] == 0.0
    assert s["unchanged"] == 1.0
    assert s["method"] == "percentile"  # not every interval was BCa
    assert s["clean"]["method"] == "BCa"


def test_zero_clean_mean_makes_the_ratio_undefined_not_nan():
    s = summarize(np.zeros(8), np.zeros((8, 2)), n_resamples=200)
    assert s["relative"] == {"mean": None, "low": None, "high": None, "method": None}
    assert s["clean"]["low"] == s["clean"]["high"] == 0.0
    json.dumps(s, allow_nan=False)


def test_single_query_has_no_interval():
    s = summarize([0.5], [[0.2, 0.4]])
    assert s["degradation"]["mean"] == pytest.approx(0.2)
    assert s["degradation"]["low"] is None and s["degradation"]["high"] is None
    assert s["method"] is None and s["p_value"] == 1.0 and s["effect_size"] is None


def test_one_dimensional_attacked_means_one_sample():
    s = summarize([0.5, 0.7, 0.1], [0.4, 0.7, 0.3], n_resamples=200)
    assert s["samples"] == 1
    assert s["degraded"] == pytest.approx(1 / 3) and s["improved"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("clean,attacked,match", [
    ([], np.zeros((0, 2)), "empty"),
    ([0.1, 0.2], np.zeros((3, 2)), "shape"),
    ([0.1, float("nan")], np.zeros((2, 2)), "NaN"),
    ([0.1, 0.2], [[0.1, float("inf")], [0, 0]], "NaN or infinite"),
    ([0.1, 0.2], np.zeros((2, 0)), "K = 0"),
])
def test_summarize_rejects_bad_input_with_one_line(clean, attacked, match):
    with pytest.raises(InputError, match=match):
        summarize(clean, attacked)


def test_summarize_rejects_bad_options():
    with pytest.raises(InputError, match="method"):
        summarize([0.1, 0.2], [[0.1], [0.1]], method="bootstrap-t")
    with pytest.raises(InputError, match="confidence"):
        summarize([0.1, 0.2], [[0.1], [0.1]], confidence=95)
    with pytest.raises(InputError, match="seed"):
        summarize([0.1, 0.2], [[0.1], [0.1]], seed=-1)


def test_percentile_method_on_request():
    clean, attacked = _data()
    s = summarize(clean, attacked, n_resamples=500, method="percentile")
    assert s["method"] == "percentile" and s["degradation"]["method"] == "percentile"


def test_sign_flip_exact_matches_scipy_and_monte_carlo_is_close():
    rng = np.random.default_rng(8)
    d = rng.normal(0.4, 1.0, 10)  # 2**10 <= 10,000: exact enumeration
    exact = sps.permutation_test((d,), np.mean, permutation_type="samples").pvalue
    assert sign_flip_test(d, 10_000, 0) == pytest.approx(exact, rel=1e-12)
    d = rng.normal(0.15, 1.0, 150)
    ref = sps.permutation_test((d,), np.mean, permutation_type="samples", n_resamples=20_000,
                               rng=np.random.default_rng(1)).pvalue
    p = sign_flip_test(d, 20_000, 0)
    assert abs(p - ref) < 4 * math.sqrt(ref * (1 - ref) / 20_000) + 1e-3
    assert sign_flip_test(d, 2000, 3) == sign_flip_test(d, 2000, 3)
    assert sign_flip_test(np.zeros(20), 100, 0) == 1.0
    assert sign_flip_test(np.full(40, 0.3), 999, 0) == pytest.approx(1 / 1000)  # never 0


def test_holm_and_bh_match_reference_values():
    p = [0.01, 0.02, 0.03, 0.04, 0.05]
    # R: p.adjust(p, "holm") and p.adjust(p, "BH")
    np.testing.assert_allclose(holm(p), [0.05, 0.08, 0.09, 0.09, 0.09])
    np.testing.assert_allclose(benjamini_hochberg(p), [0.05] * 5)
    q = [0.04, 0.001, 0.3, 0.02]
    np.testing.assert_allclose(holm(q), [0.08, 0.004, 0.3, 0.06])
    np.testing.assert_allclose(benjamini_hochberg(q), [0.05333333333, 0.004, 0.3, 0.04])
    out = holm([0.5, None, 0.01])
    assert math.isnan(out[1]) and out[0] == pytest.approx(0.5) and out[2] == pytest.approx(0.02)
    assert holm([0.6, 0.7])[1] == 1.0 or holm([0.6, 0.7])[1] == pytest.approx(1.0)
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        holm([1.5])


def test_success_rate_counts_only_eligible_queries_and_uses_wilson():
    clean_success = np.array([True, True, False, True])
    attacked_success = np.array([[True, False], [False, False], [False, False], [True, True]])
    r = success_rate(clean_success, attacked_success)
    # eligible: queries 0, 1, 3 -> 6 trials; successes: q0 s1, q1 s0, q1 s1 -> 3
    assert (r["successes"], r["trials"], r["eligible_queries"]) == (3, 6, 3)
    assert r["rate"] == pytest.approx(0.5)
    z = sps.norm.ppf(0.975)
    n, phat = 6, 0.5
    centre = (phat + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n))
    assert r["low"] == pytest.approx(centre - half) and r["high"] == pytest.approx(centre + half)
    none = success_rate([False, False], [[True], [False]])
    assert none["rate"] is None and none["trials"] == 0
    with pytest.raises(InputError):
        success_rate([True, False], [[True]])
    with pytest.raises(InputError, match="boolean"):
        success_rate([0.3, 1], [[1], [0]])


def test_compare_degradations_sign_and_shares():
    rng = np.random.default_rng(5)
    a = rng.normal(0.2, 0.1, 50)
    b = a - 0.05 + rng.normal(0, 0.02, 50)
    c = compare_degradations(a, b, n_resamples=1000)
    assert c["difference"]["mean"] == pytest.approx(np.mean(a - b))
    assert c["difference"]["low"] > 0 and c["p_value"] < 0.01
    assert c["a_worse"] + c["tied"] + c["b_worse"] == pytest.approx(1.0)
    same = compare_degradations(a, a.copy(), n_resamples=200)
    assert same["difference"]["low"] == same["difference"]["high"] == 0.0 and same["p_value"] == 1.0
    with pytest.raises(InputError, match="same queries"):
        compare_degradations(a, b[:10])


@pytest.mark.slow
def test_full_size_summary_is_fast_enough():
    import time

    rng = np.random.default_rng(0)
    clean = rng.random(3270)
    attacked = np.clip(clean[:, None] - rng.normal(0.1, 0.2, (3270, 3)), 0, 1)
    summarize(clean[:50], attacked[:50], n_resamples=100)  # warm the imports
    t = time.perf_counter()
    for _ in range(5):
        summarize(clean, attacked)
    assert time.perf_counter() - t < 60


def test_success_rate_query_clustered_interval_is_wider_when_samples_agree():
    rng = np.random.default_rng(0)
    clean_success = np.ones(200, dtype=bool)
    # Perfectly correlated samples: a query either resists every sample or none.
    broken = rng.random(200) < 0.3
    attacked_success = np.repeat(~broken[:, None], 5, axis=1)
    r = success_rate(clean_success, attacked_success, seed=1)
    assert r["rate"] == pytest.approx(broken.mean())
    assert r["query_low"] < r["low"] and r["query_high"] > r["high"]
    assert r == success_rate(clean_success, attacked_success, seed=1)
