"""L -> en (Thai), last resort: the question word of a query that would otherwise stay unswitched.

What: ``question_word(words)`` gives ``(index, English)`` of the first Thai question word (a pythainlp segment of the
recipe's analysis) that ``QUESTION_ENGLISH`` translates in its place, else None. ``CodeSwitch`` asks it only for a th
query none of whose segments is switchable (the hook of section 219's Hindi and section 264's Turkish last resort), so
every other query's switches stay as they were.

Why: XQuAD-R th is 24.3% unperturbable held out (bench/RESULTS.md section 270; issue 10 wants <= 10%). Section 254
found why: most such questions hold only transliterated names (โรเตอร์, เฟรสโน, split into pieces the analysis locks),
words no source lists and function words; but nearly all of them hold a question word (อะไร, ใคร, เมื่อใด, อย่างไร),
which the first tier treats as a function word. Section 275 (branch qw42) measures this tier.

Hand-written (a closed class; no installed library maps Thai question words to English ones). Only segments with one
English are listed. Left out:

- ``ใด`` / ``ไหน`` after a noun ("which", ปีใด "which year"): the analysis locks most such pairs as one expression,
  and a lone "which" behind its noun reads as a relative pronoun; the caller leaves a locked segment anyway;
- ``เท่าใด`` / ``เท่าไร`` ("how much", "how many", "how old", "what (rank)": the English depends on the noun) and
  ``แค่ไหน`` ("to what extent");
- ``ทำไม`` is listed ("why"); ``เพราะอะไร`` ("because of what") is "why" as one segment.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: Thai question words (segments) and their English
QUESTION_ENGLISH: dict[str, str] = {
    "อะไร": "what", "อะไรบ้าง": "what", "สิ่งใด": "what",
    "ใคร": "who", "ใครบ้าง": "who",
    "เมื่อใด": "when", "เมื่อไร": "when", "เมื่อไหร่": "when", "ตอนไหน": "when",
    "ที่ใด": "where", "ที่ไหน": "where",
    "อย่างไร": "how", "ยังไง": "how",
    "ทำไม": "why", "เพราะอะไร": "why", "เพราะเหตุใด": "why",
    "กี่": "how many",
}


def question_word(words: Sequence[str]) -> tuple[int, str] | None:
    """``(index, English)`` of the first question word of a Thai query (``words``: its segments) that
    ``QUESTION_ENGLISH`` translates in its place, else None.

    >>> question_word(["โอบามา", "ได้", "เยือน", "เคนยา", "เมื่อใด"])
    (4, 'when')
    >>> question_word(["ย่าน", "ใด", "ตั้งอยู่"]) is None
    True
    """
    for i, w in enumerate(words):
        english = QUESTION_ENGLISH.get(w.strip("?\uff1f "))
        if english is not None:
            logger.debug("question word %s -> %s", w, english)
            return i, english
    return None
