"""TREC run and qrels files, readable by trec_eval, pytrec_eval and ir-measures.

Run lines are ``qid Q0 docid rank score tag``; qrels lines ``qid 0 docid relevance``.
Within a query, documents are written in the order trec_eval itself uses (score
descending, ties by docid descending), so the rank column agrees with how
trec_eval reads the file. Scores are written with ``repr`` (shortest exact
round-trip) so that no ties are created by rounding: metrics recomputed from the
file equal those computed in memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

from robustir.errors import InputError
from robustir.io import atomic_write_text, read_text

__all__ = ["read_trec_qrels", "read_trec_run", "write_trec_qrels", "write_trec_run"]


def _token(value: object, what: str) -> str:
    s = str(value)
    if not s or any(c.isspace() for c in s):
        raise InputError(f"{what} {s!r} is empty or contains whitespace; TREC files cannot hold it")
    return s


def write_trec_run(path: str | Path, run: Mapping[str, Iterable[tuple[str, float]] | Mapping[str, float]],
                   tag: str) -> Path:
    """Write ``run[qid] = [(docid, score), ...]`` (or ``{docid: score}``) as a TREC run file.

    Queries are written in the mapping's order; a query with an empty list writes
    no line (trec_eval then skips it, which is why robustir scores empty runs as 0
    itself). Raises ``InputError`` for whitespace in ids or tag and for non-finite
    scores or a document listed twice for one query.
    """
    tag = _token(tag, "run tag")
    lines: list[str] = []
    for qid, docs in run.items():
        q = _token(qid, "query id")
        items = list(docs.items()) if isinstance(docs, Mapping) else list(docs)
        seen: set[str] = set()
        ranked = []
        for docid, score in items:
            d = _token(docid, "document id")
            if d in seen:
                raise InputError(f"document {d!r} appears twice in the run of query {q!r}")
            seen.add(d)
            s = float(score)
            if not math.isfinite(s):
                raise InputError(f"score of document {d!r} for query {q!r} is {s}; TREC scores must be finite")
            ranked.append((d, s))
        # trec_eval's order: score descending, then docid descending.
        ranked.sort(key=lambda x: (x[1], x[0]), reverse=True)
        lines.extend(f"{q} Q0 {d} {rank} {s!r} {tag}" for rank, (d, s) in enumerate(ranked, start=1))
    return atomic_write_text(path, "".join(line + "\n" for line in lines))


def write_trec_qrels(path: str | Path, qrels: Mapping[str, Mapping[str, int]]) -> Path:
    """Write ``qrels[qid][docid] = relevance`` as a TREC qrels file (queries in mapping order, docids sorted)."""
    lines = []
    for qid, docs in qrels.items():
        q = _token(qid, "query id")
        for docid in sorted(docs):
            rel = docs[docid]
            if isinstance(rel, bool) or int(rel) != rel:
                raise InputError(f"relevance of {docid!r} for query {q!r} must be an integer, got {rel!r}")
            lines.append(f"{q} 0 {_token(docid, 'document id')} {int(rel)}")
    return atomic_write_text(path, "".join(line + "\n" for line in lines))


def read_trec_run(path: str | Path) -> dict[str, dict[str, float]]:
    """Read a TREC run file into ``{qid: {docid: score}}``; a one-line error names a malformed line."""
    out: dict[str, dict[str, float]] = {}
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 6:
            raise InputError(f"{path}:{n}: a run line needs 6 fields (qid Q0 docid rank score tag), got {len(parts)}")
        try:
            score = float(parts[4])
        except ValueError as e:
            raise InputError(f"{path}:{n}: score {parts[4]!r} is not a number") from e
        out.setdefault(parts[0], {})[parts[2]] = score
    return out


def read_trec_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """Read a TREC qrels file into ``{qid: {docid: relevance}}``."""
    out: dict[str, dict[str, int]] = {}
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 4:
            raise InputError(f"{path}:{n}: a qrels line needs 4 fields (qid iter docid relevance), got {len(parts)}")
        try:
            rel = int(parts[3])
        except ValueError as e:
            raise InputError(f"{path}:{n}: relevance {parts[3]!r} is not an integer") from e
        out.setdefault(parts[0], {})[parts[2]] = rel
    return out
