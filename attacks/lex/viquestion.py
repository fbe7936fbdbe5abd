"""L -> en (Vietnamese), last resort: the question word of a query that would otherwise stay unswitched.

What: ``question_unit(a, spans)`` finds the first Vietnamese question word of a query's analysis (pyvi's words) that
``QUESTION_ENGLISH`` or ``QUESTION_UNITS`` translates in its place; a two-word unit (khi nào "when", ở đâu "where",
tại sao "why", như thế nào "how") is joined into ONE analysed word, as ``lex.trquestion.question_unit`` joins Turkish
ne zaman. ``CodeSwitch`` asks it only for a vi query none of whose words is switchable (the hook of sections 219, 264
and 275), so every other query's switches stay as they were.

Why: XQuAD-R vi is the language most often left unperturbable: 143/282 test and 90/159 dev questions at main 2eb9029
(``python bench/validity.py coverage``), 63-72% held out (section 259); issue 10 wants <= 10%. Vietnamese has one
dictionary (MUSE en-vi; no Vietnamese wordnet in OMW), so the sources' agreement rules leave most content words; but
nearly every such question holds a question word (gì 83 times, nào 69, bao nhiêu 33, ai 20 in those 233 questions),
which the first tier treats as a function word. Section 275 (branch qw42) measures this tier.

Hand-written (a closed class; no installed library maps Vietnamese question words to English ones). Only uses with one
English are listed. Left out or restricted:

- ``nào`` is "which" after a noun (năm nào "which year"), but part of khi nào / lúc nào "when", thế nào "how" (joined
  first as units);
- ``đâu`` is "where" only in ở đâu / tại đâu (a unit); Đâu là ... opening a query is "what is ..." and từ đâu "from
  where" has no one-word English: left;
- ``bao nhiêu`` / ``mấy`` are "how many" only before a counted word: not before a mass noun (``_MASS``: tiền "money",
  thời gian "time") or a function word (``_NOT_COUNTED``: ăn bao nhiêu trong một ngày "eat how much in a day", thấp
  hơn bao nhiêu so với "lower by how much than", đến bao nhiêu dù "to how much although": section 285), not after
  thứ (xếp thứ bao nhiêu "ranked in which place"), and not closing a query (là bao nhiêu "is how much": English
  asks "what"); pyvi's tags are no help here (phần trăm "percent" comes as a verb);
- ``nào`` after bất kỳ / bất cứ ("any": bất kỳ nút nào "any knot") is no question word;
- ``thế nào`` alone after a noun is "what kind of" (đứa trẻ thế nào "what kind of child": section 285), not "how";
- ``ai`` is "who" (của ai "of whom" included: the rubric accepts the dictionary form).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

#: Vietnamese question words (lower-case analysed words) and their English
QUESTION_ENGLISH: dict[str, str] = {
    "gì": "what",
    "ai": "who",
    "nào": "which",
    "thế nào": "how",
    "bao nhiêu": "how many", "mấy": "how many",
    "tại sao": "why", "vì sao": "why",
}

#: two-word question units (lower-case analysed words) switched whole by ``question_unit``
QUESTION_UNITS: dict[tuple[str, str], str] = {
    ("khi", "nào"): "when", ("lúc", "nào"): "when", ("bao", "giờ"): "when",
    ("ở", "đâu"): "where", ("tại", "đâu"): "where",
    ("tại", "sao"): "why", ("vì", "sao"): "why",
    ("như", "thế nào"): "how", ("làm", "thế nào"): "how", ("làm", "sao"): "how",
    ("cái", "gì"): "what", ("điều", "gì"): "what",
}

#: mass nouns before which bao nhiêu / mấy is "how much" (left)
_MASS = frozenset({"tiền", "thời gian", "nước", "năng lượng", "đất", "diện tích", "khoảng cách", "thuế", "chi phí",
                   "lượng", "dân số", "nhiệt độ"})
#: function words after which bao nhiêu / mấy counts nothing (module docstring)
_NOT_COUNTED = frozenset({"trong", "so", "với", "trên", "vào", "cho", "từ", "để", "ở", "tại", "mỗi", "là", "và",
                          "hay", "hoặc", "khi", "thì", "của", "đến", "ra", "một", "nữa", "được", "bị",
                          "dù", "mặc dù", "dẫu", "tuy", "nếu"})
#: the words that make a later nào "any"
_ANY = frozenset({"bất kỳ", "bất cứ", "bất kì"})


def _single(low: list[str], a_pos: list[str], i: int) -> str | None:
    """The English of the query's analysed word ``i`` (``low``: every word, lower case; ``a_pos``: their parts of
    speech) as a question word alone, or None (the module docstring's restrictions)."""
    w = low[i]
    english = QUESTION_ENGLISH.get(w)
    if english is None:
        return None
    if w in ("bao nhiêu", "mấy"):
        after = low[i + 1] if i + 1 < len(low) else ""
        if (not after or not any(ch.isalpha() for ch in after) or after in _MASS or after in _NOT_COUNTED
                or (i > 0 and low[i - 1] == "thứ")):
            return None
    if w == "nào" and _ANY & set(low[:i]):
        return None
    if w == "thế nào" and i > 0 and a_pos[i - 1] == "NOUN":
        return None  # N thế nào is "what kind of N", not "how" (đứa trẻ thế nào)
    return english


def question_unit(a: Any, spans: set[tuple[int, int]] | None) -> tuple[Any, set[tuple[int, int]] | None,
                                                                     tuple[int, str] | None]:
    """``(analysis, spans, (index, English) | None)`` for a Vietnamese query's analysis ``a``: its first question
    word, a unit of ``QUESTION_UNITS`` joined into ONE word of the returned analysis (its span added to ``spans``);
    otherwise ``a`` and ``spans`` come back as they are."""
    from ..analysis.tokens import join_pair

    low = [w.text.lower().strip("?.,!") for w in a.words]
    pos = [w.pos for w in a.words]
    for i in range(len(low)):
        if i + 1 < len(low) and a.parts[2 * i + 2] == " " and (low[i], low[i + 1]) in QUESTION_UNITS:
            english = QUESTION_UNITS[(low[i], low[i + 1])]
            b, joined_spans = join_pair(a, i, "PRON", f"{low[i]} {low[i + 1]}", spans)
            logger.debug("question unit %s -> %s", b.words[i].text, english)
            return b, joined_spans, (i, english)
        if i > 0 and (low[i - 1], low[i]) in QUESTION_UNITS:
            continue  # the second word of a unit the loop did not join (no plain space between)
        single = _single(low, pos, i)
        if single is not None:
            logger.debug("question word %s -> %s", low[i], single)
            return a, spans, (i, single)
    return a, spans, None
