"""robustir.stats.compare_seeded: seed-aware paired comparisons, TOST, and their bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

from robustir.errors import InputError
from robustir.stats import compare_seeded, hierarchical_bootstrap_difference


def _data(seeds=3, n=40, shift=0.0, tau=0.02, rng_seed=0):
    rng = np.random.default_rng(rng_seed)
    u = rng.normal(0.1, 0.1, n)
    a = shift + u + rng.normal(0, tau, (seeds, 1)) + rng.normal(0, 0.05, (seeds, n))
    b = u + rng.normal(0, tau, (seeds, 1)) + rng.normal(0, 0.05, (seeds, n))
    return a, b


def test_difference_is_the_difference_of_grand_means_and_json_able():
    a, b = _data()
    c = compare_seeded(a, b, margin=0.01)
    assert c["difference"]["mean"] == pytest.approx(a.mean() - b.mean())
    assert c["difference"]["low"] < c["difference"]["mean"] < c["difference"]["high"]
    assert c["n_seeds"] == {"a": 3, "b": 3} and c["n"] == 40
    assert c["per_seed"]["a"] == pytest.approx(list(a.mean(axis=1)))
    # the TOST interval (90%) is inside the 95% one
    assert c["difference"]["low"] < c["tost"]["low"] < c["tost"]["high"] < c["difference"]["high"]
    json.dumps(c, allow_nan=False)


def test_a_seed_effect_widens_the_interval():
    a, b = _data(tau=0.0)
    narrow = compare_seeded(a, b)["difference"]
    # the same data with each seed shifted: training noise that a query-only interval would ignore
    shifted = a + np.array([[0.05], [-0.05], [0.0]])
    wide = compare_seeded(shifted, b)["difference"]
    assert wide["high"] - wide["low"] > 2 * (narrow["high"] - narrow["low"])


def test_equivalence_and_difference_verdicts_follow_the_intervals():
    a, b = _data(seeds=5, n=400, tau=0.001)
    same = compare_seeded(a, b, margin=0.05)
    assert same["tost"]["equivalent"] and same["tost"]["p_tost"] < 0.05
    far = compare_seeded(a + 0.2, b, margin=0.05)
    assert not far["tost"]["equivalent"] and far["p_value"] < 0.001 and far["difference"]["low"] > 0


def test_untrained_side_is_one_fixed_row():
    a, b = _data()
    c = compare_seeded(a, b[:1], b_fixed=True, margin=0.01)
    assert c["n_seeds"] == {"a": 3, "b": 1} and c["b_fixed"]
    with pytest.raises(InputError, match="b has 1 training seed.*at least 2"):
        compare_seeded(a, b[:1])
    with pytest.raises(InputError, match="declared fixed"):
        compare_seeded(a, b, b_fixed=True)


@pytest.mark.parametrize("kw,match", [({"margin": 0.0}, "margin must be > 0"), ({"margin": -0.01}, "margin"),
                                      ({"method": "bayes"}, "unknown seed-aware method"),
                                      ({"confidence": 1.5}, "confidence")])
def test_bad_options_are_one_line_errors(kw, match):
    a, b = _data()
    with pytest.raises(InputError, match=match):
        compare_seeded(a, b, **kw)


def test_shapes_must_match():
    a, b = _data()
    with pytest.raises(InputError, match="same queries"):
        compare_seeded(a, b[:, :10])
    with pytest.raises(InputError, match="NaN"):
        compare_seeded(np.full((3, 4), np.nan), np.zeros((3, 4)))


def test_hierarchical_bootstrap_is_deterministic_per_seed_and_centred():
    a, b = _data()
    h1 = hierarchical_bootstrap_difference(a, b, seed=1, n_resamples=500)
    h2 = hierarchical_bootstrap_difference(a, b, seed=1, n_resamples=500)
    h3 = hierarchical_bootstrap_difference(a, b, seed=2, n_resamples=500)
    assert h1 == h2 and h1 != h3
    assert h1["low"] < h1["mean"] < h1["high"]
    c = compare_seeded(a, b, method="hierarchical-bootstrap", seed=1, n_resamples=500)
    assert c["difference"] == h1 and c["method"] == "hierarchical-bootstrap"
