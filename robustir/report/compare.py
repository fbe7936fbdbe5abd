"""Paired comparison of training strategies (e.g. hybrid vs X-X) on the same perturbed queries.

Two results can be compared query by query only when they attacked the same
queries of the same dataset with the same recipe and, above all, the same
perturbed texts: then the per-query difference of degradations isolates the
model. ``check_comparable`` refuses anything else with one line saying what
differs. Model-aware (adversarial) recipes perturb differently per model, so
their results cannot be paired; compare them through their own CIs instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from robustir.errors import InputError
from robustir.report.extract import ResultLike, as_record
from robustir.schema import ResultRecord
from robustir.stats import TIE_TOLERANCE, compare_degradations, holm


def labels(results: Sequence[ResultLike]) -> list[str]:
    """Display labels (model name [strategy]); repeated labels get ``#2``, ``#3``... in order."""
    base = [as_record(r).provenance.model_label for r in results]
    out = []
    for i, b in enumerate(base):
        count = base[:i].count(b)
        out.append(b if base.count(b) == 1 else f"{b} #{count + 1}")
    return out


def check_comparable(results: Sequence[ResultLike], names: Sequence[str] | None = None) -> list[ResultRecord]:
    """Raise ``InputError`` unless every result has the same dataset checksum, recipe, queries and perturbed texts;
    return them as records."""
    if len(results) < 2:
        raise InputError("compare needs at least two result files")
    names = list(names) if names is not None else [f"result {i + 1}" for i in range(len(results))]
    recs = [as_record(r, name) for r, name in zip(results, names, strict=False)]
    ref, ref_name = recs[0], names[0]
    ref_prov = ref.provenance
    ref_texts = ref.perturbed_texts()
    ref_qids = ref.qids()
    for r, name in zip(recs[1:], names[1:], strict=False):
        prov = r.provenance
        if prov.dataset_checksum != ref_prov.dataset_checksum:
            raise InputError(
                f"{name} and {ref_name} used different data (dataset checksums differ: "
                f"{prov.dataset_name} vs {ref_prov.dataset_name}); compare results of one dataset"
            )
        for key in ("name", "sha256"):
            if prov.recipe.get(key) != ref_prov.recipe.get(key):
                raise InputError(f"{name} and {ref_name} used different recipes ({prov.recipe.get('name')} vs "
                                 f"{ref_prov.recipe.get('name')}, {key} differs); compare results of one recipe")
        qids = r.qids()
        if sorted(qids) != sorted(ref_qids):
            only = sorted(set(qids) ^ set(ref_qids))
            raise InputError(f"{name} and {ref_name} cover different queries ({len(qids)} vs {len(ref_qids)}; "
                             f"e.g. {only[0] if only else 'duplicated ids'}); rerun with the same --limit")
        texts = r.perturbed_texts()
        for qid in ref_qids:
            if texts[qid] != ref_texts[qid]:
                s = next((i for i, (a, b) in enumerate(zip(texts[qid], ref_texts[qid], strict=False)) if a != b),
                         min(len(texts[qid]), len(ref_texts[qid])))
                raise InputError(f"{name} and {ref_name} attacked with different perturbed queries (query {qid}, "
                                 f"sample {s}); pairing needs identical texts: same recipe, seed and samples, "
                                 f"and a model-agnostic recipe")
    return recs


def degradations(data: ResultLike, measure: str, order: Sequence[str] | None = None) -> np.ndarray:
    """Per-query degradation (clean minus mean over attack samples) in ``order`` of query ids."""
    qids, clean, attacked = as_record(data).per_query(measure)
    abar = attacked.mean(axis=1) if attacked.shape[1] else clean
    abar = np.where(np.abs(clean - abar) <= TIE_TOLERANCE, clean, abar)  # as in stats.summarize
    d = clean - abar
    if order is None:
        return d
    pos = {q: i for i, q in enumerate(qids)}
    return d[[pos[q] for q in order]]


def compare_results(results: Sequence[ResultLike], *, measures: Sequence[str] | None = None, seed: int = 0,
                    n_resamples: int = 10_000, confidence: float = 0.95, names: Sequence[str] | None = None) -> dict:
    """Compare every pair of results on every measure; Holm-adjust over all (pair, measure) tests.

    Returns a JSON-able dict: ``strategies`` (label and degradation summary per
    measure), ``pairs`` (``compare_degradations`` output per pair and measure, with
    ``a_label``/``b_label`` and ``p_holm``; ``a``/``b`` hold each side's mean degradation [CI]), and the
    shared dataset, recipe, n and samples.
    A positive difference means A degrades more than B (B is more robust).
    """
    results = check_comparable(results, names)
    common = [m for m in results[0].measures if all(m in r.measures for r in results)]
    if measures:
        missing = [m for m in measures if m not in common]
        if missing:
            raise InputError(f"measure {missing[0]!r} is not in every result (common: {', '.join(common) or 'none'})")
        common = list(measures)
    if not common:
        raise InputError("the results share no measure")
    labs = labels(results)
    order = results[0].qids()
    deg = {(i, m): degradations(r, m, order) for i, r in enumerate(results) for m in common}
    strategies = [{"label": lab, "index": i,
                   "degradation": {m: results[i].summary_of(m).get("degradation") for m in common},
                   "clean": {m: results[i].summary_of(m).get("clean") for m in common}}
                  for i, lab in enumerate(labs)]
    pairs = []
    for m in common:
        for i, j in itertools.combinations(range(len(results)), 2):
            c = compare_degradations(deg[(i, m)], deg[(j, m)], seed=seed, n_resamples=n_resamples,
                                     confidence=confidence)
            pairs.append({"measure": m, "a_label": labs[i], "b_label": labs[j], "a_index": i, "b_index": j, **c})
    adjusted = holm([p["p_value"] for p in pairs])
    for p, adj in zip(pairs, adjusted, strict=False):
        p["p_holm"] = float(adj)
    prov = results[0].provenance
    return {
        "dataset": prov.dataset_name,
        "checksum": prov.dataset_checksum,
        "recipe": prov.recipe_name,
        "n": len(order),
        "samples": len(results[0].queries[0].attacked) if results[0].queries else 0,
        "measures": common,
        "strategies": strategies,
        "pairs": pairs,
        "confidence": confidence,
        "n_resamples": n_resamples,
        "seed": seed,
        "family": _family(len(pairs) // len(common), len(common)),
    }


def _family(n_pairs: int, n_measures: int) -> str:
    def plural(k, word):
        return f"{k} {word}{'' if k == 1 else 's'}"
    tests = n_pairs * n_measures
    return (f"Holm over {plural(tests, 'test')} ({plural(n_pairs, 'pair')} x {plural(n_measures, 'measure')})"
            if tests > 1 else "a single test (no adjustment needed)")


def comparable_groups(results: Sequence[ResultLike]) -> list[list[int]]:
    """Indices of results grouped so that each group of 2+ can be paired (same data, recipe, perturbed texts)."""
    results = [as_record(r, f"result {i + 1}") for i, r in enumerate(results)]
    groups: list[list[int]] = []
    for i, r in enumerate(results):
        for g in groups:
            try:
                check_comparable([results[g[0]], r])
            except InputError:
                continue
            g.append(i)
            break
        else:
            groups.append([i])
    return [g for g in groups if len(g) >= 2]
