"""Two cues in a corpus's cased passages that a lower-case word of a question is a name, beyond the share of
capitals ``attacks.lex.casing`` counts.

- **A work's title after its work noun** ("the Fox network TV series Bones", "the 1967 film The Graduate"):
  the passage introduces the capitalised run as the title of a series, film, novel ... So "bones" in "is zz
  top angela's dad on bones" is the series, although the corpus writes "bones" capitalised in 2 of its 14
  occurrences (held-out v25: bones -> es hueso, fr os, de Knochen, zh 骨, it/pt osso, hi हड्डी, judged wrong).
- **An acronym beside the same lower-case word** ("Bank International Code and SWIFT code"): the corpus
  writes the word in capitals before (or after) the word the question has beside it, so "swift" in "is bank
  code the same as swift code" is the acronym, not the adjective (v25: fr rapide, de schnell, judged wrong).

Hand-written over the passages' tokens (no library reads either cue; the tokens and sentence bounds are
``attacks.lex.casing``'s). Counted once per corpus and kept (``compiled``: keyed by the passages' digest, the
work nouns and this module's source), so a query costs set lookups only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .casing import _GAP, LONGEST, _sentences
from .compiled import compiled

logger = logging.getLogger(__name__)

#: the shortest acronym read (``acronym_pairs``): "SWIFT", "AIDS"; two letters ("US", "IT") are too often
#: other words' spellings in headings
_ACRONYM_LENGTH = 3
#: articles a work's title may open with, dropped as lower-case questions drop them ("the graduate" and
#: "graduate" both match "The Graduate")
_ARTICLES = frozenset({"the", "a", "an"})


def work_titles(texts: Iterable[str], work_nouns: frozenset[str], function_words: frozenset[str],
                longest: int = LONGEST) -> dict[str, list[int]]:
    """The capitalised runs (lower case, space-joined, at most ``longest`` words after a leading article)
    that the texts write right after a lower-case work noun inside a sentence ("series Bones" -> "bones";
    "film The Graduate" -> "the graduate", "graduate"). The run is the longest one of capitalised words,
    function words between them allowed ("series Pirates of the Caribbean"), the "s" of a possessive too,
    opening with a capitalised word. Each run maps to the indices of the texts that write it so."""
    out: dict[str, list[int]] = {}
    for t, text in enumerate(texts):
        for sentence in _sentences(text):
            for k in range(1, len(sentence) - 1):
                if sentence[k] not in work_nouns:  # lower case: "series", not the title word "Series"
                    continue
                run: list[str] = []
                end = 0
                for j in range(k + 1, min(len(sentence), k + 2 + longest)):
                    w = sentence[j]
                    if w == _GAP or not run and not w[:1].isupper():
                        break
                    if w[:1].isupper():
                        run.append(w)
                        end = len(run)
                    elif w.lower() in function_words or w == "s" or w.isdigit():
                        run.append(w)
                    else:
                        break
                words = [w.lower() for w in run[:end]]
                if not words or words[-1] in function_words:  # ("film The" before a lower-case word)
                    continue
                for key in (" ".join(words), " ".join(words[1:]) if words[0] in _ARTICLES else ""):
                    if key and t not in out.setdefault(key, []):
                        out[key].append(t)
    return out


def acronym_pairs(texts: Iterable[str]) -> set[str]:
    """Pairs "ACRONYM word" / "word ACRONYM" (lower case, space-joined, the acronym marked "*") where the
    texts write a word of at least ``_ACRONYM_LENGTH`` letters all in capitals beside a lower-case word
    ("SWIFT code" -> "swift* code"), inside a sentence or at its start (an acronym's capitals are no sentence
    case)."""
    out: set[str] = set()
    for text in texts:
        for sentence in _sentences(text):
            for k, w in enumerate(sentence):
                if len(w) < _ACRONYM_LENGTH or not w.isalpha() or not w.isupper():
                    continue
                for j in (k - 1, k + 1):
                    if 0 <= j < len(sentence) and sentence[j] != _GAP and sentence[j].isalpha() \
                            and sentence[j].islower():
                        # the acronym marked with "*": "swift* code", "bank swift*"
                        pair = (w.lower() + "*", sentence[j]) if j > k else (sentence[j], w.lower() + "*")
                        out.add(" ".join(pair))
    return out


class NameCues:
    """A corpus's work titles (``work_titles``) and acronym pairs (``acronym_pairs``), counted on first use
    (a corpus whose queries are cased never asks) and kept on disk."""

    def __init__(self, texts: Sequence[str], work_nouns: frozenset[str], function_words: frozenset[str],
                 digest: str) -> None:
        #: the passages read, the work nouns and function words used, the passages' digest (for the cache key)
        self.texts, self.work_nouns, self.function_words, self.digest = texts, work_nouns, function_words, digest
        self._value: tuple[dict[str, list[int]], frozenset[str]] | None = None
        self._words: dict[int, frozenset[str]] = {}

    def _load(self) -> tuple[dict[str, list[int]], frozenset[str]]:
        """Both sets, built once per corpus (``compiled``)."""
        if self._value is None:
            t0 = time.process_time()
            raw = compiled(
                "corpus-name-cues",
                lambda: (work_titles(self.texts, self.work_nouns, self.function_words),
                         sorted(acronym_pairs(self.texts))),
                resources=(), code=(Path(__file__), Path(__file__).with_name("casing.py")),
                extra=f"{self.digest}/{'|'.join(sorted(self.work_nouns))}/{'|'.join(sorted(self.function_words))}")
            self._value = ({k: list(v) for k, v in raw[0].items()}, frozenset(raw[1]))
            logger.info("corpus name cues: %d work titles, %d acronym pairs from %d passages (%.2f CPU-s)",
                        len(self._value[0]), len(self._value[1]), len(self.texts), time.process_time() - t0)
        return self._value

    @property
    def titles(self) -> dict[str, list[int]]:
        """The runs the passages write as a work's title after its work noun, each with the indices of the
        passages that do (``work_titles``)."""
        return self._load()[0]

    def passage_words(self, index: int) -> frozenset[str]:
        """The lower-case word tokens of passage ``index`` (for a query's other words: ``in_passage_of``)."""
        hit = self._words.get(index)
        if hit is None:
            hit = self._words[index] = frozenset(w.lower() for s in _sentences(self.texts[index]) for w in s)
        return hit

    def in_passage_of(self, title: str, words: Iterable[str]) -> bool:
        """True when one of ``words`` occurs in a passage that writes ``title`` after its work noun: the query
        names something of the passage that introduces the work ("angela" beside "TV series Bones")."""
        want = set(words)
        return any(want & self.passage_words(i) for i in self.titles.get(title, ()))

    @property
    def acronyms(self) -> frozenset[str]:
        """The "acronym word" / "word acronym" pairs of the passages (``acronym_pairs``)."""
        return self._load()[1]


__all__ = ["NameCues", "acronym_pairs", "work_titles"]
