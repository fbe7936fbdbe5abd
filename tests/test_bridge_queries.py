"""Pre-perturbed query files: ``perturb --format beir`` out, ``attack --queries`` / ``evaluate(queries=)`` in."""

from __future__ import annotations

import json

import pytest

import robustir
from robustir.errors import InputError
from robustir.io import sha256_file
from robustir.perturb import perturb_beir, perturb_queries, write_jsonl
from robustir.queryfile import read_query_file
from tests.fakes import BagOfWordsEncoder, toy_benchmark
from tests.test_cli import _tiny_beir, run_cli


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    return tmp_path


class NoEncoding(BagOfWordsEncoder):
    """Fails the test if anything is encoded: bad files must be refused before."""

    def _encode(self, texts):
        raise AssertionError("encoded before the queries file was checked")


def _beir_file(tmp_path, samples=2, seed=5):
    objs = perturb_beir("typo", toy_benchmark(), samples=samples, seed=seed)
    return write_jsonl(tmp_path / "queries.jsonl", objs), objs


def test_beir_file_has_unique_ids_and_provenance_per_line(tmp_path):
    bench = toy_benchmark()
    path, objs = _beir_file(tmp_path)
    rows = perturb_queries("typo", bench, samples=2, seed=5)
    assert len(objs) == len(rows) == 2 * len(bench.queries)
    assert len({o["_id"] for o in objs}) == len(objs)
    for o, r in zip(objs, rows, strict=True):
        meta = o["metadata"]
        assert o["text"] == r["perturbed"]
        assert (meta["query_id"], meta["sample"], meta["original"], meta["edits"], meta["language"]) == (
            r["qid"], r["sample"], r["original"], r["edits"], r["language"])
        assert meta["recipe"]["name"] == "typo" and len(meta["recipe"]["sha256"]) == 64
        assert meta["seed"] == 5 and meta["dataset"]["checksum"] == bench.checksum
    # a BEIR reader (robustir's own) reads it as a queries.jsonl, language from metadata
    from robustir.data.beir import read_queries

    assert [q.text for q in read_queries(path)] == [o["text"] for o in objs]


@pytest.mark.parametrize("fmt", ["beir", "jsonl"])
def test_replaying_a_file_gives_the_recipe_run(tmp_path, fmt):
    """Scoring the perturbed queries from a file equals running the recipe with the same seed."""
    bench = toy_benchmark()
    if fmt == "beir":
        path, _ = _beir_file(tmp_path, samples=2, seed=5)
    else:
        path = write_jsonl(tmp_path / "p.jsonl", perturb_queries("typo", bench, samples=2, seed=5))
    direct = robustir.evaluate(BagOfWordsEncoder(), bench, "typo", samples=2, seed=5, bootstrap_resamples=200)
    replayed = robustir.evaluate(BagOfWordsEncoder(), bench, queries=path, seed=5, bootstrap_resamples=200)
    for a, b in zip(direct.queries, replayed.queries, strict=True):
        assert a["id"] == b["id"] and a["clean"] == b["clean"]
        assert [(s["text"], s["edits"], s["metrics"]) for s in a["attacked"]] == [
            (s["text"], s["edits"], s["metrics"]) for s in b["attacked"]]
    assert direct.data["summary"] == replayed.data["summary"]
    src = replayed.provenance["recipe"]["spec"]["queries_file"]
    assert src["path"] == str(path) and src["sha256"] == sha256_file(path) and src["format"] == fmt
    if fmt == "beir":
        assert replayed.provenance["recipe"]["name"] == "typo"
        assert replayed.provenance["recipe"]["sha256"] == direct.provenance["recipe"]["sha256"]
    else:
        assert replayed.provenance["recipe"]["name"] == "file:p.jsonl"


def test_a_file_covering_some_queries_evaluates_those(tmp_path):
    path, objs = _beir_file(tmp_path)
    keep = [o for o in objs if o["metadata"]["query_id"] in ("q3", "q9")]
    sub = write_jsonl(tmp_path / "sub.jsonl", keep)
    result = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), queries=sub, bootstrap_resamples=200)
    assert [q["id"] for q in result.queries] == ["q3", "q9"]


def _lines(objs):
    return "".join(json.dumps(o) + "\n" for o in objs)


@pytest.mark.parametrize("case, message", [
    ("missing_id", "missing query id"),
    ("unknown_id", "not a judged query of dataset toy"),
    ("bad_json", "bad JSON"),
    ("not_utf8", "not valid UTF-8"),
    ("uneven", "expected 0..1"),
    ("other_data", "differs from dataset toy"),
    ("duplicate", "already given on line"),
    ("empty", "is empty"),
])
def test_bad_files_are_one_line_errors_before_any_encoding(tmp_path, case, message):
    _, objs = _beir_file(tmp_path)
    bad = tmp_path / "bad.jsonl"
    if case == "missing_id":
        del objs[1]["metadata"]["query_id"]
        bad.write_text(_lines(objs))
    elif case == "unknown_id":
        objs[2]["metadata"]["query_id"] = "nope"
        objs[3]["metadata"]["query_id"] = "nope"
        bad.write_text(_lines(objs))
    elif case == "bad_json":
        bad.write_text(_lines(objs) + "{not json\n")
    elif case == "not_utf8":
        bad.write_bytes(_lines(objs).encode() + b'{"_id": "\xff"}\n')
    elif case == "uneven":
        bad.write_text(_lines(objs[:-1]))
    elif case == "other_data":
        objs[0]["metadata"]["original"] = "another question"
        bad.write_text(_lines(objs))
    elif case == "duplicate":
        bad.write_text(_lines(objs + objs[:1]))
    else:
        bad.write_text("\n")
    with pytest.raises(InputError, match=message) as err:
        robustir.evaluate(NoEncoding(), toy_benchmark(), queries=bad)
    assert "\n" not in str(err.value)


def test_recipe_and_queries_are_exclusive(tmp_path):
    path, _ = _beir_file(tmp_path)
    with pytest.raises(InputError, match="not both"):
        robustir.evaluate(NoEncoding(), toy_benchmark(), "typo", queries=path)
    with pytest.raises(InputError, match="--samples does not apply"):
        robustir.evaluate(NoEncoding(), toy_benchmark(), queries=path, samples=3)


def test_reader_keeps_validity_fields(tmp_path):
    _, objs = _beir_file(tmp_path)
    objs[0]["metadata"].update(valid=False, failed="similarity", similarity=0.5)
    path = tmp_path / "v.jsonl"
    path.write_text(_lines(objs))
    qf = read_query_file(path)
    first = qf.samples[objs[0]["metadata"]["query_id"]][0]
    assert (first["valid"], first["failed"], first["similarity"]) == (False, "similarity", 0.5)


def test_cli_perturb_beir_and_attack_queries_errors(tmp_path):
    beir = _tiny_beir(tmp_path)
    out = tmp_path / "q.jsonl"
    res = run_cli("perturb", "--recipe", "typo", "--dataset", str(beir), "--samples", "2", "--format", "beir",
                  "--output", str(out), tmp_home=tmp_path)
    assert res.returncode == 0, res.stderr
    objs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [o["_id"] for o in objs] == ["q0::0", "q0::1"]
    for o in objs:
        o["metadata"]["query_id"] = "q7"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_lines(objs))
    res = run_cli("attack", "--queries", str(bad), "--dataset", str(beir), tmp_home=tmp_path)
    assert res.returncode == 2 and "q7" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = run_cli("attack", "--dataset", str(beir), tmp_home=tmp_path)
    assert res.returncode == 2 and "--queries" in res.stderr
