"""Code-switching L -> en, Hindi (section 219 of branch hi37).

``lex.hiphrases``: the word of a Hindi conjunct verb or term whose dictionary English is another sense stays
unswitched (प्रवेश किया "entered", not "admission"; यूरोपीय संघ "European Union", not "association"), while the same
word outside the construction keeps its English (कितनी दूर "how far"). ``lex.hiquestion``: a Hindi query with no
other switchable word gets its question word switched (कब -> when), never the yes/no particle क्या that opens a
question, and a query that has another switchable word keeps its switches as they were. Dictionary-backed cases
skip when MUSE en-hi is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


@pytest.mark.parametrize(("words", "i"), [
    (["व्हाइट", "ने", "सिटी", "हॉल", "में", "कैसे", "प्रवेश", "किया"], 6),   # entered, not "admission"
    (["दान", "किये", "गए", "जीन्स"], 0),                                      # donated, not "charity"
    (["वर्णभेद", "को", "दूर", "करने", "के"], 2),                               # remove, not "far"
    (["नॉर्वे", "यूरोपीय", "संघ", "में"], 2),                                   # the European Union
    (["हवाई", "अड्डों", "की", "व्यस्तता"], 0),                                 # airport, not "aerial"
    (["भाषा", "कहाँ", "बोली", "जाती", "है"], 2),                               # is spoken, not "bid"
    (["मिशनरी", "कहां", "बस", "गए"], 2),                                       # settled, not "bus"
])
def test_a_word_of_a_hindi_construction_is_locked(words, i):
    from robustir.attacks.lex.hiphrases import locked_word

    assert locked_word(words, i) == "hi-construction"


@pytest.mark.parametrize(("words", "i"), [
    (["जैक्सनविल", "कितनी", "दूर", "है"], 2),          # "how far": judged right, stays
    (["इस्लामवाद", "के", "समर्थक", "उनके"], 2),        # supporters of Islamism: judged right, stays
    (["प्रवेश", "परीक्षा", "कब", "है"], 0),            # no light verb after it
])
def test_the_same_word_outside_the_construction_is_not_locked(words, i):
    from robustir.attacks.lex.hiphrases import locked_word

    assert locked_word(words, i) == ""


def test_question_words_and_the_yes_no_particle():
    from robustir.attacks.lex.hiquestion import question_word

    assert question_word(["यह", "राजाज्ञा", "कब", "जारी", "हुई", "थी"]) == (2, "when")
    assert question_word(["क्या", "नॉर्वे", "यूरोपीय", "संघ", "में", "शामिल", "हो", "पाया"]) is None
    assert question_word(["नासा", "का", "कौन", "सा", "गुट"]) is None  # कौन सा: which, the particle would stay
    assert question_word(["सलाहकार", "कौन", "थे"]) == (1, "who")
    assert question_word(["गेगीन", "ने", "किसे", "नियुक्त", "किया", "था"]) == (2, "whom")
    assert question_word(["बान", "की", "मून", "किसके", "महासचिव", "थे"]) is None  # whose / of what: left out


def test_the_recipe_leaves_the_conjunct_verb_and_switches_the_question_word_instead(cs):
    require_muse("hi")
    # before: {"प्रवेश": ["admission"]} (judged wrong, agree26-rev25-L); the query has no other switchable word
    assert _offered(cs, "व्हाइट ने सिटी हॉल में कैसे प्रवेश किया?", "hi") == {"कैसे": ["how"]}


def test_a_word_of_the_european_union_is_not_switched(cs):
    require_muse("hi")
    offered = _offered(cs, "स्पेन और पुर्तगाल यूरोपीय संघ में किस वर्ष शामिल हुए थे?", "hi")
    assert "संघ" not in offered
    assert offered.get("वर्ष") == ["year"]  # the query's other words keep their English


def test_an_unswitchable_query_gets_its_question_word(cs):
    require_muse("hi")
    # before: unperturbable (XQuAD-R hi test; राजाज्ञा, जारी: one source each, vetoed backwards)
    assert _offered(cs, "यह राजाज्ञा कब जारी  हुई थी ?", "hi") == {"कब": ["when"]}


def test_a_query_with_a_switchable_word_keeps_its_question_word(cs):
    require_muse("hi")
    offered = _offered(cs, "स्पेन और पुर्तगाल यूरोपीय संघ में किस वर्ष शामिल हुए थे?", "hi")
    assert "किस" not in offered and all(w not in offered for w in ("कब", "क्या"))
    assert "कब" not in _offered(cs, "फ्रेडरिक रेटज़ेल का जन्म कब हुआ था?", "hi")
