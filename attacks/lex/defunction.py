"""L -> en (German): a word used as a preposition or a function word is not switched to a content word.

The judged German L -> en sets reject, again and again, a German function word rendered as the content word it is
spelt like (bench/RESULTS.md sections 197.1 and 218.1, "part of speech"; section 227 of branch de38):

- **laut** before its noun phrase is the preposition "according to" (laut den Beweisen, laut neuesten Studien);
  the sources' first English is the adjective "loud" (judged wrong 8 times, "loudly" and "noisy" too).
- **gegenüber** before its noun is "towards, vis-a-vis" (die Position ... gegenüber Großbritannien); the sources
  give the spatial "opposite" (judged wrong).
- **entfernt** in "wie weit ... von Miami entfernt", "50 km entfernt" is "away, distant"; the sources give the
  participle of entfernen, "removed" (judged wrong).
- **mehr** is "more" (MUSE's only entry), an English stop word that ``Sources._rank`` does not offer, so what is
  left is FreeDict's "increase" (the noun *Mehr*; judged wrong 6 times). The same holds for any lower-case word
  whose MUSE entries start with an English function word and whose candidates start with another word: the
  German word is a function word and the candidate another word of the same spelling.

No German tagger runs on the queries, so the preposition cue is the word's neighbour: German writes nouns
capitalised, and an attributive adjective is inflected (laute Musik), so a bare ``laut`` or ``gegenüber`` followed
by an article, a capitalised word, or an inflected word and then a capitalised one heads a noun phrase. After *wie*,
*sehr*, *so*, *zu* or *ganz* the word is the adjective (wie laut ist ...). The distance cue for ``entfernt`` is
*weit* or a number before it in the query.

A preposition takes its English preposition where one renders it in every use (``PREPOSITION_ENGLISH``: laut
"according to"; no source ranks it first); gegenüber ("opposite" or "towards"), entfernt and mehr are not
switched (precision first: a question keeps its other words). Hand-written: no library here tags German
prepositions, and the dictionaries' entries are the homographs' (the rule is when their first entry is the wrong
word class).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence

logger = logging.getLogger(__name__)

#: German prepositions spelt like an adjective, noun or participle whose sources give the content word first
#: (laut "loud", gegenüber "opposite", kraft "force", dank "thanks")
PREPOSITION_HOMOGRAPHS = frozenset({"laut", "gegenüber", "kraft", "dank"})
#: the English of a preposition homograph used as a preposition, where one English preposition renders it in
#: every use (laut den Beweisen "according to the evidence"); gegenüber is left out: "opposite" (spatial) and
#: "towards" (an attitude) both occur. Hand-written: MUSE lists "according" (one word) and FreeDict "as per"
#: among noun senses of Laut; no source ranks the preposition first (section 227, de38)
PREPOSITION_ENGLISH = {"laut": "according to", "dank": "thanks to", "kraft": "by virtue of"}
#: words before which the homograph is the adjective or adverb (wie laut, sehr laut, zu laut)
_DEGREE_WORDS = frozenset({"wie", "sehr", "so", "zu", "ganz", "besonders", "extrem"})
#: German articles and determiners that open a noun phrase after a preposition
_DETERMINERS = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen",
                          "eines", "dieser", "diese", "dieses", "diesem", "diesen", "jener", "jene", "jenem",
                          "jenen", "seiner", "seinen", "seinem", "seine", "ihrer", "ihren", "ihrem", "ihre",
                          "allen", "aller", "vielen", "einigen", "mehreren"})
#: participles that mean "away, distant" after a distance (entfernt), not the participle of the verb (removed)
_DISTANCE_PARTICIPLES = frozenset({"entfernt"})


def preposition_use(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` (a German query's words) is one of ``PREPOSITION_HOMOGRAPHS`` heading a noun phrase:
    lower case, not after a degree word, and followed by a determiner, a capitalised word or a number, or by a
    lower-case word and then a capitalised one (laut neuesten Studien)."""
    word = words[i]
    if word not in PREPOSITION_HOMOGRAPHS or i + 1 >= len(words):
        return False
    if i > 0 and words[i - 1].lower() in _DEGREE_WORDS:
        return False
    nxt = words[i + 1]
    if nxt.lower() in _DETERMINERS or nxt[:1].isupper() or nxt[:1].isdigit():
        return True
    return nxt[:1].islower() and nxt.isalpha() and i + 2 < len(words) and words[i + 2][:1].isupper()


def distance_use(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` is a participle of distance (entfernt) after *weit* or a number in the query (wie weit
    ist Jacksonville von Miami entfernt; 50 km entfernt): "away", not the participle "removed"."""
    if words[i] not in _DISTANCE_PARTICIPLES:
        return False
    return any(w.lower() == "weit" or w[:1].isdigit() for w in words[:i])


def function_sense(cands: Sequence[str], entries: Sequence[str], en_function_words: Collection[str]) -> bool:
    """Whether a lower-case German word is a function word the candidates misread: MUSE's first entry for it
    (``entries``) is an English function word (mehr: "more") and the first candidate is another, content word
    (mehr: "increase", FreeDict's entry for the noun *Mehr*)."""
    if not cands or not entries:
        return False
    first = entries[0].strip().lower()
    return first in en_function_words and cands[0].strip().lower() not in en_function_words \
        and cands[0].strip().lower() != first


def function_use(cands: Sequence[str], words: Sequence[str], i: int, entries: Sequence[str],
                 en_function_words: Collection[str]) -> tuple[str, ...]:
    """``cands`` for the German word ``words[i]``, or () when it is used as a preposition (``preposition_use``),
    as a distance participle (``distance_use``), or is a function word the candidates misread
    (``function_sense``; lower-case words only, ``entries`` being MUSE's for the form)."""
    if not cands:
        return tuple(cands)
    word = words[i]
    if preposition_use(words, i):
        logger.debug("%s used as a preposition: %s not offered", word, cands[0])
        return (PREPOSITION_ENGLISH[word],) if word in PREPOSITION_ENGLISH else ()
    if distance_use(words, i):
        logger.debug("%s used of a distance: %s not offered", word, cands[0])
        return ()
    if word[:1].islower() and function_sense(cands, entries, en_function_words):
        logger.debug("%s is a function word (MUSE: %s): %s not offered", word, entries[0], cands[0])
        return ()
    return tuple(cands)
