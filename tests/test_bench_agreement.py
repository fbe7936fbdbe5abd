"""``bench/agreement.py``: a second judge's blind copy carries no verdict of the first judge, is
seeded, and maps back to the judged-set rows; the agreement between two judged files is counted per
switched word and per target language (issue 10: a second, blind judge for the held-out sets)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.bench_modules import load_bench


@pytest.fixture(scope="module")
def agreement():
    return load_bench("agreement")


def _row(qid: str, lang: str, word: str, repl: str, correct: bool, note: str = "") -> dict:
    row = {"recipe": "codeswitch", "language": "en", "qid": qid, "original": f"is {word} here",
           "perturbed": f"is {repl} here", "words": [{"original": word, "replacement": repl,
                                                       "operation": f"codeswitch:{lang}", "correct": correct,
                                                       "in_name": False}],
           "acceptable": correct, "judge": "first"}
    if note:
        row["note"] = note
    return row


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _first(tmp_path: Path) -> Path:
    rows = [_row(f"q{i}", lang, f"w{i}", f"r{i}{lang}", correct=(i % 3 != 0), note="" if i % 3 else "wrong sense")
            for i in range(12) for lang in ("de", "fr")]
    return _write(tmp_path / "first.jsonl", rows)


def test_blind_copy_hides_every_verdict_and_is_seeded(agreement, tmp_path):
    first = _first(tmp_path)
    blind = agreement.blind_copy([first], seed=20)
    assert len(blind) == 24
    for entry in blind:
        assert not set(entry) & set(agreement.VERDICT_FIELDS)
        assert "wrong sense" not in json.dumps(entry)
    assert {e["language"] for e in blind} == {"de", "fr"}  # the target language, not the rows' "en"
    assert blind == agreement.blind_copy([first], seed=20)
    assert [e["key"] for e in blind] != [e["key"] for e in agreement.blind_copy([first], seed=21)]
    assert sorted(e["key"] for e in blind) != [e["key"] for e in blind]  # shuffled, not in file order


def test_apply_replaces_the_first_judges_fields_and_needs_every_word(agreement, tmp_path):
    first = _first(tmp_path)
    blind = agreement.blind_copy([first], seed=1)
    verdicts = {e["key"]: {"key": e["key"], "correct": e["language"] == "de",
                           **({} if e["language"] == "de" else {"note": "second says no"})} for e in blind}
    rows = agreement.apply_verdicts([first], verdicts, "second")
    assert len(rows) == 24
    for row in rows:
        de = row["words"][0]["operation"] == "codeswitch:de"
        assert row["judge"] == "second" and row["acceptable"] is de and row["words"][0]["correct"] is de
        assert "in_name" not in row["words"][0]
        assert ("note" in row) is (not de) and "wrong sense" not in json.dumps(row)
    del verdicts[blind[0]["key"]]
    with pytest.raises(KeyError):
        agreement.apply_verdicts([first], verdicts, "second")


def test_compare_counts_the_table_kappa_and_disagreements_per_language(agreement, tmp_path):
    from sklearn.metrics import cohen_kappa_score

    first_rows = agreement.read_rows(_first(tmp_path))
    second_rows = json.loads(json.dumps(first_rows))
    flips = [(r["qid"], r["words"][0]["operation"]) for r in second_rows[:5]]
    for r in second_rows[:5]:
        r["words"][0]["correct"] = not r["words"][0]["correct"]
    pairs = agreement.paired_words(first_rows, second_rows)
    stats = agreement.by_language(pairs)
    assert stats["all"]["n"] == 24 and sum(stats["all"]["table"].values()) == 24
    assert stats["all"]["agreement"] == pytest.approx(19 / 24)
    a = [int(r["words"][0]["correct"]) for r in first_rows]
    b = [int(r["words"][0]["correct"]) for r in second_rows]
    assert stats["all"]["kappa"] == pytest.approx(cohen_kappa_score(a, b))
    assert stats["all"]["accuracy"]["first"][0] == sum(a) and stats["all"]["accuracy"]["second"][0] == sum(b)
    assert stats["all"]["accuracy"]["both"][0] == sum(x and y for x, y in zip(a, b, strict=True))
    assert stats["de"]["n"] + stats["fr"]["n"] == 24
    dis = [(p["qid"], "codeswitch:" + p["language"]) for p in pairs if p["a"] != p["b"]]
    assert sorted(dis) == sorted(flips)
    text = agreement.markdown(stats, pairs)
    assert text.count("| de |") + text.count("| fr |") == 2 + len(flips)


def test_compare_refuses_two_files_that_disagree_on_the_word(agreement, tmp_path):
    first_rows = agreement.read_rows(_first(tmp_path))
    second_rows = json.loads(json.dumps(first_rows))
    second_rows[0]["words"][0]["replacement"] = "other"
    with pytest.raises(ValueError):
        agreement.paired_words(first_rows, second_rows)


def test_wilson_interval_properties(agreement):
    z = 1.959963984540054
    lo, hi = agreement.wilson(0, 30)
    assert lo == 0.0 and hi == pytest.approx(z * z / (30 + z * z))
    for k, n in [(3, 10), (50, 61), (566, 659)]:
        lo, hi = agreement.wilson(k, n)
        assert lo < k / n < hi
        mlo, mhi = agreement.wilson(n - k, n)
        assert (lo, hi) == pytest.approx((1 - mhi, 1 - mlo))
    assert all(math.isnan(x) for x in agreement.wilson(0, 0))


def test_cli_missing_file_is_one_line_exit_2(agreement, tmp_path, capsys):
    assert agreement.main(["compare", str(tmp_path / "nope.jsonl"), "--second", str(tmp_path / "x.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err


def _l2en_row(qid: str, lang: str, word: str, correct: bool) -> dict:
    return {"recipe": "codeswitch", "language": lang, "qid": qid, "original": f"{word} ?",
            "perturbed": f"{word}-en ?", "words": [{"original": word, "replacement": f"{word}-en",
                                                    "operation": "codeswitch:en", "correct": correct}],
            "acceptable": correct, "borderline": True, "judge": "first"}


def test_l2en_rows_are_grouped_by_question_language_and_hide_borderline(agreement, tmp_path):
    """L -> en rows (every word switched into English) count per question language, not all as "en",
    and the first judge's ``borderline`` flag stays out of the blind copy and the second judge's rows."""
    rows = [_l2en_row(f"q{i}", lang, f"w{i}", correct=i % 2 == 0) for i in range(4) for lang in ("de", "zh")]
    first = _write(tmp_path / "rev.jsonl", rows)
    blind = agreement.blind_copy([first], seed=26)
    assert {e["language"] for e in blind} == {"de", "zh"}
    verdicts = {e["key"]: {"key": e["key"], "correct": True} for e in blind}
    second_rows = agreement.apply_verdicts([first], verdicts, "second")
    assert all("borderline" not in r for r in second_rows)
    pairs = agreement.paired_words(agreement.read_rows(first), second_rows)
    stats = agreement.by_language(pairs)
    assert sorted(stats) == ["all", "de", "zh"]
    assert stats["de"]["n"] == 4 and stats["de"]["table"]["first_only"] == 0
    assert stats["de"]["table"]["second_only"] == 2
