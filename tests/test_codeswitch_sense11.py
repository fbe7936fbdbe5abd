"""English -> L code-switching, sense errors outside names (issue 10, branch sense11): expressions the
analysis layer now keeps whole, from the judged v18 rejects (bench/validity/lexical/v18-en-L.jsonl):
a word and its particle that WordNet lists as one expression ("a spin off" -> spin as rotation), a title
WordNet writes with capitals ("the surgeon general" -> general as "common"), a prepositional idiom
WordNet lists as an adverb or adjective ("under the table" -> a table of data). Each is locked
(``mwe``), so no recipe switches or swaps its words alone; the free word outside the expression stays
switchable. Skips when WordNet is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def _locks(text: str) -> dict[str, str]:
    """{word: its lock} of the English analysis of ``text`` (the last occurrence of a repeated word)."""
    from robustir.attacks.analysis import analyse

    return {w.text: w.locked for w in analyse(text, "en").words}


def test_a_word_and_its_particle_are_one_expression(rp):
    # v18 "was saved by the bell a spin off": spin -> it effetto, ja スピン, ru вращение, zh 旋转
    # (WordNet's spin-off, a noun, and spin_off, a verb)
    assert _locks("was saved by the bell a spin off")["spin"] == "mwe"
    assert _locks("is station 19 a grey's anatomy spin off")["spin"] == "mwe"
    assert _locks("did the plane take off on time")["take"] == "mwe"
    # the word alone, or with a preposition that is no particle of it, stays free
    assert _locks("does the earth spin on its axis")["spin"] == ""
    # a closed form only a name spells ("dam on" -> Damon) is no expression
    assert _locks("is there a dam on the mississippi river")["dam"] == ""


def test_a_title_wordnet_writes_with_capitals_is_one_expression(rp):
    # v18 "is the surgeon general part of the military": general -> fr général, tr genel, pt geral,
    # ar عام "common", ru общие, it generale, hi साधारण (8 rejects); WordNet's Surgeon_General
    locks = _locks("is the surgeon general part of the military")
    assert locks["surgeon"] == locks["general"] == "mwe"
    assert locks["military"] == ""
    # a name that is a kind of its last word stays free: the ocean is an ocean (judged right: océan, 海)
    assert _locks("is the gulf of mexico in the atlantic ocean")["ocean"] != "mwe"
    assert _locks("do african elephants live in the sahara desert")["elephants"] != "mwe"


def test_a_prepositional_idiom_is_one_expression(rp):
    # v18 "is it against the law to get paid under the table": table -> ja 表, pt tabela, tr tablo
    # (a table of data); WordNet's under-the-table (sub rosa)
    locks = _locks("is it against the law to get paid under the table")
    assert locks["table"] == "mwe"
    assert locks["law"] == ""
    assert _locks("is there a cat under the table in the painting")["cat"] == ""


def test_turkish_movies_is_films_not_the_cinema(rp):
    # v19 "are there going to be any more tinkerbell movies": movies -> tr sinema "the cinema". MUSE gives
    # filmler first for "movies" and film for "movie": the plural's first entry is the lemma's inflected,
    # so the lemma's word leads, as sense9's rule does for "movie"
    from robustir.attacks.candidates import Sources
    from robustir.attacks.freedict import load_freedict

    from tests.muse_data import require_muse

    d = require_muse("tr")
    if load_freedict("en", "tr") is None:
        pytest.skip("FreeDict eng-tur not installed")
    s = Sources({**rp, "muse": d})
    assert s.from_english("movies", "movie", "NOUN", "tr")[:1] == ("film",)
    assert s.from_english("movie", "movie", "NOUN", "tr")[:1] == ("film",)


def test_a_noun_and_a_particle_that_spell_an_unrelated_word_stay_free(rp):
    # review9: "tax on" closes to WordNet's taxon (a taxonomic group), "cab in" to cabin, "lead in" hyphenates
    # to lead-in, "fly over" closes to flyover: each is a word and a preposition with its object, so the word
    # keeps its own meaning and stays switchable (golden codeswitch-adv, BoolQ: "do you pay tax on gambling
    # winnings in australia" lost its only switchable word; 14 BoolQ dev questions locked so)
    assert _locks("do you pay tax on gambling winnings in australia")["tax"] == ""
    assert _locks("where is the cab in the movie taxi driver")["cab"] == ""
    assert _locks("who played the lead in the school play")["lead"] == ""
    assert _locks("do any flights fly over the north pole")["fly"] == ""
    # nouns made from a phrasal verb stay one expression
    assert _locks("the break up of the band")["break"] == "mwe"
    assert _locks("is a hand out good for the economy")["hand"] == "mwe"
    assert _locks("do the runners up on survivor win money")["runners"] == "mwe"
