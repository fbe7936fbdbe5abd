"""L -> en: a word of an L query that is part of a name, although the dictionaries read it as a common word.

Held-out MLQA-R (bench/RESULTS.md section 153.3) judged wrong: es "Hernán Cortés" -> "Hernán Polite" (MUSE's
cortés is the adjective "polite") and zh "格兰特·希尔" (Grant Hill) -> "格兰特· hill". No lock fired: Spanish and
Chinese words carry no part of speech in the L analysis (``attacks.analysis``), the dictionaries list the common
word, and the L -> en path had a name lock for Vietnamese only (a capitalised word inside the sentence). A lock on
every capitalised word inside a Spanish or Turkish sentence would also refuse the institution words the judges
accepted ("el Parlamento de Escocia" -> Parliament, "Ren Vadisi" -> Valley: 80 judged right against 17 judged
wrong over every judged el es ru tr L -> en word, bench/RESULTS.md section 159), so two
narrower cues are read:

- **The word is spelled as an English name** (es, tr: Latin-script languages that write common nouns in lower
  case; German capitalises every noun): a word capitalised inside the sentence whose own spelling, accents
  removed, WordNet lists as a capitalised instance name (Cortés -> WordNet "Cortes", the conquistador;
  Victoria, Unión). The capital says the query uses it as a name; WordNet says the name exists.
- **A transliterated name** (zh): a word joined to another by the interpunct "·" that Chinese writes between
  the parts of a foreign name (格兰特·希尔), or one jieba's tagger (``jieba.posseg``) tags ``nrt`` (a
  transliterated person's name). jieba's ``nr`` / ``ns`` are not read: on the judged sets they tag common
  words the judges accepted (王朝 dynasty, 顾问 consultant, 城市 city, 河谷 valley).

Hand-written rules over WordNet (``nltk``) and jieba's tags: no library says whether an L word is used as a name.
A word so locked is left unswitched (the brief prefers that to a wrong switch).
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from typing import Any

logger = logging.getLogger(__name__)

#: L languages read by ``spelled_as_name``: Latin script, common nouns in lower case (not German; Vietnamese has
#: its own lock on every capitalised word inside the sentence, ``CodeSwitch._skip_reason``)
SPELLED_NAME_LANGUAGES = frozenset({"es", "tr"})
#: characters that join the parts of a transliterated foreign name in Chinese (and Japanese) text
NAME_JOINERS = frozenset("·•‧・")
#: jieba.posseg tags of a transliterated name ("nrt": 希尔 in 格兰特·希尔)
NAME_TAGS = frozenset({"nrt"})
#: characters before a capitalised word that open a sentence or a quotation (so its capital says nothing)
_OPENERS = frozenset(".!?:;…¿¡\"'«“‘(")


def inside_sentence(text: str, start: int) -> bool:
    """True when the word at ``start`` of ``text`` stands inside a sentence: some word comes before it and the
    nearest character before it (spaces skipped) neither ends a sentence nor opens a quotation."""
    before = text[:start].rstrip()
    if not any(ch.isalnum() for ch in before):
        return False
    return before[-1] not in _OPENERS


def _plain(word: str) -> str:
    """``word`` in lower case without its accents (Cortés -> cortes)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


def spelled_as_name(wn: Any, word: str) -> bool:
    """True when WordNet (``wn``: nltk's reader) lists ``word``'s own spelling, accents removed, as a capitalised
    instance (a named person or place): Cortés -> "Cortes", Victoria; not río, año (no capitalised instance)."""
    plain = _plain(word)
    if not plain.isalpha():
        return False
    return any(s.instance_hypernyms() and any(lem.name().lower() == plain and lem.name()[:1].isupper()
                                               for lem in s.lemmas())
               for s in wn.synsets(plain))


@functools.lru_cache(maxsize=4096)
def transliterated_name_spans(text: str) -> frozenset[tuple[int, int]]:
    """(start, end) of the words jieba's tagger (``jieba.posseg``) tags as a transliterated name (``NAME_TAGS``)
    in the Chinese ``text``. Cached per text."""
    from ..analysis.segment import chinese_tagged

    return frozenset((s, e) for s, e, flag in chinese_tagged(text) if flag in NAME_TAGS)


def joined_name_part(text: str, start: int, end: int) -> bool:
    """True when the word ``text[start:end]`` touches a name joiner (``NAME_JOINERS``): 希尔 in 格兰特·希尔."""
    return (start > 0 and text[start - 1] in NAME_JOINERS) or (end < len(text) and text[end] in NAME_JOINERS)


def name_word(text: str, start: int, end: int, lang: str, wn: Any | None) -> bool:
    """True when the word ``text[start:end]`` of an L query (``lang``) is part of a name by the cues above, so
    that L -> en code-switching leaves it (``CodeSwitch._skip_reason``). ``wn`` may be None (no WordNet: the
    spelling cue is not read)."""
    word = text[start:end]
    if lang in SPELLED_NAME_LANGUAGES:
        if wn is None or not word[:1].isupper() or not inside_sentence(text, start):
            return False
        hit = spelled_as_name(wn, word)
    elif lang == "zh":
        from .zhtitles import in_title  # a 《title》's words (section 235, branch zhl2en38)

        hit = (joined_name_part(text, start, end) or (start, end) in transliterated_name_spans(text)
               or in_title(text, start, end))
    else:
        return False
    if hit:
        logger.debug("%s %r: part of a name, not switched", lang, word)
    return hit
