"""Hugging Face / MTEB retrieval datasets already on this machine: ``hf:mteb/fiqa``, ``hf:/data/fiqa``.

MTEB publishes each retrieval task as a dataset repository with three parts — a corpus
(``_id``, ``title``, ``text``), queries (``_id``, ``text``) and judgements (``query-id``,
``corpus-id``, ``score``) — in one of two layouts:

- BEIR files: ``corpus.jsonl[.gz]``, ``queries.jsonl[.gz]``, ``qrels/{split}.tsv``;
- parquet (or jsonl) per config: ``corpus/*.parquet``, ``queries/*.parquet`` and the judgements
  under ``qrels/`` or ``default/`` (the config MTEB calls ``default``) in files named after the
  split (``test-00000-of-00001.parquet``); ``id`` is accepted for ``_id``, ``query_id`` /
  ``corpus_id`` for the dashed names.

``hf:FOLDER`` reads such a folder; ``hf:OWNER/NAME`` finds the repository in the local Hugging Face
hub cache (what ``huggingface-cli download`` or ``datasets.load_dataset`` left there, under
``$HF_HUB_CACHE``), never on the network; if it is not there and the optional ``datasets`` package is
installed, ``datasets.load_dataset`` is asked with ``HF_DATASETS_OFFLINE=1`` (its own arrow cache).
A split other than ``test`` is chosen with ``:SPLIT`` (``hf:mteb/fiqa:dev``). Parquet is read with
pyarrow (a robustir dependency), so only the last fallback needs ``datasets``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.errors import InputError

log = logging.getLogger(__name__)

PREFIX = "hf"
DEFAULT_SPLIT = "test"
DATASETS_HINT = "pip install datasets (or pip install 'robustir[bridges]')"
_QRELS_DIRS = ("qrels", "default", "data")
_ID = ("_id", "id")
_QID = ("query-id", "query_id", "qid")
_DID = ("corpus-id", "corpus_id", "doc_id", "docid")
_SCORE = ("score", "relevance", "label")


def datasets_available() -> bool:
    """True when the optional ``datasets`` package can be imported (the last fallback only)."""
    import importlib.util

    try:
        return importlib.util.find_spec("datasets") is not None
    except (ImportError, ValueError):
        return False


def is_available() -> bool:
    """Folders and the hub cache need only pyarrow and huggingface_hub (both installed with robustir)."""
    return True


def hub_cache() -> Path:
    """The Hugging Face hub cache, read from the environment at call time."""
    env = os.environ.get("HF_HUB_CACHE")
    if env:
        return Path(env).expanduser()
    home = os.environ.get("HF_HOME")
    return (Path(home).expanduser() if home else Path.home() / ".cache" / "huggingface") / "hub"


def state(data_dir: Path | None = None) -> str:
    extra = "" if datasets_available() else f"; for the datasets cache too: {DATASETS_HINT}"
    return f"available: give hf:OWNER/NAME (from {hub_cache()}, offline) or hf:FOLDER{extra}"


def _fetch_hint(repo: str) -> str:
    return (f"download it on a machine with network with `huggingface-cli download --repo-type dataset {repo}`, "
            f"then copy its cache folder here and set HF_HUB_CACHE (or give the folder: "
            f"hf:/path/to/{repo.split('/')[-1]})")


# --------------------------------------------------------------------------- finding the parts


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and _kind(p) is not None)


def _kind(path: Path) -> str | None:
    name = path.name
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    return None


def _part(root: Path, name: str) -> list[Path]:
    """The files of one part: ``root/name/**`` or ``root/name.parquet``/``root/name-*.parquet``."""
    if (root / name).is_dir():
        return _files(root / name)
    return sorted(p for p in root.iterdir() if p.is_file() and _kind(p) == "parquet"
                  and (p.name == f"{name}.parquet" or p.name.startswith(f"{name}-")))


def _qrels_files(root: Path, split: str) -> list[Path]:
    for sub in _QRELS_DIRS:
        folder = root / sub
        if folder.is_dir():
            found = [p for p in _files(folder) if p.name.startswith((f"{split}-", f"{split}."))]
            if found:
                return found
    return []


def _splits(root: Path) -> list[str]:
    names = set()
    for sub in _QRELS_DIRS:
        if (root / sub).is_dir():
            names |= {p.name.split("-")[0].split(".")[0] for p in _files(root / sub)}
    return sorted(names)


def is_mteb_dir(root: Path) -> bool:
    """True when ``root`` holds corpus and queries parts in the parquet/jsonl-per-config layout."""
    try:
        return root.is_dir() and bool(_part(root, "corpus")) and bool(_part(root, "queries"))
    except OSError:
        return False


# --------------------------------------------------------------------------- reading


def _records(paths: Iterable[Path]) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """``(file, row number, record)`` of parquet and jsonl files, in file then row order."""
    from robustir.data.beir import iter_json_objects

    for path in paths:
        if _kind(path) == "jsonl":
            for number, obj in iter_json_objects(path):
                yield path, number, obj
            continue
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except Exception as e:  # noqa: BLE001 - pyarrow raises several types for a bad file
            raise InputError(f"{path}: not a readable parquet file ({type(e).__name__}: {e})") from e
        for number, obj in enumerate(table.to_pylist(), start=1):
            yield path, number, obj


def _field(path: Path, number: int, obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if obj.get(name) is not None:
            return obj[name]
    raise InputError(f"{path}:{number}: no {' or '.join(repr(n) for n in names)} field (MTEB layout expected)")


def read_parts(corpus_rows: Iterable[tuple[Path, int, dict[str, Any]]],
               query_rows: Iterable[tuple[Path, int, dict[str, Any]]],
               qrel_rows: Iterable[tuple[Path, int, dict[str, Any]]]) -> tuple[list[Document], list[Query], list]:
    """Documents, queries and judgement rows from MTEB-style records (the three configs)."""
    corpus, seen = [], set()
    for path, number, obj in corpus_rows:
        did = str(_field(path, number, obj, _ID))
        if did in seen:
            raise InputError(f"{path}:{number}: document id {did!r} repeated")
        seen.add(did)
        corpus.append(Document(id=did, title=str(obj.get("title") or ""), text=str(obj.get("text") or "")))
    queries: dict[str, Query] = {}
    for path, number, obj in query_rows:
        qid = str(_field(path, number, obj, _ID))
        text = str(obj.get("text") or "")
        if not text.strip():
            raise InputError(f"{path}:{number}: query {qid!r} has an empty text")
        queries.setdefault(qid, Query(id=qid, text=text, language=str(obj.get("language") or "en")))
    rows = []
    for path, number, obj in qrel_rows:
        score = _field(path, number, obj, _SCORE)
        try:
            grade = int(float(score))
        except (TypeError, ValueError) as e:
            raise InputError(f"{path}:{number}: relevance score {score!r} is not a number") from e
        rows.append((number, str(_field(path, number, obj, _QID)), str(_field(path, number, obj, _DID)), grade))
    return corpus, list(queries.values()), rows


def load_dir(root: str | Path, split: str | None = None, *, name: str | None = None) -> Benchmark:
    """Load an MTEB-layout folder (BEIR files, or parquet/jsonl per config) for ``split``."""
    from robustir.data import beir

    root = Path(root).expanduser()
    split = split or DEFAULT_SPLIT
    label = name or f"{PREFIX}:{root.name}" + ("" if split == DEFAULT_SPLIT else f":{split}")
    if beir.is_beir_dir(root):
        return beir.load_dir(root, split, name=label)
    if not is_mteb_dir(root):
        raise InputError(f"{root} holds no MTEB retrieval dataset (expected corpus/, queries/ and qrels/ or "
                         "default/ with parquet or jsonl files, or BEIR corpus.jsonl, queries.jsonl, qrels/)")
    qrels = _qrels_files(root, split)
    if not qrels:
        available = _splits(root)
        raise InputError(f"{root}: no judgements for split {split!r} "
                         f"({'available: ' + ', '.join(available) if available else 'no qrels/ or default/ files'})")
    corpus, queries, rows = read_parts(_records(_part(root, "corpus")), _records(_part(root, "queries")),
                                       _records(qrels))
    return _assemble(label, corpus, queries, rows, qrels[0], root, f"MTEB folder {root.name}, split {split}")


def _assemble(label: str, corpus: list[Document], queries: list[Query], rows: list, qrels_path: Path, root: Path,
              source: str) -> Benchmark:
    from robustir.data.beir import assemble

    if not corpus or not queries or not rows:
        missing = "documents" if not corpus else "queries" if not queries else "judgements"
        raise InputError(f"{root}: no {missing}")
    return assemble(label, corpus, queries, rows, qrels_path=qrels_path, queries_path=root / "queries",
                    source=source)


# --------------------------------------------------------------------------- hf:OWNER/NAME


def _split_option(option: str) -> tuple[str, str | None]:
    """``mteb/fiqa:dev`` -> (``mteb/fiqa``, ``dev``); a path that exists keeps its colons."""
    if Path(option).expanduser().exists():
        return option, None
    head, sep, tail = option.rpartition(":")
    if sep and head and tail and "/" not in tail:
        return head, tail
    return option, None


def _snapshot(repo: str) -> Path | None:
    """The repository's folder in the local hub cache, or None (never the network)."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo, repo_type="dataset", local_files_only=True, cache_dir=hub_cache()))
    except Exception as e:  # noqa: BLE001 - LocalEntryNotFoundError and friends: "not cached"
        log.debug("%s not in the hub cache %s: %s", repo, hub_cache(), e)
        return None


def _from_datasets(repo: str, split: str, label: str) -> Benchmark | None:
    """Through ``datasets.load_dataset`` (offline: its own cache only), or None if not there."""
    if not datasets_available():
        return None
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    import datasets

    def rows(config: str, want: str | None) -> Iterator[tuple[Path, int, dict[str, Any]]]:
        loaded = datasets.load_dataset(repo, config)
        parts = [loaded[want]] if want is not None else [loaded[k] for k in sorted(loaded)]
        where = Path(f"{repo}[{config}]")
        for part in parts:
            for number, obj in enumerate(part, start=1):
                yield where, number, dict(obj)

    try:
        corpus, queries, qrels = read_parts(rows("corpus", None), rows("queries", None), rows("default", split))
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - datasets raises many kinds when offline and not cached
        log.debug("datasets could not load %s offline: %s", repo, e)
        return None
    return _assemble(label, corpus, queries, qrels, Path(f"{repo}[default/{split}]"), Path(repo),
                     f"Hugging Face dataset {repo} (datasets cache), split {split}")


def load(option: str | None, data_dir: Path | None = None) -> Benchmark:
    """Load ``hf:OWNER/NAME[:SPLIT]`` from the local caches, or ``hf:FOLDER[:SPLIT]`` from disk."""
    text = (option or "").strip()
    if not text:
        raise InputError("give a dataset after hf:, e.g. hf:mteb/fiqa (from the local Hugging Face cache) or "
                         "hf:/path/to/folder (MTEB layout)")
    target, split = _split_option(text)
    split = split or DEFAULT_SPLIT
    label = f"{PREFIX}:{target}" + ("" if split == DEFAULT_SPLIT else f":{split}")
    path = Path(target).expanduser()
    if path.exists():
        return load_dir(path, split, name=label)
    if target.startswith((".", "/", "~")) or target.count("/") != 1:
        raise InputError(f"{target} is neither a folder nor a Hugging Face repository id (OWNER/NAME)")
    snapshot = _snapshot(target)
    if snapshot is not None:
        return load_dir(snapshot, split, name=label)
    found = _from_datasets(target, split, label)
    if found is not None:
        return found
    from robustir.errors import DatasetMissing

    extra = "" if datasets_available() else f" (the datasets cache was not searched: {DATASETS_HINT})"
    raise DatasetMissing(f"hf:{target} is not in the local Hugging Face cache {hub_cache()}{extra}; "
                         f"{_fetch_hint(target)}")
