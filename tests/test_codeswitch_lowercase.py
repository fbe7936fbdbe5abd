"""en->L code-switching: the second tier on lower-case, question-mark-less questions (BoolQ; issue 10, branch unp7).

Two failures found on BoolQ dev (development data, bench/RESULTS.md section 59): in a query written all in lower
case no capital tells a title, so "was the movie insomnia based on a book" had its title switched as the
head of a compound (insomnia -> insomnio, 失眠); and WOLF, OMW's French, gives home_plate -> "à la maison"
(at home), which the whole-expression rule took as a translation of the noun.
"""

from __future__ import annotations

import pytest

from tests.muse_data import ranked_switcher


@pytest.fixture(scope="module")
def rp(english_resources):
    # (``english_resources`` puts the NLTK data on $NLTK_DATA, where the English analysis finds WordNet)
    return english_resources


def _cs(rp, langs):
    return ranked_switcher(rp, langs)


def _switched(cs, query: str) -> set[str]:
    return {e.original for p in cs.word_candidates(query, "en") for e in p.edits}


def test_title_after_a_work_noun_is_not_a_compound_head(rp):
    """"the movie insomnia" in a lower-case query: a title, never switched; cased, the analysis makes it an
    entity, and a common noun after "movie" in a compound of its own ("the rampage movie") still is one."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.analysis.english import COMPOUND_HEAD

    cs = _cs(rp, ["es", "fr", "zh"])
    q = "was the movie insomnia based on a book"
    a = analyse(q, "en")
    i = next(k for k, w in enumerate(a.words) if w.text == "insomnia")
    assert a.words[i].locked == COMPOUND_HEAD  # the parse that made it switchable in the second tier
    assert cs._skip_reason(a, i, "en", cs._function_words("en"), cs._spans(a, q, "en"), fallback=True) == "title"
    assert "insomnia" not in _switched(cs, q)
    assert "Insomnia" not in _switched(cs, "was the movie Insomnia based on a book")
    assert "movie" in _switched(cs, "is the rampage movie based on the game")


def test_whole_expression_translation_starts_with_a_content_word(rp):
    """WOLF's home_plate -> "à la maison" (a phrase, "at home") is refused; "étendue d'eau", "masa de agua"
    (body of water) are kept."""
    cs = _cs(rp, ["es", "fr"])
    assert "à la maison" not in cs._expression_candidates("home_plate", "fr")
    assert "étendue d'eau" in cs._expression_candidates("body_of_water", "fr")
    assert "masa de agua" in cs._expression_candidates("body_of_water", "es")
    # NLTK's Spanish stopwords hold "sentido" (a form of sentir), but here it translates "sense": content
    assert "sentido del olfato" in cs._expression_candidates("sense_of_smell", "es")


@pytest.mark.parametrize("query, lang", [
    ("is powdered milk the same as milk powder", "es"),  # leche en polvo for both
    ("is a timber wolf the same as a gray wolf", "fr"),  # loup gris for both (one WordNet synset)
])
def test_two_expressions_never_share_a_translation(rp, query, lang):
    """A question comparing two terms keeps them apart: neither is switched into a language where both
    translate alike (BoolQ dev switched "powdered milk" -> leche en polvo: "is milk powder the same as milk
    powder"); one expression written twice is one term and is switched ("sign language" -> langue des signes)."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, [lang])
    assert _switched(cs, query) == set()
    a = analyse(query, "en")
    merged, _ = cs._whole_expressions(a, cs._spans(a, query, "en"))
    assert sum(" " in w.text for w in merged.words) == 2  # both are expressions with translations of their own
    assert all(cs._expression_candidates(w.lemma, lang) for w in merged.words if " " in w.text)
    cs = _cs(rp, ["fr"])
    assert _switched(cs, "is american sign language the only sign language") == {"sign language"}
