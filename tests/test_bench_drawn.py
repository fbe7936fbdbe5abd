"""``bench/drawn.py``: the ledger of drawn questions (issue 10; bench/RESULTS.md section 210). A judged file
keeps only the rows a draw changed, so an unperturbable question returned to the "fresh" pool at every later draw;
the ledger keeps every drawn question, and ``codeswitch_set.py --exclude`` / ``unjudged.py --drawn`` read it,
while neither script's default changes (a past draw's command still gives its bytes)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.bench_modules import BENCH_DIR, load_bench


@pytest.fixture(scope="module")
def drawn():
    return load_bench("drawn")


@pytest.fixture(scope="module")
def cs_set():
    return load_bench("codeswitch_set")


@pytest.fixture(scope="module")
def unjudged():
    return load_bench("unjudged")


def _row(qid: str, text: str, into: str | None = None) -> dict:
    edits = [{"position": 0, "original": "x", "replacement": "y", "operation": f"codeswitch:{into}"}] if into else []
    return {"qid": qid, "sample": 0, "original": text, "perturbed": text if not into else "y " + text, "edits": edits}


def _pool() -> list[SimpleNamespace]:
    return [SimpleNamespace(id=f"q{i}", text=f"question {i}?") for i in range(1, 7)]


def test_a_ledger_holds_every_drawn_question_switched_or_not_and_reads_back(drawn, tmp_path):
    outputs = [("en", "es", [_row("q2", "question 2?", "es"), _row("q1", "question 1?")]),
               ("en", "ja", [_row("q2", "question 2?", "ja"), _row("q1", "question 1?")])]
    rows = drawn.ledger_rows("v9x", "boolq-test", "abc1234", outputs)
    assert [(r["qid"], r["switched"]) for r in rows] == [("q1", ""), ("q2", "es,ja")]
    path = tmp_path / "v9x.tsv"
    drawn.write_ledger(path, rows)
    first = path.read_bytes()
    drawn.write_ledger(path, drawn.ledger_rows("v9x", "boolq-test", "abc1234", outputs[::-1]))
    assert path.read_bytes() == first  # the same draw gives the same bytes, whatever the order of its outputs
    assert first.decode().splitlines()[0] == "\t".join(drawn.FIELDS)
    ids, texts = drawn.read_ledgers([path])
    assert ids == {"q1": {"en"}, "q2": {"en"}} and texts == {"question 1?", "question 2?"}
    # an L -> en output names its query language, its dataset filled from it
    assert drawn.ledger_rows("r", "mlqa-r:{lang}", "c", [("de", "en", [_row("d1", "Was?")])])[0]["dataset"] == \
        "mlqa-r:de"


def test_a_judged_file_passed_as_a_ledger_is_an_error_not_an_empty_exclusion(drawn, tmp_path):
    path = tmp_path / "judged.tsv"
    path.write_text('{"qid": "q1"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a drawn-questions ledger"):
        drawn.read_ledgers([path])


def test_a_ledgered_unperturbable_question_is_no_longer_fresh_for_codeswitch_set(drawn, cs_set, tmp_path):
    judged = tmp_path / "v9-v9x-en-L.jsonl"  # the judged file keeps only the changed row (q2) ...
    judged.write_text(json.dumps({"qid": "q2", "language": "en", "original": "question 2?"}) + "\n", encoding="utf-8")
    ledger = tmp_path / "v9x.tsv"  # ... the ledger every drawn question: q1 and q3 were unperturbable
    drawn.write_ledger(ledger, drawn.ledger_rows("v9x", "boolq-test", "c", [
        ("en", "es", [_row("q1", "question 1?"), _row("q2", "question 2?", "es"), _row("q3", "question 3?")])]))
    fresh = [q.id for q in cs_set.fresh(_pool(), cs_set.excluded([judged]))]
    assert fresh == ["q1", "q3", "q4", "q5", "q6"]  # the judged file alone: q1, q3 "fresh" again (sections 201-203)
    assert [q.id for q in cs_set.fresh(_pool(), cs_set.excluded([judged, ledger]))] == ["q4", "q5", "q6"]
    # in the language scope a ledger row excludes its id as a query of its own language only (XQuAD-R's ids are
    # shared by its languages: the German query of q1 is another text)
    german = [SimpleNamespace(id=q.id, text=f"Frage {q.id}?") for q in _pool()]
    assert [q.id for q in cs_set.fresh(german, cs_set.excluded([ledger]), "de")] == [q.id for q in _pool()]
    assert [q.id for q in cs_set.fresh(german, cs_set.excluded([ledger]))] == ["q4", "q5", "q6"]


@dataclasses.dataclass
class _Bench:
    queries: list


def _fake_draw(monkeypatch) -> None:
    """codeswitch_set.main on a five-question pool, each question switched when its number is even: no model."""
    import robustir.data as data
    import robustir.perturb as perturb

    monkeypatch.setattr(data, "load_benchmark", lambda name: _Bench(queries=_pool()))

    def perturb_queries(recipe, sub, samples, seed):
        into = Path(str(recipe)).stem.rpartition("-")[2]
        return [_row(q.id, q.text, into if int(q.id[1:]) % 2 == 0 else None) for q in sub.queries]

    monkeypatch.setattr(perturb, "perturb_queries", perturb_queries)


def test_ledger_writes_the_draw_and_an_old_command_still_gives_its_bytes(drawn, cs_set, tmp_path, monkeypatch,
                                                                          capsys):
    _fake_draw(monkeypatch)
    monkeypatch.setattr(cs_set.drawn, "code_commit", lambda root=None: "abc1234")  # (the module it imported)
    led = tmp_path / "drawn"
    cmd = ["en-es", "--dataset", "boolq-test", "--skip", "0", "--queries", "3", "--seed", "5"]
    assert cs_set.main([*cmd, "-o", str(tmp_path / "a")]) == 0
    assert cs_set.main([*cmd, "--ledger", "v9x", "--ledger-dir", str(led), "-o", str(tmp_path / "b")]) == 0
    out = (tmp_path / "a" / "en-es.jsonl").read_bytes()
    assert (tmp_path / "b" / "en-es.jsonl").read_bytes() == out  # writing a ledger changes no output
    rows = drawn.read_ledger_rows(led / "v9x.tsv")
    drawn_ids = [json.loads(line)["qid"] for line in out.decode().splitlines()]
    assert [r["qid"] for r in rows] == sorted(drawn_ids) and len(rows) == 3
    assert {r["dataset"] for r in rows} == {"boolq-test"} and {r["code"] for r in rows} == {"abc1234"}
    assert [r["switched"] for r in rows] == ["es" if int(r["qid"][1:]) % 2 == 0 else "" for r in rows]
    # the old command again, its ledger now on disk but not excluded: the same bytes
    assert cs_set.main([*cmd, "-o", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "en-es.jsonl").read_bytes() == out
    # a later draw that excludes the ledger takes none of its questions; the ledger is written once
    assert cs_set.main([*cmd, "--exclude", str(led / "v9x.tsv"), "-o", str(tmp_path / "d")]) == 0
    later = {json.loads(line)["qid"] for line in (tmp_path / "d" / "en-es.jsonl").read_text().splitlines()}
    assert later == {q.id for q in _pool()} - set(drawn_ids)
    capsys.readouterr()
    assert cs_set.main([*cmd, "--ledger", "v9x", "--ledger-dir", str(led), "-o", str(tmp_path / "e")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --ledger:") and not (tmp_path / "e").exists()


def test_unjudged_leaves_out_ledgered_questions_only_with_drawn(drawn, unjudged, tmp_path, monkeypatch):
    (tmp_path / "lexical").mkdir()
    (tmp_path / "lexical" / "v9.jsonl").write_text(json.dumps({"qid": "q2", "original": "question 2?"}) + "\n",
                                                   encoding="utf-8")
    ledger = tmp_path / "drawn" / "v9x.tsv"  # under the validity root: a *.tsv is no judged file by default
    drawn.write_ledger(ledger, drawn.ledger_rows("v9x", "any", "c", [
        ("en", "es", [_row("q1", "question 1?"), _row("q2", "question 2?", "es")])]))
    import robustir.data.registry as registry

    monkeypatch.setattr(registry, "load_benchmark", lambda name: SimpleNamespace(queries=_pool()))
    assert unjudged.unjudged("any", tmp_path) == ["q1", "q3", "q4", "q5", "q6"]
    assert unjudged.unjudged("any", tmp_path, ledgers=[ledger]) == ["q3", "q4", "q5", "q6"]


def test_the_committed_ledgers_read_and_name_their_draw_and_code(drawn):
    paths = drawn.all_ledgers()
    assert paths and all(p.parent == BENCH_DIR / "validity" / "drawn" for p in paths)
    for p in paths:
        rows = drawn.read_ledger_rows(p)
        assert rows and {r["draw"] for r in rows} == {p.stem}
        assert all(len(r["code"]) == 7 and r["qid"] and r["text"] for r in rows)
        keys = [(r["dataset"], r["language"], r["qid"]) for r in rows]
        assert keys == sorted(set(keys))
