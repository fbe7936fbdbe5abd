"""FreeDict dictionaries as Debian ships them (``dict-freedict-eng-hin`` etc., dictd
format under ``/usr/share/dictd``): ``freedict-SRC-TGT.index`` (headword, base64 offset,
base64 length) and ``.dict.dz`` (gzip-compatible dictzip).

Hand-written because no maintained Python reader of the dictd format exists on PyPI
that reads the files directly (``dictd`` client/server is a network protocol). An
entry is the headword line (``word /pron/ <pos>``) then numbered senses whose
translations are separated by commas or semicolons; quoted example lines and
parenthesised glosses are dropped. Proper-noun entries (``<pn>``) are skipped.
"""

from __future__ import annotations

import gzip
import logging
import re
import threading
from collections.abc import Iterable
from itertools import takewhile
from pathlib import Path

from .analysis import script as _script
from .analysis.script import in_script, strip_marks
from .lex.compiled import compiled

logger = logging.getLogger(__name__)

DICTD_DIR = Path("/usr/share/dictd")
ISO3 = {"ar": "ara", "de": "deu", "el": "ell", "en": "eng", "es": "spa", "hi": "hin", "ru": "rus",
        "tr": "tur", "fr": "fra", "it": "ita", "pt": "por", "ja": "jpn", "nl": "nld"}
_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_GLOSS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|/[^/]*/")
_LOCK = threading.Lock()
_LOADED: dict[str, dict[str, list[str]] | None] = {}
#: the code that shapes a parsed dictionary (its compiled cache is rebuilt when it changes)
_CODE = (Path(__file__), Path(_script.__file__))


def _b64(s: str) -> int:
    n = 0
    for c in s:
        n = n * 64 + _B64[c]
    return n


def package(source: str, target: str) -> str:
    """The Debian package holding ``source`` -> ``target`` (ISO 639-1 codes)."""
    return f"dict-freedict-{ISO3.get(source, source)}-{ISO3.get(target, target)}"


def dictd_files(source: str, target: str, root: Path = DICTD_DIR) -> tuple[Path, Path]:
    """The ``.index`` and ``.dict.dz`` files of FreeDict ``source``-``target`` under ``root`` (present or not)."""
    name = f"freedict-{ISO3.get(source, source)}-{ISO3.get(target, target)}"
    return root / f"{name}.index", root / f"{name}.dict.dz"


def read_dictd(index: Path, data: Path) -> tuple[bytes, list[tuple[str, int, int]]]:
    """The uncompressed text of one dictd pair and its index rows (headword as the index writes it, offset,
    length), the ``00-database-*`` header entries left out: the one reader of the files; each caller picks and
    decodes the entries it needs (``raw[offset:offset + length]``)."""
    with gzip.open(data) as fh:
        raw = fh.read()
    rows: list[tuple[str, int, int]] = []
    for line in index.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not parts[0].startswith("00-database"):
            rows.append((parts[0], _b64(parts[1]), _b64(parts[2])))
    return raw, rows


def _translations(body: str, target: str) -> list[str]:
    out: list[str] = []
    for line in body.splitlines():
        s = line.strip()
        if not s or s.startswith(('"', "'", "“")) or line.startswith("      "):
            continue
        s = re.sub(r"^\d+\.\s*", "", s)
        s = _GLOSS.sub(" ", s)
        for alt in re.split(r"[,;]", s):
            alt = " ".join(alt.split()).strip(" .:!?")
            if target == "en":
                alt = alt[3:] if alt.startswith("to ") else alt
                alt = alt.lower()
            alt = strip_marks(alt, target)
            if alt and in_script(alt, target) and len(alt.split()) <= 2 and alt not in out:
                out.append(alt)
    return out


def _parse(index: Path, data: Path, source: str, target: str) -> dict[str, list[str]]:
    """headword -> translations of one dictd index/data pair (see the module doc)."""
    raw, rows = read_dictd(index, data)
    result: dict[str, list[str]] = {}
    for word, off, length in rows:
        head = strip_marks(word.strip().lower(), source)
        entry = raw[off:off + length].decode("utf-8", "replace")
        first, _, body = entry.partition("\n")
        if "<pn>" in first or " " in head:
            continue
        trs = _translations(body, target)
        if trs:
            lst = result.setdefault(head, [])
            lst.extend(t for t in trs if t not in lst)
    return result


def is_cross_reference(translation: str) -> bool:
    """True for what FreeDict deu-eng lists among a headword's translations but is none: a
    compound or cross-reference (``{destilliertes wasser}``, ``synonym: {erteilte}``,
    ``see: {geben}``; they keep their braces and colon through ``_translations``)."""
    return "{" in translation or ":" in translation


def own_translations(entry: Iterable[str]) -> list[str]:
    """The translations of an entry's headword itself: those before its first cross-reference
    (``is_cross_reference``). An entry runs on into compounds (``{destilliertes wasser}``) and
    the headwords they bring (Wasser...: waterborne, aquatic), which say nothing of the word's
    own senses; a caller that wants every translation drops the cross-references instead."""
    return list(takewhile(lambda t: not is_cross_reference(t), entry))


def installed(source: str, target: str, root: Path = DICTD_DIR) -> bool:
    """True when FreeDict ``source``-``target`` is installed (``load_freedict`` is then not None),
    without reading it: checking a language's sources must not parse its dictionaries."""
    index, data = dictd_files(source, target, root)
    return index.is_file() and data.is_file()


def load_freedict(source: str, target: str, root: Path = DICTD_DIR) -> dict[str, list[str]] | None:
    """headword -> translations (best first) of FreeDict ``source``-``target``, or None
    when its Debian package is not installed (read once per process)."""
    index, data = dictd_files(source, target, root)
    name = index.stem
    key = str(root / name)
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
    result: dict[str, list[str]] | None = None
    if index.is_file() and data.is_file():
        # parsed once per file version and code version on disk (``attacks.lex.compiled``): the German
        # pair alone is ~60 MB of dictd text, ~20 CPU-s to parse in every fresh process
        result = compiled(name, lambda: _parse(index, data, source, target), resources=(index, data),
                          code=_CODE, extra=f"{source}-{target}")
    with _LOCK:
        _LOADED[key] = result
    return result
