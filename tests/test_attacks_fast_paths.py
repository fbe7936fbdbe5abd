"""The fast paths of the random character recipes give what the general code gives.

The speed work of issue #11 (memoised word eligibility, no stream seeding for
deterministic rewrites, the spaced-language paths of wordorder and segmentation,
the one-character homoglyph path) must not change a single output: these tests
compare each fast path with the general computation it replaces.
"""

from __future__ import annotations

import random

import pytest
from robustir.attacks.constraints import Protected
from robustir.attacks.diacritics import Diacritics
from robustir.attacks.homoglyph import Homoglyph
from robustir.attacks.keywords import Keywords
from robustir.attacks.script_forms import ScriptForm, fullwidth
from robustir.attacks.search import RandomSearch
from robustir.attacks.segmentation import Segmentation
from robustir.attacks.translit import Transliterate
from robustir.attacks.typo import Typo
from robustir.attacks.wordorder import WordOrder

EN = ["is the eiffel tower taller than the empire state building",
      "does a UK-wide ban on plastic straws apply to the new york office",
      "can penicillin be used against a bacterial infection in cats"]
ES = "¿cuál es la capital de España y qué río pasa por ella?"


def _protected() -> Protected:
    en = ["is", "the", "than", "a", "on", "to", "be", "in", "can", "does"]
    # ja gets the English list: the tests below run English text through ja's general path
    return Protected(stopword_lists={"en": en, "ja": en, "es": ["es", "la", "de", "y", "por"]}, min_length=3)


@pytest.mark.parametrize("pert, text, lang", [
    (Diacritics(), ES, "es"), (Transliterate(), "какая столица россии", "ru"),
    (ScriptForm(mode="fullwidth"), EN[0], "en"), (Keywords(resource_paths={}), EN[0], "en")])
def test_deterministic_rewrites_do_not_depend_on_the_stream(pert, text: str, lang: str) -> None:
    if isinstance(pert, Keywords):
        pert._lists["en"] = frozenset({"is", "the", "than"})  # a given list: no stopword files needed
    assert pert.uses_rng is False
    outs = {pert.perturb(text, random.Random(s), lang) for s in range(20)}
    assert len(outs) == 1
    assert next(iter(outs)).edits


def test_partial_rates_still_use_the_stream() -> None:
    assert Diacritics(rate=0.5).uses_rng and Transliterate(max_edits=1).uses_rng
    assert ScriptForm(mode="fullwidth", rate=0.5).uses_rng and Typo().uses_rng


def test_random_search_skips_seeding_only_where_outputs_cannot_differ() -> None:
    # the same texts through the search and by hand with a stream seeded per text
    typo = Typo(rate=0.3)
    got = RandomSearch().run(typo, EN, ["en"] * 3, seed=4, samples=3, constraints=[])
    for text, row in zip(EN, got, strict=True):
        rng = random.Random(f"4:{text}")
        assert row == [typo.perturb(text, rng, "en") for _ in range(3)]
    fw = ScriptForm(mode="fullwidth")
    got = RandomSearch().run(fw, EN, ["en"] * 3, seed=4, samples=2, constraints=[])
    assert [r[0].text for r in got] == [fullwidth(t) for t in EN]


def test_eligibility_memo_follows_the_word_filter() -> None:
    typo = Typo(rate=1.0)
    typo.word_filter = _protected()
    first = typo.perturb(EN[0], random.Random(0), "en")
    assert {e.original for e in first.edits}.isdisjoint({"is", "the", "than"})
    typo.word_filter = lambda w, lang: w == "eiffel"  # a new filter: the memo must not answer for it
    only = typo.perturb(EN[0], random.Random(0), "en")
    assert [e.original for e in only.edits] == ["eiffel"]


def test_budget_counts_only_words_a_rewrite_changes() -> None:
    d = Diacritics(rate=0.5)  # 3 words with accents: 2 of them (half, rounded up), never an unaccented one
    text = "qué país tiene más ríos"
    p = d.perturb(text, random.Random(1), "es")
    assert len(p.edits) == 2
    assert all(e.original in {"qué", "país", "más", "ríos"} for e in p.edits)


@pytest.mark.parametrize("text", EN + ["x-ray of the new york times", "the times' editor", "apple apple pie"])
def test_wordorder_spaced_path_matches_the_general_path(text: str) -> None:
    w = WordOrder(rate=0.5, max_edits=2)
    w.word_filter = _protected()
    parts, segs, flat, eligible = w._flat(text, "en")
    adjacent = list(w._adjacent)
    # the general loop, forced by a language that takes it (ja segments only non-Latin runs)
    parts_g, segs_g, flat_g, eligible_g = w._flat(text, "ja")
    assert (parts, segs, flat, eligible, adjacent) == (parts_g, segs_g, flat_g, eligible_g, w._adjacent)


@pytest.mark.parametrize("text", EN + ["ab cd efgh", "newyork is big"])
def test_segmentation_spaced_options_match_the_general_options(text: str) -> None:
    s = Segmentation(rate=0.5)
    s.word_filter = _protected()
    assert s._options(text, "en") == s._options(text, "ja")  # ja: the general per-segment loop


def test_homoglyph_one_character_path_draws_like_the_general_path() -> None:
    h = Homoglyph(rate=1.0, chars=1)
    for s in range(50):
        for word in ("eiffel", "tower", "penicillin", "x"):
            fast = h.variant(word, "en", random.Random(s))
            # the general path: positions, one drawn, then its look-alike drawn
            rng = random.Random(s)
            idx = [i for i, c in enumerate(word) if c in h.mapping]
            if not idx:
                assert fast is None
                continue
            if len(idx) > 1:
                idx = [idx[int(rng.random() * len(idx))]]
            chars = list(word)
            alts = h.mapping[chars[idx[0]]]
            chars[idx[0]] = alts[int(rng.random() * len(alts))]
            assert fast == ("".join(chars), "homoglyph")


def test_fullwidth_maps_ascii_letters_and_digits_only() -> None:
    assert fullwidth("Abc 12-é") == "Ａｂｃ １２-é"
