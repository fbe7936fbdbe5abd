"""Datasets by ir_datasets id: ``irds:beir/fiqa/test``, ``irds:msmarco-passage/dev/small``...

The ``ir_datasets`` package (https://ir-datasets.com) is optional (``pip install robustir[bridges]``):
it is imported only when such a dataset is loaded. Its documents, queries and judgements are read
through its own iterators (``docs_iter``, ``queries_iter``, ``qrels_iter``) and assembled like a
BEIR folder (only judged queries kept, judgements checked against the corpus).

ir_datasets downloads on first use; on a machine without network only what is already in its
cache (``$IR_DATASETS_HOME``, default ``~/.ir_datasets``) can be read, and anything else fails with
one line that says how to get it there.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.errors import InputError

log = logging.getLogger(__name__)

PREFIX = "irds"
INSTALL_HINT = "ir_datasets is not installed: pip install ir_datasets (or pip install 'robustir[bridges]')"


def is_available() -> bool:
    """True when the ``ir_datasets`` package can be imported."""
    import importlib.util

    try:
        return importlib.util.find_spec("ir_datasets") is not None
    except (ImportError, ValueError):
        return False


def cache_dir() -> Path:
    """Where ir_datasets keeps what it downloaded (``$IR_DATASETS_HOME`` or ``~/.ir_datasets``)."""
    return Path(os.environ.get("IR_DATASETS_HOME") or Path.home() / ".ir_datasets").expanduser()


def state(data_dir: Path | None = None) -> str:
    """One line for ``robustir datasets``: whether ids can be loaded, and from where."""
    if not is_available():
        return f"not available ({INSTALL_HINT})"
    return f"available: give irds:ID (offline: only what is in {cache_dir()})"


def _fetch_hint(dataset_id: str) -> str:
    return (f"download it on a machine with network with `python -c \"import ir_datasets; "
            f"d = ir_datasets.load('{dataset_id}'); [list(x) for x in (d.docs_iter(), d.queries_iter(), "
            f"d.qrels_iter())]\"`, then copy {cache_dir()} here (or set IR_DATASETS_HOME)")


def _text(record: Any) -> str:
    """A record's text: ir_datasets' ``default_text()`` where the record type has it (it joins
    title and body as the dataset's authors intend), else its ``text`` field."""
    fn = getattr(record, "default_text", None)
    if callable(fn):
        return str(fn())
    return str(getattr(record, "text", "") or "")


def load(option: str | None, data_dir: Path | None = None) -> Benchmark:
    """Load ``irds:<id>`` (``option`` is the id) as a benchmark named ``irds:<id>``.

    Documents keep ir_datasets' ``title`` field where there is one (the encoder sees
    ``title + " " + text`` as for BEIR folders); queries are in English unless the query type
    has a ``language`` field."""
    dataset_id = (option or "").strip()
    if not dataset_id:
        raise InputError("give an ir_datasets id after irds:, e.g. irds:beir/fiqa/test (see https://ir-datasets.com)")
    if not is_available():
        from robustir.errors import DatasetMissing

        raise DatasetMissing(INSTALL_HINT)
    import ir_datasets

    try:
        ds = ir_datasets.load(dataset_id)
    except KeyError as e:
        raise InputError(f"ir_datasets knows no dataset {dataset_id!r} (ids as listed on https://ir-datasets.com, "
                         "e.g. beir/fiqa/test)") from e
    for part in ("docs", "queries", "qrels"):
        has = getattr(ds, f"has_{part}", None)
        if callable(has) and not has():
            raise InputError(f"ir_datasets dataset {dataset_id!r} has no {part}: choose an id with a split that "
                             "has queries and judgements (e.g. beir/fiqa/test, not beir/fiqa)")
    try:
        corpus = [Document(id=str(d.doc_id), title=str(getattr(d, "title", "") or ""),
                           text=str(getattr(d, "text", "") or "") if hasattr(d, "title") else _text(d))
                  for d in ds.docs_iter()]
        queries = [Query(id=str(q.query_id), text=_text(q), language=str(getattr(q, "language", None) or "en"))
                   for q in ds.queries_iter()]
        rows = [(i, str(r.query_id), str(r.doc_id), int(r.relevance)) for i, r in enumerate(ds.qrels_iter(), 1)]
    except (InputError, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - ir_datasets raises many kinds when a download is impossible
        from robustir.errors import DatasetMissing

        first = " ".join(str(e).split())[:160]
        raise DatasetMissing(f"irds:{dataset_id} is not in the local ir_datasets cache ({type(e).__name__}: "
                             f"{first}); {_fetch_hint(dataset_id)}") from e
    return _assemble(dataset_id, corpus, queries, rows)


def _assemble(dataset_id: str, corpus: list[Document], queries: list[Query],
              rows: list[tuple[int, str, str, int]]) -> Benchmark:
    from robustir.data.beir import assemble

    if not corpus or not queries or not rows:
        missing = "documents" if not corpus else "queries" if not queries else "judgements"
        raise InputError(f"ir_datasets dataset {dataset_id!r} yielded no {missing}")
    seen: set[str] = set()
    for d in corpus:
        if d.id in seen:
            raise InputError(f"ir_datasets dataset {dataset_id!r} repeats document id {d.id!r}")
        seen.add(d.id)
    queries = list({q.id: q for q in queries}.values())  # some collections list a query twice
    where = Path(f"irds:{dataset_id}")
    return assemble(f"{PREFIX}:{dataset_id}", corpus, queries, rows, qrels_path=Path(f"{where} qrels"),
                    queries_path=Path(f"{where} queries"), source=f"ir_datasets {dataset_id}")
