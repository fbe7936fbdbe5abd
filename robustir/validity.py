"""Validity of perturbed queries: did the perturbation keep the question?

Every perturbed query gets ``similarity`` (cosine to its original under the
multilingual USE, an encoder independent of the model under attack), ``valid``
(it passed every meaning check) and ``failed`` (the first check that failed).
Checks, in order:

* ``numbers``: every number of the original (digits, NFKC-normalised: full-width digits
  count) is still in the perturbed query; a changed year or count changes the question;
* ``semantic``: similarity >= the floor: the recipe's ``validity_floor``, else the floor
  calibrated for its family (``FAMILY_FLOORS``), else its ``semantic_min_ratio``, else
  ``DEFAULT_FLOOR``; a code-switched sample into or out of a language USE-m was not trained
  on (hi, el, vi) gets ``UNCALIBRATED_FLOOR`` instead (:func:`uncalibrated`).

An ``unperturbable`` sample (the perturbation found nothing it may edit) and an
unchanged one are the original text: similarity 1, valid, and never counted as
attacked. Reports show degradation over all perturbations and over the valid ones
(``summary_valid``) with the share of valid ones (``validity``).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

#: USE-m cosine below which a perturbed query is taken to ask something else
#: (bench/validity.py measures this flag's precision/recall against judgements)
DEFAULT_FLOOR = 0.8

#: USE-m floors per recipe family, fitted on half A of every judged perturbation
#: (bench/validity/lexical + bench/validity/char, split by a hash of the texts) as the
#: highest floor keeping >= 95% of the acceptable ones of the family, where the family has
#: unacceptable ones to separate, else the lowest acceptable cosine (no acceptable output
#: flagged); precision and recall on half B are in bench/RESULTS.md section 18
#: (``python bench/validity_flag.py``). A recipe's own ``validity_floor`` wins.
FAMILY_FLOORS: dict[str, float] = {"codeswitch": 0.88, "synonym": 0.92, "homoglyph": 0.75, "keywords": 0.6,
                                   "ocr": 0.72, "segmentation": 0.71, "typo": 0.73, "wordorder": 0.94,
                                   "script-fullwidth": 0.57}

#: The floor of a code-switched sample into or out of a language USE-m was not trained on
#: (:func:`uncalibrated`): the code-switching attack's own ``floor_uncovered``, i.e. no floor beyond
#: the one that produced it. Measured on every judged code-switching set (bench/RESULTS.md section
#: 124, ``python bench/codeswitch_floor.py``): for en -> hi and hi/el/vi -> en no floor between 0.5
#: and 0.95 is more precise than the share of acceptable rows (USE-m's cosines of accepted and
#: rejected switches overlap), while 0.88 marked 27-66% of the acceptable ones invalid. A validity
#: block counts these samples (``floor_uncalibrated``) so that a report says the floor was not informative.
UNCALIBRATED_FLOOR = 0.5

_NUMBER = re.compile(r"\d+")


def family_floor(family: str, language: str | None = None) -> float:
    """The calibrated floor of a recipe family (``codeswitch-adv`` -> ``codeswitch``), else
    ``DEFAULT_FLOOR``. ``language`` is accepted for per-language floors (none calibrated yet)."""
    del language
    return FAMILY_FLOORS.get(family.removesuffix("-adv"), DEFAULT_FLOOR)


#: The semantic floor's encoder once loaded, with the loader that built it (see :func:`semantic_encoder`).
_SEMANTIC: dict[str, Any] = {}
_SEMANTIC_LOCK = threading.Lock()  # a study's worker threads load it once between them


def semantic_encoder() -> Any:
    """The semantic floor's encoder (multilingual USE), loaded once per process.

    Loading it (SentencePiece model, ~300 MB of weights) costs more than encoding a run's
    perturbed queries, and a study runs many evaluations in one process: they all share
    this instance. A USE vector depends only on its text (float64 sums, ``robustir.models.use_forward``),
    never on earlier calls or on its batch, so sharing it (and its disk vector cache) changes no number.
    Kept per loader function, so that replacing
    ``robustir.models.load_encoder`` (tests, benchmarks) takes effect."""
    import robustir.models

    loader = robustir.models.load_encoder
    with _SEMANTIC_LOCK:
        if _SEMANTIC.get("loader") is not loader:
            _SEMANTIC["encoder"] = loader("use-m")
            _SEMANTIC["loader"] = loader
        return _SEMANTIC["encoder"]


def floor_of(attack: Any) -> float:
    """The similarity floor of an attack: the recipe's ``validity_floor``, else the calibrated
    floor of its recipe name (``-adv`` removed; "script-fullwidth" has its own) or of its recipe's
    ``family`` (a recipe named "codeswitch-es" is still code-switching), else its semantic floor,
    else ``DEFAULT_FLOOR``."""
    f = getattr(attack, "validity_floor", None)
    if f is None:
        name = str(getattr(attack, "name", "") or "")
        f = FAMILY_FLOORS.get(name.removesuffix("-adv"))
    if f is None:
        f = FAMILY_FLOORS.get(str(getattr(attack, "family", "") or ""))
    if f is None:
        f = getattr(attack, "semantic_min_ratio", None)
    return float(f) if f is not None else DEFAULT_FLOOR


def uncalibrated(p: Any) -> bool:
    """True when the perturbed sample ``p`` code-switches (an edit ``codeswitch:L``) and its language
    or a language it switches into is one the multilingual USE was not trained on: USE-m's cosine
    there does not tell acceptable from unacceptable switches (bench/RESULTS.md section 124)."""
    targets = [e.operation.split(":", 1)[1] for e in getattr(p, "edits", ()) if e.operation.startswith("codeswitch:")]
    if not targets:
        return False
    from robustir.attacks.codeswitch import USE_M_LANGUAGES

    return getattr(p, "language", "en") not in USE_M_LANGUAGES or any(t not in USE_M_LANGUAGES for t in targets)


def sample_floor(p: Any, floor: float) -> float:
    """The semantic floor of one perturbed sample: ``floor``, or at most ``UNCALIBRATED_FLOOR`` where
    USE-m was not trained on a language it code-switches (:func:`uncalibrated`)."""
    return min(floor, UNCALIBRATED_FLOOR) if uncalibrated(p) else floor


def numbers_kept(original: str, perturbed: str) -> bool:
    """True when every number of ``original`` (as a digit string, NFKC: ``２０`` is ``20``) occurs
    in ``perturbed`` at least as often."""
    want = _numbers_of_original(original)
    if not want:
        return True
    have = _NUMBER.findall(unicodedata.normalize("NFKC", perturbed))
    return all(have.count(n) >= want.count(n) for n in set(want))


@functools.lru_cache(maxsize=1 << 14)
def _numbers_of_original(text: str) -> tuple[str, ...]:
    """The numbers of an original query (kept: each one is checked against all its samples)."""
    return tuple(_NUMBER.findall(unicodedata.normalize("NFKC", text)))


def check_texts(original: str, perturbed: str, similarity: float, floor: float) -> str | None:
    """The first meaning check a perturbed query fails (``numbers``, ``semantic``), or None."""
    if not numbers_kept(original, perturbed):
        return "numbers"
    if similarity < floor:
        return "semantic"
    return None


def _validity_setter() -> Callable[[Any, float, bool, str | None], Any]:
    """``(p, similarity, valid, failed) -> dataclasses.replace(p, similarity=..., valid=..., failed=...)``;
    for a ``Perturbed``, without re-running its generated ``__init__``: a copy of its ``__dict__``, as
    ``attacks.base.new_perturbed`` builds one (~10x cheaper; one call per perturbed sample of a run)."""
    from robustir.attacks.base import _PERTURBED_FIELDS, Perturbed, _fill

    def replace(p: Any, similarity: float, valid: bool, failed: str | None) -> Any:
        if type(p) is not Perturbed or _PERTURBED_FIELDS is None:
            return dataclasses.replace(p, similarity=similarity, valid=valid, failed=failed)
        d = p.__dict__.copy()
        d["similarity"], d["valid"], d["failed"] = similarity, valid, failed
        return _fill(Perturbed, d)

    return replace


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
    with_validity = _validity_setter()
    out = []
    for i, row in enumerate(perturbed):
        new_row = []
        for s, p in enumerate(row):
            sim = by_pair.get((i, s), 1.0)
            failed = check_texts(texts[i], p.text, sim, sample_floor(p, floor)) if (i, s) in by_pair else None
            new_row.append(with_validity(p, round(sim, 6), failed is None, failed))
        out.append(new_row)
    return out


def attacked_mask(texts: Sequence[str], perturbed: list[list[Any]]) -> np.ndarray:
    """(n, K) True where a sample is a real perturbation (changed, not unperturbable)."""
    return np.array([[p.text != texts[i] and not p.unperturbable for p in row]
                     for i, row in enumerate(perturbed)], dtype=bool)


def validity_block(texts: Sequence[str], perturbed: list[list[Any]], floor: float, *, own_similarity: bool = False
                   ) -> dict:
    """Counts for the result file: samples, unperturbable, unchanged, attacked, valid, shares, and what checked
    them: ``check`` is ``use-m+numbers`` (the semantic floor), or ``similarity_fn+numbers`` when
    ``own_similarity`` (the caller gave ``similarity_fn``: its cosine, not use-m's, decided ``valid``, and no
    ``floor_device`` is recorded)."""
    flat = [(i, p) for i, row in enumerate(perturbed) for p in row]
    unpert = sum(1 for _, p in flat if p.unperturbable)
    unpert_q = sum(1 for row in perturbed if row and all(p.unperturbable for p in row))
    attacked = [(i, p) for i, p in flat if p.text != texts[i] and not p.unperturbable]
    valid = sum(1 for _, p in attacked if p.valid)
    uncal = sum(1 for _, p in attacked if uncalibrated(p))
    check = "similarity_fn+numbers" if own_similarity else "use-m+numbers"
    block = {"floor": floor, "check": check, "samples": len(flat), "unperturbable": unpert,
            "unperturbable_queries": unpert_q, "queries": len(perturbed),
            "unchanged": len(flat) - unpert - len(attacked), "attacked": len(attacked), "valid": valid,
            "valid_share": (valid / len(attacked)) if attacked else None,
            "mean_similarity": (float(np.mean([p.similarity for _, p in attacked])) if attacked else None)}
    if uncal:  # only then (every other result file keeps its bytes)
        block["floor_uncalibrated"] = uncal
    device = None if own_similarity else loaded_floor_device()
    if device not in (None, "cpu"):  # use-m ran on a GPU (robustir.models.use_torch: other last bits); CPU results
        block["floor_device"] = device  # keep their bytes
    return block


def loaded_floor_device() -> str | None:
    """The device of this process's use-m once loaded (:func:`semantic_encoder`: one per process, so a run's
    similarities came from it), else None. The result's validity block names it when it is a GPU; a transfer
    attack's crafted-texts key reads it too, falling back to where the floor would load
    (``robustir.models.use.floor_device``), since the floor's device changes the last bits of its similarities."""
    encoder = _SEMANTIC.get("encoder")
    return str(getattr(encoder, "device", "cpu")) if encoder is not None else None


def valid_samples(texts: Sequence[str], perturbed: list[list[Any]]) -> np.ndarray:
    """(n, K) True where a sample counts in the valid-only summary: a real perturbation (changed, not
    unperturbable) that passed every meaning check. The same for every measure of a run: computed once."""
    width = len(perturbed[0]) if perturbed else 0  # (no query: a (0, 0) mask; ``reshape(0, -1)`` raises)
    return np.array([[bool(p.valid) and p.text != texts[i] and not p.unperturbable for p in row]
                     for i, row in enumerate(perturbed)], dtype=bool).reshape(len(perturbed), width)


def valid_matrix(clean: np.ndarray, attacked: np.ndarray, texts: Sequence[str],
                 perturbed: list[list[Any]], valid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(clean, attacked mean over valid samples) over the queries with at least one valid
    attacked sample, for ``summarize``; None when no query has one. ``valid``: :func:`valid_samples`
    when the caller has it (one per run, not one per measure).

    The means are taken per group of queries with the same valid samples, one ``mean(axis=1)`` over
    those columns: the same floats as each query's own ``np.mean`` over its valid samples (numpy reduces
    each row alone, in the same order), without a numpy call per query and measure (~20 ms per
    1,000-query run)."""
    keep = valid_samples(texts, perturbed) if valid is None else valid
    rows = np.flatnonzero(keep.any(axis=1)) if keep.size else np.zeros(0, dtype=np.int64)
    if not rows.size:
        return None
    values = np.asarray(attacked, dtype=float)
    patterns, group = np.unique(keep[rows], axis=0, return_inverse=True)
    group = group.reshape(-1)
    out = np.empty(rows.size)
    for g, pattern in enumerate(patterns):
        at = np.flatnonzero(group == g)
        cols = np.flatnonzero(pattern)
        if cols.size < _ROW_MEAN_MAX:
            out[at] = np.mean(values[rows[at]][:, cols], axis=1)
        else:  # from 8 values on, numpy's pairwise sum of one row may add in another order than a row of many
            out[at] = [np.mean(values[r, cols]) for r in rows[at]]
    return np.asarray(clean)[rows], out


#: Valid samples per query below which a (queries, samples) ``mean(axis=1)`` adds each row in the order a
#: 1-D ``np.mean`` does (numpy's pairwise summation unrolls by 8; checked in tests/test_validity_checks.py)
_ROW_MEAN_MAX = 8
