"""Is a string a word of a language? Used to reject typos that spell another real word.

A typo that happens to spell another word (Russian триаду -> тираду "tirade",
Chinese 热潮 -> 潮热 "hot flushes") changes the query's meaning instead of
adding noise; a reader cannot recover the intended word. Vocabularies come from
wordfreq (``get_frequency_dict``: 40+ languages, Chinese tokenised by jieba) and,
for Thai, which wordfreq lacks, pythainlp's word list. A string counts as a word
when its frequency is at least ``MIN_ZIPF`` on the Zipf scale (once per 10^9
words at 0; 1.5 also catches rarer real words such as тираду "tirade" or Arabic فلترات "filters").
Arabic words carry clitics (و ف ب ل ك and the article): a candidate is also a word when it
is one after the clitics are taken off (بالساكن = ب + ال + ساكن "the inhabitant").
"""

from __future__ import annotations

import logging
from functools import cache

logger = logging.getLogger(__name__)

MIN_ZIPF = 1.5


@cache
def vocabulary(language: str) -> frozenset[str] | dict[str, float] | None:
    """The lower-cased words of ``language`` (a dict word -> frequency, or a set); None
    when no vocabulary is installed for it (then no typo is rejected as a real word)."""
    if language == "th":
        try:
            from pythainlp.corpus import thai_words  # noqa: PLC0415
        except ModuleNotFoundError:
            return None
        return frozenset(thai_words())
    try:
        import wordfreq  # noqa: PLC0415
    except ModuleNotFoundError:
        logger.warning("wordfreq is not installed: typos that spell real words are not filtered")
        return None
    if language not in wordfreq.available_languages():
        return None
    floor = 10 ** (MIN_ZIPF - 9)
    return {w: f for w, f in wordfreq.get_frequency_dict(language, wordlist="best").items() if f >= floor}


_AR_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def is_word(text: str, language: str) -> bool:
    """True when ``text`` (lower-cased) is a word of ``language``'s vocabulary (Arabic: also
    once its clitics are taken off)."""
    vocab = vocabulary(language)
    if vocab is None:
        return False
    t = text.lower()
    if t in vocab:
        return True
    if language == "ar":
        for c in _AR_CLITICS:
            if t.startswith(c) and len(t) - len(c) >= 3 and t[len(c):] in vocab:
                return True
    return False
