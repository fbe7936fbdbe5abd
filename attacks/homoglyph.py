"""Homoglyphs: letters swapped for look-alikes from other scripts (Latin a -> Cyrillic а).

The text looks unchanged to a person but tokenises completely differently,
the classic "visual" attack on NLP models. Pairs come from Unicode's
confusables (UTS #39, ``confusables.txt``) as shipped by the maintained
``confusable-homoglyphs`` package, restricted to pairs that render identically
in common fonts (Arial, Helvetica, Times, DejaVu, Noto):

* letters of the everyday alphabets only: ASCII Latin, Cyrillic U+0400-U+045F
  plus һ, Greek U+0391-U+03C9; no symbols, obsolete or minority-language letters
  (lunate sigma, yot, palochka, izhitsa, Armenian...), no mathematical alphanumerics;
* the same case on both sides (no Latin l for capital I);
* not a pair whose shapes differ in common fonts (``DIFFERENT_IN_COMMON_FONTS``):
  Greek lower case other than omicron (ι, α, ν, ρ, σ, υ, γ, κ), Cyrillic г for r,
  capital У for Y (slanted stem), Ѝ/ѝ for Й/й (grave, not breve).

TR39 maps every confusable to a prototype; characters sharing a prototype (Cyrillic А,
Greek Α, Latin A) form one group, and the map works in every direction, so
Russian and Greek queries are attacked with Latin look-alikes.

``CharMapPerturbation`` (also used by ``attacks.ocr``) replaces ``chars``
characters of each edited word through a character -> alternatives map.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from .base import AttackError, MissingResource, WordEditPerturbation

SCRIPTS = ("latin", "cyrillic", "greek")
#: look-alikes by TR39 that are visibly different in common fonts (audited by eye)
DIFFERENT_IN_COMMON_FONTS = frozenset("αβγδεζηθικλμνξπρσςτυφχψω" "гУЍѝ")


def _script_class(ch: str) -> str:
    first = unicodedata.name(ch, "").split(" ", 1)[0].lower()
    return first if first in SCRIPTS else "other"


def _everyday_letter(ch: str) -> bool:
    o = ord(ch)
    if ch in DIFFERENT_IN_COMMON_FONTS or not ch.isalpha():
        return False
    return (ch.isascii() or 0x0400 <= o <= 0x045F or o == 0x04BB
            or (0x0391 <= o <= 0x03C9 and unicodedata.category(ch) in ("Lu", "Ll")))


@cache
def homoglyph_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of letters that render identically (TR39 confusables, filtered as above)."""
    try:
        from confusable_homoglyphs.confusables import confusables_data  # noqa: PLC0415
    except ModuleNotFoundError as e:
        raise MissingResource("confusable-homoglyphs is not installed: `pip install confusable-homoglyphs` "
                              "(Unicode TR39 confusables)") from e
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            c = parent[c]
        return c

    for key, alts in confusables_data.items():
        if len(key) != 1 or not _everyday_letter(key):
            continue
        for alt in alts:
            c = alt["c"]
            if len(c) == 1 and c != key and _everyday_letter(c) \
                    and unicodedata.category(c) == unicodedata.category(key):
                parent[find(c)] = find(key)
    groups: dict[str, list[str]] = {}
    for c in parent:
        groups.setdefault(find(c), []).append(c)
    return tuple(sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1))


@cache
def homoglyph_map(scripts: tuple[str, ...] = ("latin", "cyrillic", "greek")) -> dict[str, tuple[str, ...]]:
    """character -> look-alikes from ``scripts`` (each a different character), sorted."""
    bad = [s for s in scripts if s not in SCRIPTS]
    if bad or not scripts:
        raise AttackError(f"homoglyph: unknown script(s) {', '.join(map(repr, bad)) or '(none given)'}; "
                          f"choose from {', '.join(SCRIPTS)}")
    out: dict[str, set[str]] = {}
    for group in homoglyph_groups():
        for ch in group:
            alts = {c for c in group if c != ch and _script_class(c) in scripts
                    and _script_class(c) != _script_class(ch)}
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

    def _mappable(self, word: str) -> tuple[int, ...]:
        """Positions of ``word``'s mappable characters (memoised per word: query vocabularies
        repeat, and the random path asks for every edited word)."""
        if self.__dict__.get("_mappable_for") is not self.mapping:  # a new mapping: forget
            self.__dict__["_mappable_for"], self.__dict__["_mappable_memo"] = self.mapping, {}
        memo = self.__dict__["_mappable_memo"]
        idx = memo.get(word)
        if idx is None:
            m = self.mapping
            idx = tuple(i for i, c in enumerate(word) if c in m)
            if len(memo) < 1_000_000:
                memo[word] = idx
        return idx

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        m = self.mapping
        idx: Sequence[int] = self._mappable(word)
        if not idx:
            return None
        if self.chars == 1:  # the recipes' case: one character, the same draws as the general path
            i = idx[int(rng.random() * len(idx))] if len(idx) > 1 else idx[0]
            alts = m[word[i]]
            return word[:i] + alts[int(rng.random() * len(alts))] + word[i + 1:], self.operation
        if self.chars and len(idx) > self.chars:
            idx = sorted(rng.sample(idx, self.chars))  # chars == 1 returned above
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
    """Replace letters by look-alikes from other scripts (Unicode TR39 confusables, filtered).

    Args:
        rate: share of editable words to edit (0..1); max_edits: cap per query.
        chars: characters replaced per edited word (0 = all that have a look-alike).
        scripts: scripts replacements may come from (latin, cyrillic, greek).
    """

    name = "homoglyph"
    operation = "homoglyph"

    def __init__(self, rate: float = 0.1, max_edits: int | None = None, chars: int = 1,
                 scripts: Iterable[str] = ("latin", "cyrillic", "greek"),
                 candidates_per_word: int | None = 16) -> None:
        self.scripts = tuple(sorted(set(scripts)))
        super().__init__(homoglyph_map(self.scripts), rate=rate, max_edits=max_edits, chars=chars,
                         candidates_per_word=candidates_per_word)
