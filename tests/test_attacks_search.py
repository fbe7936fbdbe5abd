"""Searches, goals, constraints and Attack.run: determinism, budgets, batching, greedy behaviour."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robustir.attacks.attack import Attack, text_constraints
from robustir.attacks.base import AttackError, Edit, MissingResource, Perturbation, Perturbed, RetrievalScores
from robustir.attacks.constraints import (
    MaxEditDistance,
    MaxWordsChanged,
    Protected,
    ProtectedCheck,
    SemanticFloor,
    apply_constraints,
    load_stopwords,
)
from robustir.attacks.goals import Margin, UntopK, make_goal
from robustir.attacks.search import GreedySearch, RandomSearch
from robustir.attacks.tokenize import words
from robustir.attacks.typo import Typo

QUERIES = ["what is the boiling point of water at sea level",
           "who painted the mona lisa in florence",
           "how many moons does jupiter have in 2024",
           "", "日本の首都はどこですか", "tour eiffel hauteur"]


class TargetScorer:
    """A synthetic retriever: the relevant document is found only through ``target`` words.

    relevant = 1 + 0.1 * (#target words still intact); the k-th non-relevant score is 1.05,
    so the relevant document leaves the top k once every target word is broken.
    Records each call's batch size.
    """

    def __init__(self, targets: set[str]) -> None:
        self.targets = targets
        self.calls: list[int] = []

    def __call__(self, texts: Sequence[str]) -> RetrievalScores:
        self.calls.append(len(texts))
        hits = np.array([sum(w.text in self.targets for w in words(t)) for t in texts], dtype=float)
        rel = np.where(hits > 0, 1.0 + 0.1 * hits, 0.5)
        kth = np.full(len(texts), 1.05)
        rank = np.where(rel > kth, 1, 50)
        return RetrievalScores(rel, kth, rank)


def _typo_attack(search, rate: float = 0.3, **kw) -> Attack:
    return Attack("t", Typo(rate=rate, **kw), search,
                  protected=Protected(stopwords=False, min_length=3))


# -- random search / Attack.run -----------------------------------------------------------------


def test_random_run_is_deterministic_and_seed_sensitive() -> None:
    a = _typo_attack(RandomSearch())
    r1 = a.run(QUERIES, seed=7, samples=3)
    r2 = _typo_attack(RandomSearch()).run(QUERIES, seed=7, samples=3)
    dump = lambda r: json.dumps([[p.to_dict() for p in row] for row in r], ensure_ascii=False)  # noqa: E731
    assert dump(r1) == dump(r2)
    assert dump(r1) != dump(a.run(QUERIES, seed=8, samples=3))
    assert [len(row) for row in r1] == [3] * len(QUERIES)
    assert len({p.text for p in r1[0]}) > 1  # samples differ from each other


def test_a_texts_perturbations_do_not_depend_on_the_batch() -> None:
    a = _typo_attack(RandomSearch())
    full = a.run(QUERIES, seed=1, samples=2)
    alone = a.run(QUERIES[2:3], seed=1, samples=2)
    reordered = a.run(list(reversed(QUERIES)), seed=1, samples=2)
    assert alone[0] == full[2]
    assert reordered[::-1] == full


def test_run_validates_its_inputs() -> None:
    a = _typo_attack(RandomSearch())
    with pytest.raises(AttackError, match="languages"):
        a.run(["a b"], seed=0, samples=1, languages=["en", "fr"])
    with pytest.raises(AttackError, match="samples"):
        a.run(["a b"], seed=0, samples=0)
    g = _typo_attack(GreedySearch())
    with pytest.raises(AttackError, match="model-aware"):
        g.run(["a b"], seed=0, samples=1)
    floor = Attack("f", Typo(), RandomSearch(), semantic_min_ratio=0.9)
    with pytest.raises(AttackError, match="similarity_fn"):
        floor.run(["a b"], seed=0, samples=1)


def test_progress_counts_every_text() -> None:
    seen: list[int] = []
    _typo_attack(RandomSearch()).run(QUERIES * 100, seed=0, samples=1, progress=seen.append)
    assert sum(seen) == len(QUERIES) * 100


def test_rejected_draws_are_redrawn_then_reported() -> None:
    # an impossible constraint: every draw rejected, the sample is the original with the count
    a = Attack("t", Typo(rate=1.0), RandomSearch(max_tries=4), constraints=[MaxEditDistance(0)])
    (row,) = a.run(["alpha bravo charlie"], seed=0, samples=2)
    for p in row:
        assert p.text == "alpha bravo charlie" and p.edits == ()
        assert p.rejected == {"max_edit_distance": 4}
    # a satisfiable one: the results honour it
    b = Attack("t", Typo(rate=1.0), RandomSearch(max_tries=50), constraints=[MaxEditDistance(2)])
    for p in b.run(["alpha bravo charlie delta"], seed=3, samples=5)[0]:
        assert len(p.edits) <= 2


def test_semantic_floor_is_batched_and_relative() -> None:
    calls: list[int] = []

    def sim(originals: Sequence[str], candidates: Sequence[str]) -> np.ndarray:
        calls.append(len(originals))
        # self-similarity 2.0 (not normalised): the ratio must divide by it
        return np.array([2.0 if o == c else (1.7 if len(c) == len(o) else 1.0)
                         for o, c in zip(originals, candidates, strict=False)])

    a = Attack("t", Typo(rate=1.0, operations=["swap", "delete"]), RandomSearch(max_tries=30),
               semantic_min_ratio=0.8)  # swap keeps length: 1.7/2 = 0.85 passes; delete 0.5 fails
    out = a.run(["alpha bravo", "charlie delta", "echo foxtrot"], seed=0, samples=2, similarity_fn=sim)
    for row in out:
        for p in row:
            assert all(e.operation == "swap" for e in p.edits) and p.edits
    assert len(calls) < 3 * 2 * 30  # batched across texts and samples, not one call per draw


def test_protected_check_rejects_edits_of_protected_words_by_foreign_perturbations() -> None:
    class Careless(Perturbation):
        name = "careless"

        def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
            w = words(text)[0].text
            return Perturbed(text.replace(w, w.upper(), 1), (Edit(0, w, w.upper(), "upper"),), language)

    a = Attack("c", Careless(), RandomSearch(max_tries=3), protected=Protected(stopwords=False, words=["the"]))
    (p,), = a.run(["the cat"], seed=0, samples=1)
    assert p.text == "the cat" and p.rejected == {"protected": 3}
    (q,), = a.run(["cat the"], seed=0, samples=1)
    assert q.text == "CAT the"


# -- constraints ------------------------------------------------------------------------------------


def test_protected_words() -> None:
    p = Protected(stopwords=True, words=["Paris"], min_length=3, stopword_lists={"en": ["the"]})
    assert not p("The", "en") and not p("paris", "en") and not p("ab", "en") and not p("covid19", "en")
    assert p("capital", "en")
    assert Protected(numbers=False, stopwords=False)("covid19", "en")


def test_stopwords_never_fall_back_silently(tmp_path) -> None:
    sw = tmp_path / "corpora" / "stopwords"
    sw.mkdir(parents=True)
    (sw / "english").write_text("the\nof\n", encoding="utf-8")
    assert load_stopwords("en", tmp_path) == {"the", "of"}
    with pytest.raises(MissingResource, match="no list for 'es'"):
        Protected(nltk_data=tmp_path)("hola", "es")
    with pytest.raises(MissingResource, match="no stopword list for language 'xx'"):
        Protected(nltk_data=tmp_path)("hola", "xx")
    warn = Protected(nltk_data=tmp_path, missing_stopwords="warn")
    with pytest.warns(UserWarning, match="'es'"):
        assert warn("hola", "es")
    assert warn.sources == {"es": "none"}
    with pytest.raises(MissingResource, match="NLTK stopwords not found"):
        load_stopwords("en", tmp_path / "nowhere")


def test_max_words_changed_and_edit_distance() -> None:
    p1 = Perturbed("a X c d", (Edit(1, "b", "X", "t"),))
    p2 = Perturbed("Y X c d", (Edit(0, "a", "Y", "t"), Edit(1, "b", "X", "t")))
    assert MaxWordsChanged(0.25).check(["a b c d"] * 2, [p1, p2]) == [True, False]
    assert MaxWordsChanged(1.0, max_words=1).check(["a b c d"] * 2, [p1, p2]) == [True, False]
    assert MaxEditDistance(1).check(["a b c d"] * 2, [p1, p2]) == [True, False]
    rejected: dict[str, int] = {}
    ok = apply_constraints(text_constraints(max_share=1.0, max_edit_distance=1), ["a b c d"] * 2, [p1, p2],
                           rejected)
    assert ok == [True, False] and rejected == {"max_edit_distance": 1}
    assert ProtectedCheck(Protected(stopwords=False, words=["b"])).check(["a b c d"], [p1]) == [False]


def test_semantic_floor_values() -> None:
    floor = SemanticFloor(lambda o, c: np.array([0.9 if x != y else 1.0 for x, y in zip(o, c, strict=False)]), 0.95)
    assert floor.check(["a", "a"], [Perturbed("b"), Perturbed("a")]) == [False, True]
    with pytest.raises(AttackError):
        SemanticFloor(lambda o, c: np.ones(1), 1.5)


# -- goals --------------------------------------------------------------------------------------


def test_goals() -> None:
    s = RetrievalScores(np.array([0.9, 0.7]), np.array([0.8, 0.8]), np.array([3, 12]))
    u = UntopK(10)
    assert u.objective(s).round(3).tolist() == [0.1, -0.1]
    assert u.succeeded(s).tolist() == [False, True]
    assert Margin().succeeded(s).tolist() == [False, True]
    assert make_goal({"type": "margin"}).k == 1 and make_goal(None).k == 10
    with pytest.raises(AttackError, match="unknown goal"):
        make_goal({"type": "top"})


# -- greedy -------------------------------------------------------------------------------------


def test_greedy_finds_the_damaging_word_and_stops_at_the_goal() -> None:
    text = "what causes the aurora borealis phenomenon"
    scorer = TargetScorer({"aurora"})
    a = _typo_attack(GreedySearch(budget=500), rate=0.5)
    (p,), = a.run([text], seed=0, samples=1, score_fns=[scorer])
    assert p.success is True and p.objective < 0
    assert [e.original for e in p.edits] == ["aurora"]  # only the damaging word was touched
    # original, one batched importance call, then one batched call for the aurora candidates
    assert len(scorer.calls) == 3
    assert scorer.calls[0] == 1
    assert p.queries == sum(scorer.calls)


def test_greedy_needs_several_words_and_respects_the_edit_budget() -> None:
    text = "alpha bravo charlie delta echo foxtrot"
    targets = {"alpha", "charlie", "echo"}
    ok = _typo_attack(GreedySearch(budget=1000), rate=0.5)
    (p,), = ok.run([text], seed=0, samples=1, score_fns=[TargetScorer(targets)])
    assert p.success and sorted(e.original for e in p.edits) == sorted(targets)
    tight = _typo_attack(GreedySearch(budget=1000), rate=0.34)  # 2 of 6 words allowed
    (q,), = tight.run([text], seed=0, samples=1, score_fns=[TargetScorer(targets)])
    assert not q.success and len(q.edits) == 2 and {e.original for e in q.edits} <= targets


@settings(max_examples=25, deadline=None)
@given(budget=st.integers(2, 40), seed=st.integers(0, 1000))
def test_greedy_never_exceeds_its_scoring_budget(budget: int, seed: int) -> None:
    scorer = TargetScorer({"alpha", "charlie", "echo"})
    a = _typo_attack(GreedySearch(budget=budget), rate=1.0)
    (p,), = a.run(["alpha bravo charlie delta echo foxtrot"], seed=seed, samples=1, score_fns=[scorer])
    assert p.queries == sum(scorer.calls) <= budget
    assert all(n >= 1 for n in scorer.calls)


def test_greedy_already_successful_query_costs_one_text() -> None:
    scorer = TargetScorer({"zzz"})
    (p,), = _typo_attack(GreedySearch()).run(["nothing relevant here"], seed=0, samples=1, score_fns=[scorer])
    assert p.success and p.edits == () and p.queries == 1


def test_greedy_is_deterministic() -> None:
    def run() -> list:
        a = _typo_attack(GreedySearch(budget=60), rate=0.5)
        return a.run(QUERIES[:3], seed=4, samples=2, score_fns=[TargetScorer({"water", "lisa", "moons"})] * 3)

    assert run() == run()


def test_search_arguments_are_checked() -> None:
    with pytest.raises(AttackError):
        GreedySearch(budget=1)
    with pytest.raises(AttackError, match="max_share was removed"):
        GreedySearch(max_share=0.3)
    with pytest.raises(AttackError):
        GreedySearch(batch_queries=0)
    with pytest.raises(AttackError):
        RandomSearch(max_tries=0)


def test_greedy_falls_back_to_whole_text_candidates() -> None:
    class Rewrites(Perturbation):
        """Sentence-level rewrites only (like translation or an nlpaug augmenter)."""

        name = "rewrites"

        def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
            return self.word_candidates(text, language, rng)[0]

        def word_candidates(self, text: str, language: str = "en", rng: random.Random | None = None):
            outs = [text.replace("what", "why"), text.replace("aurora", "northern lights"), text + " please"]
            return [Perturbed(o, (Edit(-1, text, o, "rewrite"),), language) for o in outs]

    scorer = TargetScorer({"aurora"})
    a = Attack("r", Rewrites(), GreedySearch(budget=10))
    (p,), = a.run(["what causes the aurora"], seed=0, samples=1, score_fns=[scorer])
    assert p.text == "what causes the northern lights" and p.success
    assert scorer.calls == [1, 3] and p.queries == 4


def test_random_and_greedy_share_one_search_base():
    import pytest as _pytest
    from robustir.attacks.search import GreedySearch, RandomSearch, Search

    assert issubclass(RandomSearch, Search) and issubclass(GreedySearch, Search)
    assert (RandomSearch.model_aware, GreedySearch.model_aware) == (False, True)
    assert RandomSearch().describe()["type"] == "random" and GreedySearch().describe()["type"] == "greedy"
    with _pytest.raises(TypeError):
        Search()  # abstract: describe() is what every search must say


class _Swaps(Perturbation):
    """One fixed replacement per word (a synonym table); budget: ``rate`` of the words."""

    name = "swaps"

    def __init__(self, table: dict[str, str], rate: float) -> None:
        self.table, self.rate, self.max_edits = table, rate, None

    def eligible_count(self, text: str, language: str = "en") -> int:
        return sum(w.text in self.table for w in words(text))

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        return self.word_candidates(text, language, rng)[0]

    def word_candidates(self, text: str, language: str = "en", rng: random.Random | None = None):
        ws = [w.text for w in words(text)]
        out = []
        for i, w in enumerate(ws):
            if w in self.table:
                new = " ".join(self.table[w] if j == i else x for j, x in enumerate(ws))
                out.append(Perturbed(new, (Edit(i, w, self.table[w], "syn"),), language))
        return out


class _WeightScorer:
    """relevant = 1 + the weights of the words present (k-th non-relevant 2.0: never a success)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights, self.calls = weights, []

    def __call__(self, texts: Sequence[str]) -> RetrievalScores:
        self.calls.append(len(texts))
        rel = np.array([1.0 + sum(self.weights.get(w.text, 0.0) for w in words(t)) for t in texts])
        return RetrievalScores(rel, np.full(len(texts), 2.0), np.full(len(texts), 3))


def test_swap_importance_keeps_the_most_damaging_swap_where_deletion_misleads() -> None:
    # deleting "alpha" hurts most (0.3), but its synonym keeps most of the match (-0.05);
    # "bravo"'s synonym loses all of its 0.1. One edit allowed (rate 0.5 of 2 words).
    weights = {"alpha": 0.3, "alpha2": 0.25, "bravo": 0.1}
    swaps = _Swaps({"alpha": "alpha2", "bravo": "bravo2"}, rate=0.5)
    text = "alpha bravo charlie"
    (d,), = Attack("d", swaps, GreedySearch(importance="delete")).run(
        [text], seed=0, samples=1, score_fns=[_WeightScorer(weights)])
    assert [e.original for e in d.edits] == ["alpha"]  # the deletion ranking picks the weaker swap
    scorer = _WeightScorer(weights)
    (s,), = Attack("s", swaps, GreedySearch(importance="swap")).run(
        [text], seed=0, samples=1, score_fns=[scorer])
    assert [e.original for e in s.edits] == ["bravo"] and s.text == "alpha bravo2 charlie"
    # the original, then every single swap in one batch (kept directly: not scored again),
    # then the next word on top of it, which the one-edit budget does not allow
    assert scorer.calls == [1, 2] and s.queries == 3


def test_swap_importance_never_keeps_an_edit_that_helps_and_is_deterministic() -> None:
    weights = {"alpha": 0.3, "alpha2": 0.5, "bravo": 0.1, "bravo2": 0.2}  # both synonyms help retrieval
    swaps = _Swaps({"alpha": "alpha2", "bravo": "bravo2"}, rate=1.0)
    run = lambda: Attack("s", swaps, GreedySearch(importance="swap")).run(  # noqa: E731
        ["alpha bravo", "bravo alpha x"], seed=0, samples=1, score_fns=[_WeightScorer(weights)] * 2)
    first = run()
    assert first == run()
    assert all(p.edits == () and p.text in ("alpha bravo", "bravo alpha x") for (p,) in first)
    with pytest.raises(AttackError, match="'swap'"):
        GreedySearch(importance="best")
