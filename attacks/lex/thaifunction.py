"""L -> en (Thai): segments that are grammar, not content, by pythainlp's part-of-speech tagger.

pythainlp's ``newmm`` segmenter splits idioms its word list does not hold (bench/RESULTS.md section 151), and
the pieces then switch as content words: มีด้วยกัน "in all" -> "together" (three times in rev23-rev23b-th),
มาจาก "from" -> "come", มอบให้แก่ "given to" -> "old" (แก่ the preposition read as the adjective "old"),
เกิดใหม่ "reborn" -> "new" (judged wrong in th, v4-th, rev23-rev23b-th; section 155.4). pythainlp's
perceptron tagger with the ``orchid_ud`` model (it ships in the wheel, no download) tags those pieces as
what they are in the sentence: an adposition (``ADP``: แก่), a particle (``PART``: มาจาก), or an adverb right
after a verb that is also one of pythainlp's stop words (``ADV`` after ``VERB``: มี ด้วยกัน, เกิด ใหม่), where
the verb and its adverb make one unit.
``grammatical`` tells such a segment; the L -> en code-switch leaves it unswitched.

Hand-written over pythainlp's ``pos_tag`` (the maintained tagger): pythainlp has no idiom list to consult.
"""

from __future__ import annotations

import logging
from functools import lru_cache

logger = logging.getLogger(__name__)

#: tags of segments that are grammar whatever precedes them
_FUNCTION_TAGS = frozenset({"ADP", "PART"})


@lru_cache(maxsize=4096)
def _tags(words: tuple[str, ...]) -> tuple[str, ...]:
    """orchid_ud's universal tags of the segments ``words``; () when pythainlp cannot tag."""
    try:
        from pythainlp.tag import pos_tag

        return tuple(t for _, t in pos_tag(list(words), corpus="orchid_ud"))
    except Exception as e:  # pragma: no cover - a pythainlp without its bundled model
        logger.warning("pythainlp could not tag Thai (%s): no grammatical-segment check", e)
        return ()


def grammatical(words: tuple[str, ...], i: int) -> bool:
    """True when Thai segment ``i`` of ``words`` (the query's segments, in order) is tagged an adposition or
    a particle, or a stop-word adverb directly after a verb (มี ด้วยกัน "in all"): a piece of grammar or of a verb's
    unit, whose English alone ("together", "old", "come") is not what the query says."""
    tags = _tags(tuple(words))
    if len(tags) != len(words) or not 0 <= i < len(tags):
        return False
    if tags[i] in _FUNCTION_TAGS:
        return True
    return tags[i] == "ADV" and i > 0 and tags[i - 1] == "VERB" and words[i] in _stopwords()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """pythainlp's Thai stop words: an adverb after a verb counts as part of the verb's unit only when it is
    one (ด้วยกัน, ใหม่), not a content word the tagger calls an adverb (รู้จัก ออกซิเจน "knew oxygen":
    judged right in rev21-rev21b-th)."""
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())
