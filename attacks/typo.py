"""Typos: keyboard slips, swaps, deletions, insertions and substitutions inside words.

One edited word gets one character-level typo (the operations of Zhuang &
Zuccon's typo studies of dense retrievers). Keyboard neighbours come from the
layout tables nlpaug ships (``nlpaug/res/char/keyboard/<lang>.json``: de en es fr
he it nl pl th tr uk), read as data without importing nlpaug; only neighbours
that are word characters are used (letters for letters), so an edited word stays
one word. A word
whose characters are not on its language's layout uses the layout of its
script (Latin -> en QWERTY, Cyrillic -> uk ЙЦУКЕН, Hebrew -> he, Thai -> th); a
script with no layout (Greek, Arabic, Devanagari, CJK...) falls back to
substituting a letter of the same script and category (see ``attacks.scripts``).

The random path is plain Python over cached tables (no per-query objects
beyond the result) because recipes perturb hundreds of thousands of queries:
see ``bench/attacks.py`` for the speed against nlpaug and textattack.
"""

from __future__ import annotations

import json
import random
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from attacks.base import AttackError, WordEditPerturbation

OPERATIONS = ("keyboard", "swap", "delete", "insert", "substitute")
KEYBOARD_LANGUAGES = ("de", "en", "es", "fr", "he", "it", "nl", "pl", "th", "tr", "uk")
# languages typed on another language's layout (same script, near-identical layout)
_LAYOUT_ALIASES = {"pt": "es", "ru": "uk", "ca": "es", "vi": "en", "id": "en", "ms": "en", "sv": "en",
                   "da": "en", "no": "en", "fi": "en", "ro": "en", "cs": "en", "sk": "en", "hr": "en",
                   "sl": "en", "hu": "en", "be": "uk", "bg": "uk", "sr": "uk", "kk": "uk"}
_SCRIPT_LAYOUT = {"LATIN": "en", "CYRILLIC": "uk", "HEBREW": "he", "THAI": "th"}


# Scripts whose "same-script alphabet" is limited to the everyday block, not the whole window.
_BASIC_BLOCKS = {"CYRILLIC": (0x0400, 0x045F), "GREEK": (0x0386, 0x03CE)}
_ASCII_LOWER = tuple("abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@lru_cache(maxsize=65536)
def script_of(ch: str) -> str:
    """The script of a character as the first word of its Unicode name (LATIN, CYRILLIC,
    GREEK, ARABIC, DEVANAGARI, THAI, CJK, HANGUL, FULLWIDTH...); "" when unnamed."""
    return unicodedata.name(ch, "").split(" ", 1)[0]


@lru_cache(maxsize=65536)
def same_script_alphabet(ch: str) -> tuple[str, ...]:
    """Characters a typo may turn ``ch`` into when no keyboard table covers it: letters of
    the same script and Unicode category (so a vowel sign stays a vowel sign, a capital a
    capital). Latin uses the 26 ASCII letters of the same case; Cyrillic and Greek their
    basic block; other scripts the code points within 256 of ``ch``. Excludes ``ch``;
    empty for digits, punctuation and unnamed characters.

    Hand-written: no installed library maps a character to its script's alphabet
    (``regex``'s \\p{Script=...} tests membership but cannot enumerate)."""
    script = script_of(ch)
    cat = unicodedata.category(ch)
    if not script or cat[0] not in "LM":
        return ()
    if script == "LATIN":
        if cat == "Ll":
            return tuple(c for c in _ASCII_LOWER if c != ch)
        if cat == "Lu":
            return tuple(c for c in _ASCII_UPPER if c != ch)
    cp = ord(ch)
    lo, hi = _BASIC_BLOCKS.get(script, (max(0, cp - 256), min(0x10FFFF, cp + 256)))
    return tuple(c for c in map(chr, range(lo, hi + 1))
                 if c != ch and unicodedata.category(c) == cat and script_of(c) == script)


def _nlpaug_keyboard_dir() -> Path:
    spec = find_spec("nlpaug")
    if spec is None or not spec.submodule_search_locations:
        raise AttackError("nlpaug is not installed: `pip install nlpaug` (its keyboard tables are used)")
    return Path(next(iter(spec.submodule_search_locations))) / "res" / "char" / "keyboard"


@lru_cache(maxsize=None)
def keyboard_neighbours(layout: str) -> dict[str, tuple[str, ...]]:
    """Neighbouring keys of each key on ``layout`` (an nlpaug table), word characters only,
    upper case mapped to upper case. Values are sorted tuples (deterministic order)."""
    path = _nlpaug_keyboard_dir() / f"{layout}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise AttackError(f"no keyboard layout {layout!r} (have: {', '.join(KEYBOARD_LANGUAGES)})") from e
    table: dict[str, set[str]] = {}
    for key, values in raw.items():
        if isinstance(values, str):  # nlpaug's en.json has "%": "$"
            values = [values]
        for v in values:
            # word characters only (an edited word stays one word); letters stay letters
            if not (key.isalnum() and v.isalnum()) or v == key or (key.isalpha() and not v.isalpha()):
                continue
            table.setdefault(key, set()).add(v)
            if key.upper() != key and v.upper() != v and len(key.upper()) == 1 and len(v.upper()) == 1:
                table.setdefault(key.upper(), set()).add(v.upper())
    return {k: tuple(sorted(v)) for k, v in sorted(table.items())}


def _layout_for(language: str) -> str | None:
    lang = _LAYOUT_ALIASES.get(language, language)
    return lang if lang in KEYBOARD_LANGUAGES else None


class Typo(WordEditPerturbation):
    """Character-level typos, one per edited word.

    Args:
        rate: share of editable words to edit (0..1; at least one word when any is editable).
        max_edits: at most this many words per query (None = no cap).
        operations: any of keyboard, swap, delete, insert, substitute (chosen uniformly
            among those that apply to the word).
        keep_first: never edit the first character (people rarely mistype it).
        candidates_per_word: cap on rewrites per word offered to adversarial search.
    """

    name = "typo"

    def __init__(self, rate: float = 0.1, max_edits: int | None = None,
                 operations: list[str] | tuple[str, ...] = OPERATIONS, keep_first: bool = False,
                 candidates_per_word: int | None = 16) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)
        ops = tuple(operations)
        bad = [o for o in ops if o not in OPERATIONS]
        if bad or not ops:
            raise AttackError(f"typo: unknown operation(s) {', '.join(map(repr, bad)) or '(none given)'}; "
                              f"choose from {', '.join(OPERATIONS)}")
        self.operations = tuple(dict.fromkeys(ops))
        self.keep_first = bool(keep_first)
        self._neigh_cache: dict[str, dict[str, tuple[str, ...]]] = {}

    # -- tables ------------------------------------------------------------------------
    def _neighbours(self, ch: str, language: str) -> tuple[str, ...]:
        """Keyboard neighbours of ``ch`` on the language's layout, else on its script's layout."""
        table = self._neigh_cache.get(language)
        if table is None:
            layout = _layout_for(language)
            table = dict(keyboard_neighbours(layout)) if layout else {}
            self._neigh_cache[language] = table
        n = table.get(ch)
        if n is None:
            layout = _SCRIPT_LAYOUT.get(script_of(ch))
            n = keyboard_neighbours(layout).get(ch, ()) if layout else ()
            table[ch] = n
        return n

    def _alphabet(self, ch: str, language: str) -> tuple[str, ...]:
        """Letters a mistyped ``ch`` may become: its keyboard neighbours, else same-script letters."""
        return self._neighbours(ch, language) or same_script_alphabet(ch)

    # -- random ------------------------------------------------------------------------
    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        first = 1 if self.keep_first else 0
        n = len(word)
        if n - first < 1:
            return None
        ops = self.operations
        start = int(rng.random() * len(ops))
        for k in range(len(ops)):  # the first applicable op from a random start: uniform enough, no lists
            op = ops[(start + k) % len(ops)]
            if op == "keyboard" or op == "substitute":
                i = first + int(rng.random() * (n - first))
                alts = self._neighbours(word[i], language) if op == "keyboard" else same_script_alphabet(word[i])
                if op == "keyboard" and not alts:
                    alts = same_script_alphabet(word[i])
                    op = "substitute"
                if not alts:
                    continue
                c = alts[int(rng.random() * len(alts))]
                if c == word[i]:
                    continue
                return word[:i] + c + word[i + 1:], op
            if op == "swap":
                if n - first < 2:
                    continue
                i = first + int(rng.random() * (n - 1 - first))
                if word[i] == word[i + 1]:
                    continue
                return word[:i] + word[i + 1] + word[i] + word[i + 2:], op
            if op == "delete":
                if n < 2 or n - first < 1:
                    continue
                i = first + int(rng.random() * (n - first))
                return word[:i] + word[i + 1:], op
            if op == "insert":
                lo = max(first, 1)
                i = lo + int(rng.random() * (n + 1 - lo))
                alts = self._alphabet(word[i - 1], language)
                if not alts:
                    continue
                return word[:i] + alts[int(rng.random() * len(alts))] + word[i:], op
        return None

    # -- exhaustive (adversarial search) --------------------------------------------------
    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        first = 1 if self.keep_first else 0
        n = len(word)
        out: dict[str, str] = {}
        for op in self.operations:
            if op == "keyboard":
                for i in range(first, n):
                    for c in self._neighbours(word[i], language):
                        out.setdefault(word[:i] + c + word[i + 1:], op)
            elif op == "substitute":
                for i in range(first, n):
                    for c in same_script_alphabet(word[i]):
                        if c != word[i]:
                            out.setdefault(word[:i] + c + word[i + 1:], op)
            elif op == "swap":
                for i in range(first, n - 1):
                    if word[i] != word[i + 1]:
                        out.setdefault(word[:i] + word[i + 1] + word[i] + word[i + 2:], op)
            elif op == "delete" and n >= 2:
                for i in range(first, n):
                    out.setdefault(word[:i] + word[i + 1:], op)
            elif op == "insert":
                for i in range(max(first, 1), n + 1):
                    for c in self._alphabet(word[i - 1], language):
                        out.setdefault(word[:i] + c + word[i:], op)
        out.pop(word, None)
        return list(out.items())
