"""L -> en (Thai): segments that are pieces of a longer word of the Thai National Corpus word list.

pythainlp's ``newmm`` segmenter cuts words its own word list (``thai_words``) does not hold into pieces, and the
pieces then switch one by one in their own, other sense: อย่างน้อย "at least" -> อย่าง + "less", เปอร์เซนต์
"percent" -> เปอร์ + "saint", ไอน้ำ "steam" -> ไอ + "water", ฐานเสียง "voter base" -> ฐาน + "sound" (judged wrong
in rev24-rev24b-th, l2en27-golden, l2en27-unpert-th, rev21-rev21b-th; bench/RESULTS.md sections 165.4 and 27).
The analysis already locks two glued pieces that form a ``thai_words`` word (``analysis.segment._thai_locks``);
these phrases are not in that list, but they are in the word list of the Thai National Corpus that pythainlp
ships (``pythainlp.corpus.tnc``: about 106,000 words with their corpus frequency, no download). A run of two or
three glued segments (no space between them) that spells one TNC word is one word: none of its pieces is
switched alone. (Volubilis, the larger dictionary pythainlp ships, was measured too and not used: it lists the
regular การ/ของ/มี + noun phrases, and its runs cover 120 judged-right words for 42 judged-wrong ones on the judged
th sets, against 5 for 15 with the TNC list; section 167.3.)

Hand-written over pythainlp's word list: pythainlp has no call that says whether a segment is part of a word.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

logger = logging.getLogger(__name__)

#: the longest run of glued segments looked up as one word
LONGEST = 3


@lru_cache(maxsize=1)
def tnc_words() -> frozenset[str]:
    """The words of the Thai National Corpus frequency list pythainlp ships (``tnc_freq.txt``); empty when
    pythainlp is not installed (then no segment counts as a piece)."""
    try:
        from pythainlp.corpus import tnc

        return frozenset(tnc.unigram_word_freqs())
    except Exception as e:  # pragma: no cover - pythainlp missing or its corpus file unreadable
        logger.warning("no Thai National Corpus word list (%s): Thai phrases are not kept whole", e)
        return frozenset()


def phrase_pieces(spans: Sequence[tuple[int, int]], text: str, lexicon: frozenset[str] | None = None,
                  longest: int = LONGEST, starts: frozenset[str] | None = None) -> dict[int, str]:
    """The segments of ``text`` (``spans``: their (start, end), in order) that are pieces of a run of 2 to
    ``longest`` glued segments spelling one word of ``lexicon`` (default: ``tnc_words``), each with that word
    (the first run found). A run never crosses a space: two words written apart are two words. ``starts``: only
    runs whose first segment is one of these (``lex.thaiform``'s negation words)."""
    words = tnc_words() if lexicon is None else lexicon
    out: dict[int, str] = {}
    for i in range(len(spans)):
        if starts is not None and text[spans[i][0]:spans[i][1]] not in starts:
            continue
        for n in range(2, longest + 1):
            if i + n > len(spans) or spans[i + n - 2][1] != spans[i + n - 1][0]:
                break
            whole = text[spans[i][0]:spans[i + n - 1][1]]
            if whole in words:
                for k in range(i, i + n):
                    out.setdefault(k, whole)
    return out
