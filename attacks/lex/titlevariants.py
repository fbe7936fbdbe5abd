"""A lower-case question's run that is a whole collection title written slightly differently: an article or "of"
inserted or dropped, an inner noun in the other number, a possessive's apostrophe dropped.

BoolQ writes its questions in lower case and its askers do not copy titles letter for letter: "is fear **of** the
walking dead a prequel" for *Fear the Walking Dead*, "fantastic **beast** and where to find them" for *Fantastic
Beasts and Where to Find Them*, "hungry **jacks**" for *Hungry Jack's* (held-out v33, bench/RESULTS.md sections
182.4 and 183.4: fear -> miedo, Angst, 恐れ; beast -> bestia, bête, Bestie, 野兽 ..., each judged wrong). The
exact title match of ``CodeSwitch._lowercase_names`` misses them. Here a run matches a whole title (its main title,
not a run inside it: "base in san diego" is no variant of "Naval Base San Diego") when their ``title_key`` is the
same: "the", "a", "an", "of" left out, every inner word in its noun base form (WordNet's ``morphy``: "beasts" ->
beast), the first and the last word as written, with a final possessive's "s" joined to it ("hungry jack s" ->
jacks), and at least two content words. A title with an inner possessive ("Mother's Day") has no key: "mothers day"
-> Mütter, madre, 母亲 were judged right. The last word keeps its number: a plural title's singular is mostly one of
the kind it names ("does the sat subject test have an essay", *SAT Subject Tests*: test -> prueba,
测试, тест judged right), and so does the first: a title opening on a plural common noun is a topic ("is hindi is our
national language of india", *Languages of India*: language -> 语言, langue, Sprache).
bench/RESULTS.md section 185 measures it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

logger = logging.getLogger(__name__)

#: the least number of content words a title must hold (one-word titles are mostly common nouns)
MIN_CONTENT = 2
#: words a lower-case asker inserts into or drops from a title ("fear of the walking dead")
SKIPPED = frozenset({"the", "a", "an", "of"})


def title_key(words: Sequence[str], function_words: frozenset[str],
              lemma: Callable[[str], str]) -> tuple[str, ...] | None:
    """``words`` (plain, lower case) as ``variant_of_title`` compares them (``SKIPPED`` left out, inner content words
    through ``lemma``), or None when fewer than ``MIN_CONTENT`` content words (not ``function_words``) remain or an
    inner possessive "s" stands in them."""
    kept: list[str] = []
    for j, w in enumerate(words):
        if w != "s" or not kept or len(kept[-1]) < 2:
            if w not in SKIPPED:
                kept.append(w)
        elif j == len(words) - 1:
            # "hungry jack s" (Hungry Jack's, its apostrophe a word break) -> "jacks", as the asker writes it;
            # not "u s" (U.S.)
            kept[-1] += "s"
        else:
            # an inner possessive makes a compound of the kind a language translates ("mother s day": Muttertag,
            # día de la madre, judged right for "mothers day"); the exact match reads those as before
            return None
    if sum(w not in function_words for w in kept) < MIN_CONTENT:
        return None
    return (kept[0], *(w if w in function_words else lemma(w) for w in kept[1:-1]), kept[-1])


def title_index(phrases: Iterable[str], function_words: frozenset[str],
                lemma: Callable[[str], str]) -> frozenset[tuple[str, ...]]:
    """The ``title_key`` of each whole-title phrase (space-joined plain words) that has one."""
    keys = (title_key(p.split(), function_words, lemma) for p in phrases)
    return frozenset(k for k in keys if k is not None)


def variant_of_title(run: Sequence[str], index: frozenset[tuple[str, ...]],
                     function_words: frozenset[str], lemma: Callable[[str], str]) -> bool:
    """True when ``run`` (a query's plain words, neither first nor last a word of ``SKIPPED``, no possessive "s") has
    the ``title_key`` of a whole title of ``index`` (``title_index``): "fear of the walking dead", "fantastic beast
    and where to find them", "hungry jacks"."""
    if not run or run[0] in SKIPPED or run[-1] in SKIPPED or "s" in run:
        # (a run with its own possessive "s" is the asker's spelling, which the exact match reads: "a driver's
        # license" is no variant of a title "Driver's License")
        return False
    key = title_key(run, function_words, lemma)
    hit = key is not None and key in index
    if hit:
        logger.debug("title variant %r", " ".join(run))
    return hit


__all__ = ["MIN_CONTENT", "SKIPPED", "title_index", "title_key", "variant_of_title"]
