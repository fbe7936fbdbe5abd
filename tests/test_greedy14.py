"""Multi-word choices in the greedy search (issue 11, branch greedy14).

``codeswitch-adv``'s last tier switches a WordNet multiword noun whole ("body of water" -> masa de agua) and,
in the same query, the "What" of the opening question phrase (-> Qué, 什么). Before this branch a choice that
rewrites several words reached the greedy search as a whole text (``Edit.position`` -1), and a query that also
had a single-word choice kept the single words only: the multi-word switch was never scored. Now an edit whose
``original`` holds several words covers them all from its first word's position (``attacks.base.edit_span``),
the search rebuilds texts span by span (``tokenize.replace_words(..., spans=)``), and one chosen edit is one unit
of the edit budget, as the random recipe counts it (an analysed word: ``eligible_count``).

Needs WordNet/OMW, the MUSE dictionaries and FreeDict (skips otherwise); the context filter is off.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

TEXT = "What body of water flows between Bingen and Bonn?"


@pytest.fixture(scope="module")
def make_cs(muse_paths):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    def make(rate: float = 0.3) -> PreciseCodeSwitch:
        return PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], rate=rate, max_edits=4, context="none",
                                 resource_paths=muse_paths)

    return make


def _choices(cs, text: str) -> dict[str, set[str]]:
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1]: {r for _, r in o} for i, o in enumerate(opts) if o}


def _scorer(ranks: dict[str, int], seen: list[str]):
    """Ranks of the relevant passage: 3 for the original, plus ``ranks[s]`` for each string ``s`` in a text."""

    def score(texts):
        seen.extend(texts)
        rank = np.array([3 + sum(d for s, d in ranks.items() if s in t) for t in texts])
        return RetrievalScores(0.9 - 0.01 * rank, np.full(len(texts), 0.8), rank)

    from robustir.attacks.base import RetrievalScores

    return score


def _attack(cs, score, text: str = TEXT):
    from robustir.attacks.goals import UntopK
    from robustir.attacks.search import GreedySearch

    return GreedySearch(budget=50, importance="swap").attack_one(
        cs, text, "en", goal=UntopK(10), score_fn=score, rng=random.Random("0:" + text), constraints=[])


def test_greedy_search_tries_the_multi_word_choice_beside_the_single_words(make_cs):
    # the fixture: one multi-word and one single-word choice
    offered = _choices(make_cs(), TEXT)
    assert set(offered) == {"What", "body of water"}
    assert "masa de agua" in offered["body of water"] and "Qué" in offered["What"]
    # only the whole switch of "body of water" pushes the passage out of the top 10; before, the search
    # scored "Qué ..." and "什么 ..." only and failed
    seen: list[str] = []
    out = _attack(make_cs(), _scorer({"masa de agua": 20, "Qué": 1, "什么": 2}, seen))
    assert out.success
    assert out.text == "What masa de agua flows between Bingen and Bonn?"
    (e,) = out.edits
    assert (e.position, e.original, e.replacement) == (1, "body of water", "masa de agua")
    assert not any("of water" in t and ("masa de agua" in t or "étendue" in t) for t in seen)  # never half-replaced


def test_a_multi_word_and_a_single_word_switch_combine_within_the_budget(make_cs):
    # rate 1: budget 2 (two analysed words, "body of water" counts one as in the random recipe); the goal is out
    # of reach, so the search spends its budget; "Qué" and étendue would each lift the passage (never kept)
    cs = make_cs(rate=1.0)
    assert cs.edit_budget(TEXT, "en") == 2
    seen: list[str] = []
    out = _attack(cs, _scorer({"masa de agua": 3, "什么": 1, "Qué": -2, "étendue": -1}, seen))
    assert not out.success
    assert out.text == "什么 masa de agua flows between Bingen and Bonn?"
    assert [(e.position, e.original) for e in out.edits] == [(0, "What"), (1, "body of water")]
    assert any(t.startswith("Qué masa de agua") for t in seen)  # scored, and not kept: it lifts the rank
    # the random recipe at the same budget: the same two edits, at the same positions
    for s in range(10):
        p = cs.perturb(TEXT, random.Random(s), "en")
        assert sorted((e.position, e.original) for e in p.edits) == [(0, "What"), (1, "body of water")]


def test_word_edits_rebuild_every_candidate_text(make_cs):
    from robustir.attacks.base import edit_span
    from robustir.attacks.tokenize import SPLIT, replace_words

    cs = make_cs()
    for text in (TEXT, "How many deputy directors did Obama appoint?", "do radio waves travel at the speed of light"):
        edits = cs.word_edits(text, "en")
        cands = cs.word_candidates(text, "en")
        assert edits is not None and [c.edits[0] for c in cands] == edits
        parts = SPLIT.split(text)
        assert cs.word_parts(text, "en") == parts
        assert any(edit_span(e, parts) > 1 for e in edits)
        for e, c in zip(edits, cands, strict=True):
            assert replace_words(text, {e.position: e.replacement}, spans={e.position: edit_span(e, parts)}) == c.text


def test_replace_words_with_spans():
    from robustir.attacks.tokenize import replace_words

    text = "do radio waves travel at the speed of light?"
    assert replace_words(text, {6: "光速"}, spans={6: 3}) == "do radio waves travel at the 光速?"
    assert replace_words(text, {0: "Do", 6: ""}, spans={6: 3}) == "Do radio waves travel at the ?"
    assert replace_words(text, {6: "x"}, spans={6: 9}) == "do radio waves travel at the x?"  # clipped at the end
    assert replace_words(text, {1: "R"}, spans={6: 3}) == "do R waves travel at the speed of light?"
