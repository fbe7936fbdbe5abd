"""Per-language breakdown of one result: cross-lingual sets (XQuAD-R ``multi``) mix query languages,
and robustness can differ sharply between them."""

from __future__ import annotations

from robustir.report.extract import ResultLike, _provenance, per_query
from robustir.schema import queries_of


def language_breakdown(result: ResultLike, measure: str, *, seed: int | None = None,
                       n_resamples: int = 2000) -> list[dict]:
    """One ``robustir.stats.summarize`` dict per query language (in order of first appearance), with its
    ``language``; ``seed`` defaults to the result's own. Empty when all queries share one language."""
    import numpy as np

    from robustir.stats import summarize

    _, clean, attacked = per_query(result, measure)
    langs = [q.lang for q in queries_of(result)]
    order = list(dict.fromkeys(langs))
    if len(order) < 2:
        return []
    seed = int(_provenance(result).seed or 0) if seed is None else seed
    out = []
    for lang in order:
        idx = np.array([i for i, x in enumerate(langs) if x == lang])
        s = summarize(clean[idx], attacked[idx], seed=seed, n_resamples=n_resamples)
        out.append({"language": lang, **s})
    return out
