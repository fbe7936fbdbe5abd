"""FiQA: the missing-corpus message, both accepted layouts, and where the loader looks."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from robustir.data import DatasetMissing, fiqa, load_benchmark
from robustir.errors import InputError, ResourceMissing

DOCS = [("3", "", "Buy low, sell high."), ("31", "", "An emergency fund covers six months."),
        ("566392", "", "Keep it in a savings account."), ("7", "", "")]
TOPICS = [("8", "Where should I park my rainy-day fund?"), ("15", "Selling a property below value?"),
          ("11", "Never judged")]
QRELS = [("15", "3", 1), ("8", "566392", 1), ("8", "31", 1)]
#: The shared data folder (conftest points ROBUSTIR_DATA at it), read before the fixture below hides it.
SHARED = os.environ.get("ROBUSTIR_DATA")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the user's cache (a fetched FiQA there) out of these tests."""
    home = tmp_path / "home"
    monkeypatch.setenv("ROBUSTIR_HOME", str(home))
    monkeypatch.setenv("ROBUSTIR_DATA", str(tmp_path / "no-shared-data"))
    return home


def _corpus(path: Path) -> None:
    path.write_text("".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, t, x in DOCS),
                    encoding="utf-8")


def write_anserini(folder: Path, *, corpus: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / fiqa.TOPICS).write_bytes(gzip.compress("".join(f"{q}\t{t}\n" for q, t in TOPICS).encode(), mtime=0))
    (folder / fiqa.QRELS).write_text("".join(f"{q} 0 {d} {g}\n" for q, d, g in QRELS), encoding="utf-8")
    if corpus:
        _corpus(folder / "corpus.jsonl")
    return folder


def write_beir(folder: Path) -> Path:
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    _corpus(folder / "corpus.jsonl")
    # BEIR's queries.jsonl holds every split's queries, in another order than the topics file
    extra = [("5500", "A train question")]
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": q, "text": t}) + "\n" for q, t in sorted(TOPICS + extra)), encoding="utf-8")
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t{g}\n" for q, d, g in QRELS), encoding="utf-8")
    return folder


def test_missing_corpus_message() -> None:
    """The shared data folder has FiQA's queries and qrels but no corpus: say so, and how to get it."""
    if not SHARED or not (Path(SHARED) / "fiqa" / fiqa.QRELS).is_file():
        pytest.skip("no FiQA files in the shared data folder (ROBUSTIR_DATA)")
    shared_data = Path(SHARED)
    with pytest.raises(DatasetMissing) as info:
        load_benchmark("fiqa", data_dir=shared_data)
    message = str(info.value)
    assert isinstance(info.value, InputError) and isinstance(info.value, ResourceMissing)
    assert "\n" not in message
    assert "FiQA corpus not found" in message and "57,638 passages" in message
    assert f"{shared_data / 'fiqa'} holds only the test queries and qrels" in message
    assert "robustir datasets fetch fiqa" in message and fiqa.URL in message
    assert "not available offline" in message


def test_missing_everything_message(tmp_path: Path, private_home: Path) -> None:
    with pytest.raises(DatasetMissing, match=r"FiQA corpus not found \(the corpus") as info:
        load_benchmark("fiqa", data_dir=tmp_path / "empty")
    assert str(private_home / "data" / "fiqa") in str(info.value)
    assert fiqa.state(tmp_path / "empty").startswith("missing")


def test_anserini_layout_with_a_corpus(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    write_anserini(shared / "fiqa")
    b = load_benchmark("fiqa", data_dir=shared)
    assert b.name == "fiqa"
    assert [q.id for q in b.queries] == ["8", "15"]  # numeric order; unjudged query 11 dropped
    assert b.qrels == {"15": {"3": 1}, "8": {"566392": 1, "31": 1}}
    assert len(b.corpus) == 4 and b.corpus[3].text == ""
    assert fiqa.state(shared).startswith("ready")


def test_both_layouts_give_the_same_benchmark(tmp_path: Path) -> None:
    anserini = load_benchmark(f"fiqa:{write_anserini(tmp_path / 'a')}")
    beir_layout = load_benchmark(f"fiqa:{write_beir(tmp_path / 'b')}")
    assert [q.id for q in beir_layout.queries] == ["8", "15"]
    assert anserini.checksum == beir_layout.checksum


def test_missing_corpus_in_given_folder(tmp_path: Path) -> None:
    folder = write_anserini(tmp_path / "f", corpus=False)
    with pytest.raises(DatasetMissing, match=rf"{folder} holds only the test queries and qrels") as info:
        load_benchmark(f"fiqa:{folder}")
    assert f"unzip it into {folder}" in str(info.value)


def test_option_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a folder"):
        load_benchmark(f"fiqa:{tmp_path / 'nowhere'}")


def test_unzipped_beir_folder_in_the_cache_is_found(tmp_path: Path, private_home: Path) -> None:
    # unzipping fiqa.zip inside $ROBUSTIR_HOME/data/fiqa leaves a nested fiqa/ folder
    write_beir(private_home / "data" / "fiqa" / "fiqa")
    write_anserini(tmp_path / "shared" / "fiqa", corpus=False)
    b = load_benchmark("fiqa", data_dir=tmp_path / "shared")
    assert [q.id for q in b.queries] == ["8", "15"]
    assert fiqa.locate(None, tmp_path / "shared") == ("beir", private_home / "data" / "fiqa" / "fiqa")


def test_corpus_errors_are_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = write_anserini(tmp_path / "f")
    with open(folder / fiqa.QRELS, "a", encoding="utf-8") as f:
        f.write("15 0 999 1\n")
    with pytest.raises(InputError, match=rf"{fiqa.QRELS.replace('.', '[.]')}:4: document id '999' is not in"):
        load_benchmark(f"fiqa:{folder}")
    shutil.rmtree(folder)


def test_real_topics_and_qrels_parse_with_a_stand_in_corpus(tmp_path: Path) -> None:
    """The shared anserini files: 648 queries and 1,706 judgements once a corpus covers the judged ids."""
    if not SHARED or not (Path(SHARED) / "fiqa" / fiqa.QRELS).is_file():
        pytest.skip("no FiQA files in the shared data folder (ROBUSTIR_DATA)")
    folder = tmp_path / "fiqa"
    folder.mkdir()
    for name in (fiqa.TOPICS, fiqa.QRELS):
        shutil.copy(Path(SHARED) / "fiqa" / name, folder / name)
    judged = sorted({line.split()[2] for line in (folder / fiqa.QRELS).read_text().splitlines() if line.strip()})
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": d, "title": "", "text": f"stand-in {d}"}) + "\n" for d in judged), encoding="utf-8")
    b = load_benchmark(f"fiqa:{folder}")
    assert len(b.queries) == 648
    assert sum(len(r) for r in b.qrels.values()) == 1706
    assert all(g > 0 for r in b.qrels.values() for g in r.values())
    ids = [int(q.id) for q in b.queries]
    assert ids == sorted(ids)


def test_state_says_what_is_missing(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    assert fiqa.state(shared) == "missing: robustir datasets fetch fiqa"
    write_anserini(shared / "fiqa", corpus=False)
    assert fiqa.state(shared).startswith("corpus missing (queries and qrels present)")
    _corpus(shared / "fiqa" / "corpus.jsonl")
    assert fiqa.state(shared) == f"ready ({shared / 'fiqa'})"
