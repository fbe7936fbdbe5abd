"""score_run's direct pytrec_eval path gives exactly ir-measures' values (the reference it replaces)."""

from __future__ import annotations

import random

import ir_measures
import pytest

from robustir.metrics import _trec_key, parse_measures, score_run

MEASURES = ["nDCG@10", "R@100", "AP", "Success@10", "P@5", "RR", "nDCG@5", "R@10"]


def _fixture(seed: int) -> tuple[dict, dict]:
    rng = random.Random(seed)
    docs = [f"d{i}" for i in range(60)]
    qrels, run = {}, {}
    for q in range(25):
        qid = f"q{q}"
        judged = rng.sample(docs, rng.randint(1, 6))
        qrels[qid] = {d: rng.choice([0, 1, 1, 2]) for d in judged}
        if q % 7 == 3:
            continue  # a judged query with no run
        # scores from a few levels: many ties, broken by trec_eval's docid order
        run[qid] = {d: float(rng.choice([0.1, 0.5, 0.5, 0.9, 1.25])) for d in rng.sample(docs, rng.randint(1, 40))}
    run["unjudged"] = {"d1": 1.0}
    return qrels, run


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_direct_path_equals_ir_measures_exactly(seed):
    qrels, run = _fixture(seed)
    got = score_run(run, qrels, MEASURES)
    ref = {q: dict.fromkeys(MEASURES, 0.0) for q in qrels}
    judged_run = {q: d for q, d in run.items() if q in qrels}
    for v in ir_measures.iter_calc(parse_measures(MEASURES), qrels, judged_run):
        ref[v.query_id][str(v.measure)] = float(v.value)
    assert got == ref  # equal floats, not approximately
    assert any(0.0 < v < 1.0 for row in got.values() for v in row.values())  # the fixture is not trivial


def test_default_measures_take_the_direct_path_and_variants_do_not():
    for name, key in [("nDCG@10", "ndcg_cut_10"), ("R@100", "recall_100"), ("AP", "map"),
                      ("Success@10", "success_10"), ("RR", "recip_rank"), ("P@5", "P_5")]:
        assert _trec_key(parse_measures([name])[0]) == key
    for name in ["AP(rel=2)", "nDCG(judged_only=True)@10", "P(rel=2)@5", "RR@10", "Judged@10"]:
        assert _trec_key(parse_measures([name])[0]) is None


def test_a_measure_outside_the_direct_path_still_goes_through_ir_measures():
    qrels, run = _fixture(4)
    got = score_run(run, qrels, ["AP(rel=2)", "AP"])
    ref = {q: 0.0 for q in qrels}
    for v in ir_measures.iter_calc([ir_measures.AP(rel=2)], qrels, {q: d for q, d in run.items() if q in qrels}):
        ref[v.query_id] = float(v.value)
    assert {q: row["AP(rel=2)"] for q, row in got.items()} == ref
    assert any(got[q]["AP(rel=2)"] != got[q]["AP"] for q in got)  # rel=2 really is another measure here
