"""Precision-first synonyms: the swaps judged unacceptable in issue 10 stay impossible.

Needs spaCy's English model and the nltk-data resource (WordNet + SemCor counts); skips
with the reason otherwise. The context filter is off (``context="none"``): what is tested is
which candidates exist at all, before any encoder chooses among them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from robustir.attacks.base import MissingResource


@pytest.fixture(scope="module")
def syn(english_resources: dict[str, Path]):
    pytest.importorskip("wordfreq")
    from robustir.attacks.synonym import SenseSynonym

    return SenseSynonym(rate=1.0, context="none", resource_paths=english_resources)


def _options(syn, text: str) -> dict[str, set[str]]:
    parts, opts, _ = syn._analyse(text, "en")
    return {parts[2 * i + 1].lower(): {r.lower() for _, r in o} for i, o in enumerate(opts) if o}


@pytest.mark.parametrize("text, word, banned", [
    ("does it cost money to park at the airport", "cost", {"price"}),
    ("is there a cup of tea in every meal", "cup", {"cupful"}),
    ("can you show that the number is prime", "show", {"demonstrate", "prove", "establish"}),
    ("does the new show demonstrate anything", "show", {"display"}),
    ("do you need to break in a car", "car", {"motorcar", "automobile", "machine"}),
    ("can an african team win a match", "team", {"squad"}),
    ("can an odd number be divided by an even number", "number", {"figure"}),
    ("is the tea group still active", "group", {"grouping"}),
    ("is there a court near the river", "court", {"tribunal"}),
    ("is the forest dense", "forest", {"woods", "wood"}),
    # issue 10, second round (bench/validity/lexical/syn3-*, adv-syn-en): senses SemCor attests a
    # handful of times, loose synsets, indefinite pronouns
    ("can you buy alcohol on a holiday in indiana", "holiday", {"vacation"}),
    ("does fred from first dates have a partner", "partner", {"spouse", "mate"}),
    ("can carbon dating be used to detect the age of a live animal", "detect", {"notice", "find", "observe"}),
    ("does the dealer have to hit on 16", "dealer", {"trader"}),
    ("did the girl in the lost world die", "girl", {"miss", "missy"}),
    ("can a person have dual citizenship in india", "person", {"someone", "somebody"}),
    ("which neighborhood lies west of the freeway", "neighborhood", {"vicinity", "locality"}),
    ("when would the occupation of allies leave the region", "occupation", {"job", "business"}),
    ("what is the area near the gorge with castles", "castles", {"palaces"}),
])
def test_judged_failures_are_not_offered(syn, text, word, banned):
    offered = _options(syn, text).get(word, set())
    assert not offered & banned, offered


def test_common_synonyms_of_a_dominant_sense_are_kept_and_reinflected(syn):
    assert "film" in _options(syn, "is there a sequel to the movie about penguins").get("movie", set())
    assert "films" in _options(syn, "are the movies shot in studios").get("movies", set())
    assert "biggest" in _options(syn, "which countries border the largest lake").get("largest", set())
    assert "purchase" in _options(syn, "can you buy alcohol on sunday in wi").get("buy", set())


def test_policy_thresholds_reject_rare_senses_and_loose_synsets(syn):
    from robustir.attacks.lex.synsense import SynonymPolicy, precise_synonyms

    lex, stop = syn.sources.wordnet(), frozenset()
    # "holiday" holds 9 SemCor counts in vacation.n.01: below word_min_count 10, above the old 5
    assert precise_synonyms(lex, "holiday", "n", stop) == ()
    assert "vacation" in precise_synonyms(lex, "holiday", "n", stop, SynonymPolicy(word_min_count=5))
    # detect.v.01: "detect" + "notice" hold 60 of its 261 counts (find, discover hold the rest)
    assert "notice" not in precise_synonyms(lex, "detect", "v", stop)
    assert "notice" in precise_synonyms(lex, "detect", "v", stop, SynonymPolicy(min_tightness=0.0))


def test_lowercase_titles_names_and_compounds_are_never_swapped(syn):
    out = syn.perturb("is the show bloodline based on a true story", random.Random(0))
    assert not {e.original for e in out.edits} & {"bloodline", "based"}
    out = syn.perturb("is there a group called the five heartbeats", random.Random(0))
    assert not out.edits or all(e.original in ("group",) for e in out.edits)
    out = syn.perturb("can an african team win the world cup", random.Random(0))
    assert not {e.original for e in out.edits} & {"world", "cup"}
    # a capitalised query is left to the named-entity recogniser: the title is an entity there
    cased = _options(syn, "Is the movie Bloodline based on a book?")
    assert "film" in cased.get("movie", set()) and "bloodline" not in cased


def test_other_languages_are_refused_naming_what_is_served(syn):
    with pytest.raises(MissingResource, match=r"serve en only.*codeswitch"):
        syn.prepare(["¿Cómo se llama el alfabeto?"], ["es"])
    with pytest.raises(MissingResource, match="serve en only"):
        syn.check_language("ar")


def test_recipes_declare_english_only():
    from robustir.errors import InputError
    from robustir.recipe import load_recipe

    for name in ("synonym", "synonym-adv"):
        recipe = load_recipe(name)
        recipe.check_languages({"en"}, "boolq")
        with pytest.raises(InputError, match="it serves: en"):
            recipe.check_languages({"es"}, "boolq-es")


def test_precise_codeswitch_skips_ambiguous_words_and_rare_translations(syn):
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not (d / "en-es.txt").is_file():
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch, zipf_in

    cs = PreciseCodeSwitch(languages=["es"], context="none", resource_paths={**syn.resource_paths, "muse": d})
    parts, opts, _ = cs._analyse("What is another term for the string of a problem instance?", "en")
    offered = {parts[2 * i + 1] for i, o in enumerate(opts) if o}
    assert "string" not in offered  # ten noun senses: "cuerda" (rope) was the search's pick
    for o in opts:
        for tgt, rep in o:
            z = zipf_in(rep.strip().lower(), tgt)
            assert z is None or z >= cs.min_zipf


def test_precise_codeswitch_switches_nouns_and_positive_adjectives_only(syn):
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not (d / "en-es.txt").is_file():
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["es", "de", "zh"], context="none",
                           resource_paths={**syn.resource_paths, "muse": d})

    def offered(text: str) -> set[str]:
        parts, opts, _ = cs._analyse(text, "en")
        return {parts[2 * i + 1] for i, o in enumerate(opts) if o}

    # judged successes of codeswitch-adv (bench/validity/lexical/adv-cs-en.jsonl): verbs lose
    # tense and voice, a superlative its degree, a capitalised word inside the sentence is a name
    assert not offered("Complexity theory classifies problems based on what primary attribute?") & {"classifies"}
    assert "teach" not in offered("Where did this pro-reform leader teach?")
    assert "earliest" not in offered("What year saw the earliest recorded use of the steam engine indicator?")
    assert "ruler" not in offered("What German ruler invited Huguenot immigration?")
    assert "Huguenots" not in offered("What German poet was descended from Huguenots?")


# issue 10, third round (branch syncov): more swaps that keep the question. Accepted: rarer synonyms of a
# dominant verb sense, and nouns after an adjective that only picks the referent ("the same country")
@pytest.mark.parametrize("text, word, wanted", [
    ("can carbon dating be used to find the age of a fossil", "used", "employed"),
    ("has anyone ever died doing the tour de france", "died", "perished"),
    ("are the netherlands and belgium the same country", "country", "nation"),
    ("is a porpoise and a dolphin the same animal", "animal", "creature"),
])
def test_new_swaps_that_keep_the_question_are_offered(syn, text, word, wanted):
    assert wanted in _options(syn, text).get(word, set())


# ... and still rejected: the nouns of the wider frequency band (abbreviations, diminutives, narrower words), a
# noun after an adjective that names a kind, positive adjectives and adverbs
@pytest.mark.parametrize("text, word, banned", [
    ("was the year of the dragon a good year", "year", {"yr"}),
    ("can a baby sleep on its stomach", "baby", {"babe"}),
    ("is new york the largest city in the us", "city", {"metropolis"}),
    ("is the world trade center in the financial district", "district", {"territory"}),
    ("is pokemon lets go a main series game", "main", {"principal", "chief"}),
    ("is english the most commonly spoken language in the world", "commonly", {"usually"}),
    ("how were settlers assimilated into society at large", "large", {"big"}),
])
def test_wider_bands_keep_the_judged_rejects_out(syn, text, word, banned):
    assert not _options(syn, text).get(word, set()) & banned


def test_verb_frequency_band_is_a_policy_threshold(syn):
    from robustir.attacks.lex.synsense import SynonymPolicy, precise_synonyms

    lex, stop = syn.sources.wordnet(), frozenset()
    assert "employ" in precise_synonyms(lex, "use", "v", stop)
    # the section 25 policy (one Zipf band for every part of speech) did not offer it
    assert "employ" not in precise_synonyms(lex, "use", "v", stop,
                                            SynonymPolicy(verb_min_zipf=3.5, verb_max_zipf_drop=1.0))
    # nouns keep the narrow band: "automobile" (Zipf 3.9) for "car" (5.5)
    assert "automobile" not in precise_synonyms(lex, "car", "n", stop)


def test_verbs_dominated_by_half_their_counts_are_swapped(syn):
    # need: necessitate.v.01 holds 110 of its 209 SemCor verb counts (0.53: under the 0.6 of section 18)
    assert "require" in _options(syn, "do you need a license to drive a boat").get("need", set())
    assert syn.policy.verb_min_share == syn.VERB_MIN_SHARE


def test_phrasal_verbs_keep_their_verb(syn):
    # held-out BoolQ (bench/validity/lexical/syn5-en-boolq-heldout.jsonl): "build up" -> "construct up"
    assert "build" not in _options(syn, "can you build up immunity to snake venom")
    assert "construct" in _options(syn, "did top gear build a bridge over the river kwai").get("build", set())


def test_a_verb_before_the_preposition_to_keeps_its_verb(syn):
    # held-out successes and swaps (adv3-syn-mlqa, syn4/syn5-en-xquad-heldout): "what happened to X" ->
    # "what occurred to X" reads as "came to mind"; the infinitive marker does not lock ("need to")
    assert "happened" not in _options(syn, "What happened to the Muslim inhabitants?")
    assert "happens" not in _options(syn, "What happens to the packet at the destination")
    assert "occurred" in _options(syn, "What happened in 1992 in a UK-wide process?").get("happened", set())
    assert "require" in _options(syn, "do cows need to get pregnant to give milk").get("need", set())


@pytest.mark.parametrize("text, word", [
    # adv4-syn-fiqa-mini-heldout: nouns tagged as verbs, coordinated with a noun ...
    ("Does a market maker sell (buy) at a bid or ask price?", "ask"),
    ("Where to find the full book of outstanding bids/asks for a stock?", "asks"),
    # ... or used as a noun elsewhere in the query (syn3-en-boolq-fresh: glue -> paste)
    ("is pva glue the same as elmers glue", "glue"),
])
def test_a_noun_tagged_as_a_verb_is_not_swapped(syn, text, word):
    assert word not in _options(syn, text)


def test_a_verb_coordinated_with_a_verb_is_still_swapped(syn):
    assert "purchase" in _options(syn, "can you buy or rent a house in dubai").get("buy", set())


def test_parts_of_hyphenated_compounds_are_not_swapped(syn):
    # adv4-syn-fiqa-mini-heldout: "self-employed" -> "self-used"
    text = "What are the risks of being a self-employed contractor vs. being an employee?"
    assert "employed" not in _options(syn, text)
    assert "used" in _options(syn, "Is the contractor employed by the city?").get("employed", set())


def test_collection_titles_lock_lowercase_names(english_resources):
    """As codeswitch-adv: in an all-lower-case query, a run of words that is one of the collection's
    titles is not swapped (syn4-en-boolq-heldout, adv3-syn-boolq: "we bought a zoo" -> "purchased",
    "the try guys" -> "attempt", "who wants to be a millionaire" -> "desires"); cased queries and
    words outside the title are still swapped."""
    pytest.importorskip("wordfreq")
    from robustir.attacks.synonym import SenseSynonym

    syn = SenseSynonym(rate=1.0, context="none", resource_paths=english_resources)
    queries = ["is we bought a zoo a true story", "do the try guys still work for buzzfeed",
               "has anyone ever won a million on who wants to be a millionaire"]
    words = ["bought", "try", "wants"]
    before = [_options(syn, q) for q in queries]
    assert all(w in b for w, b in zip(words, before, strict=True))
    syn.use_collection_names(["We Bought a Zoo", "The Try Guys", "Who Wants to Be a Millionaire? (UK game show)",
                              "Water"])
    after = [_options(syn, q) for q in queries]
    assert not any(w in a for w, a in zip(words, after, strict=True))
    assert "purchase" in _options(syn, "can you buy a zoo in texas").get("buy", set())


def test_cached_options_need_no_wordnet_and_a_missing_wordnet_is_still_refused(english_resources, tmp_path):
    """A later process whose queries' options are on disk never opens WordNet (nltk's import pulls
    scikit-learn and scipy.stats: ~1.5 CPU-s); without WordNet the language check still refuses."""
    pytest.importorskip("wordfreq")
    from robustir.attacks.synonym import SenseSynonym

    texts = ["does it cost money to park at the airport", "is the forest dense"]
    first = SenseSynonym(rate=1.0, context="none", resource_paths=english_resources, cache_dir=tmp_path)
    first.prepare(texts)
    assert first.sources._wn is not None
    later = SenseSynonym(rate=1.0, context="none", resource_paths=english_resources, cache_dir=tmp_path)
    later.prepare(texts)
    assert later.options(texts[0]) == first.options(texts[0])
    assert later.sources._wn is None
    missing = SenseSynonym(rate=1.0, context="none", resource_paths={"nltk-data": tmp_path / "nowhere"})
    with pytest.raises(MissingResource, match="nltk-data"):
        missing.check_language("en")

# Synonym swaps inside fixed terms: the habitual "used to", "three of a kind", quoted terms. Judged rejects of
# ``synonym-adv`` (bench/validity/lexical/synadv7-syn-boolq-test-minilm-perturbed.jsonl,
# adv6-syn-boolq-test-perturbed.jsonl, adv8-syn-fiqa-mini-fresh.jsonl; bench/RESULTS.md section 84): the word is
# not offered; the same word outside the fixed term still is.


@pytest.mark.parametrize("text", [
    "did the dakar rally used to take place in europe and africa",
    "did the 100k drop used to be called the million pound drop",
    "what did people used to eat before potatoes",
    "what language used to be spoken in egypt",
])
def test_the_habitual_used_to_is_not_swapped(syn, text):
    assert "used" not in _options(syn, text)


@pytest.mark.parametrize("text", [
    "can hydrogen be used as a fuel for vehicles",
    "What adjective was used to characterize how successful the business was?",
    "What is the expression used to identify a series of problems solved in polynomial time?",
])
def test_used_as_a_form_of_use_is_still_swapped(syn, text):
    assert "employed" in _options(syn, text).get("used", set())


@pytest.mark.parametrize("text", ["does a two pair beat three of a kind",
                                  "does a royal flush beat 4 of a kind in poker"])
def test_number_of_a_kind_keeps_its_noun(syn, text):
    assert "kind" not in _options(syn, text)


def test_kind_outside_the_poker_term_is_still_swapped(syn):
    assert "sort" in _options(syn, "What kind of music is popular in Pakistan?").get("kind", set())


def test_a_quoted_term_is_not_paraphrased(syn):
    assert "buy" not in _options(syn, "Are there \u201cbuy and hold\u201d passively managed funds?")
    assert "buy" not in _options(syn, 'Are there "buy and hold" passively managed funds?')
    assert "purchase" in _options(syn, "Are there passively managed funds to buy and hold?").get("buy", set())


def test_an_apostrophe_or_quotes_around_the_whole_query_quote_nothing(syn):
    assert "purchase" in _options(syn, "can't i buy beer in new york on sunday").get("buy", set())
    assert "purchase" in _options(syn, '"Where can I buy shares of a company?"').get("buy", set())


@pytest.mark.parametrize("text", [
    "do supreme court justices have to be approved by congress",
    "do ambassadors need to be approved by the senate",
    "state laws do not have to be approved by the federal government before they become effective",
])
def test_a_contronym_is_never_offered(syn, text):
    # "sanctioned by congress" also reads as penalised: the question can be reversed (bench/RESULTS.md section 89)
    offered = {r for rs in _options(syn, text).values() for r in rs}
    assert not {r for r in offered if r.startswith("sanction")}, offered


@pytest.mark.parametrize("text", [
    "do you have to call a phd a doctor",
    "does a juris doctorate make you a doctor",
    "is a person with a phd a doctor",
    "is a ph.d. holder a doctor",
])
def test_doctor_next_to_an_academic_degree_is_not_swapped(syn, text):
    # the title, not the medical profession: "a physician" changes the question (bench/RESULTS.md section 100)
    assert "doctor" not in _options(syn, text)


@pytest.mark.parametrize("text", [
    "should i see a doctor about a cough",
    # "degree" alone names no doctorate: a burn's, a temperature's, a physician's medical degree
    "should i see a doctor for a third-degree burn",
    "should i see a doctor if my fever is 103 degrees",
    "does a doctor need a medical degree",
])
def test_doctor_without_a_doctorate_is_still_swapped(syn, text):
    assert "physician" in _options(syn, text).get("doctor", set())
