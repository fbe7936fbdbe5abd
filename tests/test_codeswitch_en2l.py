"""English -> L code-switching: the failure classes of the judged en->L samples
(bench/validity/lexical/v3-en-*.jsonl, v2-en-*.jsonl) stay fixed.

Classes: OMW's alphabetical lemma order read as a ranking (evidence -> exercice, competence ->
adresse), OMW vouching for its own candidates when the bilingual dictionaries say they mean
something else (regime -> gouvernement, former -> primo), a minor sense's translation the
sources agree on (ruler -> regla "measuring stick", community -> zh 共有), OMW's incomplete
lemma lists dropping the dictionaries' answer (territory -> distrito instead of territorio,
unequal -> inadecuado), a translation of another part of speech (kind, noun -> hi दयालु,
ru добрая, zh 善良 "kind-hearted"), comparatives read as the positive form
(earliest -> tôt "early") and a name's word switched elsewhere in the query (quadrangles /
the Main Quadrangles -> Viereck). Dictionary-backed cases skip when the dictionary is absent.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from robustir.attacks.base import MissingResource
from robustir.attacks.candidates import Sources
from robustir.attacks.freedict import load_freedict

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def test_omw_lemmas_ranked_by_sense_weight_then_spelling(rp):
    s = Sources(rp)
    wn = s.wordnet().wn
    if s.omw("fr") is None:
        pytest.skip("OMW French not installed")
    code = s.omw("fr")
    evidence = list(s._omw_weights(wn.synsets("evidence", pos="n")[:3], "evidence", code, "fr"))
    assert evidence[0] == "preuve", evidence  # three senses of evidence list it; exercice one
    competence = list(s._omw_weights(wn.synsets("competence", pos="n")[:3], "competence", code, "fr"))
    assert competence[0] == "compétence", competence  # one synset: the cognate breaks the tie
    helmet = list(s._omw_weights(wn.synsets("helmet", pos="n")[:3], "helmet", code, "fr"))
    assert helmet[0] == "casque", helmet  # no cognate: the more frequent word (not heaume)


@pytest.mark.parametrize("word,lemma,pos,lang,wrong", [
    ("evidence", "evidence", "NOUN", "fr", "exercice"),
    ("regime", "regime", "NOUN", "fr", "gouvernement"),
    ("human", "human", "ADJ", "fr", "homme"),
    ("former", "former", "ADJ", "it", "primo"),
    ("kind", "kind", "NOUN", "it", "carattere"),
    ("regime", "regime", "NOUN", "it", "autorità"),
])
def test_dictionaries_overrule_omw_backwards(rp, word, lemma, pos, lang, wrong):
    """OMW lists every lemma of the source word's synsets, so it round-trips its own candidates;
    FreeDict read backwards (exercice: exercise, practice) decides when it knows the candidate."""
    if load_freedict(lang, "en") is None:
        pytest.skip(f"FreeDict {lang}-eng not installed")
    s = Sources(rp)
    if s.omw(lang) is None:
        pytest.skip(f"OMW {lang} not installed")
    assert wrong not in s.from_english(word, lemma, pos, lang)


def test_incomplete_omw_does_not_drop_the_dictionaries_answer(rp):
    """es territory.n.02 and unequal.a.01 have no OMW lemmas: OMW's distrito (district) and
    inadecuado (inadequate) no longer stand alone as "the only source of the tagged part of
    speech"; MUSE's territorio and desigual count as a source again (they disagree with OMW)."""
    s = Sources({**rp, "muse": require_muse("es")})
    if s.omw("es") is None:
        pytest.skip("OMW Spanish not installed")
    assert "distrito" not in s.from_english("territory", "territory", "NOUN", "es")
    assert "inadecuado" not in s.from_english("unequal", "unequal", "ADJ", "es")


def test_translation_of_another_part_of_speech_is_dropped(rp):
    """kind (noun, "what kind of") -> प्रकार "type", never दयालु "kind-hearted", whose other
    translations (benevolent, merciful) are adjectives only; Russian: pymorphy3 says добрая is
    an adjective."""
    s = Sources({**rp, "muse": require_muse("hi")})
    hi = s.from_english("kind", "kind", "NOUN", "hi")
    assert "दयालु" not in hi and "प्रकार" in hi
    pytest.importorskip("pymorphy3")
    s = Sources({**rp, "muse": require_muse("ru")})
    assert "добрая" not in s.from_english("kind", "kind", "NOUN", "ru")
    assert s.from_english("kind", "kind", "ADJ", "hi")  # the adjective still has its translation


@pytest.mark.parametrize("word,lemma,lang,usual", [
    ("engine", "engine", "fr", "moteur"),      # FreeDict's alphabetical first: locomotive
    ("society", "society", "fr", "société"),   # FreeDict's alphabetical first: club
    ("arrival", "arrival", "fr", "arrivée"),   # not arrivage (a delivery of goods)
])
def test_omw_sense_weight_orders_what_sources_agree_on(rp, word, lemma, lang, usual):
    if load_freedict("en", lang) is None:
        pytest.skip(f"FreeDict eng-{lang} not installed")
    s = Sources(rp)
    if s.omw(lang) is None:
        pytest.skip(f"OMW {lang} not installed")
    got = s.from_english(word, lemma, "NOUN", lang)
    assert got and got[0] == usual, got


def test_translations_of_minor_senses_are_dropped(rp):
    """ruler: WordNet's dominant sense is the sovereign (SemCor 4 vs 1); the dictionaries' first
    entry is the measuring stick (es regla, ja 定規), which OMW lists for the minor sense only."""
    s = Sources({**rp, "muse": require_muse("es")})
    if s.omw("es") is None or s.omw("ja") is None:
        pytest.skip("OMW es/ja not installed")
    assert "regla" not in s.from_english("ruler", "ruler", "NOUN", "es")
    ja = s.from_english("ruler", "ruler", "NOUN", "ja")
    assert "定規" not in ja and "物差し" not in ja
    zh = Sources({**rp, "muse": require_muse("zh")})
    assert "共有" not in zh.from_english("community", "community", "NOUN", "zh")
    assert "善良" not in zh.from_english("kind", "kind", "NOUN", "zh")  # an adjective's translation


@pytest.mark.parametrize("word,lang", [("type", "fr"), ("phase", "fr"), ("secret", "fr"), ("visible", "fr")])
def test_the_english_word_itself_is_never_a_candidate(rp, word, lang):
    """OMW's best lemma is sometimes the English word (type, phase): no switch, not a translation."""
    s = Sources(rp)
    if s.omw(lang) is None:
        pytest.skip(f"OMW {lang} not installed")
    pos = "ADJ" if word == "visible" else "NOUN"
    assert word not in s.from_english(word, word, pos, lang)


def test_comparatives_and_superlatives_stay(rp):
    """earliest -> fr tôt "early": the dictionaries translate the positive form."""
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["fr", "pt", "es"], rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    for seed in range(3):
        out = cs.perturb("Who was the earliest and largest settler of the colony?", random.Random(seed))
        assert not {e.original for e in out.edits} & {"earliest", "largest"}, out.edits


def test_a_word_the_query_also_writes_as_a_name_stays(rp):
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["de", "es", "fr"], rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    q = "How many quadrangles does the Main Quadrangles have?"
    a = analyse(q, "en")
    i = [w.text for w in a.words].index("quadrangles")
    assert cs._glued(a, i)
    for seed in range(3):
        assert "quadrangles" not in {e.original for e in cs.perturb(q, random.Random(seed)).edits}
    a = analyse("How many quadrangles does the university have?", "en")
    assert not cs._glued(a, [w.text for w in a.words].index("quadrangles"))


# --------------------------------------------------------------- v5 (branch en2l): the v4 rejects


def _cs(rp, langs):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=langs, rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs


@pytest.mark.parametrize("query,verb", [
    ("What did Stiglitz present in 2009 regarding global inequality?", "present"),
    ("What aspect of Western medicine did the Chinese dislike?", "dislike"),
])
def test_main_verb_mistagged_after_do_support_stays(rp, query, verb):
    """v4: spaCy tags the main verb after "did" as ADJ/NOUN: present -> presente/actuel/attuale,
    dislike -> aversión/antipathie/nefret (judged wrong in es fr it pt tr)."""
    cs = _cs(rp, ["es", "fr", "it"])
    for seed in range(3):
        out = cs.perturb(query, random.Random(seed))
        assert verb not in {e.original for e in out.edits}, out.edits


def test_nouns_after_a_finite_verb_still_switch(rp):
    """The do-support rule looks only after "did" with no verb tagged as one following it, and
    leaves nouns English never uses as verbs (inequality)."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["es"])
    a = analyse("What did Stiglitz present in 2009 regarding global inequality?", "en")
    mis = cs._do_support_mistags(a)
    i = next(k for k, w in enumerate(a.words) if w.text == "inequality")
    assert not (i in mis and cs._verb_like(a.words[i]))
    b = analyse("Which company did the survey find in Fresno?", "en")  # find: a verb follows did
    assert not cs._do_support_mistags(b)


def test_common_noun_after_a_name_is_switched_into_l(rp):
    """xquad-r:en unperturbable: "Which NASA faction came around first": faction was locked as
    part of the compound NASA faction; a common noun after a name is its own word."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.analysis.english import NAME_COMPOUND

    a = analyse("Which NASA faction came around first to support the LOR?", "en")
    w = next(w for w in a.words if w.text == "faction")
    assert w.locked == NAME_COMPOUND
    assert next(w for w in a.words if w.text == "NASA").locked  # the name stays
    require_muse("es")
    cs = _cs(rp, ["es"])
    out = cs.perturb("Which NASA faction came around first to support the LOR?", random.Random(0))
    assert [e.original for e in out.edits] == ["faction"] and not out.unperturbable, out
    # compounds of common nouns stay locked ("world cup" -> taza), and so does every other recipe's use
    b = analyse("Where is the golf course?", "en")
    assert all(w.locked == "mwe" for w in b.words if w.text in ("golf", "course"))


def test_monosemous_verb_is_switched(rp):
    """xquad-r:en unperturbable: "How many Huguenots fled France by the 1700s?": flee has one
    WordNet sense; polysemous verbs stay (serves -> conserver)."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["es"])
    a = analyse("How many Huguenots fled France by the 1700s?", "en")
    fled = next(w for w in a.words if w.text == "fled")
    assert cs._monosemous_verb(fled)
    b = analyse("Which company serves the city?", "en")
    assert not cs._monosemous_verb(next(w for w in b.words if w.text == "serves"))


def test_usual_translation_spelt_like_the_english_word_means_no_switch(rp):
    """v4: route -> fr chemin "path": FreeDict/OMW's usual French for route is route itself; every
    other candidate is another sense. Same for a de source listing Regime first."""
    from robustir.attacks.candidates import _same_first

    assert _same_first([["route", "chemin"], ["chemin", "route"]], {"route"}, "fr")
    assert not _same_first([["chemin", "route"]], {"route"}, "fr")
    assert not _same_first([["âge", "époque"]], {"age"}, "fr")  # another spelling is a switch
    if load_freedict("en", "fr") is None:
        pytest.skip("FreeDict eng-fra not installed")
    s = Sources(rp)
    assert "chemin" not in s.from_english("route", "route", "NOUN", "fr")


@pytest.mark.parametrize("word,lang,wrong,right", [
    ("medicine", "pt", "remédio", "medicina"),
    ("medicine", "fr", "remède", "médecine"),
])
def test_cognate_noun_leads(rp, word, lang, wrong, right):
    """v4: medicine (the discipline) -> pt remédio, fr remède "remedy"; the dictionaries also list
    the cognate, which is the sense of an encyclopaedic question."""
    if load_freedict("en", lang) is None:
        pytest.skip(f"FreeDict eng-{lang} not installed")
    s = Sources(rp)
    got = s.from_english(word, word, "NOUN", lang)
    assert got and got[0] == right, got


def test_cognate_rule_leaves_adjectives(rp):
    """original -> de originell ("quirky") is a false friend: adjectives get no cognate boost."""
    s = Sources({**rp, "muse": require_muse("de")})
    assert "originell" not in s.from_english("original", "original", "ADJ", "de")[:1]


def test_feminine_agent_noun_gives_way_to_the_masculine(rp):
    """v4: students -> ru студентка (a female student) where студент is a candidate too."""
    s = Sources({**rp, "muse": require_muse("ru")})
    got = s.from_english("student", "student", "NOUN", "ru")
    assert "студентка" not in got and "студент" in got, got


@pytest.mark.parametrize("word,pos,wrong", [
    ("economy", "NOUN", "экономия"),   # thrift, where экономика is meant
    ("motion", "NOUN", "ходатайство"),  # a petition, where движение is meant
    ("art", "NOUN", "арт"),             # slang, where искусство is meant
    ("need", "NOUN", "нужно"),          # a predicative for the noun
    ("fashionable", "ADJ", "модно"),    # an adverb for the adjective
])
def test_russian_rare_first_entry_and_adverbs_are_not_chosen(rp, word, pos, wrong):
    """v5 development set (seed 41, ru): MUSE en-ru's first entry is often a rarer sense or
    another part of speech; the clearly more frequent entry leads, adverbs are dropped."""
    s = Sources({**rp, "muse": require_muse("ru")})
    got = s.from_english(word, word, pos, "ru")
    assert wrong not in got[:1], got


def test_verb_parsed_as_the_head_of_a_name_compound_stays(rp):
    """v5 development set: "What platform was Sentanta Sports planning on launching on?": spaCy
    parses "Sentanta Sports planning" as a compound; planning (a verb here) -> Planung was wrong."""
    cs = _cs(rp, ["de", "it"])
    for seed in range(3):
        out = cs.perturb("What platform was Sentanta Sports planning on launching on?", random.Random(seed))
        assert "planning" not in {e.original for e in out.edits}, out.edits


def test_works_of_art_is_one_expression():
    """v5 development set: works (of art) -> ouvrage, lavoro, iş: WordNet's work_of_art, matched
    through the head's lemma."""
    pytest.importorskip("spacy")
    from robustir.attacks.analysis import analyse

    try:
        a = analyse("Most of the Chinese works of art date from which dynasty?", "en")
    except MissingResource as e:  # pragma: no cover - depends on the machine
        pytest.skip(str(e))
    assert next(w for w in a.words if w.text == "works").locked == "mwe"


def test_ding_counts_once_for_german(rp):
    """v5 development set: trans-de-en and FreeDict eng-deu are both Ding; their agreement put
    goal -> Torerfolg, gallery -> Empore, civil -> zivilrechtlich. With MUSE as the second source:
    Galerie, zivil, and nothing for goal (MUSE says Ziel, Ding Tor)."""
    s = Sources({**rp, "muse": require_muse("de")})
    if load_freedict("en", "de") is None or not s.trans_de_en.is_file():
        pytest.skip("Ding (trans-de-en, FreeDict eng-deu) not installed")
    assert s.from_english("gallery", "gallery", "NOUN", "de")[:1] == ("Galerie",)
    assert s.from_english("civil", "civil", "ADJ", "de")[:1] == ("zivil",)
    assert "Torerfolg" not in s.from_english("goal", "goal", "NOUN", "de")
    assert s.from_english("collection", "collection", "NOUN", "de")[:1] == ("Sammlung",)  # not Kollektion


def test_german_group_is_gruppe_not_konzern(rp):
    """Section 38's rejects (a band, a mathematical group, groups of trees -> Konzern): Ding's
    eng-deu cross-references ("Synonyms: {friends}", "{set}") took the places of its Gruppe, and
    trans-de-en's one entry Konzern tied with MUSE's first Gruppe; the far more frequent word
    leads a crossed tie. Frequency decides only a clear gap (Hurrikan stays for hurricane)."""
    s = Sources({**rp, "muse": require_muse("de")})
    if load_freedict("en", "de") is None or not s.trans_de_en.is_file():
        pytest.skip("Ding (trans-de-en, FreeDict eng-deu) not installed")
    assert s.from_english("group", "group", "NOUN", "de")[:1] == ("Gruppe",)
    assert s.from_english("groups", "group", "NOUN", "de")[:1] == ("Gruppe",)
    assert s.from_english("forest", "forest", "NOUN", "de")[:1] == ("Wald",)  # not Forst
    assert s.from_english("hurricane", "hurricane", "NOUN", "de")[:1] == ("Hurrikan",)  # not Orkan
    assert s.from_english("plague", "plague", "NOUN", "de")[:1] == ("Pest",)  # not Plage


def test_words_of_seven_senses_stay(rp):
    """v5 held-out sets: the 7-sense words that a cap of 7 let through were 26 correct of 42
    (an academic paper -> Papier, бумага, kâğıt; "with respect to" -> Respekt): the cap is 6."""
    from robustir.attacks.codeswitch import CodeSwitch

    assert CodeSwitch.MAX_SENSES_EN == 6
    cs = _cs(rp, ["es", "fr", "de"])
    for seed in range(3):
        out = cs.perturb("What was the main idea of James Hutton's paper?", random.Random(seed))
        assert "paper" not in {e.original for e in out.edits}, out.edits


# ---------------------------------------------------------------- branch en2l4 (v5 held-out rejects)


@pytest.mark.parametrize("lang,wrong", [("de", "Betrag"), ("ru", "сумма"), ("fr", "somme"), ("it", "importo")])
def test_translation_of_one_of_two_tied_senses_is_dropped(rp, lang, wrong):
    """v5: "an infinite amount of primes" -> Betrag, сумма, somme, importo (a sum of money).
    WordNet's two most frequent senses of amount (a sum of money 41, a magnitude 40) are tied, so
    only the sentence could choose; a candidate the dictionaries tie to the money sense only (it
    reads back as "sum") is not offered."""
    if lang in ("fr", "it") and load_freedict("en", lang) is None:
        pytest.skip(f"FreeDict eng-{lang} not installed")
    s = Sources({**rp, "muse": require_muse(lang)} if lang in ("de", "ru") else rp)
    assert s._tied_senses("amount", "n"), "amount's two main senses are tied"
    assert wrong not in s.from_english("amount", "amount", "NOUN", lang)


def test_tied_senses_need_comparable_counts_and_two_kinds(rp):
    """One dominant sense (name: 95 against 7), or senses of one lexicographer file, are no tie:
    the usual translation stands."""
    s = Sources(rp)
    assert s._tied_senses("name", "n") == ()
    assert s._tied_senses("teacher", "n") == ()
    tied = s._tied_senses("property", "n")  # a possession 31, an attribute 27
    assert len(tied) == 2 and tied[0].lexname() != tied[1].lexname()


def test_a_candidate_without_sense_evidence_stands(rp):
    """A candidate known backwards only as the word itself says nothing about the sense: kept."""
    s = Sources(rp)
    tied = s._tied_senses("amount", "n")
    assert s._covers("zzqx", "fr", "amount", "n", tied)


@pytest.mark.parametrize("lang,fem,masc", [("es", "maestra", "maestro"), ("it", "maestra", "maestro"),
                                            ("fr", "étudiante", "étudiant"), ("it", "direttrice", "direttore"),
                                            ("ru", "студентка", "студент"), ("de", "Lehrerin", "Lehrer"),
                                            ("de", "Anwältin", "Anwalt"), ("de", "Ärztin", "Arzt")])
def test_feminine_form_gives_way_to_the_masculine(lang, fem, masc):
    """v5: teachers -> es, it maestra (a female primary-school teacher) where maestro is a
    candidate too; the same rule as ru студентка, de Studentin; adv5-cs-boolq-heldout: "an
    attorney" -> Anwältin where Anwalt is a candidate (the umlaut)."""
    from robustir.attacks.candidates import _feminine_of

    assert _feminine_of(fem, [fem, masc], lang)
    assert not _feminine_of(masc, [fem, masc], lang)
    assert not _feminine_of(fem, [fem], lang)  # no masculine offered: the feminine stays


def test_romance_a_is_a_feminine_only_for_persons(rp):
    """v6: crítica ("criticism") is no feminine of crítico ("critic"): the Romance endings give way
    only where the English word names a person (teacher, secretary), not for criticism, politics."""
    from robustir.attacks.candidates import _feminine_of

    s = Sources(rp)
    assert s._names_person("teacher") and s._names_person("secretary")
    assert not s._names_person("criticism") and not s._names_person("politics")
    assert not _feminine_of("crítica", ["crítica", "crítico"], "es", person=False)
    assert _feminine_of("Lehrerin", ["Lehrerin", "Lehrer"], "de", person=False)  # -in: always, as before


def test_word_the_tagger_puts_in_a_part_of_speech_wordnet_lacks_is_not_switched(rp):
    """v6: "the adaptive immune system": spaCy tags adaptive NOUN, WordNet knows it only as an
    adjective; the candidate was ru адаптации ("adaptation"). A word WordNet knows in the tagged
    part of speech (patient, noun and adjective) is switched as before."""
    s = Sources(rp)
    assert s._mistagged("adaptive", "adaptive", "n")
    assert not s._mistagged("adaptive", "adaptive", "a")
    assert not s._mistagged("patient", "patient", "n")
    assert not s._mistagged("zzqx", "zzqx", "n")  # unknown to WordNet: nothing to say
    assert s.from_english("adaptive", "adaptive", "NOUN", "fr") == ()


def test_false_friend_cognate_does_not_lead(rp):
    """v5: name -> tr nam ("fame, repute"): spelt like "name", but no dictionary reads nam back
    as "name" first; the usual translations ad, isim come first."""
    s = Sources({**rp, "muse": require_muse("tr")})
    got = s.from_english("name", "name", "NOUN", "tr")
    assert got and got[0] != "nam", got
    assert not s._reads_back_first("nam", "tr", {"name"})


@pytest.mark.parametrize("query,noun", [
    ("What is the distribution of primes with respect to the natural numbers?", "respect"),
    ("How many names were signed in response to the closing of the gallery?", "response"),
    ("In terms of area, how large is the rainforest?", "terms"),
])
def test_noun_of_a_complex_preposition_is_locked(query, noun):
    """v5: "with respect to" -> Respekt, уважение, 尊敬 (esteem); "in response to" -> 答复 (a
    reply to a letter): the noun of a complex preposition is no word of its own."""
    pytest.importorskip("spacy")
    from robustir.attacks.analysis import analyse

    try:
        a = analyse(query, "en")
    except MissingResource as e:  # pragma: no cover - depends on the machine
        pytest.skip(str(e))
    assert next(w for w in a.words if w.text == noun).locked == "mwe"
    free = analyse("What is the response of the immune system?", "en")
    assert next(w for w in free.words if w.text == "response").locked == ""  # a determiner: a free noun


def test_unit_named_with_its_adjective_is_locked(rp):
    """v5: "square kilometres" -> ja 四角い "square-shaped": an adjective naming a unit of measure
    with its noun stays with it."""
    from robustir.attacks.analysis import analyse

    a = analyse("How many square kilometres does the rainforest cover?", "en")
    assert next(w for w in a.words if w.text == "square").locked == "mwe"
    b = analyse("What is the square shape of the tower?", "en")
    assert next(w for w in b.words if w.text == "square").locked == ""


@pytest.mark.parametrize("query,word", [
    ("Southern Californian communities are well known to be large, spread - out, and what other characteristic?",
     "characteristic"),
    ("What is the metric they use to determine how busy airports are?", "metric"),
    ("What type of professional is a Pharmacy Technician considered to be?", "professional"),
])
def test_adjective_heading_a_noun_phrase_is_the_noun(rp, query, word):
    """v7, v8: spaCy tags these ADJ, and they were switched as adjectives (it caratteristico, metrico,
    ru профессиональное, tr mesleki); heading a noun phrase (a determiner, a subject or object
    dependency) and known to WordNet as nouns, they are nouns."""
    from robustir.attacks.analysis import analyse

    a = analyse(query, "en")
    assert next(w for w in a.words if w.text == word).pos == "NOUN"
    b = analyse("Who was responsible for the new building projects?", "en")
    assert next(w for w in b.words if w.text == "responsible").pos == "ADJ"  # predicative: stays


def test_pro_form_one_is_not_switched(rp):
    """v8: "are not ones who is able" -> fr un, ja 一, tr bir (the numeral): "one(s)" as a noun is
    the pro-form."""
    from robustir.attacks.analysis import analyse

    a = analyse("Issues dealt with at Westminster are not ones who is able to deal with?", "en")
    assert next(w for w in a.words if w.text == "ones").pos == "PRON"
    cs = _cs(rp, ["fr", "es"])
    for seed in range(3):
        out = cs.perturb("Issues dealt with at Westminster are not ones who is able to deal with?", random.Random(seed))
        assert "ones" not in {e.original for e in out.edits}, out.edits
