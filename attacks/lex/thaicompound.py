"""L -> en (Thai): a segment that is a piece of a Thai WordNet compound whose English does not hold its English.

pythainlp's ``newmm`` segmenter cuts compounds its word list does not hold, and a piece then switches alone in its
own, other sense: อารยะ|ขัดขืน "civil disobedience" -> อารยะ + "resist", เยื่อ|หุ้ม "membrane" -> "pulp" + หุ้ม,
เลข|ทศนิยม "decimal digits" -> "math" + ทศนิยม, วิทยาการ|คอมพิวเตอร์ "computer science" -> "technology" +
คอมพิวเตอร์ (judged wrong in rev20-rev20b-th, rev21-rev21b-th, rev23-rev23b-th, l2en36-xquad100; bench/RESULTS.md
section 218.1, "a piece of a compound"). A word list alone cannot tell these from the compositional compounds whose
pieces switch right (จำนวน|เฉพาะ "prime number" -> "number", ภาษา|กรีก "Greek language" -> "language"): Volubilis
lists both kinds (section 167.3, and section 225 here). The Thai WordNet in nltk's omw-1.4 (``wn-data-tha.tab``,
already read by the project's WordNet reader, no download) lists such compounds *with their English*: a run of 2 or
3 glued segments that spells a Thai WordNet lemma is a compound, and when no English lemma of any of its synsets
holds the piece's English (word by word, WordNet base forms), the piece alone says something the compound does
not. That piece is not switched; a piece whose English the compound's English holds (number in prime_number) keeps
its switch.

Hand-written over nltk's WordNet reader: neither pythainlp nor nltk has a call that says whether a segment is a
piece of a longer word, or whether a compound's translation holds a piece's translation.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

#: the longest run of glued segments looked up as one Thai WordNet lemma
LONGEST = 3

#: how many levels of hypernyms of a compound's synsets count as its English
HYPERNYM_DEPTH = 3

#: OMW's code for Thai
_THA = "tha"


def _words(names: Sequence[str], wordnet: Any) -> set[str]:
    """The lower-cased words of WordNet lemma names (split at ``_``/``-``/space), each with its base form."""
    out: set[str] = set()
    for name in names:
        for part in re.split(r"[_\- ]+", name.lower()):
            if part:
                out.add(part)
                out.add(wordnet.morphy(part) or part)
    return out


def compound_english(wordnet: Any, thai: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The English of a Thai WordNet compound: the words of the lemma names of every synset whose Thai lemmas hold
    ``thai``, and the words of their hypernyms up to ``HYPERNYM_DEPTH`` levels up (steam_engine -> ... ->
    machine; May -> month); None when Thai WordNet lists ``thai`` as no common noun (or cannot be read).

    Only common-noun compounds count (no name, which is an instance synset): Thai WordNet also lists a verb with
    its object as one lemma (ก่อตั้งบริษัท "incorporate"), whose object keeps its own sense (บริษัท -> company,
    right in section 225's paired rows)."""
    try:
        synsets = wordnet.synsets(thai, lang=_THA)
    except Exception as e:  # pragma: no cover - a WordNet reader without OMW's Thai file
        logger.warning("Thai WordNet unreadable (%s): no compound-piece check", e)
        return None
    if not any(s.pos() == "n" and not s.instance_hypernyms() for s in synsets):
        # a verb and its object (ก่อตั้ง|บริษัท "incorporate", ปลด|ประจำการ "decommission"): a phrase; a name
        # only (ซี|แมน: the instances Seaman, Zeeman): left to the name rules, since removing "man" there left
        # a question with no other option (section 225.4: the unperturbable share must not rise)
        return None
    own = _words([n for s in synsets for n in s.lemma_names()], wordnet)
    above: set[str] = set()
    for s in synsets:
        level = [s]
        for _ in range(HYPERNYM_DEPTH):
            level = [h for x in level for h in x.hypernyms() + x.instance_hypernyms()]
            above |= _words([n for h in level for n in h.lemma_names()], wordnet)
    return frozenset(own), frozenset(above)


def _holds(english: tuple[frozenset[str], frozenset[str]], candidate: str, wordnet: Any) -> bool:
    """True when every word of ``candidate`` (maybe of several words) is in the compound's English: one of its own
    words or a hypernym's word (itself or its base form), or the start of one of its own words of at least
    ``len + 2`` letters (member -> membership, punish -> punishment, time -> timeline), or of at least 4 letters
    the end of one (physics -> geophysics; not man -> seaman)."""
    own, above = english
    parts = [p for p in re.split(r"[_\- ]+", candidate.strip().lower()) if p]

    def held(p: str) -> bool:
        base = wordnet.morphy(p) or p
        if p in own or base in own or p in above or base in above:
            return True
        return (len(base) >= 3 and any(w.startswith(base) and len(w) >= len(base) + 2 for w in own)) or (
            len(base) >= 4 and any(w.endswith(base) and len(w) >= len(base) + 2 for w in own))

    return bool(parts) and all(held(p) for p in parts)


@lru_cache(maxsize=1)
def _grammar_words() -> frozenset[str]:
    """pythainlp's Thai stop words and the nominalisers การ/ความ: a run one of whose other segments is one of these
    is a word with its grammar (การลงโทษ "punishment", มีขนาด "has a size"), whose piece keeps its own English
    (judged right); empty without pythainlp."""
    from .thaiform import NOMINALISERS

    try:
        from pythainlp.corpus import thai_stopwords

        return frozenset(thai_stopwords()) | NOMINALISERS
    except Exception as e:  # pragma: no cover - pythainlp missing
        logger.warning("no pythainlp stop words (%s): only the nominalisers mark grammar", e)
        return NOMINALISERS


def foreign_piece(spans: Sequence[tuple[int, int]], text: str, i: int, english: str,
                  wordnet: Any, longest: int = LONGEST) -> str | None:
    """The Thai WordNet compound that segment ``i`` of ``text`` (``spans``: the segments' (start, end), in order)
    is a piece of, when the English of that compound does not hold ``english`` (the piece's first candidate):
    the piece alone would switch in a sense the compound does not have (อารยะ|ขัดขืน -> "resist"). None when no
    run of 2 to ``longest`` glued segments through ``i`` spells a Thai WordNet lemma, when a compound's English
    holds ``english`` (จำนวน|เฉพาะ -> "number"), or without ``wordnet``. A run never crosses a space."""
    if wordnet is None:
        return None
    grammar = _grammar_words()
    found: str | None = None
    for n in range(2, longest + 1):
        for first in range(max(0, i - n + 1), min(i - 1, len(spans) - n) + 1):  # i is never the run's head
            last = first + n - 1
            if any(spans[k][1] != spans[k + 1][0] for k in range(first, last)):
                continue
            if any(text[spans[k][0]:spans[k][1]] in grammar for k in range(first, last + 1) if k != i):
                continue  # การ|ลงโทษ, ไม่|สามารถ, หาย|ไป: the piece is the content word of a grammatical unit
            whole = text[spans[first][0]:spans[last][1]]
            english_words = compound_english(wordnet, whole)
            if english_words is None:
                continue
            if _holds(english_words, english, wordnet):
                return None  # one compound through the piece keeps its English: compositional
            found = found or whole
    return found
