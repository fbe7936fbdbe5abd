"""Sense-correct word-level code-switching after PolyGloss (Tan & Joty, NAACL 2021).

A share of the content words of a query is replaced by their translation into one or
several *embedded* languages; the rest of the query (the *matrix* language) is kept. An
English query gets foreign words (``languages``), a query in any other language gets
English words, so both directions of cross-lingual retrieval are covered.

How a word's translation is chosen (once per query, then cached):

1. the query is analysed (``attacks.analysis``): English gets POS, lemma, named
   entities and noun compounds from spaCy; Chinese and Thai are segmented (jieba,
   pythainlp). Named entities ("new york"), multiword expressions ("world cup",
   "tv show", "golf course"), numbers, function words ("us" is a pronoun) and
   stopwords are never switched;
2. candidates come from every installed source (``attacks.candidates``: OMW synsets of
   the tagged part of speech, MUSE, trans-de-en, FreeDict, user files);
3. each candidate is put into the query and the independent multilingual USE
   (``attacks.analysis.similarity``, never the model under attack) scores the switched
   query against the original; the closest one is kept, and none below ``floor``.

An English query in which no word passes these rules gets a second tier (``CodeSwitch._fallback_slots``):
the head of a compound of clear sense ("the deputy director") and the opening question word ("Who",
"How many"); where that finds none either, its last resort (``CodeSwitch._last_slots``): a WordNet
multiword noun switched whole by a translation of the whole expression ("body of water" -> masa de
agua), and the "what"/"which" of an opening question phrase ("What school", "In what year" -> qué, 什么).
A query with no switchable word is returned unchanged and marked ``unperturbable``.
``word_candidates`` (for ``codeswitch-adv``) offers only these in-context choices, so an
adversarial success cannot come from a mistranslation the filter rejected.

The per-query choices are cached on disk (``cache_dir/codeswitch-options.<config>.json``)
with a checksum per entry: a damaged entry is recomputed, never used.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .analysis import SEGMENTED, analyse
from .analysis.english import COMPOUND_HEAD, NAME_COMPOUND
from .analysis.script import in_script, lower, nfc_map
from .analysis.tokens import Word, build, merge_runs
from .base import AttackError, Edit, MissingResource, Perturbation, Perturbed, new_edit, new_perturbed
from .candidates import Sources
from .lex import unitplain
from .lex.casing import LONGEST, CaseCounts, corpus_case
from .lex.compiled import compiled, files_digest, package_version
from .lex.droppedarticle import article_dropped_runs
from .lex.judgedveto import drop_vetoed
from .lex.judgedveto import table_digest as vetoed_digest
from .lex.multiword import UNIT
from .lex.namecues import NameCues, passage_name_word
from .lex.namejoins import join_dotted_acronyms, joined_compound_runs, main_before_ellipsis
from .lex.nltkdata import nltk_fingerprint
from .lex.synsense import WN_POS
from .lex.wordedit import DRAWS, sample_options
from .lexicon import (
    DEFAULT_TRANS_DE_EN,
    NOUN_CAPITALISING,
    atomic_write_text,
    check_rate,
    has_letter,
    iso_code,
    match_case,
    stat_key,
    stopwords,
)
from .muse import load_muse_dictionary, muse_dir
from .tokenize import _WORD, words

logger = logging.getLogger(__name__)

CHOICES = ("per-word", "per-query")
CONTEXTS = ("use-m", "none")

# One analysed query: (parts, options per word, eligible word indices)
Entry = tuple[tuple[str, ...], tuple[tuple[tuple[str, str], ...], ...], tuple[int, ...]]


def function_words(lang: str, resource_paths: Mapping[str, Path] | None = None) -> frozenset[str]:
    """Words never switched in a ``lang`` query: NLTK/stop-words stopwords plus the
    stopwords-iso list, which also holds question words (ar كم "how many", متى "when")."""
    words = set(stopwords(lang, resource_paths))
    if lang != "en":
        try:
            import stopwordsiso

            code = "no" if lang == "nb" else lang
            # only where NLTK's list is short or missing: stopwords-iso lists content words
            # for the European languages (fr maison, ru дом), see attacks.lexicon
            if lang in _ISO_FUNCTION_WORDS and stopwordsiso.has_lang(code):
                iso = {w.lower() for w in stopwordsiso.stopwords(code)}
                words |= iso
                if lang == "vi":  # Vietnamese words are syllables: "bao nhiêu" (how many) -> bao, nhiêu
                    words |= {s for w in iso for s in w.split()}
        except ImportError:  # optional
            pass
    words |= _EXTRA_FUNCTION_WORDS.get(lang, frozenset())
    return frozenset(words)


#: words of an L query never switched into English, where no analysis here gives the sense: ar آخر is "last"
#: before its noun (آخر سيد للوقت "the last Time Lord") and "another" after it (no Arabic tagger); the
#: dictionaries' only "another" was judged wrong in every judged occurrence (rev20-rev20a-ar, bench/RESULTS.md
#: section 112). Hand-written: no library tells the two apart here. (Not function words: the en -> ar
#: multiword check of ``_opens_with_function_word`` does not see them.) hi चीज़ is "thing" (किस चीज़ "what thing",
#: the 3 occurrences in XQuAD-R/MLQA-R hi) and also the loan "cheese", MUSE's only English for it; "thing" has no
#: entry there, so the switch would always say cheese (section 298). The forms are NFC (``CodeSwitch._compute``).
_L2EN_UNSWITCHED = {"ar": frozenset({"آخر"}), "hi": frozenset({"चीज़", "चीज"})}  # plural चीजें: "things", right

#: L -> en: languages whose dictionary multiword units (``lex.multiword``) are switched WHOLE to the unit's
#: English (de vor Ort -> on site, el κατά μήκος -> along, ar كرة القدم -> football) instead of word by word;
#: measured per language on every judged L -> en set (bench/RESULTS.md section 132). Not tr
#: (FreeDict eng-tur read backwards: en büyük -> arch, bir okuldan -> chapel, kabul edilir -> passable), not hi
#: (FreeDict eng-hin's few units are light verbs; its one change was wrong), es (spa-eng: no judged query changed)
_UNIT_LANGUAGES = frozenset({"ar", "de", "el"})
#: L -> en: languages whose proclitic-written words no source lists are looked up without the clitics
#: (``lex.arclitic``: ar ل + the article, bench/RESULTS.md section 215)
_CLITIC_LANGUAGES = frozenset({"ar"})
#: L -> en: languages whose words keep only the candidates of the part of speech the L context asks for
#: (``lex.wordclass``: an article before a noun, a relative pronoun before a verb; section 132)
_WORD_CLASS_LANGUAGES = frozenset({"ar", "el", "es"})
#: L -> en: languages whose nouns offer first the candidate SemCor attests most as a noun (``lex.nounsense``:
#: hi चुनाव "election", not "choice"; measured per language, bench/RESULTS.md section 148)
_NOUN_SENSE_LANGUAGES = frozenset({"hi"})
#: L -> en: languages whose words offer MUSE's next entries to the context filter after the sources' choice
#: (``lex.challenger``: de besuchte "visited", tr sayı "number"; bench/RESULTS.md section 167)
_CHALLENGER_LANGUAGES = frozenset({"de", "tr"})
#: L -> en: languages whose adjacent word pairs keep the candidates that form an English WordNet collocation
#: (``lex.collocation``: ru телесные наказания -> corporal punishments, not penalties; bench/RESULTS.md section 151)
_COLLOCATION_LANGUAGES = frozenset({"ar", "de", "el", "es", "hi", "ru", "th", "tr", "vi", "zh"})
#: en -> L: targets where a sports question's nouns do NOT keep only their game senses' candidates (``lex.gamesense``):
#: ar هدف is both the aim and the scored goal, so the rule removed it where it was right (3 judged-right words for
#: 1 judged-wrong on the judged sets, bench/RESULTS.md section 152)
_GAME_SENSE_EXCLUDED = frozenset({"ar"})


# auxiliaries the lists lack (ar يتم/تم "is/was done": the Arabic passive)
# and German separable-verb particles ("ließen sich ... nieder": nieder is no word of its own)
_EXTRA_FUNCTION_WORDS = {"ar": frozenset({"يتم", "تم", "وتم", "ويتم"}),
                         "de": frozenset({"ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "zu",
                                          "zurück", "nieder", "weg", "her", "hin", "fest", "los", "dar", "um",
                                          "durch", "vorbei", "heraus", "hinaus", "zusammen", "fort", "weiter"}),
                         # Turkish question words the lists lack (kaç "how many" became "run")
                         "tr": frozenset({"kaç", "kaçta", "kaçıncı", "hangi", "hangisi", "hangisidir", "nerede",
                                          "nereye", "nereden", "nasıl", "niçin", "neden", "kim", "kime", "kimin",
                                          "ne", "neler", "nedir", "kimdir", "ne zaman",
                                          # son: "last" before a noun (son soğuk faz), the dictionaries' "end"
                                          "son"}),
                         # Greek question words (πόσοι "how many", πότε "when")
                         "el": frozenset({"πώς", "πού", "πότε", "πόσο", "πόσοι", "πόσες", "πόσα", "πόσους", "πόσων",
                                          "ποιος", "ποια", "ποιο", "ποιοι", "ποιες", "ποιον", "ποιου", "ποιας",
                                          "ποιων", "ποιους", "τι", "γιατί"})}
#: two-word question words whose second word alone is a content word (tr ne zaman "when":
#: zaman "time"; switched, "ne time" in the judged v4 sample)
# (ne tür / ne çeşit "what kind": tür became "species" three times in the judged v5 draw)
_QUESTION_PAIRS = {"tr": frozenset({("ne", "zaman"), ("ne", "kadar"), ("hangi", "yıl"), ("hangi", "yılda"),
                                    ("ne", "tür"), ("ne", "türde"), ("ne", "çeşit"), ("hangi", "tür")})}
#: German "es gibt / es gab" (there is / there was): the forms of geben are not switched in a
#: query that has "es" (dictionaries translate gab as "gave", which asks something else)
_DE_EXISTENTIAL = frozenset({"gibt", "gab", "gaben", "gäbe", "geben", "gegeben", "giebt"})
#: separable-verb particles that end a German clause (a subset of the function words above)
#: separable particles added in section 218 (finden ... statt "take place" -> find, sah ... voraus "foresaw" -> ahead):
#: with these only the particle and the verb are kept (``_de_verb_like``), the query's other lower-case words
#: (oft, nahe, erste: right as often, near, first) stay switchable
_DE_VERB_PARTICLES = frozenset({"statt", "voraus", "heran", "herum", "hervor", "hinzu", "herunter", "hinunter", "herab",
                                "entgegen", "empor", "voran", "zurecht"})
_DE_PARTICLES = frozenset({"ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "zu", "zurück", "nieder",
                           "weg", "her", "hin", "fest", "los", "dar", "um", "vorbei", "heraus", "hinaus",
                           "zusammen", "fort", "weiter",
                           *_DE_VERB_PARTICLES})
_ISO_FUNCTION_WORDS = frozenset({"ar", "el", "hi", "th", "tr", "vi", "zh", "ja"})
#: joiners that make two words one (tua-bin, pro-reform, лётчик-истребитель, Bulvarı'nda)
_JOINERS = ("-", "\u2010", "\u2011", "\u2013", "'", "\u2019")


def _de_verb_like(word: str) -> bool:
    """A German word whose simplemma lemma (or itself) has a verb's infinitive ending (-en, -ern, -eln): sah
    (sehen), finden, kam (kommen); not oft, nahe (nah), erste (erst). Hand-written: no German tagger runs here."""
    from .lex.lemmaform import lemma_of

    lemma = lemma_of(word, "de") or word.lower()
    return len(lemma) > 3 and lemma.endswith(("en", "ern", "eln"))


def in_compound(a, i: int) -> bool:
    """True when word ``i`` of analysis ``a`` is part of a hyphenated or apostrophised compound or
    name (Vietnamese tua-bin, Huguenot-descended, self-employed): its parts are not words of their
    own, so no word-level attack rewrites one of them alone."""
    return a.parts[2 * i].endswith(_JOINERS) or a.parts[2 * i + 2].startswith(_JOINERS)


#: L -> en: languages whose compound prepositions and terms of art keep their words (``lex.fixedphrases``:
#: ru в качестве "as", ar إلى جانب "besides", ru простые числа "prime numbers"; section 168)
_FIXED_PHRASE_LANGUAGES = frozenset({"ar", "ru", "th", "de"})  # th: section 218; de: section 227 (de38)
#: L languages whose name words are locked by ``lex.namewords`` (bench/RESULTS.md section 159)
_NAME_WORD_LANGUAGES = frozenset({"es", "tr", "zh"})
#: nouns after which a lower-cased query names a work or a group ("the show bloodline")
_TITLE_HEADS = frozenset({"show", "shows", "movie", "movies", "film", "films", "series", "book", "books", "novel",
                          "song", "songs", "album", "band", "game", "episode", "play", "musical", "poem",
                          "called", "named", "titled", "entitled"})
#: ``noun_heads`` only (``codeswitch-adv``): nouns of a work's instalment or version, after which a lower-cased
#: query names the work ("is there a sequel to winds of war", "a prequel to flowers in the attic", "a remake of my
#: fair lady": judged held-out rejects, adv3-adv6). Not for the synonym recipes' lock: there they removed 1 judged
#: reject and 6 judged accepts ("a sequel to the movie prometheus": movie -> film; bench/synonym_reoffer.py)
_INSTALMENT_HEADS = frozenset({"sequel", "prequel", "remake", "season"})
#: the target languages of the perfect's-participle rule of bench/RESULTS.md section 82 (a participle tagged as
#: an adjective): measured on these five; es fr de zh ja ar were measured by another branch at the same time and
#: keep their candidates (section 82's domain-sense rule serves every target since section 126)
_CONTEXT_SENSE_TARGETS = frozenset({"it", "pt", "ru", "hi", "tr"})
#: targets whose dictionaries cite a verb by its past (perfect) form, which is what an English perfect participle
#: says: ar تأهل "qualified" for "has england qualified", not the adjective مؤهل "having qualifications" (judged wrong
#: in nine files; lex.wordrole, section 220); de and the Romance targets cite the infinitive, which is not switched in
_PAST_CITATION_TARGETS = frozenset({"ar"})
#: words before an instalment noun that ask for another member of a series
_SERIES_QUANTIFIERS = frozenset({"another", "more", "next", "new", "final", "last", "upcoming", "latest"})
#: forms of "be" that make a predicate of a following adjective in a question, the subject between ("is it
#: legal", "am i eligible"): the finite forms; "be", "been", "being" never stand before their subject, and
#: the analysis splits "isn't" into "is" + "n't"
_BE_FORMS = frozenset({"am", "is", "are", "was", "were"})
#: forms of "have" that make a perfect with a following participle
_PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "hasn't", "haven't", "hadn't"})
_TITLE_SPAN = 3


_DETERMINER_TAGS = frozenset({"DT", "PRP$", "WP$"})


#: title cues that are verbs ("a group called the five heartbeats"); the other heads count as nouns only
_TITLE_VERBS = frozenset({"called", "named", "titled", "entitled"})


def in_lowercase_title(a, i: int, span: int = _TITLE_SPAN, bare: bool = True, noun_heads: bool = False) -> bool:
    """True when word ``i`` of an all-lower-case English query may belong to a title or a
    name, which spaCy cannot see without capitals (BoolQ: "is fantastic beasts and where to
    find them a prequel", "is the three little pigs a nursery rhyme"): a word within
    ``span`` words after a media noun or "called"/"named", or (``bare``) a noun or adjective
    whose noun phrase does not open with a determiner or a possessive ("the show", "a kid",
    "his list" are common nouns; "little pigs", "beasts" may be a title). The synonym recipes
    use the defaults; en->L code-switching's second tier asks ``span=1, bare=False`` of a
    compound's head ("was the movie insomnia based on a book": insomnia -> insomnio on BoolQ dev).
    ``noun_heads`` (``codeswitch-adv``, ``span=4``): the heads include ``_INSTALMENT_HEADS`` (sequel, season...),
    a head counts only as a noun ("can the xbox one play xbox 360 discs" names no title) and a work noun is not
    part of the title it introduces ("a sequel to the movie prometheus": movie -> 电影 was judged right)."""
    if a.language != "en" or a.text != a.text.lower():
        return False
    heads = _TITLE_HEADS | _INSTALMENT_HEADS if noun_heads else _TITLE_HEADS
    if noun_heads and a.words[i].text in heads:
        return False
    if any(a.words[j].text in heads and (not noun_heads or a.words[j].text in _TITLE_VERBS
                                         or a.words[j].pos in ("NOUN", "PROPN"))
           for j in range(max(0, i - span), i)):
        return True
    if not bare or a.words[i].pos not in ("NOUN", "ADJ"):
        return False
    j = i - 1
    while j >= 0 and a.words[j].pos in ("NOUN", "ADJ") and a.parts[2 * j + 2].strip() == "":
        j -= 1  # the words of the same noun phrase ("the golden compass")
    return j < 0 or a.words[j].tag not in _DETERMINER_TAGS


def lowercase_title_word(a, i: int, span: int) -> bool:
    """True when word ``i`` of an all-lower-case English query belongs to a title by the question's shape
    (``attacks.lex.titlecues``): within ``span`` words after a title noun or a naming verb that opens a title, before
    the question's own words resume ("a book called walton's mountain": ``headed_title`` with
    ``in_lowercase_title``'s heads), or in a clause a
    preposition takes as its object ("lyrics to here comes the bride": ``clause_title``)."""
    from .lex.titlecues import clause_title, headed_title

    return headed_title(a, i, span, _TITLE_HEADS | _INSTALMENT_HEADS, _TITLE_VERBS) or i in clause_title(a)


#: the lock of a WordNet multiword noun merged into one word by ``CodeSwitch._whole_expressions``
_WHOLE = "mwe-whole"
_QUANTITY = frozenset({"much", "many", "long", "far", "often", "old", "big"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
#: en->L: English nouns whose one sense a target language splits by what bears it: (a person's,
#: a thing's). Russian имя is a person's name, название a thing's (judged v7-v9: "the name of the
#: area", "of the colony", "for the original place" -> имя, 4 wrong words; MUSE and FreeDict agree
#: on имя, MUSE lists название second)
_BEARER_SPLIT = {("ru", "name"): ("имя", "название")}
_PERSON_PRONOUNS = frozenset({"his", "her", "their", "whose", "my", "your", "our"})
#: en->L: target languages whose nouns after a numeral or a count quantifier are singular (Turkish
#: "kaç kişi", "üç kişi", "birçok kişi"), and the quantifiers that count ("how many" is many after how).
#: There the counted "people", the plural of "person" (spaCy's lemma is "people"), takes the word for a
#: person (tr kişi), not that of a people or the public (halk: judged wrong for "How many people go to
#: Obby-Oss?" (v12) and "When many people are arrested" (v11)). Hand-written: no dictionary says
#: which languages count with the singular
_COUNTED_SINGULAR = frozenset({"tr"})
_COUNT_WORDS = frozenset({"many", "several", "few"})

#: en->L, second tier (``CodeSwitch._fallback_slots``): the interrogative of the question word that opens an
#: English question. Hand-written: the dictionaries list these words among noise and relatives (MUSE en-es
#: who -> oms (WHO), quiénes, quién; when -> cuándo, cuando; where -> donde), and a question word has one
#: interrogative per language. "what" only as the pronoun, before a verb ("What did", "What is"): as a
#: determiner ("what year") it agrees with its noun (fr quel/quelle, de welcher/welche); "which" never
_QUESTION_WORDS: dict[str, dict[str, str]] = {
    "es": {"what": "qué", "who": "quién", "when": "cuándo", "where": "dónde", "why": "por qué", "how": "cómo",
        "how many": "cuántos", "how much": "cuánto"},
    "fr": {"what": "que", "who": "qui", "when": "quand", "where": "où", "why": "pourquoi", "how": "comment",
        "how many": "combien de", "how much": "combien"},
    "de": {"what": "was", "who": "wer", "when": "wann", "where": "wo", "why": "warum", "how": "wie",
        "how many": "wie viele", "how much": "wie viel"},
    "it": {"what": "che cosa", "who": "chi", "when": "quando", "where": "dove", "why": "perché", "how": "come",
        "how many": "quanti", "how much": "quanto"},
    "pt": {"what": "o que", "who": "quem", "when": "quando", "where": "onde", "why": "por que", "how": "como",
        "how many": "quantos", "how much": "quanto"},
    "ru": {"what": "что", "who": "кто", "when": "когда", "where": "где", "why": "почему", "how": "как",
        "how many": "сколько", "how much": "сколько"},
    "tr": {"what": "ne", "who": "kim", "when": "ne zaman", "where": "nerede", "why": "neden", "how": "nasıl",
        "how many": "kaç", "how much": "ne kadar"},
    "el": {"what": "τι", "who": "ποιος", "when": "πότε", "where": "πού", "why": "γιατί", "how": "πώς",
        "how many": "πόσοι", "how much": "πόσο"},
    "ar": {"what": "ماذا", "who": "من", "when": "متى", "where": "أين", "why": "لماذا", "how": "كيف",
        "how many": "كم", "how much": "كم"},
    "hi": {"what": "क्या", "who": "कौन", "when": "कब", "where": "कहाँ", "why": "क्यों", "how": "कैसे",
        "how many": "कितने", "how much": "कितना"},
    "zh": {"what": "什么", "who": "谁", "when": "什么时候", "where": "哪里", "why": "为什么", "how": "怎么",
        "how many": "多少", "how much": "多少"},
    "ja": {"what": "何", "who": "誰", "when": "いつ", "where": "どこ", "why": "なぜ", "how": "どのように",
        "how many": "いくつ", "how much": "どのくらい"},
    "th": {"what": "อะไร", "who": "ใคร", "when": "เมื่อไหร่", "where": "ที่ไหน", "why": "ทำไม", "how": "อย่างไร",
        "how many": "กี่", "how much": "เท่าไร"},
    "vi": {"what": "cái gì", "who": "ai", "when": "khi nào", "where": "ở đâu", "why": "tại sao", "how": "như thế nào",
        "how many": "bao nhiêu", "how much": "bao nhiêu"},
}
_QUESTION_EN = frozenset({"what", "who", "when", "where", "why", "how", "how many", "how much"})
#: en->L, the second tier's last resort (``CodeSwitch._last_slots``): "what" / "which" as the determiner
#: of an opening question phrase ("What school did Jolie attend?", "In what year ...", "which King?"), in
#: the languages whose interrogative determiner does not agree with its noun (the noun stays English, so
#: its gender is unknown: fr quel/quelle, de welcher/welche, ru какой/какая are left out); keyed by
#: (word, "NN" or "NNS") where the form follows the noun's number (it quale/quali, zh 哪个/哪些).
#: Hand-written like ``_QUESTION_WORDS``: one interrogative determiner per language
_QUESTION_DETERMINERS: dict[str, dict[tuple[str, str], str]] = {
    "es": {("what", "NN"): "qué", ("what", "NNS"): "qué", ("which", "NN"): "qué", ("which", "NNS"): "qué"},
    "pt": {("what", "NN"): "que", ("what", "NNS"): "que", ("which", "NN"): "qual", ("which", "NNS"): "quais"},
    "it": {("what", "NN"): "che", ("what", "NNS"): "che", ("which", "NN"): "quale", ("which", "NNS"): "quali"},
    "tr": {("what", "NN"): "hangi", ("what", "NNS"): "hangi", ("which", "NN"): "hangi", ("which", "NNS"): "hangi"},
    "zh": {("what", "NN"): "什么", ("what", "NNS"): "什么", ("which", "NN"): "哪个", ("which", "NNS"): "哪些"},
}
#: WordNet multiword nouns switched whole: at most this many words ("body of water", "quantum mechanics")
_MWE_WORDS = 3
#: languages the multilingual USE was trained on; elsewhere its cosines run lower
#: (measured: hi/el/vi correct switches score 0.55-0.8), so the floor is ``floor_uncovered``
USE_M_LANGUAGES = frozenset(["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"])


_WORDS = re.compile(r"\w+")
#: a parenthesised qualifier ("Brain on Fire (film)"); its group is the text inside
_PARENTHESES = re.compile(r"\(([^)]*)\)")


#: English articles: an article + word that WordNet lists as a name ("the City", the City of London)
_ARTICLES_EN = frozenset({"the", "a", "an"})


def _common_word(wn, word: str) -> bool:
    """True when WordNet lists ``word`` itself in lower case: WordNet writes nine article + word names
    whose word is common ("the_City", "the_Street", "the_Hill", "a_Level", "a_Battery"), and in a
    lower-case query "the city" is the common noun (tests/test_attacks_lexical.py switched "the city"
    until the name lock of section 62 reached the random recipe); "the_Hague", "the_Netherlands",
    "the_Alps" stay names (no lower-case hague, netherlands, alps)."""
    return any(lem.name() == word for syn in wn.synsets(word) for lem in syn.lemmas())


def _plain(word: str) -> str:
    """A word as ``title_phrases`` compares it: lower case, letters and digits only ("'s" -> "s")."""
    return "".join(_WORDS.findall(word.lower()))


#: words of a Wikipedia title's parenthesised qualifier that mark a named work ("Suits (season 8)",
#: "Shameless (season 7)", "The Stepfather (2009 film)", "Queen (band)"). Hand-written: no library
#: classifies these qualifiers; the other qualifiers name a field ("Organ (anatomy)", "Check (chess)",
#: "Parity (mathematics)"), whose one-word titles are common nouns and stay switchable
WORK_QUALIFIERS = frozenset({"film", "films", "series", "miniseries", "season", "show", "sitcom", "band",
                             "song", "album", "single", "novel", "musical", "franchise", "soundtrack", "comics",
                             "opera", "play", "game"})
_ARTICLES = ("the", "a", "an")
_INDEFINITE = ("a", "an")


def _without_article(words: list[str]) -> list[str]:
    """``words`` less a leading article, as questions drop it ("The Stepfather" -> "stepfather")."""
    return words[1:] if len(words) > 1 and words[0] in _ARTICLES else words


def _inner_article_dropped(words: list[str]) -> list[str]:
    """``words`` less a "the" inside the run (not its first or last word): a lower-case question adds the
    article a title leaves out, "does battle of the gods happen before super" for the film "Dragon Ball Z:
    Battle of Gods" (judged v21: battle -> 战斗, معركة, gods -> dios, Dieu, Götter, 神 in six languages,
    each rendering a title's word as a common word). Only "the": "a"/"an" before a noun mark a common-noun
    phrase (``CodeSwitch._lowercase_names``)."""
    return [x for j, x in enumerate(words) if not (0 < j < len(words) - 1 and x == "the")]


def _work_title(title: str) -> bool:
    """True when a title's parenthesised qualifier marks a named work (``WORK_QUALIFIERS``)."""
    return any(q in WORK_QUALIFIERS for inner in _PARENTHESES.findall(title) for q in _WORDS.findall(inner.lower()))


@functools.lru_cache(maxsize=4)
def _work_title_runs(titles: tuple[str, ...]) -> frozenset[str]:
    """The main titles (``_plain`` words, space-joined, a leading article dropped) of the collection's titles whose
    qualifier marks a named work (``_work_title``: "I'll Be There for You (The Rembrandts song)" -> "i ll be there
    for you"): the runs ``CodeSwitch._named_beside`` reads the passages of."""
    return frozenset(" ".join(_without_article([x.lower() for x in _WORDS.findall(_PARENTHESES.sub(" ", t))]))
                     for t in titles if _work_title(t))


def _before_work_noun(plain: Sequence[str], end: int) -> bool:
    """True when the word at ``end`` of a query's plain words is a work noun (``WORK_QUALIFIERS``: "series",
    "season", "movie"...): the run before it is then read as the work's title ("is there going to be a sirens
    series 2"), and an indefinite article before the run is the work noun's, not the run's."""
    return end < len(plain) and (plain[end] in WORK_QUALIFIERS or plain[end] == "movie")


def _plural_of_title(run: Sequence[str], titles: frozenset[str]) -> bool:
    """True when ``run`` is a collection title with its last word in the plural the question wrote ("sirens"
    for the series "Siren (TV series)", judged v23: es sirenas, de Sirenen, pt sirene). Only before a work
    noun (``_before_work_noun``), where the question names the work; hand-written (an English "-s" plural)."""
    last = run[-1]
    return len(last) > 3 and last.endswith("s") and " ".join([*run[:-1], last[:-1]]) in titles


#: nouns of a work's instalment that a number follows ("part 2 of", "season 3 of"; ``_names_a_work``)
_INSTALMENT_NOUNS = frozenset({"part", "season", "chapter", "volume", "episode", "series"})
#: nouns of another work made from a work ("sequel to"; ``_names_a_work``)
_SEQUEL_NOUNS = frozenset({"sequel", "prequel", "spinoff", "remake"})
#: number words that may stand for the instalment's digit ("part two of")
_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"})


def _names_a_work(plain: Sequence[str], k: int, end: int) -> bool:
    """True when the run ``plain[k:end]`` of a query's plain words stands where the question names a work: after
    an instalment ("a part 2 of infinity wars", "season 3 of") or another work made from it ("a sequel to"), or
    before an instalment ("x part 2", "x season 3"). Hand-written over the words (no library reads this frame)."""
    if k >= 2 and plain[k - 1] in ("of", "to"):
        if plain[k - 2] in _SEQUEL_NOUNS:
            return True
        if k >= 3 and (plain[k - 2].isdigit() or plain[k - 2] in _NUMBER_WORDS) and plain[k - 3] in _INSTALMENT_NOUNS:
            return True
    return end + 1 < len(plain) and plain[end] in _INSTALMENT_NOUNS \
        and (plain[end + 1].isdigit() or plain[end + 1] in _NUMBER_WORDS)


def _number_variant_of_title(run: Sequence[str], titles: frozenset[str],
                             function_words: frozenset[str] = frozenset(_ARTICLES)) -> bool:
    """True when ``run`` is a collection title with its last word in the other number: the plural the question
    wrote ("infinity wars" for "Avengers: Infinity War", judged v27: wars -> es/it/pt guerra, fr guerre, ja 戦争,
    ar حرب, ru войн, hi युद्ध) or the singular. Only where the question names a work (``_names_a_work``): a plural
    one letter from a title elsewhere is mostly a common phrase ("open championships", section 106). And only a
    run of two content words or more (not ``function_words``): on boolq-train's questions a one-word run was
    mostly a common word beside an instalment ("is the original season 4 of arrested development": "The
    Originals"; "a remake of the original")."""
    last = run[-1]
    if len(last) <= 3 or sum(w not in function_words for w in run) < 2:
        return False
    return _plural_of_title(run, titles) or " ".join([*run[:-1], last + "s"]) in titles


def _common_expression(wn: Any, run: Sequence[str]) -> bool:
    """True when WordNet lists the words of ``run`` as one lower-case lemma ("federal_court"): a common noun."""
    seq = "_".join(run)
    return any(lem.name() == seq for syn in wn.synsets(seq) for lem in syn.lemmas())


def _coordinated_name_runs(plain: Sequence[str], locked: set[int],
                           common: Callable[[Sequence[str]], bool] = lambda run: False) -> set[int]:
    """Positions of a two-word run of a lower-case query that is coordinated ("and", "or", "vs") with a
    locked two-word name and shares its last word: "is quick trip and kwik trip the same" (QuikTrip beside
    Kwik Trip, judged v23: quick -> es rápido, fr rapide, ja 速い, ru быстрый, tr hızlı). The question sets
    the two side by side as names of the same kind, unless ``common`` says the run is a common expression
    ("supreme court and federal court": federal_court is WordNet's lower-case lemma; the judged ja 連邦裁判所
    was right). Hand-written over the words (no library reads this)."""
    out: set[int] = set()
    for c, word in enumerate(plain):
        if word not in ("and", "or", "vs", "versus"):
            continue
        for name, other in (((c + 1, c + 2), (c - 2, c - 1)), ((c - 2, c - 1), (c + 1, c + 2))):
            if min(*name, *other) < 0 or max(*name, *other) >= len(plain):
                continue
            if all(q in locked for q in name) and not any(q in locked for q in other) \
                    and plain[name[1]] == plain[other[1]] and plain[other[0]] != plain[name[0]] \
                    and not common([plain[q] for q in other]):
                out.update(other)
    return out


#: work nouns whose next capitalised run in a passage is a work's title (``attacks.lex.namecues``): the title
#: qualifiers' nouns that are not also verbs or adjectives ("show", "play", "single" are: "polls show Obama",
#: "a single European market"), and "movie"
_WORK_NOUNS = frozenset({"film", "movie", "series", "miniseries", "sitcom", "novel", "album", "song", "musical",
                         "franchise", "soundtrack", "opera", "band"})


def _cued_names(plain: Sequence[str], cues: NameCues, function_words: frozenset[str],
                capitalised: Callable[[str], bool] = lambda word: True,
                one_word: Callable[[str], bool] | None = None,
                common: Callable[[str], bool] = lambda run: False) -> set[int]:
    """Positions of a lower-case query's plain words that the passages mark as a name by a cue
    (``attacks.lex.namecues``): a run the passages write as a work's title right after its work noun ("is zz
    top angela's dad on bones": "the Fox network TV series Bones"), unless the indefinite article stands before
    it (a common-noun phrase, as for the collection's titles); a one-word title only where another content word
    of the query occurs in a passage that writes the title so ("angela": the common noun of "how many bones are
    in the human body" stays switchable); a word the passages write as an acronym beside the word the query has
    beside it ("swift code": "SWIFT code"); a number and the words the passages write capitalised after it ("6
    souls": "released as 6 Souls"), where ``capitalised`` (``CaseCounts.is_name``) says no such word is mostly
    lower case in the corpus; a content word that ``one_word`` admits (``namecues.passage_name_word``) and that
    the passages holding another content word of the query write, together, capitalised as a one-word name more
    often than in lower case ("the eagles" beside "vince gill": "Gill joined the Eagles";
    ``NameCues.capitalised_beside``); a name and its edition ("skyrim
    special edition": "Skyrim -- Special Edition"; held-out v27, judged wrong: souls -> alma, âme, Seelen, 灵魂 ...;
    edition -> edición, Ausgabe ...). A title of several words that ``common`` reads as a common phrase of the
    passages as well (``lex.phrasecase``: "based on a true story", an album in BoolQ's dev passages and their
    lower-case phrase) needs the passage's other words, as a one-word title does (bench/RESULTS.md section 211)."""
    out: set[int] = set()
    for n in range(1, min(LONGEST + 1, len(plain)) + 1):
        for k in range(len(plain) - n + 1):
            run = " ".join(plain[k:k + n])
            if k > 0 and plain[k - 1] in _INDEFINITE or run not in cues.titles:
                continue
            others = [w for q, w in enumerate(plain) if not k <= q < k + n and w not in function_words and len(w) > 2]
            # (a title's leading article is no second word: "the graduate" needs the passage's other words too)
            if n - (plain[k] in _ARTICLES) > 1 and not common(run) or cues.in_passage_of(run, others):
                out.update(range(k, k + n))
    for n in range(2, min(LONGEST + 1, len(plain)) + 1):
        for k in range(len(plain) - n + 1):
            run = " ".join(plain[k:k + n])
            # "is 6 souls and shelter the same movie": the passages' "released as 6 Souls"; "does the dlc come
            # with skyrim special edition": their "Skyrim -- Special Edition"
            # (the number's words not mostly lower case in the corpus, ``capitalised``: "100 years" stays a count)
            if plain[k].isdigit() and run in cues.numbered \
                    and all(capitalised(w) for w in plain[k + 1:k + n] if w not in function_words) \
                    or n > 2 and run in cues.editions:
                out.update(range(k, k + n))
    content = [q for q, w in enumerate(plain) if w not in function_words and len(w) > 2 and not w.isdigit()]
    for k in content:
        # "did vince gill ever sing with the eagles": the passage naming "vince", "gill" writes "the Eagles"
        # (held-out v29, judged wrong in ten languages); "do eagles eat fish" finds no such passage
        others = [plain[q] for q in content if plain[q] != plain[k]]
        if one_word is not None and one_word(plain[k]) and cues.capitalised_beside(plain[k], others):
            out.add(k)
    for k in range(len(plain) - 1):
        # (the neighbour a content word: "a sir and a lord" is no "SIR and")
        if plain[k + 1] not in function_words and f"{plain[k]}* {plain[k + 1]}" in cues.acronyms:
            out.add(k)
        if plain[k] not in function_words and f"{plain[k]} {plain[k + 1]}*" in cues.acronyms:
            out.add(k + 1)
    return out


#: the least share of its mid-sentence occurrences that the corpus writes a numbered name's word capitalised
#: (``_cued_names``): "souls" 1 of 1 ("6 Souls"); "years" of "100 Years" is mostly lower case
_NUMBERED_SHARE = 0.5

#: nouns a street's name ends in (hand-written: no library lists them); "coronation street"
_STREET_NOUNS = frozenset({"street", "avenue", "boulevard"})


def _street_names(plain: Sequence[str], function_words: frozenset[str],
                  common: Callable[[Sequence[str]], bool] = lambda run: False) -> set[int]:
    """Positions of a street noun (``_STREET_NOUNS``) right after a content word of a lower-case query: a
    street's name, written without an article ("is eva related to leanne in coronation street", the TV
    series; judged v15 and v25: street -> es calle, fr rue, it via, pt rua, ru улица, hi सड़क, tr sokak,
    ja 街路, ar شارع, each wrong), where "the street", "the middle of the street" keep the common noun. Not
    after an indefinite article ("a country road") nor where WordNet lists the two words as a lower-case
    expression (``common``: "side street"). Not "road": "dirt road", "toll road", "open road" are common
    phrases, and "the red road" (the series) is the collection's title (tests/test_codeswitch_names8.py)."""
    out: set[int] = set()
    for k in range(1, len(plain)):
        before = plain[k - 1]
        if plain[k] not in _STREET_NOUNS or before in function_words or before.isdigit() or len(before) < 3:
            continue
        if k > 1 and plain[k - 2] in _INDEFINITE or common(plain[k - 1:k + 1]):
            continue
        out.add(k)
    return out


#: the shortest word a one-letter spelling variant may differ in (``_near_titles``): "capitols" / "capitals",
#: "favour" / "favor"; shorter words differ by one letter from too many others ("cup" / "cut")
_NEAR_LENGTH = 5


def _and_spellings(run: Sequence[str]) -> tuple[list[str], list[str]]:
    """``run`` (plain words) as a name may spell its inner "and": ("-n-" as in "In-N-Out Burger", whose plain
    words are "in n out burger"; the "and" left out, as the passages' "Bath & Body Works" is counted by
    ``attacks.lex.casing``, whose tokens skip "&"). Empty when no "and" stands inside the run. Judged v24:
    "in and out burger" -> fr hamburger, zh 汉堡; "bath and body works" -> es baño, fr bain, de Badewanne, ar الحمام."""
    if "and" not in run[1:-1]:
        return [], []
    return ["n" if w == "and" else w for w in run], [w for w in run if w != "and"]


def _near_titles(titles: frozenset[str]) -> dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]]:
    """The collection's title phrases of two or more words indexed by all their words but one of at least
    ``_NEAR_LENGTH`` letters: (words before, words after) -> the words that stand between, for
    ``_near_title``."""
    out: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for phrase in titles:
        w = phrase.split()
        if len(w) < 2:
            continue
        for j, x in enumerate(w):
            if len(x) >= _NEAR_LENGTH:
                out.setdefault((tuple(w[:j]), tuple(w[j + 1:])), []).append(x)
    return {k: tuple(v) for k, v in out.items()}


def _spelling_of(wn: Any, run: Sequence[str], j: int, title_word: str) -> bool:
    """True when ``run[j]``, one letter from ``title_word`` (``_near_title``), may spell that word rather than be
    another English word: WordNet does not know the one or the other (a misspelling: "missle", "reasins",
    "pokemon"; the title's own spelling: "drinkin", "señor"), the two share a WordNet sense (a variant: "favour" /
    "favor", "parlor" / "parlour"), or a word of the run is a name WordNet writes only with capitals ("washington
    capitols": the team; "titus bode" for Titius-Bode). Otherwise they are two words and the run a common phrase one
    letter from a title; review13 found, on the boolq-train and boolq-test questions: "horse family" / "House
    family", "red wines" / "Red Wings", "coal mines" / "Coal Miner". WordNet decides; hand-written over it."""
    own, other = wn.synsets(run[j]), wn.synsets(title_word)
    if not own or not other or set(own) & set(other):
        return True

    def name(w: str) -> bool:  # every lemma that spells ``w`` is capitalised ("Washington"; not "North", "north")
        spelt = [lem.name() for syn in wn.synsets(w) for lem in syn.lemmas() if lem.name().lower() == w]
        return bool(spelt) and all(n[:1].isupper() for n in spelt)

    return any(name(w) for w in run)


def _near_title(run: Sequence[str], near: Mapping[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]],
                function_words: frozenset[str] = frozenset(_ARTICLES),
                spelling: Callable[[Sequence[str], int, str], bool] = lambda run, j, title_word: True) -> bool:
    """True when ``run`` (two or more plain words) is a collection title phrase but for one letter in one word of
    at least ``_NEAR_LENGTH`` letters (one substitution, insertion or deletion: rapidfuzz's Levenshtein
    distance): "washington capitols" for "Washington Capitals", "a simple favour" for "A Simple Favor" (judged v24:
    capitolio, Capitole, الكابيتول, başkent; faveur, الإحسان, favore, iyilik). Measured on the judged boolq-test
    sets (bench/RESULTS.md section 106), two kinds of near match are left out: a run whose other
    words are all ``function_words`` ("the original" / "The Originals", "the president" / "The Resident": 10
    judged-right words lost), and a plural "-s" ("open championships" / "The Open Championship"). And a word
    ``spelling`` (``_spelling_of``: run, index, title word) says is another word, not the title word's spelling."""
    if len(run) < 2:
        return False
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415 - the C extension, loaded with the first query

    for j, x in enumerate(run):
        if len(x) < _NEAR_LENGTH or all(w in function_words for q, w in enumerate(run) if q != j):
            continue
        # a title of four words or more may also end in a word the question extends or cuts ("how to get away
        # with murderer" for "How to Get Away with Murder", judged v25: it/pt assassino, ru убийца), where two
        # other words are content words
        long = len(run) >= 4 and sum(w not in function_words for q, w in enumerate(run) if q != j) >= 2
        for y in near.get((tuple(run[:j]), tuple(run[j + 1:])), ()):
            if y == x or x + "s" == y or y + "s" == x:
                continue
            extended = long and j == len(run) - 1 and (x.startswith(y) or y.startswith(x)) and abs(len(x) - len(y)) <= 3
            if extended or Levenshtein.distance(x, y, score_cutoff=1) == 1 and spelling(run, j, y):
                return True
    return False


#: a possessive "'s" after a word of a title (straight or curly apostrophe), which a lower-case question may drop
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")


def _possessive_variants(title: str) -> tuple[str, ...]:
    """``title``, and where it holds a possessive "'s" also the title without it: a lower-case question drops
    the possessive ("is the emperor new groove based on the incas" for the film "The Emperor's New Groove", judged
    held-out v29: emperor -> es emperador, fr empereur, de Kaiser, ja 皇帝, each wrong), where the title's own
    plain words keep its "s" ("the emperor s new groove"). Hand-written (one regular expression)."""
    bare = _POSSESSIVE.sub("", title)
    return (title, bare) if bare != title else (title,)


def title_phrases(titles: Iterable[str], function_words: frozenset[str], longest: int = 8) -> frozenset[str]:
    """The phrases of the collection's document titles that name something, as space-joined
    ``_plain`` words: every title of two or more words (without its parenthesised qualifier:
    "Brain on Fire (film)" -> "brain on fire", "The Apprentice"), and every run of two to
    ``longest`` words inside a title that starts and ends with a content word ("List of Pretty
    Little Liars episodes" -> "pretty little liars", "little liars"; not "of pretty"). One-word
    titles are mostly common nouns (Tort, Water) and are left out, except where the title says it
    names a work: a qualifier of ``WORK_QUALIFIERS`` ("Suits (season 8)" -> "suits", "The Stepfather
    (2009 film)" -> "stepfather", a leading article dropped, as questions drop it) or a main title
    before a subtitle's colon ("Avengers: Infinity War" -> "avengers"): judged held-out rejects
    (adv5-cs-boolq-heldout: suits -> traje, avengers -> vengeur, stepfather -> 继父).
    A title with a possessive also gives its phrases without it (``_possessive_variants``: "The Emperor's New
    Groove" -> "the emperor new groove"), as lower-case questions drop it.

    When the titles are cased (Wikipedia's, as BoolQ's), they are in sentence case: a name keeps its
    capitals ("One Tree Hill", "Universal Studios Hollywood"), a common concept does not ("Blighted
    ovum", "Immediate family", "Salt water taffy": v14's "salt water", "immediate" and "ovum" were
    right translations, not names). So a phrase of two words or more is kept only when none of its
    content words of two or more letters after the title's first word is written in lower case ("Mary
    and the Witch's Flower" whole; "universal studios" in "List of former Universal Studios Florida
    attractions", not "florida attractions"). Titles all in lower case say nothing by case and are kept."""
    titles = tuple(titles)
    cased = any(c.isupper() for t in titles for c in t)
    out: set[str] = set()
    for title in (v for t in titles for v in _possessive_variants(t)):
        # "&" is read as "and", as questions write it ("Love & Other Drugs" -> "love and other drugs")
        title = title.replace("&", " and ")
        # "Agents of S.H.I.E.L.D." -> "agents of shield", as askers type it (lex.namejoins, section 237)
        title = join_dotted_acronyms(title)
        orig = _WORDS.findall(_PARENTHESES.sub(" ", title))
        w = [x.lower() for x in orig]
        # (a title's first word is capitalised whatever it is; "s" of "Witch's", digits: no evidence)
        common = [cased and j > 0 and len(x) > 1 and x.isalpha() and x.islower() and x not in function_words
                  for j, x in enumerate(orig)]
        if 2 <= len(w) <= longest and not any(common):
            out.add(" ".join(w))
        bare = _without_article(w)
        if len(bare) == 1 and _work_title(title):
            out.add(bare[0])
        # (not a namespace: "Category:Area codes", "Talk:633 Squadron"); an ellipsis parts a main title too:
        # "I'm a Celebrity...Get Me Out of Here!" -> "i m a celebrity" (lex.namejoins, section 237)
        for head_text in ([title.split(": ", 1)[0]] if ": " in title else []) + main_before_ellipsis(title):
            head = _WORDS.findall(_PARENTHESES.sub(" ", head_text))
            main = _without_article([x.lower() for x in head])
            if 1 <= len(main) <= longest and not any(common[:len(head)]):
                out.add(" ".join(main))
        for n in range(2, min(longest, len(w)) + 1):
            for k in range(len(w) - n + 1):
                if w[k] not in function_words and w[k + n - 1] not in function_words \
                        and not any(common[k:k + n]):
                    out.add(" ".join(w[k:k + n]))
    return frozenset(out)


@functools.lru_cache(maxsize=4)
def _whole_titles(titles: tuple[str, ...], phrases: frozenset[str]) -> frozenset[str]:
    """The collection's main titles (no parenthesised qualifier) as ``_plain`` phrases, with and without a
    leading article, that ``title_phrases`` kept (``phrases``: a sentence-case title with a lower-case content word
    names no thing), for ``lex.titlevariants`` (section 185): a whole title, not a run inside one. Not the titles'
    possessive-less forms (``_possessive_variants``): "mother day" would make "mothers day" a variant."""
    out: set[str] = set()
    for title in titles:
        plain = join_dotted_acronyms(title.replace("&", " and "))
        w = [x.lower() for x in _WORDS.findall(_PARENTHESES.sub(" ", plain))]
        if len(w) >= 2 and " ".join(w) in phrases:
            out.add(" ".join(w))
            out.add(" ".join(_without_article(w)))
    return frozenset(out)


@functools.lru_cache(maxsize=4)
def qualifier_names(titles: tuple[str, ...], function_words: frozenset[str]) -> dict[str, frozenset[str]]:
    """The parenthesised qualifiers of the collection's titles that are themselves names: two words or more,
    every content word capitalised ("Justin Walker (Brothers & Sisters)": the series the character belongs to;
    not "(TV series)", "(2010 film)", "(anatomy)"), as space-joined ``_plain`` words ("&" read as "and"), each with
    the plain content words of the titles it qualifies ("justin", "walker"). ``title_phrases`` drops every
    qualifier; this keeps the named ones for ``CodeSwitch._lowercase_names``, which locks one only beside a word of
    its title: "brothers and sisters" alone is a common phrase (judged v27: "does justin marry rebecca on brothers
    and sisters", brothers -> es hermano, fr frère, de Brüder, zh 弟弟, ... in ten languages, wrong)."""
    out: dict[str, set[str]] = {}
    for title in titles:
        for inner in _PARENTHESES.findall(title.replace("&", " and ")):
            orig = _WORDS.findall(inner)
            content = [x for x in orig if x.lower() not in function_words]
            if len(orig) < 2 or not content or not all(x[:1].isupper() and x.isalpha() for x in content) \
                    or any(x.lower() in WORK_QUALIFIERS for x in orig):
                continue
            main = _WORDS.findall(_PARENTHESES.sub(" ", title))
            out.setdefault(" ".join(x.lower() for x in orig), set()).update(
                x.lower() for x in main if x.lower() not in function_words and len(x) > 2)
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=4)
def _phrases_and_digest(titles: tuple[str, ...], function_words: frozenset[str],
                        longest: int) -> tuple[frozenset[str], str]:
    """``title_phrases`` and the digest that keys the options file by them, once per process and
    collection (every evaluation builds its recipe anew and hands it the same titles: ~0.03 CPU-s
    for BoolQ's 2,939 each time)."""
    phrases = title_phrases(titles, function_words, longest)
    return phrases, hashlib.sha256("\n".join(sorted(phrases)).encode("utf-8")).hexdigest()[:12] if phrases else ""


#: the layout of ``_title_state``'s stored value; a change here stores it anew
_TITLE_STATE_FORMAT = "titles 1"


@functools.lru_cache(maxsize=4)
def _title_state(titles: tuple[str, ...], function_words: frozenset[str], longest: int
                 ) -> tuple[frozenset[str], str, frozenset[str], dict[str, frozenset[str]], frozenset[str]]:
    """What ``CodeSwitch.use_collection_names`` derives from the collection's titles alone: ``_phrases_and_digest``'s
    phrases and digest, ``_whole_titles``, ``qualifier_names`` (empty without phrases) and ``_work_title_runs``.

    Kept in the compiled cache (``lex.compiled``: marshal, sha256-checked), keyed by the titles, the function
    words, ``longest`` and ``_code_digest`` (the code that decides the options), so a process reads it instead of
    deriving it again: ~0.02 CPU-s of every first synonym or code-switching evaluation over BoolQ's 2,939 titles
    (bench/RESULTS.md section 198). Once per process and collection (``lru_cache``), as before. A stored
    value of another shape is derived again. The values are the same sets and dicts (their iteration order may
    differ, as a set of strings' does between processes anyway)."""
    def build() -> tuple[frozenset[str], str, frozenset[str], dict[str, frozenset[str]], frozenset[str]]:
        phrases, digest = _phrases_and_digest(titles, function_words, longest)
        return (phrases, digest, _whole_titles(titles, phrases),
                qualifier_names(titles, function_words) if phrases else {}, _work_title_runs(titles))

    key = hashlib.sha256(repr((_TITLE_STATE_FORMAT, longest, sorted(function_words), titles)).encode("utf-8"))
    value = compiled("codeswitch-titles", build, resources=(), code=(),
                     extra=f"{_code_digest()}|{key.hexdigest()}")
    if not (isinstance(value, tuple) and len(value) == 5 and isinstance(value[0], frozenset)
            and isinstance(value[1], str) and isinstance(value[2], frozenset) and isinstance(value[3], dict)
            and isinstance(value[4], frozenset)):
        logger.info("stored title phrases of another layout: derived again")
        return build()
    return value


def _code_files() -> list[Path]:
    """The modules whose code decides the options (``_code_digest``)."""
    root = Path(__file__).parent
    # every module an option may depend on: the dictionaries' readers and rules live in lexicon.py and
    # lex/ too, and codeswitch-adv's own rules in codeswitch_precise.py and backtranslation.py (a change there
    # must rebuild the cache); realwords.py filters the word lists the Zipf floors read
    # (analysis.frequency) and cjk.py converts Chinese for MUSE en-zh and the Sino-Vietnamese readings
    return sorted([root / "codeswitch.py", root / "codeswitch_precise.py", root / "backtranslation.py",
                   root / "candidates.py", root / "realwords.py", root / "cjk.py",
                   root / "synonym.py", root / "muse.py", root / "freedict.py", root / "lexicon.py",
                   root / "tokenize.py", root / "gcpause.py",  # (imported by lex/compiled.py)
                   root / "translit.py",  # (candidates._loan romanises the series-sense loans)
                   # translit's own helpers (scripts: Indic clusters; segment: the words pypinyin reads) and
                   # base/errors, which every module above imports (bench/RESULTS.md section 181: a change
                   # there left the options file's name unchanged; tests/test_cache26.py checks the closure)
                   root / "scripts.py", root / "segment.py", root / "base.py", root / "errors.py",
                   *(root / "analysis").glob("*.py"), *(root / "lex").glob("*.py")])


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the code that decides the options, so a cache written by older code is
    never reused (the options depend on it as much as on the dictionaries)."""
    root = Path(__file__).parent
    return files_digest((f.relative_to(root).as_posix(), f) for f in _code_files())[:16]


def _options_tables(path: Path, seen: bytes) -> dict[str, dict]:
    """The options file's tables (lang -> text -> row) as they are on disk now; {} when the file is absent,
    unreadable, or has the bytes this process read before (blake2b ``seen``: nothing new to merge)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    if seen and hashlib.blake2b(raw, digest_size=16).digest() == seen:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:  # (UnicodeDecodeError included) truncated or overwritten: nothing kept from it
        return {}
    return {lg: t for lg, t in data.items() if isinstance(t, dict)} if isinstance(data, dict) else {}


#: the entries of options files whose checksum held in this process: (path, blake2b of the file's bytes) ->
#: {(lang, text): entry}. Every evaluation builds its recipe anew; the next one finds its queries' entries
#: checked and does not parse the file. Keyed by the bytes: a rewritten or damaged file is checked again.
_CHECKED: dict[tuple[str, bytes], dict[tuple[str, str], Any]] = {}


#: L -> en languages with a question-word last resort (``CodeSwitch._compute``; sections 219, 264, 275)
_LAST_QUESTION = frozenset({"hi", "tr", "ar", "th", "zh", "vi"})
#: L -> en query languages analysed in NFC when a text is not (``CodeSwitch._compute``): their dictionaries and
#: analysers read NFC (vi: section 286; hi: MUSE writes ड़ as ड + nukta, section 298)
_NFC_LANGUAGES = frozenset({"vi", "hi"})


def _question_slot(lang: str, a, spans: set[tuple[int, int]] | None
                   ) -> tuple[Any, set[tuple[int, int]] | None, tuple[int, str] | None]:
    """L -> en, the last resort of a ``lang`` query with no switchable word: ``(analysis, spans, (index, English) |
    None)`` for its question word (``lex.<lang>question``). Turkish and Vietnamese may join a two-word question word
    into one analysed word (``question_unit``: tr ne zaman, vi khi nào "when"); ar, th and zh leave a word the analysis
    locked (a piece of a name or expression: th ปี|ใด) alone, as their first tier does."""
    if lang == "tr":
        from .lex.trquestion import question_unit  # ne zaman "when" as one word: section 264, branch tr41

        return question_unit(a, spans)
    if lang == "vi":
        from .lex.viquestion import question_unit as vi_unit  # khi nào "when" as one word: section 275

        return vi_unit(a, spans)
    if lang == "hi":
        from .lex.hiquestion import question_word
    elif lang == "ar":
        from .lex.arquestion import question_word
    elif lang == "th":
        from .lex.thquestion import question_word
    else:
        from .lex.zhquestion import question_word
    q = question_word([v.text for v in a.words])
    if q is not None and lang != "hi" and a.words[q[0]].locked:
        q = None
    return a, spans, q


class CodeSwitch(Perturbation):
    """Replace a share of content words by an in-context translation.

    ``languages``: embedded languages (ISO 639-1) for English queries; a query in another
    language gets English words. ``rate``: share of the eligible words to switch (at least
    one), ``max_edits``: cap. ``choice``: ``per-word`` draws an embedded language for every
    switched word, ``per-query`` one per query. ``lexicons``: user MUSE files keyed
    ``"en-ru"``. ``trans_de_en``: path of Debian's dictionary. ``cache_dir``: where the
    per-query choices are kept. ``min_length``: shortest word switched (space-delimited
    languages). ``context``: ``use-m`` (choose in context with the multilingual USE) or
    ``none`` (best-ranked candidate, no encoder: for tests and speed studies).
    ``floor``: lowest USE cosine of a switched query to the original. ``max_candidates``:
    candidates scored per word and language. ``floor_uncovered``: the floor when the query
    or the embedded language is one USE-m was not trained on (hi, el, vi...). ``draw``: which eligible
    words a random application switches, ``uniform`` or ``confident-first`` (English queries: words whose
    sense is clear, ``lex.suresense.clear_sense``, before the others; the budget is the same).
    """

    name = "codeswitch"
    requires = ("nltk-data",)
    #: a candidate within this cosine of the best one counts as tied (then rank order decides)
    CONTEXT_MARGIN = 0.03
    #: English words switched into another language: nouns and adjectives only. Verbs and
    #: adverbs carry the sense errors of the judged samples (serves -> conserver, recorded ->
    #: déposer, lined -> tirer, regarding -> considérer, aside -> loin)
    SWITCHED_EN_POS = frozenset({"NOUN", "ADJ"})
    #: English words with more WordNet senses than this in their tagged part of speech are
    #: left alone: the dictionaries agree on *a* sense, rarely on the one meant (view -> vista
    #: "sight", shift -> déplacement, discharge -> décharge in the judged held-out sample: 9-10
    #: senses each). 7 was tried (branch en2l, fa3c73e): the 7-sense words of the v5 held-out
    #: sets were 26 correct of 42 (paper -> Papier, бумага, kâğıt; period -> 期间; respect ->
    #: Respekt, уважение), so 6 it stays
    MAX_SENSES_EN = 6
    #: en->L: comparatives and superlatives stay: dictionaries translate the positive form, so
    #: "earliest" became fr tôt / pt cedo "early" (and an adverb)
    GRADED_EN_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})
    OPTIONS_FORMAT = 2
    _TEXT_CACHE = 200_000
    #: the random draw (``DRAWS``); set by ``__init__``, uniform for subclasses that build their own state
    draw = "uniform"

    def __init__(
        self,
        languages: Sequence[str] = ("es", "fr", "de", "zh"),
        rate: float = 0.3,
        max_edits: int | None = None,
        choice: str = "per-word",
        lexicons: Mapping[str, str | Path] | None = None,
        trans_de_en: str | Path | None = None,
        cache_dir: str | Path | None = None,
        min_length: int = 2,
        context: str = "use-m",
        floor: float = 0.85,
        max_candidates: int = 4,
        floor_uncovered: float = 0.5,
        resource_paths: Mapping[str, Path] | None = None,
        draw: str = "uniform",
    ) -> None:
        check_rate(rate, max_edits)
        if draw not in DRAWS:
            raise AttackError(f"draw must be one of {', '.join(DRAWS)}, got {draw!r}")
        self.draw = draw
        if choice not in CHOICES:
            raise AttackError(f"choice must be one of {', '.join(CHOICES)}, got {choice!r}")
        if context not in CONTEXTS:
            raise AttackError(f"context must be one of {', '.join(CONTEXTS)}, got {context!r}")
        if not 0.0 <= float(floor) <= 1.0:
            raise AttackError(f"floor must be between 0 and 1, got {floor!r}")
        if isinstance(languages, str):
            languages = [languages]
        langs = [iso_code(lg) for lg in languages]
        if not langs or any(not lg for lg in langs):
            raise AttackError(f"languages must list ISO 639-1 codes (es, fr, de, zh...), got {languages!r}")
        self.languages = tuple(dict.fromkeys(lg for lg in langs if lg != "en"))
        if not self.languages:
            raise AttackError("languages must name at least one language other than en")
        self.rate, self.max_edits, self.choice = float(rate), max_edits, choice
        self.min_length = int(min_length)
        self.context, self.floor, self.max_candidates = context, float(floor), int(max_candidates)
        self.floor_uncovered = float(floor_uncovered)
        self.lexicon_files = {self._pair_key(k): Path(v) for k, v in (lexicons or {}).items()}
        self.resource_paths = dict(resource_paths or {})
        self.trans_de_en = Path(trans_de_en or self.resource_paths.get("trans-de-en") or DEFAULT_TRANS_DE_EN)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.sources = Sources(self.resource_paths, self.lexicon_files, self.trans_de_en, self.cache_dir)
        #: (original, candidates) -> cosines; default the USE-m scorer (set by tests)
        self.context_fn = None
        for lang in self.languages:
            self.sources.require(lang)
        self._checked: set[str] = set(self.languages)  # English: WordNet, checked on first use (``check_language``)
        self._stop: dict[str, frozenset[str]] = {}
        # translations of a multiword expression's words, per (lemma, language): ``_word_translations``
        self._expression_words: dict[tuple[str, str], frozenset[str]] = {}
        # L -> en: the English of a dictionary multiword unit's key, per language: ``_unit_english``
        self._unit_english_fns: dict[str, Callable[[str], tuple[str, ...]]] = {}
        self._texts: dict[str, dict[str, Entry]] = {}
        self._by_lang: dict[str, dict[str, dict]] = {}
        self._disk: dict[str, dict] = {}  # the options file's tables, parsed when first needed (``_tables``)
        self._disk_raw = b""  # the file's bytes until then
        self._disk_digest = b""  # blake2b of the bytes read (``_save_disk`` re-reads the file only if it changed)
        self._disk_checked: dict[tuple[str, str], Entry] = {}  # (lang, text) -> entry whose checksum held
        self._disk_loaded = False
        #: (analysis, its query-level rule sets): the last query ``_query_rules`` computed them for
        self._rules_last: tuple[Any, tuple[frozenset[int], frozenset[int], frozenset[int]]] | None = None
        self._sure: dict[str, tuple[frozenset[int] | None]] = {}  # text -> (``_sure_words``,)
        self.context_seconds = 0.0
        self.context_texts = 0
        self._init_collection_names()

    @staticmethod
    def _pair_key(key: str) -> str:
        parts = key.replace("_", "-").split("-")
        if len(parts) != 2 or not all(parts):
            raise AttackError(f"lexicon keys are 'source-target' language pairs like 'en-ru', got {key!r}")
        return f"{iso_code(parts[0])}-{iso_code(parts[1])}"

    # ------------------------------------------------------------ languages
    def targets(self, language: str) -> tuple[str, ...]:
        """Embedded languages for a query in ``language``."""
        return self.languages if iso_code(language) == "en" else ("en",)

    def check_language(self, language: str) -> None:
        """Raise ``MissingResource`` (what to install) when queries in ``language`` cannot be served.

        English queries need WordNet (the name locks, the OMW look-ups and the zh rules open it); without it a run
        would fail at its first such query, after the model under test was loaded (bench/RESULTS.md section 196),
        so its absence is reported here, before any encoding."""
        lang = iso_code(language) or "en"
        if lang in self._checked:
            return
        if lang == "en":
            from .lex.nltkdata import find_nltk_data

            find_nltk_data(self.resource_paths)
        else:
            self.sources.require(lang)
        self._checked.add(lang)

    def _function_words(self, lang: str) -> frozenset[str]:
        sw = self._stop.get(lang)
        if sw is None:
            sw = self._stop[lang] = function_words(lang, self.resource_paths)
        return sw

    # ------------------------------------------------------------ analysis in context
    def _context(self):
        if self.context_fn is not None:
            return self.context_fn
        from .analysis.similarity import use_context

        self.context_fn = use_context()
        return self.context_fn

    #: longest lower-cased name looked up in WordNet (``_lowercase_names``)
    NAME_NGRAM = 4
    #: longest run of words looked up among the collection's title phrases (``title_phrases``)
    TITLE_NGRAM = 8

    _names_memo: dict[tuple[str, ...], frozenset[int]]
    _titles: frozenset[str]
    _titles_digest: str
    _case: CaseCounts | None
    #: the passages' work titles and acronym pairs (``attacks.lex.namecues``), with ``_case``
    _cues: NameCues | None
    #: ``_near_titles`` of ``_titles``, built on the first all-lower-case query that needs it
    _near: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]] | None
    #: ``lex.titlevariants.title_index`` of ``_titles``, built on the first all-lower-case query that needs it
    _variants: frozenset[tuple[str, ...]] | None
    #: the collection's whole main titles as plain phrases (``_whole_titles``), for ``lex.titlevariants``
    _whole: frozenset[str]
    #: the collection titles' named qualifiers, each with its titles' words (``qualifier_names``)
    _qualifiers: dict[str, frozenset[str]]

    def _init_collection_names(self) -> None:
        """The lock's state before any ``use_collection_names``: no titles, nothing memoised. Called by
        ``__init__`` and by a subclass that does not run it (``SenseSynonym``), so the state is set in
        this one place."""
        self._names_memo = {}
        self._titles = frozenset()
        self._titles_digest = ""
        self._case = None
        self._cues = None
        self._near = None
        self._variants = None
        self._whole = frozenset()
        self._qualifiers = {}
        self._work_runs: frozenset[str] = frozenset()

    def use_collection_names(self, names: Iterable[str], passages: Sequence[str] = ()) -> None:
        """Lock, in all-lower-case queries, the phrases the collection uses as titles
        (``title_phrases``) and the runs of words its ``passages`` write as names (``attacks.lex.casing``:
        "red lobster", "gossip girl"); choices made under other titles or passages are dropped (the
        on-disk cache is keyed by both digests)."""
        names = tuple(names)
        titles, digest, whole, qualifiers, work_runs = _title_state(names, self._function_words("en"),
                                                                    self.TITLE_NGRAM)
        case = corpus_case(passages, self._function_words("en")) if passages else None
        digest = f"{digest}+{case.digest}" if case is not None else digest
        if digest == self._titles_digest:
            return
        self._titles, self._titles_digest, self._case, self._near = titles, digest, case, None
        self._variants = None
        self._whole, self._qualifiers, self._work_runs = whole, qualifiers, work_runs
        self._cues = NameCues(case.texts, _WORK_NOUNS, case.function_words, case.digest) if case is not None else None
        self._texts.clear()
        self._by_lang.clear()
        self._names_memo.clear()
        self._disk, self._disk_loaded = {}, False

    def _near_titles(self) -> dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, ...]]:
        """``_near_titles`` of the collection's titles, built once per collection."""
        if self._near is None:
            self._near = _near_titles(self._titles)
        return self._near

    def _title_variant(self, run: Sequence[str]) -> bool:
        """``lex.titlevariants.variant_of_title`` over the collection's titles (the index built once per
        collection): "fear of the walking dead", "fantastic beast", "hungry jacks" (section 185)."""
        from .lex.titlevariants import title_index, variant_of_title

        wn = self.sources.wordnet().wn
        fw = self._function_words("en")

        def lemma(w: str) -> str:
            return wn.morphy(w, "n") or w

        if self._variants is None:
            self._variants = title_index(self._whole, fw, lemma)
        return variant_of_title(run, self._variants, fw, lemma)

    def _lowercase_names(self, a) -> frozenset[int]:
        """Words of an all-lower-case English query (BoolQ's questions) that spell a proper name
        WordNet lists with capitals: "medal of honor" (Medal_of_Honor), "commonwealth of nations",
        "articles of confederation" were switched word by word in the judged held-out successes
        (bench/validity/lexical/adv3-cs-boolq-heldout.jsonl), as "new york" -> "nuevo york" was.
        Likewise a run of words that is one of the collection's title phrases
        (``use_collection_names``): "pretty little liars", "brain on fire", "the apprentice" were
        switched word by word in the judged held-out successes (adv3-cs-boolq-fresh,
        adv3-cs-boolq-heldout), and WordNet does not know films and TV series. And a run of 1-4 words
        that the collection's passages write capitalised mid-sentence (``use_collection_names``'s
        ``passages``, ``attacks.lex.casing``): "red lobster", "the joker", "port of los angeles" were
        switched word by word in held-out v14/v15 (red -> rojo, joker -> bromista, port -> iskele).
        A cased query needs no lookup: its names keep their capitals (``_glued``)."""
        if any(ch.isupper() for ch in a.text):
            return frozenset()
        key = tuple(w.text for w in a.words)
        hit = self._names_memo.get(key)
        if hit is not None:
            return hit
        wn = self.sources.wordnet().wn
        low = [t.lower() for t in key]
        out: set[int] = set()
        for n in range(self.NAME_NGRAM, 1, -1):
            for k in range(len(low) - n + 1):
                seq = "_".join(low[k:k + n])
                if not all(x.isalpha() for x in low[k:k + n]):
                    continue
                if any(lem.name().lower() == seq and any(c.isupper() for c in lem.name())
                       for syn in wn.synsets(seq) for lem in syn.lemmas()) \
                        and not (n == 2 and low[k] in _ARTICLES_EN and _common_word(wn, low[k + 1])):
                    out.update(range(k, k + n))
        # spaCy splits "dog's" into "dog" "'s": compare word runs without punctuation tokens; a word of
        # several (the last resort's whole expression, "iced tea" in "long island iced tea") by its parts
        idx = [j for j, t in enumerate(low) for piece in t.split() if _plain(piece)]
        plain = [_plain(piece) for t in low for piece in t.split() if _plain(piece)]
        if self._case is not None:
            # a run the collection's passages write capitalised mid-sentence ("Red Lobster", "Gossip Girl",
            # "Infinity War"): a name the lower-case question does not mark (attacks.lex.casing)
            for k, e in self._case.name_runs(plain, self._function_words("en")):
                out.update(range(idx[k], idx[e - 1] + 1))
            # "bath and body works": the passages' "Bath & Body Works" is counted without its "&"
            for n in range(3, min(self.TITLE_NGRAM, len(plain)) + 1):
                for k in range(len(plain) - n + 1):
                    dropped = _and_spellings(plain[k:k + n])[1]
                    if dropped and self._case.is_name(" ".join(dropped)):
                        out.update(range(idx[k], idx[k + n - 1] + 1))
            # "the bold and beautiful": the passages' "The Bold and the Beautiful", the inner article the asker
            # dropped put back (lex.droppedarticle; section 288, branch jaen43)
            if self.DROPPED_ARTICLE_NAMES:
                for k, e in article_dropped_runs(plain, self._case.is_name, LONGEST):
                    out.update(range(idx[k], idx[e - 1] + 1))
            # "shark boy and lava girl": the passages' "Sharkboy and Lavagirl" (lex.namejoins, section 237)
            case_ = self._case
            for q in joined_compound_runs(plain, lambda w: case_.counts.get(w, (0, 0))[1] > 0,
                                          lambda w: bool(wn.synsets(w)),
                                          lambda ws: case_.name_runs(ws, self._function_words("en"))):
                out.add(idx[q])
        case = self._case
        if self._cues is not None and case is not None:  # (the cues are built with the case counts)
            # "on bones": the passages' "TV series Bones"; "swift code": their "SWIFT code" (attacks.lex.namecues)
            for p in _cued_names(plain, self._cues, self._function_words("en"),
                                 lambda w: case.is_name(w, min_occurrences=1, min_share=_NUMBERED_SHARE),
                                 (lambda w: passage_name_word(wn, w, *case.counts.get(w, (0, 0))))
                                 if self.PASSAGE_NAME_WORDS else None,
                                 self._common_phrase if self.COMMON_PHRASE_TITLES else (lambda run: False)):
                out.add(idx[p])
        if self._titles:
            # A run right after the indefinite article "a"/"an" (outside the run) is a common-noun phrase, not
            # the title, which is definite: "based on a true story" is not the film "True Story" (v15: 15 right
            # words lost); a title that starts with the article matches with it ("a star is born"). Unless the
            # run holds a possessive, which cannot take "a": the article is the following noun's ("is station
            # 19 a grey's anatomy spin off": anatomy -> anatomie, 解剖学 judged wrong in v15-main-only).
            for n in range(min(self.TITLE_NGRAM, len(plain)), 0, -1):
                for k in range(len(plain) - n + 1):
                    # (nor a run before a work noun: "a sirens series 2", the article is the series')
                    work = _before_work_noun(plain, k + n)
                    common = k > 0 and plain[k - 1] in _INDEFINITE and not work \
                        and not any(low[j].endswith(("'s", "\u2019s")) for j in range(idx[k], idx[k + n - 1] + 1))
                    if common:
                        continue
                    run = plain[k:k + n]
                    if " ".join(run) in self._titles \
                            or n > 2 and " ".join(_inner_article_dropped(run)) in self._titles \
                            or (work or self.ORDINAL_TITLE_PLURALS and n >= 2 and k > 0
                                and bool(self._ORDINAL.match(plain[k - 1]))) and _plural_of_title(run, self._titles) \
                            or _names_a_work(plain, k, k + n) \
                            and _number_variant_of_title(run, self._titles, self._function_words("en")) \
                            or " ".join(_and_spellings(run)[0]) in self._titles \
                            or _near_title(run, self._near_titles(), self._function_words("en"),
                                           lambda r, j, y: _spelling_of(wn, r, j, y)) \
                            or self.TITLE_VARIANTS and n >= 2 and self._title_variant(run) \
                            or self.CLIPPED_TITLES and n >= 2 and self._clipped_title(run):
                        out.update(range(idx[k], idx[k + n - 1] + 1))
        if self._qualifiers:
            # "does justin marry rebecca on brothers and sisters": the title "Justin Walker (Brothers & Sisters)"
            fw = self._function_words("en")
            for n in range(2, min(self.TITLE_NGRAM, len(plain)) + 1):
                for k in range(len(plain) - n + 1):
                    main = self._qualifiers.get(" ".join(plain[k:k + n]))
                    if main and any(w in main for q, w in enumerate(plain) if not k <= q < k + n and w not in fw):
                        out.update(range(idx[k], idx[k + n - 1] + 1))
        # "in coronation street": a street's name without its article
        for p in _street_names(plain, self._function_words("en"), lambda run: _common_expression(wn, run)):
            out.add(idx[p])
        # "is quick trip and kwik trip the same": a run coordinated with a name and sharing its last word
        # (not a run WordNet lists as a common lower-case expression: "supreme court and federal court")
        for p in _coordinated_name_runs(plain, {q for q, j in enumerate(idx) if j in out},
                                        lambda run: _common_expression(wn, run)):
            out.add(idx[p])
        if self._cues is not None and self.PASSAGE_NAME_WORDS and out:
            # "was i'll be there for you written for friends": the passages holding the locked title write
            # "Friends" (the series; held-out v30 judged amigo, ami, Freundeskreis ... wrong; lex.namebeside,
            # section 166)
            self._named_beside(plain, idx, out)
        hit = self._names_memo[key] = frozenset(out)
        return hit

    def _named_beside(self, plain: Sequence[str], idx: Sequence[int], out: set[int]) -> None:
        """Add to ``out`` (locked word indices) each content word of ``plain`` (a lower-case query's plain words;
        ``idx``: their word indices) that the passages holding one of the locked runs of two or more words that
        name a work (a collection title with a work qualifier, ``_work_title_runs``, or a run the passages write
        after a work noun, ``NameCues.titles``) write capitalised (``lex.namebeside.capitalised_beside_name``),
        and that WordNet lists in lower case (its base form: "friends" -> friend), so a dictionary gives the common
        word for the name; a word WordNet does not know ("sheldon") gets a transliteration, judged right (ar شيلدون,
        ru шелдон: section 166). Only a work's runs: beside "united states", "bill of rights", "speaker of the
        house" the passages capitalise offices and institutions ("Embassy", "Constitution", "President") whose
        dictionary words are right (section 166)."""
        from .lex.namebeside import capitalised_beside_name

        assert self._cues is not None
        runs: list[list[str]] = []
        for q, w in enumerate(plain):
            if idx[q] in out:
                if q > 0 and idx[q - 1] in out:
                    runs[-1].append(w)
                else:
                    runs.append([w])
        cues = self._cues
        runs = [r for r in runs if len(r) > 1
                and (" ".join(_without_article(r)) in self._work_runs or " ".join(r) in cues.titles)]
        if not runs:
            return
        fw = self._function_words("en")
        wn = self.sources.wordnet().wn
        for q, w in enumerate(plain):
            if idx[q] not in out and w not in fw and len(w) > 2 and w.isalpha() \
                    and _common_word(wn, wn.morphy(w) or w) and capitalised_beside_name(cues, w, runs):
                out.add(idx[q])

    #: lower-case queries: a work title the passages cue ("album Based on a True Story") but also write as a common
    #: lower-case phrase is locked only beside the passage's other words (``lex.phrasecase``; the lock of "based on
    #: a true story" depended on which BoolQ split was named: bench/RESULTS.md section 211)
    COMMON_PHRASE_TITLES = True

    def _common_phrase(self, run: str) -> bool:
        """``lex.phrasecase.common_phrase`` over the collection's passages (the name cues' passages)."""
        from .lex.phrasecase import common_phrase

        assert self._cues is not None
        return common_phrase(self._cues.texts, self._cues.digest, run)

    #: lower-case queries: also lock a run that is a collection title with its first word clipped ("man city": the title
    #: "Manchester City F.C."; ``lex.clippedtitles``, bench/RESULTS.md section 199)
    CLIPPED_TITLES = True
    #: lower-case queries: also lock a run that is a passages' name with its inner "the" dropped ("the bold and
    #: beautiful": "The Bold and the Beautiful"; ``lex.droppedarticle``, bench/RESULTS.md section 288; False: off)
    DROPPED_ARTICLE_NAMES = True
    #: lower-case queries: also lock a run of two words or more that is a collection title with its last word in the
    #: plural after an ordinal ("a 2nd infinity wars": the film "Avengers: Infinity War", held-out v42's reject 戦争;
    #: the ordinal counts instalments of a work as a work noun does, ``_plural_of_title``; section 288; False: off)
    ORDINAL_TITLE_PLURALS = True

    def _clipped_title(self, run: Sequence[str]) -> bool:
        """``lex.clippedtitles.clipped_title`` over the collection's title phrases (index built once per collection)."""
        from .lex.clippedtitles import clipped_index, clipped_title, wordnet_name

        if getattr(self, "_clipped_digest", None) != self._titles_digest:
            self._clipped, self._clipped_digest = clipped_index(self._titles), self._titles_digest
        wn = self.sources.wordnet().wn
        return bool(clipped_title(run, self._clipped, self._function_words("en"), lambda w: wordnet_name(wn, w)))

    #: lower-case queries: also lock a run that is a collection title but for a function word inserted or dropped,
    #: a noun's number or a possessive's apostrophe (``lex.titlevariants``, section 185)
    TITLE_VARIANTS = True
    #: compounds and in-sentence capitals are never switched (see ``_glued``); a subclass that
    #: keeps its own rules (the synonym recipe) turns this off
    GLUED_LOCKED = True
    #: en->L: nor a word the query also writes capitalised as part of a name
    NAME_WORDS_LOCKED = True
    #: lower-case queries: also lock a one-word name that the passages holding another word of the query write
    #: capitalised (``NameCues.capitalised_beside``, "the eagles" beside "vince gill"); measured on code-switching
    #: only (bench/RESULTS.md section 150), so the synonym recipe (``SenseSynonym``) turns it off
    PASSAGE_NAME_WORDS = True

    def _glued(self, a, i: int) -> bool:
        """Code-switching only (the synonym recipe keeps its own rules): True when word ``i`` is
        part of a hyphenated or apostrophised compound or name (Vietnamese tua-bin "turbine":
        ``tua`` alone is "spoil"; Huguenot-descended; Turkish Bulvarı'nda), when an English word of an
        all-lower-case query spells a name or title (``_lowercase_names``), or when an English
        word is capitalised inside the sentence (a name the tagger missed: Huguenots).
        ``codeswitch-precise`` keeps these rules but not the last (``NAME_WORDS_LOCKED``)."""
        if not self.GLUED_LOCKED:
            return False
        if in_compound(a, i):
            return True
        if a.language == "en" and i in self._lowercase_names(a):
            return True  # a name or title in an all-lower-case query (BoolQ): "the red road", "surgeon general"
        before = a.parts[2 * i]
        if a.language == "en" and i > 0 and a.words[i].text[:1].isupper():
            return not before.strip() or before.rstrip()[-1:] not in ".?!:;\"'“("
        if a.language == "en" and self.NAME_WORDS_LOCKED:
            # en->L: a word the query also writes capitalised inside the sentence is a name's word
            # there ("How many quadrangles does the Main Quadrangles have?": not Viereck)
            forms = {a.words[i].text.lower(), (a.words[i].lemma or a.words[i].text).lower()}
            return any(j > 0 and j != i and v.text[:1].isupper() and {v.text.lower(), (v.lemma or "").lower()} & forms
                       for j, v in enumerate(a.words))
        return False

    #: en->L, the random recipe: the words this far after a title noun or a naming verb of an all-lower-case query,
    #: and a clause after a preposition, are a title's (``lex.titlecues``; 0 turns it off; bench/RESULTS.md
    #: section 176). ``codeswitch-precise`` asks its own span in ``_glued``
    TITLE_CUE_SPAN = 4

    #: en->L (``_en2l_tiers``): a common noun after a name ("NASA faction", "pepsi product") is switched.
    #: ``codeswitch-precise`` keeps it locked: of the random recipe's switches it refused on BoolQ dev, 7 of
    #: 10 were right ("st andrews universidad" renders a name's word as a common noun; branch greedy13)
    NAME_COMPOUND_FREED = True

    def _en2l_tiers(self) -> bool:
        """en->L: whether this recipe has the random recipe's word rules (the compound-head lock relaxed in
        the second tier, the name-compound one where ``NAME_COMPOUND_FREED``: ``_ineligible``) and its
        second tier for a query with no switchable word (``_fallback_slots``, ``_last_slots``). The random
        ``codeswitch`` recipe and ``codeswitch-precise`` (``codeswitch-adv``, whose own filters then still
        apply to every single word); not the synonym subclass."""
        return self.name == "codeswitch"

    def _wn(self) -> Any | None:
        """nltk's WordNet reader, or None when its data is not installed; its callers then keep what they were given
        (WordNet refines a choice there, it never makes one). Not the only way this class asks for WordNet: the
        name locks (``_lowercase_names``, ``_title_variant``, the name beside a locked run), the OMW look-ups and
        the zh rules call ``self.sources.wordnet()`` and raise ``MissingResource`` without it, which is why
        ``check_language("en")`` asks for WordNet before any encoding (bench/RESULTS.md sections 196, 212)."""
        try:
            return self.sources.wordnet().wn
        except MissingResource:
            return None

    def _monosemous_verb(self, w) -> bool:
        """en->L: a verb WordNet knows in one sense only and in no other part of speech (flee ->
        huir, fuir, fliehen): no sense to confuse, unlike the judged serves -> conserver."""
        wn = self._wn()
        if wn is None:
            return False
        lemma = (w.lemma or w.text).lower()
        return len(wn.synsets(lemma, pos="v")) == 1 and not any(wn.synsets(lemma, pos=p) for p in "nar")

    @staticmethod
    def _do_support_mistags(a) -> frozenset[int]:
        """en->L: words tagged noun or adjective that are the question's main verb ("What did
        Stiglitz present", "did the Chinese dislike": spaCy tags present ADJ, dislike NOUN, and
        presente, aversión were judged wrong). After a do-support auxiliary (do, does, did) with
        no finite or base verb following it, every later noun or adjective is suspect; the
        caller leaves those that English also uses as verbs (``_verb_like``)."""
        out: set[int] = set()
        for k, v in enumerate(a.words):
            # (the parser calls "did" itself the verb when it missed the real one: VERB or AUX)
            if v.text.lower() in ("do", "does", "did") and v.pos in ("AUX", "VERB"):
                later = a.words[k + 1:]
                # a "verb" directly followed by a number is a name with its number ("Where did flight
                # 101 fly?": spaCy tags flight VB and the real verb fly a noun -> the insect, judged
                # v12 in fr, it, es, de, ar), so it is no verb here
                numbered = {j for j in range(len(later) - 1) if later[j + 1].tag == "CD"}
                if not any(x.tag in ("VB", "VBP", "VBZ", "VBD") and j not in numbered for j, x in enumerate(later)):
                    out.update(k + 1 + j for j, x in enumerate(later) if x.pos in ("NOUN", "ADJ"))
            # likewise an -ing word tagged noun right after a form of "be": a progressive verb
            # ("was planning on launching" -> Planung, pianificazione in the v5 development set)
            if v.text.lower() in _BE and k + 1 < len(a.words):
                nxt = a.words[k + 1]
                if nxt.pos == "NOUN" and nxt.text.lower().endswith("ing"):
                    out.add(k + 1)
        return frozenset(out)

    def _person_asked(self, a) -> frozenset[int]:
        """en->L: the noun a "who" question asks to be a person ("Who is the chair of the IPCC?",
        "Who was the receiver on ..."): the first noun after "who" and a form of "be". Its person
        sense is meant; when that is not the word's most frequent WordNet sense, the dictionaries
        translate the other one (judged v8: chair -> the furniture in 9 languages), so it is not
        switched. Words whose first sense is a person (president, patron) stay eligible."""
        ws = a.words
        if len(ws) < 3 or ws[0].text.lower() not in ("who", "whom") or ws[1].text.lower() not in _BE:
            return frozenset()
        noun = next((k for k in range(2, len(ws)) if ws[k].pos == "NOUN"), None)
        if noun is None or any(ws[k].pos in ("ADP", "VERB", "AUX") for k in range(2, noun)):
            return frozenset()
        wn = self._wn()
        if wn is None:
            return frozenset()
        syns = wn.synsets((ws[noun].lemma or ws[noun].text).lower(), pos="n")
        if syns and syns[0].lexname() != "noun.person" and any(s.lexname() == "noun.person" for s in syns):
            return frozenset({noun})
        return frozenset()

    def _verb_like(self, w) -> bool:
        """True when WordNet knows the English word ``w`` as a verb."""
        wn = self._wn()
        if wn is None:
            return False
        return bool(wn.synsets((w.lemma or w.text).lower(), pos="v") or wn.synsets(w.text.lower(), pos="v"))

    def _polysemy(self, w) -> int:
        """WordNet senses of an English word in its tagged part of speech (0 when unknown)."""
        wpos = WN_POS.get(w.pos)
        if wpos is None:
            return 0
        wn = self._wn()
        if wn is None:
            return 0
        return len(wn.synsets((w.lemma or w.text).lower(), pos=wpos))

    def _eligible(self, w, lang: str, stop: frozenset[str]) -> bool:
        return not self._ineligible(w, lang, stop)

    def _ineligible(self, w, lang: str, stop: frozenset[str], fallback: bool = False) -> str:
        """Why word ``w`` of a ``lang`` query is never switched (a short reason), "" when it may be.
        ``fallback``: the second pass of en->L code-switching (``_fallback_slots``), where the head
        of a compound is a word of its own when its sense is clear (``_clear_sense``)."""
        text = w.text
        en2l = lang == "en" and self._en2l_tiers()
        # en->L: a common noun after a name ("NASA faction") is its own word (see analysis.english),
        # unless English also uses it as a verb: "Sentanta Sports planning" is the verb mis-parsed
        # and, in the fallback pass, the head of a compound (a verb the parser took for a noun, "did the
        # Tran dynasty rule", is left by the do-support rule of ``_skip_reason``)
        locked = w.locked and not (en2l and (w.locked == NAME_COMPOUND and self.NAME_COMPOUND_FREED
                                             and not self._verb_like(w) or w.locked == COMPOUND_HEAD and fallback))
        if locked:
            return f"locked:{w.locked}"
        if w.locked == COMPOUND_HEAD and not self._clear_sense(w):
            return "compound-head-senses"
        if not w.content or not has_letter(text):
            return "function"
        if lower(text, lang) in stop and not (lang == "vi" and " " in text and w.pos in ("NOUN", "VERB", "ADJ")):
            # (Vietnamese: the stop lists hold content words too, vấn đề "problem", giá trị "value", sử dụng
            # "use": a word of several syllables that pyvi tags as a noun, verb or adjective here is one)
            return "stopword"
        if en2l:
            if w.pos not in self.SWITCHED_EN_POS and not (w.pos == "VERB" and self._monosemous_verb(w)):
                return f"pos:{w.pos}"
            if self._polysemy(w) > self.MAX_SENSES_EN:
                return "senses"
            if w.tag in self.GRADED_EN_TAGS:
                return "graded"
        if w.lemma in _QUANTITY:  # "how much", "how many", "how long": a question word
            return "question"
        if len(text) > 1 and text.isupper():  # an acronym (RP, BPP, NASA): a name
            return "acronym"
        if lang not in SEGMENTED and len(text) < self.min_length:
            return "short"
        if not in_script(text, lang):  # a Latin word in a Russian query, a name in Latin script...
            return "script"
        return "" if self.editable(text, lang) else "protected"

    def _skip_reason(self, a, i: int, lang: str, stop: frozenset[str], spans: set[tuple[int, int]] | None,
                     fallback: bool = False) -> str:
        """Why word ``i`` of analysis ``a`` is not offered for switching (a short reason such as
        ``locked:mwe``, ``senses``, ``glued``), "" when its candidates are looked up. One place for
        every eligibility rule: ``_compute`` and the coverage study (``bench/unperturbable.py``)."""
        w = a.words[i]
        if spans is not None and (w.start, w.end) not in spans:
            return "token"
        why = self._ineligible(w, lang, stop, fallback)
        if why:
            return why
        if self._glued(a, i):
            return "glued"
        if fallback and w.locked == COMPOUND_HEAD and in_lowercase_title(a, i, span=1, bare=False):
            return "title"  # "the movie insomnia": a name, not insomnia (second tier only)
        if self.TITLE_CUE_SPAN and lang == "en" and self.name == "codeswitch" and lowercase_title_word(
                a, i, self.TITLE_CUE_SPAN):
            return "title"  # "a book called walton's mountain", "lyrics to here comes the bride" (lex.titlecues)
        if lang == "en" and self.name.startswith("codeswitch"):
            mistags, persons, senses = self._query_rules(a)
            if i in mistags and self._verb_like(w):
                return "mistag"  # the main verb mis-tagged (did the Chinese dislike -> not aversión)
            if i in persons:
                return "person"  # "who is the chair": the person sense, not the word's usual one
            if i in senses:
                return "sense-lock"  # "season 7": a numbered instalment; "bumble bees": WordNet's bumblebee
        if i > 0 and (a.words[i - 1].text.lower(), w.text.lower()) in _QUESTION_PAIRS.get(lang, ()):
            return "question"  # the second word of a two-word question word (tr "ne zaman": when)
        if lang == "de":
            # German separable verbs: a query ending in the verb's particle ("ging ... eine Partnerschaft
            # ein", "decken ... ab") has its finite verb alone elsewhere, and that verb alone means
            # something else (ging -> walked, decken -> blankets): its lower-case words stay
            last = a.words[-1].text.lower()
            if last in _DE_PARTICLES and w.text[:1].islower() and (
                    last not in _DE_VERB_PARTICLES or i == len(a.words) - 1 or _de_verb_like(w.text)):
                return "split-verb"
            if w.text.lower() in _DE_EXISTENTIAL and any(v.text.lower() == "es" for v in a.words):
                return "existential"  # "es gab" is "there was", not "gave" (judged v4-de: "Es gave viele Mongolen")
        if lang == "vi" and i > 0 and w.text[:1].isupper():
            return "name"  # a capitalised Vietnamese word inside the sentence is a name (La Mã, Huynh đệ)
        if lang in _NAME_WORD_LANGUAGES and self._name_word(a, i, lang):
            return "name"  # es Hernán Cortés (not "Polite"), zh 格兰特·希尔 (not "hill"): ``lex.namewords``
        if lang == "zh":  # 旭烈兀汗 -> 汗 "sweat": a character split off a name or term (lex.zhnamepiece, section 277)
            from .lex.zhnamepiece import name_piece

            if name_piece(a.text, [(v.start, v.end) for v in a.words], i):
                return "name-piece"
        if lang == "hi":
            # a Hindi conjunct verb or term whose word's English is another sense (प्रवेश किया "entered", not
            # "admission"; यूरोपीय संघ, not "association"): ``lex.hiphrases``, section 219 of branch hi37
            from .lex.hiphrases import locked_word

            why = locked_word([v.text for v in a.words], i)
            if why:
                return why
        if lang == "tr":
            # a Turkish noun + verb idiom (farkına vardı "noticed", not "difference"; vücut buldu "took shape"):
            # ``lex.tridioms``, section 251 of branch tr39
            from .lex.tridioms import idiom_word

            why = idiom_word([v.text for v in a.words], i)
            if why:
                return why
            # a word of a fixed two-word expression (son derece "extremely", bilim adamları "scientists"):
            # ``lex.trfixed``, section 264 of branch tr41
            from .lex.trfixed import fixed_word as tr_fixed_word

            why = tr_fixed_word([v.text for v in a.words], i)
            if why:
                return why
        if lang in _FIXED_PHRASE_LANGUAGES:
            # ru "в качестве" (as, not "в quality"), ar "إلى جانب" (besides, not "side"), ru "простые числа"
            # (prime, not "simple"): ``lex.fixedphrases``, bench/RESULTS.md section 168
            from .lex.fixedphrases import fixed_word

            why = fixed_word([v.text for v in a.words], [v.lemma or v.text for v in a.words], i, lang)
            if why:
                return why
        return ""

    def _name_word(self, a, i: int, lang: str) -> bool:
        """L -> en: word ``i`` is part of a name the dictionaries read as a common word (``lex.namewords``:
        a capitalised es/tr word inside the sentence spelled as a WordNet name, a zh transliterated name)."""
        from .lex.namewords import name_word

        wn = self._wn()
        w = a.words[i]
        return name_word(a.text, w.start, w.end, lang, wn)

    def _query_rules(self, a) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """``(_do_support_mistags(a), _person_asked(a), _sense_locks(a))`` of an English analysis: rules
        of the whole query, which ``_skip_reason`` asks about every word of it; computed once per query
        (the last analysis is kept, so the calls for its words reuse them)."""
        last = self._rules_last
        if last is not None and last[0] is a:
            return last[1]
        rules = (self._do_support_mistags(a), self._person_asked(a),
                 self._sense_locks(a) if self.SENSE_LOCKED else frozenset())
        self._rules_last = (a, rules)
        return rules

    #: whether ``_sense_locks`` applies. Off in the random recipe: on its judged development words
    #: (v14, v15, v15b, v15-other; bench/RESULTS.md section 65) the numbered-series part refused 10 wrong
    #: switches of "season" (zh 季节, hi ऋतु) and 37 right ones (saison, Staffel, temporada, シーズン,
    #: сезон, sezonu, موسم, stagione; "iphone 5" -> アイフォン, "the show 100"), and the closed-compound
    #: part no wrong one and 10 right ("salt water" -> eau, 水: WordNet's saltwater): a translation of
    #: "season" names the series sense in most languages. ``codeswitch-adv`` (one language per word,
    #: chosen by the search) keeps both parts, as since section 57
    SENSE_LOCKED = False
    #: a numeral after a noun: "season 4", "type 2", "flight 101" (one/i are left out: "one of the",
    #: the pronoun I)
    _CARDINAL = re.compile(r"^(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                           r"ii|iii|iv|vi|vii|viii|ix)$")
    #: an ordinal before a noun that counts a series: "4th season", "fifth season" ("first" is left
    #: out: "the first chairman" is the earliest one, not a numbered instalment)
    _ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                          r"eleventh|twelfth)$")

    def _numbered(self, a, i: int) -> bool:
        """Word ``i`` of English analysis ``a`` labels a numbered member of a series: followed by a
        numeral ("season 4", "type 2") or after an ordinal ("a 5th season"). Used by ``_sense_locks``
        (``codeswitch-adv``: the word locked, save the instalment nouns: ``_numbered_locked``) and by
        ``_candidates`` (an instalment noun: only the candidates evidenced for the series sense:
        ``Sources.series_sense``, bench/RESULTS.md section 80)."""
        words = a.words
        if i + 1 < len(words) and not a.parts[2 * i + 2].strip() and self._CARDINAL.match(words[i + 1].text.lower()):
            return True
        return i > 0 and not a.parts[2 * i].strip() and bool(self._ORDINAL.match(words[i - 1].text.lower()))

    def _numbered_locked(self, w) -> bool:
        """Whether ``_sense_locks`` locks the numbered noun ``w`` ("type 2", "season 7"): every one here;
        ``codeswitch-precise`` frees the instalment nouns, whose candidates are the series-sense ones. The
        words of a closed compound are locked whatever this says ("pre seasons 2": preseason)."""
        return True

    def _sense_locks(self, a) -> frozenset[int]:
        """en->L, the code-switching recipes that set ``SENSE_LOCKED`` (``codeswitch-adv``): words of an
        English query whose sense the query itself makes non-dominant or part of a larger word, so
        that a translation of the word's dominant sense may change the question:

        * a noun that labels a **numbered member of a series**: followed by a numeral or after an
          ordinal ("is there a season 7 of the sopranos", "will there be a 5th season of the
          killing"). The series sense of such a noun (a TV season, a type of diabetes, an article
          of a constitution) is rarely its dominant one, and no dictionary-level check sees it
          (MUSE, FreeDict, trans-de-en and OMW all read 季节 and Jahreszeit back as "season"):
          judged wrong in ``codeswitch-adv``'s held-out successes (7, section 57) and in the random
          recipe's v14/v15 draws (zh 季节 x5, hi ऋतु x4 for "season 3", "season seven", ...), where
          most languages' word is right, so the random recipe does not lock it (``SENSE_LOCKED``);
        * the words of a **compound WordNet writes closed**, written open: "bumble bees"
          (bumblebee) -> "bumble 蜜蜂" (honeybee) (adv5-cs-boolq-heldout); as for the analysis
          layer's multiword expressions, a compound is never switched word by word.
        Hand-written patterns over the tagged words; WordNet decides what a closed compound is."""
        out: set[int] = {i for i, w in enumerate(a.words)
                         if w.pos == "NOUN" and self._numbered(a, i) and self._numbered_locked(w)}
        for i in self._closed_compounds(a):
            out.update((i, i + 1))
        return frozenset(out)

    def _closed_compounds(self, a) -> frozenset[int]:
        """Indices ``i`` of English analysis ``a`` where words ``i`` and ``i + 1``, written apart, are one
        noun that WordNet writes closed ("bumble bees": bumblebee, "turtle doves": turtledove, "salt
        water": saltwater); empty without WordNet. Hand-written pattern over the tagged words; WordNet
        decides what a closed compound is (``_sense_locks``)."""
        words = a.words
        low = [w.text.lower() for w in words]
        out: set[int] = set()
        wn = self._wn()
        if wn is None:
            return frozenset()
        joinable = ("NOUN", "ADJ", "PROPN", "VERB")
        for i in range(len(words) - 1):
            if not (low[i].isalpha() and low[i + 1].isalpha() and words[i].pos in joinable
                    and words[i + 1].pos in joinable and a.parts[2 * i + 2] == " "):
                continue
            if len(low[i + 1]) < 3:
                continue  # a piece the tokenizer split off is no word: "tax id" (spaCy: "i" "d") is no taxi
            head = (words[i + 1].lemma or words[i + 1].text).lower()
            for seq in {low[i] + head, low[i] + low[i + 1]}:
                if any(lem.name().lower() == seq for syn in wn.synsets(seq, pos="n") for lem in syn.lemmas()):
                    out.add(i)
        return frozenset(out)

    def _spans(self, a, text: str, lang: str) -> set[tuple[int, int]] | None:
        """The (start, end) of the words an analysed word must coincide with to be switched (None in
        segmented scripts). A word's Edit.position is its index among tokenize.words(text); outside
        segmented scripts only an analysed word that IS one of those words may be switched (spaCy splits
        "_version" into "_" and "version", the tokenizer does not: "version" alone is part of a word)."""
        if lang in SEGMENTED:
            return None
        tokens = words(text)
        spans = {(t.start, t.end) for t in tokens}
        if lang == "vi":
            # Vietnamese writes a space between the syllables of one word (pyvi joins them: "cải cách"
            # reform): such a word is switched whole, so it may span several tokens, whole ones only
            starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
            spans |= {(w.start, w.end) for w in a.words if w.start in starts and w.end in ends
                      and " " in w.text and all(ch.isalpha() or ch == " " for ch in w.text)}
        return spans

    def _compute(self, text: str, lang: str) -> Entry:
        if lang in _NFC_LANGUAGES and not unicodedata.is_normalized("NFC", text):
            # Vietnamese written with combining accents (20 of MLQA-R's 511 vi questions; section 286), Hindi with
            # the precomposed nukta letters (ड़ as U+095C; 26 XQuAD-R/MLQA-R hi questions; section 298): pyvi,
            # MUSE and the question words read NFC only, so the options are those of the NFC text, and its parts are
            # mapped back to this text's own characters (the output keeps its bytes outside the switched words)
            norm, starts, _ = nfc_map(text)
            parts, opts, eligible = self._compute(norm, lang)
            bounds = list(itertools.accumulate(len(p) for p in parts))
            cut = [0, *(starts[b] if b < len(norm) else len(text) for b in bounds[:-1]), len(text)]
            return tuple(text[cut[k]:cut[k + 1]] for k in range(len(parts))), opts, eligible
        a = analyse(text, lang)
        stop = self._function_words(lang) | _L2EN_UNSWITCHED.get(lang, frozenset())
        spans = self._spans(a, text, lang)
        if lang in _UNIT_LANGUAGES and "en" in self.targets(lang):
            a, spans = self._dictionary_units(a, lang, stop, spans)
        # (word index, target, candidates as put in the text), scored in ONE encoder call per query
        slots: list[tuple[int, str, list[str]]] = []
        for i in range(len(a.words)):
            if a.words[i].locked == UNIT:
                slots.extend(self._unit_slots(a, i, lang))
                continue
            if self._skip_reason(a, i, lang, stop, spans):
                continue
            slots.extend(self._slots(a, i, lang))
        chosen = self._choose(a, text, lang, slots)
        if not chosen and lang in _LAST_QUESTION and self.name == "codeswitch" and "en" in self.targets(lang):
            # L -> en, a query with no switchable word: its question word (hi कब -> when, tr kaç -> how many, ar
            # متى -> when, th อะไร -> what, zh 何时 -> when, vi khi nào -> when), as en -> L's second tier does
            # (``lex.hiquestion``, section 219; ``lex.trquestion``, 264; ``lex.{ar,th,zh,vi}question``, 275)
            a, spans, q = _question_slot(lang, a, spans)
            if q is not None and (spans is None or (a.words[q[0]].start, a.words[q[0]].end) in spans):
                chosen = self._choose(a, text, lang, [(q[0], "en", [q[1]])])
        if not chosen and lang == "en" and self._en2l_tiers():
            # en->L, a query with no switchable word: the second tier (``_fallback_slots``), where an
            # opening "How many" / "How much" is one word (one question word: es cuántos, de wie viele)
            a, spans = _quantity_question(a, spans)
            chosen = self._choose(a, text, lang, self._fallback_slots(a, stop, spans))
            if not chosen:
                # still none: the last resort (``_last_slots``), so that every query the tiers
                # above switch keeps its options (and their judged precision)
                merged, merged_spans = self._whole_expressions(a, spans)
                chosen = self._choose(merged, text, lang, self._last_slots(merged, merged_spans))
                if chosen:
                    a = merged
        opts = tuple(tuple(chosen.get(i, ())) for i in range(len(a.words)))
        eligible = tuple(i for i, o in enumerate(opts) if o)
        return a.parts, opts, eligible

    def _unit_english(self, lang: str) -> Callable[[str], tuple[str, ...]]:
        """L -> en: the English of a ``lang`` dictionary multiword unit's key (``lex.multiword.unit_english``:
        plain, common words WordNet or the English function-word list knows), memoised per key."""
        fn = self._unit_english_fns.get(lang)
        if fn is None:
            from .analysis.frequency import common
            from .candidates import ENGLISH_FLOOR
            from .lex.multiword import dictionary_units, unit_english

            units = dictionary_units(lang, trans_de_en=self.trans_de_en)
            wn = self._wn()
            function = self._function_words("en")

            def is_english(t: str) -> bool:
                # (as common as a word's candidate must be: ``candidates.ENGLISH_FLOOR``; FreeDict ara-eng's
                # "incapableness", "weller" for عدم القدرة, بشكل جيد are none)
                return t in function or (wn is not None and wn.morphy(t) is not None
                                         and common(t, "en", ENGLISH_FLOOR))

            fn = self._unit_english_fns[lang] = functools.lru_cache(maxsize=4096)(
                lambda key: unit_english(units, key, is_english))
        return fn

    def _dictionary_units(self, a, lang: str, stop: frozenset[str], spans: set[tuple[int, int]] | None
                          ) -> tuple[Any, set[tuple[int, int]] | None]:
        """L -> en: ``a`` with each dictionary multiword unit one word (``lex.multiword.merge_units``), so
        that it is switched whole ("vor Ort" -> "on site", not "vor locality") or not at all."""
        from .lex.multiword import merge_units

        return merge_units(a, lang, self._unit_english(lang),
                           lambda j: self._skip_reason(a, j, lang, stop, spans), spans)

    def _unit_slots(self, a, i: int, lang: str) -> list[tuple[int, str, list[str]]]:
        """L -> en: the slot of a merged dictionary unit (``_dictionary_units``): its English, in the
        dictionaries' order, cased like its first word; the context filter chooses as for a word."""
        w = a.words[i]
        cands = self._unit_english(lang)(w.lemma)
        if lang in unitplain.LANGUAGES:
            # German: a loose English idiom for the unit is dropped (lex.unitplain, section 240 of branch de39)
            known = set().union(*(unitplain.word_translations(t, self.sources) for t in w.text.split()))
            cands = unitplain.plain_unit_english(cands, known, self._function_words("en"),
                                                     unitplain.wordnet_synonyms(self._wn()))
        cands = cands[:self.max_candidates]
        return [(i, "en", [match_case(w.text, c, lang, i == 0) for c in cands])] if cands else []

    def _slots(self, a, i: int, lang: str) -> list[tuple[int, str, list[str]]]:
        """``(i, target, candidates as put in the text)`` of word ``i`` for every embedded language."""
        w = a.words[i]
        out = []
        for tgt in self.targets(lang):
            cands = self._candidates(w, lang, tgt, a, i)[:self.max_candidates]
            if cands:
                out.append((i, tgt, [self._fit(a, i, match_case(w.text, c, lang, i == 0), lang, tgt) for c in cands]))
        return out

    def _fallback_slots(self, a, stop: frozenset[str], spans: set[tuple[int, int]] | None
                        ) -> list[tuple[int, str, list[str]]]:
        """en->L, the second tier, for a query none of whose words passed the first (it would be
        unperturbable): the head of a noun compound whose sense is clear ("the deputy director" ->
        director, Direktor: ``analysis.english.COMPOUND_HEAD``) and the opening question word
        (``_QUESTION_WORDS``: "Who founded McKinsey & Company?" -> "Quién founded ...", "What flows
        between Bingen and Bonn?" -> "Was flows ..."). Only here, so
        the switches of every other query stay as they were (their judged precision stands)."""
        out: list[tuple[int, str, list[str]]] = []
        for i, w in enumerate(a.words):
            if w.locked == COMPOUND_HEAD and not self._skip_reason(a, i, "en", stop, spans, fallback=True):
                out.extend(self._slots(a, i, "en"))
        q = self._question_word(a, spans)
        if q is not None:
            for tgt in self.languages:
                rep = _QUESTION_WORDS.get(tgt, {}).get(a.words[q].text.lower())
                if rep:
                    out.append((q, tgt, [self._fit(a, q, match_case(a.words[q].text, rep, tgt, q == 0), "en", tgt)]))
        return out

    def _last_slots(self, a, spans: set[tuple[int, int]] | None) -> list[tuple[int, str, list[str]]]:
        """en->L, the second tier's last resort, for a query ``_fallback_slots`` left unswitched too:
        a WordNet multiword noun switched WHOLE by a translation of the whole expression
        (``_whole_expressions``: "What body of water ..." -> masa de agua, étendue d'eau), and the
        "what"/"which" that determines the noun of an opening question phrase (``_QUESTION_DETERMINERS``:
        "What school did Jolie attend?" -> "Qué school ...", "In what year" -> "In 什么 year"). Two different
        expressions that share a translation into a language are not switched into it (they are synonyms
        there, and a question comparing them would compare a thing with itself)."""
        out: list[tuple[int, str, list[str]]] = []
        whole = [(i, tgt, self._expression_candidates(w.lemma, tgt))
                 for i, w in enumerate(a.words) if w.locked == _WHOLE for tgt in self.languages]
        # two expressions of one query that share a translation are not switched into that language: "is
        # powdered milk the same as milk powder" (es leche en polvo for both), "is a timber wolf the same as a
        # gray wolf" (fr loup gris: one WordNet synset) would ask whether a thing is itself (BoolQ dev)
        lemmas: dict[tuple[str, str], set[str]] = {}
        for i, tgt, cands in whole:
            for c in cands:
                lemmas.setdefault((tgt, c), set()).add(a.words[i].lemma)
        for i, tgt, cands in whole:
            # (a whole expression inside a lower-case name stays: "long island iced tea" -> not "chá gelado")
            if any(len(lemmas[(tgt, c)]) > 1 for c in cands) or i in self._lowercase_names(a):
                continue
            if tgt in self.JA_SENSE_TARGETS:
                # "an nfl football team": not ja サッカーチーム, a soccer team (lex.soccerunit, section 278)
                cands = self._soccer_unit(a, a.words[i].lemma, cands, tgt)
            cands = cands[:self.max_candidates]
            if cands:
                out.append((i, tgt, [self._fit(a, i, c, "en", tgt) for c in cands]))
        q = self._question_determiner(a, spans)
        if q is not None:
            # the number of the noun it determines, the last of its phrase ("Which operating systems": plural)
            number = "NNS" if _determined_noun(a, q).tag in ("NNS", "NNPS") else "NN"
            for tgt in self.languages:
                rep = _QUESTION_DETERMINERS.get(tgt, {}).get((a.words[q].text.lower(), number))
                if rep:
                    out.append((q, tgt, [self._fit(a, q, match_case(a.words[q].text, rep, tgt, q == 0), "en", tgt)]))
        return out

    @staticmethod
    def _question_determiner(a, spans: set[tuple[int, int]] | None) -> int | None:
        """The index of the "what"/"which" that determines the noun of the question phrase opening an
        English question ("What school", "Which Super Bowl", "In what year", "During which decade",
        "What two factors"), else None. The word before it, if any, is the opening preposition."""
        k = 1 if a.words and a.words[0].tag == "IN" and a.words[0].pos == "ADP" else 0
        if len(a.words) < k + 2:
            return None
        w = a.words[k]
        # (spaCy tags it WDT or WP: "What school did Jolie attend?" has WP; the noun after it decides)
        if w.text.lower() not in ("what", "which") or w.tag not in ("WDT", "WP") \
                or (spans is not None and (w.start, w.end) not in spans) or a.parts[2 * k + 2] != " ":
            return None
        return k if _determined_noun(a, k) is not None else None

    def _whole_expressions(self, a, spans: set[tuple[int, int]] | None
                           ) -> tuple[Any, set[tuple[int, int]] | None]:
        """``a`` with each WordNet multiword noun of the query as ONE word (locked ``_WHOLE``, its
        WordNet lemma as lemma; its span added to ``spans``), so that it is switched whole or not at
        all (``_last_slots``). An expression qualifies when its words are written as WordNet's lemma
        ("body of water", lower case: no name, no plural re-inflection needed), the analysis locked each
        of them as part of an expression (``mwe``), they stand one space apart, and the lemma is a noun
        of ONE sense and no other part of speech (its translation then has one meaning to keep)."""
        wn = self._wn()
        if wn is None:
            return a, spans
        def whole(i: int, seq: Sequence[Word]) -> Word | None:
            if any(v.locked != "mwe" or not v.text.isalpha() or not v.text.islower() for v in seq) \
                    or (spans is not None and any((v.start, v.end) not in spans for v in seq)):
                return None
            lemma = "_".join(v.text for v in seq)
            senses = wn.synsets(lemma)
            if not senses:
                # "maid of honour": WordNet's American maid_of_honor (lex.spellvariant, section 258)
                from .lex.spellvariant import wordnet_spelling

                lemma = wordnet_spelling(wn, lemma) or lemma
                senses = wn.synsets(lemma)
            if len(senses) == 1 and senses[0].pos() == "n" and lemma in senses[0].lemma_names():
                return Word(a.text[seq[0].start:seq[-1].end], seq[0].start, seq[-1].end, "NOUN", "NN", lemma, _WHOLE)
            return None

        return merge_runs(a, _MWE_WORDS, whole, spans)

    def _expression_candidates(self, lemma: str, tgt: str) -> list[str]:
        """Translations into ``tgt`` of the WordNet multiword noun ``lemma`` (one sense:
        ``_whole_expressions``) as a whole, from OMW's lemmas of that sense, in OMW's order. Kept: a
        translation of the whole expression, never a word of it, so in a language written with spaces
        a lemma of several words ("masa de agua", not "agua"; "mécanique quantique"), in Chinese and
        Japanese one of two characters or more in the script; never a capitalised one (WOLF, OMW's
        French, lists names among them: world_cup -> "Blackburn_with_Darwen"); and only one that
        shares a word with a dictionary translation of one of the expression's words
        (``_expression_confirmed``: WOLF also gives liquid_oxygen -> "saumon fumé", smoked salmon)."""
        code = self.sources.omw(tgt)
        if code is None:
            return []
        # (``omw`` loaded the language's data, its warnings silenced: lemma lookups warn no more)
        names = self.sources.wordnet().wn.synsets(lemma)[0].lemma_names(lang=code)
        out = []
        for name in names:
            cand = name.replace("_", " ")
            if not cand or cand[:1] != cand[:1].lower():
                continue
            if tgt in SEGMENTED or tgt == "ja":
                if len(cand) < 2 or not in_script(cand, tgt):
                    continue
            elif " " not in cand or not all(has_letter(t) for t in cand.split()) \
                    or self._opens_with_function_word(cand, lemma, tgt):
                continue
            if cand.lower() == lemma.replace("_", " ").lower():
                # the English words themselves ("rock and roll" in fr es it pt): the query would be unchanged
                # yet counted as switched (v14, section 56.7)
                continue
            if tgt in self.PART_UNIT_TARGETS and self._one_word_rendering(cand, lemma, tgt):
                # ja line_of_latitude -> 緯度, only "latitude": content lost (lex.partunit, section 217)
                continue
            if cand not in out and self._expression_confirmed(cand, lemma, tgt):
                out.append(cand)
        return out

    #: en -> L targets where a multiword noun's candidate that is one of its words' own translations is
    #: dropped (``lex.partunit``; measured on ja only, bench/RESULTS.md section 217)
    PART_UNIT_TARGETS: frozenset[str] = frozenset({"ja"})

    #: en -> L targets of section 278's rules (lex.memberstate, lex.foodskin, lex.soccerunit; measured on ja only)
    JA_SENSE_TARGETS: frozenset[str] = frozenset({"ja"})

    def _ja_noun_sense(self, a, i: int, cands: tuple[str, ...], tgt: str) -> tuple[str, ...]:
        """en->ja candidates of noun ``i``: none for "member" of a world organization (``lex.memberstate``); for a
        food's skin, OMW's word of the food sense shared with the first sense (``lex.foodskin``); else unchanged."""
        wn = self._wn()
        if wn is None:
            return cands
        from .lex.foodskin import food_skin_sense, shared_names
        from .lex.memberstate import member_of_union

        if member_of_union(wn, [v.text.lower() for v in a.words], i):
            return ()
        lemma = (a.words[i].lemma or a.words[i].text).lower()
        nouns = [(v.lemma or v.text).lower() for k, v in enumerate(a.words) if k != i and v.pos in ("NOUN", "PROPN")]
        sense = food_skin_sense(wn, lemma, nouns)
        code = self.sources.omw(tgt)
        if sense is None or not code:
            return cands
        from .candidates import _omw_names

        shared = shared_names(wn, sense, lemma, lambda s: _omw_names(s, code, tgt))
        return tuple(shared[:1]) or self.sources.domain_candidates(cands, sense, lemma, tgt)

    def _soccer_unit(self, a, lemma: str, cands: list[str], tgt: str) -> list[str]:
        """``cands`` of the whole expression ``lemma`` less those that render its "football" as soccer, unless
        the query names soccer (``lex.soccerunit``)."""
        from .lex.soccerunit import FOOTBALL, names_soccer, soccer_rendering

        if FOOTBALL not in lemma.lower().split("_"):
            return cands
        soccer = self.sources.from_english("soccer", "soccer", "NOUN", tgt)
        if not any(soccer_rendering(c, lemma, soccer) for c in cands):
            return cands
        wn = self._wn()
        if wn is not None and names_soccer(wn, [v.text.lower() for v in a.words]):
            return cands
        return [c for c in cands if not soccer_rendering(c, lemma, soccer)]

    def _one_word_rendering(self, cand: str, lemma: str, tgt: str) -> bool:
        """True when ``cand``, a ``tgt`` translation of the WordNet multiword noun ``lemma``, is one of the
        ranked candidates of one of its words alone, as a noun, adjective or verb (``lex.partunit``)."""
        from .lex.partunit import one_word_rendering

        wn = self.sources.wordnet().wn

        def alone(word: str) -> list[str]:
            return [c for pos, wpos in (("NOUN", "n"), ("ADJ", "a"), ("VERB", "v"))
                    for c in self.sources.from_english(word, wn.morphy(word, wpos) or word, pos, tgt)]

        return one_word_rendering(cand, lemma, alone) is not None

    def _opens_with_function_word(self, cand: str, lemma: str, tgt: str) -> bool:
        """True when the translation ``cand`` of the English multiword ``lemma`` opens with a function
        word of ``tgt`` that translates none of the expression's words: a noun's translation starts
        with a content word (WOLF gives home_plate -> "à la maison", at home, a phrase that holds
        maison, BoolQ dev). The stopword lists hold content words too (NLTK's Spanish list has
        "sentido", a form of sentir), so a first word that translates one of the expression's words
        is content ("sentido del olfato" for sense_of_smell: sentido = sense)."""
        first = lower(re.split(r"[\s'’]", cand)[0], tgt)
        return first in self._function_words(tgt) and first not in self._word_translations(lemma, tgt)

    def _word_translations(self, lemma: str, tgt: str) -> frozenset[str]:
        """Lower-cased translations into ``tgt`` of the words of the English multiword ``lemma`` of three
        letters or more (MUSE, and OMW's lemmas of every sense of the word)."""
        key = (lemma, tgt)
        hit = self._expression_words.get(key)
        if hit is not None:
            return hit
        wn = self.sources.wordnet().wn
        code = self.sources.omw(tgt)
        muse = load_muse_dictionary(tgt, self.resource_paths)
        found: set[str] = set()
        for word in lemma.split("_"):
            if len(word) < 3:  # of, in
                continue
            found.update(muse.en_to.get(word, []) if muse is not None else [])
            if code is not None:
                found.update(n.replace("_", " ") for ss in wn.synsets(word) for n in ss.lemma_names(lang=code))
        hit = self._expression_words[key] = frozenset(f.lower() for f in found if f)
        return hit

    def _expression_confirmed(self, cand: str, lemma: str, tgt: str) -> bool:
        """True when the translation ``cand`` of the English multiword ``lemma`` holds a translation of
        one of its words (``_word_translations``): "masa de agua" holds agua (water), "国内生产总值"
        holds 国内 (domestic). A check that the whole translates the expression, not a choice among
        senses (the choice is OMW's one sense and the context filter)."""
        found = self._word_translations(lemma, tgt)
        if tgt in SEGMENTED:
            return any(f in cand for f in found)
        parts = set(re.split(r"[\s'’-]+", cand.lower()))
        return any(set(re.split(r"[\s'’-]+", f)) <= parts for f in found)

    @staticmethod
    def _question_word(a, spans: set[tuple[int, int]] | None) -> int | None:
        """The index of the question word that opens an English question (who, when, where, why;
        "how" and "what" before a verb: "How did", "What is", not "how many", "what year"), else None.
        A word of its own only ("What's" is one word for ``tokenize.words``: not switched)."""
        if not a.words or a.words[0].text.lower() not in _QUESTION_EN:
            return None
        w = a.words[0]
        from .lex.wordrole import subordinating_opener

        if subordinating_opener(a):
            return None  # "when you call rummy do you ...": the conjunction (lex.wordrole, section 220)
        if w.tag not in ("WP", "WRB") or (spans is not None and (w.start, w.end) not in spans) \
                or a.text[w.end:w.end + 1] in _JOINERS:
            return None
        if w.text.lower() in ("how", "what") and (len(a.words) < 2 or a.words[1].pos not in ("AUX", "VERB")):
            return None  # how many, how long: a quantity; what year, what kind: a determiner
        return 0

    def _clear_sense(self, w) -> bool:
        """en->L: the English noun ``w`` has one WordNet sense, or one that dominates its uses
        (``lex.synsense.dominant_sense``, the synonym recipes' test): the head of a compound is switched
        only then (director, temperature, data; not label, market, engine: no dominant sense)."""
        try:
            lex = self.sources.wordnet()
        except MissingResource:
            return False
        from .lex.synsense import dominant_sense

        lemma = (w.lemma or w.text).lower()
        return len(lex.wn.synsets(lemma, pos="n")) == 1 or dominant_sense(lex, lemma, "n") is not None

    def _choose(self, a, text: str, lang: str, slots: list[tuple[int, str, list[str]]]
                ) -> dict[int, list[tuple[str, str]]]:
        """The in-context choice for every slot (``_slots``): all candidates scored in ONE encoder call."""
        chosen: dict[int, list[tuple[str, str]]] = {}
        # pairs judged wrong repeatedly are dropped before choosing (lex.judgedveto, section 226)
        slots = drop_vetoed(slots, [w.text for w in a.words], lang, self._wn)
        if self.context == "none":
            for i, tgt, cased in slots:
                chosen.setdefault(i, []).append((tgt, cased[0]))
        elif slots:
            variants = [a.join({i: c}) for i, _, cased in slots for c in cased]
            t0 = time.perf_counter()
            sims = np.asarray(self._context()(text, variants), dtype=np.float64)
            self.context_seconds += time.perf_counter() - t0
            self.context_texts += len(variants)
            pos = 0
            for i, tgt, cased in slots:
                block = sims[pos:pos + len(cased)]
                pos += len(cased)
                # the best-ranked candidate (most sources agree, most frequent sense) unless the
                # context clearly prefers another: USE-m's cosines differ by a few thousandths
                # between senses, so the dictionaries' order is the better guide (recorded ->
                # déposer scored above enregistrer); the encoder vetoes, it does not choose
                top = float(np.max(block))
                margin = self._context_margin()
                best = next(k for k, v in enumerate(block) if v >= top - margin)
                floor = (self.floor if lang in USE_M_LANGUAGES and tgt in USE_M_LANGUAGES
                         else self.floor_uncovered)
                if tgt == "en" and lang not in USE_M_LANGUAGES:
                    # L -> en from a language USE-m was not trained on (hi, el, vi): its cosines between
                    # English senses are noise there (hi खेल "game" 0.86 vetoed for "play" 0.94, el
                    # παιχνίδι "game" for "toy"/"playing"; judged wrong in rev20-rev20a, bench/RESULTS.md
                    # section 112): the dictionaries' order decides, the encoder only applies its floor
                    best = next((k for k, v in enumerate(block) if v >= floor), best)
                if block[best] >= floor:
                    chosen.setdefault(i, []).append((tgt, cased[best]))
        return chosen

    def _context_margin(self) -> float:
        """How far below the best USE cosine a better-ranked candidate may score and still be
        chosen: ``CONTEXT_MARGIN`` for code-switching, 0 (argmax) for the synonym subclass."""
        return self.CONTEXT_MARGIN if self.name == "codeswitch" else 0.0

    def _candidates(self, w, lang: str, tgt: str, a=None, i: int = 0) -> tuple[str, ...]:
        """Ranked candidates for word ``w`` of a ``lang`` query into ``tgt`` (before the context filter)."""
        if lang == "en":
            role = self._word_role(a, i) if a is not None else ""
            if role:
                # the class the word plays where its tag says otherwise ("can a 20 year old drink": the verb;
                # "chief bridesmaid": the adjective; lex.wordrole, section 220): that class's candidates, or none
                return self.sources.from_english(w.text, w.text.lower() if role == "VERB" else (w.lemma or w.text),
                                                 role, tgt)
            if w.pos == "ADJ" and a is not None and self._electric_noun(a, i):
                # "is current always the same in a series circuit": the electric noun, not the adjective
                # "present" (es actual, judged wrong in v26-v39a; lex.electricsense, section 258); the noun's
                # candidates with evidence for the electric sense (ja 流れ "a flow" judged wrong: OMW's 電流)
                from .lex.electricsense import electric_noun_sense

                lemma = (w.lemma or w.text).lower()
                return self.sources.domain_candidates(self.sources.from_english(w.text, lemma, "NOUN", tgt),
                                                      electric_noun_sense(self._wn(), lemma), lemma, tgt)
            split = _BEARER_SPLIT.get((tgt, (w.lemma or w.text).lower())) if w.pos == "NOUN" else None
            if split is not None:
                # the form for the bearer this question names; none when the bearer is a name or unknown
                person = self._bearer_is_person(a, i) if a is not None else None
                if person is None:
                    return ()
                return (split[0] if person else split[1],)
            if tgt in _COUNTED_SINGULAR and w.pos == "NOUN" and w.text.lower() == "people" and a is not None \
                    and _counted(a, i):
                return self.sources.from_english("person", "person", "NOUN", tgt)
            if w.tag == "VBN" and a is not None and _attributive(a, i):
                # "an enrolled agent": the dictionaries give the verb's citation form (it iscrivere,
                # pt registrar) or a noun (ar سجل), never the participle: not switched (bench/RESULTS.md section 80)
                return ()
            if w.pos == "ADJ" and a is not None and tgt in _CONTEXT_SENSE_TARGETS | _PAST_CITATION_TARGETS \
                    and _perfect_participle(a, i, self._wn()):
                # "has wales ever qualified for the world cup": the tagger's adjective is the verb's
                # participle in a perfect; the adjective's translation is another word (ru
                # квалифицированный "skilled", judged wrong in v18 and v20): the verb's candidates
                verb = self._verb_lemma(w.text)
                return self.sources.from_english(w.text, verb, "VERB", tgt) if verb else ()
            cands = self.sources.from_english(w.text, w.lemma or w.text, w.pos, tgt)
            if cands and tgt == "ru" and w.pos == "ADJ" and a is not None and _predicative(a, i):
                # "is it legal to ...": a predicate takes a qualitative adjective; MUSE's relational ones
                # (правовая "of law", judged wrong 9 times in v15-v22) are not offered (bench/RESULTS.md
                # section 95); pymorphy3's Qual grammeme decides
                from .analysis.segment import russian_qualitative

                cands = tuple(c for c in cands if " " in c or russian_qualitative(c) is not False)
            if cands and w.pos == "NOUN" and a is not None and (w.lemma or w.text).lower() in _INSTALMENT_HEADS \
                    and (self._numbered(a, i) or _next_instalment(a, i) or (tgt == "zh" and _counted_season(a, i))):
                # "season 4", "a 5th season": only candidates evidenced for the series sense (RESULTS section 80);
                # "another season", "a new season": every target (zh 季节, de Jahreszeit judged wrong in v20, v25,
                # where the rule served it pt ru hi tr only: section 117)
                # other numbered nouns keep theirs ("oxygen 2", "the second invasion", "iphone 5": every
                # judged switch the rule removed from them was right)
                lemma = (w.lemma or w.text).lower()
                series = self.sources.series_sense(cands, lemma, tgt)
                # a candidate FreeDict notes for a TV series ("season" -> de Staffel, "of a TV serial") before
                # the loan the rule prefers (de Saison, the sports season: judged wrong 13 times in v25-v30;
                # lex.sensenotes, section 166); a noted loan first (ja シーズン, not 季節)
                from .lex.sensenotes import noted_candidates

                noted = noted_candidates(cands, lemma, tgt)
                cands = tuple(c for c in noted if c in series) or noted or series
            elif cands and w.pos == "NOUN" and a is not None and (w.lemma or w.text).lower() == "season" \
                    and _sports_season(self._wn(), a, i):
                # "has any baseball team had a perfect season": a team's or league's season is the sports season
                # (zh 季节, de Jahreszeit judged wrong in v38b; lex.sportseason, section 241): the evidenced series
                # sense, without the TV-serial note (de Staffel)
                cands = self.sources.series_sense(cands, "season", tgt)
            if cands and w.pos == "NOUN" and a is not None and tgt in ("zh", "ja") and i > 0:
                # "an older brother": not zh 弟弟, a younger brother (judged wrong in v9, v14, unp7, v26;
                # lex.kinship, section 126)
                from .lex.kinship import age_fitting

                cands = age_fitting(cands, a.words[i - 1].text)
            if cands and w.pos == "NOUN" and a is not None and tgt == "zh":
                # "his brother", "cousins": no zh word naming an age the question does not name (弟弟 judged wrong
                # 8 times); "type 2 error": no 类型 for a designation (lex.kinship, lex.designation; section 216)
                from .lex.designation import type_designation
                from .lex.kinship import sibling_words

                before = a.words[i - 1].text if i > 0 else ""
                lemma = (w.lemma or w.text).lower()
                cands = () if type_designation(a, i) else sibling_words(self.sources, cands, w.text, lemma, before)
            if len(cands) > 1 and w.pos == "NOUN" and a is not None and self.STATE_OFFICE:
                # "does the president have the power to pardon": not hi अध्यक्ष, the chair of a body (judged wrong
                # 11 times; lex.officesense, bench/RESULTS.md section 199)
                cands = self._state_office(a, i, cands, tgt)
            if cands and w.pos == "NOUN" and a is not None and tgt in self.JA_SENSE_TARGETS:
                # "a member of the un": no ja word for a member state; "the skin of a tamarillo": 皮, not 皮膚
                # (lex.memberstate, lex.foodskin; section 278)
                cands = self._ja_noun_sense(a, i, cands, tgt)
            if cands and w.pos == "NOUN" and a is not None:
                # "can a knight jump ... in chess": the sense WordNet files under a domain the query
                # names, or that a verb's first sense is filed under ("checkmate"), not the dictionaries' first
                # (bench/RESULTS.md section 82; every target since section 126);
                # "plants and animals": the sense a coordinated sister noun evidences (bench/RESULTS.md
                # section 95; every target)
                cands = self._domain_sense(a, i, cands, tgt)
            if cands and w.pos == "NOUN" and tgt == "zh" and self.sources.omw(tgt):
                # "is every winning team on the stanley cup": 队, not 团队 (a work team; judged wrong 9 times in
                # v26-v30): a game-sense noun's shared Chinese head (lex.zhhead, bench/RESULTS.md section 169)
                from .candidates import _jieba_flag
                from .lex.zhact import act_verb_last
                from .lex.zhhead import game_head

                cands = game_head(self.sources.wordnet().wn, (w.lemma or w.text).lower(), cands)
                # "common law marriage": 婚姻, not the verb 结婚 of the act sense (lex.zhact, same section)
                cands = act_verb_last(self.sources.wordnet().wn, (w.lemma or w.text).lower(), cands, _jieba_flag)
            return cands
        # (the part of speech is passed for Vietnamese only: its words have one form for noun, verb
        # and adjective, so the English candidate's part of speech must come from the tagger)
        cands = self.sources.to_english(w.text, lang, w.lemma, w.pos if lang == "vi" else "")
        clitic = ("", "")
        if not cands and lang in _CLITIC_LANGUAGES:
            # ar: a word no source lists with ل + the article on it: the noun's English, the clitics put back at the
            # end (للفضاء -> للـspace; ب / و + ال and the article alone below the bar: lex.arclitic, section 215)
            from .lex.arclitic import clitic_english, listed

            # (a rest that is a function word or a word never switched stays: الآخر, آخر "last", not "another")
            kept = self._function_words(lang) | _L2EN_UNSWITCHED.get(lang, frozenset())
            clitic, cands = clitic_english(
                w.text, lambda f: () if f.removeprefix("ال") in kept else self.sources.to_english(f, lang),
                lambda f: listed(self.sources, f))
        if cands and a is not None and i > 0 and (lang, w.text) in self.sources.noun_read:
            # ar: a homograph's noun reading (مركز center) not after a word that makes it a verb (الذي حكم "which
            # ruled", not referee: lex.arhomograph, section 222)
            from .lex.arhomograph import verb_slot

            cands = () if verb_slot(a.words[i - 1].text) else cands
        if not cands and not w.lemma:
            # an inflected form no source lists: its simplemma lemma's English in the form's tense and number
            # (es dirigió -> dirigir -> "directed"; lex.lemmaform, bench/RESULTS.md section 192)
            from .lex.lemmaform import lemma_english

            cands = lemma_english(self.sources.to_english, [v.text for v in a.words] if a is not None else [w.text],
                                  i if a is not None else 0, lang, self._wn())
        if cands and lang == "de" and w.text[:1].islower():
            # an inflected form takes its lemma's agreed sense (kam: came, not FreeDict's "happened";
            # lex.lemmasense, section 197); before the challengers, which it does not choose among
            cands = self._lemma_sense(w, lang, cands)
        if cands and lang in _CHALLENGER_LANGUAGES:
            # MUSE's other entries after the sources' choice, for the context filter to prefer when USE-m is
            # clear (de besuchte: visited, not attended; tr sayı: number, not score; lex.challenger, section 167)
            cands = self._challengers(w, lang, cands)
        if len(cands) > 1 and a is not None and lang in _NOUN_SENSE_LANGUAGES:
            cands = self._noun_sense(a, i, lang, cands)
        if cands and a is not None and lang in _WORD_CLASS_LANGUAGES:
            cands = self._word_class(a, i, lang, cands)
        if cands and a is not None and lang in _COLLOCATION_LANGUAGES:
            cands = self._collocation(a, i, lang, cands)
        if cands and a is not None and lang in ("de", "ru"):
            # a word used as an adverb takes an English adverb (de extrem weit: extremely, not extreme; ru
            # временно: temporarily), else it is not switched (lex.adverbuse, section 218)
            cands = self._adverb_use(a, i, lang, cands)
        if cands and a is not None and lang == "de":
            # a preposition (laut den Beweisen), a distance (weit ... entfernt) or a function word (mehr) is not
            # switched to the content word it is spelt like (lex.defunction, section 227)
            from .lex.defunction import function_use

            muse = load_muse_dictionary(lang, self.sources.resource_paths)
            cands = function_use(cands, [v.text for v in a.words], i, muse.to_en.get(lower(w.text, lang), [])
                                 if muse is not None else [], self._function_words("en"))
            # heißen / bestehen / Preis: the construction decides the sense (lex.framesense_de, branch de39)
            from .lex.framesense_de import construction_sense

            cands = construction_sense(cands, [v.text for v in a.words], i)
        if cands and lang == "zh" and a is not None:
            # jieba's plain verb whose best-ranked English word is no verb in WordNet (列 "listed" -> column,
            # 派 "sent" -> pie) is not switched: keeping only the verbs among the candidates instead surfaced
            # rare verb senses (组织 "organise" -> tissue, bench/RESULTS.md section 118)
            from .analysis.segment import chinese_verbs
            from .lex.zhaspect import aspect_verbs

            # likewise a word before an aspect particle (生产了 "produced" -> production, 制作过 -> production),
            # whatever jieba's flag, whose first candidate SemCor attests as a noun and never as a verb
            # (lex.zhaspect, bench/RESULTS.md section 158)
            span = (w.start, w.end)
            if span in chinese_verbs(a.text) and not self._english_verb(cands[0]):
                return ()
            if span in aspect_verbs(a.text) and self._noun_in_use(cands[0]):
                return ()
            # a word right after 的 heads a noun phrase: a verb-only English is no translation (之间的合作 ->
            # cooperation, not cooperate; lex.zhnounuse, section 277)
            from .lex.zhnounuse import noun_candidates

            cands = noun_candidates([(v.text, v.start, v.end) for v in a.words], i, cands, self._wn())
            if not cands:
                return ()
            # a person's name whose English is a name's spelling (布朗案 -> brown): lex.zhpersonname, section 277
            from .lex.zhpersonname import person_name

            if person_name(a.text, w.start, w.end, cands[0], self._wn()):
                return ()
        if cands and lang == "th" and a is not None:
            # a segment pythainlp tags as grammar (แก่ "to" -> old, มาจาก "from" -> come) or a stop-word adverb
            # right after a verb (มี ด้วยกัน "in all" -> together): not switched (lex.thaifunction, section 158)
            from .lex.thaifunction import grammatical

            if grammatical(tuple(v.text for v in a.words), i):
                return ()
            # a piece of a longer Thai National Corpus word the segmenter cut (อย่าง|น้อย "at least" -> less,
            # เปอร์|เซนต์ "percent" -> saint, ไอ|น้ำ "steam" -> water): not switched alone (lex.thaiphrase, section 167)
            from .lex.thaiphrase import phrase_pieces

            spans = tuple((v.start, v.end) for v in a.words)
            if i in phrase_pieces(spans, a.text):
                return ()
            # a piece of a negated stop word (ไม่|ใช่ "is not" -> yes) or a word nominalised by การ/ความ whose
            # English is an adjective (การรุกราน -> invasive): not switched (lex.thaiform, section 191)
            from .lex.thaiform import negated_pieces, nominalised_adjective

            if i in negated_pieces(spans, a.text) or nominalised_adjective(spans, a.text, i, cands[0], self._wn()):
                return ()
            # a later piece of a Thai WordNet compound whose English does not hold the piece's (อารยะ|ขัดขืน "civil
            # disobedience" -> resist, ภูมิคุ้มกัน|บกพร่อง -> defect): not switched (lex.thaicompound, section 225)
            from .lex.thaicompound import foreign_piece

            if foreign_piece(spans, a.text, i, cands[0], self._wn()):
                return ()
        if w.tag == "plur" and w.pos == "NOUN":  # Russian plural noun: English plural
            from .analysis.inflect import inflect

            # from the singular: a candidate that is plural already (schools, children) must not
            # become "schoolses", "childrens"
            cands = tuple(dict.fromkeys(inflect(self._singular(c), "NNS") if " " not in c else c for c in cands))
        if clitic != ("", ""):
            from .lex.arclitic import attach

            cands = tuple(attach(*clitic, c) for c in cands)
        return cands

    def _electric_noun(self, a, i: int) -> bool:
        """en->L: whether ADJ-tagged word ``i`` is its electric noun sense in a question naming electricity
        (``lex.electricsense``, section 258)."""
        wn = self._wn()
        if wn is None:
            return False
        from .lex.electricsense import electric_noun

        nouns = [(v.lemma or v.text).lower() for k, v in enumerate(a.words) if k != i and v.pos in ("NOUN", "PROPN")]
        return electric_noun(wn, (a.words[i].lemma or a.words[i].text).lower(), nouns)

    def _word_role(self, a, i: int) -> str:
        """en->L: the part of speech English word ``i`` plays where its tag says otherwise, "" where the tag
        stands (``lex.wordrole``, section 220)."""
        from .lex.wordrole import role

        wn = self._wn()
        if wn is None:
            return ""
        return role(a, i, lambda f: wn.morphy(f, "v") == f,
                    lambda f: bool(wn.synsets(f, pos="n")), self.sources._main_pos,
                    lambda f: wn.morphy(f, "a") == f)

    def _challengers(self, w, lang: str, cands: tuple[str, ...]) -> tuple[str, ...]:
        """L -> en (``lex.challenger``): ``cands`` followed by MUSE's next entries for word ``w`` (its form,
        else its lemma) that are common English words of the kind the word is (a capitalised German word: a
        noun; a lower-case one: not only a noun) and that another source translates back to the word."""
        from .analysis.frequency import common
        from .candidates import ENGLISH_FLOOR
        from .lex.challenger import challengers

        muse = load_muse_dictionary(lang, self.sources.resource_paths)
        wn = self._wn()
        if wn is None:
            return cands
        if muse is None:
            return cands
        low = lower(w.text, lang)
        entries = muse.to_en.get(low) or (muse.to_en.get(w.lemma, []) if w.lemma else [])
        en_stop = self._function_words("en")
        noun_only = lang == "de" and w.text[:1].isupper() and not w.text.isupper()
        no_noun = lang == "de" and w.text[:1].islower()

        def plain(e: str) -> bool:
            if " " in e or len(e) < 3 or e in en_stop or not e.isalpha() or not common(e, "en", ENGLISH_FLOOR):
                return False
            syns = wn.synsets(e)
            if not syns or (noun_only and not wn.synsets(e, pos="n")):
                return False
            return not (no_noun and all(x.pos() == "n" for x in syns))

        words = {low, lower(w.lemma, lang)} - {""} if w.lemma else {low}
        return challengers(cands, entries, plain,
                           lambda e: self.sources._back_confirms(e, lang, set(words), "muse"))

    def _adverb_use(self, a, i: int, lang: str, cands: tuple[str, ...]) -> tuple[str, ...]:
        """L -> en (``lex.adverbuse``, de/ru): English adverbs only for a word used as an adverb."""
        from .lex.adverbuse import adverb_use

        muse = load_muse_dictionary(lang, self.sources.resource_paths)
        w = a.words[i]
        entries = muse.to_en.get(lower(w.text, lang), []) if muse is not None else []
        return adverb_use(cands, [v.text for v in a.words], i, lang, w.pos, entries, self._wn(),
                          self._function_words(lang), a.words[i + 1].pos if i + 1 < len(a.words) else "")

    def _lemma_sense(self, w, lang: str, cands: tuple[str, ...]) -> tuple[str, ...]:
        """L -> en (``lex.lemmasense``, de): the entry of an inflected form whose base form is its lemma's sense
        (MUSE's first entry for the simplemma lemma, confirmed by FreeDict or trans-de-en) first."""
        from .analysis.frequency import common
        from .candidates import ENGLISH_FLOOR
        from .freedict import is_cross_reference, load_freedict
        from .lex.lemmasense import lemma_sense_first, lemma_senses
        from .lexicon import load_trans_de_en

        muse = load_muse_dictionary(lang, self.sources.resource_paths)
        wn = self._wn()
        if muse is None or wn is None:
            return cands
        try:
            import simplemma
        except ImportError:  # pragma: no cover - a pinned dependency
            return cands
        low = lower(w.text, lang)
        lemma = simplemma.lemmatize(w.text, lang=lang).lower()
        if not lemma or lemma == low:
            return cands

        def base(e: str) -> set[str]:
            key = e.replace(" ", "_")
            return {b for p in "vanr" for b in [wn.morphy(key, p)] if b} | {e}

        confirming: list[list[str]] = []
        fd = load_freedict(lang, "en")
        if fd is not None:
            confirming.append([t for t in fd.get(lemma, []) if not is_cross_reference(t) and not t.startswith("{")])
        if self.sources.trans_de_en.is_file():
            de_en, _ = load_trans_de_en(self.sources.trans_de_en, self.sources.cache_dir)
            hit = de_en.exact.get(lemma)
            confirming.append([hit] if hit else [])
        senses = lemma_senses(muse.to_en.get(lemma, []), confirming, base, self.sources.per_source)
        if senses & self._function_words("en"):
            return cands  # the lemma is a function verb (sein "be", haben "have"): no sense to choose
        # (the form's entry is not checked against the English stop list: NLTK's lists "won", for "won't")

        def plain(e: str) -> bool:
            if len(e) < 3 or not e.isalpha() or not common(e, "en", ENGLISH_FLOOR):
                return False
            syns = wn.synsets(e)
            return bool(syns) and not all(x.pos() == "n" for x in syns)

        return lemma_sense_first(cands, muse.to_en.get(low, []), senses, base, plain)

    def _noun_sense(self, a, i: int, lang: str, cands: tuple[str, ...]) -> tuple[str, ...]:
        """L -> en (``lex.nounsense``, hi): for a word before a postposition or a light verb, or after the
        genitive (unless its first candidate is mainly an adjective), the candidate SemCor attests most as a
        noun first (चुनाव: "election" before "choice"; निर्माण: "construction"
        before the verb "build")."""
        from .lex.nounsense import mainly_adjective, most_attested_noun_first, noun_position

        where = noun_position([v.text for v in a.words], i)
        if not where:
            return cands
        wn = self._wn()
        if wn is None:
            return cands
        if where == "genitive" and mainly_adjective(wn, cands[0]):
            return cands  # "विश्वविद्यालय के पूर्व छात्र": an adjective before the possessed noun
        return most_attested_noun_first(wn, cands)

    def _collocation(self, a, i: int, lang: str, cands: tuple[str, ...]) -> tuple[str, ...]:
        """L -> en: the candidates of word ``i`` that form a two-word English WordNet collocation with an
        adjacent word's English (``lex.collocation``: ru телесные наказания -> "corporal punishments", not
        "penalties"); its own candidates when none does."""
        from .lex.collocation import collocation_candidates

        wn = self._wn()
        if wn is None:
            return cands
        stop = self._function_words(lang)
        muse = load_muse_dictionary(lang, self.sources.resource_paths)
        w = a.words[i]
        forms = frozenset(x for x in (lower(w.text, lang), lower(w.lemma or "", lang)) if x)
        for j in (i + 1, i - 1):
            if not 0 <= j < len(a.words):
                continue
            n = a.words[j]
            gap = a.text[min(w.end, n.end):max(w.start, n.start)]
            if gap.strip(" -") or n.locked or not n.text.isalpha() or lower(n.text, lang) in stop:
                continue
            out = collocation_candidates(
                wn, cands, self.sources.to_english(n.text, lang, n.lemma),
                forms, lambda x: muse.en_to.get(x, []) if muse is not None else [], _plural)
            if out:
                logger.debug("%s %s: collocation with %s -> %s (was %s)", lang, w.text, n.text, out, cands)
                return out
        return cands

    def _word_class(self, a, i: int, lang: str, cands: tuple[str, ...]) -> tuple[str, ...]:
        """L -> en: the candidates of word ``i`` that are mainly of the part of speech its L context asks
        for in WordNet (``lex.wordclass``: es "los científicos para" a noun, not "scientific"; el "η ιατρική αναφορά" an
        adjective, not "medicine"); all of them when the context does not say. None left: not switched."""
        from .lex.wordclass import mainly, wanted_class

        want = wanted_class([lower(v.text, lang) for v in a.words], i, lang, self._function_words(lang))
        if not want:
            return cands
        wn = self._wn()
        if wn is None:
            return cands
        kept = tuple(c for c in cands if mainly(wn, c, want))
        if kept != cands:
            logger.debug("%s %r: its context asks for %s: %s of %s", lang, a.words[i].text, want, kept, cands)
        return kept

    #: en->L: a head-of-state noun with no organisation beside it loses the candidates that read back as its other
    #: offices ("the president": not hi अध्यक्ष, "chairman"; ``lex.officesense``, bench/RESULTS.md section 199)
    STATE_OFFICE = True

    def _state_office(self, a, i: int, cands: tuple[str, ...], tgt: str) -> tuple[str, ...]:
        """en->L: ``cands`` of noun ``i`` less those the dictionaries read back as a word of one of its WordNet
        senses that is not a head of state, when the noun has such a sense and stands bare (``lex.officesense``)."""
        wn = self._wn()
        if wn is None:
            return cands
        from .lex.officesense import bare_office, other_office_words, state_office_candidates

        others = other_office_words(wn, (a.words[i].lemma or a.words[i].text).lower())
        if not others or not bare_office([v.text.lower() for v in a.words], [v.pos for v in a.words], i):
            return cands
        return state_office_candidates(cands, self.sources._read_back(cands, tgt), others)

    def _domain_sense(self, a, i: int, cands: tuple[str, ...], tgt: str) -> tuple[str, ...]:
        """en->L: ``cands`` of noun ``i`` restricted to the WordNet sense another noun of the query
        names as its domain or a verb's or noun's first sense is filed under ("checkmate"), that a coordinated
        sister noun evidences, that is a part or member of another noun's first sense ("the letter k in
        the alphabet", ``part_sense``), that WordNet's usage example shows before the same preposition
        ("a cross between", ``lex.framesense``), or that
        shares a subject label with another noun ("a strike ... the catcher", ``lex.labelsense``) (every
        target) (``lex.domainsense``; ``Sources.domain_candidates``), unchanged when none does."""
        wn = self._wn()
        if wn is None:
            return cands
        from .lex.domainsense import domain_sense

        lemma = (a.words[i].lemma or a.words[i].text).lower()
        context = [(v.lemma or v.text).lower() for k, v in enumerate(a.words) if k != i and v.pos in ("NOUN", "PROPN")]
        # (every target: the rule was measured on it pt ru hi tr first, section 82; es fr de zh ja ar kept the
        # chess knight's rider until section 126 measured them too)
        filed = [((v.lemma or v.text).lower(), "n" if v.pos == "NOUN" else "v")
                 for k, v in enumerate(a.words) if k != i and v.pos in ("NOUN", "VERB")]
        syn = domain_sense(wn, lemma, context, filed)
        if syn is None:
            from .lex.domainsense import sister_sense

            syn = sister_sense(wn, lemma, _coordinated(a, i))
            if syn is None:
                # "the letter k in the italian alphabet": the sense that is a part or member of another noun's
                # first sense (lex.domainsense.part_sense; bench/RESULTS.md section 138);
                # served as the sister sense (OMW's lemmas of the sense, else the first sense's read-backs dropped)
                from .lex.domainsense import part_sense

                syn = part_sense(wn, lemma, context)
            if syn is None and self.sources.omw(tgt):
                # "can a knight jump over its own pieces": the sense that is a kind of another noun's sense
                # (man.n.10, "piece"); OMW's words of it less the first sense's (lex.kindsense, section 224)
                from .candidates import _omw_names
                from .lex.kindsense import kind_candidates, kind_sense

                kind = kind_sense(wn, lemma, context)
                if kind is not None:
                    first = _omw_names(wn.synsets(lemma, pos="n")[0], self.sources.omw(tgt) or "", tgt)
                    return kind_candidates(cands, first, _omw_names(kind, self.sources.omw(tgt) or "", tgt),
                                           lambda c: self.sources.domain_candidates(c, kind, lemma, tgt))
            if syn is None and i > 0 and a.words[i - 1].pos in ("NOUN", "PROPN"):
                # "maize meal": the sense a WordNet compound of the noun before it is a kind of (cornmeal ->
                # meal.n.03, the ground grain; held-out v30 judged pt refeição, hi भोजन, tr öğün wrong;
                # lex.compoundsense, bench/RESULTS.md section 160);
                # "supreme court justice" (the tagger's PROPN "court" too): else the one sense whose WordNet
                # definition names the noun before it (judge.n.01, "... before a court of justice";
                # lex.compoundsense.gloss_sense, section 179)
                from .lex.compoundsense import compound_sense, gloss_sense

                modifier = (a.words[i - 1].lemma or a.words[i - 1].text).lower()
                syn = compound_sense(wn, lemma, modifier) if a.words[i - 1].pos == "NOUN" else None
                syn = syn or gloss_sense(wn, lemma, modifier)
            if syn is None:
                framed = (_frame_sense(wn, a, i, lemma) or _phrase_sense(wn, a, i, lemma)
                          or _label_sense(wn, lemma, context))
                if framed is not None:
                    # (the dictionaries' read-back decides where OMW has no word for the sense: lex.framesense)
                    return self.sources.domain_candidates(cands, framed, lemma, tgt, read_back=True)
                # "has a goalie ever scored a goal in hockey": in a query about a game, a noun's game senses
                # (lex.gamesense; bench/RESULTS.md section 152): only candidates evidenced for one, else none
                from .lex.gamesense import game_senses, names_game

                games = game_senses(wn, lemma) if tgt not in _GAME_SENSE_EXCLUDED else []
                if games and names_game(wn, context, [w for w, pos in filed if pos == "v"],
                                        [v.text.lower() for v in a.words]):
                    return self.sources.game_candidates(cands, games, lemma, tgt)
            if syn is not None and not self.sources.omw(tgt):
                # no OMW for the language: only the candidates that read back as the first sense go
                # (ru завод "factory" for plants beside animals); dropping every candidate without
                # evidence for the sister sense removed right words (ru аллигатор, tr bitki; section 95)
                return self.sources.not_sense_candidates(cands, wn.synsets(lemma, pos="n")[0], lemma, tgt)
        return cands if syn is None else self.sources.domain_candidates(cands, syn, lemma, tgt)

    def _verb_lemma(self, word: str) -> str:
        """The WordNet verb base form of an English participle (qualified -> qualify), "" when none."""
        wn = self._wn()
        return "" if wn is None else wn.morphy(word.lower(), "v") or ""

    def _bearer_is_person(self, a, i: int) -> bool | None:
        """en->L: whether what English noun ``i`` belongs to is a person: the possessor before it
        ("his name", "its name"), else the first noun after "of"/"for" ("the name of the area": the
        area; "the name of Gandhi's doctrine": the doctrine). A person is a noun whose first WordNet
        sense is one (``Sources._names_person``) or a personal possessive; None when the bearer is a
        proper name (a person or a place?) or there is none to read."""
        ws = a.words
        if i > 0 and ws[i - 1].text.lower() in _PERSON_PRONOUNS:
            return True
        if i > 0 and ws[i - 1].text.lower() == "its":
            return False
        if i + 1 >= len(ws) or ws[i + 1].text.lower() not in ("of", "for"):
            return None
        k = i + 2
        while k < len(ws):
            v = ws[k]
            if v.pos == "PROPN":
                if k + 1 < len(ws) and ws[k + 1].text in ("'s", "’s", "'"):
                    k += 2  # a name's possession: "Gandhi's doctrine" -> the doctrine
                    continue
                return None
            if v.pos == "NOUN":
                try:
                    return self.sources._names_person((v.lemma or v.text).lower())
                except MissingResource:
                    return None
            if v.pos in ("VERB", "AUX", "ADP") or v.text.lower() in ("who", "which", "that"):
                return None
            k += 1
        return None

    def _english_verb(self, word: str) -> bool:
        """True when WordNet knows the English ``word`` (or a multiword's first word) as a verb; True
        without WordNet (no evidence against it)."""
        wn = self._wn()
        if wn is None:
            return True
        return bool(wn.synsets(word.replace(" ", "_"), pos="v") or wn.synsets(word.split()[0], pos="v"))

    def _noun_in_use(self, word: str) -> bool:
        """True when SemCor attests the English ``word`` as a noun and never as a verb ("production":
        ``lex.zhaspect.noun_in_use``); False without WordNet (no evidence)."""
        wn = self._wn()
        if wn is None:
            return False
        from .lex.zhaspect import noun_in_use

        return noun_in_use(wn, word)

    def _singular(self, noun: str) -> str:
        """The singular of an English noun (schools -> school, days -> day, businessmen -> businessman),
        itself when unknown. lemminflect's noun lemma first (the library that re-inflects it): WordNet's
        ``morphy`` returns a plural unchanged when WordNet also files that plural as a lemma of its own
        ("days" a period of history, "businessmen" the business community, "arms", "glasses"), and the
        plural then became "dayses", "businessmens" (judged wrong in rev20-rev20b-ru, bench/RESULTS.md
        section 113; the section 24 fix covered only plurals that are no WordNet lemma, such as "schools")."""
        from lemminflect import getLemma

        lemmas = getLemma(noun, upos="NOUN")
        if lemmas and lemmas[0]:
            return str(lemmas[0])
        wn = self._wn()
        return noun if wn is None else wn.morphy(noun, "n") or noun

    def _operation(self, tgt: str) -> str:
        return "codeswitch:" + tgt

    @staticmethod
    def _fit(a, i: int, rep: str, lang: str, tgt: str) -> str:
        """English words put into Chinese or Thai (written without spaces) get a space on
        each side that touches a letter, so they do not fuse with their neighbours."""
        if lang not in SEGMENTED or tgt in SEGMENTED:
            return rep
        before, after = a.parts[2 * i], a.parts[2 * i + 2]
        left = before[-1:] if before else (a.parts[2 * i - 1][-1:] if i > 0 else "")
        right = after[:1] if after else (a.parts[2 * i + 3][:1] if 2 * i + 3 < len(a.parts) else "")
        if left and not left.isspace():
            rep = " " + rep
        if right and not right.isspace():
            rep = rep + " "
        return rep

    def _analyse(self, text: str, lang: str) -> Entry:
        cache = self._texts.get(lang)
        if cache is None:
            cache = self._texts[lang] = {}
        hit = cache.get(text)
        if hit is None:
            hit = self._from_disk(text, lang)
            if hit is None:
                self.check_language(lang)
                hit = self._compute(text, lang)
            if len(cache) >= self._TEXT_CACHE:
                cache.clear()
            cache[text] = hit
        return hit

    # ------------------------------------------------------------ on-disk cache
    def _options_file(self) -> Path | None:
        """``cache_dir/codeswitch-options.<config hash>.json``."""
        if self.cache_dir is None:
            return None
        m = muse_dir(self.resource_paths)
        versions = {p: package_version(p) for p in ("stop-words", "stopwordsiso", "spacy", "jieba", "pythainlp",
                                                  "simplemma")}
        if not all(versions.values()):  # (as before the versions were read once per process: any missing, none)
            versions = {}
        config = {"format": self.OPTIONS_FORMAT, "languages": list(self.languages), "code": _code_digest(),
                  "floor_uncovered": self.floor_uncovered,
                  "min_length": self.min_length, "context": self.context, "floor": self.floor,
                  "max_candidates": self.max_candidates, "versions": versions,
                  "nltk": nltk_fingerprint(self.resource_paths),  # its files, not its path (section 196)
                  "muse": [str(m), *(stat_key(m / f"en-{lg}.txt") for lg in sorted(
                      set(self.languages) | {"ar", "de", "el", "es", "hi", "ru", "th", "tr", "vi", "zh"}))]
                  if m else None,
                  "lexicons": {k: [str(p), *stat_key(p)] for k, p in sorted(self.lexicon_files.items())},
                  "trans-de-en": [str(self.trans_de_en), *stat_key(self.trans_de_en)],
                  "titles": self._titles_digest, "vetoed": vetoed_digest()}
        digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode("utf-8")).hexdigest()[:16]
        return self.cache_dir / f"{self.name}-options.{digest}.json"

    @staticmethod
    def _checksum(lang: str, text: str, value) -> str:
        blob = json.dumps([lang, text, value], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def _load_disk(self) -> None:
        """Read the options file's bytes; its entries already checked in this process (``_CHECKED``) are
        served without parsing the file or hashing them again."""
        self._disk_loaded = True
        self._disk, self._disk_raw, self._disk_checked, self._disk_digest = {}, b"", {}, b""
        path = self._options_file()
        if path is None:
            return
        try:
            raw = path.read_bytes()
        except OSError:
            return  # absent or unreadable: recomputed and rewritten
        self._disk_raw = raw
        key = (str(path), hashlib.blake2b(raw, digest_size=16).digest())
        self._disk_digest = key[1]
        checked = _CHECKED.get(key)
        if checked is None:
            if len(_CHECKED) >= 8:  # a few option files per process (one per recipe and configuration)
                _CHECKED.pop(next(iter(_CHECKED)))
            checked = _CHECKED[key] = {}
        self._disk_checked = checked

    def _tables(self) -> dict[str, dict]:
        """The options file's tables (lang -> text -> row), parsed on first use; {} when unreadable."""
        raw, self._disk_raw = self._disk_raw, b""
        if raw:
            try:
                data = json.loads(raw.decode("utf-8"))
            except ValueError:  # (UnicodeDecodeError included)
                data = None
            if isinstance(data, dict):
                self._disk = {lang: table for lang, table in data.items() if isinstance(table, dict)}
            else:  # truncated or overwritten: every choice is made again and the file rewritten (section 181)
                logger.warning("codeswitch cache %s unreadable: its choices are made again", self._options_file())
        return self._disk

    def _from_disk(self, text: str, lang: str) -> Entry | None:
        if not self._disk_loaded:
            self._load_disk()
        checked = self._disk_checked.get((lang, text))
        if checked is not None:
            return checked
        entry = self._check_disk_row(text, lang)
        if entry is not None:
            self._disk_checked[(lang, text)] = entry
        return entry

    def _check_disk_row(self, text: str, lang: str) -> Entry | None:
        """The file's entry for ``text`` when its checksum holds and it unpacks; None otherwise."""
        row = self._tables().get(lang, {}).get(text)
        if not isinstance(row, dict):
            return None
        value: Any = row.get("v")  # checked by the checksum, then unpacked under try
        if row.get("h") != self._checksum(lang, text, value):
            logger.debug("codeswitch cache: damaged entry for %r recomputed", text)
            return None  # a flipped byte: never used
        try:
            parts, opts = value
            parts_t = tuple(str(p) for p in parts)
            opts_t = tuple(tuple((str(lhs), str(r)) for lhs, r in o) for o in opts)
        except (TypeError, ValueError):
            return None
        if "".join(parts_t) != text or len(opts_t) * 2 + 1 != len(parts_t):
            return None
        return parts_t, opts_t, tuple(i for i, o in enumerate(opts_t) if o)

    def _save_disk(self) -> None:
        """Write this process's choices into the options file, merged under an inter-process lock
        (``filelock``) with the entries the file holds now: two runs sharing a cache folder each kept
        only their own new entries before (the last writer's file won; bench/RESULTS.md section 181.8).
        Entries of the file are kept as they are (a damaged one is checked and recomputed on reading)."""
        path = self._options_file()
        if path is None:
            return
        data: dict[str, dict] = {lg: dict(t) for lg, t in self._tables().items()}
        ours: dict[str, dict] = {}
        for lang, cache in self._texts.items():
            table = ours.setdefault(lang, {})
            for text, (parts, opts, _) in cache.items():
                value = [list(parts), [[list(o) for o in op] for op in opts]]
                table[text] = {"v": value, "h": self._checksum(lang, text, value)}
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(path) + ".lock", timeout=120):
                for lang, table in _options_tables(path, getattr(self, "_disk_digest", b"")).items():
                    data.setdefault(lang, {}).update(table)
                for lang, table in ours.items():
                    data.setdefault(lang, {}).update(table)
                atomic_write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
        except (OSError, Timeout) as e:  # the cache is an optimisation only
            logger.info("codeswitch cache %s not written: %s", path, e)

    def prepare(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        """Check every query language first (a missing dictionary fails before any encoding),
        then choose the translations of every query once (from disk when cached)."""
        langs = [iso_code(lg) or "en" for lg in (languages if languages is not None else ["en"] * len(texts))]
        for lang in dict.fromkeys(langs):
            self.check_language(lang)
        computed = 0
        for text, lang in zip(texts, langs, strict=False):
            if text in self._texts.get(lang, {}):
                continue
            before = self.context_texts
            hit = self._from_disk(text, lang)
            if hit is None:
                hit = self._compute(text, lang)
                computed += 1
            self._texts.setdefault(lang, {})[text] = hit
            del before
        if computed:
            self._save_disk()

    # ------------------------------------------------------------ Perturbation API
    def options(self, text: str, language: str = "en") -> tuple[tuple[tuple[str, str], ...], ...]:
        """The in-context ``(embedded language, translation)`` choices of every word of ``text``."""
        return self._analyse(text, iso_code(language) or "en")[1]

    def _per_language(self, text: str, src: str, opts: tuple) -> dict[str, tuple[tuple, tuple[int, ...]]]:
        cache = self._by_lang.setdefault(src, {})
        hit = cache.get(text)
        if hit is None:
            hit = {}
            for lang in self.targets(src):
                o = tuple(tuple(x for x in op if x[0] == lang) for op in opts)
                el = tuple(i for i, op in enumerate(o) if op)
                if el:
                    hit[lang] = (o, el)
            if len(cache) >= self._TEXT_CACHE:
                cache.clear()
            cache[text] = hit
        return hit

    def eligible_count(self, text: str, language: str = "en") -> int:
        """Words with at least one in-context option: the base of the edit budget that random and
        greedy search share (``Perturbation.edit_budget``)."""
        return len(self._analyse(text, iso_code(language) or "en")[2])

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """Switch ``rate`` of the eligible words (seeded by ``rng``); unperturbable when none is.

        The draw is the synonym attacks' (``lex.wordedit.sample_options``); the edits are built
        here, not by ``MemoisedWordEdits._sample_edits``, because a switched word is already cased
        in context (no ``match_case``) and its ``Edit.position`` indexes ``tokenize.words``, not
        the analysed words (``_positions``)."""
        src = iso_code(language) or "en"
        parts_t, opts, eligible = self._analyse(text, src)
        if not eligible:
            return Perturbed(text, (), language, unperturbable=True)
        if self.choice == "per-query":
            per_lang = self._per_language(text, src, opts)
            lang = next(iter(per_lang)) if len(per_lang) == 1 else rng.choice(list(per_lang))
            opts, eligible = per_lang[lang]
        preferred = self._sure_words(text, src, parts_t) if self.draw == "confident-first" else None
        picked = sample_options(opts, eligible, rng, self.rate, self.max_edits, preferred)
        if not picked:
            return Perturbed(text, (), language)
        parts = list(parts_t)
        edits = []
        position = _positions(text, parts_t, src)
        for i, (tgt, rep) in picked:
            orig = parts_t[2 * i + 1]
            parts[2 * i + 1] = rep
            edits.append(Edit(position(i), orig, rep, self._operation(tgt)))
        out = "".join(parts)
        if src in SEGMENTED and "  " in out and "  " not in text:
            out = out.replace("  ", " ")  # two padded English words side by side
        return Perturbed(out, tuple(edits), language)

    def _sure_words(self, text: str, src: str, parts_t: tuple[str, ...]) -> frozenset[int] | None:
        """The ``confident-first`` draw's preferred words of an English query: the analysed words whose
        sense is clear (``lex.suresense.clear_sense``), memoised per text; None (the uniform draw) for
        another source language or when the options were built on merged words (the second tier's whole
        expressions), whose indices are not the analysis's."""
        if src != "en":
            return None
        cache = self._sure.get(text)
        if cache is None:
            a = analyse(text, src)
            if tuple(a.parts) != tuple(parts_t):
                cache = (None,)
            else:
                from .lex.suresense import clear_sense

                try:
                    lex = self.sources.wordnet()
                except MissingResource:
                    return None
                cache = (frozenset(i for i, w in enumerate(a.words) if clear_sense(lex, w.lemma or w.text, w.pos)),)
            if len(self._sure) >= self._TEXT_CACHE:
                self._sure.clear()
            self._sure[text] = cache
        return cache[0]

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """Every in-context (word, translation) choice, in word order then language order. A choice that
        rewrites several words at once (the second tier's whole expressions, "How many") is at its first
        word's position and covers its ``original``'s words (``attacks.base.edit_span``), as in ``perturb``."""
        parts_t, edits = self._choice_edits(text, language)
        out = []
        for i, e in edits:
            parts = list(parts_t)
            parts[2 * i + 1] = e.replacement
            out.append(new_perturbed("".join(parts), (e,), language))
        return out

    def word_edits(self, text: str, language: str = "en", rng: random.Random | None = None) -> list[Edit] | None:
        """``word_candidates``' edits (see ``Perturbation.word_edits``); None when a subclass builds its
        own ``word_candidates``."""
        if type(self).word_candidates is not CodeSwitch.word_candidates:
            return None
        # a multi-word choice ("the speed of light" -> "the 光速") is rebuilt over its span (``edit_span``), so a
        # query with both kinds keeps both in the greedy search (greedy14; greedy13 gave such choices position -1)
        return [e for _, e in self._choice_edits(text, language)[1]]

    def word_parts(self, text: str, language: str = "en") -> list[str]:
        """The split the word edits' positions index (``Perturbation.word_parts``): the tokenizer's,
        except for a segmented source (zh, th, ja), where a position is the analysed word's own index
        (``_positions``) and the tokenizer sees a whole run of characters as one word: the analysed
        parts then. Before section 149 a greedy search rebuilt a zh query's switches on the tokenizer's
        words (nothing switched) and a th query's on its first run (the question became "student ")."""
        src = iso_code(language) or "en"
        if src not in SEGMENTED:
            return super().word_parts(text, language)
        return list(self._analyse(text, src)[0])

    def _choice_edits(self, text: str, language: str) -> tuple[tuple[str, ...], list[tuple[int, Edit]]]:
        """The analysed parts of ``text`` and, per in-context choice, its analysed word's number and edit
        (at the analysed word's first word: one edit, however many words it rewrites, as ``perturb``
        records it and the edit budget counts it)."""
        src = iso_code(language) or "en"
        parts_t, opts, eligible = self._analyse(text, src)
        position = _positions(text, parts_t, src)
        edits: list[tuple[int, Edit]] = []
        for i in eligible:
            pos, orig = position(i), parts_t[2 * i + 1]
            edits.extend((i, new_edit(pos, orig, rep, self._operation(tgt))) for tgt, rep in opts[i])
        return parts_t, edits


def _quantity_question(a, spans: set[tuple[int, int]] | None) -> tuple[Any, set[tuple[int, int]] | None]:
    """``a`` (an English analysis) with an opening "How many" / "How much" as ONE word (and its span
    added to ``spans``), so that it is switched whole (``_QUESTION_WORDS``: es cuántos, fr combien de);
    ``a`` itself when the query opens otherwise. Word by word it cannot be: "many" alone is no question
    word, "How" alone asks something else (the judged "how many" -> kilometer of issue 10)."""
    if len(a.words) < 2 or a.words[0].text.lower() != "how" or a.words[1].text.lower() not in ("many", "much") \
            or a.parts[2] != " ":
        return a, spans
    first, second = a.words[0], a.words[1]
    merged = Word(a.text[first.start:second.end], first.start, second.end, "ADV", "WRB",
                  f"how {second.text.lower()}", "")
    return build(a.text, a.language, [merged, *a.words[2:]]), (spans or set()) | {(first.start, second.end)}


def _counted(a, i: int) -> bool:
    """English word ``i`` of analysis ``a`` comes right after a numeral ("three people", "2,000 people")
    or a count quantifier (``_COUNT_WORDS``: "how many people", "several people")."""
    if i == 0:
        return False
    prev = a.words[i - 1]
    return prev.pos == "NUM" or prev.text.lower() in _COUNT_WORDS


def _determined_noun(a, k: int) -> Any:
    """The noun that the determiner ``a.words[k]`` determines: the last noun of the run of nouns,
    adjectives and numbers right after it, or its first plural noun ("What two factors" -> factors, "Which
    operating systems" -> systems, "What body of water" -> body), None when no noun follows ("What is")."""
    head = None
    for j in range(k + 1, len(a.words)):
        v = a.words[j]
        if v.pos not in ("NOUN", "PROPN", "NUM", "ADJ") or a.parts[2 * j] != " ":
            break
        if v.pos in ("NOUN", "PROPN"):
            head = v
            if v.tag in ("NNS", "NNPS"):
                break  # a plural ends the phrase: English noun modifiers are singular (spaCy tags the verb
                # of "Which operating systems support Illustrator?" a noun)
    return head


def _positions(text: str, parts: Sequence[str], language: str) -> Any:
    """``i -> Edit.position`` of analysed word ``i`` (``parts[2 * i + 1]``): its index among
    ``tokenize.words(text)`` (a switched word is one of them: ``_compute``); in segmented scripts,
    where the tokenizer sees a whole run of characters as one word, the analysed word's own index."""
    if language in SEGMENTED:
        return lambda i: i
    index = {m.start(): k for k, m in enumerate(_WORD.finditer(text))}  # (``words``' starts, no Token objects)
    return lambda i: index[sum(map(len, parts[:2 * i + 1]))]


def _attributive(a, i: int) -> bool:
    """Word ``i`` of English analysis ``a`` stands right before a noun it modifies ("an enrolled
    agent"): the next word, one space away, is a noun. Hand-written over the tags (the analysis
    keeps no dependency labels)."""
    return i + 1 < len(a.words) and a.parts[2 * i + 2] == " " and a.words[i + 1].pos in ("NOUN", "PROPN")


def _next_instalment(a, i: int) -> bool:
    """"Season" (word ``i`` of English analysis ``a``) follows a word that asks for one more of a
    series ("another season of the ancient magus bride", "any more breaking bad seasons", "a new south
    park season"): the series sense without a number (judged hi ऋतु, the season of the year, 3 times
    in v18 and v20, where it stagione, pt temporada, ru сезон, tr sezonu were right). "Season" only:
    the other instalment nouns have no season of the year to confuse, and a title's word ("is metro
    last light a sequel") made a first version drop pt continuação (judged right). Every target language
    (sense20: the rule served it pt ru hi tr only, and zh 季节, de Jahreszeit stayed, judged wrong in v20 and
    v25). Hand-written over the words, as ``_numbered``."""
    w = a.words[i]
    return (w.lemma or w.text).lower() == "season" and any(v.text.lower() in _SERIES_QUANTIFIERS for v in a.words[:i])


def _counted_season(a, i: int) -> bool:
    """"only one season of band of brothers": a season counted before "of" is a TV season (zh 季节 judged wrong
    in v22, v25, v31; ``lex.countedseason``, bench/RESULTS.md section 194)."""
    from .lex.countedseason import counted_season

    return counted_season(a, i)


def _sports_season(wn: Any, a, i: int) -> bool:
    """"has any nba team had a perfect season": "season" in a question naming a sports team or league is the sports
    season (``lex.sportseason``, section 241); False without WordNet."""
    if wn is None or (a.words[i].lemma or a.words[i].text).lower() != "season":
        return False
    from .lex.sportseason import sports_season

    return sports_season(wn, a, i)


def _coordinated(a, i: int) -> list[str]:
    """The lemmas of the nouns joined to noun ``i`` of English analysis ``a`` by "and", "or" or "and/or" (one
    word to spaCy) right next to it ("plants and animals", "plant and animal cells"). Hand-written over the tags."""
    out = []
    for j, k in ((i + 1, i + 2), (i - 1, i - 2)):
        if min(j, k) >= 0 and max(j, k) < len(a.words) and a.words[j].text.lower() in ("and", "or", "and/or") \
                and a.words[k].pos == "NOUN":
            out.append((a.words[k].lemma or a.words[k].text).lower())
    return out


def _frame_sense(wn: Any, a, i: int, lemma: str) -> Any | None:
    """en->L: the WordNet sense of noun ``i`` that WordNet's usage example shows before the preposition
    that follows it in the query ("a cross between": hybrid.n.03; ``lex.framesense``), or None."""
    if i < 1 or i + 1 >= len(a.words) or a.words[i + 1].pos != "ADP":
        return None
    from .lex.framesense import frame_sense

    return frame_sense(wn, lemma, a.words[i + 1].text.lower(), a.words[i - 1].text.lower())


def _phrase_sense(wn: Any, a, i: int, lemma: str) -> Any | None:
    """en->L: the WordNet sense of noun ``i`` that WordNet's usage example shows right after the particle phrase
    before it in the query ("out of tune": tune.n.02, the pitch, not the melody; ``lex.phrasesense``, section 179),
    or None."""
    from .lex.phrasesense import PARTICLE_TAGS, phrase_sense

    if i < 2 or a.words[i - 1].pos != "ADP" or a.words[i - 2].pos not in PARTICLE_TAGS:
        return None
    return phrase_sense(wn, lemma, a.words[i - 2].text, a.words[i - 1].text)


def _label_sense(wn: Any, lemma: str, context: list[str]) -> Any | None:
    """en->L: the WordNet sense of a noun that shares a subject ("(baseball)") with the first sense of another
    noun of the query ("a strike ... the catcher": strike.n.05; ``lex.labelsense``), or None."""
    from .lex.labelsense import label_sense

    return label_sense(wn, lemma, context)


def _predicative(a, i: int) -> bool:
    """Adjective ``i`` of English analysis ``a`` is a predicate of "be" ("is it legal to", "is weed
    legal in oregon"): a form of "be" before it with a subject and no verb between, and no noun after
    it and the adjectives that follow it ("is surgical stainless steel ..." is attributive).
    Hand-written over the tags, as ``_perfect_participle``."""
    if "," in a.parts[2 * i + 2] and i + 1 < len(a.words) and a.words[i + 1].pos not in ("ADP", "CCONJ"):
        # an item of a list ("where are the Harvard medical, Dental and school of ...", section 95; "the newer,
        # more widely accepted theory"); a comma before a preposition or a conjunction opens an aside, the
        # adjective is the predicate still ("is it legal, in sweden, to own a gun", "is weed legal, or just ...")
        return False
    j = i + 1
    while j < len(a.words) and a.words[j].pos == "ADJ":
        j += 1
    if (j > i + 1 and j < len(a.words) and a.words[j].pos in ("NOUN", "PROPN")) or _attributive(a, i):
        return False
    for k in range(i - 1, -1, -1):
        v = a.words[k]
        if v.text.lower() in _BE_FORMS:
            return k < i - 1
        if v.pos in ("VERB", "AUX"):
            return False
    return False


def _perfect_participle(a, i: int, wn: Any = None) -> bool:
    """Word ``i`` of English analysis ``a`` is an -ed form after a perfect auxiliary with no verb
    between ("has wales ever qualified for", "have england always qualified"): a participle the
    tagger called an adjective. Not right before a noun (``_attributive``: "a qualified teacher").
    Hand-written over the tags, as ``_attributive`` (the analysis keeps no dependency labels). With WordNet
    (``wn``), a word tagged a verb that WordNet has as no verb is the tagger's error, not a verb between ("has
    england qualified": england VBN; lex.wordrole, section 220)."""
    w = a.words[i]
    if not w.text.lower().endswith("ed") or _attributive(a, i):
        return False
    from .lex.wordrole import mistagged_verb

    for k in range(i - 1, -1, -1):
        v = a.words[k]
        if v.text.lower() in _PERFECT_AUXILIARIES:
            return True
        if v.pos in ("VERB", "AUX") and not mistagged_verb(v, wn):
            return False
    return False


__all__ = ["CodeSwitch", "CHOICES", "function_words", "MissingResource", "NOUN_CAPITALISING"]


def _plural(noun: str) -> str:
    """``noun`` in the English plural (``analysis.inflect``)."""
    from .analysis.inflect import inflect

    return inflect(noun, "NNS")
