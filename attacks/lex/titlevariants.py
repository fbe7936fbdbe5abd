"""A lower-case question's run that is a collection title written slightly differently: a function word inserted
or dropped, a noun in the other number, a possessive's apostrophe dropped.

BoolQ writes its questions in lower case and its askers do not copy titles letter for letter: "is fear **of** the
walking dead a prequel" for *Fear the Walking Dead*, "fantastic **beast** and where to find them" for *Fantastic
Beasts and Where to Find Them*, "hungry **jacks**" for *Hungry Jack's* (held-out v33, bench/RESULTS.md sections
182.4 and 183.4: fear -> miedo, Angst, 恐れ; beast -> bestia, bête, Bestie, 野兽 ..., each judged wrong). The
exact title match of ``CodeSwitch._lowercase_names`` misses them. Here a run and a title phrase match when their
content words (not ``function_words``) are the same nouns in their base form (WordNet's ``morphy``, noun sense:
"beasts" -> beast, "jacks" -> jack) in the same order, with at least two content words, and their lengths differ
by at most one word (one function word inserted or dropped, or a possessive's "s" token). Section 27 of
bench/results-names33.md measures it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

#: the least number of content words a run must share with a title (one-word runs are mostly common nouns)
MIN_CONTENT = 2


def content_key(words: Sequence[str], function_words: frozenset[str],
                lemma: Callable[[str], str]) -> tuple[str, ...]:
    """The base forms (``lemma``) of ``words`` less ``function_words`` and a lone possessive "s", in order."""
    return tuple(lemma(w) for w in words if w not in function_words and w != "s")


def title_index(titles: frozenset[str], function_words: frozenset[str],
                lemma: Callable[[str], str]) -> dict[tuple[str, ...], tuple[int, ...]]:
    """The collection's title phrases (space-joined plain words) indexed by their ``content_key``, each with the
    word counts of the phrases that share it; only phrases of at least ``MIN_CONTENT`` content words."""
    out: dict[tuple[str, ...], set[int]] = {}
    for phrase in titles:
        words = phrase.split()
        key = content_key(words, function_words, lemma)
        if len(key) >= MIN_CONTENT:
            out.setdefault(key, set()).add(len(words))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def variant_of_title(run: Sequence[str], index: dict[tuple[str, ...], tuple[int, ...]],
                     function_words: frozenset[str], lemma: Callable[[str], str]) -> bool:
    """True when ``run`` (a query's plain words, first and last a content word) has the content words of a title
    phrase of ``index`` (``title_index``) in their base form and in order, and differs from it in length by at most
    one word: "fear of the walking dead" / "fear the walking dead", "fantastic beast" / "fantastic beasts",
    "hungry jacks" / "hungry jack s"."""
    if len(run) < MIN_CONTENT or run[0] in function_words or run[-1] in function_words:
        return False
    key = content_key(run, function_words, lemma)
    if len(key) < MIN_CONTENT:
        return False
    hit = any(abs(n - len(run)) <= 1 for n in index.get(key, ()))
    if hit:
        logger.debug("title variant %r", " ".join(run))
    return hit


__all__ = ["MIN_CONTENT", "content_key", "title_index", "variant_of_title"]
