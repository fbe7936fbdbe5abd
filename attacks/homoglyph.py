"""Homoglyphs: letters swapped for look-alikes from other scripts (Latin a -> Cyrillic а).

The text looks unchanged to a person but tokenises completely differently,
the classic "visual" attack on NLP models. The table
(``attacks/data/homoglyphs.json``) is ours: textattack 0.3.11's wheel lacks its
homoglyph file. It groups letters of Latin, Cyrillic, Greek, Armenian and
fullwidth Latin that render (near-)identically; it works in both directions, so
Russian and Greek queries are attacked with Latin look-alikes.

``CharMapPerturbation`` (also used by ``attacks.ocr``) replaces ``chars``
characters of each edited word through a character -> alternatives map.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from importlib.resources import files
from typing import Iterable, Mapping, Sequence

from attacks.base import AttackError, WordEditPerturbation

SCRIPTS = ("latin", "cyrillic", "greek", "armenian", "fullwidth")


def _script_class(ch: str) -> str:
    import unicodedata  # noqa: PLC0415 - stdlib, only when the table is built

    name = unicodedata.name(ch, "")
    if name.startswith("FULLWIDTH"):
        return "fullwidth"
    first = name.split(" ", 1)[0].lower()
    return first if first in SCRIPTS else "other"


@lru_cache(maxsize=None)
def homoglyph_groups() -> tuple[tuple[str, ...], ...]:
    """The shipped groups of look-alike letters."""
    try:
        doc = json.loads(files("attacks").joinpath("data/homoglyphs.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError) as e:  # a broken install
        raise AttackError(f"attacks/data/homoglyphs.json is missing or invalid ({e}): reinstall robustir") from e
    return tuple(tuple(g) for g in doc["groups"])


@lru_cache(maxsize=None)
def homoglyph_map(scripts: tuple[str, ...] = ("latin", "cyrillic", "greek")) -> dict[str, tuple[str, ...]]:
    """character -> look-alikes from ``scripts`` (each a different character), sorted."""
    bad = [s for s in scripts if s not in SCRIPTS]
    if bad or not scripts:
        raise AttackError(f"homoglyph: unknown script(s) {', '.join(map(repr, bad)) or '(none given)'}; "
                          f"choose from {', '.join(SCRIPTS)}")
    out: dict[str, set[str]] = {}
    for group in homoglyph_groups():
        for ch in group:
            alts = {c for c in group if c != ch and _script_class(c) in scripts}
            if alts:
                out.setdefault(ch, set()).update(alts)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


class CharMapPerturbation(WordEditPerturbation):
    """Rewrites ``chars`` characters of each edited word through ``mapping``
    (character -> alternatives); ``chars = 0`` rewrites every mappable character.
    Words without a mappable character are not editable by it."""

    operation = "charmap"

    def __init__(self, mapping: Mapping[str, Sequence[str]], rate: float = 0.1, max_edits: int | None = None,
                 chars: int = 1, candidates_per_word: int | None = 16) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)
        if int(chars) < 0:
            raise AttackError(f"{self.name}: chars must be >= 0 (0 = every mappable character), got {chars}")
        self.chars = int(chars)
        self.mapping = {k: tuple(v) for k, v in mapping.items() if v}

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        m = self.mapping
        idx = [i for i, c in enumerate(word) if c in m]
        if not idx:
            return None
        if self.chars and len(idx) > self.chars:
            idx = [idx[int(rng.random() * len(idx))]] if self.chars == 1 else sorted(rng.sample(idx, self.chars))
        chars = list(word)
        for i in idx:
            alts = m[chars[i]]
            chars[i] = alts[int(rng.random() * len(alts))]
        return "".join(chars), self.operation

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        """Single-character rewrites (one per position and alternative); with ``chars = 0``
        also the all-characters rewrite with each character's first alternative."""
        m = self.mapping
        out: dict[str, str] = {}
        for i, c in enumerate(word):
            for a in m.get(c, ()):
                out.setdefault(word[:i] + a + word[i + 1:], self.operation)
        if self.chars == 0 and out:
            out.setdefault("".join(m[c][0] if c in m else c for c in word), self.operation)
        out.pop(word, None)
        return list(out.items())


class Homoglyph(CharMapPerturbation):
    """Replace letters by look-alikes from other scripts (``attacks/data/homoglyphs.json``).

    Args:
        rate: share of editable words to edit (0..1); max_edits: cap per query.
        chars: characters replaced per edited word (0 = all that have a look-alike).
        scripts: scripts replacements may come from (latin, cyrillic, greek, armenian, fullwidth).
    """

    name = "homoglyph"
    operation = "homoglyph"

    def __init__(self, rate: float = 0.1, max_edits: int | None = None, chars: int = 1,
                 scripts: Iterable[str] = ("latin", "cyrillic", "greek"),
                 candidates_per_word: int | None = 16) -> None:
        self.scripts = tuple(sorted(set(scripts)))
        super().__init__(homoglyph_map(self.scripts), rate=rate, max_edits=max_edits, chars=chars,
                         candidates_per_word=candidates_per_word)
