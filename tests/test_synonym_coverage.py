"""The synonym recipes' candidate widenings (bench/RESULTS.md section 81): multiword WordNet lemmas, the
heads of free compounds and every candidate above the in-context floor, each off unless asked for.

Needs spaCy's English model and the nltk-data resource (WordNet + SemCor counts); skips otherwise. The
context filter is off or a stand-in (no encoder): what is tested is which options exist.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="module")
def lex(english_resources: dict[str, Path]):
    pytest.importorskip("wordfreq")
    from robustir.attacks.synonym import SenseSynonym

    return SenseSynonym(context="none", resource_paths=english_resources).sources.wordnet()


def _options(syn, text: str) -> dict[str, list[str]]:
    parts, opts, _ = syn._analyse(text, "en")
    return {parts[2 * i + 1]: [r for _, r in o] for i, o in enumerate(opts) if o}


def _syn(english_resources: dict[str, Path], **kw):
    pytest.importorskip("wordfreq")
    from robustir.attacks.synonym import SenseSynonym

    return SenseSynonym(rate=1.0, resource_paths=english_resources, **kw)


def test_lemma_verdicts_explain_every_rejected_lemma_and_keep_what_precise_synonyms_keeps(lex):
    from robustir.attacks.lex.synsense import lemma_verdicts, precise_synonyms

    for lemma, pos in (("car", "n"), ("use", "v"), ("happen", "v"), ("movie", "n"), ("kid", "n")):
        verdicts = lemma_verdicts(lex, lemma, pos, frozenset())
        kept = [name for name, _, why in verdicts if not why]
        assert sorted(kept) == sorted(precise_synonyms(lex, lemma, pos, frozenset()))
    reasons = dict((name, why) for name, _, why in lemma_verdicts(lex, "car", "n", frozenset()))
    assert reasons["automobile"] == "zipf" and reasons["motorcar"] == "count"


def test_multiword_lemmas_pass_the_same_checks_only_when_asked(lex):
    from robustir.attacks.lex.synsense import SynonymPolicy, precise_synonyms

    assert "take_place" not in precise_synonyms(lex, "happen", "v", frozenset())
    assert "take_place" in precise_synonyms(lex, "happen", "v", frozenset(), SynonymPolicy(multiword=True))
    # an idiom with a placeholder, and multiword lemmas SemCor barely attests, stay out
    wide = precise_synonyms(lex, "die", "v", frozenset(), SynonymPolicy(multiword=True))
    assert not {"cash_in_one's_chips", "kick_the_bucket", "pass_away"} & set(wide)


def test_a_multiword_synonym_inflects_its_head(english_resources):
    text = "What happened in 1992 in a UK-wide process?"
    syn = _scored(_syn(english_resources, multiword=True), "took place")
    assert _options(syn, text)["happened"] == ["took place"]
    plain = _scored(_syn(english_resources), "took place")
    assert _options(plain, text)["happened"] == ["occurred"]


def test_the_head_of_a_free_compound_is_a_word_of_its_own_only_when_asked(english_resources):
    text = "is there going to be another golden compass movie"
    assert "movie" not in _options(_syn(english_resources, context="none"), text)
    assert "film" in _options(_syn(english_resources, context="none", compound_heads=True), text)["movie"]
    # a compound that is a WordNet entry stays whole ("world cup")
    wide = _syn(english_resources, context="none", compound_heads=True)
    assert "cup" not in _options(wide, "who won the last world cup in football")


def _scored(syn, prefer: str):
    """A stand-in for the multilingual USE: every variant 0.95, the one containing ``prefer`` 0.99."""
    syn.context_fn = lambda original, variants: np.array([0.99 if prefer in v else 0.95 for v in variants])
    return syn


def test_alternatives_add_the_other_candidates_above_the_floor_after_the_closest(english_resources):
    text = "What happened during the test?"
    one = _scored(_syn(english_resources, multiword=True), "took place")
    assert _options(one, text)["happened"] == ["took place"]
    alt = _scored(_syn(english_resources, multiword=True, alternatives=True), "took place")
    assert _options(alt, text)["happened"] == ["took place", "occurred"]
    # the same eligible words, so the same edit budget; the random draw picks among the options
    assert alt.eligible_count(text) == one.eligible_count(text) == 1
    drawn = {alt.perturb(text, random.Random(s)).text for s in range(20)}
    assert drawn == {"What took place during the test?", "What occurred during the test?"}
    # below the floor an alternative is not offered
    low = _syn(english_resources, multiword=True, alternatives=True)
    low.context_fn = lambda original, variants: np.array([0.99 if "took place" in v else 0.5 for v in variants])
    assert _options(low, text)["happened"] == ["took place"]



def test_alternatives_without_the_in_context_floor_is_a_one_line_error():
    # ``alternatives`` ranks a word's candidates by the in-context floor; with ``context = "none"`` there is none,
    # and the option did nothing, silently (review10)
    from robustir.attacks.base import AttackError
    from robustir.attacks.synonym import SenseSynonym

    with pytest.raises(AttackError, match="alternatives needs context = 'use-m'"):
        SenseSynonym(context="none", alternatives=True)
    assert SenseSynonym(context="none").alternatives is False
