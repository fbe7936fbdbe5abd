"""L -> en (Thai): a negated copula the segmenter cut, and a nominalised word given as an adjective.

Two recurring rejects of the judged Thai L -> en sets that section 167's TNC lock (``lex.thaiphrase``) does not
reach (bench/RESULTS.md section 191):

- **A negation glued to its verb.** pythainlp's ``newmm`` cuts ไม่ใช่ "is not" into ไม่ + ใช่, and ใช่ alone
  switches to "yes": "ไซดิปพิดไม่ yes สิ่งใด" loses the question's negation (rev24-rev24b-th). ไม่ใช่ is not in
  ``thai_words`` nor in the Thai National Corpus list, but it is one word of pythainlp's own Thai stop-word list
  (``thai_stopwords``), and ไม่ is one of pythainlp's two negation words (``corpus/negations_th.txt``: ไม่,
  แต่). A run of glued segments that spells one stop word and starts with a negation word is one grammatical
  word: none of its pieces is switched. (The stop list alone is not the rule: its runs also hold เชื่อว่า
  "believe that" and คิดว่า "think that", whose verbs are judged right as believe / think.)
- **A nominalised word whose English is an adjective.** การ and ความ make a noun of the word glued after them
  (การรุกราน "the invasion", ความยาก "the difficulty"); when every sense WordNet knows for the first English
  candidate is an adjective or adverb ("invasive", "difficult"), the switch gives another part of speech (judged
  wrong in v4-th and v5-th). The word is not switched (no dictionary the machine has gives the noun).

Hand-written over pythainlp's word lists and NLTK's WordNet: pythainlp has no call that says a segment is part
of a stop word, and no part-of-speech check of an English candidate.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

#: the longest run of glued segments looked up as one stop word
LONGEST = 3

#: Thai prefixes that make a noun of the verb or adjective glued after them
NOMINALISERS = frozenset({"การ", "ความ"})


@lru_cache(maxsize=1)
def _stop_and_negations() -> tuple[frozenset[str], frozenset[str]]:
    """pythainlp's Thai stop words and its negation words (``negations_th.txt``), both empty without
    pythainlp (then no segment counts as a piece)."""
    try:
        from pythainlp.corpus import get_corpus, thai_stopwords

        negations = frozenset(w.strip().lstrip("\ufeff") for w in get_corpus("negations_th.txt") if w.strip())
        return frozenset(thai_stopwords()), negations
    except Exception as e:  # pragma: no cover - pythainlp missing or its corpus files unreadable
        logger.warning("no pythainlp stop or negation words (%s): negated stop words are not kept whole", e)
        return frozenset(), frozenset()


def negated_pieces(spans: Sequence[tuple[int, int]], text: str, longest: int = LONGEST) -> dict[int, str]:
    """The segments of ``text`` (``spans``: their (start, end), in order) that are pieces of a run of 2 to
    ``longest`` glued segments spelling one pythainlp stop word whose first segment is a pythainlp negation word
    (ไม่|ใช่ "is not"), each with that word. A run never crosses a space."""
    from .thaiphrase import phrase_pieces

    stop, negations = _stop_and_negations()
    return phrase_pieces(spans, text, stop, longest, starts=negations)


def nominalised_adjective(spans: Sequence[tuple[int, int]], text: str, i: int, english: str,
                          wordnet: Any) -> bool:
    """True when segment ``i`` of ``text`` is glued right after a nominaliser (การ, ความ) and ``english`` (its
    first candidate) is, by every WordNet sense of it, an adjective or adverb: a noun switched as an adjective
    (การรุกราน -> "invasive"). False when WordNet does not know the word (nothing to say) or has no ``wordnet``."""
    if i == 0 or wordnet is None or spans[i - 1][1] != spans[i][0]:
        return False
    if text[spans[i - 1][0]:spans[i - 1][1]] not in NOMINALISERS:
        return False
    kinds = {s.pos() for s in wordnet.synsets(english.strip().replace(" ", "_"))}
    return bool(kinds) and kinds <= {"a", "s", "r"}
