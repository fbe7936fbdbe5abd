"""Greedy search's cheaper paths give what the general computation gives (issue 15, seventh pass).

The search reads a perturbation's candidate edits without their texts (``word_edits``), builds
each candidate's text on one split of the query (``replace_words(..., parts)``), typo's rewrites
of a word are computed once per process, and the codeswitch choices are offered as edits too:
none of it may change a text. Each test compares a fast path with the general one it replaces,
batched greedy with query-by-query greedy for every importance mode the shipped recipes use.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robustir.attacks.attack import Attack
from robustir.attacks.base import Perturbed
from robustir.attacks.codeswitch import CodeSwitch
from robustir.attacks.constraints import Protected
from robustir.attacks.goals import UntopK
from robustir.attacks.search import GreedySearch
from robustir.attacks.segmentation import Segmentation
from robustir.attacks.tokenize import _WORD, SPLIT, replace_words
from robustir.attacks.typo import Typo, _all_variants
from robustir.attacks.wordorder import WordOrder

from tests.test_greedy import QUERIES, BatchScorer, Swaps, per_query, similarity

TEXTS = [("is the eiffel tower taller than the empire state building", "en"),
         ("does a UK-wide ban on plastic straws apply to the new york office", "en"),
         ("какая столица россии и где она находится", "ru"),
         ("भारत की राजधानी कहाँ है", "hi"),
         ("เมืองหลวงของประเทศไทยคืออะไร", "th"),
         ("中国的首都是哪个城市", "zh"),
         ("ما هي عاصمة المملكة العربية السعودية", "ar"),
         ("¿cuál es la capital de España y qué río pasa por ella?", "es")]


def _typo() -> Typo:
    t = Typo(rate=0.3, max_edits=3, candidates_per_word=5)
    t.word_filter = Protected(stopwords=False, min_length=3)
    return t


class TypoThroughCandidates(Typo):
    """Typo as the search read it before ``word_edits``: through ``word_candidates``' texts."""

    def word_edits(self, text: str, language: str = "en", rng: random.Random | None = None) -> None:
        return None


def _replace_words_reference(text: str, replacements: Mapping[int, str]) -> str:
    """``replace_words`` as it was written before it took a split (a regex walk over the matches)."""
    out, pos = [], 0
    for i, m in enumerate(_WORD.finditer(text)):
        if i in replacements:
            out += [text[pos:m.start()], replacements[i]]
            pos = m.end()
    return "".join(out) + text[pos:]


@pytest.mark.parametrize("text, lang", TEXTS)
def test_word_edits_are_the_edits_of_word_candidates_drawn_alike(text: str, lang: str) -> None:
    t = _typo()
    rng_a, rng_b = random.Random(f"1:{text}"), random.Random(f"1:{text}")
    cands = t.word_candidates(text, lang, rng_a)
    edits = t.word_edits(text, lang, rng_b)
    assert edits is not None and cands
    assert edits == [c.edits[0] for c in cands]
    assert rng_a.random() == rng_b.random()  # the same draws: the stream is left at the same place
    if lang not in ("zh", "ja", "th"):  # spaced: the candidate is the edit applied to its word
        assert [c.text for c in cands] == [replace_words(text, {e.position: e.replacement}) for e in edits]


def test_a_perturbation_with_its_own_word_candidates_offers_no_word_edits() -> None:
    # their candidates are not WordEditPerturbation's: the search must read them, not the base's edits
    assert Segmentation().word_edits("is the eiffel tower tall", "en") is None
    assert WordOrder().word_edits("is the eiffel tower tall", "en") is None
    assert TypoThroughCandidates().word_edits("is the eiffel tower tall", "en") is None

    class OwnChoices(CodeSwitch):
        def word_candidates(self, text: str, language: str = "en", rng: random.Random | None = None) -> list:
            return []

    assert OwnChoices.__new__(OwnChoices).word_edits("is the eiffel tower tall", "en") is None  # (no state read)


def _dump(rows: list[list[Perturbed]]) -> str:
    return json.dumps([[p.to_dict() for p in row] for row in rows], ensure_ascii=False, sort_keys=True)


def _greedy(perturbation, importance: str, batch_queries: int) -> Attack:  # noqa: ANN001
    return Attack("adv", perturbation, GreedySearch(budget=60, importance=importance, batch_queries=batch_queries),
                  protected=Protected(stopwords=False, min_length=3), semantic_min_ratio=0.9, goal=UntopK(3))


@pytest.mark.parametrize("importance", ["delete", "swap", "none"])
def test_greedy_through_word_edits_gives_the_texts_of_greedy_through_word_candidates(importance: str) -> None:
    fast = _greedy(Typo(rate=0.6, max_edits=3), importance, 256).run(
        QUERIES, seed=5, samples=2, batch_score_fn=BatchScorer(), similarity_fn=similarity)
    general = _greedy(TypoThroughCandidates(rate=0.6, max_edits=3), importance, 256).run(
        QUERIES, seed=5, samples=2, batch_score_fn=BatchScorer(), similarity_fn=similarity)
    assert _dump(fast) == _dump(general)
    assert any(p.edits for row in fast for p in row) and any(p.rejected for row in fast for p in row)
    assert any(len(p.edits) > 1 for row in fast for p in row)  # kept edits and a candidate built together
    for text, row in zip(QUERIES, fast, strict=True):  # each text is its edits applied, listed by position
        for p in row:
            assert [e.position for e in p.edits] == sorted({e.position for e in p.edits})
            assert p.text == _replace_words_reference(text, {e.position: e.replacement for e in p.edits})


@pytest.mark.parametrize("perturbation", ["typo", "swaps"])
def test_batched_greedy_with_swap_importance_equals_query_by_query(perturbation: str) -> None:
    # codeswitch-adv and synonym-adv rank words by their best single swap (importance = "swap")
    def make():  # noqa: ANN202
        if perturbation == "typo":
            return Typo(rate=0.3, max_edits=3)
        return Swaps({"water": ["agua", "eau", "w"], "boiling": ["hirviendo"], "moons": ["lunas", "m"],
                      "mountain": ["montaña", "berg"], "lisa": ["l"], "florence": ["florencia", "firenze"]})

    one = _greedy(make(), "swap", 1).run(QUERIES, seed=2, samples=1, score_fns=[per_query] * len(QUERIES),
                                         similarity_fn=similarity)
    scorer = BatchScorer()
    batched = _greedy(make(), "swap", 256).run(QUERIES, seed=2, samples=1, batch_score_fn=scorer,
                                               similarity_fn=similarity)
    assert _dump(batched) == _dump(one)
    assert len(set(scorer.calls[0])) == len(QUERIES)  # a step scores many queries' candidates at once
    assert any(p.edits for row in batched for p in row)
    assert any(p.rejected for row in batched for p in row)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .,-é\u0928\u093e\u0e01\u0e34中 \n")), max_size=30),
       reps=st.dictionaries(st.integers(-2, 12), st.text(alphabet="xyz ", max_size=3), max_size=4))
def test_replace_words_on_a_kept_split_equals_the_regex_walk(text: str, reps: dict[int, str]) -> None:
    expected = _replace_words_reference(text, reps)
    assert replace_words(text, reps) == expected  # numbers that are no word's are ignored
    assert replace_words(text, reps, SPLIT.split(text)) == expected


def test_typo_rewrites_are_kept_per_setting_and_handed_out_as_fresh_lists() -> None:
    strict, loose = Typo(), Typo(allow_real_words=True)
    first = strict.variants("триаду", "ru")
    assert "тираду" not in dict(first)  # a typo spelling another Russian word is never offered...
    assert "тираду" in dict(loose.variants("триаду", "ru"))  # ...unless asked for: another memo entry
    first.clear()  # a caller changing its list does not change the next caller's
    again = strict.variants("триаду", "ru")
    assert again and again == list(_all_variants("триаду", "ru", strict.operations, False))
    swaps = Typo(operations=["swap"]).variants("триаду", "ru")  # the operations are part of the key
    assert swaps and {op for _, op in swaps} == {"swap"} and len(swaps) < len(again)
