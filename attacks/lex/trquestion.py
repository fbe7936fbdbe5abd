"""L -> en (Turkish), last resort: the question word of a query that would otherwise stay unswitched.

What: ``question_word(words)`` gives ``(index, English)`` of the question word of a Turkish query that
``QUESTION_ENGLISH`` translates in its place, else None. ``CodeSwitch`` asks it only for a tr query none of whose
words is switchable (the hook beside section 219's Hindi one, ``lex.hiquestion``), so every other query's switches
stay as they were.

Why: bench/RESULTS.md section 264 (branch tr41): 36 of XQuAD-R tr test's 282 questions are unperturbable at main
dc90aac (issue 10 wants <= 10%). Their content words are names (DECnet, Oracle, McKinsey & Company), words no
dictionary lists in that form, or words the sources disagree on; but nearly all hold a question word, and Turkish
question words are function words here (``_EXTRA_FUNCTION_WORDS``: kaç once became "run"), so the first tier never
offers them.

Hand-written (a closed class; no installed library maps Turkish question words to English ones). Only forms with
one English are listed; a case or copula ending is dropped in the English (neye "to what", nedir "what is" ->
"what"; the rubric accepts a dictionary form for an inflected word). Left out:

- ``neden``: "why", but also the noun "cause, reason" (neden olan "that caused");
- ``ne`` before zaman / kadar / tür / türde / çeşit / anlama / de / da: ne zaman "when", ne kadar "how much", ne tür
  "what kind" and ne ... ne "neither ... nor" are two-word units whose ``ne`` alone is not "what"; ne anlama
  gelmektedir is "what does it mean", whose "what" would sit beside the idiom's noun. Of these, ``question_unit``
  switches ne zaman "when" and ne tür / ne türde / ne çeşit "what kind" whole, as ONE analysed word (as en -> L's
  ``_quantity_question`` joins "How many"); ne kadar ("how much", "how long", "how far") is left;
- ``kaçıncı`` ("which (ordinal)"), ``nereden`` and ``kimin`` ("from where", "whose": no one-word English
  the rubric would read as the same form).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: Turkish question words (lower-case surface forms) and their English
QUESTION_ENGLISH: dict[str, str] = {
    "kaç": "how many",
    "hangi": "which", "hangisi": "which", "hangisidir": "which",
    "nerede": "where", "nerededir": "where", "neredeydi": "where", "nereye": "where",
    "nasıl": "how",
    "niçin": "why", "niye": "why",
    "kim": "who", "kimdir": "who", "kimdi": "who", "kimlerdir": "who",
    "kimi": "whom", "kime": "whom",
    "ne": "what", "nedir": "what", "neydi": "what", "neler": "what", "nelerdir": "what",
    "neyi": "what", "neye": "what", "neyin": "what", "neyle": "what", "nede": "what",
}

#: two-word question words switched whole by ``question_unit`` (lower-case surface words)
QUESTION_UNITS: dict[tuple[str, str], str] = {
    ("ne", "zaman"): "when",
    ("ne", "tür"): "what kind", ("ne", "türde"): "what kind", ("ne", "çeşit"): "what kind",
}

#: the words after which ``ne`` is part of another unit (module docstring)
_NOT_AFTER_NE = frozenset({"zaman", "zamandan", "kadar", "kadardır", "tür", "türde", "türden", "çeşit", "anlama",
                           "de", "da"})


def _norm(word: str) -> str:
    """Lower case by Turkish rules, without a trailing apostrophe or punctuation."""
    from ..analysis.script import lower

    return lower(word, "tr").strip("'’?.,!")


def question_word(words: Sequence[str]) -> tuple[int, str] | None:
    """``(index, English)`` of the first question word of a Turkish query (``words``: its words, surface forms)
    that ``QUESTION_ENGLISH`` translates in its place, else None.

    >>> question_word(["Manakintown’a", "kaç", "yerleşimci", "yerleşti"])
    (1, 'how many')
    >>> question_word(["Kegen", "ne", "zaman", "imparatordu"]) is None
    True
    """
    low = [_norm(w) for w in words]
    for i, w in enumerate(low):
        english = QUESTION_ENGLISH.get(w)
        if english is None:
            continue
        if w == "ne" and i + 1 < len(low) and low[i + 1] in _NOT_AFTER_NE:
            continue
        logger.debug("question word %s -> %s", w, english)
        return i, english
    return None


def question_unit(a: Any, spans: set[tuple[int, int]] | None) -> tuple[Any, set[tuple[int, int]] | None,
                                                                     tuple[int, str] | None]:
    """``(analysis, spans, (index, English) | None)`` for a Turkish query's analysis ``a``: the first question word
    of ``question_word`` or of ``QUESTION_UNITS``, whichever comes first. A unit (ne zaman) is joined into ONE word
    of the returned analysis, and its span added to ``spans``; otherwise ``a`` and ``spans`` come back as they
    are."""
    from ..analysis.tokens import join_pair

    texts = [w.text for w in a.words]
    low = [_norm(w) for w in texts]
    single = question_word(texts)
    for i in range(len(low) - 1):
        if single is not None and single[0] < i:
            break
        english = QUESTION_UNITS.get((low[i], low[i + 1]))
        if english is None or a.parts[2 * i + 2] != " ":
            continue
        b, joined_spans = join_pair(a, i, "PRON", f"{low[i]} {low[i + 1]}", spans)
        logger.debug("question unit %s -> %s", b.words[i].text, english)
        return b, joined_spans, (i, english)
    return a, spans, single
