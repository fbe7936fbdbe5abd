"""Words of an all-lower-case English question that are a work's title, seen from the question's own shape.

BoolQ writes its questions in lower case, so a title made of common words ("is there a book called walton's
mountain", "are there lyrics to here comes the bride") looks like ordinary nouns, and English -> L code-switching
translated its words one by one (held-out v31, bench/RESULTS.md sections 162 and 164: mountain -> montaña, Berg,
山, гора ... in eleven languages; bride -> 嫁, العروسة, sposa, невеста, gelin; judged wrong: a name rendered as a
common noun). Two cues, each read off the tagged words alone (no list of titles):

- **A title noun or a naming verb before the words** (``headed_title``: "a book called walton's mountain",
  "season 5 of the hills", "a sequel to batman year one"), the heads of ``attacks.codeswitch.in_lowercase_title``,
  but the title ends at the first verb, auxiliary, indefinite article or preposition other than "of"/"to" after
  its head ("does mlb all star game determine home field advantage", "a street cat named bob a true story", "a
  film about the chilean miners": advantage, story, miners are the question's own words), and a noun head opens a
  title only after a determiner or before "of"/"to" ("the movie prometheus", "season 5 of the hills"; not
  "diary of a wimpy kid books graphic novels"). ``in_lowercase_title``'s fixed span (``codeswitch-adv``'s 4
  words) locked 37 judged-right words of the English -> L sets for 52 judged-wrong; bounded, 5 for 50; paired,
  the final form removes 32 judged-wrong words for 2 judged-right (bench/RESULTS.md section 176).
- **A clause as a preposition's object** (``clause_title``): a preposition followed, after at most one adverb,
  personal pronoun or existential "there", by a finite verb ("lyrics to here comes the bride", "the song for we
  are the champions"). In English a preposition takes a noun phrase; a finite clause after it without a
  subordinator ("after he died" has one: spaCy tags it SCONJ) or a wh-word ("to what you earn") is a quotation,
  in a question a title.

Hand-written over spaCy's tags (no library marks lower-case titles).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

#: Penn tags of a finite verb or auxiliary ("comes", "are", "came", "'ll")
_FINITE = frozenset({"VBZ", "VBP", "VBD", "MD"})
#: what may stand between the preposition and the finite verb (Penn tags): one adverb, personal pronoun or
#: existential "there" ("here comes", "we are", "there is"); not a wh-word ("on what you earn": WP), whose clause is
#: an ordinary object, nor an article spaCy tags PRON ("the same as a may fly": a/DT, may/MD)
_BETWEEN_TAGS = frozenset({"RB", "PRP", "EX"})


#: words that end a lower-case title read after its head: an indefinite article opens a new noun phrase ("named
#: bob a true story"); a verb or an auxiliary is the question's own (``_ENDS_POS``)
_ENDS_TEXT = frozenset({"a", "an"})
_ENDS_POS = frozenset({"VERB", "AUX"})
_NOUNS = frozenset({"NOUN", "PROPN"})
#: the prepositions that link a head to its work ("season 5 of the hills", "a sequel to batman year one"); any other
#: preposition after the head gives a topic, a cast or an author, not the title ("a film about the chilean miners")
_OF_TO = frozenset({"of", "to"})
#: Penn tags of a determiner or possessive before a head: "the movie prometheus" is an apposition (the head opens a
#: title); a head without one ends a compound or a name ("world series", "diary of a wimpy kid books")
_DETERMINERS = frozenset({"DT", "PRP$", "WP$"})


def _opens_title(words: Any, j: int, i: int) -> bool:
    """Whether the noun head at ``j`` opens a title that reaches word ``i``: after a determiner ("the movie X",
    "a sequel ...") or, past any numeral, followed by "of" / "to" before ``i`` ("in season 5 of X")."""
    if j > 0 and words[j - 1].tag in _DETERMINERS:
        return True
    k = j + 1
    while k < i and words[k].tag == "CD":
        k += 1
    return k < i and words[k].text in _OF_TO


def headed_title(a: Any, i: int, span: int, heads: frozenset[str], verbs: frozenset[str]) -> bool:
    """True when word ``i`` of English analysis ``a`` (an all-lower-case query) is at most ``span`` words after
    a title head, with no verb, auxiliary, "a"/"an" or preposition other than "of"/"to" between: a head is a word
    of ``verbs`` right after a noun ("a book called ...", "a street cat named ...": the name of that thing; not the
    predicate of "is the large intestine also called the colon", which names a term: colon -> 结肠, kolon judged
    right) or a word of ``heads`` tagged as a noun that opens a title (``_opens_title``: "the movie X", "season 5 of
    X"; not "is i can only imagine movie true story", "are diary of a wimpy kid books graphic novels", where the
    title stands before the head and the words after it are the question's own). A head itself is not part of the
    title it introduces ("a sequel to the movie prometheus": movie -> 电影 was judged right)."""
    if a.language != "en" or a.text != a.text.lower():
        return False
    words = a.words
    if words[i].text in heads or words[i].text in verbs or words[i].pos == "ADP" and words[i].text not in _OF_TO:
        return False
    for j in range(i - 1, max(-1, i - span - 1), -1):
        w = words[j]
        if w.text in verbs and j > 0 and words[j - 1].pos in _NOUNS:
            return True
        if w.text in heads and w.pos in _NOUNS:
            return _opens_title(words, j, i)
        if w.pos in _ENDS_POS or w.text in _ENDS_TEXT or w.pos == "ADP" and w.text not in _OF_TO:
            return False
    return False


def clause_title(a: Any) -> frozenset[int]:
    """Indices of the words of English analysis ``a`` (an all-lower-case query) that follow a preposition whose
    object is a finite clause: from the word after the preposition to the end of the query ("are there lyrics to
    here comes the bride": here, comes, the, bride). Empty for a query with a capital letter (its titles keep
    their capitals), another language, or no such clause."""
    if a.language != "en" or a.text != a.text.lower():
        return frozenset()
    words = a.words
    for k, w in enumerate(words):
        if w.pos != "ADP" or w.tag != "IN":
            continue
        j = k + 1
        if j < len(words) and words[j].tag in _BETWEEN_TAGS:
            j += 1
        if j < len(words) and words[j].tag in _FINITE:
            logger.debug("clause title after %r in %r", w.text, a.text)
            return frozenset(range(k + 1, len(words)))
    return frozenset()


__all__ = ["clause_title", "headed_title"]
