"""English -> L code-switching, seventh pass: two English-analysis classes of the judged v12 en->L set
(bench/validity/lexical/v12-en-L.jsonl) stay fixed: the adjective of a complex preposition ("relative to
Bangkok" -> a kinsman in ru, fr, de, pt) is locked, and the main verb after do-support is found when a
name with a number comes between ("Where did flight 101 fly?" -> the insect in fr, it, es, de, ar).
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


@pytest.mark.parametrize("query,word", [
    ("Where is the province located relative to Bangkok?", "relative"),  # v12: родственник, parent, Verwandte, parente
    ("What happened prior to the war?", "prior"),
    ("Why was the match delayed due to rain?", "due"),
    ("What is the area subject to the tax?", "subject"),
    ("According to the report, who won the election?", "According"),
])
def test_adjective_of_a_complex_preposition_is_locked(rp, query, word):
    """The first word of an adjective + preposition complex preposition is no word of its own."""
    from robustir.attacks.analysis import analyse

    a = analyse(query, "en")
    assert next(w for w in a.words if w.text == word).locked == "mwe"


@pytest.mark.parametrize("query,word", [
    ("Who is a relative to the king?", "relative"),  # a determiner: the noun (a kinsman) is meant
    ("What is the subject of the painting?", "subject"),  # no preposition of the list follows
    ("Which relative inherited the estate?", "relative"),
])
def test_the_same_words_elsewhere_stay_free(rp, query, word):
    from robustir.attacks.analysis import analyse

    a = analyse(query, "en")
    assert next(w for w in a.words if w.text == word).locked == ""


def _cs(rp, langs):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=langs, rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs


def test_main_verb_after_a_name_with_a_number_is_not_switched_as_a_noun(rp):
    """v12 "Where did flight 101 fly?": spaCy tags flight VB and fly a noun (-> mouche, mosca, Fliege,
    ذبابة): a "verb" directly followed by a number is a name with its number, so fly is the verb."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["fr", "es", "de"])
    a = analyse("Where did flight 101 fly?", "en")
    i = next(k for k, w in enumerate(a.words) if w.text == "fly")
    assert i in cs._do_support_mistags(a) and cs._verb_like(a.words[i])
    for seed in range(3):
        out = cs.perturb("Where did flight 101 fly?", random.Random(seed))
        assert "fly" not in {e.original for e in out.edits}, out.edits
    # a base verb with no number after it is still the verb: nothing after "did" is suspect
    b = analyse("Where did the plane fly?", "en")
    assert not cs._do_support_mistags(b)
