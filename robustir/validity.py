"""Validity of perturbed queries: did the perturbation keep the question?

Every perturbed query gets ``similarity`` (cosine to its original under the
multilingual USE, an encoder independent of the model under attack), ``valid``
(it passed every meaning check) and ``failed`` (the first check that failed).
Checks, in order:

* ``semantic``: similarity >= the recipe's ``semantic_min_ratio`` (else ``DEFAULT_FLOOR``).

An ``unperturbable`` sample (the perturbation found nothing it may edit) and an
unchanged one are the original text: similarity 1, valid, and never counted as
attacked. Reports show degradation over all perturbations and over the valid ones
(``summary_valid``) with the share of valid ones (``validity``).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

#: USE-m cosine below which a perturbed query is taken to ask something else
#: (bench/validity.py measures this flag's precision/recall against judgements)
DEFAULT_FLOOR = 0.8


#: The semantic floor's encoder once loaded, with the loader that built it (see :func:`semantic_encoder`).
_SEMANTIC: dict[str, Any] = {}
_SEMANTIC_LOCK = threading.Lock()  # a study's worker threads load it once between them


def semantic_encoder() -> Any:
    """The semantic floor's encoder (multilingual USE), loaded once per process.

    Loading it (SentencePiece model, ~300 MB of weights) costs more than encoding a run's
    perturbed queries, and a study runs many evaluations in one process: they all share
    this instance. USE's vectors depend only on the texts of each call, never on earlier
    calls, so sharing it changes no number. Kept per loader function, so that replacing
    ``robustir.models.load_encoder`` (tests, benchmarks) takes effect."""
    import robustir.models

    loader = robustir.models.load_encoder
    with _SEMANTIC_LOCK:
        if _SEMANTIC.get("loader") is not loader:
            _SEMANTIC["encoder"] = loader("use-m")
            _SEMANTIC["loader"] = loader
        return _SEMANTIC["encoder"]


def floor_of(attack: Any) -> float:
    """The similarity floor of an attack: the recipe's ``validity_floor``, else its semantic floor,
    else ``DEFAULT_FLOOR``."""
    f = getattr(attack, "validity_floor", None)
    if f is None:
        f = getattr(attack, "semantic_min_ratio", None)
    return float(f) if f is not None else DEFAULT_FLOOR


def annotate(texts: Sequence[str], perturbed: list[list[Any]],
             similarity_fn: Callable[[Sequence[str], Sequence[str]], np.ndarray],
             floor: float) -> list[list[Any]]:
    """``perturbed`` with ``similarity``/``valid``/``failed`` filled in (one encoder call
    over the changed samples; each distinct text is encoded once)."""
    pairs = [(i, s) for i, row in enumerate(perturbed) for s, p in enumerate(row)
             if p.text != texts[i] and not p.unperturbable]
    sims = np.ones(0)
    if pairs:
        sims = np.asarray(similarity_fn([texts[i] for i, _ in pairs],
                                        [perturbed[i][s].text for i, s in pairs]), dtype=np.float64)
    by_pair = {pair: float(v) for pair, v in zip(pairs, sims, strict=False)}
    out = []
    for i, row in enumerate(perturbed):
        new_row = []
        for s, p in enumerate(row):
            sim = by_pair.get((i, s), 1.0)
            ok = sim >= floor
            new_row.append(dataclasses.replace(p, similarity=round(sim, 6), valid=ok,
                                               failed=None if ok else "semantic"))
        out.append(new_row)
    return out


def attacked_mask(texts: Sequence[str], perturbed: list[list[Any]]) -> np.ndarray:
    """(n, K) True where a sample is a real perturbation (changed, not unperturbable)."""
    return np.array([[p.text != texts[i] and not p.unperturbable for p in row]
                     for i, row in enumerate(perturbed)], dtype=bool)


def validity_block(texts: Sequence[str], perturbed: list[list[Any]], floor: float) -> dict:
    """Counts for the result file: samples, unperturbable, unchanged, attacked, valid, shares."""
    flat = [(i, p) for i, row in enumerate(perturbed) for p in row]
    unpert = sum(1 for _, p in flat if p.unperturbable)
    unpert_q = sum(1 for row in perturbed if row and all(p.unperturbable for p in row))
    attacked = [(i, p) for i, p in flat if p.text != texts[i] and not p.unperturbable]
    valid = sum(1 for _, p in attacked if p.valid)
    return {"floor": floor, "check": "use-m", "samples": len(flat), "unperturbable": unpert,
            "unperturbable_queries": unpert_q, "queries": len(perturbed),
            "unchanged": len(flat) - unpert - len(attacked), "attacked": len(attacked), "valid": valid,
            "valid_share": (valid / len(attacked)) if attacked else None,
            "mean_similarity": (float(np.mean([p.similarity for _, p in attacked])) if attacked else None)}


def valid_matrix(clean: np.ndarray, attacked: np.ndarray, texts: Sequence[str],
                 perturbed: list[list[Any]]) -> tuple[np.ndarray, np.ndarray] | None:
    """(clean, attacked mean over valid samples) over the queries with at least one valid
    attacked sample, for ``summarize``; None when no query has one."""
    keep_c, keep_a = [], []
    for i, row in enumerate(perturbed):
        idx = [s for s, p in enumerate(row) if p.valid and p.text != texts[i] and not p.unperturbable]
        if idx:
            keep_c.append(clean[i])
            keep_a.append(float(np.mean(attacked[i, idx])))
    if not keep_c:
        return None
    return np.asarray(keep_c), np.asarray(keep_a)
