"""Linguistic analysis of queries for the word-level attacks, cached per text.

``analyse(text, language)`` splits a query into words that cover it exactly (the
separators between them are kept, so ``Analysis.join`` rebuilds the text) and says,
for every word, its part of speech and lemma where a tagger exists (English, spaCy),
whether it belongs to a named entity or a multiword expression (never switched word
by word), and whether it is a number. Scripts written without spaces are segmented
with jieba (zh) and pythainlp (th); other languages keep the Unicode-aware regex of
``attacks.tokenize``.

Every answer is memoised per (language, text): a random recipe perturbs each query K
times and the analysis (spaCy runs at ~100 queries/s) is paid once.
"""

from __future__ import annotations

import logging
import threading

from ..analysis.tokens import Analysis, Word

logger = logging.getLogger(__name__)

__all__ = ["Analysis", "Word", "analyse", "SEGMENTED"]

#: languages whose words are found by a segmenter instead of spaces
SEGMENTED = frozenset({"zh", "th", "ja"})

_CACHE: dict[tuple[str, str], Analysis] = {}
_CACHE_MAX = 200_000
_LOCK = threading.Lock()


def analyse(text: str, language: str) -> Analysis:
    """The analysis of ``text`` in ISO 639-1 ``language`` (memoised per text)."""
    key = (language, text)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if language == "en":
        from ..analysis.english import analyse_english

        result = analyse_english(text)
    else:
        from ..analysis.segment import analyse_plain

        result = analyse_plain(text, language)
    with _LOCK:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[key] = result
    return result
