"""Multilingual retrieval evaluation on XQuAD-R: mono, cross and multi mAP, language bias, Max@R.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from robustir.errors import InputError
from robustir.result import package_versions

SETTINGS: tuple[str, ...] = ("mono", "cross", "multi")
SCHEMA = "robustir.xeval/1"

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


def build_eval_data(data_dir: Path | None = None, langs: Sequence[str] | None = None, split: str = "test",
                    limit: int | None = None) -> EvalData:
    """Read XQuAD-R and keep the questions of ``split`` ("train", "dev", "test" or "all")."""
    from robustir.data import xquadr

    if split not in (*xquadr.SPLITS, "all"):
        raise InputError(f"unknown split {split!r}; choose train, dev, test or all")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    data = xquadr.read(data_dir, langs)

    def keep(article: int) -> bool:
        return split == "all" or data.split[article] == split

    cands = {lang: [s for s in data.sentences[lang] if keep(s.article)] for lang in data.langs}
    index = {lang: {s.id: i for i, s in enumerate(cands[lang])} for lang in data.langs}
    qs = {lang: {q.id: q for q in data.questions[lang] if keep(q.article)} for lang in data.langs}
    first = data.langs[0]
    qids = [q.id for q in data.questions[first] if keep(q.article) and all(q.id in qs[lg] for lg in data.langs)]
    if limit is not None:
        qids = qids[:limit]
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
        relevant = np.stack([data.answers[lg] + off for lg, off in zip(langs, offsets)], axis=1)  # (n, L)
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


def model_provenance(encoder: Any, spec: str) -> dict[str, Any]:
    """Name, fingerprint, prompts, max length and (for robustir-trained folders) the training metadata."""
    from robustir.train.card import read_metadata

    prov: dict[str, Any] = {"spec": str(spec)}
    for key in ("name", "fingerprint", "max_seq_length", "query_prompt", "passage_prompt"):
        prov[key] = getattr(encoder, key, None)
    if getattr(encoder, "trust_remote_code", None):  # the folder's own code ran (--trust-remote-code)
        prov["trust_remote_code"] = True
    path = Path(str(spec)).expanduser()
    meta = read_metadata(path) if path.is_dir() else None
    if meta is not None:
        prov["training"] = {k: meta.get(k) for k in ("strategy", "alpha", "base", "langs", "seed", "steps",
                                                      "epochs", "batch_size", "max_seq_length",
                                                      "training_seconds")}
        prov["training"]["data_checksum"] = meta.get("data", {}).get("checksum")
        prov["training"]["test_articles"] = meta.get("data", {}).get("test_articles")
    return prov


def evaluate(encoder: Any, data: EvalData, settings: Sequence[str] = SETTINGS, *, spec: str | None = None,
             seed: int = 0, n_resamples: int = 10_000, batch_size: int = 64,
             show_progress: bool = False) -> dict[str, Any]:
    """Encode, score and package one model's results with provenance (a JSON-able dict).

    Warns (in the result, ``warnings``) when a robustir-trained model's test
    articles differ from the evaluation's, i.e. when training data may leak.
    """
    from robustir.data import xquadr

    qv, cv = encode_all(encoder, data, batch_size=batch_size, show_progress=show_progress)
    scores = score_settings(data, qv, cv, settings, seed=seed, n_resamples=n_resamples)
    n = scores.pop("_n_questions")
    per_question = scores.pop("per_question")
    prov = {
        "model": model_provenance(encoder, spec if spec is not None else getattr(encoder, "name", "?")),
        "dataset": {"name": "xquad-r", "checksum": data.checksum, "split": data.split,
                    "split_rule": xquadr.SPLIT_RULE, "articles": data.articles, "langs": list(data.langs),
                    "questions": n, "candidates": {lg: len(c) for lg, c in data.candidates.items()}},
        "seed": seed, "n_resamples": n_resamples, "confidence": 0.95,
        "versions": package_versions(),
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


def load_model(spec: str, max_seq_length: int | None = None, trust_remote_code: bool = False) -> Any:
    """An Encoder for ``spec`` (built-in name, folder, ...) via ``robustir.models.load_encoder``."""
    from robustir.models import load_encoder

    return load_encoder(spec, max_seq_length=max_seq_length, trust_remote_code=trust_remote_code)


