"""Per-query retrieval metrics through ir-measures, with no query ever dropped.

ir-measures (like trec_eval) only reports queries that appear in the run; a
query whose run is empty would silently vanish and inflate the mean. Here every
judged query gets a score: 0 for each measure when its run is empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from robustir.errors import InputError

#: The measures robustir reports, by their ir-measures names.
DEFAULT_MEASURES: tuple[str, ...] = ("nDCG@10", "RR@10", "R@100", "AP")
#: Always computed besides the reported measures: attack success needs it.
SUCCESS_MEASURE = "Success@10"

Run = Mapping[str, Mapping[str, float]]
Qrels = Mapping[str, Mapping[str, int]]


def parse_measures(names: Iterable[str]) -> list:
    """ir-measures objects for measure names such as ``nDCG@10``; a one-line error for unknown ones."""
    import ir_measures

    parsed = []
    for name in names:
        try:
            parsed.append(ir_measures.parse_measure(name))
        except (ValueError, NameError, SyntaxError, AttributeError, TypeError) as e:
            raise InputError(f"unknown measure {name!r} (examples: nDCG@10, RR@10, R@100, AP, P@5)") from e
    return parsed


#: ir-measures' own names -> pytrec_eval's, for the measures ir-measures computes with ONE pytrec_eval
#: evaluator at relevance level 1 (its default pipeline routes each of these to pytrec_eval first, with
#: these keys: ir_measures.providers.pytrec_eval_provider). Other measures go through ir-measures.
_TREC_KEYS = (
    (re.compile(r"nDCG@(\d+)"), "ndcg_cut_{}"),
    (re.compile(r"R@(\d+)"), "recall_{}"),
    (re.compile(r"P@(\d+)"), "P_{}"),
    (re.compile(r"Success@(\d+)"), "success_{}"),
    (re.compile(r"AP"), "map"),
    (re.compile(r"RR"), "recip_rank"),
)


def _trec_key(measure: Any) -> str | None:
    """pytrec_eval's result key for an ir-measures measure in its canonical form (``nDCG@10``), else None."""
    text = str(measure)
    for pattern, key in _TREC_KEYS:
        if (m := pattern.fullmatch(text)) is not None:
            return key.format(*m.groups())
    return None


def _calc(measures: Sequence[Any], qrels: Qrels, run: Run) -> Iterator[tuple[str, Any, float]]:
    """``(query id, measure, value)`` per value ir-measures' ``iter_calc`` computes, without it where it
    would only wrap pytrec_eval: one ``RelevanceEvaluator`` as ir-measures builds it (relevance level 1,
    all documents), its values as they come. Measured (BoolQ, 1,000 queries x 6 runs, 5 measures): ir-measures'
    per-value objects, hashing and bookkeeping cost ~0.4 CPU-s around ~0.1 s of trec_eval; the values are
    the same floats (tests/test_metrics_fast.py compares the two paths for equality)."""
    import ir_measures
    import pytrec_eval

    keys = {m: _trec_key(m) for m in measures}
    direct = [m for m in measures if keys[m] is not None]
    if direct:
        by_key = {key: m for m in direct if (key := keys[m]) is not None}
        evaluator = pytrec_eval.RelevanceEvaluator(qrels, list(by_key), relevance_level=1,
                                                   judged_docs_only_flag=False)
        for qid, values in evaluator.evaluate(run).items():
            for key, value in values.items():
                if key in by_key:
                    yield qid, by_key[key], value
    rest = [m for m in measures if keys[m] is None]
    if rest:
        for v in ir_measures.iter_calc(rest, qrels, run):
            yield v.query_id, v.measure, v.value


def score_run(run: Run, qrels: Qrels, measures: Sequence[str] = DEFAULT_MEASURES
              ) -> dict[str, dict[str, float]]:
    """``{qid: {measure: value}}`` for every query in ``qrels``.

    ``run[qid][docid] = score`` (higher is better). Queries missing from the run
    or with an empty run score 0 on every measure; run entries for queries
    without judgements are ignored.
    """
    import ir_measures

    names = list(dict.fromkeys(measures))
    parsed = parse_measures(names)
    result: dict[str, dict[str, float]] = {qid: dict.fromkeys(names, 0.0) for qid in qrels}
    ir_qrels = {qid: {did: int(g) for did, g in rel.items()} for qid, rel in qrels.items()}
    ir_run = {qid: {did: float(s) for did, s in docs.items()} for qid, docs in run.items()
              if qid in ir_qrels and docs}
    if not ir_run:
        return result
    # ir-measures routes RR@k to its msmarco provider, which breaks score ties by
    # docid ascending where trec_eval breaks them descending; computing plain RR
    # (pytrec_eval) on the run cut at k in trec_eval's order gives trec_eval's value.
    plain: list[tuple[Any, str]] = []
    for m, name in zip(parsed, names, strict=False):
        cutoff = m.params.get("cutoff") if m.NAME == "RR" else None
        if cutoff is None:
            plain.append((m, name))
            continue
        by_score_then_id = itemgetter(1, 0)  # (score, docid): the same order as a lambda, in C
        cut = {q: dict(sorted(d.items(), key=by_score_then_id, reverse=True)[:cutoff])
               for q, d in ir_run.items()}
        for qid, _, value in _calc([ir_measures.RR], ir_qrels, cut):
            result[qid][name] = float(value)
    if plain:
        # str() of an ir-measures measure is a repr built anew on every call: one per measure object
        # seen, not one per (query, measure) value (ids are stable while the evaluation holds them)
        by_repr = {str(m): name for m, name in plain}
        name_of: dict[int, str] = {}
        for qid, measure, value in _calc([m for m, _ in plain], ir_qrels, ir_run):
            key = id(measure)
            if key not in name_of:
                name_of[key] = by_repr[str(measure)]
            result[qid][name_of[key]] = float(value)
    return result
