"""L -> en Turkish: the dictionary form (lemma) and the English form of an inflected Turkish word, from zeyrek.

What: ``turkish_form(word)`` reads a Turkish word that the analysis gave no lemma (an inflected verb: katıldı
"joined", tamamlamıştır "completed"; a noun with another, derived reading: başkanı -> başkan "president", not başka
"other"; durumda -> durum) and returns (lemma, kind, Penn tag) where one plain reading decides it, else None. The
lemma look-up of ``lex.lemmaform`` then asks the dictionaries for the lemma and puts the English in that form.

Why: section 221.7 of bench/RESULTS.md: the analysis (``analysis.segment._turkish``) gives a lemma only when every
zeyrek reading is the same inflected noun, so verbs and nouns with any second reading got none, and MUSE, which lists
the lemma (katılmak -> join, başkan -> president), was never asked: 28 of the 40 unperturbable XQuAD-R tr test
questions held such a word.

How (hand-written, because zeyrek gives readings, not a choice among them): a reading is *plain* when its morphemes
are a bare verb in one of the forms in ``_VERB_FORMS`` (third-person past, narrative past with the copula -dır,
aorist, progressive -yor / -mekte) or a bare noun with number, possessive and case suffixes only
(``_NOUN_SUFFIXES``, the instrumental -le left out: "with" is content one English noun cannot carry). Readings with
a derivation (kaza + -n- + -dı), a passive (-ıl- / -ul- / -n-), a causative (oluş-tur-), negation (-me / -ma), the
future, the conditional, ability or a participle are never plain, so a word whose only readings are such is not
switched. The word is read only when its plain readings agree on one (lemma, kind, tag): kurdu (kurmak "set up",
past; kurt "wolf", accusative) is not switched. Light verbs (``_LIGHT_VERBS``: X etmek / olmak / yapmak / almak /
vermek, ele almak, anlama gelmek) take their meaning from the word before them, so they are left as they are.
bench/RESULTS.md section 233 measured each kind on development data.
"""

from __future__ import annotations

import functools
import logging

logger = logging.getLogger(__name__)

#: zeyrek morpheme sequences of a bare verb read as one English form: (morphemes, Penn tag)
_VERB_FORMS: dict[tuple[str, ...], str] = {
    ("Verb", "Past", "A3sg"): "VBD",  # katıldı "joined"
    ("Verb", "Past", "A3pl"): "VBD",
    ("Verb", "Narr", "A3sg", "Cop"): "VBD",  # tamamlamıştır "(has) completed"
    ("Verb", "Narr", "A3pl", "Cop"): "VBD",
    ("Verb", "Prog1", "Past", "A3sg"): "VBD",  # okuyordu "was reading": the simple past keeps the tense
    ("Verb", "Aor", "A3sg"): "VBZ",  # yönetir "manages"
    ("Verb", "Aor", "A3sg", "Cop"): "VBZ",
    ("Verb", "Prog1", "A3sg"): "VBZ",  # okuyor
    ("Verb", "Prog2", "A3sg", "Cop"): "VBZ",  # yaşamaktadır "lives"
    ("Verb", "Prog1", "A3sg", "Cop"): "VBZ",
}
#: a noun's number, possessive and case suffixes (the instrumental -le / -la is left out)
_NOUN_SUFFIXES = frozenset({"Noun", "A3sg", "A3pl", "Pnon", "P1sg", "P2sg", "P3sg", "P1pl", "P2pl", "P3pl", "Nom",
                            "Acc", "Gen", "Dat", "Loc", "Abl"})
#: verbs whose meaning is the phrase's (kontrol altına aldı, terk etti, anlama gelmektedir, ele alınan, yer almak,
#: bulunur "is located / exists"; eğitim gördü "was educated", judged "saw" in section 233): left as they are
_LIGHT_VERBS = frozenset({"etmek", "edilmek", "olmak", "olunmak", "yapmak", "almak", "vermek", "kılmak", "eylemek",
                          "bulunmak", "gelmek", "tutmak", "çekmek", "düşmek", "çıkmak", "sağlamak", "görmek"})

VERB = "v"
NOUN = "na"


def _plain(parse: object) -> tuple[str, str, str] | None:
    """(lemma, kind, tag) of one zeyrek reading when it is plain (module docstring), else None."""
    lemma: str = parse.dict_item.lemma  # type: ignore[attr-defined]
    pos: str = parse.dict_item.primary_pos.value  # type: ignore[attr-defined]
    ids = tuple(m[0].id_ for m in parse.morphemes)  # type: ignore[attr-defined]
    if pos == "Verb" and ids in _VERB_FORMS:
        return lemma, VERB, _VERB_FORMS[ids]
    if pos == "Noun" and ids[:1] == ("Noun",) and set(ids) <= _NOUN_SUFFIXES:
        return lemma, NOUN, "NNS" if "A3pl" in ids else "NN"
    return None


@functools.lru_cache(maxsize=65536)
def turkish_form(word: str) -> tuple[str, str, str] | None:
    """(lemma, kind, Penn tag) of a Turkish ``word`` from its one plain zeyrek reading ("v" verbs: VBD / VBZ; "na"
    nouns: NN / NNS), or None: no plain reading, plain readings that disagree, a light verb, or no zeyrek."""
    from ..analysis.segment import _tr_parses

    parses = _tr_parses(word)
    if word[:1].islower():  # (a lower-case word is no name: zeyrek's proper-noun readings of it are dropped)
        parses = [p for p in parses if not p.dict_item.lemma[:1].isupper()]
    plain = {r for r in (_plain(p) for p in parses) if r is not None}
    if len(plain) != 1:
        return None
    lemma, kind, tag = next(iter(plain))
    if lemma == word.lower() or kind == VERB and lemma in _LIGHT_VERBS:
        return None
    return lemma, kind, tag


def english_singular(noun: str) -> str:
    """lemminflect's singular of an English ``noun`` a dictionary lists in the plural ("children" -> "child"), else
    ``noun``: the plural is put back by the look-up, which would otherwise give "childrens" (section 233)."""
    from lemminflect import getLemma

    lemmas = getLemma(noun, upos="NOUN")
    return lemmas[0] if lemmas and " " not in noun else noun
