"""Per-query retrieval metrics through ir-measures, with no query ever dropped.

ir-measures (like trec_eval) only reports queries that appear in the run; a
query whose run is empty would silently vanish and inflate the mean. Here every
judged query gets a score: 0 for each measure when its run is empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter

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
    plain: dict[str, str] = {}
    for m, name in zip(parsed, names, strict=False):
        cutoff = m.params.get("cutoff") if m.NAME == "RR" else None
        if cutoff is None:
            plain[str(m)] = name
            continue
        by_score_then_id = itemgetter(1, 0)  # (score, docid): the same order as a lambda, in C
        cut = {q: dict(sorted(d.items(), key=by_score_then_id, reverse=True)[:cutoff])
               for q, d in ir_run.items()}
        for v in ir_measures.iter_calc([ir_measures.RR], ir_qrels, cut):
            result[v.query_id][name] = float(v.value)
    if plain:
        by_repr = {str(m): name for m, name in zip(parsed, names, strict=False) if str(m) in plain}
        # str() of an ir-measures measure is a repr built anew on every call: one per measure object
        # seen, not one per (query, measure) value (ids are stable while the evaluation holds them)
        name_of: dict[int, str] = {}
        for v in ir_measures.iter_calc([m for m in parsed if str(m) in plain], ir_qrels, ir_run):
            key = id(v.measure)
            if key not in name_of:
                name_of[key] = by_repr[str(v.measure)]
            result[v.query_id][name_of[key]] = float(v.value)
    return result
