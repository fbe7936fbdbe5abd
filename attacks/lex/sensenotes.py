"""The translations a FreeDict English -> L entry marks, by a note or gloss, as those of one sense of the
headword ("season" -> de Staffel, "Note: of a TV serial"; ja シーズン, "a group of episodes").

Why: held-out v25-v30 judged de Saison wrong for a TV season 13 times (bench/RESULTS.md sections 111.5, 161.8;
the loanword clause: German Saison is the sports or tourist season, a TV series' season is Staffel). The
series-sense rule of section 80 (``Sources.series_sense``) prefers a loan of the English word, which serves fr
saison, ja シーズン, ru сезон, tr sezon, and takes MUSE's loan de saison where the ranked candidates hold none.
MUSE lists "staffel" for "season" too, but without a sense; FreeDict eng-deu gives each sense its own entry with
a note saying which sense it is ("Staffel <fem> / Note: einer TV-Serie / Note: of a TV serial"), and eng-jpn a
description line under each numbered sense. Those notes are the only evidence offline that a candidate names the
series sense. ``attacks.freedict`` drops notes while it parses (it keeps translations only), so the entries of
one headword are read here again with their notes, from the same dictd files. Hand-written: no library parses
FreeDict's notes (see ``attacks.freedict`` for the format) (bench/RESULTS.md section 166).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..analysis.script import lower
from ..freedict import DICTD_DIR, _translations, dictd_files, read_dictd

logger = logging.getLogger(__name__)

_LOCK = threading.Lock()
#: a sense line of an entry: an optional number ("1. シーズン, 季節")
_NUMBERED = re.compile(r"^\d+\.\s*")
#: the words of a note or gloss (Latin letters, lower case): "of a TV serial" -> of, a, tv, serial
_WORD = re.compile(r"[a-z]+")
#: what a note may say of a TV series' season (English notes of eng-deu, eng-jpn's English descriptions);
#: not "series": eng-jpn describes 前編 (first part) of "prequel" as "in a series of works" (judged wrong for a
#: prequel in v21 and v29)
SERIES_CUES = frozenset({"tv", "television", "serial", "episodes", "episode"})


@lru_cache(maxsize=4)
def _entries(source: str, target: str, root: Path = DICTD_DIR) -> tuple[bytes, dict[str, list[tuple[int, int]]]]:
    """The raw dictd text of FreeDict ``source``-``target`` and its index (headword, lower case -> (offset,
    length) of each entry); empty when the dictionary is not installed. Read once per process."""
    index, data = dictd_files(source, target, root)
    if not (index.is_file() and data.is_file()):
        return b"", {}
    with _LOCK:
        raw, rows = read_dictd(index, data)
    spots: dict[str, list[tuple[int, int]]] = {}
    for head, off, length in rows:
        spots.setdefault(head.strip().lower(), []).append((off, length))
    return raw, spots


def noted_senses(source: str, target: str, headword: str,
                 root: Path = DICTD_DIR) -> list[tuple[tuple[str, ...], frozenset[str]]]:
    """Each sense FreeDict ``source``-``target`` gives ``headword`` as (its translations, the lower-case Latin
    words of its notes, glosses and description lines). A sense starts at a line that has translations
    (``attacks.freedict._translations``); a "Note:" line, a bracketed gloss ("[sport]") or a line without
    translations (eng-jpn's "a group of episodes") belongs to the sense before it; examples (quoted lines)
    and cross-references ("see:", "Synonym:") to none."""
    raw, spots = _entries(source, target, root)
    out: list[tuple[tuple[str, ...], frozenset[str]]] = []
    for off, length in spots.get(headword.lower(), ()):
        entry = raw[off:off + length].decode("utf-8", "replace")
        first, _, body = entry.partition("\n")
        if "<pn>" in first:
            continue
        trs: list[str] = []
        notes: set[str] = set()
        for line in body.splitlines():
            s = line.strip()
            if not s or s.startswith(('"', "'", "“")) or s.lower().startswith(("see:", "synonym")):
                continue
            if s.startswith("Note:"):
                notes.update(_WORD.findall(s[5:].lower()))
                continue
            found = _translations(_NUMBERED.sub("", s), target)
            if found:
                if trs:
                    out.append((tuple(trs), frozenset(notes)))
                trs, notes = list(found), set()
                notes.update(_WORD.findall(" ".join(re.findall(r"\[([^\]]*)\]", s)).lower()))
            elif trs:
                notes.update(_WORD.findall(s.lower()))
        if trs:
            out.append((tuple(trs), frozenset(notes)))
    return out


def noted_candidates(cands: Iterable[str], lemma: str, target: str, cues: frozenset[str] = SERIES_CUES,
                     root: Path = DICTD_DIR) -> tuple[str, ...]:
    """The candidates (in their order) that FreeDict English -> ``target`` gives ``lemma`` under a sense whose
    notes hold one of ``cues`` ("season" -> de Staffel, "of a TV serial"; ja シーズン and 季節, "a group of
    episodes"); empty when none is, or the dictionary is not installed."""
    noted = {lower(t, target) for trs, notes in noted_senses("en", target, lemma, root) if notes & cues
             for t in trs}
    hits = tuple(c for c in cands if lower(c, target) in noted)
    if hits:
        logger.debug("%s %s: FreeDict notes %s for %s", target, lemma, hits, sorted(cues))
    return hits


__all__ = ["SERIES_CUES", "noted_candidates", "noted_senses"]
