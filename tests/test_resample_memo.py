"""The bootstrap's and the sign-flip test's draws kept per process (robustir.resample._drawn).

A later call with a generator in the same state replays the kept draws: it must give what drawing
afresh gives, bit for bit, leave the generator where drawing leaves it, and never serve draws made
for another state, query count, number of resamples or batch size."""

from __future__ import annotations

import numpy as np
import pytest

import robustir.resample as resample
from robustir import stats


@pytest.fixture(autouse=True)
def _empty_memo(monkeypatch):
    monkeypatch.setattr(resample, "_MEMO", type(resample._MEMO)())
    monkeypatch.setattr(resample, "_memo_bytes", 0)


def _samples(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.choice([0.0, 0.1, 0.25, 1 / 3, 0.5, 1.0], size=(4, n))


def _fresh(monkeypatch, call):
    """``call()`` with nothing kept (the memo's budget 0): the draws made afresh."""
    with monkeypatch.context() as m:
        m.setattr(resample, "MEMO_BYTES", 0)
        return call()


def _means(x, seed, B, batch, undecided=None):
    rng = np.random.default_rng([seed, 1])
    out = resample.bootstrap_means(x, rng, B, batch, undecided=undecided)
    return out, rng.integers(0, 2**62)  # the next draw tells where the generator was left


@pytest.mark.parametrize(("n", "B", "batch"), [(40, 700, 300), (1000, 2000, 2000), (300, 1000, 1000)])
def test_kept_bootstrap_draws_give_the_fresh_means_and_leave_the_generator_where_drawing_does(monkeypatch, n, B,
                                                                                             batch):
    x = _samples(n)

    def undecided(block):  # every third resample recomputed from the kept indices
        mask = np.zeros(block.shape, dtype=bool)
        mask[:, ::3] = True
        return mask

    fresh = _fresh(monkeypatch, lambda: _means(x, 5, B, batch, undecided))
    first = _means(x, 5, B, batch, undecided)
    assert len(resample._MEMO) == 1
    again = _means(x, 5, B, batch, undecided)
    for got in (first, again):
        assert np.array_equal(got[0], fresh[0])
        assert got[1] == fresh[1]


def test_draws_are_kept_per_state_and_size(monkeypatch):
    x = _samples(200)
    _means(x, 1, 500, 500)
    for seed, B, batch, rows in ((2, 500, 500, 200), (1, 400, 500, 200), (1, 500, 250, 200), (1, 500, 500, 199)):
        got = _means(x[:, :rows], seed, B, batch)
        fresh = _fresh(monkeypatch, lambda: _means(x[:, :rows], seed, B, batch))  # noqa: B023
        assert np.array_equal(got[0], fresh[0])
        assert got[1] == fresh[1]
    assert len(resample._MEMO) == 5


def test_sign_flip_hits_replay_the_fresh_patterns(monkeypatch):
    rng = np.random.default_rng(3)
    diffs = [rng.choice([0.0, 0.0, 0.1, -0.25, 1 / 3], size=333) for _ in range(3)]
    thresholds = [abs(float(d.mean())) - 1e-12 for d in diffs]

    def hits(seed):
        g = np.random.default_rng([seed, 2])
        return resample.sign_flip_hits(diffs, thresholds, g, 3000, 1200), g.integers(0, 2**62)

    fresh = _fresh(monkeypatch, lambda: hits(4))
    assert hits(4) == fresh
    assert hits(4) == fresh
    assert hits(5) == _fresh(monkeypatch, lambda: hits(5))


def test_summaries_from_kept_draws_are_the_fresh_summaries(monkeypatch):
    rng = np.random.default_rng(11)
    pairs = [(c := rng.choice([0.0, 0.5, 1.0], size=150), np.clip(c[:, None] - rng.choice([0.0, 0.5], (150, 3)), 0, 1))
             for _ in range(3)]
    fresh = _fresh(monkeypatch, lambda: stats.summarize_many(pairs, seed=2, n_resamples=1500))
    assert stats.summarize_many(pairs, seed=2, n_resamples=1500) == fresh
    assert stats.summarize_many(pairs, seed=2, n_resamples=1500) == fresh
    assert resample._MEMO


def test_the_memo_stays_within_its_budget_and_hands_out_read_only_arrays(monkeypatch):
    x = _samples(500)
    monkeypatch.setattr(resample, "MEMO_BYTES", 3 * 500 * 1000 * 2)  # two entries of 1,000 resamples
    for seed in range(4):
        _means(x, seed, 1000, 1000)
        assert resample._memo_bytes <= resample.MEMO_BYTES
        assert resample._memo_bytes == sum(entry[2] for entry in resample._MEMO.values())
    assert len(resample._MEMO) == 2
    batches = next(iter(resample._MEMO.values()))[0]
    with pytest.raises(ValueError):
        batches[0][0][0, 0] = 1
    monkeypatch.setattr(resample, "MEMO_BYTES", 100)  # larger than the budget: drawn, not kept
    resample._MEMO.clear()
    monkeypatch.setattr(resample, "_memo_bytes", 0)
    _means(x, 9, 1000, 1000)
    assert not resample._MEMO


def test_counts_above_255_are_kept_exactly():
    """A query drawn more than 255 times in one resample (possible for n > 255) is not wrapped by uint8."""
    class Skewed:  # every draw is query 0
        def integers(self, low, high, size, dtype):
            return np.zeros(size, dtype=dtype)

    idx, counts = resample._index_batch(Skewed(), 300, 4)
    assert counts.dtype != np.uint8
    assert np.all(counts[:, 0] == 300)
    assert np.all(counts.sum(axis=1) == 300)


def test_sign_flip_hits_of_many_vectors_at_once_equal_each_vector_alone():
    """One product per block of patterns for every vector (a gemm) counts what one product per vector
    (a gemv, as each separate ``sign_flip_test`` counts) counts, with thresholds at observed means that the
    discrete differences hit exactly."""
    rng = np.random.default_rng(11)
    n = 300
    diffs = [np.round(rng.standard_normal(n) * (rng.random(n) < share), 2) for share in (0.05, 0.3, 1.0)]
    diffs.append(np.where(rng.random(n) < 0.5, 0.25, -0.25))  # many patterns exactly at the observed mean
    thresholds = [abs(float(d.mean())) - 1e-12 * max(1.0, abs(float(d.mean()))) for d in diffs]
    resample._MEMO.clear()
    together = resample.sign_flip_hits(diffs, thresholds, np.random.default_rng([4, 2]), 2000, 700)
    alone = []
    for d, t in zip(diffs, thresholds, strict=True):
        g = np.random.default_rng([4, 2])
        signs = np.concatenate([1.0 - 2.0 * g.integers(0, 2, size=(b, n), dtype=np.int8)
                                for b in (700, 700, 600)])
        alone.append(int(np.count_nonzero(np.abs(signs @ d) / n >= t)))
    assert together == alone
    assert min(together) > 0 and max(together) < 2000
