"""Debian's trans-de-en (TU Chemnitz) German <-> English dictionary: parser and compiled cache."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from ..base import MissingResource
from ..lex.compiled import file_digest
from ..lex.dictionaries import DictLexicon, stat_key
from ..lex.text import _DICTS, _LOCK, DEFAULT_TRANS_DE_EN, atomic_write_text

logger = logging.getLogger(__name__)

# tags {..}, comments [..], glosses (..), <..>, and abbreviations written /o./
_BRACES = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|(?<!\S)/[^/\s]+/(?!\S)")
_SINGLE = re.compile(r"^[\w\u00c0-\u024f'-]+$")
_ABBREV = ("...", "…", "/")
# object placeholders ("etw. kaufen" :: "to buy sth.") are dropped, leaving the word itself
_PLACEHOLDER = re.compile(r"(?<!\w)(?:sb\.|sth\.|sb\.[’']s|jdn\.|jdm\.|jds\.|etw\.|jd\.|einer? Sache)(?!\w)")


def _clean_alternative(alt: str, english: bool) -> str:
    alt = _BRACES.sub(" ", alt)
    alt = _PLACEHOLDER.sub(" ", alt)
    alt = " ".join(alt.split())
    if english and alt.startswith("to ") and len(alt) > 3:
        alt = alt[3:]  # verbs are listed as "to build"
    return alt.strip(" ,.;:!?")


def parse_trans_de_en(lines: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """German -> English and English -> German maps from the TU Chemnitz ``de-en`` format.

    A line is ``German :: English``; both sides are ``|``-separated groups aligned one to
    one (headword, inflected forms, examples); a group lists ``;``-separated alternatives
    with ``{m}``/``{pl}``/``{vt}`` tags, ``[comments]`` and ``(glosses)``, which are dropped
    (and the ``to`` of English infinitives). Only single-word sides become keys.

    Ranking, best first: the word's headword group before its form/example groups, a
    single-word translation before a phrase, the first alternative before later ones, the
    earlier line (the dictionary lists a headword's main sense first).
    English -> German first prefers a German word whose own best translation leads back to
    the English word, then (after headword and single-word) the richer entry (more forms and
    examples: the dictionary documents common words at length), so ``house`` -> ``Haus``,
    not ``Geschlecht``.
    """
    de_best: dict[str, tuple[tuple, str]] = {}
    en_cands: dict[str, list[tuple[tuple, str]]] = {}
    for line_no, line in enumerate(lines):
        if not line or line[0] == "#" or " :: " not in line:
            continue
        de_side, en_side = line.rstrip("\n").split(" :: ", 1)
        de_groups, en_groups = de_side.split(" | "), en_side.split(" | ")
        if len(de_groups) != len(en_groups):
            de_groups, en_groups = de_groups[:1], en_groups[:1]
        for g, (dg, eg) in enumerate(zip(de_groups, en_groups, strict=False)):
            # tags hold ';' themselves ({prp; +Akk.}): drop them before splitting alternatives
            de_alts = [_clean_alternative(a, False) for a in _BRACES.sub(" ", dg).split(";")]
            en_alts = [_clean_alternative(a, True) for a in _BRACES.sub(" ", eg).split(";")]
            de_alts = [a for a in de_alts if a and not any(x in a for x in _ABBREV)]
            en_alts = [a for a in en_alts if a and not any(x in a for x in _ABBREV)]
            if not de_alts or not en_alts:
                continue
            de_target = _prefer_single(en_alts)
            en_target = _prefer_single(de_alts)
            for i, a in enumerate(de_alts):
                if _SINGLE.match(a):
                    rank = (g > 0, " " in de_target, i, line_no)
                    cur = de_best.get(a)
                    if cur is None or rank < cur[0]:
                        de_best[a] = (rank, de_target)
            for i, a in enumerate(en_alts):
                if _SINGLE.match(a):
                    en_rank = (g > 0, " " in en_target, -len(de_groups), i, line_no)
                    en_cands.setdefault(a, []).append((en_rank, en_target))
    de_en = {k: v for k, (_, v) in sorted(de_best.items(), key=lambda kv: (kv[1][0], kv[0]))}
    en_best: dict[str, tuple[tuple, str]] = {}
    for e, cands in en_cands.items():
        low = e.lower()
        en_best[e] = min(((((de_en.get(d) or "").lower() != low,) + r, d) for r, d in cands),
                         key=lambda t: t[0])
    en_de = {k: v for k, (_, v) in sorted(en_best.items(), key=lambda kv: (kv[1][0], kv[0]))}
    return de_en, en_de


def _prefer_single(alts: list[str]) -> str:
    """The first single-word alternative, else the shortest (then first) phrase."""
    for a in alts:
        if _SINGLE.match(a):
            return a
    return min(enumerate(alts), key=lambda t: (len(t[1].split()), t[0]))[1]


TRANS_DE_EN_FORMAT = 7


def _parser_digest() -> str:
    """The first 12 hex digits of this module's sha256: the parsed file's name carries it, so a cache
    written by another version of ``parse_trans_de_en`` (another worktree sharing ``$ROBUSTIR_HOME``, or
    an edit not followed by a bump of ``TRANS_DE_EN_FORMAT``) is never read (bench/RESULTS.md section 181)."""
    return file_digest(Path(__file__))[:12]


def _valid_tables(data: object) -> tuple[dict[str, str], dict[str, str]] | None:
    """The two maps of a parsed-cache file when both are str -> str dicts; None otherwise (rebuilt)."""
    if not isinstance(data, dict):
        return None
    de_en, en_de = data.get("de-en"), data.get("en-de")
    for table in (de_en, en_de):
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in table.items()):
            return None
    return cast(dict[str, str], de_en), cast(dict[str, str], en_de)


def load_trans_de_en(path: str | Path | None = None, cache_dir: str | Path | None = None
                     ) -> tuple[DictLexicon, DictLexicon]:
    """The (de->en, en->de) lexicons from Debian's ``trans-de-en`` file, compiled once per
    process and, with ``cache_dir``, once per file version on disk (a JSON file keyed by the
    file's size and mtime and by this module's code, ``_parser_digest``; a file that does not hold two
    str -> str maps is rebuilt, with a warning; parsing the 206,000-line file takes a few seconds)."""
    path = Path(path) if path else DEFAULT_TRANS_DE_EN
    if not path.is_file():
        raise MissingResource(f"German lexicon {path} not found: install it with "
                              "`sudo apt-get install trans-de-en` (or pass a MUSE lexicon for de)")
    size, mtime = stat_key(path)
    key = ("trans-de-en", str(path.resolve()), size, mtime)
    with _LOCK:
        hit = _DICTS.get(key)
        hit_inv = _DICTS.get(key + ("inv",))
    if hit is not None and hit_inv is not None:
        return cast(DictLexicon, hit), cast(DictLexicon, hit_inv)  # _DICTS holds DictLexicon values
    cache_file = None
    de_en = en_de = None
    if cache_dir is not None:
        cache_file = Path(cache_dir) / f"trans-de-en.v{TRANS_DE_EN_FORMAT}.{_parser_digest()}.{size}.{mtime}.json"
        if cache_file.is_file():
            try:
                tables = _valid_tables(json.loads(cache_file.read_text(encoding="utf-8")))
            except (OSError, ValueError):  # (UnicodeDecodeError included)
                tables = None
            if tables is None:  # a damaged cache is rebuilt
                logger.warning("trans-de-en cache %s unreadable or damaged: parsed again", cache_file)
            else:
                de_en, en_de = tables
    if de_en is None or en_de is None:
        with open(path, encoding="utf-8", errors="replace") as f:
            de_en, en_de = parse_trans_de_en(f)
        if cache_file is not None:
            with contextlib.suppress(OSError):  # the cache is an optimisation only
                atomic_write_text(cache_file, json.dumps({"de-en": de_en, "en-de": en_de},
                                                          ensure_ascii=False))
    lex = DictLexicon(de_en, "de", "en", f"trans-de-en {path}")
    inv = DictLexicon(en_de, "en", "de", f"trans-de-en {path}")
    with _LOCK:
        _DICTS[key] = lex
        _DICTS[key + ("inv",)] = inv
    return lex, inv
