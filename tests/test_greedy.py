"""Greedy search: the rank-aware goal, the one edit budget, and batching across queries."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robustir.attacks.attack import Attack
from robustir.attacks.base import Edit, Perturbation, Perturbed, RetrievalScores, edit_count
from robustir.attacks.constraints import Protected
from robustir.attacks.goals import UntopK
from robustir.attacks.search import GreedySearch, RandomSearch
from robustir.attacks.tokenize import replace_words, words
from robustir.attacks.typo import Typo


class Swaps(Perturbation):
    """Word-level candidates from a fixed table ``word -> rewrites`` (a stand-in for code-switching)."""

    name = "swaps"

    def __init__(self, table: dict[str, list[str]], rate: float = 1.0, max_edits: int | None = None) -> None:
        self.table, self.rate, self.max_edits = table, rate, max_edits

    def eligible_count(self, text: str, language: str = "en") -> int:
        return sum(1 for w in words(text) if w.text in self.table)

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:  # pragma: no cover
        raise NotImplementedError

    def word_candidates(self, text: str, language: str = "en", rng: random.Random | None = None):
        out = []
        for i, w in enumerate(words(text)):
            for rep in self.table.get(w.text, []):
                out.append(Perturbed(replace_words(text, {i: rep}), (Edit(i, w.text, rep, "swap"),), language))
        return out


class TableScorer:
    """Scores from a table: text -> (relevant score, non-relevant scores); exact rank and k-th score."""

    def __init__(self, table: dict[str, tuple[float, list[float]]], k: int = 10, default: str = "") -> None:
        self.table, self.k, self.default = table, k, default

    def __call__(self, texts: Sequence[str]) -> RetrievalScores:
        rel, kth, rank = [], [], []
        for t in texts:
            r, non = self.table[t] if t in self.table else self.table[self.default]
            srt = sorted(non, reverse=True)
            rel.append(r)
            kth.append(srt[self.k - 1])
            rank.append(1 + sum(x > r for x in srt))
        return RetrievalScores(np.array(rel), np.array(kth), np.array(rank))


# "play off ... world cup" under codeswitch-adv: the original ranks its relevant document 3rd
# (RR 0.33, margin to the 10th non-relevant 0.80 - 0.70 = 0.10). Switching "world" to Spanish
# lowers every score, the top non-relevant ones most: the relevant document rises to rank 1
# (RR 1.0) while the margin FALLS to 0.75 - 0.69 = 0.06, so a margin objective keeps the edit.
WORLD_CUP = "who won the play off for the world cup"
WORLD_CUP_TABLE = {
    WORLD_CUP: (0.80, [0.85, 0.84, 0.78, 0.77, 0.76, 0.75, 0.74, 0.73, 0.72, 0.70, 0.50, 0.40]),
    "who won the play off for the mundial cup": (0.75, [0.74, 0.74, 0.73, 0.73, 0.72, 0.72, 0.71, 0.71, 0.70,
                                                        0.69, 0.50, 0.40]),
    "who won the play off for the world copa": (0.80, [0.85, 0.84, 0.79, 0.78, 0.77, 0.76, 0.75, 0.74, 0.73,
                                                       0.72, 0.50, 0.40]),
}


def test_the_margin_kept_edit_that_raised_rr_from_a_third_to_one_is_impossible() -> None:
    scorer = TableScorer(WORLD_CUP_TABLE, default=WORLD_CUP)
    cands = [WORLD_CUP, "who won the play off for the mundial cup", "who won the play off for the world copa"]
    s = scorer(cands)
    margin = s.relevant - s.nonrelevant
    # the fixture reproduces the failure: the margin objective prefers the edit that lifts the rank
    assert s.rank.tolist() == [3, 1, 3]
    assert int(np.argmin(margin)) == 1 and margin[1] < margin[0]
    table = {"world": ["mundial"], "cup": ["copa"]}
    a = Attack("codeswitch-adv", Swaps(table), GreedySearch(budget=50))
    (p,), = a.run([WORLD_CUP], seed=0, samples=1, score_fns=[scorer])
    assert "mundial" not in p.text  # never kept: it lowers the relevant document's rank
    assert scorer([p.text]).rank[0] >= 3 and not p.success


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n_words=st.integers(2, 6))
def test_no_kept_edit_ever_lowers_the_relevant_rank(seed: int, n_words: int) -> None:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(n_words)]
    text = " ".join(vocab)
    table = {w: [w + "x", w + "y"] for w in vocab}
    scores: dict[str, tuple[float, list[float]]] = {}

    def scorer(texts: Sequence[str]) -> RetrievalScores:
        for t in texts:  # a random score table, drawn lazily per distinct text
            if t not in scores:
                scores[t] = (rng.random(), [rng.random() for _ in range(15)])
        return TableScorer(scores, k=3)(texts)

    a = Attack("t", Swaps(table), GreedySearch(budget=100), goal=UntopK(3))
    (p,), = a.run([text], seed=seed, samples=1, score_fns=[scorer])
    before, after = scorer([text]).rank[0], scorer([p.text]).rank[0]
    assert after >= before
    if p.edits:  # an edit kept makes the key strictly better: a higher rank, or the same and a lower margin
        s0, s1 = scorer([text]), scorer([p.text])
        assert after > before or (s1.relevant - s1.nonrelevant)[0] < (s0.relevant - s0.nonrelevant)[0]


def test_greedy_edits_at_most_what_the_random_search_edits() -> None:
    """One budget: ``edit_budget`` is the number of words a random application edits."""
    protected = Protected(stopwords=False, min_length=3)
    texts = ["alpha bravo charlie delta echo foxtrot golf hotel india juliet",
             "the cat sat on the mat", "ab cd", "one two three four five six seven eight nine ten eleven"]
    for rate, max_edits in [(0.15, 3), (0.3, None), (1.0, 2)]:
        typo = Typo(rate=rate, max_edits=max_edits)
        rnd = Attack("r", typo, RandomSearch(), protected=protected).run(texts, seed=1, samples=3)
        for text, row in zip(texts, rnd, strict=False):
            budget = typo.edit_budget(text, "en")
            eligible = sum(1 for w in words(text) if protected(w.text, "en"))
            assert budget == edit_count(rate, max_edits, eligible)
            assert all(len(p.edits) == budget for p in row)

        def hurts_all(texts_: Sequence[str]) -> RetrievalScores:  # every edit helps the attack a little
            n = np.array(
                [sum(a != b for a, b in zip(t.split(), texts[0].split(), strict=False)) for t in texts_], float
            )
            return RetrievalScores(1.0 - 0.01 * n, np.full(len(texts_), 0.5), np.ones(len(texts_), int))

        g = Attack("g", Typo(rate=rate, max_edits=max_edits), GreedySearch(budget=1000), protected=protected)
        (p,), = g.run(texts[:1], seed=0, samples=1, score_fns=[hurts_all])
        assert len(p.edits) == typo.edit_budget(texts[0], "en")


def test_an_unperturbable_query_is_marked_and_not_edited() -> None:
    a = Attack("t", Swaps({"zebra": ["zebu"]}), GreedySearch(budget=20))
    scorer = TableScorer({"": (0.9, [0.5] * 12)})
    (p,), = a.run(["nothing to switch here"], seed=0, samples=1, score_fns=[scorer])
    assert p.unperturbable and p.edits == () and p.queries == 1


# -- batching across queries ------------------------------------------------------------------------


QUERIES = ["what is the boiling point of water at sea level", "who painted the mona lisa in florence",
           "how many moons does jupiter have", "tour eiffel hauteur metres", "what causes aurora borealis",
           "x", "water water water boiling", "the tallest mountain on mars olympus mons"]
TARGETS = {"water", "lisa", "moons", "eiffel", "aurora", "boiling", "olympus", "mountain", "florence"}


def _score_text(t: str) -> tuple[float, float, int]:
    """A deterministic retriever: relevance from the target words still intact; each target
    word lowers the k-th non-relevant score a little too (rank and margin both matter)."""
    ws = [w.text for w in words(t)]
    hits = sum(w in TARGETS for w in ws)
    rel = 0.6 + 0.1 * hits + 0.001 * len(t)
    kth = 0.75 + 0.003 * (len(ws) % 4)
    rank = 1 if rel > kth + 0.05 else (5 if rel > kth else 20 + len(ws))
    return rel, kth, rank


class BatchScorer:
    """The batched form: candidates of many queries per call (records each call's owners)."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def __call__(self, texts: Sequence[str], owners: Sequence[int]) -> RetrievalScores:
        self.calls.append(list(owners))
        out = [_score_text(t) for t in texts]
        return RetrievalScores(np.array([o[0] for o in out]), np.array([o[1] for o in out]),
                               np.array([o[2] for o in out]))


def per_query(texts: Sequence[str]) -> RetrievalScores:
    return BatchScorer()(texts, [0] * len(texts))


def similarity(originals: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
    # a fake independent encoder: rejects candidates shorter than their original
    return np.array([0.5 if len(c) < len(o) else 1.0 for o, c in zip(originals, candidates, strict=False)])


def _attack(batch_queries: int) -> Attack:
    return Attack("typo-adv", Typo(rate=0.3, max_edits=3), GreedySearch(budget=60, batch_queries=batch_queries),
                  protected=Protected(stopwords=False, min_length=3), semantic_min_ratio=0.9, goal=UntopK(3))


def _dump(rows: list[list[Perturbed]]) -> str:
    return json.dumps([[p.to_dict() for p in row] for row in rows], ensure_ascii=False, sort_keys=True)


def test_batched_greedy_equals_query_by_query_greedy() -> None:
    distinct_originals: list[int] = []

    def counted_similarity(o: Sequence[str], c: Sequence[str]) -> np.ndarray:
        distinct_originals.append(len(set(o)))
        return similarity(o, c)

    per_query_calls: list[int] = []

    def counted_per_query(texts: Sequence[str]) -> RetrievalScores:
        per_query_calls.append(len(texts))
        return per_query(texts)

    one_by_one = _attack(1).run(QUERIES, seed=3, samples=2, score_fns=[counted_per_query] * len(QUERIES),
                                similarity_fn=similarity)
    scorer = BatchScorer()
    batched = _attack(256).run(QUERIES, seed=3, samples=2, batch_score_fn=scorer, similarity_fn=counted_similarity)
    assert _dump(batched) == _dump(one_by_one)
    assert any(p.edits for row in batched for p in row) and any(p.rejected for row in batched for p in row)
    # one scoring call per step holds the candidates of many queries: all of them in the first
    assert len(set(scorer.calls[0])) == len(QUERIES)
    assert len(scorer.calls) < len(per_query_calls)
    # and one semantic-floor call checks the candidates of several queries
    assert max(distinct_originals) > 1
    # a small window gives the same texts too
    assert _dump(_attack(3).run(QUERIES, seed=3, samples=2, batch_score_fn=BatchScorer(),
                                similarity_fn=similarity)) == _dump(one_by_one)


def test_batched_greedy_reports_progress_per_query() -> None:
    seen: list[int] = []
    _attack(4).run(QUERIES, seed=0, samples=3, batch_score_fn=BatchScorer(), similarity_fn=similarity,
                   progress=seen.append)
    assert sum(seen) == len(QUERIES)


# -- in robustir's pipeline (bag-of-words encoder, toy benchmark) ------------------------------------

ADV_RECIPE = """
name = "t-adv"
description = "greedy pipeline test"
family = "typo"
samples = 1
[perturbation]
type = "typo"
rate = 0.5
[constraints]
protect_numbers = false
protected_words = ["what", "the"]
min_length = 1
semantic_min_ratio = 0.9
[search]
type = "greedy"
budget = 80
{extra}
[goal]
type = "untopk"
k = 3
"""


def _recipe_file(tmp_path, extra: str = ""):
    p = tmp_path / f"adv{abs(hash(extra))}.toml"
    p.write_text(ADV_RECIPE.format(extra=extra), encoding="utf-8")
    return p


def _pipeline_similarity(originals: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
    return np.array([0.5 if len(c) < len(o) else 1.0 for o, c in zip(originals, candidates, strict=False)])


def test_batched_greedy_in_the_pipeline_equals_query_by_query(tmp_path) -> None:
    from robustir.evaluation import evaluate
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    kw = dict(seed=0, k=10, cache_dir=tmp_path / "cache", bootstrap_resamples=200,
              similarity_fn=_pipeline_similarity)
    enc = BagOfWordsEncoder()
    batched = evaluate(enc, toy_benchmark(), _recipe_file(tmp_path), **kw)
    calls_batched = enc.calls
    enc1 = BagOfWordsEncoder()
    one = evaluate(enc1, toy_benchmark(), _recipe_file(tmp_path, "batch_queries = 1"), **kw)
    assert calls_batched < enc1.calls  # fewer, larger encoder calls
    qb, q1 = batched.data["queries"], one.data["queries"]
    assert [q["attacked"][0]["text"] for q in qb] == [q["attacked"][0]["text"] for q in q1]
    assert any(q["attacked"][0]["edits"] for q in qb)
    for a, b in zip(qb, q1, strict=False):
        for m, v in a["attacked"][0]["metrics"].items():
            assert v == pytest.approx(b["attacked"][0]["metrics"][m], abs=1e-6)
        # rank-aware: no kept edit helped retrieval
        assert a["attacked"][0]["metrics"]["RR@10"] <= a["clean"]["RR@10"] + 1e-12
    for m in batched.data["summary"]:
        assert batched.data["summary"][m]["attacked"] == pytest.approx(one.data["summary"][m]["attacked"], abs=1e-6)


def test_transfer_attack_evaluates_the_model_on_the_surrogates_texts(tmp_path) -> None:
    from robustir.evaluation import evaluate
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    kw = dict(seed=0, k=10, cache_dir=tmp_path / "cache", bootstrap_resamples=200,
              similarity_fn=_pipeline_similarity)
    surrogate = BagOfWordsEncoder(dim=64, name="bow64")
    own = evaluate(surrogate, toy_benchmark(), _recipe_file(tmp_path), **kw)
    model = BagOfWordsEncoder(dim=512)
    transfer = evaluate(model, toy_benchmark(), _recipe_file(tmp_path),
                        surrogate=BagOfWordsEncoder(dim=64, name="bow64"), **kw)
    def texts(r):
        return [q["attacked"][0]["text"] for q in r.data["queries"]]
    assert texts(transfer) == texts(own)  # exactly the surrogate's adversarial texts
    assert transfer.data["provenance"]["surrogate"]["name"] == "bow64"
    assert transfer.data["provenance"]["surrogate"]["fingerprint"] == surrogate.fingerprint
    assert transfer.data["provenance"]["model"]["fingerprint"] == model.fingerprint
    assert "surrogate" not in own.data["provenance"]
    # the model under test only encoded the clean and the final texts, never the candidates
    assert transfer.data["cost"]["texts_encoded"] <= 2 * len(texts(own))
    assert transfer.data["cost"]["surrogate_texts_encoded"] > transfer.data["cost"]["texts_encoded"]
    # paired on identical inputs: the clean side is the model's own clean run
    direct = evaluate(model, toy_benchmark(), _recipe_file(tmp_path), **kw)
    assert [q["clean"] for q in direct.data["queries"]] == [q["clean"] for q in transfer.data["queries"]]


def test_a_surrogate_needs_an_adversarial_recipe(tmp_path) -> None:
    from robustir.errors import InputError
    from robustir.evaluation import evaluate
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    with pytest.raises(InputError, match="not adversarial"):
        evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", surrogate=BagOfWordsEncoder(dim=64),
                 cache_dir=tmp_path)


def test_the_semantic_floor_encodes_each_distinct_text_once_per_run(monkeypatch) -> None:
    import robustir.models
    from robustir.evaluation import use_similarity
    from tests.fakes import BagOfWordsEncoder

    enc = BagOfWordsEncoder()
    monkeypatch.setattr(robustir.models, "load_encoder", lambda name: enc)
    sim = use_similarity()
    a = sim(["red apple", "red apple", "blue sky"], ["red apples", "rad apple", "blue sky"])
    b = sim(["red apple", "blue sky"], ["rad apple", "blue skies"])  # one new text
    assert sorted(enc.texts_seen) == sorted({"red apple", "red apples", "rad apple", "blue sky", "blue skies"})
    assert enc.calls == 2  # one batch per call, across queries
    assert a[1] == pytest.approx(b[0]) and a[2] == pytest.approx(1.0)


def test_the_semantic_floor_encoder_is_loaded_once_per_process(monkeypatch) -> None:
    import robustir.models
    from robustir.evaluation import use_similarity
    from tests.fakes import BagOfWordsEncoder

    loads: list[str] = []

    def load(name):
        loads.append(name)
        return BagOfWordsEncoder()

    monkeypatch.setattr(robustir.models, "load_encoder", load)
    first, second = use_similarity(), use_similarity()  # two runs in one process (a study)
    a = first(["red apple"], ["rad apple"])
    b = second(["red apple"], ["rad apple"])
    assert loads == ["use-m"] and a.tolist() == b.tolist()
    monkeypatch.setattr(robustir.models, "load_encoder", lambda name: loads.append("other") or BagOfWordsEncoder())
    use_similarity()(["red apple"], ["rad apple"])  # a replaced loader is used (tests, benchmarks)
    assert loads == ["use-m", "other"]


def test_cli_surrogate_with_a_random_recipe_is_one_line_exit_2(tmp_path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "robustir", "attack", "-r", "typo", "-m", "no-such-model",
                          "-d", "boolq", "--surrogate", "minilm-l6"], capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert "not adversarial" in out.stderr and len(out.stderr.strip().splitlines()) == 1


# -- transfer attacks in a study ----------------------------------------------------------------------


def _study(**over):
    from robustir.study.spec import parse_study

    data = {"name": "t", "datasets": ["toy"], "recipes": ["typo", "typo-adv"], "seeds": [0], "resamples": 200,
            "limit": 6, "models": {"base": {"model": "bow-64", "strategy": "base"},
                                   "xy": {"model": "bow-96", "strategy": "xy"}}}
    data.update(over)
    return parse_study(data)


def test_study_surrogate_crafts_once_and_evaluates_every_model_on_those_texts(tmp_path) -> None:
    import json as _json

    from robustir.study.cells import Cell, cell_path
    from robustir.study.runner import run_study
    from tests.study_fakes import FakeResolver

    spec = _study(surrogate="base")
    assert spec.recipes == ("typo", "typo-adv", "typo-adv@base")  # the per-model block stays
    assert spec.to_dict()["surrogate"] == "base" and "surrogate" not in _study().to_dict()
    run = run_study(spec, tmp_path, cache_dir=tmp_path / "cache", resolver=FakeResolver(), log=lambda s: None)
    assert {o.status for o in run.outcomes} == {"computed"} and len(run.outcomes) == 6

    def cell(model: str, recipe: str) -> dict:
        return _json.loads(cell_path(tmp_path, Cell(model, "toy", recipe, 0)).read_text())

    def texts(d):
        return [[a["text"] for a in q["attacked"]] for q in d["queries"]]
    own = cell("base", "typo-adv")
    for model in ("base", "xy"):
        transfer = cell(model, "typo-adv@base")
        assert texts(transfer) == texts(own)  # crafted once against the surrogate
        assert transfer["provenance"]["surrogate"]["fingerprint"] == own["provenance"]["model"]["fingerprint"]
    assert texts(cell("xy", "typo-adv")) != texts(own)  # the per-model attack differs
    again = run_study(spec, tmp_path, cache_dir=tmp_path / "cache", resolver=FakeResolver(), log=lambda s: None)
    assert {o.status for o in again.outcomes} == {"reused"}


def test_study_surrogate_must_be_a_model_label() -> None:
    from robustir.errors import InputError

    with pytest.raises(InputError, match="surrogate"):
        _study(surrogate="nobody")
    with pytest.raises(InputError, match="after '@'"):
        _study(recipes=["typo-adv@nobody"])
    assert _study(recipes=["typo", "typo-adv@xy"]).recipes == ("typo", "typo-adv@xy")
