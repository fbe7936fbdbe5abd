"""Back-translation sense check of ``codeswitch-adv``'s candidates (issue 10, target (b)).

The judged rejects of ``codeswitch-adv``'s successes (bench/validity/lexical/adv2-cs-*.jsonl,
bench/RESULTS.md section 25.3) were wrong senses of the *translation*; they must not be offered,
and the correct translations judged next to them must stay. Needs the nltk-data resource
(WordNet, OMW), the MUSE dictionaries in $ROBUSTIR_DATA/muse and FreeDict (Debian); skips with
the reason otherwise. The context filter is off (``context="none"``) or a stub: what is tested
is which candidates exist and which one is chosen, not the encoder.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def cs(muse_paths):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    return PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], context="none", resource_paths=muse_paths)


# judged wrong senses: (English lemma, POS, language, translation). Not here: "encoding" ->
# cifrado / chiffrement ("encryption"), judged wrong but refused by no check built on WordNet,
# whose encoding.n.01 lists "encryption" as a lemma of the same synset (a known miss,
# bench/RESULTS.md section 29)
REFUSED = [
    ("story", "NOUN", "fr", "étage"),          # storey
    ("group", "NOUN", "fr", "ensemble"),       # a set / together
    ("competence", "NOUN", "es", "competencia"),  # competition
    ("competence", "NOUN", "fr", "adresse"),   # dexterity / postal address
    ("evidence", "NOUN", "fr", "exercice"),    # exercise
    ("neighborhood", "NOUN", "zh", "周围"),     # surroundings
    ("process", "NOUN", "zh", "手续"),          # formalities
    ("show", "NOUN", "fr", "montrer"),         # the verb "to show"
]
# judged correct translations (adv2-cs-*.jsonl and the random recipe's judged sets)
KEPT = [
    ("water", "NOUN", "de", "Wasser"),
    ("group", "NOUN", "fr", "groupe"),
    ("story", "NOUN", "fr", "histoire"),
    ("pain", "NOUN", "fr", "douleur"),
    ("money", "NOUN", "es", "dinero"),
    ("weapon", "NOUN", "de", "Waffe"),
    ("coast", "NOUN", "de", "Küste"),
    ("street", "NOUN", "fr", "rue"),
    ("government", "NOUN", "es", "gobierno"),
    ("theory", "NOUN", "zh", "理论"),
    ("poet", "NOUN", "zh", "诗人"),
    ("possible", "ADJ", "de", "möglich"),
    ("different", "ADJ", "de", "anders"),
]


@pytest.mark.parametrize("lemma, pos, lang, cand", REFUSED)
def test_wrong_senses_of_the_translation_are_refused(cs, lemma, pos, lang, cand):
    from robustir.attacks.backtranslation import sense_kept

    assert not sense_kept(cs.sources, lemma, pos, cand, lang)


@pytest.mark.parametrize("lemma, pos, lang, cand", KEPT)
def test_correct_translations_are_kept(cs, lemma, pos, lang, cand):
    from robustir.attacks.backtranslation import sense_kept

    assert sense_kept(cs.sources, lemma, pos, cand, lang)


def _offered(cs, text: str) -> dict[str, set[str]]:
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1]: {r.strip() for _, r in o} for i, o in enumerate(opts) if o}


@pytest.mark.parametrize("text, word, banned", [
    # the rejects quoted in issue 10 / RESULTS 25.3, in their judged queries
    ("There were many Chinese with what unexpected status?", "status", {"状态"}),
    ("What happened in 1992 in a UK-wide process?", "process", {"手续"}),
    ("The Muslim Brotherhood's competence compares well against what type of local governments?",
     "competence", {"adresse", "competencia"}),
    ("What are the two principal Asian-American groups living in the west side neighborhood of Fresno?",
     "groups", {"ensemble"}),
    ("What evidence between and among complexity classes would signify a theoretical watershed for "
     "complexity theory?", "evidence", {"exercice"}),
    ("Which neighborhood lies west of the 41 freeway?", "neighborhood", {"周围"}),
    ("is the show bloodline based on a true story", "show", {"montrer"}),
    ("is the show bloodline based on a true story", "story", {"étage"}),
])
def test_judged_rejects_are_not_offered(cs, text, word, banned):
    assert not _offered(cs, text).get(word, set()) & banned


def test_water_is_still_switched_to_wasser(cs):
    assert "Wasser" in _offered(cs, "how much water is in the human body").get("water", set())


def test_the_best_ranked_translation_wins_unless_the_context_clearly_prefers_another(muse_paths):
    """codeswitch-adv chooses as the random recipe does (``CONTEXT_MARGIN``): the encoder vetoes,
    it does not pick a lower-ranked sense because it scores a few thousandths higher."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["fr"], context="use-m", resource_paths=muse_paths)
    text = "is the show bloodline based on a true story"
    story = next(w for w in analyse(text, "en").words if w.text == "story")
    ranked = cs._candidates(story, "en", "fr")
    assert len(ranked) >= 2, ranked  # histoire, récit
    best, other = ranked[0], ranked[1]

    def slightly_prefers_other(original, variants):
        return [0.95 if other in v else 0.94 for v in variants]

    cs.context_fn = slightly_prefers_other
    assert _offered(cs, text)["story"] == {best}

    def clearly_prefers_other(original, variants):
        return [0.95 if other in v else 0.90 for v in variants]

    cs2 = PreciseCodeSwitch(languages=["fr"], context="use-m", resource_paths=muse_paths)
    cs2.context_fn = clearly_prefers_other
    assert _offered(cs2, text)["story"] == {other}


@pytest.mark.parametrize("text, word", [
    # judged held-out rejects (adv3-cs-boolq-heldout.jsonl): lower-case names WordNet spells with capitals
    ("has anyone won more than one congressional medal of honor", "honor"),
    ("is the united states part of the commonwealth of nations", "nations"),
    ("do we still follow the articles of confederation", "articles"),
])
def test_lower_case_names_known_to_wordnet_are_not_switched(cs, text, word):
    assert word not in _offered(cs, text)


def test_cased_queries_and_common_words_are_not_locked_as_names(cs):
    assert "Wasser" in _offered(cs, "How much water is in the human body?").get("water", set())
    assert "team" in _offered(cs, "does america have a team in the world cup")


def test_title_phrases_are_whole_titles_and_inner_runs_between_content_words():
    from robustir.attacks.codeswitch_precise import title_phrases

    got = title_phrases(["Brain on Fire (film)", "List of Pretty Little Liars episodes", "The Apprentice",
                         "Tort", "Organ (anatomy)", "Category:Area codes"], frozenset({"of", "on", "the"}))
    assert {"brain on fire", "pretty little liars", "the apprentice", "little liars"} <= got
    # no run that starts or ends with a function word, no parenthesised qualifier, no single word
    # unless the title names a work, no namespace prefix
    assert not got & {"of pretty", "liars episodes list of", "film", "fire film", "tort", "apprentice", "organ",
                      "category"}


def test_one_word_titles_that_name_a_work_are_title_phrases():
    """adv5-cs-boolq-heldout rejects: suits -> traje (Suits, the series), stepfather -> 继父 (the
    film), avengers -> vengeur: one-word titles whose qualifier or subtitle says they name a work."""
    from robustir.attacks.codeswitch_precise import title_phrases

    got = title_phrases(["Suits (season 8)", "The Stepfather (2009 film)", "Avengers: Infinity War",
                         "Queen (chess)", "Water"], frozenset({"of", "the"}))
    assert {"suits", "stepfather", "avengers", "infinity war"} <= got
    assert not got & {"queen", "water", "chess", "film"}


# judged held-out rejects (adv3-cs-boolq-*.jsonl): lower-case titles that WordNet does not know,
# switched word by word; each is (a run of) a title of BoolQ's own collection
TITLED = [
    ("is there a season 9 of pretty little liars", "liars", ["List of Pretty Little Liars episodes"]),
    ("does the girl die in brain on fire", "brain", ["Brain on Fire (film)"]),
    ("is there a remake of my fair lady", "lady", ["My Fair Lady"]),
    ("does bailey die in a dog's purpose", "purpose", ["A Dog's Purpose"]),
    # adv5-cs-boolq-heldout: one-word titles of named works
    ("are they making a season 8 of suits", "suits", ["Suits (season 8)"]),
    ("is the movie stepfather based on a true story", "stepfather", ["The Stepfather (2009 film)"]),
    ("are xmen in the same universe as avengers", "avengers", ["Avengers: Infinity War"]),
]


@pytest.mark.parametrize("text, word, titles", TITLED)
def test_lower_case_titles_of_the_collection_are_not_switched(muse_paths, text, word, titles):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], context="none", resource_paths=muse_paths)
    cs.TITLE_CUE_SPAN = 0  # the collection's titles alone (a work noun before "suits", "lady" also locks them)
    assert word in _offered(cs, text)  # switched without the collection's titles
    cs.use_collection_names(titles + ["Water", "Human body"])
    assert word not in _offered(cs, text)


def test_collection_titles_leave_cased_queries_and_other_words_alone(muse_paths):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["es", "fr", "de", "zh"], context="none", resource_paths=muse_paths)
    cs.use_collection_names(["List of Pretty Little Liars episodes", "Brain on Fire (film)"])
    # the girl is not part of the title: still switched; a cased query shows names by its capitals
    assert "girl" in _offered(cs, "does the girl die in brain on fire")
    assert "brain" in _offered(cs, "Does the brain use fire as a source of energy?")


def test_a_verb_mis_tagged_as_a_noun_after_a_modal_is_not_switched(cs):
    # adv3-cs-boolq-fresh: "sleep" tagged a noun -> sueño; the nouns around it stay switchable
    offered = _offered(cs, "can an 18 year old sleep with a 15 year old")
    assert "sleep" not in offered
    assert "Wasser" in _offered(cs, "can you drink too much water").get("water", set())


@pytest.mark.parametrize("text", [
    # judged held-out rejects (adv3/adv4/adv5-cs-boolq-*): TV "season N" / "Nth season" -> 季节 /
    # Jahreszeit (a season of the year), which every dictionary reads back as "season"
    "is there a season 7 of the sopranos",
    "will there be a 4th season of you me her",
    "will there be a 5th season of the killing",
    "is there a season four of red rock",
])
def test_a_noun_numbered_in_a_series_is_not_switched_into_its_other_sense(cs, text):
    # since greedy13 the numbered "season" is no longer locked: it gets the random recipe's evidenced
    # series-sense candidates only (``Sources.series_sense``: saison, Saison, temporada), never these
    assert not _offered(cs, text).get("season", set()) & {"季节", "Jahreszeit", "estación", "季"}


def test_other_numbered_nouns_stay_locked(cs):
    # the numbered-series lock still holds for nouns without series-sense candidates ("type 2")
    assert "type" not in _offered(cs, "is there a cure for type 2 diabetes")


def test_numbers_elsewhere_leave_the_noun_switchable(cs):
    # a season of the year; "first" (the earliest): not a numbered instalment
    assert "season" in _offered(cs, "what season is it in australia in december")
    assert "son" in _offered(cs, "when did the platoon leader have his first son")


def test_a_compound_wordnet_writes_closed_is_not_switched_word_by_word(cs):
    # adv5-cs-boolq-heldout: "bumble bees" (bumblebee) -> "bumble 蜜蜂" (honeybee)
    offered = _offered(cs, "are honey bees and bumble bees the same")
    assert "bees" not in offered
    assert "bee" in _offered(cs, "how long does a bee live")


@pytest.mark.parametrize("text, word", [
    # judged held-out rejects (adv4-cs-boolq-heldout, adv6-cs-boolq-test): lower-case titles after a work's
    # instalment or version, titles of no document of the collection
    ("is there a sequel to winds of war", "war"),
    ("is there a prequel to flowers in the attic", "flowers"),
])
def test_a_lower_case_title_after_a_work_noun_is_not_switched(cs, text, word):
    assert word not in _offered(cs, text)


def test_the_title_lock_needs_a_work_noun_and_ends_four_words_after_it(cs):
    # judged correct (adv3-adv6 BoolQ sets): "awards" is five words after "movie", past the title; "play" is
    # the verb; a work noun after another ("a sequel to the movie prometheus") is no word of the title
    assert "awards" in _offered(cs, "did the movie pretty woman win any awards")
    assert "discs" in _offered(cs, "can the xbox one play xbox 360 discs")
    assert "movie" in _offered(cs, "was there a sequel to the movie prometheus")
    assert "war" not in _offered(cs, "is there a sequel to winds of war")
