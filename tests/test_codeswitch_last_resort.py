"""en->L code-switching: the second tier's last resort (issue 10, branch unp6).

The classes left unperturbable by the second tier on the held-out draws of bench/RESULTS.md section 44
(its 44.6): an opening "What/Which + noun" question phrase ("What school did Jolie attend?", "In what
year ...", "which King?") and WordNet multiword nouns locked as a whole ("What body of water ...",
"quantum mechanics"). They are switched only in a query that both earlier tiers leave unswitched: the
determiner where its form does not agree with the (English) noun, the expression whole or not at all.
"""

from __future__ import annotations

import random

import pytest

from tests.muse_data import ranked_switcher


@pytest.fixture(scope="module")
def rp(english_resources):
    # (``english_resources`` puts the NLTK data on $NLTK_DATA, where the English analysis finds WordNet)
    return english_resources


def _cs(rp, langs):
    return ranked_switcher(rp, langs)


def _choices(cs, query: str) -> dict[str, set[tuple[str, str]]]:
    """original word(s) -> {(language, replacement)} over every in-context option."""
    out: dict[str, set[tuple[str, str]]] = {}
    for p in cs.word_candidates(query, "en"):
        (e,) = p.edits
        out.setdefault(e.original, set()).add((e.operation.split(":")[1], e.replacement))
    return out


@pytest.mark.parametrize("query, word", [
    ("What school did Jolie attend?", "What"),
    ("In what year were the penal colonies officially closed?", "what"),
    ("During which decade did Thoughts recirculate?", "which"),
    ("What two factors caused the Greco-Buddhist style to emerge?", "What"),
    ("which King?", "which"),
])
def test_question_determiner_where_its_form_does_not_agree(rp, query, word):
    """held-out unperturbable (44.6): the determiner of the opening question phrase, es qué, zh 什么/哪个;
    never fr/de (quel/quelle, welcher/welche agree with the noun, which stays English)."""
    cs = _cs(rp, ["es", "fr", "de", "zh"])
    opts = _choices(cs, query)
    assert set(opts) == {word}, opts
    assert {lang for lang, _ in opts[word]} == {"es", "zh"}, opts
    assert ("es", "qué" if word.islower() else "Qué") in opts[word]
    out = cs.perturb(query, random.Random(0))
    assert not out.unperturbable and [e.original for e in out.edits] == [word]


def test_which_follows_the_number_of_its_noun(rp):
    """zh 哪个 before a singular noun, 哪些 before a plural one (it quale / quali likewise)."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import _QUESTION_DETERMINERS

    cs = _cs(rp, ["zh"])
    for q, number in (("Which court argued that the Treaty of Rome did not prevent energy nationalism?", "NN"),
                      ("Which tribes did Genghis Khan defeat?", "NNS"),
                      ("Which operating systems support Illustrator CS2?", "NNS")):
        a = analyse(q, "en")
        slots = cs._last_slots(a, cs._spans(a, q, "en"))
        assert (0, "zh", [_QUESTION_DETERMINERS["zh"][("which", number)]]) in slots, (q, slots)


@pytest.mark.parametrize("query", [
    "What is the capital of Peru?",  # what + verb: the pronoun (the second tier's question word)
    "Besides Rome, what other city did Caesar rule?",  # not the opening phrase
    "What's Thomas Piketty's job?",  # one word for tokenize.words
])
def test_question_determiner_only_in_the_opening_phrase(rp, query):
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["es"])
    a = analyse(query, "en")
    assert cs._question_determiner(a, cs._spans(a, query, "en")) is None


def test_multiword_noun_switched_whole(rp):
    """"What body of water ...": body_of_water (one WordNet sense) -> es masa de agua, fr étendue d'eau,
    the whole expression, never "water" or "body" alone; "gross domestic product" -> produit intérieur
    brut, 国内生产总值."""
    cs = _cs(rp, ["es", "fr", "de", "zh"])
    opts = _choices(cs, "What body of water sat to the west of the Mongol Empire when Genghis Khan died?")
    assert {"es", "fr"} <= {lang for lang, _ in opts["body of water"]}, opts
    assert ("es", "masa de agua") in opts["body of water"] and ("fr", "étendue d'eau") in opts["body of water"]
    assert not {"body", "water", "of"} & set(opts), opts
    opts = _choices(cs, "What percentile of gross domestic product is construction comprised of?")
    assert ("fr", "produit intérieur brut") in opts["gross domestic product"], opts
    assert ("zh", "国内生产总值") in opts["gross domestic product"], opts


def test_multiword_translation_must_hold_a_word_translation(rp):
    """OMW's French (WOLF) lists liquid_oxygen -> "saumon fumé" (smoked salmon) and world_cup ->
    "Blackburn_with_Darwen": a translation holding no dictionary translation of the expression's words,
    or capitalised, is never offered; zh 液态氧 holds 氧 (oxygen) and is."""
    cs = _cs(rp, ["fr", "zh"])
    assert cs._expression_candidates("liquid_oxygen", "fr") == []
    assert "液态氧" in cs._expression_candidates("liquid_oxygen", "zh")
    assert not any(c[:1].isupper() for c in cs._expression_candidates("world_cup", "fr"))


def test_last_resort_only_where_both_tiers_have_nothing(rp):
    """A query the first tier switches ("famous") or the second ("Who", a compound head) keeps its
    options: no determiner, no whole expression (their judged precision stands)."""
    cs = _cs(rp, ["es", "zh"])
    opts = _choices(cs, "What school did the famous actress attend?")
    assert opts and "What" not in opts, opts
    opts = _choices(cs, "Who studied quantum mechanics at Harvard?")
    assert set(opts) == {"Who"}, opts
