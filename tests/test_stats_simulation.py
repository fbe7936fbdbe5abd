"""Simulation checks of robustir.stats: CI coverage and randomisation-test size.

Each check draws 400 synthetic experiments (seeded, so the outcome is stable) from
a population whose true mean degradation is known, and counts how often the 95%
interval covers it (expected 93-97%), or how often the null is rejected at 5%.
Fewer bootstrap resamples (2,000) keep the file at well under a minute.
"""

from __future__ import annotations

import numpy as np
import pytest

from robustir.stats import compare_degradations, summarize

REPLICATES = 400
N_QUERIES = 80
K = 3
RESAMPLES = 2000


def _normal(rng):
    clean = rng.normal(0.5, 0.2, N_QUERIES)
    attacked = clean[:, None] - rng.normal(0.1, 0.3, (N_QUERIES, K))
    return clean, attacked, 0.1


def _skewed(rng):
    # Log-normal clean scores; the attack removes an exponential amount: both right-skewed.
    clean = rng.lognormal(0.0, 0.75, N_QUERIES)
    attacked = clean[:, None] - rng.exponential(0.2, (N_QUERIES, K))
    return clean, attacked, 0.2


def _bounded(rng):
    # Reciprocal-rank-like metric in [0, 1]: 40% of queries score 0 clean (nothing found);
    # each attack sample wipes a query's score out with probability 0.3 and otherwise keeps it.
    found = rng.random(N_QUERIES) < 0.6
    clean = np.where(found, 1.0 / rng.integers(1, 4, N_QUERIES), 0.0)
    keep = rng.random((N_QUERIES, K)) >= 0.3
    attacked = clean[:, None] * keep
    true_clean = 0.6 * (1 + 1 / 2 + 1 / 3) / 3
    return clean, attacked, 0.3 * true_clean


@pytest.mark.parametrize("population", [_normal, _skewed, _bounded], ids=["normal", "skewed", "bounded"])
def test_bca_interval_covers_true_mean_degradation(population):
    rng = np.random.default_rng(20240817)
    covered = 0
    for r in range(REPLICATES):
        clean, attacked, truth = population(rng)
        s = summarize(clean, attacked, seed=r, n_resamples=RESAMPLES)
        assert s["degradation"]["low"] <= s["degradation"]["mean"] <= s["degradation"]["high"]
        covered += s["degradation"]["low"] <= truth <= s["degradation"]["high"]
    coverage = covered / REPLICATES
    assert 0.93 <= coverage <= 0.97, f"{population.__name__}: 95% CI covered the truth {coverage:.1%} of the time"


def test_two_level_interval_covers_and_is_not_narrower():
    rng = np.random.default_rng(7)
    covered = 0
    wider = 0
    for r in range(REPLICATES // 2):
        clean, attacked, truth = _bounded(rng)
        one = summarize(clean, attacked, seed=r, n_resamples=RESAMPLES)
        two = summarize(clean, attacked, seed=r, n_resamples=RESAMPLES, two_level=True)
        assert two["two_level"] is True and one["two_level"] is False
        covered += two["degradation"]["low"] <= truth <= two["degradation"]["high"]
        wider += (two["degradation"]["high"] - two["degradation"]["low"]) >= (
            one["degradation"]["high"] - one["degradation"]["low"])
    # Resampling both levels counts within-query variance twice: conservative by design (about 98%).
    assert 0.93 <= covered / (REPLICATES // 2) <= 0.995
    # Resampling the attack samples too adds variability: wider in the large majority of replicates.
    assert wider / (REPLICATES // 2) >= 0.8


@pytest.mark.parametrize("kind", ["normal", "bounded"])
def test_randomisation_test_has_nominal_size_under_the_null(kind):
    rng = np.random.default_rng(99)
    rejected = 0
    for r in range(REPLICATES):
        if kind == "normal":
            clean = rng.normal(0.5, 0.2, N_QUERIES)
            attacked = clean[:, None] + rng.normal(0.0, 0.3, (N_QUERIES, K))
        else:
            # The attack does nothing: clean and attacked metric are exchangeable draws
            # (0 or a reciprocal rank) from the same per-query distribution.
            p = rng.random(N_QUERIES)
            clean = np.where(rng.random(N_QUERIES) < p, 1.0 / rng.integers(1, 4, N_QUERIES), 0.0)
            attacked = np.where(rng.random(N_QUERIES) < p, 1.0 / rng.integers(1, 4, N_QUERIES), 0.0)[:, None]
        s = summarize(clean, attacked, seed=r, n_resamples=RESAMPLES)
        rejected += s["p_value"] <= 0.05
    size = rejected / REPLICATES
    assert 0.025 <= size <= 0.075, f"{kind}: rejected a true null {size:.1%} of the time at alpha = 5%"


def test_randomisation_test_has_power_against_a_real_degradation():
    rng = np.random.default_rng(3)
    rejected = 0
    for r in range(100):
        clean, attacked, _ = _normal(rng)
        rejected += summarize(clean, attacked, seed=r, n_resamples=RESAMPLES)["p_value"] <= 0.05
    assert rejected >= 95


def test_compare_degradations_interval_covers_true_difference():
    rng = np.random.default_rng(11)
    covered = 0
    for r in range(REPLICATES):
        base = rng.exponential(0.1, N_QUERIES)
        deg_a = base + rng.normal(0.05, 0.1, N_QUERIES)
        deg_b = base + rng.normal(0.0, 0.1, N_QUERIES)
        c = compare_degradations(deg_a, deg_b, seed=r, n_resamples=RESAMPLES)
        covered += c["difference"]["low"] <= 0.05 <= c["difference"]["high"]
    assert 0.93 <= covered / REPLICATES <= 0.97
