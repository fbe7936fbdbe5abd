"""English -> L: "season" counted before "of" names a TV series' seasons, not a season of the year.

"is there only one season of band of brothers", "is there only one season of cowboy bebop", "is there only one
season of alias grace": the dictionaries translate "season" first as the season of the year (zh 季节), which
held-out v22, v25 and v31 judged wrong for a TV season three times (bench/RESULTS.md section 194). The code-switching
recipe already takes the series sense (``Sources.series_sense``) for a numbered season ("season 4", "a 5th season")
and for one more of a series ("another season of ..."); a season *counted* by a cardinal right before it and followed
by "of" and what it is a season of is the same sense: a year has its seasons, but nobody asks for "one season of"
a year.

``counted_season``: word ``i`` of an English analysis is "season"/"seasons", the word before it is a cardinal
("one", "two", ..., a numeral) or "many" after "how", and the word after it is "of" followed by no time word ("the
year"). Hand-written over the words, as the recipe's ``_numbered`` and ``_next_instalment`` are (no library tags an
instalment noun's sense). Adopted for zh only: where the other targets' word for the year's season is wrong the
series rule has served them since section 80 (loans, OMW), and it would take it stagione (judged right in the same
three questions) from Italian, which has no series-only word.
"""

from __future__ import annotations

import logging
import re
from typing import Any

logger = logging.getLogger(__name__)

#: a cardinal before a counted noun: "one season", "two seasons", "10 seasons"
_CARDINAL_BEFORE = re.compile(r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$")
#: what a season of the year is a season of ("one season of the year"): not a series
_TIME_WORDS = frozenset({"year", "years", "calendar"})


def counted_season(a: Any, i: int) -> bool:
    """True when word ``i`` of English analysis ``a`` (``a.words``: tokens with ``text`` and ``lemma``) is "season"
    counted by the word before it ("only one season of", "how many seasons of") and followed by "of" and no time
    word: the series sense. False otherwise (nothing about the words around is guessed)."""
    words = a.words
    w = words[i]
    if (w.lemma or w.text).lower() != "season" or i == 0 or i + 2 >= len(words):
        return False
    before = words[i - 1].text.lower()
    how_many = before == "many" and i > 1 and words[i - 2].text.lower() == "how"
    counted = bool(_CARDINAL_BEFORE.match(before)) or how_many
    if not counted or words[i + 1].text.lower() != "of":
        return False
    after = [v.text.lower() for v in words[i + 2:i + 4]]
    return not any(t in _TIME_WORDS for t in after)
