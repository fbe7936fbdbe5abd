"""``codeswitch-adv``'s candidate set on the BoolQ dev questions it could not edit (branch greedy13).

Of the first 200 BoolQ dev questions, 57 that the random ``codeswitch`` recipe switches had no
``codeswitch-precise`` candidate at all (bench/precise_locks.py): 19 had only the random recipe's second
tier (a compound head, a whole expression), 3 a numbered "season" (locked before the random recipe's
series-sense candidates existed), 1 a plural-only noun ("eyeglasses") whose singular is another thing.
These tests pin what the precise recipe now offers there, and that a choice rewriting several words at
once reaches a search as one edit over all of them (never "the 光速 of light"; tests/test_greedy14.py).
Needs WordNet/OMW, the MUSE dictionaries and FreeDict (skips otherwise); the context filter is off
(``context="none"``).
"""

from __future__ import annotations

import random

import pytest


@pytest.fixture(scope="module")
def cs(muse_paths):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    return PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], context="none", resource_paths=muse_paths)


def _offered(cs, text: str) -> dict[str, set[str]]:
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1]: {r.strip() for _, r in o} for i, o in enumerate(opts) if o}


@pytest.mark.parametrize("text, words", [
    # BoolQ dev: a whole expression (the random recipe's last tier) and a compound's head (its fallback tier)
    ("do radio waves travel at the speed of light", {"speed of light"}),
    ("is there going to be another golden compass movie", {"movie"}),
])
def test_a_question_with_only_second_tier_words_gets_their_switches(cs, text, words):
    assert set(_offered(cs, text)) == words


def test_the_second_tier_still_applies_the_precise_filters_to_single_words(muse_paths):
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    # "engine" has no dominant WordNet sense: the random recipe switches the compound's head, the precise one not
    text = "is an engine speed sensor the same as a crankshaft sensor"
    rnd = CodeSwitch(languages=["es", "fr", "de", "zh"], context="none", resource_paths=muse_paths)
    pre = PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], context="none", resource_paths=muse_paths)
    assert "engine" not in _offered(pre, text)
    assert "sensor" in _offered(pre, text)  # the compound's head, clear in sense (before: nothing offered)
    assert set(_offered(pre, text)) <= set(_offered(rnd, text))


def test_a_whole_expression_reaches_the_search_as_one_edit_over_its_words(cs):
    # greedy14: at its first word, covering its three words (``edit_span``), not position -1 and a whole text
    from robustir.attacks.base import edit_span
    from robustir.attacks.tokenize import SPLIT

    text = "do radio waves travel at the speed of light"
    edits = cs.word_edits(text, "en")
    cands = cs.word_candidates(text, "en", random.Random(0))
    assert cands and edits == [c.edits[0] for c in cands]
    assert all(e.position == 6 and e.original == "speed of light" and edit_span(e, SPLIT.split(text)) == 3
               for e in edits)
    assert all("of light" not in c.text and c.text.startswith("do radio waves travel at the ") for c in cands)


def test_greedy_search_never_keeps_a_half_replaced_expression(cs):
    import numpy as np
    from robustir.attacks.base import RetrievalScores
    from robustir.attacks.goals import UntopK
    from robustir.attacks.search import GreedySearch

    text = "do radio waves travel at the speed of light"

    def score(texts):  # any change of the text pushes the relevant passage to rank 50
        changed = np.array([t != text for t in texts])
        return RetrievalScores(np.where(changed, 0.4, 0.9), np.full(len(texts), 0.5), np.where(changed, 50, 1))

    out = GreedySearch(budget=50, importance="swap").attack_one(
        cs, text, "en", goal=UntopK(10), score_fn=score, rng=random.Random("0:" + text), constraints=[])
    assert out.edits and out.success
    assert "of light" not in out.text and "speed" not in out.text


@pytest.mark.parametrize("text", [
    "will there be a season 8 of vampire diaries",
    "is there a season 7 of the sopranos",
])
def test_a_numbered_season_gets_only_its_series_sense(cs, text):
    # judged rejects 季节 / Jahreszeit (a season of the year) stay out: the candidates are the random recipe's
    # evidenced series-sense ones (saison, Saison, temporada)
    offered = _offered(cs, text).get("season", set())
    assert offered and not offered & {"季节", "Jahreszeit", "estación"}


def test_a_plural_only_noun_keeps_its_own_sense(cs):
    # "eyeglasses" is spectacles; its singular "eyeglass" a monocle, which refused gafas and Brille
    offered = _offered(cs, "are all eyeglasses made by the same company").get("eyeglasses", set())
    assert offered & {"gafas", "Brille"}
    # a regular plural is untouched: "glasses" has a polysemous singular, no plural-only reading is assumed
    from robustir.attacks.analysis import analyse

    a = analyse("are glasses made of sand", "en")
    assert cs._plural_sense(a.words[1]) is None


def test_a_numbered_season_inside_an_open_written_closed_compound_stays_locked(cs):
    # "pre seasons" is WordNet's closed "preseason" written open (by the head's lemma): the compound lock keeps
    # both words, as for "bumble bees"; freeing the numbered "seasons" split it ("pre temporadas": review10)
    from robustir.attacks.analysis import analyse

    text = "is there a pre seasons 2 in fortnite"
    a = analyse(text, "en")
    assert {"pre", "seasons"} <= {a.words[i].text for i in cs._sense_locks(a)}
    assert "seasons" not in _offered(cs, text)
    # a numbered season outside a compound is still free, with its series-sense candidates
    assert _offered(cs, "will there be a season 2 of bumble bees").get("season")
