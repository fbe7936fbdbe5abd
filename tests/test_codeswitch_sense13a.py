"""English -> L code-switching, part of speech and titles read from the English analysis (issue 10 (a),
branch sense13a), from the rejects of held-out v20 (bench/validity/lexical/v20-sense13a-en-L.jsonl,
boolq-test at main 2fa6697): a noun the tagger puts right after the infinitive's "to" is the verb ("to
breath out" -> Atem, souffle, 息, nouns), and a plural noun followed by a number in digits is a title
("oceans 8" -> océano, Ozean, 海洋 in six languages). Skips when WordNet is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def _words(text: str) -> dict[str, tuple[str, str]]:
    """{word: (part of speech, lock)} of the English analysis of ``text`` (the last occurrence wins)."""
    from robustir.attacks.analysis import analyse

    return {w.text: (w.pos, w.locked) for w in analyse(text, "en").words}


def test_a_noun_after_the_infinitive_marker_is_a_verb(rp):
    # v20 boolq-test-0920 "is it normal to breath out of your mouth": breath -> de Atem, fr souffle, ja 息
    assert _words("is it normal to breath out of your mouth")["breath"][0] == "VERB"
    # "to" as a preposition keeps its noun ("from human to human": de Mensch judged right), and a noun
    # elsewhere in the same question stays a noun
    assert _words("can rabies be spread from human to human through kissing")["human"][0] == "NOUN"
    assert _words("is it normal to breath out of your mouth")["mouth"][0] == "NOUN"
    # nor the "to" of a complex preposition, which the tagger also calls TO
    assert _words("What is the term used when human tissue is studied due to disease?")["disease"][0] == "NOUN"


def test_a_plural_noun_with_a_number_is_a_title(rp):
    # v20 boolq-test-1202 "is oceans 8 a spin off of oceans 11" (the films Ocean's 8 / Ocean's Eleven)
    assert _words("is oceans 8 a spin off of oceans 11")["oceans"][1] == "entity"
    # counted the English way (the number first), or singular with its number, the noun is free
    assert _words("are there 5 oceans on earth")["oceans"][1] == ""
    assert _words("is there a season 7 of mindy project")["season"][1] == ""


def test_the_two_v20_questions_are_not_switched_word_by_word(rp):
    # the recipe: neither "breath" nor "oceans" is offered for switching any more
    from robustir.attacks.codeswitch import CodeSwitch

    from tests.muse_data import require_muse

    cs = CodeSwitch(languages=["de", "es"], rate=1.0, context="none",
                    resource_paths={**rp, "muse": require_muse("de", "es")})
    for text, word in (("is it normal to breath out of your mouth", "breath"),
                       ("is oceans 8 a spin off of oceans 11", "oceans")):
        parts, opts, _ = cs._analyse(text, "en")
        assert all(not o for k, o in enumerate(opts) if parts[2 * k + 1] == word)


def test_a_noun_mostly_used_as_an_adjective_is_not_its_feminine_adjective(rp):
    # v20 boolq-test-0398 / -0958 "has a hammerhead shark ever attacked a human", "from human to human":
    # human -> es humanas (the adjective, feminine plural); -0311 "open to the public" -> públicas
    from robustir.attacks.candidates import Sources

    from tests.muse_data import require_muse

    s = Sources({**rp, "muse": require_muse("es")})
    for word in ("human", "public"):
        cands = s.from_english(word, word, "NOUN", "es")
        assert cands and not any(c.endswith(("a", "as")) for c in cands)
    # the adjective keeps its candidates, and a noun mostly used as a noun keeps its word in -a
    assert s.from_english("human", "human", "ADJ", "es")
    assert s.from_english("house", "house", "NOUN", "es")[:1] == ("casa",)
