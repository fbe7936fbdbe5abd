"""The result of analysing one query: words with their annotations, covering the text."""

from __future__ import annotations

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
