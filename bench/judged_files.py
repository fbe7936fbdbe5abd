"""The questions that judged JSONL files hold, by id (with each judged row's query language) and by text: the one
reader of ``bench/codeswitch_set.py --exclude`` (a draw never takes a judged question) and ``bench/unjudged.py``
(the never-judged questions of a dataset).

A judged row names its question by ``qid`` and by its text under ``original`` (perturbation rows), ``query`` or
``text``; the row's ``language`` is kept per id because XQuAD-R shares question ids across its 11 languages
(a question judged as an English query is not development data for the Arabic query of the same id). Lines that
are no JSON object (notes, a stray line) name no question and are skipped with a warning.

Hand-written: a scan of this repository's own judged files, whose keys no library knows.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

#: the keys whose (stripped) string value is the text of a judged row's question
TEXT_KEYS = ("original", "query", "question", "text")

#: question id -> the query languages of its judged rows ("" = a row that names none), and the stripped texts
Judged = tuple[dict[str, set[str]], set[str]]


def read_judged(paths: Iterable[Path]) -> Judged:
    """The ids (each with the languages it was judged in) and the stripped texts of every question a row of
    ``paths`` holds, in one pass; what either caller needs (any language, or one) is decided by the caller."""
    ids: dict[str, set[str]] = {}
    texts: set[str] = set()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                row = None
            if not isinstance(row, dict):
                logger.warning("%s:%d: no JSON object, skipped", path, n)
                continue
            if "qid" in row:
                ids.setdefault(str(row["qid"]), set()).add(str(row.get("language", "")))
            texts.update(row[key].strip() for key in TEXT_KEYS if isinstance(row.get(key), str))
    return ids, texts


def judged_rows(paths: Iterable[Path], keep: Callable[[dict], bool], key: Callable[[dict], Hashable]) -> list[dict]:
    """The rows of the judged JSONL ``paths`` (in the order given; blank lines skipped) that ``keep`` accepts, each
    ``key`` once (the first), with a ``file`` field naming its file: the rows a bench script measures a rule or a
    floor on (``codeswitch_floor.load``, ``syn_rules.judged_rows``)."""
    seen: set = set()
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if not keep(r):
                continue
            k = key(r)
            if k in seen:
                continue
            seen.add(k)
            r["file"] = path.name
            rows.append(r)
    return rows
