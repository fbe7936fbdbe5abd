"""Reports: terminal tables at 100 columns, Markdown, CSV, HTML with plots, strategy comparison rules."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from robustir.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "results"
sys.path.insert(0, str(FIX))
from make_fixtures import build_result  # noqa: E402 - importable only after the sys.path insert above


def _load(*names):
    return [json.loads((FIX / f"{n}.json").read_text()) for n in names]


def _console():
    from rich.console import Console

    return Console(width=100, record=True, file=io.StringIO(), color_system=None)


def test_fixture_files_are_what_the_builder_makes(tmp_path):
    # The committed fixtures are reproducible from the builder (deterministic output).
    from make_fixtures import main

    main(tmp_path)
    for name in ("base.json", "xx.json", "hybrid.json"):
        assert (tmp_path / name).read_bytes() == (FIX / name).read_bytes()


def test_print_result_fits_100_columns_and_shows_the_numbers():
    from robustir.report.extract import fmt_ci
    from robustir.report.terminal import print_result

    (res,) = _load("base")
    c = _console()
    print_result(res, c)
    text = c.export_text()
    assert max(len(line) for line in text.splitlines()) <= 100
    for m in res["measures"]:
        assert m in text
        assert fmt_ci(res["summary"][m]["degradation"]) in text
    assert f"{100 * res['success']['rate']:.1f}%" in text
    # Several languages -> a per-language table.
    assert "by query language" in text and " de " in text


def test_print_results_tables_and_strategy_panel_fit_100_columns():
    from robustir.report.extract import fmt_ci
    from robustir.report.terminal import print_results

    results = _load("base", "xx", "hybrid") + [build_result(dataset="xquadr-de", recipe="codeswitch", n=12)]
    c = _console()
    print_results(results, c, n_resamples=500)
    text = c.export_text()
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "fiqa" in text and "xquadr-de" in text
    assert "[hybrid]" in text and "[X-X]" in text  # labels are not swallowed as markup
    for r in results:
        assert fmt_ci(r["summary"]["nDCG@10"]["degradation"]) in text
    assert "strategy comparison" in text and "vs" in text
    assert "Holm over: the 4 measures of each result" in text


def test_holm_family_is_the_measures_of_each_result_whatever_the_file_set():
    from robustir.report.data import build_report
    from robustir.stats import holm

    results = _load("base", "xx", "hybrid")
    rep = build_report(results)
    assert len(rep.lines) == 12
    for i, r in enumerate(results):
        raw = [r["summary"][m]["p_value"] for m in r["measures"]]
        assert [ln.p_holm for ln in rep.lines if ln.row.index == i] == pytest.approx(list(holm(raw)))
    # the same result's adjusted p does not depend on the other files, nor on the measures shown
    alone = build_report(results[2:])
    shown = build_report(results[2:], measures=["nDCG@10"])
    p = [ln.p_holm for ln in rep.lines if ln.row.index == 2 and ln.row.measure == "nDCG@10"]
    assert p == [ln.p_holm for ln in alone.lines if ln.row.measure == "nDCG@10"] == [shown.lines[0].p_holm]


def test_compare_results_pairs_and_holm():
    from robustir.report.compare import compare_results, degradations

    results = _load("base", "xx", "hybrid")
    c = compare_results(results, measures=["nDCG@10", "AP"], n_resamples=500)
    assert [s["label"] for s in c["strategies"]] == ["me5-small", "me5-small-xquadr [X-X]",
                                                       "me5-small-xquadr [hybrid]"]
    assert len(c["pairs"]) == 6
    raw = np.array([p["p_value"] for p in c["pairs"]])
    adj = np.array([p["p_holm"] for p in c["pairs"]])
    assert np.all(adj >= raw - 1e-15)
    base_vs_hybrid = next(p for p in c["pairs"] if p["a_label"] == "me5-small"
                          and p["b_label"].endswith("[hybrid]") and p["measure"] == "nDCG@10")
    d = degradations(results[0], "nDCG@10") - degradations(results[2], "nDCG@10")
    assert base_vs_hybrid["difference"]["mean"] == pytest.approx(d.mean())
    assert base_vs_hybrid["difference"]["low"] > 0  # the fixture's hybrid model is built far more robust
    json.dumps(c, allow_nan=False)


@pytest.mark.parametrize("change, needle", [
    (lambda r: r["provenance"]["dataset"].__setitem__("checksum", "other"), "dataset checksums differ"),
    (lambda r: r["provenance"]["recipe"].__setitem__("sha256", "other"), "different recipes"),
    (lambda r: r["queries"].pop(), "different queries"),
    (lambda r: r["queries"][3]["attacked"][1].__setitem__("text", "something else"), "query q4, sample 1"),
])
def test_compare_refuses_results_that_cannot_be_paired(change, needle):
    from robustir.report.compare import compare_results

    a, b = _load("base", "hybrid")
    b = copy.deepcopy(b)
    change(b)
    with pytest.raises(InputError, match=needle) as e:
        compare_results([a, b], n_resamples=100)
    assert "\n" not in str(e.value)


def test_csv_is_tidy_and_exact():
    from robustir.report.csv import COLUMNS, to_csv

    results = _load("base", "hybrid")
    text = to_csv(results)
    rows = list(csv.DictReader(io.StringIO(text)))
    k = len(results[0]["queries"][0]["attacked"])
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 2 * len(results[0]["queries"]) * k * len(results[0]["measures"])
    q = results[1]["queries"][5]
    row = next(r for r in rows if r["qid"] == q["id"] and r["sample"] == "2" and r["measure"] == "RR@10"
               and r["strategy"] == "hybrid")
    assert float(row["clean"]) == q["clean"]["RR@10"]
    assert float(row["attacked"]) == q["attacked"][2]["metrics"]["RR@10"]
    assert float(row["degradation"]) == q["clean"]["RR@10"] - q["attacked"][2]["metrics"]["RR@10"]
    assert row["dataset"] == "fiqa" and row["recipe"] == "typo" and row["seed"] == "0" and row["rate"] == "0.1"
    assert to_csv(results) == text


def test_markdown_report_has_tables_and_comparison():
    from robustir.report.compare import compare_results
    from robustir.report.extract import fmt_ci
    from robustir.report.markdown import to_markdown

    results = _load("base", "xx", "hybrid")
    comp = compare_results(results, measures=["nDCG@10"], n_resamples=300)
    md = to_markdown(results, comparisons=[comp])
    assert md.startswith("# robustir report")
    assert "## fiqa (40 queries)" in md and "## Strategy comparison: fiqa / typo" in md
    header = next(line for line in md.splitlines() if line.startswith("| recipe"))
    n_cols = header.count("|")
    table_lines = [line for line in md.splitlines() if line.startswith("| typo")]
    assert len(table_lines) == 12 and all(line.count("|") == n_cols for line in table_lines)
    assert fmt_ci(results[2]["summary"]["AP"]["degradation"]) in md
    assert fmt_ci(comp["pairs"][0]["difference"]) in md


def _rate_results():
    out = []
    for rate, harm in ((0.05, 0.1), (0.2, 0.4), (0.4, 0.8)):
        for model, strategy, f in (("m", "X-X", 1.0), ("m", "hybrid", 0.4)):
            out.append(build_result(model=model, strategy=strategy, rate=rate, harm=harm * f,
                                    recipe=f"typo-{int(rate * 100)}", n=15))
    return out


def test_plots_are_png_and_deterministic():
    from robustir.report.plots import degradation_by_recipe, degradation_vs_rate

    results = _load("base", "xx", "hybrid") + _rate_results()
    figs = degradation_by_recipe(results)
    assert [t for t, _ in figs] == ["fiqa: degradation per recipe"]
    assert figs[0][1][:8] == b"\x89PNG\r\n\x1a\n"
    rate_figs = degradation_vs_rate(results)
    assert len(rate_figs) == 1 and "attack strength" in rate_figs[0][0]
    assert degradation_vs_rate(results)[0][1] == rate_figs[0][1]
    # A recipe run at one rate only has no strength plot.
    assert degradation_vs_rate(_load("base", "xx")) == []


def test_html_report_is_self_contained(tmp_path):
    from robustir.report.compare import compare_results
    from robustir.report.html import write_html

    results = _load("base", "xx", "hybrid") + _rate_results()
    comp = compare_results(results[:3], n_resamples=200)
    path = write_html(tmp_path / "r.html", results, comparisons=[comp])
    html = path.read_text()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not re.search(r'(src|href)="(https?:|//)', html)  # nothing external
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2
    assert all(base64.b64decode(i)[:4] == b"\x89PNG" for i in images)
    assert "me5-small-xquadr [hybrid]" in html and "Strategy comparison" in html and "Provenance" in html
    assert "&lt;" not in html.split("<body>")[0]


def test_bad_result_is_a_one_line_input_error():
    from robustir.report.terminal import print_results

    bad = _load("base")[0]
    del bad["summary"]
    with pytest.raises(InputError, match="incomplete"):
        print_results([bad], _console())


@pytest.mark.parametrize("width", [80, 100])
def test_terminal_reports_never_cut_numbers(width):
    from rich.console import Console

    from robustir.report.extract import fmt_ci
    from robustir.report.terminal import print_result, print_results

    results = _load("base", "xx", "hybrid")
    c = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    print_result(results[0], c)
    print_results(results, c, n_resamples=200)
    text = c.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    for r in results:
        for m in r["measures"]:
            assert fmt_ci(r["summary"][m]["degradation"]) in text


def test_language_breakdown_splits_queries_by_language():
    from robustir.report.extract import per_query
    from robustir.report.html import to_html
    from robustir.report.languages import language_breakdown
    from robustir.report.markdown import to_markdown

    (res,) = _load("base")
    rows_ = language_breakdown(res, "nDCG@10", n_resamples=300)
    assert [b["language"] for b in rows_] == ["en", "de"]
    _, clean, attacked = per_query(res, "nDCG@10")
    en = np.array([q["language"] == "en" for q in res["queries"]])
    assert rows_[0]["n"] == en.sum()
    assert rows_[0]["degradation"]["mean"] == pytest.approx((clean[en] - attacked[en].mean(axis=1)).mean())
    assert "by query language" in to_markdown([res]) and "By query language" in to_html([res], plots=False)
    one = build_result(n=10, languages=("en",))
    assert language_breakdown(one, "AP") == [] and "by query language" not in to_markdown([one])


def test_compare_aligns_queries_by_id_not_position():
    from robustir.report.compare import compare_results

    a, b = _load("base", "hybrid")
    shuffled = copy.deepcopy(b)
    shuffled["queries"] = shuffled["queries"][::-1]
    c1 = compare_results([a, b], n_resamples=300)
    c2 = compare_results([a, shuffled], n_resamples=300)
    assert [p["difference"] for p in c1["pairs"]] == [p["difference"] for p in c2["pairs"]]


def test_every_renderer_shows_the_same_adjusted_p_for_the_same_comparison(tmp_path):
    # Compute once, render many: terminal, Markdown, summary CSV and HTML format one Report.
    from robustir.report.csv import to_summary_csv
    from robustir.report.data import build_report
    from robustir.report.extract import fmt_ci, fmt_p, stars
    from robustir.report.html import render_html
    from robustir.report.markdown import render_markdown
    from robustir.report.terminal import print_report

    results = _load("base", "xx", "hybrid")
    rep = build_report(results, compare=True, n_resamples=300)
    (comp,) = rep.comparisons
    c = Console_(200)
    print_report(rep, c)
    outputs = {"terminal": c.export_text(), "markdown": render_markdown(rep), "html": render_html(rep, plots=False)}
    summary = list(csv.DictReader(io.StringIO(to_summary_csv(rep))))
    for pair in comp["pairs"]:
        row = next(r for r in summary if r["kind"] == "comparison" and r["a"] == pair["a_label"]
                   and r["b"] == pair["b_label"] and r["measure"] == pair["measure"])
        assert float(row["p_holm"]) == pair["p_holm"] and row["holm_family"] == comp["family"]
        for name, text in outputs.items():
            line = next(ln for ln in text.splitlines() if fmt_ci(pair["difference"]) in ln)
            assert fmt_p(pair["p_holm"]) + stars(pair["p_holm"]) in line, name
    for ln in rep.lines:
        row = next(r for r in summary if r["kind"] == "result" and r["model"] == ln.row.model
                   and r["measure"] == ln.row.measure)
        assert float(row["p_holm"]) == ln.p_holm and float(row["p_value"]) == ln.p_raw
    for text in outputs.values():
        flat = " ".join(text.replace("│", " ").split())  # captions wrap in the terminal
        assert rep.holm_over in flat and comp["family"] in flat


def Console_(width):
    from rich.console import Console

    return Console(width=width, record=True, file=io.StringIO(), color_system=None)


@pytest.mark.parametrize("width", [80, 100])
def test_terminal_tables_wrap_instead_of_dropping_columns(width):
    from robustir.report.terminal import print_result, print_results

    results = _load("base", "xx", "hybrid")
    c = Console_(width)
    print_result(results[0], c)
    single = c.export_text()
    for header in ("measure", "clean", "attacked", "degradation [95% CI]", "rel.", "p Holm", "d_z",
                   "worse/same/better"):
        assert header in single, header
    c = Console_(width)
    print_results(results, c, n_resamples=200)
    many = c.export_text()
    for header in ("recipe", "model", "clean", "attacked", "degradation [95% CI]", "success", "p Holm",
                   "difference [95% CI]", "d_z", "more robust"):
        assert header in many, header
    for text in (single, many):
        assert max(len(line) for line in text.splitlines()) <= width


def test_progress_writes_periodic_lines_when_not_on_a_terminal():
    from rich.console import Console

    from robustir.progress import progress_bars

    buf = io.StringIO()
    c = Console(file=buf, force_terminal=False, width=200)
    with progress_bars(True, every=0.0, console=c) as task:
        advance = task("encoding corpus (toy)", 3)
        for _ in range(3):
            advance(1)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "encoding corpus (toy): 0/3"
    assert lines[-1].startswith("encoding corpus (toy): 3/3 (100%)") and len(lines) == 4


def test_extra_cells_reach_every_renderer(monkeypatch):
    # the slot for per-line figures some results carry (e.g. the valid share): one function, every output
    from robustir.report import data
    from robustir.report.html import render_html
    from robustir.report.markdown import render_markdown
    from robustir.report.terminal import print_report

    monkeypatch.setattr(data, "extra_cells", lambda result, measure: {"valid share": f"v-{measure}"})
    rep = data.build_report(_load("base", "xx"))
    for width in (80, 100):
        c = Console_(width)
        print_report(rep, c)
        text = c.export_text()
        assert "valid share" in text and "v-AP" in text
    assert "| valid share |" in render_markdown(rep) and "v-RR@10" in render_html(rep, plots=False)


def test_progress_lines_keep_coming_while_one_call_runs():
    # a redirected run prints a line every `every` seconds even when no chunk has finished
    import threading

    from rich.console import Console

    from robustir.progress import progress_bars

    buf = io.StringIO()
    c = Console(file=buf, force_terminal=False, width=200)
    with progress_bars(True, every=0.01, console=c) as task:
        advance = task("encoding corpus (toy)", 2)
        threading.Event().wait(0.2)  # one long encoder call
        advance(2)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "encoding corpus (toy): 0/2"
    assert any(ln.startswith("encoding corpus (toy): 0/2 (0%) after") for ln in lines[1:-1])
    assert lines[-1].startswith("encoding corpus (toy): 2/2 (100%)")
