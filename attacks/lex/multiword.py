"""The multiword units of a language that its bilingual dictionaries list as ONE entry, and an L query
with such units merged into one word each, so that L -> en code-switching switches a unit whole.

L -> en code-switching switches an L query one word at a time; a unit of two or three L words
that means one thing (ar كرة القدم "football", hi हवाई अड्डा "airport", ru железная дорога
"railway", de vor Ort "on site") then loses its sense word by word (كرة -> "ball", हवाई ->
"aerial"). The shipped dictionaries name such units: FreeDict's L -> English headwords and its
English -> L translations of two or three words, TU Chemnitz's German headwords (trans-de-en). The
parsers the candidate path uses (``attacks.freedict``, ``attacks.lex.transdeen``) keep single words
only; this module reads the multiword side of the same files, nothing else (no hand-made list).

The value maps each unit, the space-joined, lower-cased, mark-stripped words
(``attacks.analysis.script.strip_marks``), to the English the entry gives for it, cached on disk like
the other parsed lexicons (``attacks.lex.compiled``). ``merge_units`` rewrites an analysed L query with
each listed unit as ONE word (``UNIT`` lock, the unit's key as lemma), as
``CodeSwitch._whole_expressions`` does for English WordNet expressions; ``unit_english`` gives the English
it may be switched to (bench/RESULTS.md section 132; the reader is branch l2en22's, whose unit FILTER was not adopted,
bench/RESULTS.md section 125). Hand-written reading of the dictd index and the trans-de-en lines (no
maintained library parses either; ``attacks.freedict`` and ``attacks.lex.transdeen`` are the project's own
readers of the same formats).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import freedict as _freedict
from .. import tokenize as _tokenize
from ..analysis import script as _script
from ..analysis.script import lower, strip_marks
from ..analysis.tokens import Word, merge_runs
from ..freedict import DICTD_DIR, _translations, dictd_files, load_freedict, read_dictd
from ..tokenize import _WORD
from .compiled import compiled
from .text import DEFAULT_TRANS_DE_EN

#: the modules whose code shapes a compiled unit list: this one, FreeDict's reader (``load_freedict``,
#: ``_translations``), the word pattern and the script helpers it normalises with. Only this file was keyed
#: before bench/RESULTS.md section 181: an edit to the others (or another worktree's version of them, sharing
#: the compiled cache) was served the units the old code built.
_CODE = (Path(__file__), *(Path(str(m.__file__)) for m in (_freedict, _tokenize, _script)))

logger = logging.getLogger(__name__)

#: the longest unit read (words): longer headwords are phrases and sayings, not units
LONGEST = 3
#: the lock of an L unit merged into one word by ``merge_units``
UNIT = "l2en-unit"
#: articles a dictionary writes before a headword ("das Haus {n}" in a trans-de-en headword group): an article and
#: ONE word is that word with its article, not a multiword unit (``merge_units``; hand-written: the units'
#: languages' articles, no library lists them). Merged as a unit, "Das Haus" took the group's English "the indoors"
_ARTICLES = {
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"}),
    "el": frozenset({"ο", "η", "το", "οι", "τα", "του", "της", "των", "τον", "την", "ένας", "μια", "μία", "ένα"}),
}
#: the most words an English translation of a unit may have (longer ones are glosses: "be composed of" is kept)
ENGLISH_WORDS = 3
# (the words of a unit key: ``tokenize._WORD`` keeps Devanagari vowel signs, which \w splits: हवाई -> "हव ई")
_NOTES = re.compile(r"\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|<[^>]*>")


def normalise(text: str, lang: str) -> str:
    """``text`` as a unit key: lower-cased, marks stripped, its words joined by one space."""
    return " ".join(_WORD.findall(strip_marks(lower(text, lang), lang)))


def _keep(unit: str) -> bool:
    n = len(unit.split())
    return 2 <= n <= LONGEST


def _dictd_heads(lang: str, root: Path) -> list[tuple[str, list[str]]]:
    """The multiword headwords of FreeDict ``lang``-eng with their English translations."""
    index, data = dictd_files(lang, "en", root)
    if not index.is_file() or not data.is_file():
        return []
    raw, rows = read_dictd(index, data)
    out = []
    for head, off, length in rows:
        if " " not in head.strip():
            continue
        entry = raw[off:off + length].decode("utf-8", "replace")
        out.append((normalise(head, lang), _translations(entry.partition("\n")[2], "en")))
    return out


def _trans_de_en_heads(path: Path) -> list[tuple[str, list[str]]]:
    """The multiword German alternatives of the headword group of each trans-de-en line, with the
    English alternatives of that group."""
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line or line[0] == "#" or " :: " not in line:
                continue
            de_side, en_side = line.split(" :: ", 1)
            head, english = de_side.split(" | ", 1)[0], en_side.split(" | ", 1)[0]
            trs = [" ".join(_WORD.findall(e.lower().removeprefix("to ")))
                   for e in _NOTES.sub(" ", english).split(";")]
            for alt in _NOTES.sub(" ", head).split(";"):
                if " " in alt.strip() and "..." not in alt and "…" not in alt:
                    out.append((normalise(alt, "de"), [t for t in trs if t]))
    return out


@functools.cache
def dictionary_units(lang: str, root: Path = DICTD_DIR,
                     trans_de_en: Path = DEFAULT_TRANS_DE_EN) -> dict[str, tuple[str, ...]]:
    """The 2-3 word units of ``lang`` some shipped dictionary lists as one entry, each with the
    English the dictionaries give for it (see the module doc)."""
    files = [dictd_files(lang, "en", root)[0], dictd_files("en", lang, root)[0]]
    if lang == "de":
        files.append(trans_de_en)
    present = tuple(f for f in files if f.is_file())

    def build() -> dict[str, list[str]]:
        pairs = _dictd_heads(lang, root)
        for head, trs in (load_freedict("en", lang, root) or {}).items():
            pairs.extend((normalise(t, lang), [head]) for t in trs if " " in t)
        if lang == "de":
            pairs.extend(_trans_de_en_heads(trans_de_en))
        units: dict[str, list[str]] = {}
        for unit, english in pairs:
            # FreeDict's cross-references ("synonym: {wieviele}", "see: {mehr}") are no English
            english = [e for e in english if not any(ch in e for ch in "{}:…")]
            if _keep(unit) and english:
                lst = units.setdefault(unit, [])
                lst.extend(e for e in english if e not in lst)
        return units

    if not present:
        return {}
    value = compiled(f"multiword-{lang}", build, resources=present, code=_CODE, extra=lang)
    logger.debug("%d dictionary multiword units for %s", len(value), lang)
    return {u: tuple(e) for u, e in value.items()}


def unit_english(units: Mapping[str, tuple[str, ...]], key: str, is_english: Callable[[str], bool]) -> tuple[str, ...]:
    """The English of unit ``key`` a query may be switched to, in the dictionaries' order: translations of at
    most ``ENGLISH_WORDS`` plain words (letters, hyphen, apostrophe) each of which ``is_english`` accepts (a word
    WordNet knows or an English function word): FreeDict spa-eng's glued "hearingaid", "gear‐box" and
    ara-eng's Spanish "poco" are no English a reader recovers."""
    out = []
    for english in units.get(key, ()):
        toks = english.strip().split()
        if not toks or len(toks) > ENGLISH_WORDS or any(not re.fullmatch(r"[a-z][a-z'-]*", t) for t in toks):
            continue
        if all(is_english(t) for t in toks) and english not in out:
            out.append(" ".join(toks))
    return tuple(out)


def merge_units(a: Any, lang: str, english_of: Callable[[str], tuple[str, ...]], switchable: Callable[[int], str],
                spans: set[tuple[int, int]] | None) -> tuple[Any, set[tuple[int, int]] | None]:
    """``a`` (an ``analysis.tokens.Analysis`` of an L query) with each listed unit of 2-``LONGEST`` words as ONE
    word (locked ``UNIT``, the unit's key as lemma; its span added to ``spans``), longest first, left to right.

    A run of words qualifies when its words stand one space apart, its surface or lemma key has English
    (``english_of(key)``, e.g. ``unit_english`` of the dictionary units),
    every word's skip reason (``switchable(i)``) is "" or a function-word reason ("function", "stopword",
    "short": the "vor" of "vor Ort", the "nicht" of "nicht mehr") and at least one word would be switched on its
    own (""): a name, a locked or foreign-script word is never swallowed, and no unit of function words only
    becomes switchable. The unit is then switched whole or not at all."""
    def unit(i: int, seq: Sequence[Word]) -> Word | None:
        if len(seq) == 2 and lower(seq[0].text, lang) in _ARTICLES.get(lang, frozenset()):
            return None  # "Das Haus": a headword given with its article, not a unit
        keys = [normalise(" ".join(v.text for v in seq), lang),
                normalise(" ".join(v.lemma or v.text for v in seq), lang)]
        key = next((k for k in keys if english_of(k)), None)
        if key is None:
            return None
        reasons = [switchable(j) for j in range(i, i + len(seq))]
        if "" not in reasons or any(r not in ("", "function", "stopword", "short") for r in reasons):
            return None
        return Word(a.text[seq[0].start:seq[-1].end], seq[0].start, seq[-1].end, seq[-1].pos, seq[-1].tag, key, UNIT)

    out, out_spans = merge_runs(a, LONGEST, unit, spans)
    if out is not a:
        logger.debug("%s units merged: %s", lang, [w.text for w in out.words if w.locked == UNIT])
    return out, out_spans
