"""One-direction word -> translation maps and the MUSE-format reader for user files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import cast

from ..base import AttackError, MissingResource
from ..lex.text import _DICTS, _LOCK, iso_code

# ---------------------------------------------------------------- dictionary lexicons


class DictLexicon:
    """A one-direction word -> translation map (exact form first, then lower case)."""

    def __init__(self, mapping: Mapping[str, str], source: str, target: str, origin: str) -> None:
        self.exact: dict[str, str] = dict(mapping)
        self.lower: dict[str, str] = {}
        for k, v in self.exact.items():  # first (best-ranked) entry wins, in insertion order
            self.lower.setdefault(k.lower(), v)
        self.source, self.target, self.origin = iso_code(source), iso_code(target), origin

    def __len__(self) -> int:
        return len(self.exact)

    def translate(self, word: str) -> str | None:
        """The translation of ``word`` or None."""
        hit = self.exact.get(word)
        if hit is None:
            hit = self.lower.get(word.lower())
        return hit

    def inverted(self) -> DictLexicon:
        """The reverse direction: each target word maps to the first source word listing it."""
        inv: dict[str, str] = {}
        for k, v in self.exact.items():
            inv.setdefault(v, k)
        return DictLexicon(inv, self.target, self.source, self.origin + " (inverted)")


def load_muse(path: str | Path, source: str, target: str) -> DictLexicon:
    """A MUSE-format lexicon: one ``source target`` pair per line (whitespace- or
    tab-separated); a source word listed several times keeps its first target (MUSE lists
    the most frequent translation first). Lines that are not two fields are errors."""
    path = Path(path)
    key = ("muse", str(path.resolve()) if path.exists() else str(path), iso_code(source),
           iso_code(target), stat_key(path))
    with _LOCK:
        hit = _DICTS.get(key)
    if hit is not None:
        return cast(DictLexicon, hit)  # _DICTS holds DictLexicon values
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingResource(f"MUSE lexicon {path} does not exist") from None
    except UnicodeDecodeError as e:
        raise AttackError(f"MUSE lexicon {path} is not valid UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise MissingResource(f"cannot read MUSE lexicon {path}: {e.strerror or e}") from None
    mapping: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise AttackError(f"{path}:{n}: expected 'source target' (2 fields), got {len(parts)}")
        mapping.setdefault(parts[0], parts[1])
    if not mapping:
        raise AttackError(f"MUSE lexicon {path} has no entries")
    lex = DictLexicon(mapping, source, target, f"MUSE {path.name}")
    with _LOCK:
        _DICTS[key] = lex
    return lex


def stat_key(path: Path) -> tuple[int, int]:
    """(size, mtime) of a file, (0, 0) when absent: identifies a file version in cache keys."""
    try:
        st = path.stat()
        return (st.st_size, int(st.st_mtime))
    except OSError:
        return (0, 0)


