"""Tidy CSV of per-query results (one row per query x attack sample x measure), and the summary CSV of
the tests a report shows (``to_summary_csv``).

Columns: qid, sample, measure, clean, attacked, degradation, model, dataset,
recipe, seed, then strategy, rate and language (query language) for grouping in
pandas/R. ``degradation = clean - attacked`` for that one sample; the report's
per-query degradation is its mean over samples.
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from robustir.io import atomic_write_text
from robustir.report.data import Report
from robustir.report.extract import ResultLike, records

COLUMNS = ["qid", "sample", "measure", "clean", "attacked", "degradation", "model", "dataset", "recipe", "seed",
           "strategy", "rate", "language"]


#: a cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(x: object) -> str:
    """A text cell that a spreadsheet shows as text: a leading formula character gets a ``'`` first
    (OWASP's rule). Numbers are written by ``_num`` and never pass here, so they stay numbers."""
    s = str(x)
    return "'" + s if s.startswith(_FORMULA_START) else s


def _num(x: float) -> str:
    return repr(float(x))  # shortest exact round-trip: the CSV loses no precision


def iter_records(results: Sequence[ResultLike], measures: Sequence[str] | None = None) -> Iterator[tuple]:
    """Yield one typed tuple per result, query, sample and measure, in :data:`COLUMNS` order.

    Numbers stay floats (``rate`` is None when the recipe has no rate); the CSV formats them and
    :meth:`robustir.result.Result.to_pandas` keeps them, so both views hold the same rows."""
    for data in records(results):
        prov = data.provenance
        rate = prov.rate
        meta = [prov.model_name, prov.dataset_name, prov.recipe_name, prov.seed]
        strategy = str(prov.strategy or "")
        ms = [m for m in data.measures if measures is None or m in measures]
        for q in data.queries:
            for s in q.attacked:
                for m in ms:
                    c, a = q.clean_value(m), float(s["metrics"][m])
                    yield (str(q.id), s.get("sample"), m, c, a, c - a, *meta, strategy,
                           None if rate is None else float(rate), str(q.language or ""))


def iter_rows(results: Sequence[ResultLike], measures: Sequence[str] | None = None) -> Iterator[list[str]]:
    """Yield CSV rows (as strings, header excluded) for every result, query, sample and measure."""
    for qid, sample, m, c, a, d, model, dataset, recipe, seed, strategy, rate, language in iter_records(
            results, measures):
        yield [_text(qid), "" if sample is None else str(sample), _text(m), _num(c), _num(a), _num(d), _text(model),
               _text(dataset), _text(recipe), "" if seed is None else _text(seed), _text(strategy),
               "" if rate is None else _num(rate), _text(language)]


def to_csv(results: Sequence[ResultLike], measures: Sequence[str] | None = None) -> str:
    """The whole tidy table as CSV text (header first, ``\\n`` line ends)."""
    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(iter_rows(results, measures))
    return buf.getvalue()


def write_csv(path: str | Path, results: Sequence[ResultLike], measures: Sequence[str] | None = None) -> Path:
    """Write the tidy CSV atomically."""
    return atomic_write_text(path, to_csv(results, measures))


#: Columns of the summary CSV: one row per test the report shows, with its raw and adjusted p and its family.
SUMMARY_COLUMNS = ["kind", "dataset", "recipe", "model", "a", "b", "measure", "clean", "attacked", "degradation",
                   "low", "high", "p_value", "p_holm", "holm_family"]


def to_summary_csv(report: Report) -> str:
    """The report's tests as CSV: a ``result`` row per (result, measure) shown and a ``comparison`` row per
    (pair, measure), each with its raw and Holm-adjusted p and the declared family, exactly as the
    other renderers show them (full precision)."""
    def num(x: object) -> str:
        return "" if x is None else _num(float(x))  # type: ignore[arg-type]

    buf = io.StringIO()
    w = _csv.writer(buf, lineterminator="\n")
    w.writerow(SUMMARY_COLUMNS)
    for ln in report.lines:
        r, s = ln.row, ln.row.summary
        d = s["degradation"]
        w.writerow(["result", _text(r.dataset), _text(r.recipe), _text(r.model), "", "", _text(r.measure),
                    num(s["clean"]["mean"]), num(s["attacked"]["mean"]), num(d["mean"]), num(d.get("low")),
                    num(d.get("high")), num(ln.p_raw), num(ln.p_holm),
                    _text(f"measures of {ln.family.label}: {', '.join(ln.family.measures)}")])
    for c in report.comparisons:
        for p in c["pairs"]:
            d = p["difference"]
            w.writerow(["comparison", _text(c["dataset"]), _text(c["recipe"]), "", _text(p["a_label"]),
                        _text(p["b_label"]), _text(p["measure"]), "", "", num(d["mean"]), num(d.get("low")),
                        num(d.get("high")), num(p["p_value"]), num(p["p_holm"]), _text(c["family"])])
    return buf.getvalue()


def write_summary_csv(path: str | Path, report: Report) -> Path:
    """Write ``to_summary_csv(report)`` atomically."""
    return atomic_write_text(path, to_summary_csv(report))
