"""Per-query metrics written by robustir equal trec_eval's (pytrec_eval-terrier) on the same run, to 1e-6.

The run goes through robustir's own TREC files (write_trec_run / write_trec_qrels
and back), so the check covers the files users feed to trec_eval too. Queries with
an empty run (or none) are scored 0 by robustir; trec_eval skips them, which is
exactly why robustir scores them itself.
"""

from __future__ import annotations

import numpy as np
import pytest

pytrec_eval = pytest.importorskip("pytrec_eval")

from robustir.metrics import score_run  # noqa: E402 - only once pytrec_eval is known to be there
from robustir.report.trec import (  # noqa: E402 - only once pytrec_eval is known to be there
    read_trec_qrels,
    read_trec_run,
    write_trec_qrels,
    write_trec_run,
)

MEASURES = ["nDCG@10", "RR@10", "R@100", "AP", "P@5", "Success@10"]


def _fixture(seed: int = 0, ties: bool = True):
    rng = np.random.default_rng(seed)
    docs = [f"d{i}" for i in range(300)]
    qrels, run = {}, {}
    for q in range(60):
        qid = f"q{q}"
        rel = rng.choice(len(docs), size=int(rng.integers(1, 6)), replace=False)
        qrels[qid] = {docs[j]: int(rng.integers(1, 3)) for j in rel}  # graded relevance 1-2
        if q % 3 == 0:
            qrels[qid][docs[int(rng.integers(0, 300))]] = 0  # judged non-relevant
        if q % 10 == 7:
            run[qid] = []  # empty run
            continue
        if q % 10 == 9:
            continue  # no run at all
        ranked = rng.choice(len(docs), size=int(rng.integers(5, 150)), replace=False)
        scores = rng.normal(size=ranked.size)
        if ties:
            scores = np.round(scores, 1)  # many exact ties (duplicate passages give them in real corpora)
        if q % 4 == 0:  # put relevant documents near the top now and then
            scores[: min(3, ranked.size)] += 5
            ranked[: min(3, ranked.size)] = rel[: min(3, ranked.size)] if rel.size >= 3 else ranked[:3]
            _, first = np.unique(ranked, return_index=True)
            keep = np.sort(first)
            ranked, scores = ranked[keep], scores[keep]
        run[qid] = [(docs[j], float(s)) for j, s in zip(ranked, scores, strict=False)]
    run["not-judged"] = [("d1", 1.0)]
    return qrels, run


def _trec_eval(qrels, run):
    ev = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "map", "recall.100", "P.5", "success.10"})
    res = ev.evaluate({q: d for q, d in run.items() if d})
    # RR@10 is reciprocal rank on the top 10 in trec_eval's order (score desc, then docid desc).
    top10 = {q: dict(sorted(d.items(), key=lambda x: (x[1], x[0]), reverse=True)[:10]) for q, d in run.items() if d}
    rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(top10)
    out = {}
    for q, m in res.items():
        out[q] = {"nDCG@10": m["ndcg_cut_10"], "AP": m["map"], "R@100": m["recall_100"], "P@5": m["P_5"],
                  "Success@10": m["success_10"], "RR@10": rr[q]["recip_rank"]}
    return out


def _compare(tmp_path, ties: bool, measures: list[str]) -> None:
    qrels, run = _fixture(ties=ties)
    write_trec_run(tmp_path / "run.txt", run, "test")
    write_trec_qrels(tmp_path / "qrels.txt", qrels)
    file_run = read_trec_run(tmp_path / "run.txt")
    file_qrels = read_trec_qrels(tmp_path / "qrels.txt")
    assert file_qrels == qrels
    for q, docs in run.items():  # scores survive the file exactly
        assert file_run.get(q, {}) == dict(docs)

    ours = score_run(file_run, file_qrels, MEASURES)
    ref = _trec_eval(file_qrels, file_run)
    assert set(ours) == set(qrels)  # every judged query, none dropped, unjudged ignored
    compared = 0
    for q in qrels:
        for m in measures:
            expected = ref[q][m] if q in ref else 0.0
            assert ours[q][m] == pytest.approx(expected, abs=1e-6), (q, m)
            compared += 1
    assert compared == 60 * len(measures)
    assert any(q not in ref for q in qrels)  # empty and missing runs were exercised
    assert any(0 < ref[q]["nDCG@10"] < 1 for q in ref)  # and non-trivial values


def test_score_run_matches_trec_eval_without_ties(tmp_path):
    _compare(tmp_path, ties=False, measures=MEASURES)


def test_score_run_matches_trec_eval_with_ties(tmp_path):
    _compare(tmp_path, ties=True, measures=MEASURES)


def test_rr_at_10_matches_trec_eval_with_ties(tmp_path):
    # ir-measures alone gives RR@10 with msmarco's tie order; score_run must give trec_eval's.
    _compare(tmp_path, ties=True, measures=["RR@10"])


def test_run_file_lines_are_in_trec_eval_order(tmp_path):
    write_trec_run(tmp_path / "r.txt", {"q1": [("a", 1.0), ("c", 2.0), ("b", 1.0)], "q2": []}, "tag")
    lines = (tmp_path / "r.txt").read_text().splitlines()
    assert lines == ["q1 Q0 c 1 2.0 tag", "q1 Q0 b 2 1.0 tag", "q1 Q0 a 3 1.0 tag"]


@pytest.mark.parametrize("run, needle", [
    ({"q 1": [("d", 1.0)]}, "whitespace"),
    ({"q1": [("d", float("nan"))]}, "finite"),
    ({"q1": [("d", 1.0), ("d", 0.5)]}, "twice"),
])
def test_bad_runs_are_refused(tmp_path, run, needle):
    from robustir.errors import InputError

    with pytest.raises(InputError, match=needle):
        write_trec_run(tmp_path / "r.txt", run, "tag")
    assert not (tmp_path / "r.txt").exists()


def test_malformed_files_name_the_line(tmp_path):
    from robustir.errors import InputError

    (tmp_path / "r.txt").write_text("q1 Q0 d1 1 0.5 tag\nq1 Q0 d2 2\n")
    with pytest.raises(InputError, match=r"r.txt:2"):
        read_trec_run(tmp_path / "r.txt")
    (tmp_path / "q.txt").write_text("q1 0 d1 x\n")
    with pytest.raises(InputError, match=r"q.txt:1"):
        read_trec_qrels(tmp_path / "q.txt")
