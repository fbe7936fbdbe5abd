"""Every context-valid candidate of a word for the greedy search (issue 11, branch greedy12).

``codeswitch-adv`` and ``synonym-adv`` offered the greedy search one candidate per word and
language (the in-context choice), so greedy could only pick WHICH word to edit, never which of
its valid translations / synonyms hurts the model most. With ``alternatives = true`` every
candidate that passes the same floor is offered after the choice; the eligible words (hence the
edit budget) do not change. Needs the nltk-data resource, MUSE and FreeDict (skips otherwise);
the context filter is a stub: what is tested is which candidates are offered and used.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

TEXT = "is the show bloodline based on a true story"


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    pytest.importorskip("wordfreq")
    from robustir.attacks.freedict import load_freedict
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not (d / "en-es.txt").is_file():
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    if load_freedict("fr", "en") is None:
        pytest.skip("FreeDict fra-eng not installed (apt-get install dict-freedict-fra-eng)")
    return {**english_resources, "muse": d}


def _story_candidates(paths) -> tuple[str, ...]:
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["fr"], context="none", resource_paths=paths)
    story = next(w for w in analyse(TEXT, "en").words if w.text == "story")
    ranked = cs._candidates(story, "en", "fr")
    if len(ranked) < 2:
        pytest.skip(f"fewer than two French candidates for 'story' here: {ranked}")
    return ranked


def _offered(cs, text: str) -> dict[str, list[str]]:
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1]: [r.strip() for _, r in o] for i, o in enumerate(opts) if o}


def _build(paths, alternatives: bool, context_fn):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["fr"], context="use-m", resource_paths=paths, alternatives=alternatives)
    cs.context_fn = context_fn
    return cs


def test_alternatives_offer_every_candidate_above_the_floor_after_the_choice(paths):
    best, other = _story_candidates(paths)[:2]

    def both_valid(original, variants):
        return [0.95 if other in v else 0.94 for v in variants]

    plain = _build(paths, False, both_valid)
    alt = _build(paths, True, both_valid)
    assert _offered(plain, TEXT)["story"] == [best]
    offered = _offered(alt, TEXT)["story"]
    assert offered[0] == best and other in offered  # the choice first, then the alternatives
    # the same eligible words: the edit budget random and greedy share does not move
    assert alt.eligible_count(TEXT, "en") == plain.eligible_count(TEXT, "en")
    assert alt.edit_budget(TEXT, "en") == plain.edit_budget(TEXT, "en")


def test_alternatives_below_the_floor_are_not_offered(paths):
    best, other = _story_candidates(paths)[:2]

    def other_below_floor(original, variants):  # floor 0.85 (USE-m covers en and fr)
        return [0.80 if other in v else 0.95 for v in variants]

    assert other not in _offered(_build(paths, True, other_below_floor), TEXT)["story"]


def test_greedy_keeps_the_alternative_that_hurts_most(paths):
    """The greedy search scores the alternative and keeps it when it pushes the relevant
    document lower than the chosen translation does (before: only the choice was offered)."""
    from robustir.attacks.base import RetrievalScores
    from robustir.attacks.goals import UntopK
    from robustir.attacks.search import GreedySearch

    best, other = _story_candidates(paths)[:2]

    def both_valid(original, variants):
        return [0.95 if other in v else 0.94 for v in variants]

    def score(texts):  # the alternative drops the relevant document to rank 4, the choice to 2
        rank = [4 if other in t else 2 if best in t else 1 for t in texts]
        rel = np.array([1.0 - 0.1 * r for r in rank])
        return RetrievalScores(rel, np.full(len(texts), 0.5), np.array(rank))

    for alternatives, expected in ((False, best), (True, other)):
        cs = _build(paths, alternatives, both_valid)
        out = GreedySearch(budget=50, importance="swap").attack_one(
            cs, TEXT, "en", goal=UntopK(10), score_fn=score, rng=random.Random(0), constraints=[])
        assert [e.replacement.strip() for e in out.edits] == [expected]
