"""The typed core: results read into records and written back byte for byte; accessors; two-phase evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robustir.errors import InputError
from robustir.io import atomic_write_json
from robustir.result import Result, load_result
from robustir.schema import Provenance, QueryResult, ResultRecord, as_record

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "results").glob("*.json"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_round_trips_byte_for_byte(path, tmp_path):
    data = json.loads(path.read_text(encoding="utf-8"))
    result = load_result(path)
    assert result.to_dict() == data
    assert list(result.to_dict()) == list(data)  # same keys, same order
    assert [list(q) for q in result.to_dict()["queries"]] == [list(q) for q in data["queries"]]
    out = result.save(tmp_path / path.name)
    assert out.read_bytes() == path.read_bytes()


def test_unknown_and_missing_keys_survive_a_round_trip(tmp_path):
    data = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    data["from_the_future"] = {"x": 1}
    data["provenance"]["new_field"] = [1, 2]
    data["provenance"].pop("limit")
    data["queries"][0]["note"] = "kept"
    data["queries"][1].pop("relevant")
    result = Result.from_dict(data)
    assert result.to_dict() == data
    assert "limit" not in result.provenance.to_dict() and result.provenance.limit is None
    assert result.extra == {"from_the_future": {"x": 1}} and result.queries[0].extra == {"note": "kept"}
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    atomic_write_json(a, data)
    result.save(b)
    assert a.read_bytes() == b.read_bytes()


def test_empty_objects_stay_empty():
    assert Provenance.from_dict({}).to_dict() == {}
    assert QueryResult.from_dict({}).to_dict() == {}
    built = Provenance(model={"name": "m"}, dataset={"name": "d"}, recipe={"name": "r"}, seed=0, samples=1,
                       limit=None, k=10)
    assert list(built.to_dict()) == ["model", "dataset", "recipe", "seed", "samples", "limit", "k"]


def test_accessors_read_what_the_json_holds():
    data = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    r = Result.from_dict(data)
    p = data["provenance"]
    assert isinstance(r.provenance, Provenance) and all(isinstance(q, QueryResult) for q in r.queries)
    assert r.provenance.model_name == p["model"]["name"]
    assert r.provenance.dataset_checksum == p["dataset"]["checksum"]
    assert r.provenance.recipe_sha256 == p["recipe"]["sha256"]
    assert r.provenance.rate == p["recipe"]["spec"]["perturbation"]["rate"]
    m = data["measures"][0]
    assert r.summary_of(m) == data["summary"][m]
    qids, clean, attacked = r.per_query(m)
    assert qids == [str(q["id"]) for q in data["queries"]]
    assert list(clean) == [q["clean"][m] for q in data["queries"]]
    assert attacked.shape == (len(qids), len(data["queries"][0]["attacked"]))
    assert r.identity()["recipe.sha256"] == p["recipe"]["sha256"] and r.identity()["measures"] == data["measures"]
    assert "cost" not in r.without_cost()


def test_as_record_checks_json_and_passes_records_through():
    data = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    rec = as_record(data)
    assert isinstance(rec, ResultRecord) and as_record(rec) is rec
    bad = dict(data)
    bad.pop("summary")
    with pytest.raises(InputError, match="my file is incomplete"):
        as_record(bad, "my file")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    return tmp_path


def test_prepare_resolves_before_run_and_run_matches_evaluate(home):
    import robustir
    from robustir.evaluation import prepare
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    ev = prepare(BagOfWordsEncoder(), toy_benchmark(), "typo", seed=1, limit=5, bootstrap_resamples=200,
                 build_attack=False)
    assert len(ev.bench.queries) == 5 and ev.samples >= 1 and ev.attack is None
    identity = ev.identity()
    result = ev.run()
    assert ev.attack is not None  # built when first needed
    assert result.identity() == identity  # what a study checks a cell file against
    direct = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", seed=1, limit=5,
                               bootstrap_resamples=200)
    assert result.without_cost() == direct.without_cost()


def test_prepare_refuses_bad_input_before_any_work(home):
    from robustir.evaluation import prepare
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    with pytest.raises(InputError):
        prepare(BagOfWordsEncoder(), toy_benchmark(), "typo", k=0)
    with pytest.raises(InputError, match="surrogate"):
        prepare(BagOfWordsEncoder(), toy_benchmark(), "typo", surrogate=BagOfWordsEncoder(dim=64))
    with pytest.raises(InputError, match="without a model"):
        prepare(None, toy_benchmark(), "typo").run()
