"""``Result.to_pandas()``: the long-format view, row for row the tidy CSV."""

from __future__ import annotations

import csv
import io

import pytest

import robustir
from robustir.report.csv import COLUMNS, to_csv
from tests.fakes import BagOfWordsEncoder, toy_benchmark

pd = pytest.importorskip("pandas")


@pytest.fixture
def result(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    return robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=2, seed=3,
                             bootstrap_resamples=200)


def test_to_pandas_is_the_csv_in_long_format(result):
    frame = result.to_pandas()
    rows = list(csv.DictReader(io.StringIO(to_csv([result.data]))))
    assert list(frame.columns) == COLUMNS
    assert len(frame) == len(rows) == len(result.queries) * 2 * len(result.measures)
    for record, row in zip(frame.to_dict("records"), rows, strict=True):
        assert record["qid"] == row["qid"] and str(record["sample"]) == row["sample"]
        assert record["measure"] == row["measure"] and record["recipe"] == row["recipe"] == "typo"
        for col in ("clean", "attacked", "degradation"):
            assert record[col] == float(row[col])


def test_to_pandas_matches_the_per_query_metrics_and_filters_measures(result):
    frame = result.to_pandas(measures=["nDCG@10"])
    assert set(frame["measure"]) == {"nDCG@10"}
    q = result.queries[0]
    sample1 = frame[(frame["qid"] == q["id"]) & (frame["sample"] == 1)].iloc[0]
    assert sample1["clean"] == q["clean"]["nDCG@10"]
    assert sample1["attacked"] == q["attacked"][1]["metrics"]["nDCG@10"]
    assert sample1["degradation"] == pytest.approx(sample1["clean"] - sample1["attacked"])
    # the mean degradation is the summary's point estimate
    per_query = frame.groupby("qid")["degradation"].mean()
    assert per_query.mean() == pytest.approx(result.data["summary"]["nDCG@10"]["degradation"]["mean"])
