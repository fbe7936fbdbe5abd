"""Chinese input-method errors: same-pinyin homophones and simplified/traditional confusions.

People type Chinese through a pinyin input method: a slip picks another
candidate with the same syllable (首都 -> 手都), never a character that sits next
to the intended one in Unicode (依 -> 份) or a rare ideograph (䶎). The
homophone table joins pypinyin's reading of every character
(``pypinyin.pinyin_dict``) with character frequencies summed from jieba's
dictionary (``jieba/dict.txt``): candidates are the most frequent characters with
the same toneless syllable, restricted to the ``COMMON`` most frequent
characters (about the size of GB2312 level 1), as an IME's first page would show.

Simplified <-> traditional conversions come from OpenCC (the ``opencc`` package).
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache
from pathlib import Path

from .base import MissingResource

logger = logging.getLogger(__name__)

#: characters considered common (top by jieba dictionary frequency)
COMMON = 3500
#: homophone candidates per character (an IME's first page)
CANDIDATES = 6
_TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph (any block)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF


def _toneless(syllable: str) -> str:
    # strip the four tone marks only: ü keeps its diaeresis (lü and lu differ)
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", syllable)
                                                 if c not in _TONE_MARKS))


@lru_cache(maxsize=1)
def char_frequency() -> dict[str, int]:
    """Han character -> summed frequency of the jieba dictionary words containing it."""
    try:
        import jieba  # noqa: PLC0415
    except ModuleNotFoundError as e:
        raise MissingResource("jieba is not installed: `pip install jieba` (its dictionary ranks characters)") \
            from e
    freq: dict[str, int] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            n = int(parts[1])
            for ch in parts[0]:
                if is_han(ch):
                    freq[ch] = freq.get(ch, 0) + n
    return freq


@lru_cache(maxsize=1)
def _reading() -> dict[str, str]:
    try:
        from pypinyin.pinyin_dict import pinyin_dict  # noqa: PLC0415
    except ModuleNotFoundError as e:
        raise MissingResource("pypinyin is not installed: `pip install pypinyin`") from e
    return {chr(cp): _toneless(r.split(",")[0]) for cp, r in pinyin_dict.items()}


@lru_cache(maxsize=1)
def _common_by_syllable() -> dict[str, tuple[str, ...]]:
    freq = char_frequency()
    reading = _reading()
    common = sorted(freq, key=lambda c: (-freq[c], c))[:COMMON]
    out: dict[str, list[str]] = {}
    conv = converter("t2s")
    for ch in common:  # already in frequency order
        r = reading.get(ch)
        if conv.convert(ch) != ch:  # jieba's dictionary has traditional forms too: keep simplified ones
            continue
        if r:
            out.setdefault(r, []).append(ch)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=65536)
def homophones(ch: str) -> tuple[str, ...]:
    """Common characters sharing ``ch``'s main toneless pinyin syllable, most frequent
    first, at most ``CANDIDATES``, ``ch`` excluded; () for a non-Han or unknown character."""
    r = _reading().get(ch)
    if not r:
        return ()
    return tuple(c for c in _common_by_syllable().get(r, ()) if c != ch)[:CANDIDATES]


@lru_cache(maxsize=8)
def converter(config: str):  # noqa: ANN201 - an opencc.OpenCC
    """An OpenCC converter (``s2t``, ``t2s``, ``s2tw``, ``s2hk``...)."""
    try:
        import opencc  # noqa: PLC0415
    except ModuleNotFoundError as e:
        raise MissingResource("opencc is not installed: `pip install opencc` (simplified/traditional)") from e
    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    """``text`` in traditional characters (OpenCC ``s2t``)."""
    return converter("s2t").convert(text)


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``)."""
    return converter("t2s").convert(text)
