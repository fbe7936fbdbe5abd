"""Datasets from ir_datasets ids (irds:...) and from MTEB/Hugging Face folders and caches (hf:...), offline."""

from __future__ import annotations

import json
import sys
import types
from collections import namedtuple
from pathlib import Path

import pytest

from robustir.data import DatasetMissing, list_datasets, load_benchmark
from robustir.errors import InputError

CORPUS = [{"_id": "d1", "title": "Stocks", "text": "buy low sell high"},
          {"_id": "d2", "title": "", "text": "bonds pay coupons"},
          {"_id": "d3", "title": "Tax", "text": "capital gains tax"}]
QUERIES = [{"_id": "q1", "text": "how do stocks work"}, {"_id": "q2", "text": "what is a coupon"},
           {"_id": "q3", "text": "unjudged question"}]
QRELS = {"test": [("q1", "d1", 1), ("q2", "d2", 2)], "dev": [("q1", "d3", 1)]}


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _write_parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


def mteb_folder(root: Path, fmt: str = "parquet") -> Path:
    """The MTEB per-config layout: corpus/, queries/, default/ (qrels) with one file per split."""
    write = _write_parquet if fmt == "parquet" else _write_jsonl
    write(root / "corpus" / f"corpus-00000-of-00001.{fmt}", CORPUS)
    write(root / "queries" / f"queries-00000-of-00001.{fmt}", QUERIES)
    for split, rows in QRELS.items():
        write(root / "default" / f"{split}-00000-of-00001.{fmt}",
              [{"query-id": q, "corpus-id": d, "score": s} for q, d, s in rows])
    return root


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_mteb_folder_loads_as_hf_spec_and_as_a_path(tmp_path, fmt):
    root = mteb_folder(tmp_path / "tiny-fiqa", fmt)
    bench = load_benchmark(f"hf:{root}")
    assert bench.name == f"hf:{root}"
    assert [d.id for d in bench.corpus] == ["d1", "d2", "d3"] and bench.corpus[0].title == "Stocks"
    assert [q.id for q in bench.queries] == ["q1", "q2"]  # unjudged q3 dropped (BEIR convention)
    assert bench.qrels == {"q1": {"d1": 1}, "q2": {"d2": 2}}
    dev = load_benchmark(f"hf:{root}:dev")
    assert dev.qrels == {"q1": {"d3": 1}} and dev.name.endswith(":dev")
    assert load_benchmark(str(root)).checksum == bench.checksum  # a plain path works too


def test_mteb_folder_errors_are_one_line(tmp_path):
    root = mteb_folder(tmp_path / "t")
    with pytest.raises(InputError, match="no judgements for split 'train'.*available: dev, test"):
        load_benchmark(f"hf:{root}:train")
    _write_parquet(root / "corpus" / "corpus-00000-of-00001.parquet", [{"title": "no id", "text": "x"}])
    with pytest.raises(InputError, match="no '_id' or 'id' field"):
        load_benchmark(f"hf:{root}")
    _write_parquet(root / "corpus" / "corpus-00000-of-00001.parquet", CORPUS[:1])
    with pytest.raises(InputError, match="not in the corpus"):  # judgement for d2, which is gone
        load_benchmark(f"hf:{root}")


def _fake_hub_cache(cache: Path, repo: str) -> Path:
    """What huggingface-cli download leaves: refs/main naming a snapshot folder with the files."""
    base = cache / f"datasets--{repo.replace('/', '--')}"
    commit = "0" * 40
    (base / "refs").mkdir(parents=True)
    (base / "refs" / "main").write_text(commit)
    return mteb_folder(base / "snapshots" / commit)


def test_hf_repo_id_is_read_from_the_local_hub_cache_offline(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    _fake_hub_cache(tmp_path / "hub", "mteb/tiny")
    bench = load_benchmark("hf:mteb/tiny")
    assert bench.name == "hf:mteb/tiny" and [q.id for q in bench.queries] == ["q1", "q2"]
    assert load_benchmark("hf:mteb/tiny:dev").qrels == {"q1": {"d3": 1}}


def test_hf_repo_not_cached_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setitem(sys.modules, "datasets", None)  # not installed: the message says so
    monkeypatch.setattr("robustir.data.hf.datasets_available", lambda: False)
    with pytest.raises(DatasetMissing) as err:
        load_benchmark("hf:mteb/absent")
    msg = str(err.value)
    assert "\n" not in msg and "huggingface-cli download --repo-type dataset mteb/absent" in msg
    assert "pip install datasets" in msg


def test_hf_repo_falls_back_to_the_datasets_cache(tmp_path, monkeypatch):
    """A fake ``datasets`` whose load_dataset serves the three MTEB configs (as its arrow cache would)."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    calls = []

    def load_dataset(repo, config):
        calls.append((repo, config))
        if repo != "mteb/tiny":
            raise FileNotFoundError("not cached")
        if config == "corpus":
            return {"corpus": CORPUS}
        if config == "queries":
            return {"queries": QUERIES}
        return {s: [{"query-id": q, "corpus-id": d, "score": g} for q, d, g in rows] for s, rows in QRELS.items()}

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))
    monkeypatch.setattr("robustir.data.hf.datasets_available", lambda: True)
    bench = load_benchmark("hf:mteb/tiny")
    assert bench.qrels == {"q1": {"d1": 1}, "q2": {"d2": 2}} and ("mteb/tiny", "corpus") in calls
    with pytest.raises(DatasetMissing, match="not in the local Hugging Face cache"):
        load_benchmark("hf:mteb/other")


# --------------------------------------------------------------------------- ir_datasets

Doc = namedtuple("Doc", ["doc_id", "text", "title"])
Qry = namedtuple("Qry", ["query_id", "text"])
Qrel = namedtuple("Qrel", ["query_id", "doc_id", "relevance", "iteration"])


class FakeIrdsDataset:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail

    def docs_iter(self):
        if self.fail:
            raise ConnectionError("could not reach the download server")
        return iter(Doc(d["_id"], d["text"], d["title"]) for d in CORPUS)

    def queries_iter(self):
        return iter(Qry(q["_id"], q["text"]) for q in QUERIES)

    def qrels_iter(self):
        return iter(Qrel(q, d, s, "0") for q, d, s in QRELS["test"])


@pytest.fixture
def fake_irds(monkeypatch):
    datasets = {"beir/tiny/test": FakeIrdsDataset(), "beir/offline/test": FakeIrdsDataset(fail=True)}

    def load(dataset_id):
        return datasets[dataset_id]  # KeyError for unknown ids, as ir_datasets raises

    module = types.ModuleType("ir_datasets")
    module.load = load
    monkeypatch.setitem(sys.modules, "ir_datasets", module)
    monkeypatch.setattr("robustir.data.irds.is_available", lambda: True)
    return module


def test_irds_id_loads_through_its_iterators(fake_irds):
    bench = load_benchmark("irds:beir/tiny/test")
    assert bench.name == "irds:beir/tiny/test"
    assert [(d.id, d.title, d.text) for d in bench.corpus][0] == ("d1", "Stocks", "buy low sell high")
    assert [q.id for q in bench.queries] == ["q1", "q2"] and bench.qrels["q2"] == {"d2": 2}


def test_irds_errors_say_what_to_do(fake_irds, monkeypatch):
    with pytest.raises(InputError, match="knows no dataset 'beir/nope'"):
        load_benchmark("irds:beir/nope")
    with pytest.raises(DatasetMissing) as err:
        load_benchmark("irds:beir/offline/test")
    assert "\n" not in str(err.value) and "not in the local ir_datasets cache" in str(err.value)
    assert "IR_DATASETS_HOME" in str(err.value)
    with pytest.raises(InputError, match="give an ir_datasets id"):
        load_benchmark("irds")
    monkeypatch.setattr("robustir.data.irds.is_available", lambda: False)
    with pytest.raises(DatasetMissing, match="pip install ir_datasets"):
        load_benchmark("irds:beir/tiny/test")


def test_bridges_are_listed_with_their_state():
    states = {i.name: i.state for i in list_datasets()}
    assert "irds" in states and "hf" in states
    assert states["hf"].startswith("available")


@pytest.mark.skipif(not __import__("robustir.data.irds", fromlist=["x"]).is_available(),
                    reason="ir_datasets not installed")
def test_real_ir_datasets_unknown_id_is_one_line():
    with pytest.raises(InputError, match="knows no dataset"):
        load_benchmark("irds:no-such/collection")
