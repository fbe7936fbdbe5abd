"""The attack engine inside robustir's evaluation pipeline (bag-of-words encoder, toy benchmark)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fakes import BagOfWordsEncoder, toy_benchmark

RECIPE = """
name = "{name}"
description = "pipeline test"
family = "typo"
samples = {samples}
[perturbation]
type = "typo"
{rate}
[constraints]
protect_numbers = false
protected_words = ["what", "the"]
min_length = 1
[search]
type = "{search}"
{search_extra}
"""


def _recipe(tmp_path: Path, search: str) -> Path:
    p = tmp_path / f"{search}.toml"
    if search == "greedy":
        text = RECIPE.format(name="t-adv", samples=1, rate="rate = 0.5", search="greedy",
                             search_extra="budget = 100\n[goal]\ntype = \"untopk\"\nk = 3")
    else:
        text = RECIPE.format(name="t", samples=3, rate="rate = 0.5", search="random", search_extra="")
    p.write_text(text, encoding="utf-8")
    return p


def test_greedy_typos_defeat_a_bag_of_words_retriever(tmp_path: Path) -> None:
    from robustir.evaluation import evaluate

    bench = toy_benchmark()
    res = evaluate(BagOfWordsEncoder(), bench, _recipe(tmp_path, "greedy"), seed=0, k=10,
                   cache_dir=tmp_path / "cache", bootstrap_resamples=200)
    queries = res.data["queries"]
    attacked = [q["attacked"][0] for q in queries]
    # bag-of-words falls to a typo in the topic word or the number for most queries
    assert sum(a["success"] for a in attacked) >= len(attacked) * 0.6
    for q, a in zip(queries, attacked, strict=False):
        assert 1 <= len(a["edits"]) <= 2  # rate 0.5 of the 4 editable words (what, the protected)
        assert all(e["original"] not in ("what", "the") for e in a["edits"])
        assert a["queries"] <= 100 and a["text"] != q["text"]
        if a["success"]:  # the relevant document left the top 3 (up to float ties at the boundary)
            assert a["metrics"]["RR@10"] <= 1 / 3 + 1e-9 < q["clean"]["RR@10"]
    json.dumps(res.data, allow_nan=False)  # objective values are finite or absent


def test_random_typos_in_the_pipeline_are_reproducible(tmp_path: Path) -> None:
    from robustir.evaluation import evaluate

    bench = toy_benchmark()
    recipe = _recipe(tmp_path, "random")
    a = evaluate(BagOfWordsEncoder(), bench, recipe, seed=1, k=10, cache_dir=tmp_path / "c", bootstrap_resamples=200)
    b = evaluate(BagOfWordsEncoder(), bench, recipe, seed=1, k=10, cache_dir=tmp_path / "c", bootstrap_resamples=200)
    texts = lambda r: [[s["text"] for s in q["attacked"]] for q in r.data["queries"]]  # noqa: E731
    assert texts(a) == texts(b)
    assert all(len(row) == 3 for row in texts(a))
    assert any(t != q.text for row, q in zip(texts(a), bench.queries, strict=False) for t in row)
