"""The evaluation pipeline end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest

import robustir
from robustir.data.benchmark import Benchmark, Document
from robustir.errors import InputError
from tests.fakes import BagOfWordsEncoder, toy_benchmark


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    return tmp_path


def test_same_seed_gives_byte_identical_result_files(home):
    paths = []
    for i in range(2):
        result = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=3, seed=7,
                                   bootstrap_resamples=500)
        paths.append(result.save(home / f"r{i}.json"))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    other = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=3, seed=8,
                              bootstrap_resamples=500)
    texts = lambda r: [a["text"] for q in r["queries"] for a in q["attacked"]]  # noqa: E731
    assert texts(other.data) != texts(json.loads(paths[0].read_text()))


def test_result_holds_every_query_sample_and_provenance(home):
    bench = toy_benchmark()
    result = robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=2, seed=0, bootstrap_resamples=500)
    d = result.to_dict()
    assert d["schema"] == "robustir.result/1"
    assert [q["id"] for q in d["queries"]] == [q.id for q in bench.queries]
    for q in d["queries"]:
        assert len(q["attacked"]) == 2
        assert set(q["clean"]) >= {"nDCG@10", "RR@10", "R@100", "AP"}
        for a in q["attacked"]:
            assert a["text"] != q["text"] or not a["edits"]
    prov = d["provenance"]
    assert prov["dataset"]["checksum"] == bench.checksum
    assert prov["model"]["fingerprint"] == BagOfWordsEncoder().fingerprint
    assert prov["recipe"]["name"] == "typo" and len(prov["recipe"]["sha256"]) == 64
    assert prov["seed"] == 0 and "numpy" in prov["versions"]
    s = d["summary"]["nDCG@10"]
    clean = np.mean([q["clean"]["nDCG@10"] for q in d["queries"]])
    attacked = np.mean([np.mean([a["metrics"]["nDCG@10"] for a in q["attacked"]]) for q in d["queries"]])
    assert s["clean"]["mean"] == pytest.approx(clean)
    assert s["attacked"]["mean"] == pytest.approx(attacked)
    assert s["degradation"]["mean"] == pytest.approx(clean - attacked)
    assert "nDCG@10" in result.summary()


def test_runs_dir_writes_trec_files_that_rescore_to_the_same_metrics(home):
    from robustir.metrics import score_run
    from robustir.report.trec import read_trec_run

    result = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=1, seed=0,
                               runs_dir=home / "runs", bootstrap_resamples=200)
    bench = toy_benchmark()
    clean = score_run(read_trec_run(home / "runs" / "clean.run"), bench.qrels)
    for q in result.queries:
        assert clean[q["id"]]["nDCG@10"] == pytest.approx(q["clean"]["nDCG@10"], abs=1e-9)


def test_limit_and_samples_are_validated(home):
    with pytest.raises(InputError, match="limit"):
        robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", limit=0)
    with pytest.raises(InputError, match="samples"):
        robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=0)


def test_adversarial_recipe_degrades_more_than_random_at_equal_budget(home):
    bench = toy_benchmark(n_docs=45)
    # The recipes protect numbers, so each query's number always matches its document: a typo can
    # only hurt through hash collisions of the bag of words. 128 buckets leave collisions to find for
    # the script-aware typo's candidates (no first-letter or random-letter substitutions); 512 do not.
    rnd = robustir.evaluate(BagOfWordsEncoder(dim=128), bench, "typo", samples=1, seed=0, bootstrap_resamples=200)
    adv = robustir.evaluate(BagOfWordsEncoder(dim=128), bench, "typo-adv", samples=1, seed=0,
                            bootstrap_resamples=200)
    assert (
        adv.data["summary"]["nDCG@10"]["degradation"]["mean"] >= rnd.data["summary"]["nDCG@10"]["degradation"]["mean"]
    )
    assert adv.data["summary"]["nDCG@10"]["degradation"]["mean"] > 0


@pytest.mark.slow
def test_me5_small_clean_ndcg_matches_an_independent_computation(home, monkeypatch):
    """robustir's clean nDCG@10 of me5-small on a BoolQ subset equals sentence-transformers
    encode + numpy cosine + ir-measures, to 1e-4."""
    monkeypatch.delenv("ROBUSTIR_HOME")  # the real resource cache
    import ir_measures

    from robustir.data import load_benchmark
    from robustir.models import load_encoder

    full = load_benchmark("boolq")
    queries = full.queries[:40]
    keep = {d for q in queries for d in full.qrels[q.id]}
    corpus = [d for d in full.corpus if d.id in keep] + [d for d in full.corpus if d.id not in keep][:260]
    bench = Benchmark(
        name="boolq-subset", corpus=corpus, queries=queries, qrels={q.id: full.qrels[q.id] for q in queries}
    )
    enc = load_encoder("me5-small")
    result = robustir.evaluate(enc, bench, "typo", samples=1, seed=0, cache_dir=home / "emb",
                               bootstrap_resamples=200)

    st = enc.model
    docs = st.encode([f"{d.title} {d.text}" for d in corpus], prompt="passage: ", normalize_embeddings=True)
    qv = st.encode([q.text for q in queries], prompt="query: ", normalize_embeddings=True)
    sims = qv @ docs.T
    run = {q.id: {corpus[j].id: float(sims[i, j]) for j in np.argsort(-sims[i])[:100]} for i, q in enumerate(queries)}
    expected = {m.query_id: m.value for m in ir_measures.iter_calc([ir_measures.nDCG @ 10], bench.qrels, run)}
    for q in result.queries:
        assert q["clean"]["nDCG@10"] == pytest.approx(expected.get(q["id"], 0.0), abs=1e-4)
    assert result.data["summary"]["nDCG@10"]["clean"]["mean"] == pytest.approx(
        np.mean([expected.get(q.id, 0.0) for q in queries]), abs=1e-4)


def test_api_name_stays_the_function_after_the_pipeline_module_is_imported():
    import robustir.evaluation

    assert robustir.evaluate is robustir.evaluation.evaluate


def test_trained_model_strategy_reaches_the_provenance(home, tiny_model_dir, tmp_path):
    import shutil

    from robustir.models import load_encoder
    from robustir.train.card import METADATA_FILE, METADATA_SCHEMA

    folder = tmp_path / "hybrid"
    shutil.copytree(tiny_model_dir, folder)
    (folder / METADATA_FILE).write_text(json.dumps({"schema": METADATA_SCHEMA, "strategy": "hybrid", "alpha": 0.5,
                                                    "base": {"name": "tiny"}}))
    enc = load_encoder(folder)
    assert (enc.strategy, enc.alpha, enc.base) == ("hybrid", 0.5, "tiny")
    result = robustir.evaluate(enc, toy_benchmark(), "typo", samples=1, seed=0, bootstrap_resamples=200)
    model = result.provenance["model"]
    assert (model["strategy"], model["alpha"], model["base"]) == ("hybrid", 0.5, "tiny")
    assert not hasattr(load_encoder(tiny_model_dir), "strategy")


def test_the_attack_receives_the_collection_titles(home, monkeypatch):
    """codeswitch-adv locks the collection's title phrases in lower-case queries: the evaluation
    hands every document title, and every passage (how the corpus writes a run of words:
    attacks.lex.casing), to the perturbation before any query is perturbed."""
    from robustir.attacks.base import Perturbation

    seen: list = []
    texts: list = []
    monkeypatch.setattr(Perturbation, "use_collection_names",
                        lambda self, names, passages=(): (seen.append(names), texts.append(passages)))
    bench = toy_benchmark()
    robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=1, seed=0, bootstrap_resamples=50)
    assert [list(n) for n in seen] == [[d.title for d in bench.corpus]]
    assert [list(t) for t in texts] == [[d.text for d in bench.corpus]]
    # the titles are gathered once per corpus (not a pass over every passage per evaluation) and again
    # when a document changes
    robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=1, seed=0, bootstrap_resamples=50, limit=2)
    assert seen[1] is seen[0] and texts[1] is texts[0]
    bench.corpus[3] = Document(bench.corpus[3].id, "A new title", bench.corpus[3].text)
    robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=1, seed=0, bootstrap_resamples=50, limit=2)
    assert list(seen[2]) == [d.title for d in bench.corpus] and "A new title" in seen[2]
