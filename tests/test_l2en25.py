"""Code-switching L -> en (bench/RESULTS.md section 148): a Hindi word in a noun position
(before a postposition or a light verb, or after the genitive का/के/की) offers first the English candidate that
SemCor attests most as a noun (``lex.nounsense``): चुनाव "election", not "choice"; निर्माण "construction", not
the verb "build"; पूर्व "east" before a postposition, but "former" still before the possessed noun
("विश्वविद्यालय के पूर्व छात्र"). Dictionary-backed cases skip when MUSE en-hi is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def _first_offered(cs, text: str, lang: str) -> dict[str, str]:
    """Each switchable word of ``text`` and the first English offered for it."""
    from robustir.attacks.codeswitch import CodeSwitch

    parts, opts, _ = CodeSwitch._analyse(cs, text, lang)
    return {parts[2 * i + 1]: o[0][1].strip().lower() for i, o in enumerate(opts) if o}


@pytest.mark.parametrize(("text", "word", "right"), [
    ("2007 के चुनाव का परिणाम क्या था?", "चुनाव", "election"),
    ("निर्माण के लिए किन तीन चीजों की आवश्यकता होती है?", "निर्माण", "construction"),
    ("पश्चिम ने पूर्व को किस रूप में देखा?", "पूर्व", "east"),
])
def test_a_hindi_noun_offers_its_most_attested_noun_first(cs, text, word, right):
    require_muse("hi")
    assert _first_offered(cs, text, "hi").get(word) == right


def test_an_adjective_before_the_possessed_noun_keeps_its_order(cs):
    # "the university's former students": पूर्व after के is an adjective here, "former" stays first
    require_muse("hi")
    first = _first_offered(cs, "क्या ब्रिटिश प्रधानमंत्री के सलाहकार विश्वविद्यालय के पूर्व छात्र सदस्य भी हैं?", "hi")
    assert first.get("पूर्व") == "former"


def test_the_most_attested_noun_leads_and_the_rest_keep_their_order(nltk_resources):
    from robustir.attacks.candidates import Sources
    from robustir.attacks.lex.nounsense import most_attested_noun_first

    wn = Sources(resource_paths=nltk_resources).wordnet().wn
    assert most_attested_noun_first(wn, ("build", "impact", "construction")) == ("construction", "build", "impact")
    assert most_attested_noun_first(wn, ("game", "play")) == ("game", "play")


def test_the_noun_position_comes_from_the_next_or_previous_word():
    from robustir.attacks.lex.nounsense import noun_position

    assert noun_position(["निर्माण", "के", "लिए"], 0) == "noun"
    assert noun_position(["भूमि", "का", "निर्माण", "पहाड़ों"], 2) == "genitive"
    assert noun_position(["चुनाव", "कितनी"], 0) == ""
