"""English -> L code-switching, two context rules for it pt ru hi tr (issue 10, branch sense13b;
bench/RESULTS.md section 82), from the held-out v20 rejects (bench/validity/lexical/v20-sense13b-en-L.jsonl):
"can a knight jump over opponents pieces in chess" -> it cavaliere, pt cavaleiro, tr şövalye (the armoured
rider, not the chessman), and "has wales ever qualified for the world cup" -> ru квалифицированный
("skilled": the adjective for a perfect's participle). Skips when WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import word_candidates
from tests.muse_data import require_muse

LANGS = ["it", "pt", "ru", "tr"]


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    # (the shared data has no MUSE en-it or en-pt: their candidates come from OMW and FreeDict)
    return CodeSwitch(languages=LANGS, context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru", "tr")})


def test_a_knight_in_chess_is_the_chessman(cs):
    text = "can a knight jump over opponents pieces in chess"
    for tgt, rider in (("it", "cavaliere"), ("pt", "cavaleiro"), ("tr", "şövalye")):
        assert rider not in word_candidates(cs, text, "knight", tgt)
    # OMW's lemma of the chess sense where OMW covers the language; ru конь reads back as "horse"
    assert word_candidates(cs, text, "knight", "it")[:1] == ("cavallo",)
    assert word_candidates(cs, text, "knight", "pt")[:1] == ("cavalo",)
    assert "конь" in word_candidates(cs, text, "knight", "ru")


def test_a_knight_without_a_domain_keeps_its_words(cs):
    # no domain named: the dictionaries' first sense (the rider) stands
    assert "cavaliere" in word_candidates(cs, "was lancelot a knight of the round table", "knight", "it")


def test_a_domain_sense_omw_has_no_word_for_keeps_its_candidates(cs):
    # "TV" names network.n.02 (broadcasting), for which OMW has no one-word Italian lemma: rete stands
    # (a first version of the rule dropped it, and pt rede)
    text = "What percentage of prime-time TV viewership did the three big networks represent in 1980?"
    assert "rete" in word_candidates(cs, text, "networks", "it")


def test_a_domain_that_is_the_word_itself_does_not_count(english_resources):
    # "genre of music": music.n.03 is filed under music.n.01, a sense of "music" itself
    from robustir.attacks.lex.domainsense import domain_sense
    from robustir.attacks.lexicon import wordnet_lexicon

    wn = wordnet_lexicon(english_resources).wn
    assert domain_sense(wn, "music", ["genre"]) is None
    assert domain_sense(wn, "knight", ["chess"]).name() == "knight.n.02"
    assert domain_sense(wn, "knight", ["table"]) is None


def test_a_perfect_participle_tagged_adjective_is_not_the_adjective(cs):
    for text in ("has wales ever qualified for the world cup", "have england always qualified for the world cup"):
        assert "квалифицированный" not in word_candidates(cs, text, "qualified", "ru")
    # attributive: the adjective it is
    assert "квалифицированный" in word_candidates(cs, "is a qualified teacher required", "qualified", "ru")


def test_another_season_of_a_series_is_not_the_season_of_the_year(english_resources):
    # v20 "is there going to be another season of the ancient magus bride", "will there be any more breaking
    # bad seasons", v18 "will there be more seasons of degrassi next class": hi ऋतु (judged wrong 3 of 3)
    from robustir.attacks.codeswitch import CodeSwitch

    hi = CodeSwitch(languages=["hi"], context="none",
                    resource_paths={**english_resources, "muse": require_muse("hi")})
    for text, word in (("is there going to be another season of the ancient magus bride", "season"),
                       ("will there be any more breaking bad seasons", "seasons")):
        assert "ऋतु" not in word_candidates(hi, text, word, "hi")
    # the season of the year keeps its word
    assert "ऋतु" in word_candidates(hi, "what season is the driest in kenya", "season", "hi")
