"""The English part of speech an L word's context asks for, where L writes the noun and the adjective (or the
verb and the adjective) alike and no tagger is installed for L.

L -> en code-switching looks up a word without its part of speech (es, el and ar have no tagger here), so the
dictionaries' first English word may be the other word class: es "los científicos" -> scientific, "un sinónimo
de" -> synonymous, "Qué fuerte fue" -> strong; el "έναν Τεχνικό Φαρμακείου" -> technical, "η ιατρική αναφορά"
-> medicine; ar "الذي أوضح" ("who explained") -> clearer (judged wrong in rev20-rev20a, rev21-rev21a:
bench/RESULTS.md 121.3). The context gives the class:

- **noun** (es, el): an article or a determiner before the word (not an interrogative: es "Qué significa",
  el "Ποιος βοήθησε" open a verb as often as a noun), and after it the end of the query, a function word (a
  preposition, a conjunction, a verb of the stop list: "de", "para", "fue", "και") or, in Greek, a noun in
  the genitive while the word itself is not one ("έναν Τεχνικό Φαρμακείου": a pharmacy technician);
- **adjective** (el): an article, the word with the adjective suffix -ικ- (ιατρική, φυσική, τεχνικό: Greek
  makes the nouns medicine, physics, technician of these adjectives) and a second content word, neither in
  the genitive ("η ιατρική αναφορά", "η φυσική θέση": the article's noun is the second word; a word without
  the suffix there is as often a noun before a verb: "η κατασκευή πραγματοποιείται");
- **verb** (ar): a relative pronoun before the word (الذي أوضح "who explained").

Hand-written (no maintained library tags Greek, Spanish or Arabic offline here without a model this project
does not ship); the article and pronoun lists are closed classes. Greek genitive: the endings -ου and -ων
(a heuristic: the feminine -ας/-ης genitives are also nominative forms and are not used).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from .wordnet import base_forms

logger = logging.getLogger(__name__)

#: articles and determiners that open a noun phrase
_DETERMINERS = {
    "es": frozenset({
        "el", "la", "los", "las", "un", "una", "unos", "unas", "del", "al", "este", "esta", "estos", "estas",
        "ese", "esa", "esos", "esas", "aquel", "aquella", "aquellos", "aquellas", "su", "sus", "mi", "mis",
        "nuestro", "nuestra", "nuestros", "nuestras", "muchos", "muchas", "cada"}),
    "el": frozenset({
        "ο", "η", "το", "οι", "τα", "τον", "την", "τη", "του", "της", "των", "τους", "τις", "ένας", "μια", "μία",
        "ένα", "έναν", "ενός", "μιας"}),
}
#: relative pronouns before a finite verb
_RELATIVES = {"ar": frozenset({
    "الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي"})}
#: the languages served
LANGUAGES = frozenset(_DETERMINERS) | frozenset(_RELATIVES)


#: the Greek adjective suffix -ικός/-ική/-ικό in every ending (accented or not)
_ADJECTIVE_SUFFIX = re.compile(r"[ιί]κ(?:[οόήηάαέεώω]|ού|οί|οι|ές|ών|ός|ής|ούς)$")


def _genitive(word: str) -> bool:
    return word.endswith(("ου", "ού", "ων", "ών"))


def wanted_class(words: Sequence[str], i: int, lang: str, function_words: frozenset[str]) -> str:
    """The WordNet part of speech (``n``, ``a``, ``v``) that word ``i`` of an L query (its words, lower-cased)
    takes in context, "" when the context does not say (see the module doc)."""
    prev = words[i - 1] if i > 0 else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if prev in _RELATIVES.get(lang, ()):
        return "v"
    if prev not in _DETERMINERS.get(lang, ()):
        return ""
    if not nxt or nxt in function_words:
        return "n"
    if lang == "el":
        if _genitive(nxt) and not _genitive(words[i]):
            return "n"
        if not _genitive(nxt) and not _genitive(words[i]) and _ADJECTIVE_SUFFIX.search(words[i]):
            return "a"
    return ""


def mainly(wn: Any, english: str, want: str) -> bool:
    """True when ``english`` may stand in part of speech ``want`` (n, a, v) by WordNet (nltk's reader ``wn``).
    A noun needs a noun sense that SemCor attests, or no attested adjective sense ("technical" has only an
    unattested noun sense, a foul, beside its attested adjective; "work", "secret", "help" have attested nouns;
    "gorge" an unattested noun beside a verb); an adjective (satellites and participles such as "united",
    "curved" count) or a verb needs one sense ("medicine", "clearer": none)."""
    key = english.replace(" ", "_")
    if want != "n":
        return bool(wn.synsets(key, pos=want) or (want == "a" and wn.synsets(key, pos="s")))
    forms = {f.lower() for f in base_forms(wn, key)}  # "roots": the lemma roots and its base form root
    counts: dict[str, int] = {}
    for syn in wn.synsets(key):
        p = "a" if syn.pos() == "s" else syn.pos()
        counts[p] = counts.get(p, 0) + sum(lem.count() for lem in syn.lemmas() if lem.name().lower() in forms)
    # (only an attested ADJECTIVE outweighs an unattested noun: the confusion served here is adjective/noun;
    # "gorge", "coding" have unattested nouns beside attested verbs and stay nouns, judged right in golden runs)
    return "n" in counts and (counts["n"] > 0 or counts.get("a", 0) == 0)
