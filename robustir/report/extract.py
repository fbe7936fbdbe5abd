"""What reports need from result dicts: labels, rows, per-query arrays, and cell formatting.

Result dicts follow the ``robustir.result/1`` schema (see robustir/result.py). All
functions here take plain dicts, so reports work on loaded JSON files as well
as on in-memory results.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from robustir import schema
from robustir.errors import InputError

SCHEMA = schema.RESULT


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


def check_result(data: Any, where: str = "result") -> None:
    """Raise ``InputError`` (one line) unless ``data`` has what reports read."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(f"{where} is not a robustir result (expected schema {SCHEMA!r})")
    try:
        prov = data["provenance"]
        prov["model"]["name"], prov["dataset"]["name"], prov["recipe"]["name"]
        measures = data["measures"]
        queries = data["queries"]
        summary = data["summary"]
    except (KeyError, TypeError) as e:
        raise InputError(f"{where} is incomplete: missing {e}") from e
    if not isinstance(queries, list) or not isinstance(measures, list):
        raise InputError(f"{where} is malformed: 'queries' and 'measures' must be lists")
    for m in measures:
        if m not in summary:
            raise InputError(f"{where} has no summary for measure {m!r}")
        block = summary[m]
        if not isinstance(block, dict) or not all(isinstance(block.get(x), dict) and "mean" in block[x]
                                                  for x in ("clean", "attacked", "degradation")):
            raise InputError(f"{where} is malformed: the summary of {m!r} lacks clean/attacked/degradation means")
    # every query must carry what the per-query tables read: a missing piece is one line, not a KeyError later
    for i, q in enumerate(queries):
        if not isinstance(q, dict) or not isinstance(q.get("clean"), dict) or not isinstance(q.get("attacked"), list):
            raise InputError(f"{where} is incomplete: query {i} has no 'clean' metrics or 'attacked' list")
        missing = [m for m in measures if m not in q["clean"]]
        if missing:
            raise InputError(f"{where} is incomplete: query {q.get('id', i)} has no clean {missing[0]!r}")
        for a in q["attacked"]:
            if not isinstance(a, dict) or not isinstance(a.get("metrics"), dict) \
                    or any(m not in a["metrics"] for m in measures):
                raise InputError(f"{where} is incomplete: an attacked sample of query {q.get('id', i)} "
                                 "lacks its metrics")


def model_label(data: dict) -> str:
    """The model's name, with its training strategy when the model records one (e.g. ``me5 [hybrid]``)."""
    model = data["provenance"]["model"]
    strategy = model.get("strategy")
    return f"{model['name']} [{strategy}]" if strategy else str(model["name"])


def attack_rate(data: dict) -> float | None:
    """The recipe's perturbation rate (``provenance.recipe.spec.perturbation.rate``), if it has one."""
    spec = data["provenance"]["recipe"].get("spec") or {}
    pert = spec.get("perturbation") if isinstance(spec, dict) else None
    rate = pert.get("rate") if isinstance(pert, dict) else None
    try:
        return float(rate) if rate is not None else None
    except (TypeError, ValueError):
        return None


def recipe_family_key(data: dict) -> str:
    """Identifies a recipe up to its perturbation rate: same key, same attack at another strength."""
    rec = data["provenance"]["recipe"]
    spec = json.loads(json.dumps(rec.get("spec") or {}))
    if isinstance(spec.get("perturbation"), dict):
        spec["perturbation"].pop("rate", None)
    spec.pop("name", None)
    return json.dumps({"family": rec.get("family"), "search": rec.get("search"), "spec": spec}, sort_keys=True)


def rows(results: Sequence[dict], measures: Sequence[str] | None = None) -> list[Row]:
    """One row per (result, measure), in result order then the result's measure order."""
    out = []
    for i, data in enumerate(results):
        prov = data["provenance"]
        for m in data["measures"]:
            if measures is not None and m not in measures:
                continue
            s = data["summary"][m]
            out.append(Row(index=i, dataset=str(prov["dataset"]["name"]), recipe=str(prov["recipe"]["name"]),
                           model=model_label(data), measure=m, rate=attack_rate(data), summary=s,
                           success=data.get("success"), n=int(s.get("n", len(data["queries"]))),
                           samples=int(s.get("samples", prov.get("samples", 1)))))
    return out


def per_query(data: dict, measure: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(query ids, clean (n,), attacked (n, K)) for one measure of a result."""
    qids, clean, attacked = [], [], []
    for q in data["queries"]:
        try:
            qids.append(str(q["id"]))
            clean.append(float(q["clean"][measure]))
            attacked.append([float(s["metrics"][measure]) for s in q["attacked"]])
        except (KeyError, TypeError) as e:
            raise InputError(f"query {q.get('id', '?')!r} has no {measure!r} value ({e})") from e
    widths = {len(a) for a in attacked}
    if len(widths) > 1:
        raise InputError(f"queries have different numbers of attack samples ({sorted(widths)}) for {measure!r}")
    k = widths.pop() if widths else 0
    return qids, np.asarray(clean, float), np.asarray(attacked, float).reshape(len(qids), k)


def perturbed_texts(data: dict) -> dict[str, list[str]]:
    """``{qid: [text of sample 0, sample 1, ...]}`` for a result."""
    out = {}
    for q in data["queries"]:
        samples = sorted(q.get("attacked", []), key=lambda s: int(s.get("sample", 0)))
        out[str(q["id"])] = [str(s.get("text", "")) for s in samples]
    return out


def languages(data: dict) -> list[str]:
    """Query languages in order of first appearance."""
    return list(dict.fromkeys(str(q.get("language") or "?") for q in data["queries"]))


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
