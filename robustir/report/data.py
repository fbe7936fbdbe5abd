"""The report, computed once: rows with their declared Holm family, comparisons and language breakdowns.

Every renderer (terminal, Markdown, CSV, HTML) formats a ``Report`` and computes
nothing itself, so the same comparison shows the same raw and adjusted p-value
in every output (as ranx's ``Report``: compute once, render many).

The Holm families are declared and stored with the p-values:

- a result's tests: the family is **all measures of that result** (the tests
  ``robustir attack`` adjusts over), whatever other files are in the report and
  whatever ``--measure`` shows, so a row's adjusted p never depends on the file set;
- a strategy comparison: **every (pair, measure) test of that comparison**
  (``robustir.report.compare.compare_results``).

Extra per-row figures (e.g. degradation over valid perturbations and the valid
share) belong in ``extra_cells``: ``build_report`` stores them in ``Line.extra``
and every renderer adds them as columns (the terminal wraps them like the rest).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from robustir.report.extract import ResultLike, Row, records, rows
from robustir.schema import ResultRecord

__all__ = ["LanguageTable", "Line", "Report", "ResultFamily", "build_report", "holm_over_text"]


@dataclass(frozen=True)
class ResultFamily:
    """The Holm family of one result: its measures, with raw and adjusted p-values."""

    index: int  # the result's position in the report
    label: str  # model / dataset / recipe of the result
    measures: tuple[str, ...]
    p_raw: dict[str, float | None]
    p_holm: dict[str, float | None]


@dataclass(frozen=True)
class Line:
    """One (result, measure) line of the report with its raw and Holm-adjusted p-value."""

    row: Row
    p_raw: float | None
    p_holm: float | None
    family: ResultFamily
    extra: dict[str, str] = field(default_factory=dict)  # further formatted cells, keyed by column header

    @property
    def significant(self) -> bool:
        return self.p_holm is not None and self.p_holm <= 0.05


@dataclass(frozen=True)
class LanguageTable:
    """Degradation of one measure of one result per query language (``language_breakdown`` dicts)."""

    result_index: int
    label: str  # model / dataset / recipe
    measure: str
    blocks: list[dict]


@dataclass
class Report:
    """Everything a report shows, computed once. Renderers only format it."""

    title: str
    results: list[ResultRecord]
    measures: list[str] | None  # the measures shown (None: all of each result)
    lines: list[Line]  # result order, then measure order
    families: list[ResultFamily]
    comparisons: list[dict] = field(default_factory=list)  # ``compare_results`` dicts (with their ``family``)
    languages: list[LanguageTable] = field(default_factory=list)

    @property
    def holm_over(self) -> str:
        """``Holm over: ...`` for the result tables (the declared family)."""
        return holm_over_text(self.families)

    def by_dataset(self) -> list[tuple[str, list[Line]]]:
        """(dataset, lines) per dataset in order of first appearance; lines sorted by recipe, attack rate
        (none first), model and result position."""
        out = []
        for ds in dict.fromkeys(ln.row.dataset for ln in self.lines):
            sel = sorted([ln for ln in self.lines if ln.row.dataset == ds],
                         key=lambda ln: (ln.row.recipe, ln.row.rate if ln.row.rate is not None else -1,
                                         ln.row.model, ln.row.index))
            out.append((ds, sel))
        return out

    def summaries(self) -> list[dict]:
        return [ln.row.summary for ln in self.lines]


def holm_over_text(families: Sequence[ResultFamily]) -> str:
    """The declared family of the result rows, in words."""
    sizes = {len(f.measures) for f in families}
    if not families:
        return "Holm over: no tests"
    if len(sizes) == 1:
        k = sizes.pop()
        names = {f.measures for f in families}
        which = f" ({', '.join(next(iter(names)))})" if len(names) == 1 else ""
        if len(families) == 1:
            return ("Holm over: the one measure of this result (no adjustment)" if k == 1
                    else f"Holm over: the {k} measures of this result{which}")
        if k == 1:
            return "Holm over: the one measure of each result (no adjustment)"
        return f"Holm over: the {k} measures of each result{which}, one family per result file"
    return "Holm over: all measures of each result, one family per result file"


def _finite(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def result_family(result: ResultLike, index: int = 0) -> ResultFamily:
    """The Holm family of one result: every measure it has (not only those shown)."""
    from robustir.stats import holm

    (res,) = records([result])
    prov = res.provenance
    ms = tuple(str(m) for m in res.measures)
    raw = [_finite(res.summary_of(m).get("p_value")) for m in ms]
    adj: list[float] = [float(a) for a in holm(raw)] if raw else []
    label = f"{prov.model_label} / {prov.dataset_name} / {prov.recipe_name}"
    return ResultFamily(index=index, label=label, measures=ms, p_raw=dict(zip(ms, raw, strict=True)),
                        p_holm={m: _finite(a) for m, a in zip(ms, adj, strict=True)})


def extra_cells(result: ResultRecord, measure: str) -> dict[str, str]:
    """Further formatted cells of one (result, measure) line, keyed by column header, shown by every
    renderer after the standard columns (terminal: wrapped like the rest). The place for figures that
    only some results carry, e.g. degradation over valid perturbations and the valid share."""
    out: dict[str, str] = {}
    sv = result.valid_summary_of(measure)
    if sv is not None:
        from robustir.report.extract import fmt_ci

        out["valid only: degradation [95% CI]"] = fmt_ci(sv["degradation"])
    share = result.valid_share
    if share is not None:
        out["valid share"] = f"{100 * share:.1f}%"
        # samples whose floor is not a semantic check (a language USE-m was not trained on: hi, el, vi;
        # robustir.validity.UNCALIBRATED_FLOOR): said next to the share, which would otherwise read as checked
        block = result.validity or {}
        uncal, attacked = block.get("floor_uncalibrated"), block.get("attacked")
        if uncal and attacked:
            out["valid share"] += f" ({uncal} of {attacked} without a semantic floor)"
    return out


def comparisons_for(results: Sequence[ResultLike], measures: Sequence[str] | None, *, seed: int = 0,
                    n_resamples: int = 10_000) -> list[dict]:
    """One ``compare_results`` dict per group of results on identical perturbed queries, on the
    measures shown that every member has."""
    from robustir.report.compare import comparable_groups, compare_results

    recs = records(results)
    out = []
    for g in comparable_groups(recs):
        sub = [recs[i] for i in g]
        common = [m for m in (measures or sub[0].measures) if all(m in r.measures for r in sub)]
        if common:
            out.append(compare_results(sub, measures=common, seed=seed, n_resamples=n_resamples))
    return out


def build_report(results: Sequence[ResultLike], *, measures: Sequence[str] | None = None,
                 comparisons: Sequence[dict] | None = None, compare: bool = False, seed: int = 0,
                 n_resamples: int = 10_000, title: str = "robustir report", languages: bool = True) -> Report:
    """Build the report data once.

    ``comparisons``: ``compare_results`` dicts to show; when None and ``compare``,
    every group of pairable results is compared here (``comparisons_for``).
    ``languages``: per-language breakdowns (first shown measure) of results whose
    queries span several languages.
    """
    from robustir.report.languages import language_breakdown

    results = records(results)  # JSON objects checked and read once; records as they are
    families = [result_family(r, i) for i, r in enumerate(results)]
    lines = [Line(row=rw, p_raw=families[rw.index].p_raw[rw.measure], p_holm=families[rw.index].p_holm[rw.measure],
                  family=families[rw.index], extra=extra_cells(results[rw.index], rw.measure))
             for rw in rows(results, measures)]
    if comparisons is None:
        comparisons = comparisons_for(results, measures, seed=seed, n_resamples=n_resamples) \
            if compare and len(results) > 1 else []
    langs: list[LanguageTable] = []
    if languages:
        for i, r in enumerate(results):
            m = next((str(x) for x in r.measures if measures is None or x in measures), None)
            blocks = language_breakdown(r, m) if m else []
            if m and blocks:
                langs.append(LanguageTable(result_index=i, label=families[i].label, measure=m, blocks=blocks))
    return Report(title=title, results=results, measures=list(measures) if measures else None, lines=lines,
                  families=families, comparisons=list(comparisons), languages=langs)
