"""Multilingual retrieval evaluation on XQuAD-R and MLQA-R: mono, cross and multi mAP, language bias, Max@R.

Settings (LAReQA; Elmahdy, Lin & Ahmad, arXiv 2408.10536, Table 1):

- **mono**: questions in L vs the candidate sentences in L, for each L.
- **cross**: questions in L1 vs the candidates in L2, every ordered pair L1 != L2.
- **multi**: questions in L vs ONE pool of the candidates of all languages; a
  question's relevant candidates are its answer sentence in every language.

Per query the measure is average precision (AP; with one relevant candidate
it is 1/rank). A setting's mAP is the mean over questions of the question's
mean AP over the language (pair)s, so every question counts once and the 95%
confidence interval is a bootstrap over questions (BCa, scipy.stats.bootstrap;
percentile where BCa is degenerate). Language bias (multi setting) is, per
query, the highest minus the lowest rank among its parallel relevant
candidates (lower = less preference for some languages); Max@R (arXiv
2604.05684) is the rank needed to retrieve all of them (the highest rank).
Both are averaged over queries. Ranks count candidates scoring higher by more than
1e-6, plus one (ties, including float32 rounding noise, favour the relevant
candidate).

Every language's questions and candidates are encoded once per model; search
is exact (inner product of L2-normalised vectors with numpy). The pool here is
the test articles only (a few hundred candidates per language), smaller than
the full XQuAD-R pool the paper uses, so absolute mAP is higher and rank-based
numbers (bias, Max@R) are smaller than the paper's; compare models, not scales.

**MLQA-R** (``dataset="mlqa-r"``; :mod:`robustir.data.mlqar`) is evaluated whole (the MLQA dev
split; there is no train/test split, it is zero-shot for models trained on XQuAD-R) with
LAReQA's pool: all 20,534 sentences of the 7 languages. A question exists in 2-4 languages, so
``mono`` averages, per question, over the languages it exists in; ``cross`` over the ordered pairs
(L1, L2) where it exists in both; ``multi`` asks each language version of the question against
the pool, its relevant candidates being its answer sentence in each language where it exists
(2-4). Every question still counts once in mAP (mean over its queries); ``map_over_queries``
gives LAReQA's convention (every (question, language) query counts once) next to it.

``--limit N`` keeps N questions, each in every language, chosen by
:func:`robustir.data.benchmark.balanced_order` (sha256 of the question id), not the first N in
file order (which would be the first few articles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from robustir import provenance, schema
from robustir.errors import InputError

SETTINGS: tuple[str, ...] = ("mono", "cross", "multi")
DATASETS: tuple[str, ...] = ("xquad-r", "mlqa-r")
SCHEMA = schema.XEVAL

#: Paper Table 1 (XQuAD-R mAP mono/cross/multi) and language bias (multi), for reference.
PAPER_TABLE1: dict[str, dict[str, dict[str, float]]] = {
    "XLM-R": {"xx": {"mono": .792, "cross": .674, "multi": .547, "bias": 410},
              "xy": {"mono": .755, "cross": .700, "multi": .593, "bias": 295},
              "hybrid": {"mono": .798, "cross": .705, "multi": .593, "bias": 287}},
    "LaBSE": {"xx": {"mono": .808, "cross": .752, "multi": .652, "bias": 262},
              "xy": {"mono": .801, "cross": .762, "multi": .679, "bias": 225},
              "hybrid": {"mono": .817, "cross": .767, "multi": .682, "bias": 221}},
}


@dataclass
class EvalData:
    """Questions and candidates of one split, aligned across languages.

    ``qids`` are the questions present in every language (file order);
    ``questions[lang][i]`` is question ``qids[i]`` in ``lang``;
    ``answers[lang][i]`` is the index of its answer in ``candidates[lang]``.

    MLQA-R, where a question exists in only some languages: ``qids`` are all questions and
    ``qindex[lang]`` holds the positions (in ``qids``) of those that exist in ``lang``;
    ``questions[lang]`` and ``answers[lang]`` are then aligned with ``qindex[lang]``.
    ``qindex=None`` means every question exists in every language.
    """

    langs: tuple[str, ...]
    split: str
    qids: list[str]
    questions: dict[str, list[str]]
    candidates: dict[str, list[str]]
    candidate_ids: dict[str, list[str]]
    answers: dict[str, np.ndarray]
    checksum: str
    articles: list[str]
    dataset: str = "xquad-r"
    qindex: dict[str, np.ndarray] | None = None

    def rows(self, lang: str) -> np.ndarray:
        """Positions in ``qids`` of the questions of ``lang`` (all of them when ``qindex`` is None)."""
        if self.qindex is None:
            return np.arange(len(self.qids))
        return self.qindex[lang]


def _limit_qids(qids: list[str], limit: int | None) -> list[str]:
    """``limit`` questions by :func:`~robustir.data.benchmark.balanced_order`, kept in file order."""
    if limit is None or limit >= len(qids):
        return qids
    from robustir.data.benchmark import balanced_order

    chosen = set(balanced_order(qids)[:limit])
    return [q for q in qids if q in chosen]


def build_eval_data(data_dir: Path | None = None, langs: Sequence[str] | None = None, split: str | None = "test",
                    limit: int | None = None, dataset: str = "xquad-r") -> EvalData:
    """Read XQuAD-R and keep the questions of ``split`` ("train", "dev", "test" or "all"); or MLQA-R.

    ``dataset="mlqa-r"``: the whole MLQA-R (``split`` must be None, "dev" or "all"), see
    :func:`build_mlqa_data`. ``limit``: that many questions (each in every language), chosen by
    sha256 of the question id.
    """
    if dataset not in DATASETS:
        raise InputError(f"unknown dataset {dataset!r} for multilingual evaluation; choose {', '.join(DATASETS)}")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    if dataset == "mlqa-r":
        if split not in (None, "dev", "all"):
            raise InputError(f"MLQA-R has no {split} split: it is the whole MLQA dev set, used zero-shot "
                             "(leave --split out)")
        return build_mlqa_data(data_dir, langs, limit=limit)
    from robustir.data import xquadr

    split = "test" if split is None else split
    if split not in (*xquadr.SPLITS, "all"):
        raise InputError(f"unknown split {split!r}; choose train, dev, test or all")
    data = xquadr.read(data_dir, langs)

    def keep(article: int) -> bool:
        return split == "all" or data.split[article] == split

    cands = {lang: [s for s in data.sentences[lang] if keep(s.article)] for lang in data.langs}
    index = {lang: {s.id: i for i, s in enumerate(cands[lang])} for lang in data.langs}
    qs = {lang: {q.id: q for q in data.questions[lang] if keep(q.article)} for lang in data.langs}
    first = data.langs[0]
    qids = [q.id for q in data.questions[first] if keep(q.article) and all(q.id in qs[lg] for lg in data.langs)]
    qids = _limit_qids(qids, limit)
    if not qids:
        raise InputError(f"no XQuAD-R question of split {split} exists in all of {','.join(data.langs)}")
    articles = [t for i, t in enumerate(data.titles) if keep(i)]
    return EvalData(
        langs=data.langs, split=split, qids=qids,
        questions={lg: [qs[lg][q].text for q in qids] for lg in data.langs},
        candidates={lg: [s.text for s in cands[lg]] for lg in data.langs},
        candidate_ids={lg: [s.id for s in cands[lg]] for lg in data.langs},
        answers={lg: np.array([index[lg][qs[lg][q].answer] for q in qids], dtype=np.int64) for lg in data.langs},
        checksum=data.checksum, articles=articles)


def build_mlqa_data(data_dir: Path | None = None, langs: Sequence[str] | None = None,
                    limit: int | None = None) -> EvalData:
    """MLQA-R (all 7 languages by default): every question, every sentence (LAReQA's pool).

    ``qids`` are the questions that exist in at least two of ``langs`` (in the order of first
    appearance, languages in order); ``qindex`` says which exist in which language.
    """
    from robustir.data import mlqar

    data = mlqar.read(data_dir, langs)
    index = {lg: {s.id: i for i, s in enumerate(data.sentences[lg])} for lg in data.langs}
    qs = {lg: {q.id: q for q in data.questions[lg]} for lg in data.langs}
    seen: dict[str, int] = {}
    for lg in data.langs:
        for q in data.questions[lg]:
            seen[q.id] = seen.get(q.id, 0) + 1
    min_langs = 2 if len(data.langs) > 1 else 1
    qids = _limit_qids([q for q, n in seen.items() if n >= min_langs], limit)
    if not qids:
        raise InputError(f"no MLQA-R question exists in {min_langs} of {','.join(data.langs)}")
    qindex = {lg: np.array([i for i, q in enumerate(qids) if q in qs[lg]], dtype=np.int64) for lg in data.langs}
    return EvalData(
        langs=data.langs, split="dev", qids=qids,
        questions={lg: [qs[lg][qids[i]].text for i in qindex[lg]] for lg in data.langs},
        candidates={lg: [s.text for s in data.sentences[lg]] for lg in data.langs},
        candidate_ids={lg: [s.id for s in data.sentences[lg]] for lg in data.langs},
        answers={lg: np.array([index[lg][qs[lg][qids[i]].answer] for i in qindex[lg]], dtype=np.int64)
                 for lg in data.langs},
        checksum=data.checksum, articles=[], dataset="mlqa-r", qindex=qindex)


TIE_EPS = 1e-6


def ranks_of(scores: np.ndarray, relevant: np.ndarray, eps: float = TIE_EPS) -> np.ndarray:
    """Rank (1 = best) of each relevant candidate: 1 + the number of candidates scoring higher by more than ``eps``.

    ``eps`` absorbs float32 matrix-product noise, so identical vectors (e.g. a
    sentence that is the same in two languages) tie instead of being ordered by
    rounding; ties favour the relevant candidate.

    scores: (n_queries, n_candidates); relevant: (n_queries, R) candidate indices.
    Returns (n_queries, R) int64.
    """
    rel_scores = np.take_along_axis(scores, relevant, axis=1)
    # (n, R, 1) vs (n, 1, C) would be large for big pools; loop over R (R <= 11).
    return np.stack([(scores > rel_scores[:, [r]] + eps).sum(axis=1) + 1 for r in range(relevant.shape[1])], axis=1)


def average_precision(ranks: np.ndarray) -> np.ndarray:
    """AP per query from the ranks of all its relevant candidates: mean over k of k / (k-th smallest rank).

    With distinct ranks this is the textbook AP; tied relevant ranks are spread
    (1, 2, ...) so AP stays <= 1.
    """
    r = np.sort(ranks, axis=1).astype(np.float64)
    # make ranks strictly increasing when relevant candidates tie
    for j in range(1, r.shape[1]):
        r[:, j] = np.maximum(r[:, j], r[:, j - 1] + 1)
    k = np.arange(1, r.shape[1] + 1, dtype=np.float64)
    return (k / r).mean(axis=1)


def mean_ci(values: np.ndarray, *, seed: int = 0, n_resamples: int = 10_000,
            confidence: float = 0.95) -> dict[str, Any]:
    """Mean with a bootstrap CI over the entries (BCa; percentile when BCa is degenerate)."""
    from scipy import stats

    v = np.asarray(values, dtype=np.float64)
    mean = float(v.mean())
    if len(v) < 2 or np.all(v == v[0]):
        return {"mean": mean, "low": mean, "high": mean, "n": int(len(v)), "method": "degenerate"}
    out = None
    import warnings

    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = stats.bootstrap((v,), np.mean, n_resamples=n_resamples, confidence_level=confidence,
                                  method=method, rng=np.random.default_rng(seed), vectorized=True)
        lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
        if np.isfinite(lo) and np.isfinite(hi):
            out = {"mean": mean, "low": lo, "high": hi, "n": int(len(v)), "method": method}
            break
    return out or {"mean": mean, "low": float("nan"), "high": float("nan"), "n": int(len(v)), "method": "failed"}


def encode_all(encoder: Any, data: EvalData, batch_size: int = 64,
               show_progress: bool = False) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Encode every language's questions and candidates once: (queries[lang], candidates[lang])."""
    qv: dict[str, np.ndarray] = {}
    cv: dict[str, np.ndarray] = {}
    for lang in data.langs:
        qv[lang] = np.asarray(encoder.encode_queries(data.questions[lang], batch_size=batch_size,
                                                     show_progress=show_progress), dtype=np.float32)
        cv[lang] = np.asarray(encoder.encode_passages(data.candidates[lang], batch_size=batch_size,
                                                      show_progress=show_progress), dtype=np.float32)
    return qv, cv


def score_settings(data: EvalData, qv: dict[str, np.ndarray], cv: dict[str, np.ndarray],
                   settings: Sequence[str] = SETTINGS, *, seed: int = 0, n_resamples: int = 10_000
                   ) -> dict[str, Any]:
    """Per setting: mAP (with CI over questions), per language (pair) mAP, and for multi bias and Max@R.

    ``per_question`` holds each question's value per measure (mean over the
    languages or language pairs), for paired comparisons between models.
    """
    bad = [s for s in settings if s not in SETTINGS]
    if bad:
        raise InputError(f"unknown setting(s) {', '.join(bad)}; choose mono, cross, multi or all")
    if data.qindex is not None:
        return _score_partial(data, qv, cv, settings, seed=seed, n_resamples=n_resamples)
    langs = data.langs
    n = len(data.qids)
    out: dict[str, Any] = {}
    per_question: dict[str, np.ndarray] = {}
    if "mono" in settings:
        per = {}
        for lg in langs:
            ranks = ranks_of(qv[lg] @ cv[lg].T, data.answers[lg][:, None])
            per[lg] = average_precision(ranks)
        per_q = np.mean(np.stack(list(per.values())), axis=0)
        per_question["mono"] = per_q
        out["mono"] = {"map": mean_ci(per_q, seed=seed, n_resamples=n_resamples),
                       "per_lang": {lg: float(v.mean()) for lg, v in per.items()},
                       "candidates": {lg: len(data.candidates[lg]) for lg in langs}}
    if "cross" in settings:
        if len(langs) < 2:
            raise InputError("the cross-lingual setting needs at least two languages")
        per = {}
        for l1 in langs:
            for l2 in langs:
                if l1 != l2:
                    ranks = ranks_of(qv[l1] @ cv[l2].T, data.answers[l2][:, None])
                    per[f"{l1}-{l2}"] = average_precision(ranks)
        per_q = np.mean(np.stack(list(per.values())), axis=0)
        per_question["cross"] = per_q
        out["cross"] = {"map": mean_ci(per_q, seed=seed, n_resamples=n_resamples),
                        "per_pair": {k: float(v.mean()) for k, v in per.items()}}
    if "multi" in settings:
        if len(langs) < 2:
            raise InputError("the multilingual setting needs at least two languages")
        pool = np.concatenate([cv[lg] for lg in langs], axis=0)
        offsets = np.cumsum([0] + [len(data.candidates[lg]) for lg in langs])[:-1]
        relevant = np.stack([data.answers[lg] + off for lg, off in zip(langs, offsets, strict=False)], axis=1)  # (n, L)
        ap, bias, maxr, minr = {}, {}, {}, {}
        for lg in langs:
            ranks = ranks_of(qv[lg] @ pool.T, relevant)
            ap[lg] = average_precision(ranks)
            bias[lg] = (ranks.max(axis=1) - ranks.min(axis=1)).astype(np.float64)
            maxr[lg] = ranks.max(axis=1).astype(np.float64)
            minr[lg] = ranks.min(axis=1).astype(np.float64)
        stack = lambda d: np.stack(list(d.values()))  # noqa: E731 - (L, n)
        per_question["multi"] = stack(ap).mean(axis=0)
        per_question["language_bias"] = stack(bias).mean(axis=0)
        per_question["max_at_r"] = stack(maxr).mean(axis=0)
        out["multi"] = {
            "map": mean_ci(stack(ap).mean(axis=0), seed=seed, n_resamples=n_resamples),
            "per_lang": {lg: float(v.mean()) for lg, v in ap.items()},
            "language_bias": {**mean_ci(stack(bias).mean(axis=0), seed=seed, n_resamples=n_resamples),
                              "median": float(np.median(stack(bias)))},
            "max_at_r": {**mean_ci(stack(maxr).mean(axis=0), seed=seed, n_resamples=n_resamples),
                         "median": float(np.median(stack(maxr)))},
            "first_relevant_rank": {"mean": float(stack(minr).mean()), "median": float(np.median(stack(minr)))},
            "per_lang_bias": {lg: float(v.mean()) for lg, v in bias.items()},
            "pool": int(pool.shape[0]),
            "relevant_per_query": len(langs),
        }
    out["_n_questions"] = n
    # Per-question values (mean over languages / pairs), rounded for stable, compact JSON:
    # paired comparisons between models (e.g. hybrid vs X-X) need them.
    out["per_question"] = {"qids": list(data.qids),
                           **{k: [round(float(x), 6) for x in v] for k, v in per_question.items()}}
    return out


def _score_partial(data: EvalData, qv: dict[str, np.ndarray], cv: dict[str, np.ndarray],
                   settings: Sequence[str], *, seed: int, n_resamples: int) -> dict[str, Any]:
    """:func:`score_settings` when questions exist in only some languages (MLQA-R).

    Same measures; a question's value is the mean over the languages (pairs) where it exists, and
    in ``multi`` its relevant candidates are its answers in those languages (2-4). Kept apart
    from the all-languages code so that XQuAD-R numbers stay exactly as they were.
    """
    langs = data.langs
    n = len(data.qids)
    if len(langs) < 2 and ("cross" in settings or "multi" in settings):
        raise InputError("the cross-lingual and multilingual settings need at least two languages")
    local = {lg: np.full(n, -1, dtype=np.int64) for lg in langs}  # position in qids -> row in qv[lg]
    for lg in langs:
        local[lg][data.rows(lg)] = np.arange(len(data.rows(lg)))

    def per_question_mean(values: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Mean over the (positions, values) blocks that cover each question."""
        total, count = np.zeros(n), np.zeros(n)
        for pos, v in values:
            np.add.at(total, pos, v)
            np.add.at(count, pos, 1)
        if np.any(count == 0):
            raise InputError("a question has no value in this setting (it exists in one language only)")
        return total / count

    out: dict[str, Any] = {}
    per_question: dict[str, np.ndarray] = {}
    if "mono" in settings:
        per = {lg: average_precision(ranks_of(qv[lg] @ cv[lg].T, data.answers[lg][:, None])) for lg in langs}
        per_q = per_question_mean([(data.rows(lg), per[lg]) for lg in langs])
        per_question["mono"] = per_q
        out["mono"] = {"map": mean_ci(per_q, seed=seed, n_resamples=n_resamples),
                       "map_over_queries": float(np.concatenate(list(per.values())).mean()),
                       "per_lang": {lg: float(v.mean()) for lg, v in per.items()},
                       "queries": {lg: len(v) for lg, v in per.items()},
                       "candidates": {lg: len(data.candidates[lg]) for lg in langs}}
    if "cross" in settings:
        blocks, per = [], {}
        for l1 in langs:
            for l2 in langs:
                if l1 == l2:
                    continue
                pos = np.flatnonzero((local[l1] >= 0) & (local[l2] >= 0))
                if not len(pos):
                    continue
                scores = qv[l1][local[l1][pos]] @ cv[l2].T
                per[f"{l1}-{l2}"] = average_precision(ranks_of(scores, data.answers[l2][local[l2][pos]][:, None]))
                blocks.append((pos, per[f"{l1}-{l2}"]))
        per_q = per_question_mean(blocks)
        per_question["cross"] = per_q
        out["cross"] = {"map": mean_ci(per_q, seed=seed, n_resamples=n_resamples),
                        "map_over_queries": float(np.concatenate(list(per.values())).mean()),
                        "per_pair": {k: float(v.mean()) for k, v in per.items()},
                        "queries": {k: len(v) for k, v in per.items()}}
    if "multi" in settings:
        pool = np.concatenate([cv[lg] for lg in langs], axis=0)
        offsets = dict(
            zip(langs, np.cumsum([0] + [len(data.candidates[lg]) for lg in langs])[:-1].tolist(), strict=False)
        )
        present = np.stack([local[lg] >= 0 for lg in langs], axis=1)  # (n, L)
        measures: dict[str, dict[str, np.ndarray]] = {"ap": {}, "bias": {}, "maxr": {}, "minr": {}}
        for lg in langs:
            pos_all = data.rows(lg)
            scores = qv[lg] @ pool.T
            got = {k: np.empty(len(pos_all)) for k in measures}
            # queries with the same languages have the same number of relevant candidates: rank them together
            for pattern in sorted({tuple(r) for r in present[pos_all].tolist()}):
                rows = np.flatnonzero((present[pos_all] == pattern).all(axis=1))
                pos = pos_all[rows]
                relevant = np.stack([data.answers[c][local[c][pos]] + offsets[c]
                                     for c, on in zip(langs, pattern, strict=False) if on], axis=1)
                ranks = ranks_of(scores[rows], relevant)
                got["ap"][rows] = average_precision(ranks)
                got["bias"][rows] = ranks.max(axis=1) - ranks.min(axis=1)
                got["maxr"][rows] = ranks.max(axis=1)
                got["minr"][rows] = ranks.min(axis=1)
            for k in measures:
                measures[k][lg] = got[k]
        mean_of = {k: per_question_mean([(data.rows(lg), v[lg]) for lg in langs]) for k, v in measures.items()}
        every = {k: np.concatenate(list(v.values())) for k, v in measures.items()}
        per_question["multi"] = mean_of["ap"]
        per_question["language_bias"] = mean_of["bias"]
        per_question["max_at_r"] = mean_of["maxr"]
        n_rel = present.sum(axis=1)
        out["multi"] = {
            "map": mean_ci(mean_of["ap"], seed=seed, n_resamples=n_resamples),
            "map_over_queries": float(every["ap"].mean()),
            "per_lang": {lg: float(v.mean()) for lg, v in measures["ap"].items()},
            "language_bias": {**mean_ci(mean_of["bias"], seed=seed, n_resamples=n_resamples),
                              "median": float(np.median(every["bias"]))},
            "max_at_r": {**mean_ci(mean_of["maxr"], seed=seed, n_resamples=n_resamples),
                         "median": float(np.median(every["maxr"]))},
            "first_relevant_rank": {"mean": float(every["minr"].mean()), "median": float(np.median(every["minr"]))},
            "per_lang_bias": {lg: float(v.mean()) for lg, v in measures["bias"].items()},
            "pool": int(pool.shape[0]),
            "queries": int(len(every["ap"])),
            "relevant_per_query": {str(k): int((n_rel == k).sum()) for k in sorted(set(n_rel.tolist()))},
        }
    out["_n_questions"] = n
    out["per_question"] = {"qids": list(data.qids),
                           **{k: [round(float(x), 6) for x in v] for k, v in per_question.items()}}
    return out


def model_provenance(encoder: Any, spec: str) -> dict[str, Any]:
    """Name, fingerprint, prompts, max length and (for robustir-trained folders) the training metadata:
    :func:`robustir.provenance.model_provenance` in its multilingual-evaluation form."""
    return provenance.model_provenance(encoder, spec=spec)


def dataset_provenance(data: EvalData, n_questions: int) -> dict[str, Any]:
    """What was evaluated: dataset, checksum, split (XQuAD-R) or construction (MLQA-R), languages, counts."""
    candidates = {lg: len(c) for lg, c in data.candidates.items()}
    if data.dataset == "mlqa-r":
        from robustir.data import mlqar

        return {"name": "mlqa-r", "checksum": data.checksum, "split": data.split, "zero_shot": True,
                "construction": mlqar.CONSTRUCTION, "source": f"LAReQA MLQA-R @ {mlqar.LAREQA_COMMIT[:7]}",
                "licence": mlqar.LICENCE, "articles": data.articles, "langs": list(data.langs),
                "questions": n_questions, "queries": {lg: len(q) for lg, q in data.questions.items()},
                "candidates": candidates}
    from robustir.data import xquadr

    return {"name": "xquad-r", "checksum": data.checksum, "split": data.split,
            "split_rule": xquadr.SPLIT_RULE, "articles": data.articles, "langs": list(data.langs),
            "questions": n_questions, "candidates": candidates}


def evaluate(encoder: Any, data: EvalData, settings: Sequence[str] = SETTINGS, *, spec: str | None = None,
             seed: int = 0, n_resamples: int = 10_000, batch_size: int = 64,
             show_progress: bool = False) -> dict[str, Any]:
    """Encode, score and package one model's results with provenance (a JSON-able dict).

    Warns (in the result, ``warnings``) when a robustir-trained model's test
    articles differ from the evaluation's, i.e. when training data may leak.
    """
    qv, cv = encode_all(encoder, data, batch_size=batch_size, show_progress=show_progress)
    scores = score_settings(data, qv, cv, settings, seed=seed, n_resamples=n_resamples)
    n = scores.pop("_n_questions")
    per_question = scores.pop("per_question")
    prov: dict[str, Any] = {
        "model": model_provenance(encoder, spec if spec is not None else getattr(encoder, "name", "?")),
        "dataset": dataset_provenance(data, n),
        "seed": seed, "n_resamples": n_resamples, "confidence": 0.95,
        "versions": provenance.package_versions(),
    }
    warnings: list[str] = []
    trained = prov["model"].get("training")
    if trained and data.split in ("train", "all"):
        warnings.append(f"the model was trained on XQuAD-R train articles and is evaluated on split {data.split}")
    elif trained and data.split == "test" and trained.get("test_articles") and sorted(
            trained["test_articles"]) != sorted(data.articles):
        warnings.append("the model's recorded test articles differ from the articles evaluated here")
    return {"schema": SCHEMA, "provenance": prov, "settings": scores, "per_question": per_question,
            "warnings": warnings}


def load_model(spec: Any, max_seq_length: int | None = None, trust_remote_code: bool = False) -> Any:
    """An Encoder for ``spec`` (built-in name, folder, ...) via ``robustir.models.load_encoder``, truncated at
    ``max_seq_length`` tokens (default: :data:`robustir.defaults.DEFAULT_MAX_SEQ_LENGTH`, as in ``attack``)."""
    from robustir.defaults import DEFAULT_MAX_SEQ_LENGTH
    from robustir.models import load_encoder

    return load_encoder(spec, max_seq_length=max_seq_length, trust_remote_code=trust_remote_code,
                        default_max_seq_length=DEFAULT_MAX_SEQ_LENGTH)




def evaluate_multilingual(model: Any, dataset: str = "xquad-r", *, settings: Sequence[str] = SETTINGS,
                          langs: Sequence[str] | None = None, split: str | None = None, limit: int | None = None,
                          seed: int = 0, resamples: int = 10_000, batch_size: int = 64,
                          max_seq_length: int | None = None, data_dir: Path | None = None,
                          trust_remote_code: bool = False, show_progress: bool = False) -> dict[str, Any]:
    """What ``robustir evaluate`` computes for one model (``robustir.evaluate_multilingual``): mono, cross
    and multi mAP, language bias and Max@R with bootstrap CIs on XQuAD-R (``split``: test, the held-out
    articles, by default) or MLQA-R. ``model``: a built-in name, a folder or an Encoder object;
    ``max_seq_length`` as in :func:`load_model`. Returns the result dict ``robustir evaluate --output``
    writes."""
    bad = [s for s in settings if s not in SETTINGS]
    if bad:
        raise InputError(f"unknown setting {', '.join(bad)}; choose from {', '.join(SETTINGS)}")
    data = build_eval_data(data_dir, langs, split=split, limit=limit, dataset=dataset)
    encoder = load_model(model, max_seq_length, trust_remote_code=trust_remote_code)
    spec = str(model) if isinstance(model, str | Path) else encoder.name
    return evaluate(encoder, data, settings, spec=spec, seed=seed, n_resamples=resamples, batch_size=batch_size,
                    show_progress=show_progress)
