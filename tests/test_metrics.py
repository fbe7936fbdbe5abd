import pytest

from robustir.errors import InputError
from robustir.metrics import score_run


def test_every_judged_query_is_scored_even_with_empty_or_missing_runs():
    qrels = {"q1": {"d1": 1}, "q2": {"d2": 1}, "q3": {"d3": 1}}
    run = {"q1": {"d1": 2.0, "d2": 1.0}, "q2": {}, "qx": {"d1": 1.0}}
    scores = score_run(run, qrels, ["nDCG@10", "RR@10", "R@100", "AP"])
    assert set(scores) == {"q1", "q2", "q3"}
    assert scores["q1"]["nDCG@10"] == pytest.approx(1.0)
    assert all(v == 0.0 for v in scores["q2"].values())
    assert all(v == 0.0 for v in scores["q3"].values())


def test_rank_two_values():
    qrels = {"q": {"d2": 1}}
    scores = score_run({"q": {"d1": 3.0, "d2": 2.0, "d3": 1.0}}, qrels, ["nDCG@10", "RR@10", "AP", "R@100"])
    assert scores["q"]["RR@10"] == pytest.approx(0.5)
    assert scores["q"]["AP"] == pytest.approx(0.5)
    assert scores["q"]["nDCG@10"] == pytest.approx(1 / 1.5849625007211562)
    assert scores["q"]["R@100"] == pytest.approx(1.0)


def test_unknown_measure_is_a_one_line_error():
    with pytest.raises(InputError, match="unknown measure"):
        score_run({}, {"q": {"d": 1}}, ["nDGC@10"])
