"""L -> en (Hindi), last resort: the question word of a query that would otherwise stay unswitched.

A Hindi question whose every content word is a transliterated name, a form no dictionary lists or a word the
sources disagree on is left unperturbable: 53 of XQuAD-R hi test's 282 questions at main 31f190d (section 219 of
branch hi37), far above issue 10's 10%. Most of them still hold a question word, and the dictionaries agree on its
English (MUSE and FreeDict both give कब "when", कहाँ "where"), but English question words are stop words, so the
first tier never offers them. As en -> L does for an English query with no switchable word (its second tier,
``CodeSwitch._fallback_slots``, switches the opening "Who", "When"), such a Hindi query gets its question word
switched, and only such a query: the switches of every other query stay as they were.

The table is hand-written (a closed class; no installed library maps Hindi question words to English ones) and
holds only unambiguous forms:

- क्या is "what" except as the first word, where it is the yes/no particle ("क्या नॉर्वे ... शामिल हो पाया?",
  "did Norway join ..."): not switched there;
- कौन is "who" except before सा/सी/से, where कौन सा is "which" and the particle would stay behind ("which सा");
  the written-together कौनसा/कौनसी/कौनसे are "which";
- किसे/किसको, the object form of कौन, are "whom"; the other oblique forms, किस, किन, किससे, किसका/किसके/किसकी
  ("which", "from what", "whose" or "of what") depend on the postposition after them and are left out; कितना/
  कितने/कितनी ("how much", "how many", "how far") too, their sense is the noun's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: the Hindi question words and their English (surface forms; the analysis gives Hindi words no lemma)
QUESTION_ENGLISH: dict[str, str] = {
    "कब": "when",
    "कहाँ": "where", "कहां": "where",
    "क्यों": "why",
    "कैसे": "how",
    "किसने": "who",
    "किसे": "whom", "किसको": "whom",
    "कौन": "who",
    "कौनसा": "which", "कौनसी": "which", "कौनसे": "which",
    "क्या": "what",
}

#: the words after which कौन is the determiner "which" (कौन सा, कौन सी, कौन से)
_WHICH_PARTICLES = frozenset({"सा", "सी", "से"})


def question_word(words: Sequence[str]) -> tuple[int, str] | None:
    """``(index, English)`` of the first question word of a Hindi query (``words``: its words, surface forms) that
    ``QUESTION_ENGLISH`` translates in its place, else None.

    >>> question_word(["स्टेटर", "को", "कब", "बनाया", "गया"])
    (2, 'when')
    >>> question_word(["क्या", "नॉर्वे", "शामिल", "हुआ"]) is None
    True
    """
    for i, w in enumerate(words):
        english = QUESTION_ENGLISH.get(w)
        if english is None:
            continue
        if w == "क्या" and i == 0:
            continue  # the yes/no particle
        if w == "कौन" and i + 1 < len(words) and words[i + 1] in _WHICH_PARTICLES:
            continue  # कौन सा: "which", its particle would stay behind
        logger.debug("question word %s -> %s", w, english)
        return i, english
    return None
