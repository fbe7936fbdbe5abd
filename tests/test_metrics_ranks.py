"""The rank-based metrics (``robustir.metrics._rank_measures``) equal the library path bit for bit.

The library path is pytrec_eval (trec_eval 9) as ir-measures drives it, and for RR@k the run cut at k
in trec_eval's order (tests/test_metrics_trec_eval.py checks that path against trec_eval's own files).
Fixtures: random runs with many exact score ties (broken by document id), graded and zero gains,
queries with no relevant document, empty and missing runs, runs of different lengths, several
relevant documents per query, and the order of a run's entries shuffled.
"""

from __future__ import annotations

import random

import pytest

from robustir.metrics import _rank_measures, _score_library, parse_measures, score_run, score_runs

MEASURES = ["nDCG@10", "RR@10", "R@100", "AP", "Success@10", "P@5", "RR", "nDCG@5", "R@10", "nDCG@100"]


def _fixture(seed: int, n_queries: int = 80, n_docs: int = 150) -> tuple[dict, list[dict]]:
    rng = random.Random(seed)
    docs = [f"d{i:03d}" if i % 3 else f"D{i}" for i in range(n_docs)]  # mixed-case ids: strcmp order matters
    qrels: dict = {}
    for q in range(n_queries):
        judged = rng.sample(docs, rng.randint(1, 12))
        qrels[f"q{q}"] = {d: rng.choice([0, 1, 1, 2, 3]) for d in judged}
        if q % 11 == 5:
            qrels[f"q{q}"] = {d: 0 for d in judged}  # judged, nothing relevant
    runs = []
    for _ in range(4):
        run: dict = {}
        for q in range(n_queries):
            qid = f"q{q}"
            if q % 13 == 4:
                continue  # no run
            if q % 13 == 7:
                run[qid] = {}
                continue
            levels = [round(rng.uniform(-1, 1), 1) for _ in range(5)]  # few levels: many exact ties
            picked = rng.sample(docs, rng.randint(1, 110))
            if q % 4 == 0:  # relevant documents near the top now and then
                picked = list(dict.fromkeys([*qrels[qid], *picked]))
            run[qid] = {d: (rng.choice(levels) if q % 2 else rng.gauss(0, 1)) for d in picked}
        run["unjudged"] = {"d001": 1.0}
        runs.append(run)
    return qrels, runs


@pytest.mark.parametrize("seed", range(6))
def test_rank_measures_equal_pytrec_eval_exactly(seed):
    qrels, runs = _fixture(seed)
    parsed = parse_measures(MEASURES)
    for run in runs:
        ref = _score_library(run, qrels, MEASURES, parsed)
        got = score_run(run, qrels, MEASURES)
        assert got == ref  # the same floats, not approximately
    values = [v for row in ref.values() for v in row.values()]
    assert any(0.0 < v < 1.0 for v in values) and any(v == 1.0 for v in values)  # not a trivial fixture


def test_ties_are_broken_by_document_id_descending_as_trec_eval_does():
    qrels = {"q": {"a": 1}}
    run = {"q": {"a": 0.5, "b": 0.5, "c": 0.5, "Z": 0.5}}  # "b", "c" > "a" > "Z": "a" ranks 3rd
    got = score_run(run, qrels, ["RR", "nDCG@10"])["q"]
    assert got == _score_library(run, qrels, ["RR", "nDCG@10"], parse_measures(["RR", "nDCG@10"]))["q"]
    assert got["RR"] == 1 / 3


def test_score_runs_equals_one_score_run_per_run():
    qrels, runs = _fixture(9)
    assert score_runs(runs, qrels, MEASURES) == [score_run(r, qrels, MEASURES) for r in runs]


def test_what_the_rank_path_cannot_take_goes_to_the_library():
    qrels, runs = _fixture(3, n_queries=20)
    run = {q: dict(d) for q, d in runs[0].items()}
    first = next(q for q, d in run.items() if q in qrels and d)
    run[first][next(iter(run[first]))] = float("nan")
    assert _rank_measures(run, {q: [(d, g) for d, g in r.items() if g > 0] for q, r in qrels.items()},
                          ["AP"], [("AP", 0)]) is None  # a NaN score: no own answer
    assert score_run(run, qrels, ["AP"]) == _score_library(run, qrels, ["AP"], parse_measures(["AP"]))
    graded = {q: {d: (-1 if i == 0 else g) for i, (d, g) in enumerate(r.items())} for q, r in qrels.items()}
    assert score_run(runs[0], graded, ["nDCG@10"]) == _score_library(runs[0], graded, ["nDCG@10"],
                                                                      parse_measures(["nDCG@10"]))


def test_long_runs_and_deep_cutoffs_equal_pytrec_eval():
    rng = random.Random(5)
    docs = [f"d{i}" for i in range(3000)]
    qrels = {f"q{q}": {d: rng.choice([1, 2]) for d in rng.sample(docs, 8)} for q in range(12)}
    run = {q: {d: rng.random() for d in rng.sample(docs, 2500)} for q in qrels}  # trec_eval keeps all 2,500
    names = ["nDCG@10", "AP", "R@100", "R@2000", "RR", "nDCG@2000", "P@5"]
    assert score_run(run, qrels, names) == _score_library(run, qrels, names, parse_measures(names))


def _as_arrays(run: dict, docs: list[str], rng: random.Random):
    """A dict run as search arrays (``score_hits``' input): float32 scores, corpus rows, -1 padding,
    each list in a shuffled order (the rank path counts; it does not need the search's order)."""
    import numpy as np

    index = {d: i for i, d in enumerate(docs)}
    qids = list(run)
    width = max([len(d) for d in run.values()] + [1]) + 2
    scores = np.zeros((len(qids), width), dtype=np.float32)
    rows = np.full((len(qids), width), -1, dtype=np.int64)
    for i, q in enumerate(qids):
        items = list(run[q].items())
        rng.shuffle(items)
        for j, (d, s) in enumerate(items):
            scores[i, j], rows[i, j] = s, index[d]
    return qids, scores, rows


@pytest.mark.parametrize("seed", range(4))
def test_score_hits_equals_score_runs_of_the_same_runs_as_dicts(seed):
    import numpy as np

    from robustir.metrics import _own_measure, _rank_arrays, run_from_arrays, score_hits

    qrels, runs = _fixture(seed)
    docs = sorted({d for run in runs for hits in run.values() for d in hits} | {d for r in qrels.values() for d in r})
    runs32 = [{q: {d: float(np.float32(s)) for d, s in hits.items()} for q, hits in run.items()} for run in runs]
    rng = random.Random(seed)
    blocks = [_as_arrays(run, docs, rng) for run in runs32]
    assert score_hits(blocks, docs, qrels, MEASURES) == score_runs(runs32, qrels, MEASURES)
    # a NaN score and a negative gain: the library, through the same dicts
    qids, scores, rows = blocks[0]
    first = next(i for i, q in enumerate(qids) if q in qrels and rows[i, 0] >= 0)
    scores = scores.copy()
    scores[first, 0] = np.nan  # (the library's result with a NaN depends on the run's order: the same dict)
    index = {d: r for r, d in enumerate(docs)}
    relevant = {q: [(d, g) for d, g in r.items() if g > 0] for q, r in qrels.items()}
    assert _rank_arrays(qids, scores, rows, docs, index, relevant, MEASURES,
                        [_own_measure(m) for m in parse_measures(MEASURES)]) is None
    assert score_hits([(qids, scores, rows)], docs, qrels, MEASURES) == score_runs(
        [run_from_arrays(qids, scores, rows, docs)], qrels, MEASURES)
    negative = {q: {d: (-1 if g == 2 else g) for d, g in r.items()} for q, r in qrels.items()}
    assert score_hits(blocks[:1], docs, negative, MEASURES) == score_runs(runs32[:1], negative, MEASURES)


def test_score_hits_keeps_the_last_row_of_a_repeated_query_as_a_dict_run_does():
    import numpy as np

    from robustir.metrics import score_hits

    docs = ["a", "b", "c"]
    qrels = {"q": {"a": 1}}
    scores = np.array([[0.9, 0.5, 0.1], [0.9, 0.5, 0.1]], dtype=np.float32)
    rows = np.array([[0, 1, 2], [1, 0, 2]])
    got = score_hits([(["q", "q"], scores, rows)], docs, qrels, ["RR"])[0]
    assert got == {"q": {"RR": 0.5}}


def test_score_hits_with_a_document_listed_twice_scores_the_dict_run():
    import numpy as np

    from robustir.metrics import run_from_arrays, score_hits

    docs = ["a", "b", "c"]
    qrels = {"q": {"a": 1}, "p": {"c": 1}}
    scores = np.array([[0.9, 0.5, 0.1], [0.9, 0.5, 0.1]], dtype=np.float32)
    rows = np.array([[1, 0, 1], [2, 1, 0]])  # "b" twice in q's row: the dict keeps its last score, 0.1
    got = score_hits([(["q", "p"], scores, rows)], docs, qrels, ["RR", "nDCG@10"])[0]
    assert got == score_runs([run_from_arrays(["q", "p"], scores, rows, docs)], qrels, ["RR", "nDCG@10"])[0]
    assert got["q"]["RR"] == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_queries_with_one_relevant_document_are_scored_as_columns_with_trec_evals_floats(seed, monkeypatch):
    """BoolQ-like qrels (one relevant document per query, graded 1-3), mixed with queries of several: the
    column path (``_single_values``) gives pytrec_eval's floats exactly, at every rank (ties broken by id,
    the relevant document past every cutoff or absent), and serves every one-relevant query."""
    import robustir.metrics as metrics

    qrels, runs = _fixture(seed, n_queries=120)
    rng = random.Random(seed)
    for q in range(0, 120, 3):
        qid = f"q{q}"
        qrels[qid] = {d: 0 for d in qrels[qid]}
        qrels[qid][rng.choice(sorted(qrels[qid]))] = rng.choice([1, 1, 2, 3])
    columns = []
    original = metrics._single_values
    monkeypatch.setattr(metrics, "_single_values", lambda *a: columns.append(len(a[2])) or original(*a))
    parsed = parse_measures(MEASURES)
    for run in runs:
        ref = _score_library(run, qrels, MEASURES, parsed)
        assert score_run(run, qrels, MEASURES) == ref
    ones = {q for q, rel in qrels.items() if sum(g > 0 for g in rel.values()) == 1}
    assert len(ones) >= 40 and columns and max(columns) <= len(ones)


# Canonical names (robustir.metrics._CANONICAL) are known without ir-measures (bench/RESULTS.md,
# section 74): each must be the library's own spelling of the measure, or the rank path would read another one.
CANONICAL = ["nDCG@10", "nDCG@1", "nDCG@1000", "RR@10", "R@100", "R@1", "P@5", "P@20", "Success@10", "AP", "RR"]
NOT_CANONICAL = ["nDCG@010", "R@0", "AP(rel=2)", "nDCG@10(judged_only=True)", "ndcg@10", "MAP", "P@5 ", "Rprec"]


@pytest.mark.parametrize("name", CANONICAL)
def test_a_canonical_name_is_the_library_spelling_of_the_measure_it_names(name):
    import ir_measures

    from robustir.metrics import _CANONICAL

    assert _CANONICAL.fullmatch(name)
    assert str(ir_measures.parse_measure(name)) == name


@pytest.mark.parametrize("name", NOT_CANONICAL)
def test_other_names_are_parsed_by_the_library_as_before(name):
    from robustir.errors import InputError
    from robustir.metrics import _CANONICAL

    assert not _CANONICAL.fullmatch(name)
    qrels = {"q": {"a": 1, "b": 0}}
    run = {"q": {"a": 0.5, "b": 0.7}}
    try:
        parse_measures([name])
    except InputError:  # unknown to the library: the same one-line error as before, from scoring too
        with pytest.raises(InputError, match="unknown measure"):
            score_run(run, qrels, [name])
        return
    assert list(score_run(run, qrels, [name])["q"]) == [name]


def test_the_default_measures_are_scored_without_importing_ir_measures():
    """A fresh process scoring robustir's default measures on the rank path never imports ir-measures
    (nor does it need its objects); a measure the rank path does not take still goes through it."""
    import subprocess
    import sys

    code = ("import sys, numpy as np\n"
            "from robustir.metrics import DEFAULT_MEASURES, SUCCESS_MEASURE, score_hits, score_run\n"
            "qrels = {'q1': {'a': 1}, 'q2': {'b': 2, 'c': 0}}\n"
            "blocks = [(['q1', 'q2'], np.array([[0.9, 0.5], [0.8, 0.1]]), np.array([[0, 1], [2, 1]]))]\n"
            "got = score_hits(blocks, ['a', 'b', 'c'], qrels, [*DEFAULT_MEASURES, SUCCESS_MEASURE])\n"
            "print('before', 'ir_measures' in sys.modules, round(got[0]['q1']['nDCG@10'], 6))\n"
            "score_run({'q1': {'a': 1.0}}, qrels, ['Rprec'])\n"
            "print('after', 'ir_measures' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["before", "False", "1.0", "after", "True"]
