"""L -> en (zh): a word jieba tags as a person's name, whose English is the spelling of an English name, is the name.

rev28-rev28c-zh judged wrong 在布朗案之后 -> 布朗 "brown" (Brown v. Board of Education): MUSE's zh-en lists
the surname's transliteration under the lower-case word (布朗 brown, 格林 green, 贝克 baker), so the
colour or the trade replaces a person's name. ``lex.namewords`` reads only jieba's ``nrt`` tag
(transliterated name), because ``nr`` also tags common words the judges accepted (王朝 dynasty, 顾问
consultant, 雨林 rainforest: section 235). Those words' English is no name; the surnames' English is:
WordNet lists Brown, Green, Baker as capitalised instances (named persons).

``person_name``: the word is tagged ``nr`` or ``nrt`` by jieba.posseg and its English candidate is
spelled as a WordNet capitalised instance name (``lex.namewords.spelled_as_name``). Such a word is
not switched (section 277, branch zhname42). Hand-written over jieba's tags and nltk's WordNet
reader: no library we ship says that a Chinese word is a person's name rendered as a common English
word.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

#: jieba.posseg tags of a person's name (nr) and a transliterated name (nrt)
PERSON_TAGS = frozenset({"nr", "nrt"})


def person_name(text: str, start: int, end: int, english: str, wn: Any | None) -> bool:
    """True when the word ``text[start:end]`` of a zh query is tagged as a person's name (``PERSON_TAGS``) and its
    ``english`` is spelled as a WordNet name (布朗 -> brown: Brown). ``wn`` None (no WordNet): False."""
    if wn is None:
        return False
    from .namewords import spelled_as_name
    from .zhnamepiece import flags

    hit = bool(flags(text, start, end) & PERSON_TAGS) and spelled_as_name(wn, english.strip())
    if hit:
        logger.debug("zh %r: a person's name, not %r", text[start:end], english)
    return hit
