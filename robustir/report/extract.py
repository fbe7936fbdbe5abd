"""What reports need from results: labels, rows, per-query arrays, and cell formatting.

Results are :class:`robustir.schema.ResultRecord` objects (``robustir.result.Result`` is one); every
function also takes a result's JSON object (read with :func:`robustir.schema.as_record`), so
reports work on loaded files as well as on in-memory results. The fields are read through the
records' accessors, never by spelling JSON keys here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from robustir import schema
from robustir.schema import Provenance, ResultRecord, as_record, check_result, queries_of

SCHEMA = schema.RESULT

__all__ = ["SCHEMA", "Row", "as_record", "attack_rate", "check_result", "languages", "model_label", "per_query",
           "perturbed_texts", "records", "recipe_family_key", "rows"]

#: A result as readers take it: a record, or its JSON object.
ResultLike = ResultRecord | Mapping[str, Any]


@dataclass(frozen=True)
class Row:
    """One (result, measure) line of a report."""

    index: int  # position of the result in the report's list
    dataset: str
    recipe: str
    model: str  # display label: model name plus training strategy if any
    measure: str
    rate: float | None
    summary: dict
    success: dict | None
    n: int
    samples: int


def records(results: Sequence[ResultLike], where: str = "result") -> list[ResultRecord]:
    """Each result as a record (JSON objects checked, named ``{where} 1``, ``{where} 2``... in errors)."""
    return [as_record(r, f"{where} {i + 1}") for i, r in enumerate(results)]


def _provenance(data: ResultLike) -> Provenance:
    """A result's provenance (read from a JSON object without reading its queries)."""
    if isinstance(data, ResultRecord):
        return data.provenance
    return Provenance.from_dict(data["provenance"])


def model_label(data: ResultLike) -> str:
    """The model's name, with its training strategy when the model records one (e.g. ``me5 [hybrid]``)."""
    return _provenance(data).model_label


def attack_rate(data: ResultLike) -> float | None:
    """The recipe's perturbation rate (``provenance.recipe.spec.perturbation.rate``), if it has one."""
    return _provenance(data).rate


def recipe_family_key(data: ResultLike) -> str:
    """Identifies a recipe up to its perturbation rate: same key, same attack at another strength."""
    return _provenance(data).recipe_family_key


def rows(results: Sequence[ResultLike], measures: Sequence[str] | None = None) -> list[Row]:
    """One row per (result, measure), in result order then the result's measure order."""
    out = []
    for i, res in enumerate(records(results)):
        prov = res.provenance
        for m in res.measures:
            if measures is not None and m not in measures:
                continue
            s = res.summary_of(m)
            out.append(Row(index=i, dataset=prov.dataset_name, recipe=prov.recipe_name, model=prov.model_label,
                           measure=m, rate=prov.rate, summary=s, success=res.success,
                           n=int(s.get("n", len(res.queries))),
                           samples=int(s.get("samples", prov.samples if prov.samples is not None else 1))))
    return out


def per_query(data: ResultLike, measure: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(query ids, clean (n,), attacked (n, K)) for one measure of a result."""
    return schema.per_query(queries_of(data), measure)


def perturbed_texts(data: ResultLike) -> dict[str, list[str]]:
    """``{qid: [text of sample 0, sample 1, ...]}`` for a result."""
    return {str(q.id): q.sample_texts() for q in queries_of(data)}


def languages(data: ResultLike) -> list[str]:
    """Query languages in order of first appearance."""
    return list(dict.fromkeys(q.lang for q in queries_of(data)))


def fmt(x: Any, digits: int = 3) -> str:
    """A number for a table, or an en dash when undefined."""
    if x is None:
        return "–"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "–"
    s = f"{v:.{digits}f}"
    return "0." + "0" * digits if s in ("-0." + "0" * digits,) else s


def fmt_ci(block: dict | None, digits: int = 3) -> str:
    """``0.123 [0.101, 0.145]`` from a summary block."""
    if not block:
        return "–"
    mean = fmt(block.get("mean"), digits)
    if block.get("low") is None or block.get("high") is None:
        return mean
    return f"{mean} [{fmt(block['low'], digits)}, {fmt(block['high'], digits)}]"


def fmt_p(p: Any) -> str:
    """A p-value: three decimals, ``<0.001`` below that, en dash when undefined."""
    if p is None:
        return "–"
    p = float(p)
    if not math.isfinite(p):
        return "–"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def fmt_pct(x: Any, digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{100 * float(x):.{digits}f}%"


def fmt_rate(success: dict | None) -> str:
    """``13.5% [12.7, 14.4]`` from a ``success_rate`` dict."""
    if not success or success.get("rate") is None:
        return "–"
    return f"{fmt_pct(success['rate'])} [{100 * success['low']:.1f}, {100 * success['high']:.1f}]"


def stars(p: Any, alpha: float = 0.05) -> str:
    """``*`` when an (adjusted) p-value is at or below ``alpha``."""
    return "*" if p is not None and math.isfinite(float(p)) and float(p) <= alpha else ""


# ---------------------------------------------------------------- table pieces shared by the renderers


def fmt_shares(a: Any, b: Any, c: Any) -> str:
    """``61%/30%/9%``: three shares (worse/same/better, or A worse/tie/B worse)."""
    return f"{fmt_pct(a, 0)}/{fmt_pct(b, 0)}/{fmt_pct(c, 0)}"


def summary_shares(summary: dict) -> str:
    """Share of queries degraded/unchanged/improved by the attack."""
    return fmt_shares(summary.get("degraded"), summary.get("unchanged"), summary.get("improved"))


def result_cells(line: Any) -> list[str]:
    """The cells of one (result, measure) ``robustir.report.data.Line`` in the Markdown and HTML dataset
    tables: recipe, rate, model, measure, clean, attacked, degradation [CI], relative, success [CI],
    p (Holm), d_z."""
    row, p = line.row, line.p_holm
    s = row.summary
    return [row.recipe, "" if row.rate is None else fmt(row.rate, 2), row.model, row.measure,
            fmt(s["clean"]["mean"]), fmt(s["attacked"]["mean"]), fmt_ci(s["degradation"]),
            fmt_pct(s["relative"]["mean"]), fmt_rate(row.success), fmt_p(p) + stars(p),
            fmt(s.get("effect_size"), 2)]


def language_cells(block: dict) -> list[str]:
    """language, queries, clean, attacked, degradation [CI], p of one ``language_breakdown`` dict."""
    return [block["language"], str(block["n"]), fmt(block["clean"]["mean"]), fmt(block["attacked"]["mean"]),
            fmt_ci(block["degradation"]), fmt_p(block["p_value"])]


def more_robust(pair: dict, alpha: float = 0.05) -> str:
    """The label of the significantly more robust strategy of a comparison pair (Holm p <=
    ``alpha`` and a non-zero difference), else an en dash."""
    if pair["p_holm"] <= alpha and pair["difference"]["mean"]:
        return pair["b_label"] if pair["difference"]["mean"] > 0 else pair["a_label"]
    return "–"


def pair_cells(pair: dict) -> list[str]:
    """A, B, measure, difference [CI], p (Holm), d_z, A worse/tie/B worse, more robust."""
    return [pair["a_label"], pair["b_label"], pair["measure"], fmt_ci(pair["difference"]),
            fmt_p(pair["p_holm"]) + stars(pair["p_holm"]), fmt(pair.get("effect_size"), 2),
            fmt_shares(pair["a_worse"], pair["tied"], pair["b_worse"]), more_robust(pair)]


def strategy_cells(comparison: dict) -> list[list[str]]:
    """Per strategy of a comparison: its label and degradation [CI] for each measure."""
    return [[s["label"], *[fmt_ci(s["degradation"][m]) for m in comparison["measures"]]]
            for s in comparison["strategies"]]


def bootstrap_settings(summaries: Sequence[dict]) -> tuple[float, set, int | None, bool]:
    """(confidence, CI methods, resamples, two-level) of the summaries a report shows."""
    methods = {s.get("method") for s in summaries if s.get("method")}
    conf = cast(float, next((s.get("confidence") for s in summaries if s.get("confidence")), 0.95))
    res = cast("int | None", next((s.get("n_resamples") for s in summaries if s.get("n_resamples")), None))
    two = any(s.get("two_level") for s in summaries)
    return conf, methods, res, two
