"""L -> en German: a dictionary multiword unit is switched only to an English phrase that translates its
words, never to a loose English idiom (bench/RESULTS.md section 240).

``lex.multiword`` merges a German unit a dictionary lists as one entry and switches it whole to that entry's
English. trans-de-en and FreeDict also give loose or idiomatic English for such entries: *eine Reihe von* ->
"a clutch of", *in Originalgröße* -> "as is", *der größte Teil* -> "the vast majority" (all judged wrong
in section 232). A plain translation shares a word with what the dictionaries give for the unit's own
words (*vor Ort* -> "on site": Ort "site"; *in Originalgröße* -> "full-size": Originalgröße "original size").
So an English phrase of two or more words is kept only when its head, its last content word (not an English
function word), is a translation of one of the unit's German words or shares a WordNet synset with one. A
phrase with a generic person ("hold your own") is dropped; a
phrase of function words only is judged by its last word ("no more" for nicht mehr kept, "as is" dropped); a
one-word English ("meanwhile") is kept as it was.

Hand-written: the rule is a filter over the shipped dictionaries' lists (MUSE de-en, FreeDict deu-eng,
trans-de-en); no library judges whether a phrase is idiomatic.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: the languages the filter applies to (measured on German only, section 240)
LANGUAGES = frozenset({"de"})

#: generic-person words of a dictionary idiom's English ("hold your own", "make one's mark", "to do sth."): such an
#: entry is a verb idiom for any subject, which the question's own construction rarely is
_GENERIC = frozenset({"your", "yourself", "one's", "oneself", "sb", "sth", "somebody", "something", "someone"})

_TOKEN = re.compile(r"[a-z][a-z'-]*")


def english_words(translations: Iterable[str]) -> set[str]:
    """The lower-cased words of dictionary translations, hyphenated words also split ("full-size" gives
    full-size, full, size); FreeDict's cross-references (``{...}``, "see:") are skipped."""
    out: set[str] = set()
    for t in translations:
        if any(ch in t for ch in "{}:"):
            continue
        for tok in _TOKEN.findall(t.lower()):
            out.add(tok)
            out.update(p for p in tok.split("-") if p)
    return out


def is_plain(english: str, known: set[str], function: frozenset[str],
             synonyms: Callable[[str], set[str]] | None = None) -> bool:
    """True when the English ``english`` of a unit is a plain translation: one word, or a
    head (last content word) in ``known`` (the translations of the unit's German words, ``english_words``) or sharing a
    WordNet synset with one (``synonyms(word)``: the lemma names of its synsets)."""
    toks = english.lower().split()
    if len(toks) < 2:
        return True
    if _GENERIC.intersection(toks):
        return False  # a dictionary idiom with a generic person (sich behaupten "hold your own")
    content = [t for t in toks if t not in function]
    # the head of an English phrase is its last content word ("the vast MAJORITY"); of function words only,
    # its last word (nicht mehr "no MORE": mehr "more"; in Originalgröße "as IS": nothing translates it)
    head = content[-1] if content else toks[-1]
    parts = {head, *(p for p in head.split("-") if p)}
    if parts & known:
        return True
    return synonyms is not None and any(synonyms(p) & known for p in parts)


def plain_unit_english(english: Sequence[str], known: set[str], function: frozenset[str],
                       synonyms: Callable[[str], set[str]] | None = None) -> tuple[str, ...]:
    """``english`` (a unit's English, in the dictionaries' order) without the loose phrases (``is_plain``)."""
    kept = tuple(e for e in english if is_plain(e, known, function, synonyms))
    if len(kept) != len(english):
        logger.debug("unit English dropped as not plain: %s", [e for e in english if e not in kept])
    return kept


def word_translations(word: str, sources: Any) -> set[str]:
    """The English words the shipped German dictionaries give for ``word`` (its form, lower-cased form and
    simplemma lemma): MUSE de-en, FreeDict deu-eng, trans-de-en (``sources``: a ``candidates.Sources``)."""
    from ..freedict import load_freedict
    from ..lexicon import load_trans_de_en
    from ..muse import load_muse_dictionary
    from .lemmaform import lemma_of

    forms = {word, word.lower(), lemma_of(word, "de")} - {""}
    out: list[str] = []
    m = load_muse_dictionary("de", getattr(sources, "resource_paths", None))
    fd = load_freedict("de", "en") or {}
    de_en, _ = load_trans_de_en(sources.trans_de_en, getattr(sources, "cache_dir", None))
    for f in forms:
        if m is not None:
            out.extend(m.to_en.get(f.lower(), []))
        out.extend(fd.get(f, []))
        hit = de_en.exact.get(f)
        if hit:
            out.append(hit)
    return english_words(out)


def wordnet_synonyms(wn: Any | None) -> Callable[[str], set[str]] | None:
    """``is_plain``'s ``synonyms``: the lower-cased lemma names of the WordNet synsets of a word (``wn``: NLTK's
    WordNet reader, or None: no synonyms)."""
    if wn is None:
        return None
    synsets = wn.synsets

    def synonyms(word: str) -> set[str]:
        return {lem.name().lower() for syn in synsets(word) for lem in syn.lemmas()}
    return synonyms
