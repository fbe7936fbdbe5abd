"""Per-query retrieval metrics through ir-measures, with no query ever dropped.

ir-measures (like trec_eval) only reports queries that appear in the run; a
query whose run is empty would silently vanish and inflate the mean. Here every
judged query gets a score: 0 for each measure when its run is empty.

The default measures (nDCG@k, RR@k, R@k, AP; also P@k, Success@k, RR) are computed from the
relevant documents' ranks in numpy (:func:`_rank_measures`: trec_eval's floats, bit for bit);
other measures, and gains or scores that path does not take, go through pytrec_eval / ir-measures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

from robustir.errors import InputError

#: The measures robustir reports, by their ir-measures names.
DEFAULT_MEASURES: tuple[str, ...] = ("nDCG@10", "RR@10", "R@100", "AP")
#: Always computed besides the reported measures: attack success needs it.
SUCCESS_MEASURE = "Success@10"

Run = Mapping[str, Mapping[str, float]]
Qrels = Mapping[str, Mapping[str, int]]


#: Names that are ir-measures' canonical spelling of a measure :func:`_rank_measures` computes
#: (``str(ir_measures.parse_measure(name)) == name``: tests/test_metrics_ranks.py checks it), so
#: :func:`_plan` knows them without the library: importing ir-measures and parsing cost ~0.02 CPU-s of
#: a fresh process's first evaluation (bench/RESULTS.md, section 74), where robustir's defaults
#: never need its objects.
_CANONICAL = re.compile(r"(?:nDCG|R|P|Success|RR)@[1-9][0-9]*|AP|RR")


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
    return score_runs([run], qrels, measures)[0]


def score_runs(runs: Sequence[Run], qrels: Qrels, measures: Sequence[str] = DEFAULT_MEASURES
               ) -> list[dict[str, dict[str, float]]]:
    """:func:`score_run` of each run against the same ``qrels`` (an evaluation's clean run and its
    attacked samples), the measures parsed and the judgements read once for all of them.

    nDCG@k, R@k, P@k, Success@k, AP, RR and RR@k (robustir's defaults) are computed by
    :func:`_rank_measures` when every gain is a non-negative integer and every score finite (the same
    floats as trec_eval, bit for bit: tests/test_metrics_ranks.py); anything else goes through
    pytrec_eval / ir-measures as before."""
    names, parsed, ir_qrels, specs, relevant = _plan(measures, qrels)
    if specs is not None and relevant is not None:
        out = []
        for run in runs:
            got = _rank_measures(run, relevant, names, specs)
            out.append(got if got is not None else _score_library(run, ir_qrels, names, parsed))
        return out
    return [_score_library(run, ir_qrels, names, parsed) for run in runs]


def score_hits(blocks: Sequence[tuple[Sequence[str], np.ndarray, np.ndarray]], doc_ids: Sequence[str],
               qrels: Qrels, measures: Sequence[str] = DEFAULT_MEASURES, *,
               doc_rows: Mapping[str, int] | None = None) -> list[dict[str, dict[str, float]]]:
    """:func:`score_runs` of runs given as search arrays, without building ``{doc_id: score}`` dicts.

    Each block is ``(qids, scores, rows)``: ``scores[i, j]`` is the score of corpus row ``rows[i, j]``
    (``doc_ids[rows[i, j]]``; -1 pads a list shorter than the others) in query ``qids[i]``'s run, best
    first, as a search returns them (``Retriever.search_hits``). The same floats as :func:`score_runs`
    of the same runs as dicts (tests/test_metrics_ranks.py); measures or scores the rank path does not
    take go through the dicts and the library as there. Why: turning 6,000 x 100 hits into Python
    lists and dicts and back into arrays cost ~0.1 CPU-s of a 1,000-query evaluation. ``doc_rows``: document
    id -> row of ``doc_ids`` when the caller keeps one (``Retriever.doc_rows``, once per corpus), else built here."""
    names, parsed, ir_qrels, specs, relevant = _plan(measures, qrels)
    index: Mapping[str, int] | None = doc_rows  # document id -> corpus row, built once for every block
    out = []
    for qids, scores, rows in blocks:
        got = None
        if specs is not None and relevant is not None:
            if index is None:
                index = {d: r for r, d in enumerate(doc_ids)}
            got = _rank_arrays(qids, scores, rows, doc_ids, index, relevant, names, specs)
        out.append(got if got is not None else score_runs([run_from_arrays(qids, scores, rows, doc_ids)], qrels,
                                                         measures)[0])
    return out


def run_from_arrays(qids: Sequence[str], scores: np.ndarray, rows: np.ndarray, doc_ids: Sequence[str]
             ) -> dict[str, dict[str, float]]:
    """The ``{qid: {doc_id: score}}`` run of search arrays (padding dropped)."""
    ids = doc_ids.__getitem__
    return {q: {ids(r): s for r, s in zip(irow, srow, strict=True) if r >= 0}
            for q, srow, irow in zip(qids, scores.tolist(), rows.tolist(), strict=True)}


def _plan(measures: Sequence[str], qrels: Qrels) -> tuple[list[str], list | None, dict[str, dict[str, int]],
                                                          list[tuple[str, int]] | None,
                                                          dict[str, list[tuple[str, int]]] | None]:
    """The measures' names and parsed forms (None when every name is canonical, :data:`_CANONICAL`: parsed
    only if the library path runs), the judgements as ints and, when the rank path can compute every measure
    (its measures only, gains >= 0), its specs and each query's relevant (doc, gain)."""
    names = list(dict.fromkeys(measures))
    # canonical rank-measure names need no parse (nor the ir-measures import): the library path parses them
    # when it runs (:func:`_score_library`)
    parsed = None if all(_CANONICAL.fullmatch(n) for n in names) else parse_measures(names)
    ir_qrels = {qid: {did: int(g) for did, g in rel.items()} for qid, rel in qrels.items()}
    own = [_own_measure(m) for m in (names if parsed is None else parsed)]
    if all(o is not None for o in own) and all(g >= 0 for rel in ir_qrels.values() for g in rel.values()):
        relevant = {qid: [(d, g) for d, g in rel.items() if g > 0] for qid, rel in ir_qrels.items()}
        return names, parsed, ir_qrels, [o for o in own if o is not None], relevant
    return names, parsed, ir_qrels, None, None


#: the measures :func:`_rank_measures` computes, by ir-measures' canonical name (``str(measure)``: a
#: measure with other parameters, e.g. ``AP(rel=2)``, prints otherwise and is left to the library)
_OWN = re.compile(r"(?P<name>nDCG|R|P|Success|RR)@(?P<k>\d+)|(?P<bare>AP|RR)")


def _own_measure(measure: Any) -> tuple[str, int] | None:
    """``(name, cutoff)`` (cutoff 0: none) of a measure :func:`_rank_measures` computes, else None."""
    m = _OWN.fullmatch(str(measure))
    if m is None:
        return None
    return (m["bare"], 0) if m["bare"] else (m["name"], int(m["k"]))


def _rank_measures(run: Run, relevant: Mapping[str, Sequence[tuple[str, int]]], names: Sequence[str],
                   specs: Sequence[tuple[str, int]]) -> dict[str, dict[str, float]] | None:
    """trec_eval's values of rank measures computed from the ranks of the relevant documents alone.

    Why not pytrec_eval here: it re-reads the whole run into C structures and sorts every query's list
    again per call (~0.6 of an evaluation's metric time, with the dicts rebuilt around it), while these
    measures depend only on where the few relevant documents of each query rank. The ranks are counted
    for all queries at once with numpy over a (queries, run length) score matrix, in trec_eval's order
    (score descending, ties by document id descending, as its ``comp_sim_docno``); each value is then
    summed exactly as trec_eval 9 sums it (``m_ndcg_cut.c``, ``m_map.c``, ``m_recip_rank.c``,
    ``m_recall.c``, ``m_P.c``, ``m_success.c``): in rank order, in doubles, the same divisions and
    C's ``log2`` (``math.log2``), so the floats are trec_eval's bit for bit. Relevance level 1: with
    integer gains, "relevant" (>= 1) and "positive gain" (> 0, what nDCG sums) coincide. None when a
    score is not finite (the caller asks the library)."""
    qids = [q for q, docs in run.items() if q in relevant and docs]
    if not qids:
        return {qid: dict.fromkeys(names, 0.0) for qid in relevant}
    lists = [run[q] for q in qids]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(d.values() for d in lists), dtype=np.float64, count=int(lengths.sum()))
    if not np.isfinite(flat).all():
        return None
    scores = np.full((len(qids), int(lengths.max())), -np.inf)
    scores[np.arange(scores.shape[1]) < lengths[:, None]] = flat  # row by row, in each list's order
    found: list[tuple[int, str, float, int]] = []  # (query row, doc, score, gain) of each relevant document in a run
    for i, (q, docs) in enumerate(zip(qids, lists, strict=True)):
        for d, g in relevant[q]:
            s = docs.get(d)
            if s is not None:
                found.append((i, d, float(s), g))
    return _ranked(qids, scores, found, lambda i, s: (d2 for d2, s2 in lists[i].items() if s2 == s),
                   relevant, names, specs)


def _rank_arrays(qids: Sequence[str], scores: np.ndarray, rows: np.ndarray, doc_ids: Sequence[str],
                 index: Mapping[str, int], relevant: Mapping[str, Sequence[tuple[str, int]]], names: Sequence[str],
                 specs: Sequence[tuple[str, int]]) -> dict[str, dict[str, float]] | None:
    """:func:`_rank_measures` of a run given as search arrays (see :func:`score_hits`): the same
    (queries, run length) score matrix (float64 of the scores, -inf where padded) and the same
    relevant documents' scores, found by corpus row (``index``: document id -> row of ``doc_ids``)
    instead of by dict lookups. None (the caller goes through the dicts) for a non-finite score or a
    document listed twice in one row."""
    keep = [i for i, q in enumerate(qids) if q in relevant]
    judged = [qids[i] for i in keep]
    matrix = np.asarray(scores, dtype=np.float64)[keep]
    rows = np.asarray(rows)[keep]
    pad = rows < 0
    if not np.isfinite(matrix[~pad]).all():
        return None
    if rows.shape[1] > 1:  # a document listed twice in a row: its dict keeps one entry (the dict path decides)
        ordered = np.sort(rows, axis=1)
        if ((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any():
            return None
    if pad.any():
        matrix[pad] = -np.inf
    # duplicate query ids: the run (a dict) keeps the last row of each, as ``run_from_arrays`` would
    last = {q: i for i, q in enumerate(judged)}
    if len(last) != len(judged):
        order = sorted(last.values())
        judged, matrix, rows = [judged[i] for i in order], matrix[order], rows[order]
    # each relevant document in the corpus and where its query's row lists it (one comparison for all)
    pairs = [(i, d, g, r) for i, q in enumerate(judged) for d, g in relevant[q] if (r := index.get(d)) is not None]
    found: list[tuple[int, str, float, int]] = []
    if pairs:
        at = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
        want = np.fromiter((p[3] for p in pairs), dtype=np.int64, count=len(pairs))
        listed = np.empty(len(pairs), dtype=bool)
        col = np.empty(len(pairs), dtype=np.int64)
        for lo in range(0, len(pairs), _RANK_BLOCK):  # bounds the (block, run length) comparison
            hit = rows[at[lo:lo + _RANK_BLOCK]] == want[lo:lo + _RANK_BLOCK, None]
            listed[lo:lo + _RANK_BLOCK] = hit.any(axis=1)
            col[lo:lo + _RANK_BLOCK] = hit.argmax(axis=1)  # its listing (at most one: checked above)
        values = matrix[at, col].tolist()
        found = [(i, d, values[j], g) for j, (i, d, g, _) in enumerate(pairs) if listed[j]]
    ids = doc_ids.__getitem__
    empty = pad.all(axis=1)
    if empty.any():  # an empty run: the dict path leaves the query out (all zeros)
        live = np.flatnonzero(~empty).tolist()
        remap = {old: new for new, old in enumerate(live)}
        judged, matrix, rows = [judged[i] for i in live], matrix[live], rows[live]
        found = [(remap[i], d, s, g) for i, d, s, g in found if i in remap]
        if not judged:
            return {qid: dict.fromkeys(names, 0.0) for qid in relevant}
    return _ranked(judged, matrix, found, lambda i, s: map(ids, rows[i][matrix[i] == s].tolist()),
                   relevant, names, specs)


def _ranked(qids: Sequence[str], scores: np.ndarray, found: Sequence[tuple[int, str, float, int]],
            tied_docs: Any, relevant: Mapping[str, Sequence[tuple[str, int]]], names: Sequence[str],
            specs: Sequence[tuple[str, int]]) -> dict[str, dict[str, float]]:
    """The measures of every judged query from its run's (queries, run length) score matrix (-inf past
    a run's end) and its relevant documents found in the run (``(query row, doc, score, gain)``);
    ``tied_docs(row, score)``: the ids of that query's documents with exactly that score.

    Queries with one relevant document (BoolQ's, XQuAD-R's: most queries of most benchmarks) get their
    values as numpy columns (:func:`_single_values`, the same floats as :func:`_value`); the others go
    through :func:`_value` query by query."""
    result: dict[str, dict[str, float]] = {qid: dict.fromkeys(names, 0.0) for qid in relevant}
    rank = np.empty(len(found), dtype=np.int64)  # rank of each found relevant document
    row_arr = np.fromiter((i for i, _, _, _ in found), dtype=np.int64, count=len(found))
    own = np.fromiter((s for _, _, s, _ in found), dtype=np.float64, count=len(found))
    for lo in range(0, len(found), _RANK_BLOCK):
        block = scores[row_arr[lo:lo + _RANK_BLOCK]]
        mine = own[lo:lo + _RANK_BLOCK, None]
        rank[lo:lo + _RANK_BLOCK] = np.count_nonzero(block > mine, axis=1) + 1
        tied = np.count_nonzero(block == mine, axis=1) - 1  # other documents with the same score
        for j in np.flatnonzero(tied).tolist():  # trec_eval puts the larger document id first among equal scores
            i, d, s, _ = found[lo + j]
            rank[lo + j] += sum(1 for d2 in tied_docs(i, s) if d2 > d)
    ranks = rank.tolist()
    columns_ok = all(k > 0 or kind in ("AP", "RR") for kind, k in specs)  # (a cutoff of 0: query by query)
    single = [columns_ok and len(relevant[q]) == 1 for q in qids]
    ranked: list[list[tuple[int, int]]] = [[] for _ in qids]  # per query: (rank, gain), best first
    for j, (i, _, _, g) in enumerate(found):
        ranked[i].append((ranks[j], g))
    one = [i for i, yes in enumerate(single) if yes]
    if one:
        rank_of = np.array([ranked[i][0][0] if ranked[i] else 0 for i in one], dtype=np.int64)
        gain_of = np.array([relevant[qids[i]][0][1] for i in one], dtype=np.float64)
        columns = [_single_values(kind, k, rank_of, gain_of).tolist() for kind, k in specs]
        for i, values in zip(one, zip(*columns, strict=True), strict=True):
            result[qids[i]] = dict(zip(names, values, strict=True))
    for i, q in enumerate(qids):
        if single[i]:
            continue
        hits = sorted(ranked[i])
        gains = [g for _, g in relevant[q]]
        row = result[q]
        for name, (kind, k) in zip(names, specs, strict=True):
            row[name] = _value(kind, k, hits, gains)
    return result


def _single_values(kind: str, k: int, rank: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """:func:`_value` of queries with ONE relevant document, as a column: ``rank`` its rank in each query's run
    (0: not in it), ``gain`` its (positive) gain; ``k`` >= 1 where the measure has a cutoff. The same IEEE
    operations on the same operands as :func:`_value` (``math.log2`` from a table), so the same floats."""
    found = rank > 0
    within = found & (rank <= k) if k else found
    safe = np.maximum(rank, 1)
    if kind == "nDCG":  # (gain / log2(rank + 1)) / (gain / log2(2))
        log2 = np.array([math.log2(x + 1) for x in range(int(safe.max()) + 1)])
        return np.where(within, (gain / log2[safe]) / (gain / 1.0), 0.0)
    if kind in ("AP", "RR"):  # (1 / rank) / 1 relevant document; RR: 1.0 / rank
        return np.where(within, 1.0 / safe, 0.0)
    if kind == "P":
        return np.where(within, 1 / k, 0.0)
    return np.where(within, 1.0, 0.0)  # R (within / 1 relevant document), Success


def _value(kind: str, k: int, hits: Sequence[tuple[int, int]], gains: Sequence[int]) -> float:
    """One measure of one query from its relevant documents' ``(rank, gain)`` in rank order and all its
    relevant gains (trec_eval's arithmetic, see :func:`_rank_measures`)."""
    if kind == "nDCG":
        dcg = 0.0
        for rank, g in hits:
            if rank > k:
                break
            dcg += g / math.log2(rank + 1)
        ideal = 0.0
        for i, g in enumerate(sorted(gains, reverse=True)[:k]):
            ideal += g / math.log2(i + 2)
        return dcg / ideal if ideal > 0.0 else dcg
    if kind == "AP":
        total = 0.0
        for j, (rank, _) in enumerate(hits, 1):
            total += j / rank
        return total / len(gains) if hits else 0.0
    if kind == "RR":
        return 1.0 / hits[0][0] if hits and (k == 0 or hits[0][0] <= k) else 0.0
    within = sum(1 for rank, _ in hits if rank <= k)
    if kind == "R":
        return within / len(gains) if gains else 0.0
    if kind == "P":
        return within / k
    return 1.0 if within else 0.0  # Success


#: relevant documents whose ranks one numpy comparison counts (bounds its (block, run length) arrays)
_RANK_BLOCK = 4096


def _score_library(run: Run, ir_qrels: Mapping[str, Mapping[str, int]], names: Sequence[str],
                   parsed: Sequence[Any] | None) -> dict[str, dict[str, float]]:
    """:func:`score_run` through pytrec_eval and ir-measures (``ir_qrels``: gains as ints; ``parsed``: the
    measures' ir-measures objects, None to parse ``names`` here)."""
    import ir_measures

    if parsed is None:
        parsed = parse_measures(names)

    result: dict[str, dict[str, float]] = {qid: dict.fromkeys(names, 0.0) for qid in ir_qrels}
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
