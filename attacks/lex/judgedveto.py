"""Translation pairs the judges rejected repeatedly, vetoed before the code-switching recipes choose (issue 10).

The judged files under ``bench/validity/lexical/`` hold tens of thousands of per-word verdicts, and fresh draws keep
hitting pairs already judged wrong there (bench/RESULTS.md 208.4: ar مؤهل for "qualified" wrong in nine files, de
Rote for "red", ja 前編 for "prequel", ...). ``bench/judged_pairs.py`` counts the verdicts per pair and writes the
pairs judged wrong at least twice and never right to ``attacks/data/vetoed-pairs.tsv``; this module reads that table
(lazily, once per process) and drops a vetoed candidate from a slot before the context filter chooses, so the next
candidate may be chosen, or the word stays unswitched when none is left (bench/RESULTS.md section 226).

A pair is keyed by (source language, target language, source key, replacement): en -> L uses ``english_key`` of the
English word (WordNet's base form of each token, lowercased), L -> en the L word lowercased; the replacement is
lowercased. The builder and the recipe call the same key functions, so a key never drifts between them.

Hand-written: a look-up in this repository's own judged verdicts, which no library holds.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .compiled import file_digest

logger = logging.getLogger(__name__)

#: the shipped table (``bench/judged_pairs.py`` writes it; tab-separated, ``#`` comment lines, a header)
TABLE = Path(__file__).resolve().parent.parent / "data" / "vetoed-pairs.tsv"

#: whether the recipes apply the veto: adopted by the rule declared in bench/RESULTS.md section 226 (more rejects
#: than accepts removed in each direction, leave-one-draw-out): adopted, figures in section 226.2
ENABLED = True

#: header of the table's columns
COLUMNS = ("source", "target", "key", "replacement", "wrong", "right", "borderline", "files")

#: (source language, target language, source key, replacement)
Pair = tuple[str, str, str, str]


def english_key(word: str, wn: Any | None) -> str:
    """The key of an English source word: each space-separated token lowercased and put in WordNet's base form
    (``wn.morphy``, the first part of speech that knows it; "turning" stays, "qualified" -> "qualify"), the token
    itself where WordNet has none or ``wn`` is None."""
    out = []
    for tok in word.lower().split():
        base = wn.morphy(tok) if wn is not None else None
        out.append(base or tok)
    return " ".join(out)


def source_key(word: str, source: str, wn: Any | None) -> str:
    """The key of a switched word of a ``source``-language query: ``english_key`` for English, else the word
    lowercased (section 226: the L word as written, no lemmatiser shared by all eleven languages)."""
    return english_key(word, wn) if source == "en" else " ".join(word.lower().split())


def read_table(path: Path) -> frozenset[Pair]:
    """The vetoed pairs of a table file (comment lines and the header skipped); empty when the file is absent."""
    if not path.exists():
        logger.warning("%s: no vetoed-pairs table, nothing vetoed", path)
        return frozenset()
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if tuple(cols) == COLUMNS:
            continue
        pairs.add((cols[0], cols[1], cols[2], cols[3]))
    return frozenset(pairs)


@functools.lru_cache(maxsize=4)
def _cached(path: str, digest: str) -> frozenset[Pair]:
    # (keyed by the file's digest too, so a table rewritten in a running process is read again)
    return read_table(Path(path))


def vetoed_pairs(path: Path | None = None) -> frozenset[Pair]:
    """The pairs of ``path`` (the shipped ``TABLE`` by default), read once per process and content; empty while
    ``ENABLED`` is False."""
    path = TABLE if path is None else path
    return _cached(str(path), file_digest(path)) if ENABLED else frozenset()


def table_digest(path: Path | None = None) -> str:
    """What the options-cache key holds for the veto (``CodeSwitch._options_file``): the table's sha256 while the
    veto is on, "off" otherwise, so a new table or a change of ``ENABLED`` never reuses stale options."""
    return file_digest(TABLE if path is None else path)[:16] if ENABLED else "off"


Slot = tuple[int, str, list[str]]


def drop_vetoed(slots: list[Slot], source_words: Sequence[str], source: str, wn: Callable[[], Any | None],
                pairs: frozenset[Pair] | None = None) -> list[Slot]:
    """``slots`` (word index, target, candidates as put in the text) without their vetoed candidates, in order; a
    slot left with none is dropped (the word stays unswitched). ``source_words[i]`` is word ``i`` as written;
    ``wn`` gives WordNet's reader, asked only when an English key is needed."""
    pairs = vetoed_pairs() if pairs is None else pairs
    if not pairs or not slots:
        return slots
    reader: list[Any] = []
    out: list[Slot] = []
    for i, tgt, cands in slots:
        if source == "en" and not reader:
            reader.append(wn())
        key = source_key(source_words[i], source, reader[0] if reader else None)
        kept = [c for c in cands if (source, tgt, key, " ".join(c.lower().split())) not in pairs]
        if len(kept) < len(cands):
            logger.debug("vetoed %s -> %s: %s", source_words[i], tgt, [c for c in cands if c not in kept])
        if kept:
            out.append((i, tgt, kept))
    return out
