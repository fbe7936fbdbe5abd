"""The result of analysing one query: words with their annotations, covering the text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: parts of speech (Universal POS) whose words carry content and may be switched
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})


@dataclass(frozen=True)
class Word:
    """One word: ``text`` at ``text[start:end]`` of the query.

    ``pos`` (Universal POS), ``tag`` (fine-grained, Penn for English) and ``lemma`` are
    empty where no tagger is available. ``locked`` says why the word must not be
    edited on its own ("entity", "mwe", "number", "" = free).
    """

    text: str
    start: int
    end: int
    pos: str = ""
    tag: str = ""
    lemma: str = ""
    locked: str = ""

    @property
    def content(self) -> bool:
        """True when the word may carry content: a content POS, or untagged."""
        return not self.pos or self.pos in CONTENT_POS


@dataclass(frozen=True)
class Analysis:
    """A query as ``parts`` = [separator, word, separator, ..., word, separator]:
    word ``i`` is ``parts[2 * i + 1]`` and ``"".join(parts)`` is the text."""

    text: str
    language: str
    words: tuple[Word, ...]
    parts: tuple[str, ...]

    def join(self, replacements: dict[int, str]) -> str:
        """The text with word ``i`` replaced by ``replacements[i]``."""
        if not replacements:
            return self.text
        parts = list(self.parts)
        for i, rep in replacements.items():
            parts[2 * i + 1] = rep
        return "".join(parts)


def build(text: str, language: str, words: list[Word]) -> Analysis:
    """An ``Analysis`` from words in text order (non-overlapping spans)."""
    parts: list[str] = []
    pos = 0
    for w in words:
        parts.append(text[pos:w.start])
        parts.append(text[w.start:w.end])
        pos = w.end
    parts.append(text[pos:])
    return Analysis(text, language, tuple(words), tuple(parts))


def merge_runs(a: Analysis, longest: int, merge: Callable[[int, Sequence[Word]], Word | None],
               spans: set[tuple[int, int]] | None) -> tuple[Analysis, set[tuple[int, int]] | None]:
    """``a`` with runs of 2-``longest`` words merged into ONE word, longest first, left to right: a run of
    words that stand one space apart becomes ``merge(i, run)`` (``i``: its first word's index) unless that is
    None; each merged word's span is added to ``spans`` (None stays None). ``a`` itself when nothing merged.
    The one loop of the multiword checks that switch an expression whole (English WordNet expressions,
    ``CodeSwitch._whole_expressions``; an L dictionary's units, ``lex.multiword.merge_units``)."""
    words, out_spans, i, changed = a.words, set(spans or ()), 0, False
    merged: list[Word] = []
    while i < len(words):
        for n in range(longest, 1, -1):
            run = words[i:i + n]
            if len(run) < n or any(a.parts[2 * j + 2] != " " for j in range(i, i + n - 1)):
                continue
            word = merge(i, run)
            if word is not None:
                merged.append(word)
                out_spans.add((word.start, word.end))
                i, changed = i + n, True
                break
        else:
            merged.append(words[i])
            i += 1
    if not changed:
        return a, spans
    return build(a.text, a.language, merged), (out_spans if spans is not None else None)


def join_pair(a: Analysis, i: int, pos: str, lemma: str, spans: set[tuple[int, int]] | None
              ) -> tuple[Analysis, set[tuple[int, int]] | None]:
    """``a`` with words ``i`` and ``i + 1`` as ONE word (part of speech ``pos``, lemma ``lemma``), and that word's span
    added to ``spans`` (None stays None): a two-word question word switched whole (tr ne zaman, vi khi nào "when";
    ``lex.trquestion``, ``lex.viquestion``)."""
    first, second = a.words[i], a.words[i + 1]
    merged = Word(a.text[first.start:second.end], first.start, second.end, pos, "", lemma, "")
    joined = build(a.text, a.language, [*a.words[:i], merged, *a.words[i + 2:]])
    return joined, (None if spans is None else spans | {(first.start, second.end)})
