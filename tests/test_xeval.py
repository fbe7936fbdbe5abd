"""Multilingual evaluation: ranks, AP, language bias and Max@R on constructed vectors; a tiny-model run."""

from __future__ import annotations

import numpy as np
import pytest

from robustir import xeval
from robustir.errors import InputError


def test_ranks_and_average_precision():
    scores = np.array([[0.9, 0.1, 0.5, 0.7], [0.2, 0.3, 0.4, 0.1]])
    ranks = xeval.ranks_of(scores, np.array([[2, 0], [3, 1]]))
    assert ranks.tolist() == [[3, 1], [4, 2]]
    ap = xeval.average_precision(ranks)
    assert ap[0] == pytest.approx((1 / 1 + 2 / 3) / 2) and ap[1] == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert xeval.average_precision(np.array([[1, 1]]))[0] == pytest.approx(1.0)  # ties spread, AP <= 1


def synthetic(n_q: int = 30, langs=("en", "de", "zh"), seed: int = 0):
    """Candidates: one answer per question per language plus distractors (shuffled positions)."""
    rng = np.random.default_rng(seed)
    cands, answers = {}, {}
    for lg in langs:
        n_c = n_q + 10
        perm = rng.permutation(n_c)
        answers[lg] = perm[:n_q]
        cands[lg] = [f"{lg}-c{i}" for i in range(n_c)]
    data = xeval.EvalData(langs=tuple(langs), split="test", qids=[f"q{i}" for i in range(n_q)],
                          questions={lg: [f"{lg}-q{i}" for i in range(n_q)] for lg in langs},
                          candidates=cands, candidate_ids=cands, answers=answers, checksum="x", articles=["a"])
    return data


def oracle_vectors(data, lang_shift: float = 0.0, dim: int = 64, seed: int = 0):
    """Question i and its answers share a direction; ``lang_shift`` adds a language-specific component."""
    rng = np.random.default_rng(seed)
    n_q = len(data.qids)
    base = rng.normal(size=(n_q + 50, dim))
    lang_dir = {lg: rng.normal(size=dim) for lg in data.langs}
    qv, cv = {}, {}
    for lg in data.langs:
        q = base[:n_q] + lang_shift * lang_dir[lg]
        c = np.empty((len(data.candidates[lg]), dim))
        others = [i for i in range(len(c)) if i not in set(data.answers[lg].tolist())]
        c[data.answers[lg]] = base[:n_q] + lang_shift * lang_dir[lg]
        c[others] = base[n_q:n_q + len(others)] + lang_shift * lang_dir[lg]
        qv[lg] = (q / np.linalg.norm(q, axis=1, keepdims=True)).astype(np.float32)
        cv[lg] = (c / np.linalg.norm(c, axis=1, keepdims=True)).astype(np.float32)
    return qv, cv


def test_perfect_encoder_scores_one_and_minimal_bias():
    data = synthetic()
    qv, cv = oracle_vectors(data)
    res = xeval.score_settings(data, qv, cv, seed=0, n_resamples=500)
    assert res["mono"]["map"]["mean"] == pytest.approx(1.0)
    assert res["cross"]["map"]["mean"] == pytest.approx(1.0)
    assert res["multi"]["map"]["mean"] == pytest.approx(1.0)
    # the 3 parallel answers are identical vectors: tied at rank 1 -> bias 0, Max@R 1
    assert res["multi"]["language_bias"]["mean"] == 0 and res["multi"]["max_at_r"]["mean"] == 1
    assert set(res["cross"]["per_pair"]) == {"en-de", "en-zh", "de-en", "de-zh", "zh-en", "zh-de"}
    assert res["multi"]["pool"] == 3 * 40


def test_language_preference_shows_as_bias():
    data = synthetic()
    qv, cv = oracle_vectors(data, lang_shift=1.5)
    res = xeval.score_settings(data, qv, cv, seed=0, n_resamples=500)
    assert res["mono"]["map"]["mean"] > 0.95
    assert res["multi"]["language_bias"]["mean"] > 5  # same-language candidates crowd the others out
    assert res["multi"]["map"]["mean"] < res["mono"]["map"]["mean"]
    assert res["multi"]["max_at_r"]["mean"] >= res["multi"]["language_bias"]["mean"] + 1
    lo, hi = res["multi"]["map"]["low"], res["multi"]["map"]["high"]
    assert lo <= res["multi"]["map"]["mean"] <= hi
    again = xeval.score_settings(data, qv, cv, seed=0, n_resamples=500)
    assert again == res


def test_bad_settings():
    data = synthetic(langs=("en",))
    qv, cv = oracle_vectors(data)
    with pytest.raises(InputError):
        xeval.score_settings(data, qv, cv, ["bogus"])
    with pytest.raises(InputError, match="two languages"):
        xeval.score_settings(data, qv, cv, ["cross"])
    assert xeval.score_settings(data, qv, cv, ["mono"], n_resamples=200)["mono"]["map"]["mean"] == 1.0


def test_tiny_model_on_real_data(tiny_model_dir, shared_data):
    data = xeval.build_eval_data(None, ["en", "de"], limit=20)
    assert len(data.qids) == 20
    assert all(0 <= a < len(data.candidates["de"]) for a in data.answers["de"])
    enc = xeval.load_model(str(tiny_model_dir))
    res = xeval.evaluate(enc, data, spec=str(tiny_model_dir), n_resamples=200)
    assert res["provenance"]["dataset"]["split"] == "test" and res["provenance"]["model"]["fingerprint"]
    for s in ("mono", "cross", "multi"):
        m = res["settings"][s]["map"]
        assert 0 < m["mean"] < 1 and m["low"] <= m["mean"] <= m["high"]
        assert np.mean(res["per_question"][s]) == pytest.approx(m["mean"], abs=1e-5)
    assert res["per_question"]["qids"] == data.qids
    with pytest.raises(InputError):
        xeval.build_eval_data(None, ["en"], split="nope")


def partial(data, drop: dict[str, list[int]]):
    """``data`` with questions ``drop[lang]`` missing from ``lang`` (as in MLQA-R: 2-4 languages each)."""
    qindex, questions, answers = {}, {}, {}
    for lg in data.langs:
        keep = np.array([i for i in range(len(data.qids)) if i not in set(drop.get(lg, []))], dtype=np.int64)
        qindex[lg] = keep
        questions[lg] = [data.questions[lg][i] for i in keep]
        answers[lg] = np.asarray(data.answers[lg])[keep]
    return xeval.EvalData(langs=data.langs, split="dev", qids=data.qids, questions=questions,
                          candidates=data.candidates, candidate_ids=data.candidate_ids, answers=answers,
                          checksum="x", articles=[], dataset="mlqa-r", qindex=qindex)


def test_partial_languages_agree_with_the_parallel_path_when_nothing_is_missing():
    data = synthetic()
    qv, cv = oracle_vectors(data, lang_shift=1.0)
    full = xeval.score_settings(data, qv, cv, seed=0, n_resamples=300)
    same = xeval.score_settings(partial(data, {}), qv, cv, seed=0, n_resamples=300)
    for s in ("mono", "cross", "multi"):
        assert same[s]["map"]["mean"] == pytest.approx(full[s]["map"]["mean"], abs=1e-12)
        assert same[s]["map_over_queries"] == pytest.approx(full[s]["map"]["mean"], abs=1e-12)
    for k in ("language_bias", "max_at_r"):
        assert same["multi"][k]["mean"] == pytest.approx(full["multi"][k]["mean"], abs=1e-9)
    assert same["per_question"]["multi"] == pytest.approx(full["per_question"]["multi"], abs=1e-6)


def test_partial_languages_relevant_only_where_the_question_exists():
    data = synthetic(n_q=12)
    drop = {"de": [0, 1, 2, 3], "zh": [4, 5]}
    pdata = partial(data, drop)
    qv = {lg: v[pdata.qindex[lg]] for lg, v in oracle_vectors(data)[0].items()}
    cv = oracle_vectors(data)[1]
    res = xeval.score_settings(pdata, qv, cv, seed=0, n_resamples=300)
    for s in ("mono", "cross", "multi"):
        assert res[s]["map"]["mean"] == pytest.approx(1.0)
    assert res["multi"]["relevant_per_query"] == {"2": 6, "3": 6}
    assert res["multi"]["queries"] == 12 + 8 + 10 and res["multi"]["language_bias"]["mean"] == 0
    assert "de-zh" in res["cross"]["per_pair"] and res["cross"]["queries"]["de-zh"] == 12 - 4 - 2
    # a question missing from the candidate language: its absent answer must not count as relevant
    qv_bad = {lg: v.copy() for lg, v in qv.items()}
    cv_bad = {lg: v.copy() for lg, v in cv.items()}
    cv_bad["de"][np.asarray(data.answers["de"])[0]] = -cv_bad["de"][np.asarray(data.answers["de"])[0]]
    assert xeval.score_settings(pdata, qv_bad, cv_bad, ["multi"], n_resamples=300)["multi"]["map"]["mean"] == \
        pytest.approx(1.0)  # question 0 does not exist in de, so de's sentence for it is a distractor


def test_limit_is_balanced_not_file_order(shared_data):
    data = xeval.build_eval_data(None, ["en", "de"], limit=20)
    full = xeval.build_eval_data(None, ["en", "de"])
    assert len(data.qids) == 20 and data.qids != full.qids[:20] and set(data.qids) <= set(full.qids)
    assert data.qids == xeval.build_eval_data(None, ["en", "de"], limit=20).qids


def test_mlqa_r_eval_data_and_cli(shared_data, tiny_model_dir, tmp_path):
    data = xeval.build_eval_data(None, ["de", "es", "zh"], split=None, limit=30, dataset="mlqa-r")
    assert data.dataset == "mlqa-r" and len(data.qids) == 30
    assert sum(len(data.candidates[lg]) for lg in data.langs) == 2362 + 1787 + 2322
    assert all(len(data.questions[lg]) == len(data.rows(lg)) == len(data.answers[lg]) for lg in data.langs)
    assert all(sum(q in set(np.asarray(data.qids)[data.rows(lg)]) for lg in data.langs) >= 2 for q in data.qids)
    with pytest.raises(InputError, match="no test split"):
        xeval.build_eval_data(None, None, split="test", dataset="mlqa-r")
    from typer.testing import CliRunner

    from robustir.cli import app

    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["evaluate", "-m", str(tiny_model_dir), "--dataset", "mlqa-r", "--langs",
                                   "de,es,zh", "--limit", "30", "--resamples", "200", "-o", str(out)])
    assert res.exit_code == 0, res.output
    import json

    r = json.loads(out.read_text())
    assert r["provenance"]["dataset"]["name"] == "mlqa-r" and r["provenance"]["dataset"]["zero_shot"]
    assert r["settings"]["multi"]["pool"] == 2362 + 1787 + 2322
    assert set(r["settings"]["multi"]["relevant_per_query"]) <= {"2", "3"}
    assert "MLQA-R" in res.output
