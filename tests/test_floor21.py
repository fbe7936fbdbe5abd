"""The code-switching ``valid`` flag where USE-m was not trained (hi, el, vi): bench/RESULTS.md section 124."""

from __future__ import annotations

import json

from robustir.attacks.base import Edit, Perturbed

from robustir.validity import FAMILY_FLOORS, UNCALIBRATED_FLOOR, annotate, uncalibrated, validity_block
from tests.bench_modules import load_bench

CS = FAMILY_FLOORS["codeswitch"]


def _sim(value: float):
    return lambda a, b: [value] * len(a)


def test_hi_el_vi_code_switches_are_not_floored_by_an_uncalibrated_cosine():
    """A correct hi -> en switch scores 0.58-0.8 under USE-m (section 124): the 0.88 floor marked
    two thirds of the acceptable hi -> en rows invalid; below the family floor they stay valid."""
    texts = ["गेगीन सम्राट कब बना था?", "is the city big", "Ai là người sáng lập?"]
    rows = [[Perturbed("गेगीन emperor कब बना था?", (Edit(1, "सम्राट", "emperor", "codeswitch:en"),), "hi")],
            [Perturbed("is the शहर big", (Edit(2, "city", "शहर", "codeswitch:hi"),), "en")],
            [Perturbed("Ai là người founder?", (Edit(3, "sáng lập", "founder", "codeswitch:en"),), "vi")]]
    value = (UNCALIBRATED_FLOOR + CS) / 2
    out = annotate(texts, rows, _sim(value), CS)
    assert [p.valid for row in out for p in row] == [True, True, True]
    assert [p.failed for row in out for p in row] == [None, None, None]
    block = validity_block(texts, out, CS)
    assert block["floor_uncalibrated"] == 3 and block["valid"] == 3 and block["floor"] == CS
    # below the attack's own floor for these languages the flag still fails the sample
    low = annotate(texts, rows, _sim(UNCALIBRATED_FLOOR - 0.01), CS)
    assert [p.failed for row in low for p in row] == ["semantic"] * 3


def test_covered_switches_and_other_families_keep_their_floor():
    texts = ["is the city big", "क्या शहर बड़ा है", "was it built in 1920"]
    rows = [[Perturbed("is the ciudad big", (Edit(2, "city", "ciudad", "codeswitch:es"),), "en")],
            [Perturbed("क्या शहर बडा है", (Edit(2, "बड़ा", "बडा", "typo"),), "hi")],
            [Perturbed("was it बनाया in 1921", (Edit(2, "built", "बनाया", "codeswitch:hi"),
                                                Edit(4, "1920", "1921", "typo")), "en")]]
    out = annotate(texts, rows, _sim((UNCALIBRATED_FLOOR + CS) / 2), CS)
    # es is covered: the family floor; a typo in a hi query is not code-switching; numbers still checked
    assert [p.failed for row in out for p in row] == ["semantic", "semantic", "numbers"]
    assert not uncalibrated(rows[0][0]) and not uncalibrated(rows[1][0]) and uncalibrated(rows[2][0])
    # no uncalibrated sample among the attacked ones: the block has exactly the keys it had before
    block = validity_block(texts[:2], out[:2], CS)
    assert "floor_uncalibrated" not in block


def _row(lang, original, perturbed, sim, ok, ops):
    return {"recipe": "codeswitch", "language": lang, "original": original, "perturbed": perturbed,
            "similarity": sim, "valid": sim >= CS, "acceptable": ok,
            "words": [{"operation": op, "correct": ok} for op in ops]}


def test_bench_groups_dedupes_and_measures_the_shipped_rule(tmp_path):
    mod = load_bench("codeswitch_floor")
    rows = [_row("en", "a city", "a शहर", 0.7, True, ["codeswitch:hi"]),
            _row("en", "a city", "a शहर", 0.7, False, ["codeswitch:hi"]),  # same pair: the first file's wins
            _row("en", "a big city", "a grande ciudad", 0.95, True, ["codeswitch:it", "codeswitch:es"]),
            _row("vi", "x y", "x yy", 0.6, False, ["codeswitch:en"]),
            {**_row("en", "q", "r", 0.9, True, ["codeswitch:fr"]), "acceptable": None}]  # not judged
    (tmp_path / "v1-en-L.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:3]) + "\n", encoding="utf-8")
    (tmp_path / "v2-vi.jsonl").write_text("\n".join(json.dumps(r) for r in rows[3:]) + "\n", encoding="utf-8")
    (tmp_path / "v25-agree20-en-L.jsonl").write_text(json.dumps(rows[2]) + "\n", encoding="utf-8")
    files = mod.select(["v*.jsonl"], tmp_path)
    assert [p.name for p in files] == ["v1-en-L.jsonl", "v2-vi.jsonl"]
    got = mod.load(files)
    assert [mod.group_of(r) for r in got] == [("en->L", "hi"), ("en->L", "mixed"), ("L->en", "vi")]
    assert got[0]["acceptable"] is True
    assert not mod.flag(got[0], CS) and mod.shipped_flag(got[0], CS)
    assert mod.choose_floor(got[:2], floors=(0.5, 0.8, 0.9)) == 0.5
    assert mod.choose_floor(got[1:2], floors=(0.5, 0.8, 0.9)) == 0.9
    table = mod.report(got, CS)
    assert "| en->L | hi | 1 |" in table and "| L->en | vi | 1 |" in table


def test_a_report_says_how_many_samples_had_no_semantic_floor():
    from types import SimpleNamespace

    from robustir.report.data import extra_cells

    def result(validity):
        return SimpleNamespace(valid_summary_of=lambda measure: None, validity=validity,
                               valid_share=validity["valid_share"])

    hi = extra_cells(result({"valid_share": 1.0, "attacked": 275, "floor_uncalibrated": 275}), "AP")
    assert hi["valid share"] == "100.0% (275 of 275 without a semantic floor)"
    es = extra_cells(result({"valid_share": 0.9, "attacked": 10}), "AP")
    assert es["valid share"] == "90.0%"
