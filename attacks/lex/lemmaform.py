"""L -> en: the English of an inflected L word that no dictionary lists, found through its dictionary form.

What: for a word of an L query that ``Sources.to_english`` finds no English for, and to which the analysis gave no
lemma, ``lemma_english`` looks up the word's dictionary form (its lemma) instead and puts the English found back in
the word's form: Spanish nació -> nacer, dirigió -> dirigir -> "direct" -> **"directed"**; atacaron -> "attacked";
extienden -> "extend"; publicado -> "published"; ataques -> ataque -> "attacks".

Why: the dictionaries (MUSE, FreeDict, OMW) list lemmas and a few frequent forms; Spanish questions are short and
their verb is often a preterite no source lists, so the whole question stayed unswitched (issue 10; bench/RESULTS.md
sections 172 and 180: verb forms in 17 of 26 unswitched MLQA-R es questions). A wrong tense is a wrong translation
(the rubric), so the English is inflected to the form the word carries, read from a reliable suffix cue of the
(form, lemma) pair; where the form cannot be told (a first or second person, a subjunctive, a future, a conditional,
a reflexive "se" before the verb, which changes the voice) the word is **not** switched.

Library: the lemma is simplemma's (``simplemma.lemmatize``, lemma tables in the wheel, no model); the English form is
lemminflect's (``analysis.inflect.inflect``). Turkish and Russian lemmas come from the analysis already (zeyrek,
pymorphy3): the hook runs only where the analysis gave none. The suffix cues are hand-written (simplemma gives no
morphology), per language (``spanish_form``, ``arabic_form``, ``greek_form``); ``LANGUAGES`` holds the languages
whose cues were measured and adopted and ``_KINDS`` the kinds of form switched in each (bench/RESULTS.md sections 192
and 206: es; ar verbs only; el).
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: languages whose look-up runs (bench/RESULTS.md section 192: es; section 206: ar verbs, el, ``_KINDS``; section 233:
#: tr, its lemma and form from zeyrek through ``lex.trlemma``)
LANGUAGES: frozenset[str] = frozenset({"es", "ar", "el", "tr"})

#: Spanish auxiliary and light verbs, whose English depends on the construction, not the lemma (podía "could", not
#: "powered"; tenía 38 años "was 38"; hizo, fue, había, estaba, iba, solía, debía)
_AUXILIARIES = frozenset({"ser", "estar", "haber", "poder", "deber", "soler", "ir", "tener", "hacer"})
#: a verb followed by one of these and an infinitive is a periphrasis whose meaning is not the verb's (volvieron a
#: construir "rebuilt", dejado de practicarse "stopped", tratan de separar "try to")
_PERIPHRASIS = frozenset({"a", "de"})

_VERB = "v"
_NOUN_OR_ADJ = "na"
_ADJ = "a"


@functools.lru_cache(maxsize=100_000)
def lemma_of(word: str, lang: str) -> str:
    """simplemma's dictionary form of the lower-cased ``word`` of ``lang`` ("" where it gives the word back)."""
    import simplemma

    low = word.lower()
    lemma = simplemma.lemmatize(low, lang=lang).lower()
    return "" if lemma == low else lemma


def _plain(s: str) -> str:
    """``s`` without accents (nación / naciones: the accent moves in the plural)."""
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def spanish_form(word: str, lemma: str) -> tuple[str, str] | None:
    """The (kind, Penn tag) a Spanish ``word`` carries over its simplemma ``lemma``, from a suffix cue; None where
    the form cannot be told.

    Verbs (a lemma in -ar, -er, -ir): third-person preterite -ó / -aron / -ieron and imperfect -aba(n) / -ía(n)
    (not the conditional, infinitive + -ía) -> VBD; participle -ado / -ido (-a, -os, -as) -> VBN; gerund -ando /
    -iendo -> VBG; third-person present -> VBZ (singular) or VBP (plural). Nouns and adjectives: the lemma plus -s /
    -es -> NNS; anything else (gender, first or second person, subjunctive, future) -> None."""
    w, lem = word.lower(), lemma.lower()
    if len(lem) > 2 and lem[-2:] in ("ar", "er", "ir"):
        stem, theme = lem[:-2], lem[-2]
        if lem in _AUXILIARIES:
            return None
        if w.endswith(("ó", "aron", "ieron", "yeron")):
            return _VERB, "VBD"  # (atacaron: the infinitive + "on")
        if w.startswith(lem) and w[len(lem):] not in ("es",):
            return None  # the future, the conditional (duraría, abandonarían), an infinitive with a clitic (resolverse)
        if w.endswith(("aba", "aban")) and theme == "a":
            return _VERB, "VBD"
        if w.endswith(("ía", "ían")) and theme in "ei" and not w.startswith(lem):
            return _VERB, "VBD"  # (comía "ate"; comería, infinitive + ía, is the conditional)
        if w.endswith(("ado", "ada", "ados", "adas")) and theme == "a" or \
                w.endswith(("ido", "ida", "idos", "idas")) and theme in "ei":
            return _VERB, "VBN"
        if w.endswith("ando") and theme == "a" or w.endswith(("iendo", "yendo")) and theme in "ei":
            return _VERB, "VBG"
        # the present: the stem (a diphthong ie / ue may add a letter: cuenta, extienden) and the ending alone,
        # not a past subjunctive (ganara, tuviera)
        if theme == "a" and w.endswith("a") or theme in "ei" and w.endswith("e"):
            return (_VERB, "VBZ") if _plain(w[:1]) == _plain(stem[:1]) and len(w) <= len(stem) + 2 else None
        if theme == "a" and w.endswith("an") or theme in "ei" and w.endswith("en"):
            return (_VERB, "VBP") if _plain(w[:1]) == _plain(stem[:1]) and len(w) <= len(stem) + 3 else None
        if not (_plain(w).startswith(_plain(lem)) and _plain(w)[len(lem):] in ("s", "es")):
            return None  # (a noun in -er/-ir: mujer / mujeres, below)
    if _plain(w) in (_plain(lem) + "s", _plain(lem) + "es"):
        return _NOUN_OR_ADJ, "NNS"
    return None


#: Arabic form cues (letters written as escapes: the article, the feminine ending, the present prefixes)
_AR_ARTICLE = "\u0627\u0644"  # ال
_AR_TA_MARBUTA = "\u0629"  # ة
_AR_PRESENT = ("\u064a", "\u062a")  # ي ت: third-person present (he / she, it)
#: Arabic verbs whose English depends on the construction: يوجد "there is" (not "finds"), كان "was", تم (a passive's
#: auxiliary), أصبح / صار "became", ليس "is not"
_AR_AUXILIARIES = frozenset({"\u0648\u062c\u062f", "\u0643\u0627\u0646", "\u062a\u0645",
                             "\u0627\u0635\u0628\u062d", "\u0635\u0627\u0631", "\u0644\u064a\u0633"})

#: Arabic verbs whose present and past, unvowelled, are read as passives in questions (تُعرف به "is known by",
#: عُرفت بجرائمها "was known for its crimes", يُسمى "is called"): the active English would reverse the voice
_AR_PASSIVE_READ = frozenset({"\u0639\u0631\u0641", "\u0633\u0645\u0649"})
#: a preposition straight after a verb: no object, so an intransitive or, unvowelled, a passive (الذي يُستخدم في
#: "which is used in"), which the active English form would misread
_AR_PREPOSITIONS = frozenset({"\u0641\u064a", "\u0639\u0644\u0649", "\u0645\u0646", "\u0627\u0644\u0649",
                              "\u0639\u0646", "\u0644\u062f\u0649"})


def arabic_form(word: str, lemma: str) -> tuple[str, str] | None:
    """The (kind, Penn tag) an Arabic ``word`` carries over its simplemma ``lemma``; None where the form cannot be
    told or a single English word cannot carry it.

    Cues (alifs compared bare, as ``candidates._ar_alif``): the definite article ال alone before the lemma -> the
    English word as it is (المباراة -> match: English needs no article to keep the need); the article or nothing,
    then the lemma + ة -> an adjective's feminine (الوطنية -> وطني): an English adjective, unchanged; the lemma + ون,
    or + ات (a lemma in ة dropping it) -> a sound plural (NNS); the lemma + ت -> the third-person feminine past (قالت
    -> said, VBD); ي or ت before the lemma (a first alif dropped: تستخدم / استخدم) -> the third-person present
    (VBZ). Not told, so not switched: a prefixed preposition or conjunction (و ف ب ل ك: للإصلاح "for reform", which
    one English word cannot carry), an attached pronoun (تطويرها "its development"), -ين (a plural or a dual:
    مجلدين "two volumes"), broken plurals and every other pattern simplemma's lemma leaves unexplained."""
    from ..candidates import _ar_alif

    w, lem = _ar_alif(word), _ar_alif(lemma)
    article = w.startswith(_AR_ARTICLE) and len(w) - 2 >= 2
    core = w[2:] if article else w
    if article and core == lem:  # (a nisba in ي is an adjective: الاقتصادي "economic", not "economist")
        return (_ADJ, "JJ") if lem.endswith("\u064a") else (_NOUN_OR_ADJ, "NN")
    if core == lem + _AR_TA_MARBUTA:
        return _ADJ, "JJ"
    stem = lem[:-1] if lem.endswith(_AR_TA_MARBUTA) else lem
    if core in (lem + "\u0648\u0646", stem + "\u0627\u062a"):  # ون, ات
        return _NOUN_OR_ADJ, "NNS"
    if article or lem in _AR_AUXILIARIES or lem in _AR_PASSIVE_READ:
        return None
    if w == lem + "\u062a":  # ت
        return _VERB, "VBD"
    if w[:1] in _AR_PRESENT and (w[1:] == lem or lem.startswith("\u0627") and w[1:] == lem[1:]):
        return _VERB, "VBZ"
    return None


#: Greek verbs whose English depends on the construction (έκανε "did / made / took (years)", έχει "has / there
#: is", πήρε "took / got / received", γίνομαι "become / happen / take place", μένω "live / stay / remain": έμεναν
#: δευτερόλεπτα "seconds remained", judged "lived" in section 206)
_EL_AUXILIARIES = frozenset({"κανω", "εχω", "ειμαι", "παιρνω", "γινομαι", "μενω"})
#: a verb after these is a subjunctive, a future, a conditional or a perfect (να κερδίζει, θα κλείσει, έχει
#: περιγραφεί "has been described"): not told
_EL_MOOD_PARTICLES = frozenset({"να", "θα", "ας", "εχει", "εχουν", "ειχε", "ειχαν"})
#: a noun after these is an idiom's, not the noun's own sense (πόσο καιρό "how long", not "how much weather";
#: πόσο χρονών "how old")
_EL_HOW_MUCH = frozenset({"ποσο", "ποσον"})
#: Greek articles by number (a noun's number where its ending is shared: του δάσους "of the forest", gen. sg.;
#: τους τρόπους "the ways", acc. pl.)
_EL_SINGULAR_ARTICLES = frozenset({"ο", "η", "το", "του", "της", "τον", "την", "τη"})
_EL_PLURAL_ARTICLES = frozenset({"οι", "τα", "τους", "τις", "των"})
#: (lemma ending, form ending, Penn tag): a noun's or adjective's case and number endings over its lemma's
_EL_NOUN_ENDINGS: tuple[tuple[str, str, str], ...] = (
    ("ος", "ου", "NN"), ("ος", "ο", "NN"), ("ος", "οι", "NNS"), ("ος", "ων", "NNS"), ("ος", "η", "NNS"),
    ("ος", "ους", "?"), ("ας", "α", "NN"), ("ας", "ες", "NNS"), ("ας", "ων", "NNS"), ("ης", "η", "NN"),
    ("ης", "ες", "NNS"), ("ης", "ων", "NNS"), ("α", "ας", "NN"), ("α", "ες", "NNS"), ("α", "ων", "NNS"),
    ("η", "ης", "NN"), ("η", "ες", "NNS"), ("η", "ων", "NNS"), ("ο", "ου", "NN"), ("ο", "α", "NNS"),
    ("ο", "ων", "NNS"), ("ι", "ιου", "NN"), ("ι", "ια", "NNS"), ("ι", "ιων", "NNS"), ("μα", "ματος", "NN"),
    ("μα", "ματα", "NNS"), ("μα", "ματων", "NNS"),
)


def greek_form(word: str, lemma: str, before: str = "") -> tuple[str, str] | None:
    """The (kind, Penn tag) a Greek ``word`` carries over its simplemma ``lemma`` (``before``: the word before it,
    for a mood particle or an article); None where the form cannot be told.

    Verbs (a lemma in -ω): the third-person present active -ει / -εί / -ά -> VBZ, -ουν / -ούν -> VBP (not after να
    / θα / ας: a subjunctive or a future); a third-person past -ε / -αν (aorist or imperfect, the stem's first
    letters kept or an augment έ- added) -> VBD, but not -με / -τε (first and second persons) nor a passive
    (-ηκε / -ηκαν "was named", -εται / -ονται "is used", -όταν / -ονταν "was located"), which one English word
    cannot carry; deponents in -μαι and the light verbs (κάνω, έχω, παίρνω, γίνομαι, μένω) not at all. Nouns and
    adjectives: a case or number ending over the lemma's (``_EL_NOUN_ENDINGS``: δάσκαλος -> δασκάλων NNS,
    αποικία -> αποικίας NN), the shared -ους (neuter genitive singular or masculine accusative plural) told by the
    article before it, else not; an article of the other number -> not; comparatives and superlatives (-τερ-,
    -τατ-: μεγαλύτερο "bigger", not "big") not."""
    w, lem, prev = _plain(word.lower()), _plain(lemma.lower()), _plain(before.lower())
    if lem.endswith("ω"):
        if lem in _EL_AUXILIARIES:
            return None
        stem = lem[:-1]
        if prev in _EL_MOOD_PARTICLES:
            return None  # (θα προκαλούσε "would cause": θα before a past is a conditional)
        if w.endswith(("ηκε", "ηκαν", "ηκανε", "ται", "νται", "ταν", "με", "τε")):
            return None  # (a passive: ονομάστηκε, χρησιμοποιείται, βρισκόταν "was located", λεγόταν "was called")
        if w in (stem + "ει", stem + "α"):
            return _VERB, "VBZ"
        if w in (stem + "ουν", stem + "ουνε", stem + "ανε", stem + "νε"):  # (τρώνε "eat", not "ate")
            return _VERB, "VBP"
        if w.endswith(("ε", "αν")) and len(w) > 3 and (w[:2] == lem[:2] or w[:1] == "ε" and w[1:3] == lem[:2]):
            return _VERB, "VBD"
        return None
    if lem.endswith("μαι") or "τερ" in w or "τατ" in w or prev in _EL_HOW_MUCH:
        return None
    for lend, fend, tag in _EL_NOUN_ENDINGS:
        if lem.endswith(lend) and w == lem[:len(lem) - len(lend)] + fend:
            if tag == "?":
                tag = "NN" if prev in _EL_SINGULAR_ARTICLES else "NNS" if prev in _EL_PLURAL_ARTICLES else ""
            if not tag or tag == "NN" and prev in _EL_PLURAL_ARTICLES or tag == "NNS" and prev in _EL_SINGULAR_ARTICLES:
                return None
            return _NOUN_OR_ADJ, tag
    return None


#: the kinds of form switched per language (bench/RESULTS.md section 206): Greek verbs, nouns and adjectives and
#: Arabic verbs adopted; Arabic nouns and adjectives measured (with the verbs, 85/120 new options right) and left
#: off: the lemma's dictionary sense misses in compounds and names (الوطنية -> "patriotic", الوحيدة -> "lonely",
#: أمريكا الجنوبية -> "southern")
#: Turkish verbs and nouns adopted (section 233, development outputs: verbs 13/13 right, nouns 33/37; the wrong ones
#: batı yakası "west side" -> collar)
_KINDS: dict[str, frozenset[str]] = {"ar": frozenset({_VERB}), "el": frozenset({_VERB, _NOUN_OR_ADJ}),
                                     "tr": frozenset({_VERB, _NOUN_OR_ADJ})}
#: Arabic particles that make the present form another tense or voice: لم + present = a negated past (لم تمنع "did
#: not prevent"), لن = a negated future, كان + present = a past habit or passive (كان يستخدم "was used"), سوف (will)
_AR_TENSE_PARTICLES = frozenset({"\u0644\u0645", "\u0644\u0646", "\u0643\u0627\u0646", "\u0643\u0627\u0646\u062a",
                                 "\u0633\u0648\u0641"})

_FORMS: dict[str, Callable[[str, str], tuple[str, str] | None]] = {"es": spanish_form, "ar": arabic_form}
#: languages whose lemma look-up switches only a lemma the sources give ONE English for (bench/RESULTS.md section
#: 27): a Greek lemma with several entries is a lemma with several senses, and its first entry is often not the one
#: meant (δύναμη -> power, not force; εργασία -> job, not work; δείκτης -> index, not indicator; οδηγώ -> guide, not
#: lead). On section 206's and 213's judged el words (development data) the rule words of a one-entry lemma were
#: 184/192 right, those of a several-entry lemma 110/149. USE-m, the recipe's in-context scorer, was not trained on
#: Greek (its cosines between English senses are noise there, section 112), so no encoder choice is made instead.
_ONE_ENTRY_ONLY = frozenset({"el"})


def _english_verb_lemma(word: str) -> str:
    """The lemma of the English verb ``word``: ``word`` itself where it is one of lemminflect's lemmas ("found" the
    verb of founding, "lay"), else lemminflect's first ("arrived" -> "arrive"), else ``word``."""
    from lemminflect import getLemma

    lemmas = getLemma(word, upos="VERB")
    return word if not lemmas or word in lemmas else lemmas[0]


def _english_in_form(cand: str, kind: str, tag: str, wn: Any) -> str:
    """The English ``cand`` in the form ``tag`` ("" where its part of speech does not fit the L form): a verb form
    needs a WordNet verb; a plural needs a noun (put in the plural) or an adjective alone (English adjectives do
    not inflect); a word that is both noun and adjective is not told apart, so not switched."""
    from ..analysis.inflect import inflect

    if " " in cand:
        return ""
    if kind == _VERB:
        if wn is not None and not wn.synsets(cand, pos="v"):
            return ""
        # a dictionary may list the English already inflected (وصل -> "arrived"): back to the lemma first, or
        # lemminflect inflects the form again ("arriveded"; bench/RESULTS.md section 214)
        return inflect(_english_verb_lemma(cand), tag)
    noun = wn is None or bool(wn.synsets(cand, pos="n"))
    adj = wn is not None and bool(wn.synsets(cand, pos="a") or wn.synsets(cand, pos="s"))
    if kind == _ADJ:  # (an adjective's own form: the English must be an adjective, unchanged)
        return cand if adj else ""
    if tag == "NN":  # (the L word's form is the lemma's: any noun or adjective, as it is)
        return cand if noun or adj else ""
    if noun and not adj:
        return inflect(cand, tag)
    return cand if adj and not noun else ""


def _infinitive(word: str) -> bool:
    """True for a Spanish infinitive, a clitic pronoun attached or not (construir, practicarse, escribirlo)."""
    w = word.lower()
    for clitic in ("", "se", "lo", "la", "los", "las", "le", "les", "me", "te", "nos"):
        if w.endswith(clitic) and w[:len(w) - len(clitic)][-2:] in ("ar", "er", "ir", "ár", "ér", "ír"):
            return True
    return False


def lemma_english(to_english: Callable[[str, str], tuple[str, ...]], words: Sequence[str], i: int, lang: str,
                  wn: Any = None) -> tuple[str, ...]:
    """English candidates for the L word ``words[i]`` of a query that no source lists, through its simplemma lemma,
    each put in the form the word carries; () where ``lang`` is not in ``LANGUAGES``, the word has no other lemma,
    the lemma has several English entries in a language of ``_ONE_ENTRY_ONLY`` (el: section 221),
    its form cannot be told, it is capitalised inside the sentence (Estados Unidos, Reino Unido: a name's word), or
    (es) it follows a reflexive "se" (se fundó "was founded", not "founded") or opens a periphrasis (a verb, then
    "a" or "de", then an infinitive: volvieron a construir "rebuilt"; a verb before a gerund or
    an infinitive: siguieron usando "kept using", pensaban compensar "intended to offset").

    ``to_english(lemma, lang)`` is ``Sources.to_english`` (every check it makes on a word is made on the lemma);
    ``wn`` is NLTK's WordNet reader, for the English candidates' parts of speech."""
    if lang not in LANGUAGES:
        return ()
    word = words[i]
    if word[:1].isupper() and any(c.isalpha() for v in words[:i] for c in v):
        return ()
    if lang == "tr":  # (zeyrek's reading gives the lemma and the form at once; section 233)
        from .trlemma import turkish_form

        read = turkish_form(word)
        lemma, form = (read[0], (read[1], read[2])) if read is not None else ("", None)
    else:
        lemma = lemma_of(word, lang)
        if not lemma:
            return ()
        form = greek_form(word, lemma, words[i - 1] if i > 0 else "") if lang == "el" else _FORMS[lang](word, lemma)
    if form is None:
        return ()
    kind, tag = form
    if kind not in _KINDS.get(lang, frozenset({_VERB, _NOUN_OR_ADJ, _ADJ})):
        return ()
    if kind == _VERB and lang == "ar":
        from ..candidates import _ar_alif

        # (a neighbour may be a merged dictionary unit, "في الغالب": its word next to the verb counts)
        if i > 0 and words[i - 1].split() and _ar_alif(words[i - 1].split()[-1]) in _AR_TENSE_PARTICLES:
            return ()
        if i + 1 < len(words) and words[i + 1].split() and _ar_alif(words[i + 1].split()[0]) in _AR_PREPOSITIONS:
            return ()
    if kind == _VERB and lang == "es":
        if i > 0 and words[i - 1].lower() == "se":
            return ()
        if i + 2 < len(words) and words[i + 1].lower() in _PERIPHRASIS and _infinitive(words[i + 2]):
            return ()
        if i + 1 < len(words) and words[i + 1].lower().endswith(("ando", "iendo", "yendo")):
            return ()  # a verb before a gerund (siguieron usando "kept using", not "followed using")
        if i + 1 < len(words) and words[i + 1][:1].islower() and _infinitive(words[i + 1]):
            return ()  # a verb before an infinitive (pensaban compensar "intended to", dejaron escapar "let slip")
    english = to_english(lemma, lang)
    if len(english) > 1 and lang in _ONE_ENTRY_ONLY:
        logger.debug("%s %s -> %s: %d English entries, not switched", lang, word, lemma, len(english))
        return ()
    if lang == "tr" and tag == "NNS":  # (a dictionary's plural entry, back to its singular first: "children" ->
        # "child", or lemminflect pluralises it again, "childrens"; section 233)
        from .trlemma import english_singular

        english = tuple(english_singular(c) for c in english)
    out = tuple(dict.fromkeys(e for e in (_english_in_form(c, kind, tag, wn) for c in english) if e))
    if out:
        logger.debug("%s %s -> %s (%s) -> %s", lang, word, lemma, tag, out)
    return out
