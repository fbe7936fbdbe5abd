"""Section 226: the vetoed-pairs table built from judged rows, and its use in the code-switching recipe."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from robustir.attacks.lex import judgedveto
from robustir.attacks.lex.judgedveto import drop_vetoed, read_table

from bench.judged_pairs import count, judged_paths, verdicts, vetoed, write_table


def _row(qid: str, lang: str, orig: str, rep: str, target: str, correct: bool, **word) -> dict:
    return {"recipe": "codeswitch", "language": lang, "qid": qid, "original": f"q {orig}",
            "perturbed": f"q {rep}", "words": [{"original": orig, "replacement": rep,
                                                "operation": f"codeswitch:{target}", "correct": correct, **word}]}


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


class _FakeWordNet:
    """morphy as WordNet's for the fixture's words only."""

    def morphy(self, word: str) -> str | None:
        return {"qualified": "qualify", "brothers": "brother", "languages": "language"}.get(word, word)


def test_judged_rows_give_the_pairs_wrong_twice_and_never_right(tmp_path):
    _write(tmp_path / "v1-a-en-L.jsonl", [
        _row("1", "en", "qualified", "مؤهل", "ar", False),
        _row("2", "en", "brothers", "弟弟", "zh", False),
        _row("3", "en", "red", "Rote", "de", False),
        _row("4", "de", "davon", "thereof", "en", False),
    ])
    _write(tmp_path / "v2-b-en-L.jsonl", [
        _row("5", "en", "Qualified", "مؤهل", "ar", False),  # another form of the same lemma: the same pair
        _row("6", "en", "brother", "弟弟", "zh", True),  # judged right once: never vetoed
        _row("7", "en", "red", "Rote", "de", True, note="borderline: 'on red' is bei Rot"),  # not a right
        _row("8", "en", "red", "Rote", "de", False),
        _row("9", "de", "Davon", "thereof", "en", True),
    ])
    # a second judge's file and an unchanged copy of a row count for nothing
    _write(tmp_path / "agree1-v1-en-L.jsonl", [_row("6", "en", "brother", "弟弟", "zh", False),
                                               _row("60", "en", "brother", "弟弟", "zh", False)])
    _write(tmp_path / "v3-copy-en-L.jsonl", [_row("4", "de", "davon", "thereof", "en", False)])
    paths = judged_paths(tmp_path)
    assert [p.name for p in paths] == ["v1-a-en-L.jsonl", "v2-b-en-L.jsonl", "v3-copy-en-L.jsonl"]
    table = vetoed(count(verdicts(paths, _FakeWordNet())))
    assert set(table) == {("en", "ar", "qualify", "مؤهل"), ("en", "de", "red", "rote")}
    write_table(table, tmp_path / "t.tsv", "d1", len(paths))
    assert read_table(tmp_path / "t.tsv") == set(table)
    first = (tmp_path / "t.tsv").read_bytes()
    write_table(table, tmp_path / "t.tsv", "d1", len(paths))
    assert (tmp_path / "t.tsv").read_bytes() == first  # byte-identical


def test_a_vetoed_candidate_is_dropped_and_the_next_kept():
    pairs = frozenset({("en", "es", "language", "lenguaje"), ("de", "en", "davon", "thereof")})
    slots = [(0, "es", ["lenguaje", "idioma"]), (1, "es", ["Lenguaje"])]
    assert drop_vetoed(slots, ["languages", "language"], "en", lambda: _FakeWordNet(), pairs) == [
        (0, "es", ["idioma"])]  # word 1 had no other candidate: left unswitched
    assert drop_vetoed([(0, "en", ["thereof", "of it"])], ["Davon"], "de", lambda: None, pairs) == [
        (0, "en", ["of it"])]


def test_the_recipe_switches_the_next_candidate_of_a_vetoed_pair(english_resources, monkeypatch):
    from robustir.attacks.codeswitch import CodeSwitch

    text = "the river flows through the old city"

    def switched() -> dict[str, str]:
        cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=english_resources)
        return {e.original: e.replacement for e in cs.perturb(text, random.Random(0), "en").edits}

    monkeypatch.setattr(judgedveto, "vetoed_pairs", lambda path=None: frozenset())
    before = switched()
    assert "river" in before
    first = before["river"]
    monkeypatch.setattr(judgedveto, "vetoed_pairs", lambda path=None: frozenset({("en", "es", "river", first)}))
    after = switched()
    assert after.get("river") != first
    assert {k: v for k, v in after.items() if k != "river"} == {k: v for k, v in before.items() if k != "river"}


def test_the_tables_digest_keys_the_options_file(english_resources, tmp_path, monkeypatch):
    from robustir.attacks.codeswitch import CodeSwitch

    table = tmp_path / "vetoed.tsv"
    monkeypatch.setattr(judgedveto, "TABLE", table)
    table.write_text("\t".join(judgedveto.COLUMNS) + "\nen\tes\triver\trío\t2\t0\t0\t2\n", encoding="utf-8")
    cs = CodeSwitch(languages=["es"], context="none", cache_dir=tmp_path, resource_paths=english_resources)
    one = cs._options_file()
    table.write_text("\t".join(judgedveto.COLUMNS) + "\nen\tes\triver\tarroyo\t3\t0\t0\t3\n", encoding="utf-8")
    two = cs._options_file()
    monkeypatch.setattr(judgedveto, "ENABLED", False)
    off = cs._options_file()
    assert len({one, two, off}) == 3


@pytest.mark.parametrize("name", ["vetoed-pairs.tsv"])
def test_the_shipped_table_is_what_the_builder_writes_from_the_judged_files(name):
    shipped = Path(judgedveto.__file__).resolve().parent.parent / "data" / name
    lines = shipped.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# python bench/judged_pairs.py") and lines[1].split("\t") == list(judgedveto.COLUMNS)
    body = [tuple(x.split("\t")) for x in lines[2:]]
    assert body == sorted(body) and all(int(r[4]) >= 2 and r[5] == "0" for r in body)
