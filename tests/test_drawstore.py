"""The statistics' draws stored on disk for later processes (robustir.drawstore, bench/RESULTS.md section 27):
a later process replays exactly what drawing gives, leaves the generator where drawing leaves it, and a damaged,
oversized or disabled store changes nothing but the cost."""

from __future__ import annotations

import numpy as np
import pytest

from robustir import drawstore, resample
from robustir.stats import summarize_many


@pytest.fixture
def store(tmp_path, monkeypatch):
    root = tmp_path / "draws"
    monkeypatch.setenv(drawstore.CACHE_ENV, str(root))
    _new_process(monkeypatch)
    return root


def _new_process(monkeypatch) -> None:
    """What a fresh process starts with: no draws kept in memory."""
    monkeypatch.setattr(resample, "_MEMO", type(resample._MEMO)())
    monkeypatch.setattr(resample, "_memo_bytes", 0)


def _draw(n: int, seed: int = 3) -> tuple[list[tuple[np.ndarray, ...]], dict, int]:
    """Every batch of a bootstrap draw and a sign draw of ``n`` queries, the generator's state after them, and
    how many batches were drawn rather than replayed."""
    calls = [0]

    def index_batch(g, b):
        calls[0] += 1
        return resample._index_batch(g, n, b)

    def sign_batch(g, b):
        calls[0] += 1
        return resample._sign_batch(g, n, b)

    rng = np.random.default_rng(seed)
    got = [tuple(a.copy() for a in part) for part in resample._drawn("bootstrap", rng, n, 1000, 300, 3 * n * 1000,
                                                                      index_batch)]
    got += [tuple(a.copy() for a in part) for part in resample._drawn("signs", rng, n, 500, 128, 500 * n,
                                                                       sign_batch)]
    return got, rng.bit_generator.state, calls[0]


def _same(a: list[tuple[np.ndarray, ...]], b: list[tuple[np.ndarray, ...]]) -> bool:
    return len(a) == len(b) and all(len(x) == len(y) and all(u.dtype == v.dtype and np.array_equal(u, v)
                                                             for u, v in zip(x, y, strict=True))
                                    for x, y in zip(a, b, strict=True))


def test_a_later_process_replays_the_stored_draws_and_leaves_the_generator_where_drawing_does(store, monkeypatch):
    first, state, drawn = _draw(57)
    assert drawn == 4 + 4  # 1000 resamples in batches of 300, 500 patterns in batches of 128
    assert sorted(p.name.split("-")[0] for p in store.glob("*.npz")) == ["bootstrap", "signs"]
    _new_process(monkeypatch)
    again, state_again, drawn_again = _draw(57)
    assert drawn_again == 0  # nothing drawn: read back from the store
    assert _same(first, again) and state_again == state
    monkeypatch.setenv(drawstore.CACHE_ENV, "off")  # the store off: drawn afresh, the same values
    _new_process(monkeypatch)
    fresh, state_fresh, drawn_fresh = _draw(57)
    assert drawn_fresh == 8 and _same(first, fresh) and state_fresh == state
    other, _, drawn_other = _draw(57, seed=4)  # another state: other draws, never the stored ones
    assert drawn_other == 8 and not _same(first, other)


def test_summaries_from_stored_draws_equal_summaries_from_fresh_draws(store, monkeypatch):
    rng = np.random.default_rng(0)
    clean, attacked = rng.random(120), rng.random((120, 5))
    pairs = [(clean, attacked), (clean[:90], attacked[:90].mean(axis=1))]
    fresh = summarize_many(pairs, seed=1, n_resamples=2000)
    assert list(store.glob("*.npz"))
    _new_process(monkeypatch)
    assert summarize_many(pairs, seed=1, n_resamples=2000) == fresh


def test_a_damaged_or_foreign_file_is_drawn_again_and_rewritten(store, monkeypatch):
    first, state, _ = _draw(40)
    files = sorted(store.glob("bootstrap-*.npz"))
    blob = bytearray(files[0].read_bytes())
    blob[len(blob) // 2] ^= 0xFF  # one flipped byte in the arrays
    files[0].write_bytes(bytes(blob))
    _new_process(monkeypatch)
    again, state_again, drawn = _draw(40)
    assert drawn == 4 and _same(first, again) and state_again == state  # the bootstrap drawn again
    files[0].write_bytes(b"not a zip file")
    _new_process(monkeypatch)
    assert _same(_draw(40)[0], first)
    _new_process(monkeypatch)
    assert _draw(40)[2] == 0  # rewritten whole: read back


def test_the_store_keeps_its_bound_and_skips_draws_too_large(store, monkeypatch):
    monkeypatch.setattr(drawstore, "ENTRY_BYTES", 10_000)
    _draw(30)  # bootstrap 1000 x 30 x 3 bytes: over the entry bound; signs 500 x 4 bytes: stored
    assert sorted(p.name.split("-")[0] for p in store.glob("*.npz")) == ["signs"]
    monkeypatch.setattr(drawstore, "ENTRY_BYTES", 1 << 30)
    for p in store.glob("*.npz"):
        p.unlink()
    _new_process(monkeypatch)
    _draw(31)
    size = sum(p.stat().st_size for p in store.glob("*.npz"))  # one draw's two files
    monkeypatch.setattr(drawstore, "STORE_BYTES", int(2.5 * size))
    for n in range(32, 37):
        _new_process(monkeypatch)
        _draw(n)
    assert sum(p.stat().st_size for p in store.glob("*.npz")) <= 2.5 * size
    assert len(list(store.glob("*.npz"))) >= 2
    _new_process(monkeypatch)
    assert _draw(36)[2] == 0  # the most recent draws are the ones kept
