"""A lower-case run that is a collection title with its first word clipped ("man city" for the title "Manchester City
F.C."): locked as the exact title is.

Held-out v33 switched "have man city ever won the fa cup" word by word in ten languages (city -> es ciudad, fr ville,
de Stadt, ...; bench/validity/lexical/v33-v33a-en-L.jsonl, v33-v33b-en-L.jsonl: all judged wrong). The collection
holds the title (BoolQ's "Manchester City F.C."), but no earlier rule matched: the passages never write "man city"
(``attacks.lex.casing`` has nothing to count), and ``lex.titlevariants`` reads function words, number and possessives,
not a clipped word. A clipping is read only where it cannot be a word of the title's own language: the title's word is
a name (WordNet lists it only capitalised, or not at all: Manchester), so "tax in switzerland" is not the title
"Taxation in Switzerland" (taxation is a common word; judged right as es tributación, de Steuer). The rest of the run
is the title's words exactly and ends in a content word; the clipped word is at least ``SHORTEST`` letters and at
most half the title word. Hand-written (no library reads clippings); bench/RESULTS.md section 199 measures
it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

logger = logging.getLogger(__name__)

#: the shortest clipped word read ("man" for Manchester); two letters ("ma") are too often other words
SHORTEST = 3


def clipped_index(titles: Iterable[str]) -> dict[tuple[str, ...], list[str]]:
    """The collection's title phrases (space-joined, lower case) of two or more words, keyed by their words after the
    first: ("city",) -> ["manchester"]."""
    out: dict[tuple[str, ...], list[str]] = {}
    for t in titles:
        words = t.split()
        if len(words) >= 2:
            out.setdefault(tuple(words[1:]), []).append(words[0])
    return out


def clipped_title(run: Sequence[str], index: dict[tuple[str, ...], list[str]], function_words: frozenset[str],
                  is_name: Callable[[str], bool]) -> str:
    """The title word the first word of ``run`` (plain lower-case words, two or more) clips, or "": a title phrase of
    ``index`` (``clipped_index``) has the run's other words exactly, ending in a content word, and a first word that
    ``run[0]`` begins (``SHORTEST`` letters or more, at most half its length) and that ``is_name`` says is a name."""
    if len(run) < 2 or run[-1] in function_words or len(run[0]) < SHORTEST or not run[0].isalpha():
        return ""
    for first in index.get(tuple(run[1:]), ()):
        if first.startswith(run[0]) and len(first) >= 2 * len(run[0]) and is_name(first):
            logger.debug("%s: a clipped title word (%s)", " ".join(run), first)
            return first
    return ""


def wordnet_name(wn: object, word: str) -> bool:
    """True when WordNet lists ``word`` only as a capitalised lemma ("manchester": Manchester) or not at all; False
    when one of its lemmas is the lower-case word ("taxation")."""
    synsets = wn.synsets(word)  # type: ignore[attr-defined]
    return not any(lem.name() == word for s in synsets for lem in s.lemmas())


__all__ = ["SHORTEST", "clipped_index", "clipped_title", "wordnet_name"]
