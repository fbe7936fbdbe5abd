"""X-X / X-Y / hybrid batch samplers: language properties, alpha share, no duplicates, determinism."""

from __future__ import annotations

import math

import numpy as np
import pytest

from robustir.errors import InputError
from robustir.train.pairs import PairLayout, build_pairs, conflict_groups
from robustir.train.samplers import (
    HybridBatchSampler,
    XXBatchSampler,
    XYBatchSampler,
    batch_sampler_factory,
    strategy_alpha,
)

LANGS = ("ar", "de", "en", "zh", "th")


def make_layout(n_units: int = 600, seed: int = 0) -> PairLayout:
    rng = np.random.default_rng(seed)
    keys = [[("s", int(rng.integers(n_units // 2)))] for _ in range(n_units)]  # many shared answers
    return PairLayout(n_units=n_units, langs=LANGS, groups=conflict_groups(keys))


def collect(sampler, n_batches: int = 1000):
    out, epoch = [], 0
    while len(out) < n_batches:
        out += sampler.plan(epoch)
        epoch += 1
    return out[:n_batches]


def decode(layout, batch):
    return [layout.decode(r) for r in batch.rows]


def check_no_duplicates(layout, batches, batch_size):
    for b in batches:
        units = [u for u, _, _ in decode(layout, b)]
        assert len(b.rows) == batch_size
        assert len(set(units)) == batch_size
        assert len({int(layout.groups[u]) for u in units}) == batch_size


def test_xx_batches_are_single_language():
    lay = make_layout()
    s = XXBatchSampler(None, batch_size=16, drop_last=True, seed=3, layout=lay)
    batches = collect(s)
    langs_used = set()
    for b in batches:
        pairs = decode(lay, b)
        assert b.mode == "xx"
        assert len({lq for _, lq, _ in pairs} | {lp for _, _, lp in pairs}) == 1
        langs_used.add(pairs[0][1])
    assert langs_used == set(range(len(LANGS)))
    check_no_duplicates(lay, batches, 16)


def test_xy_pairs_never_share_a_language():
    lay = make_layout()
    s = XYBatchSampler(None, batch_size=16, drop_last=True, seed=3, layout=lay)
    batches = collect(s)
    counts = np.zeros((len(LANGS), len(LANGS)))
    for b in batches:
        assert b.mode == "xy"
        for _, lq, lp in decode(lay, b):
            assert lq != lp
            counts[lq, lp] += 1
    off = counts[~np.eye(len(LANGS), dtype=bool)]
    assert off.min() > 0.7 * off.mean()  # every ordered pair drawn, roughly uniformly
    check_no_duplicates(lay, batches, 16)


@pytest.mark.parametrize("alpha", [0.3, 0.5, 0.8])
def test_hybrid_share_of_xx_batches_is_alpha(alpha):
    lay = make_layout()
    s = HybridBatchSampler(None, batch_size=16, drop_last=True, seed=11, layout=lay, alpha=alpha)
    batches = collect(s, 1000)
    share = np.mean([b.mode == "xx" for b in batches])
    assert abs(share - alpha) < 4 * math.sqrt(alpha * (1 - alpha) / 1000)
    for b in batches:
        pairs = decode(lay, b)
        if b.mode == "xx":
            assert len({lq for _, lq, _ in pairs} | {lp for _, _, lp in pairs}) == 1
        else:
            assert all(lq != lp for _, lq, lp in pairs)
    check_no_duplicates(lay, batches, 16)


def test_deterministic_and_epoch_dependent():
    lay = make_layout()
    a = HybridBatchSampler(None, batch_size=16, drop_last=True, seed=5, layout=lay)
    b = HybridBatchSampler(None, batch_size=16, drop_last=True, seed=5, layout=lay)
    c = HybridBatchSampler(None, batch_size=16, drop_last=True, seed=6, layout=lay)
    assert a.plan(0) == b.plan(0)
    assert a.plan(0) != a.plan(1)
    assert a.plan(0) != c.plan(0)
    assert len(a) == lay.n_units // 16 == len(list(iter(a)))
    a.set_epoch(1)
    assert [x.rows for x in a.plan(1)] == list(iter(a))


def test_epoch_uses_each_unit_about_once():
    lay = make_layout()
    s = HybridBatchSampler(None, batch_size=16, drop_last=True, seed=0, layout=lay)
    units = [u for b in s.plan(0) for u, _, _ in decode(lay, b)]
    counts = np.bincount(units, minlength=lay.n_units)
    assert counts.max() <= 2 and (counts >= 1).sum() >= 0.9 * lay.n_units


def test_bad_configurations():
    lay = make_layout(40)
    with pytest.raises(InputError, match="distinct question groups"):
        HybridBatchSampler(None, batch_size=lay.n_groups + 1, drop_last=True, layout=lay)
    one = PairLayout(n_units=40, langs=("en",), groups=np.arange(40))
    with pytest.raises(InputError, match="two languages"):
        XYBatchSampler(None, batch_size=8, drop_last=True, layout=one)
    XXBatchSampler(None, batch_size=8, drop_last=True, layout=one)  # X-X with one language is fine
    with pytest.raises(InputError):
        strategy_alpha("hybrid", 1.5)
    with pytest.raises(InputError):
        strategy_alpha("zz")
    with pytest.raises(InputError, match="rows"):
        batch_sampler_factory("xx", lay)(list(range(7)), batch_size=4, drop_last=True)


def test_conflict_groups_are_transitive():
    groups = conflict_groups([["a"], ["b"], ["a", "c"], ["c", "d"], ["e"], ["d"]])
    assert groups[0] == groups[2] == groups[3] == groups[5]
    assert len({groups[0], groups[1], groups[4]}) == 3
    assert list(groups) == list(conflict_groups([["a"], ["b"], ["a", "c"], ["c", "d"], ["e"], ["d"]]))


def test_real_batches_hold_no_parallel_duplicate(shared_data):
    from robustir.data import xquadr

    data = xquadr.read(None, ("en", "de", "th", "zh"))
    pairs = build_pairs(data)
    lay = pairs.layout
    answer = {lg: {q.id: q.answer for q in data.questions_in(lg, "train")} for lg in lay.langs}
    s = HybridBatchSampler(None, batch_size=32, drop_last=True, seed=1, layout=lay)
    for epoch in range(3):
        for b in s.plan(epoch):
            units = [u for u, _, _ in decode(lay, b)]
            for lg in lay.langs:  # no answer sentence shared in ANY language, no repeated text
                assert len({answer[lg][pairs.ids[u]] for u in units}) == len(units)
                assert len({pairs.passages[lg][u] for u in units}) == len(units)
                assert len({pairs.questions[lg][u] for u in units}) == len(units)
            rows = [(pairs.questions[lay.langs[lq]][u], pairs.passages[lay.langs[lp]][u])
                    for u, lq, lp in decode(lay, b)]
            assert len({p for _, p in rows}) == len(rows) and len({q for q, _ in rows}) == len(rows)
    ds = pairs.to_dataset()
    assert ds.column_names == ["anchor", "positive"] and len(ds) == lay.n_units * 16
    u, lq, lp = 7, 1, 3
    assert ds[lay.row(u, lq, lp)] == {"anchor": pairs.questions["de"][u], "positive": pairs.passages["zh"][u]}
