"""BEIR-folder loading: parsing, the BEIR conventions, every bad-input case, checksums."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from robustir.data import beir, load_benchmark
from robustir.errors import InputError

CORPUS = [
    {"_id": "d1", "title": "Apple", "text": "Apples are fruit."},
    {"_id": "d2", "title": "", "text": "Bananas are yellow."},
    {"_id": "d3", "text": ""},  # BEIR corpora (FiQA) hold empty placeholder documents
]
QUERIES = [
    {"_id": "q1", "text": "what is an apple"},
    {"_id": "q2", "text": "banane jaune", "metadata": {"language": "fr"}},
    {"_id": "q3", "text": "never judged"},
    {"_id": "q4", "text": "judged not relevant", "language": "de"},
]
QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\nq4\td3\t0\n"


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_beir(root: Path, corpus: str | bytes | None = None, queries: str | bytes | None = None,
               qrels: str | bytes | None = None, *, split: str = "test", gz: bool = False) -> Path:
    """A BEIR folder; each file's content may be overridden (None = the default fixture, '' = empty)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "qrels").mkdir(exist_ok=True)
    files = {"corpus.jsonl": _jsonl(CORPUS) if corpus is None else corpus,
             "queries.jsonl": _jsonl(QUERIES) if queries is None else queries,
             f"qrels/{split}.tsv": QRELS if qrels is None else qrels}
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = root / rel
        if gz:
            path = path.with_name(path.name + ".gz")
            data = gzip.compress(data, mtime=0)
        path.write_bytes(data)
    return root


def test_loads_beir_folder_with_its_conventions(tmp_path: Path) -> None:
    b = load_benchmark(write_beir(tmp_path / "mini"))
    assert b.name == "mini"
    assert [d.id for d in b.corpus] == ["d1", "d2", "d3"]
    assert b.corpus[0].title == "Apple" and b.corpus[2].title == "" and b.corpus[2].text == ""
    # q3 has no judgement: dropped (BEIR convention); order of the file kept
    assert [q.id for q in b.queries] == ["q1", "q2", "q4"]
    assert {q.id: q.language for q in b.queries} == {"q1": "en", "q2": "fr", "q4": "de"}
    assert b.qrels == {"q1": {"d1": 1}, "q2": {"d2": 2}, "q4": {"d3": 0}}
    assert "3 of 4 queries kept" in b.notes and "BEIR convention" in b.notes
    assert "1 kept queries have no relevant document" in b.notes
    assert len(b.checksum) == 64


def test_header_is_optional_and_bom_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    a = load_benchmark(write_beir(tmp_path / "a"))
    b = load_benchmark(write_beir(tmp_path / "b", corpus="\ufeff" + _jsonl(CORPUS) + "\n\n",
                                  qrels=QRELS.split("\n", 1)[1]))
    assert a.checksum == b.checksum


def test_gzip_files_give_the_same_benchmark(tmp_path: Path) -> None:
    plain = load_benchmark(write_beir(tmp_path / "x"))
    packed = load_benchmark(write_beir(tmp_path / "y", gz=True))
    assert packed.checksum == plain.checksum


def test_split_option_reads_other_qrels(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "mini")
    (root / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq3\td2\t1\n", encoding="utf-8")
    dev = load_benchmark(f"{root}:dev")
    assert [q.id for q in dev.queries] == ["q3"] and dev.name == "mini:dev"
    assert beir.load_dir(root, "dev").checksum == dev.checksum
    with pytest.raises(InputError, match=r"train\.tsv does not exist \(available splits: dev, test\)"):
        load_benchmark(f"{root}:train")


def test_path_object_and_string_agree(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "mini")
    assert load_benchmark(root).checksum == load_benchmark(str(root)).checksum


BAD_CASES = {
    "corpus bad json": (
        dict(corpus='{"_id": "d1", "text": "a"}\n{"_id": "d2", "text": \n'),
        r"corpus\.jsonl:2: bad JSON",
    ),
    "corpus not object": (dict(corpus='["d1", "a"]\n'), r"corpus\.jsonl:1: expected a JSON object"),
    "corpus missing id": (dict(corpus='{"text": "a"}\n'), r"corpus\.jsonl:1: missing or non-string \"_id\""),
    "corpus text not str": (dict(corpus='{"_id": "d1", "text": 3}\n'), r"corpus\.jsonl:1: field \"text\" is not"),
    "corpus text missing": (
        dict(corpus='{"_id": "d1", "title": "t"}\n'),
        r"corpus\.jsonl:1: field \"text\" is missing",
    ),
    "corpus duplicate id": (
        dict(corpus=_jsonl(CORPUS + [{"_id": "d2", "text": "again"}])),
        r"corpus\.jsonl:4: document id 'd2' already used on line 2",
    ),
    "corpus empty": (dict(corpus=""), r"corpus\.jsonl is empty"),
    "corpus blank only": (dict(corpus="\n  \n"), r"corpus\.jsonl is empty"),
    "corpus not utf8": (
        dict(corpus=_jsonl(CORPUS[:1]).encode() + '{"_id": "d2", "text": "caf\xe9"}\n'.encode("latin-1")),
        r"corpus\.jsonl:2: not valid UTF-8",
    ),
    "queries not utf8": (
        dict(queries=_jsonl(QUERIES[:2]).encode() + b'{"_id": "q3", "text": "\xff"}\n'),
        r"queries\.jsonl:3: not valid UTF-8",
    ),
    "queries empty text": (dict(queries='{"_id": "q1", "text": "  "}\n'), r"queries\.jsonl:1: query 'q1' has an empty"),
    "queries bad language": (
        dict(queries='{"_id": "q1", "text": "x", "language": 5}\n'),
        r"queries\.jsonl:1: \"language\" must be",
    ),
    "queries duplicate id": (dict(queries=_jsonl(QUERIES + QUERIES[:1])), r"queries\.jsonl:5: query id 'q1'"),
    "queries empty": (dict(queries=""), r"queries\.jsonl is empty"),
    "qrels unknown doc": (dict(qrels=QRELS + "q1\tnope\t1\n"), r"test\.tsv:5: document id 'nope' is not in the corpus"),
    "qrels unknown query": (dict(qrels=QRELS + "q9\td1\t1\n"), r"test\.tsv:5: query id 'q9' is not in queries\.jsonl"),
    "qrels bad score": (dict(qrels=QRELS + "q1\td2\thigh\n"), r"test\.tsv:5: relevance score 'high' is not an integer"),
    "qrels fraction": (dict(qrels=QRELS + "q1\td2\t0.5\n"), r"test\.tsv:5: relevance score '0\.5'"),
    "qrels field count": (dict(qrels=QRELS + "q1 d2 1\n"), r"test\.tsv:5: expected 3 tab-separated fields"),
    "qrels header only": (dict(qrels="query-id\tcorpus-id\tscore\n"), r"test\.tsv is empty"),
    "qrels conflict": (
        dict(qrels=QRELS + "q1\td1\t2\n"),
        r"test\.tsv:5: query 'q1' and document 'd1' were already "
        r"judged 1 on line 2",
    ),
    "qrels not utf8": (dict(qrels=QRELS.encode() + b"q1\td\xe92\t1\n"), r"test\.tsv:5: not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_one_line_naming_the_file(tmp_path: Path, case: str) -> None:
    overrides, pattern = BAD_CASES[case]
    root = write_beir(tmp_path / "bad", **overrides)
    with pytest.raises(InputError) as info:
        load_benchmark(root)
    message = str(info.value)
    assert "\n" not in message
    assert str(root) in message
    assert re.search(pattern, message), message


def test_corrupt_gzip_is_reported(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "gz", gz=True)
    data = (root / "corpus.jsonl.gz").read_bytes()
    (root / "corpus.jsonl.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"corpus\.jsonl\.gz: corrupt or truncated gzip"):
        load_benchmark(root)


@pytest.mark.parametrize("missing", ["corpus.jsonl", "queries.jsonl"])
def test_missing_files_are_named(tmp_path: Path, missing: str) -> None:
    root = write_beir(tmp_path / "m")
    (root / missing).unlink()
    with pytest.raises(InputError, match=rf"not a BEIR folder: {missing.replace('.', '[.]')} missing"):
        load_benchmark(root)


def test_missing_qrels_folder(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "m")
    (root / "qrels" / "test.tsv").unlink()
    with pytest.raises(InputError, match=r"test\.tsv does not exist \(the qrels folder is missing or empty\)"):
        load_benchmark(root)


def test_file_instead_of_folder(tmp_path: Path) -> None:
    f = tmp_path / "corpus.jsonl"
    f.write_text(_jsonl(CORPUS), encoding="utf-8")
    with pytest.raises(InputError, match="is not a folder"):
        load_benchmark(f)


def test_checksum_stable_and_sensitive(tmp_path: Path) -> None:
    one = load_benchmark(write_beir(tmp_path / "one"))
    two = load_benchmark(write_beir(tmp_path / "two"))  # same data elsewhere, another folder name
    assert one.checksum == two.checksum == one.compute_checksum()
    changed = [dict(r) for r in CORPUS]
    changed[1]["text"] = changed[1]["text"].replace("yellow", "yelow")
    three = load_benchmark(write_beir(tmp_path / "three", corpus=_jsonl(changed)))
    assert three.checksum != one.checksum
    regraded = load_benchmark(write_beir(tmp_path / "four", qrels=QRELS.replace("q2\td2\t2", "q2\td2\t1")))
    assert regraded.checksum != one.checksum
    relang = [dict(r) for r in QUERIES]
    relang[0]["language"] = "pt"
    assert load_benchmark(write_beir(tmp_path / "five", queries=_jsonl(relang))).checksum != one.checksum


def test_trec_qrels_and_topics_readers(tmp_path: Path) -> None:
    qrels = tmp_path / "q.txt"
    qrels.write_text("8 0 d1 1\n\n15 0 d2 2\n", encoding="utf-8")
    assert beir.read_qrels_trec(qrels) == [(1, "8", "d1", 1), (3, "15", "d2", 2)]
    qrels.write_text("8 0 d1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"q\.txt:1: expected 4 fields"):
        beir.read_qrels_trec(qrels)
    topics = tmp_path / "t.tsv.gz"
    topics.write_bytes(gzip.compress(b"8\tHow to save?\n15\tTaxes\twith a tab\n", mtime=0))
    queries = beir.read_topics_tsv(topics)
    assert [(q.id, q.text) for q in queries] == [("8", "How to save?"), ("15", "Taxes\twith a tab")]
    topics.write_bytes(gzip.compress(b"8 no tab\n", mtime=0))
    with pytest.raises(InputError, match=r"t\.tsv\.gz:1: expected \"qid<TAB>text\""):
        beir.read_topics_tsv(topics)


def test_split_must_be_a_plain_name(tmp_path: Path) -> None:
    root = write_beir(tmp_path / "mini")
    with pytest.raises(InputError, match="invalid split '../test'"):
        beir.load_dir(root, "../test")
