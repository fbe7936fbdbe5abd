"""Datasets as retrieval benchmarks: a registry of loaders, BEIR folders, fetching.

``load_benchmark("boolq")``, ``load_benchmark("xquad-r:de-en")``, ``load_benchmark("/data/scifact")``;
``list_datasets()`` says which are ready; ``fetch_dataset("fiqa")`` downloads what can be
downloaded. Loaders are imported lazily (see :mod:`robustir.data.registry`).
"""

from __future__ import annotations

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.data.registry import (
    PATH_HINT,
    DatasetEntry,
    DatasetInfo,
    DatasetMissing,
    describe,
    fetch_dataset,
    fetchable,
    list_datasets,
    load_benchmark,
    parse_spec,
    register,
    registered,
)

__all__ = [
    "PATH_HINT", "Benchmark", "DatasetEntry", "DatasetInfo", "DatasetMissing", "Document", "Query",
    "describe", "fetch_dataset", "fetchable", "list_datasets", "load_benchmark", "parse_spec", "register", "registered",
]
