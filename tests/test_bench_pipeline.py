"""bench/pipeline.py's account of what a model-aware search did (``search_shape``): its counts are the result's own."""

from __future__ import annotations

import numpy as np
import pytest

from tests.bench_modules import load_bench
from tests.fakes import BagOfWordsEncoder, toy_benchmark


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    return tmp_path


def _evaluate(recipe: str):
    import robustir

    return robustir.attack(BagOfWordsEncoder(), toy_benchmark(), recipe, bootstrap_resamples=200,
                           similarity_fn=lambda o, c: np.ones(len(o)))


def test_search_shape_counts_the_results_samples(home):
    pipeline = load_bench("pipeline")
    result = _evaluate("typo-adv")
    shape = pipeline.search_shape(result)
    rows = [a for q in result.queries for a in q.attacked]
    assert shape["samples"] == len(rows) == len(result.queries)
    # every sample is searched, already out of the top k (one text scored: the original), or unperturbable
    assert shape["searched"] + shape["missed"] + shape["unperturbable"] == shape["samples"]
    assert shape["searched"] > 0
    assert shape["scored"] == sum(a["queries"] for a in rows)
    assert shape["scored"] >= shape["searched"] * 2  # a searched sample scored its original and a candidate
    searched = [a for a in rows if a["queries"] > 1]
    assert shape["scored_searched"] == sum(a["queries"] for a in searched)
    # the samples not searched scored at most their original
    assert shape["scored"] - shape["scored_searched"] <= shape["samples"] - shape["searched"]


def test_a_random_recipe_has_no_search_shape(home):
    assert load_bench("pipeline").search_shape(_evaluate("typo")) is None


def test_search_shape_counts_the_texts_of_searched_samples_apart():
    from types import SimpleNamespace

    pipeline = load_bench("pipeline")
    rows = [{"success": True, "queries": 5}, {"success": False, "queries": 3},  # searched
            {"success": True, "queries": 1},  # already out of the top k
            {"success": False, "queries": 1, "unperturbable": True}]
    shape = pipeline.search_shape(SimpleNamespace(queries=[SimpleNamespace(attacked=rows[:2]),
                                                           SimpleNamespace(attacked=rows[2:])]))
    assert shape == {"samples": 4, "searched": 2, "scored_searched": 8, "missed": 1, "unperturbable": 1,
                     "scored": 10}
