"""L -> en (zh): a word inside a title the question writes in 《》 is part of that title, not a common word.

Section 214 (rev27b, held-out, bench/validity/lexical/rev27-rev27b-zh.jsonl) judged wrong 《英国国籍法令》 ->
"英国国籍 decree" (the British Nationality Act) and 哪部《神秘博士》里没有神秘博士一角 -> "mystery" (Doctor Who):
jieba splits a title into common words and MUSE translates them one by one. A Chinese question marks a title with
the book-title brackets 《》, so a word is left unswitched when it lies inside a 《...》 span, or inside another place
where the question writes the same title's text without the brackets (神秘博士一角: the role named after the series).
Hand-written (section 235): no segmenter or dictionary we ship says which words of a query are a title; the brackets do.
"""

from __future__ import annotations

import functools
import logging
import re

logger = logging.getLogger(__name__)

#: a title in Chinese book-title brackets (also the single 〈〉 ones used for chapters and short works)
_TITLE = re.compile(r"《([^《》]+)》|〈([^〈〉]+)〉")


@functools.lru_cache(maxsize=4096)
def title_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every bracketed title's text in ``text`` and of every other occurrence of that same text
    (the title written again without brackets), sorted. Cached per text."""
    spans: set[tuple[int, int]] = set()
    for m in _TITLE.finditer(text):
        title = m.group(1) or m.group(2)
        if len(title.strip()) < 2:
            continue
        spans.update((k.start(), k.end()) for k in re.finditer(re.escape(title), text))
    return tuple(sorted(spans))


def in_title(text: str, start: int, end: int) -> bool:
    """True when the word ``text[start:end]`` lies (wholly or in part) inside a title span of ``title_spans``."""
    hit = any(s < end and start < e for s, e in title_spans(text))
    if hit:
        logger.debug("zh %r: inside a title, not switched", text[start:end])
    return hit
