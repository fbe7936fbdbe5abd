"""L -> en (Arabic), last resort: the question word of a query that would otherwise stay unswitched.

What: ``question_word(words)`` gives ``(index, English)`` of the first Arabic question word that ``QUESTION_ENGLISH``
translates in its place, else None. ``CodeSwitch`` asks it only for an ar query none of whose words is switchable (the
hook of section 219's Hindi and section 264's Turkish last resort, ``lex.hiquestion`` and ``lex.trquestion``), so every
other query's switches stay as they were.

Why: XQuAD-R ar is 11.0% unperturbable held out (bench/RESULTS.md section 274; issue 10 wants <= 10%): the content
words of such a question are transliterated names (ماكينزي, هويهوي), forms no dictionary lists or words the sources
disagree on, but nearly every one opens with a question word, and question words are function words for the first
tier. Section 275 (branch qw42) measures this tier.

Hand-written (a closed class; no installed library maps Arabic question words to English ones). Only uses with one
English are listed; left out, because the English depends on what follows:

- ``من`` is "who" only as the query's first word, and not before a word that makes it the preposition "from/of"
  (من أين "from where", من بين "among", من المتوقع "it is expected": a following word with the article ال is
  allowed only when it is a relative pronoun, من الذي "who");
- ``كم`` is "how many" only before عدد ("the number of") or a noun in the accusative of specification (كم نوعاً,
  كم حزمةً, a word ending in ا / اً / ةً); كم عمر is "how old", كم تستطيع ... "how much", كم من "how much of":
  left;
- ``ما`` before مدى ("to what extent"), إذا ("whether"), زال / دام (negation: "still", "as long as") is left;
- ``أي`` before أن / إن ("that is") is left;
- ``هل`` (the yes/no particle) has no English word; لمن ("for / of whom"), فيم, بما, بماذا, عما (a preposition glued
  to the question word) have no one-word English: left.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: Arabic question words (surface forms, vowel marks removed) and their English
QUESTION_ENGLISH: dict[str, str] = {
    "ما": "what", "ماذا": "what",
    "لماذا": "why",
    "متى": "when",
    "أين": "where",
    "كيف": "how",
    "كم": "how many",
    "من": "who",
    "أي": "which", "أية": "which",
}

#: the words after which ``من`` is the preposition (section 275 of branch qw42; the module docstring)
_FROM_BEFORE = frozenset({"أين", "أي", "بين", "أجل", "خلال", "قبل", "بعد", "حيث", "ضمن", "دون", "عند", "جهة",
                          "جانب", "ناحية", "فضلك", "ثم", "هنا", "هناك"})
#: relative pronouns with the article after which ``من`` stays "who" (من الذي "who (is it) that")
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي", "اللواتي"})
#: the words after which ``ما`` is no "what"
_NOT_WHAT_BEFORE = frozenset({"مدى", "إذا", "زال", "يزال", "دام", "لم"})
#: the words after which ``أي`` is "that is"
_NOT_WHICH_BEFORE = frozenset({"أن", "إن", "أنه", "أنها"})

_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # vowel marks, superscript alef, tatweel


def _norm(word: str) -> str:
    """A word without vowel marks, tatweel or trailing punctuation (لمَن -> لمن; أيّ -> أي)."""
    return _MARKS.sub("", word).strip("؟?.,،!:؛\"'«»")


def _specification(word: str) -> bool:
    """Whether ``word`` reads as the accusative noun after كم "how many" (نوعاً / نوعا, حزمةً, طنّا), or عدد."""
    raw, bare = word.strip("؟?.,،!:؛"), _norm(word)
    return (bare == "عدد" or raw.endswith(("اً", "ًا", "ةً"))
            or (len(bare) > 2 and bare.endswith("ا") and not bare.startswith("ال")))


def _left(w: str, i: int, after: str, after_raw: str) -> bool:
    """Whether question word ``w`` (the query's word ``i``, before ``after``: normalised, ``after_raw``: as written)
    is one of the uses the module docstring leaves out."""
    if w == "من":
        return i != 0 or after in _FROM_BEFORE or (after.startswith("ال") and after not in _RELATIVES)
    if w == "كم":
        return not after_raw or not _specification(after_raw)
    if w == "ما":
        return after in _NOT_WHAT_BEFORE
    if w in ("أي", "أية"):
        return not after or after in _NOT_WHICH_BEFORE
    return False


def question_word(words: Sequence[str]) -> tuple[int, str] | None:
    """``(index, English)`` of the first question word of an Arabic query (``words``: its words, surface forms)
    that ``QUESTION_ENGLISH`` translates in its place, else None.

    >>> question_word(["متى", "هُزِم", "المغول"])
    (0, 'when')
    >>> question_word(["من", "أين", "جاء"])  # "from where": من is the preposition, أين the question word
    (1, 'where')
    """
    low = [_norm(w) for w in words]
    for i, w in enumerate(low):
        english = QUESTION_ENGLISH.get(w)
        if english is None or _left(w, i, low[i + 1] if i + 1 < len(low) else "",
                                    words[i + 1] if i + 1 < len(words) else ""):
            continue
        logger.debug("question word %s -> %s", w, english)
        return i, english
    return None
