"""Section 27: the confidence intervals and the retriever's gathers no longer import ``numpy.ma``.

``np.quantile`` and a bare ``np.unique`` import ``numpy.ma`` (~6 ms of every process's first evaluation, a
cost its warm runs never pay). ``robustir.stats._quantiles`` computes numpy's linear quantile without it; these
tests hold it to ``np.quantile``'s bytes and check that an interval and a search leave ``numpy.ma`` unimported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from robustir.stats import _quantiles


def _same(x: np.ndarray, q: list[float]) -> None:
    got = _quantiles(x, q)
    want = np.asarray(np.quantile(x, q))
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.tobytes() == want.tobytes(), (x[:5], q, got, want)


def test_linear_quantile_bytes_equal_numpy() -> None:
    rng = np.random.default_rng(27)
    edges = [0.0, 1.0, 0.5, 0.025, 0.975, 1e-12, 1 - 1e-12, 0.3333333333333333]
    for n in (1, 2, 3, 7, 100, 10_000):
        for x in (rng.normal(size=n), rng.integers(0, 4, size=n).astype(float), np.full(n, 0.1),
                  rng.random(n) * 1e-300, np.round(rng.normal(size=n), 2)):
            for q in ([0.025, 0.975], [q0 for q0 in edges], list(rng.random(5)), [0.975, 0.025]):
                _same(x, q)
            a1, a2 = rng.random(2)
            _same(x, [np.float64(a1), np.float64(a2)])  # the BCa bounds are numpy scalars


def test_linear_quantile_falls_back_where_numpy_decides() -> None:
    x = np.array([1.0, np.nan, 3.0])
    assert np.isnan(_quantiles(x, [0.5])).all()  # np.quantile's NaN answer
    _same(np.array([3, 1, 2]), [0.5])  # integers: numpy's own path
    with pytest.raises(ValueError):
        _quantiles(np.array([1.0, 2.0]), [1.5])


def test_interval_and_search_leave_numpy_ma_unimported() -> None:
    code = (
        "import sys, tempfile, numpy as np\n"
        "from robustir import stats\n"
        "from robustir.retrieval import Retriever\n"
        "from tests.fakes import BagOfWordsEncoder, toy_benchmark\n"
        "rng = np.random.default_rng(0)\n"
        "clean, attacked = rng.random(40), rng.random((40, 2))\n"
        "stats.summarize(clean, attacked, n_resamples=2000)\n"
        "stats.summarize(clean, attacked, n_resamples=2000, method='percentile')\n"
        "stats.hierarchical_bootstrap_difference(rng.random((3, 40)), rng.random((3, 40)), n_resamples=500)\n"
        "bench = toy_benchmark()\n"
        "with tempfile.TemporaryDirectory() as tmp:\n"
        "    r = Retriever(BagOfWordsEncoder(), bench, cache_dir=tmp)\n"
        "    texts = [q.text for q in bench.queries]\n"
        "    r.search_hits(texts[:1], k=3)\n"
        "    r.search_hits(texts, k=3)\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    root = str(Path(__file__).resolve().parents[1])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                         env={**os.environ, "PYTHONPATH": root})
    assert out.stdout.strip() == "False", out.stdout + out.stderr
