"""en->L code-switching: the second tier for queries that had no switchable word (issue 10, branch unp5).

The classes of the unperturbable xquad-r:en questions (bench/RESULTS.md, section "Unperturbable
English queries"): every noun inside a compound ("the deputy director", "turbine entry temperature"),
names and verbs only ("Who founded McKinsey & Company?"). The second tier switches the head of a
compound of clear sense and the opening question word, only in such queries; compounds that are a
dictionary entry ("world cup", "golf course") and question words of several uses ("how many",
"what year", "What's") stay.
"""

from __future__ import annotations

import random

import numpy as np
import pytest


@pytest.fixture(scope="module")
def rp(english_resources):
    # (``english_resources`` puts the NLTK data on $NLTK_DATA, where the English analysis finds WordNet)
    return english_resources


def _cs(rp, langs):
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not all((d / f"en-{lg}.txt").is_file() for lg in langs):
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    cs = CodeSwitch(languages=langs, rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs


def _switched(cs, query: str) -> dict[str, set[str]]:
    """word -> the languages it may be switched into (in-context options)."""
    from robustir.attacks.analysis import analyse

    a = analyse(query, "en")
    return {a.words[i].text: {t for t, _ in o} for i, o in enumerate(cs.options(query)) if o}


def test_head_of_a_compound_is_its_own_lock(rp):
    """"the deputy director": director is the head of a compound no dictionary lists whole; "world cup"
    (WordNet's World_Cup, capitalised) and "golf course" (golf_course) are entries and stay "mwe"."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.analysis.english import COMPOUND_HEAD

    a = analyse("Who was hired to be the deputy director of the Office of Manned Space Flight?", "en")
    locks = {w.text: w.locked for w in a.words}
    assert locks["director"] == COMPOUND_HEAD and locks["deputy"] == "mwe"
    for q, head in (("Who won the world cup in 2010?", "cup"), ("Where is the golf course?", "course")):
        assert next(w for w in analyse(q, "en").words if w.text == head).locked == "mwe", q


def test_compound_head_switched_in_a_query_with_no_other_word(rp):
    """limit-100 unperturbable: "turbine entry temperature of a steam turbine" had every noun in a
    compound; temperature (one dominant sense) is switched, its modifiers and the WordNet entry
    "steam turbine" are not."""
    cs = _cs(rp, ["es", "de"])
    opts = _switched(cs, "What is the turbine entry temperature of a steam turbine, in degrees Celsius?")
    assert "temperature" in opts, opts
    assert not {"turbine", "entry", "steam", "degrees"} & set(opts), opts
    out = cs.perturb("What is the turbine entry temperature of a steam turbine, in degrees Celsius?", random.Random(0))
    assert not out.unperturbable and out.edits


def test_second_tier_only_where_the_first_has_nothing(rp):
    """A query with a word of the first tier keeps exactly its earlier options: no compound head, no
    question word (the judged precision of those switches stands)."""
    cs = _cs(rp, ["es"])
    opts = _switched(cs, "Who was the deputy director of the famous museum?")
    assert opts and not {"Who", "director"} & set(opts), opts


def test_question_word_of_a_query_of_names_and_verbs(rp):
    """limit-100/held-out unperturbable: names and a verb only ("Who founded McKinsey & Company?",
    "Where is Energiprojekt AB based?"): the opening question word is switched, to its interrogative."""
    from robustir.attacks.codeswitch import _QUESTION_WORDS

    cs = _cs(rp, ["es", "de"])
    for q, word in (("Who founded McKinsey & Company?", "Who"), ("Where is Energiprojekt AB based?", "Where"),
                    ("How did Huguenots evolve their religious beliefs in the New World?", "How"),
                    ("What flows between Bingen and Bonn?", "What")):
        assert set(_switched(cs, q)) <= {word}, q
        out = cs.perturb(q, random.Random(1))
        assert [e.original for e in out.edits] == [word], (q, out.edits)
        lang = out.edits[0].operation.split(":")[1]
        assert out.edits[0].replacement.lower() == _QUESTION_WORDS[lang][word.lower()]


@pytest.mark.parametrize("query", [
    "How many quadrangles does the Main Quadrangles have?",  # "how" of how many (switched whole: below)
    "What year did Napoleon die?",  # what year: a determiner, which agrees with its noun
    "What's Thomas Piketty's job?",  # "What's" is one word for tokenize.words
    "After 1935, who would be forbidden to enter Rhineland?",  # not the opening word
])
def test_question_words_of_several_uses_stay(rp, query):
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["es"])
    a = analyse(query, "en")
    assert cs._question_word(a, cs._spans(a, query, "en")) is None


def test_skip_reasons_name_the_rule(rp):
    """``_skip_reason`` (what bench/unperturbable.py tabulates): the rule that keeps each word; the head
    of a compound without a dominant sense (label) stays in the second tier too."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["es"])
    stop = cs._function_words("en")

    def reasons(q: str, fallback: bool = False) -> dict[str, str]:
        a = analyse(q, "en")
        spans = cs._spans(a, q, "en")
        return {w.text: cs._skip_reason(a, i, "en", stop, spans, fallback) for i, w in enumerate(a.words)}

    r = reasons("Where is Energiprojekt AB based?")
    assert r["Energiprojekt"] == "locked:entity" and r["based"] == "pos:VERB"
    q = "What is included with each packet label"
    assert reasons(q)["label"] == "locked:compound-head"
    assert reasons(q, fallback=True)["label"] == "compound-head-senses"


def test_how_many_is_switched_whole(rp):
    """held-out unperturbable: "How many Grammys has Lady Gaga won?" (names and a verb): "How many" is
    one question word (es cuántos, de wie viele), never "How" or "many" alone (issue 10: "how many" ->
    kilometer); a query with a first-tier word keeps "How many" as it was."""
    from robustir.attacks.codeswitch import _QUESTION_WORDS

    cs = _cs(rp, ["es", "de"])
    for q, unit in (("How many Grammys has Lady Gaga won?", "How many"),
                    ("How much can Ctenophores eat in one day?", "How much")):
        out = cs.perturb(q, random.Random(0))
        assert [e.original for e in out.edits] == [unit], out.edits
        lang = out.edits[0].operation.split(":")[1]
        assert out.edits[0].replacement.lower() == _QUESTION_WORDS[lang][unit.lower()]
        assert out.text.endswith(q[len(unit):])
    opts = _switched(cs, "How many people live in Berlin?")
    assert "people" in opts and not {"How", "many", "How many"} & set(opts), opts


def test_analysis_without_wordnet_warns_once_and_locks_from_the_parse(english_resources, monkeypatch, caplog):
    """WordNet that cannot be opened is said in the log, once, not silently: compounds are then locked by
    spaCy's parse alone, and no compound head is released (every compound stays whole)."""
    import logging

    from robustir.attacks import lexicon
    from robustir.attacks.analysis import english
    from robustir.attacks.base import MissingResource

    def missing(*a, **k):
        raise MissingResource("WordNet not found (nowhere)")

    english.nlp()  # loaded before the patch: the parse itself needs no WordNet
    monkeypatch.setattr(lexicon, "wordnet_lexicon", missing)
    monkeypatch.setattr(english, "_WORDNET_WARNED", [])
    with caplog.at_level(logging.WARNING, logger=english.__name__):
        assert english._wordnet() is None
        a = english.analyse_english("What was the turbine entry temperature of the deputy director's engine?")
    warnings = [r for r in caplog.records if "without WordNet" in r.getMessage()]
    assert len(warnings) == 1 and "WordNet not found (nowhere)" in warnings[0].getMessage()
    locks = {w.text.lower(): w.locked for w in a.words}
    assert locks["temperature"] == "mwe" and locks["director"] == "mwe"  # whole, never the compound-head lock
