"""Precision-first code-switching: each failure class found in the judged samples
(bench/validity/lexical/) stays fixed.

Classes: a candidate of one source only (WOLF's hire -> appliquer, FreeDict read backwards:
हिस्सा -> whack), a rare sense (الرياضية -> sportswoman, general -> omnibus), a gloss instead of
a word (watershed -> "bassin versant", classifying -> 归入机密级别), a piece of a hyphenated
compound (tua-bin, Huguenot-descended), a capitalised name the tagger missed (Huguenots).
Dictionary-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from robustir.attacks.candidates import Sources
from robustir.attacks.freedict import load_freedict


def _keep(_c: str) -> bool:
    return True


def test_rank_keeps_only_what_two_sources_agree_on():
    lists = [["appliquer", "effectuer", "embaucher"], ["embaucher", "louer"]]
    assert Sources._rank(lists, "fr", "hire", _keep) == ("embaucher",)


def test_rank_with_one_source_keeps_its_first_entry_only():
    assert Sources._rank([["motor", "engine", "locomotive"]], "en", "x", _keep) == ("motor",)
    assert Sources._rank([[], ["motor", "engine"]], "en", "x", _keep) == ("motor",)


def test_rank_refuses_when_sources_disagree_or_keep_the_word_as_is():
    assert Sources._rank([["completo", "gioco"], ["apparecchio", "gruppo"]], "it", "set", _keep) == ()
    # the usual translation is the word itself (direction -> direction): no rarer sense instead
    assert Sources._rank([["chemin", "direction"], ["direction"]], "fr", "direction", _keep) == ()


def test_crossed_first_entries_into_german_go_to_the_clearly_more_frequent_word():
    pytest.importorskip("wordfreq")
    # each source lists the other's first entry later: a tie that the order cannot break
    crossed = [["gruppe", "konzern", "gruppierung"], ["Konzern", "Freundeskreis", "Gruppe"]]
    assert Sources._rank(crossed, "de", "group", _keep)[0].lower() == "gruppe"
    assert Sources._rank(crossed[::-1], "de", "group", _keep)[0].lower() == "gruppe"
    assert Sources._rank([["wald", "forst"], ["Forst", "Wald"]], "de", "forest", _keep)[0].lower() == "wald"
    # no clear frequency gap (Hurrikan 3.2, Orkan 3.3): the order stays as it was
    close = [["hurrikan", "orkan"], ["Orkan", "Hurrikan"]]
    assert Sources._rank(close, "de", "hurricane", _keep)[0].lower() == "hurrikan"
    # one source's first entry that the other lists first too is not a crossed tie
    assert Sources._rank([["pest", "plage"], ["Pest", "Plage"]], "de", "plague", _keep)[0].lower() == "pest"
    # other languages keep their order (judged worse there: collection -> pt grupo)
    assert Sources._rank([["coleção", "grupo"], ["grupo", "coleção"]], "pt", "collection", _keep)[0] == "coleção"


def test_interleave_puts_the_lemma_entry_next_to_the_surface_entry():
    from robustir.attacks.candidates import _interleave

    assert _interleave(["a", "b", "c"], ["x", "a"]) == ["a", "x", "b", "c"]
    assert _interleave([], ["x", "y"]) == ["x", "y"]


def test_frequency_floor_drops_rare_senses():
    pytest.importorskip("wordfreq")
    from robustir.attacks.analysis.frequency import common, zipf
    from robustir.attacks.candidates import ENGLISH_FLOOR

    for rare in ("sportswoman", "tardily", "omnibus", "admixture", "inevitability"):
        assert not common(rare, "en", ENGLISH_FLOOR), rare
    for usual in ("machine", "graph", "engine", "committee"):
        assert common(usual, "en", ENGLISH_FLOOR), usual
    assert zipf("whole number", "en") == min(zipf("whole", "en"), zipf("number", "en"))
    assert zipf("anything", "xx") is None and common("anything", "xx", 9.0)  # no word list: no floor


def test_translations_of_one_word_are_one_common_word():
    pytest.importorskip("wordfreq")
    assert not Sources._word_like("bassin versant", "fr")
    assert not Sources._word_like("归入机密级别", "zh")
    assert not Sources._word_like("colona", "pt")
    assert Sources._word_like("计算机", "zh") and Sources._word_like("quartier", "fr")


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def test_single_source_noise_is_not_offered(rp):
    if load_freedict("en", "fr") is None:
        pytest.skip("dict-freedict-eng-fra not installed")
    s = Sources(rp)
    hire = s.from_english("hired", "hire", "VERB", "fr")
    assert hire and "appliquer" not in hire and "effectuer" not in hire
    assert "embaucher" in hire


def test_rare_english_senses_are_not_offered(rp):
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not (d / "en-ar.txt").is_file():
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    s = Sources({**rp, "muse": d})
    assert "sportswoman" not in s.to_english("الرياضية", "ar")
    assert not {"whack", "fold", "tack"} & set(s.to_english("हिस्सा", "hi") + s.to_english("समुदाय", "hi")
                                                + s.to_english("दिशा", "hi"))


@pytest.mark.parametrize("query,kept", [
    ("Who was one prominent Huguenot-descended arms manufacturer?", {"Huguenot", "descended"}),
    ("How did Huguenots evolve their religious beliefs in the New World?", {"Huguenots"}),
    ("Where did this pro-reform leader teach?", {"pro", "reform"}),
])
def test_compounds_and_capitalised_names_are_never_switched(rp, query, kept):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es", "fr", "de"], rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    for seed in range(3):
        out = cs.perturb(query, random.Random(seed))
        assert not {e.original for e in out.edits} & kept, out.edits


def test_glued_lock_is_codeswitch_only(rp):
    """The synonym recipe (another owner) keeps its analysis: the lock is code-switching's."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], resource_paths=rp)
    a = analyse("Where did this pro-reform leader teach?", "en")
    i = [w.text for w in a.words].index("reform")
    assert cs._glued(a, i)
    from robustir.attacks.synonym import SenseSynonym

    assert not SenseSynonym(resource_paths=rp)._glued(a, i)


def test_english_verbs_and_polysemous_words_stay(rp):
    """Nouns and adjectives of few senses are switched; verbs (serves -> conserver) and words of
    many senses (view -> vista "sight", shift -> déplacement) are not."""
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es", "fr"], rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    q = "the shift to the view that the emperor serves the tribes"
    out = cs.perturb(q, random.Random(0))
    switched = {e.original for e in out.edits}
    assert not switched & {"shift", "view", "serves"}, out.edits
    assert switched & {"emperor", "tribes"}, out.edits
