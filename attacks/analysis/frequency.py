"""How common a word is (wordfreq's Zipf scale), for precision-first code-switching.

A dictionary lists every sense of a word, the rare ones too: Arabic الرياضية (mathematical)
-> "sportswoman", الحتمية (deterministic) -> "inevitability", Spanish general -> "omnibus",
Thai สาย -> "tardily". The sentence almost never means the rare sense, so a translation that
is much rarer than everyday words is not offered. Frequencies come from wordfreq (already a
dependency: ``attacks.realwords``); Thai has no wordfreq list, so no floor applies there.
"""

from __future__ import annotations

import functools
import math

from ..realwords import vocabulary


def zipf(word: str, language: str) -> float | None:
    """The Zipf frequency of ``word`` (lower-cased; a phrase: its rarest word), 0 when it is
    not in the word list, None when ``language`` has no word list."""
    vocab = vocabulary(language)
    if not isinstance(vocab, dict):
        return None
    best = math.inf
    for part in word.lower().split():
        f = vocab.get(part)
        best = min(best, math.log10(f) + 9 if f else 0.0)
    return 0.0 if best == math.inf else best


def common(word: str, language: str, floor: float) -> bool:
    """True when ``word`` is at least ``floor`` on the Zipf scale, or ``language`` has no list."""
    z = zipf(word, language)
    return z is None or z >= floor


@functools.lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    try:
        from wordfreq import available_languages
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return frozenset()
    return frozenset(available_languages())


@functools.lru_cache(maxsize=200_000)
def wordfreq_zipf(text: str, lang: str) -> float | None:
    """wordfreq's own Zipf frequency of ``text`` in ``lang`` (a phrase: wordfreq combines its
    tokens; no floor, unlike ``zipf``'s filtered list), None when wordfreq has no list for ``lang``.
    The one reading of wordfreq's full lists (codeswitch-adv's target floor, the synonym bands)."""
    if lang not in _wordfreq_languages():
        return None
    from wordfreq import zipf_frequency

    return float(zipf_frequency(text, lang))
