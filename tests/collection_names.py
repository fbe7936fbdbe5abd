"""What the random code-switching recipe offers in an English question: the words it may switch (``offered_words``),
each with its in-context choices (``offered_choices``), and the words offered in a lower-case (BoolQ-style) question
given the collection's names (``offered``), and one word's candidates before the context filter
(``word_candidates``); shared by the name-lock and sense tests instead of a copy in each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def offered(text: str, paths: dict[str, Path], titles: list[str] | None = None,
            passages: list[str] | None = None, languages: tuple[str, ...] = ("es", "de", "zh"),
            no_passages: Sequence[str] = ()) -> set[str]:
    """The words of ``text`` the random recipe would switch into ``languages``, given the collection's names
    (``titles``, ``passages``; ``no_passages`` stand in for the passages when only titles are given)."""
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=list(languages), rate=1.0, context="none", resource_paths=paths)
    if titles is not None or passages is not None:
        cs.use_collection_names(titles or ["Water"], passages or list(no_passages))
    return offered_words(cs, text)


def offered_words(cs: Any, text: str) -> set[str]:
    """The words (lower-cased) of the English ``text`` that ``cs`` (a ``CodeSwitch``) has a choice for."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1].lower() for i, op in enumerate(opts) if op}


def offered_choices(cs: Any, text: str) -> dict[str, set[str]]:
    """The words of the English ``text`` that ``cs`` may switch, each with its chosen replacements (one per
    language), all lower-cased."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1].lower(): {c.lower() for _, c in op} for i, op in enumerate(opts) if op}


def word_candidates(cs: Any, text: str, word: str, tgt: str) -> tuple[str, ...]:
    """The en->``tgt`` candidates (before the context filter) of ``word`` in the English ``text``; () for a
    locked word."""
    from robustir.attacks.analysis import analyse

    a = analyse(text, "en")
    i = next(k for k, w in enumerate(a.words) if w.text == word)
    if a.words[i].locked:
        return ()
    return cs._candidates(a.words[i], "en", tgt, a, i)
