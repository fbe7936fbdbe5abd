"""``typo-adv`` spends its edit on the most damaging typo of ANY word (issue 11, branch greedy12).

With one edit allowed for most questions (15% of 3-7 content words), ranking the words by
deleting them (``importance = "delete"``) spent the edit on the first-ranked word's best typo
without scoring the other words' typos; ``importance = "swap"`` scores every sampled typo of
every word on the original first. The score function is a stand-in for the model: deleting the
first word hurts most and any typo lowers the margin a little, but one typo of the LAST content
word pushes the relevant document to rank 50.
"""

from __future__ import annotations

import random

import numpy as np
from robustir.attacks.base import RetrievalScores
from robustir.attacks.goals import UntopK

from robustir.recipe import load_recipe

TEXT = "which river flows through the capital of hungary"


def test_typo_adv_keeps_the_most_damaging_typo_of_any_word() -> None:
    attack = load_recipe("typo-adv").build()
    typo, search = attack.perturbation, attack.search
    edits = typo.word_edits(TEXT, "en", random.Random("0:" + TEXT))
    assert edits is not None and len({e.position for e in edits}) >= 2
    assert typo.edit_budget(TEXT, "en") == 1
    last = max(e.position for e in edits)
    target = next(e for e in edits if e.position == last)
    target_word = target.replacement

    def score(texts):
        ranks, rel = [], []
        for t in texts:
            words = t.split()
            hit = target_word in words
            ranks.append(50 if hit else 1)
            # deleting "river" (the first content word) lowers the margin most; any typo a little
            rel.append(0.5 if hit else 0.6 if "river" not in words else 0.9 - 0.01 * (t != TEXT))
        return RetrievalScores(np.array(rel), np.full(len(texts), 0.5), np.array(ranks))

    out = search.attack_one(typo, TEXT, "en", goal=UntopK(10), score_fn=score,
                            rng=random.Random("0:" + TEXT), constraints=[])
    assert [e.replacement for e in out.edits] == [target_word]
    assert out.success
