"""Greedy search span bookkeeping (bench/RESULTS.md section 149; section 143.9's loose ends).

1. The span of a multi-word rewrite is each edit's own, not its position's: ``search._Job`` took one span per
   position from the position's first edit, so a position offering both "body" -> cuerpo and "body of water" ->
   masa de agua rebuilt one of them over the other's words.
2. Spans and positions are counted in the words the edits index (``Perturbation.word_parts``). ``CodeSwitch``
   places a zh/th query's edits on its analysed words while ``replace_words`` split the text with the
   tokenizer, which sees a whole run of Han or Thai characters as one word: the greedy search (codeswitch-adv,
   which the hybrid-robustness study runs on the XQuAD-R and MLQA-R multilingual pools) switched nothing in a
   zh query and replaced a whole th question with its first word's translation ("student ").

The fixture perturbations need no resources; the zh/th case needs MUSE en-zh/en-th, jieba and pythainlp
(skips otherwise).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from robustir.attacks.base import Edit, Perturbation, Perturbed, edit_span
from robustir.attacks.goals import UntopK
from robustir.attacks.search import GreedySearch
from robustir.attacks.tokenize import SPLIT

from tests.muse_data import require_muse
from tests.test_greedy14 import _scorer  # the same rank-by-substring scorer

TEXT = "What body of water flows between Bingen and Bonn?"


class _Offers(Perturbation):
    """A fixture perturbation: the given word edits of ``TEXT``, one edit of the budget each."""

    name = "fixture"
    rate = 1.0
    max_edits = None

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = edits

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        raise NotImplementedError

    def eligible_count(self, text: str, language: str = "en") -> int:
        return len({e.position for e in self.edits})

    def word_edits(self, text: str, language: str = "en", rng: random.Random | None = None) -> list[Edit] | None:
        return list(self.edits)


def _attack(perturbation: Perturbation, score, text: str = TEXT, language: str = "en", importance: str = "swap"):
    return GreedySearch(budget=50, importance=importance).attack_one(
        perturbation, text, language, goal=UntopK(10), score_fn=score, rng=random.Random("0:" + text),
        constraints=[])


ONE = Edit(1, "body", "cuerpo", "codeswitch:es")
THREE = Edit(1, "body of water", "masa de agua", "codeswitch:es")


@pytest.mark.parametrize("edits", [[ONE, THREE], [THREE, ONE]])
@pytest.mark.parametrize("importance", ["swap", "delete", "none"])
def test_each_edit_covers_its_own_words_at_a_shared_position(edits, importance):
    seen: list[str] = []
    out = _attack(_Offers(edits), _scorer({"masa de agua": 20, "cuerpo": 1}, seen), importance=importance)
    assert out.success and out.text == "What masa de agua flows between Bingen and Bonn?"
    # both rewrites were built over their own words only: never "masa de agua of water" nor "cuerpo flows"
    built = {t for t in seen if "cuerpo" in t or "masa" in t}
    assert "What cuerpo of water flows between Bingen and Bonn?" in built or importance != "swap"
    assert built <= {"What cuerpo of water flows between Bingen and Bonn?",
                     "What masa de agua flows between Bingen and Bonn?"}


def test_a_candidate_over_a_kept_edits_words_is_not_built():
    # "water" (word 3) lies inside "body of water" (words 1-3): once the whole expression is kept, a switch of
    # "water" would rewrite a word twice; "Bonn" is free
    water, bonn = Edit(3, "water", "agua", "codeswitch:es"), Edit(8, "Bonn", "Bona", "codeswitch:es")
    seen: list[str] = []
    out = _attack(_Offers([THREE, water, bonn]), _scorer({"masa de agua": 3, "agua": 1, "Bona": 1}, seen))
    assert out.text == "What masa de agua flows between Bingen and Bona?"
    assert not any(t.count("agua") > 1 for t in seen)


def test_edit_span_counts_the_words_of_the_split_the_positions_index():
    parts = SPLIT.split(TEXT)
    assert edit_span(THREE, parts) == 3 and edit_span(ONE, parts) == 1
    assert edit_span(Edit(1, "body of", "x", "op"), parts) == 2
    assert edit_span(Edit(1, "bodies", "x", "op"), parts) == 1  # not the text there: the word itself
    # a segmenting perturbation's own split (analysed words of a zh run): one analysed word, whatever the
    # tokenizer makes of it
    zh = ["", "哪个", "", "城市", "", "是", "", "德国", "", "的", "", "首都", "？"]
    assert "".join(zh) == "哪个城市是德国的首都？"
    assert edit_span(Edit(1, "城市", " city ", "codeswitch:en"), zh) == 1
    assert edit_span(Edit(4, "的首都", "x", "op"), zh) == 2


@pytest.fixture(scope="module")
def cs_l2en(nltk_resources: dict[str, Path]):
    pytest.importorskip("jieba")
    pytest.importorskip("pythainlp")
    require_muse("zh", "th")
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    return PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], rate=1.0, max_edits=4, context="none",
                             resource_paths=nltk_resources)


@pytest.mark.parametrize(("text", "language"), [("哪个城市是德国的首都？", "zh"),
                                                ("นักเรียนกี่คนเรียนคณิตศาสตร์ในโรงเรียน", "th")])
def test_greedy_search_rebuilds_segmented_queries_on_their_analysed_words(cs_l2en, text, language):
    cands = cs_l2en.word_candidates(text, language)
    assert len({c.edits[0].position for c in cands}) >= 2  # a query the switcher edits in several words
    # every switch lifts the passage out of the top 10: the search keeps the first single switch it scores,
    # which is one of the switcher's own candidate texts (before: the unchanged zh query, the th one "student ")
    seen: list[str] = []
    out = _attack(cs_l2en, _scorer({c.edits[0].replacement: 20 for c in cands}, seen), text, language)
    assert out.success and out.text in {c.text for c in cands}
    assert set(seen[1:]) == {c.text for c in cands}  # the single swaps: exactly the switcher's candidates
    # with the goal out of reach, the kept switches are rebuilt on the analysed words as the random recipe does
    out = _attack(cs_l2en, _scorer({c.edits[0].replacement: 1 for c in cands}, []), text, language)
    assert len(out.edits) >= 2
    parts = cs_l2en.word_parts(text, language)
    assert "".join(parts) == text
    for e in out.edits:
        parts[2 * e.position + 1] = e.replacement
    assert out.text == "".join(parts)
