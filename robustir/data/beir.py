"""BEIR-layout datasets: reading ``corpus.jsonl`` / ``queries.jsonl`` / ``qrels/*.tsv``, and fetching BEIR zips.

The layout (https://github.com/beir-cellar/beir/wiki/Load-your-custom-dataset)::

    corpus.jsonl     {"_id": "d1", "title": "...", "text": "..."} per line
    queries.jsonl    {"_id": "q1", "text": "..."} per line (optional "language" or "metadata": {"language": ...})
    qrels/test.tsv   header "query-id<TAB>corpus-id<TAB>score", then one judgement per line

Each file may also be gzip-compressed (``corpus.jsonl.gz``...). Following the BEIR convention,
only queries with at least one judgement in the chosen qrels split are kept. Every problem with
the files (missing, empty, bad JSON, not UTF-8, judgements pointing at unknown ids...) is raised
as a one-line :class:`~robustir.errors.InputError` naming the file and, where there is one, the line.

The readers are hand-written rather than taken from the ``beir`` package because that package is
not installed (it pulls in a training stack), and because its loader neither reports the line of
a bad record nor checks that judgements point at existing documents.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.errors import InputError, ResourceMissing, RobustirError

DEFAULT_SPLIT = "test"
DEFAULT_LANGUAGE = "en"

#: One judgement as read from a qrels file: (line number, query id, document id, grade).
QrelRow = tuple[int, str, str, int]


# --------------------------------------------------------------------------- files and lines


def find_file(folder: Path, name: str) -> Path | None:
    """``folder/name`` or ``folder/name.gz``, whichever exists (plain first), else None."""
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` of a UTF-8 text file (gzip if the name ends in ``.gz``).

    Lines are decoded one by one so that a bad byte is reported with its line; a UTF-8 byte-order
    mark at the start is dropped; the line ending is stripped.
    """
    try:
        raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115 - closed by `with raw` below
    except FileNotFoundError as e:
        raise InputError(f"{path} does not exist") from e
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from e
    try:
        with raw:
            for number, data in enumerate(raw, start=1):
                try:
                    line = data.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise InputError(f"{path}:{number}: not valid UTF-8 (byte {e.start} of the line); "
                                     "re-encode the file as UTF-8") from e
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                yield number, line.rstrip("\r\n")
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"{path}: corrupt or truncated gzip file ({e})") from e
    except IsADirectoryError as e:
        raise InputError(f"{path} is a folder, not a file") from e
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from e


def _one_line(value: Any, limit: int = 60) -> str:
    """A value quoted for an error message: one line, at most ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def iter_json_objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSON-lines file."""
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{number}: bad JSON ({e.msg} at column {e.colno})") from e
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{number}: expected a JSON object, got {type(obj).__name__}")
        yield number, obj


def _id_field(path: Path, number: int, obj: dict[str, Any], key: str = "_id") -> str:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{path}:{number}: missing or non-string \"{key}\" (got {_one_line(value)})")
    text = str(value)
    if not text.strip():
        raise InputError(f"{path}:{number}: empty \"{key}\"")
    return text


def _text_field(path: Path, number: int, obj: dict[str, Any], key: str, required: bool) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        what = "missing" if value is None else f"not a string ({type(value).__name__})"
        raise InputError(f"{path}:{number}: field \"{key}\" is {what}")
    return value


# --------------------------------------------------------------------------- readers


def read_corpus(path: Path) -> list[Document]:
    """Documents of a BEIR ``corpus.jsonl`` in file order (``title`` optional, ``text`` required, may be empty)."""
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for number, obj in iter_json_objects(path):
        doc_id = _id_field(path, number, obj)
        if doc_id in seen:
            raise InputError(f"{path}:{number}: document id {_one_line(doc_id)} already used on line {seen[doc_id]}")
        seen[doc_id] = number
        docs.append(Document(id=doc_id, title=_text_field(path, number, obj, "title", required=False),
                             text=_text_field(path, number, obj, "text", required=True)))
    if not docs:
        raise InputError(f"{path} is empty: a corpus needs at least one document")
    return docs


def _language(path: Path, number: int, obj: dict[str, Any]) -> str:
    value = obj.get("language")
    meta = obj.get("metadata")
    if value is None and isinstance(meta, dict):
        value = meta.get("language")
    if value is None:
        return DEFAULT_LANGUAGE
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{path}:{number}: \"language\" must be a language code such as \"en\", "
                         f"got {_one_line(value)}")
    return value.strip()


def read_queries(path: Path) -> list[Query]:
    """Queries of a BEIR ``queries.jsonl`` in file order; language from ``language`` or ``metadata.language``."""
    queries: list[Query] = []
    seen: dict[str, int] = {}
    for number, obj in iter_json_objects(path):
        qid = _id_field(path, number, obj)
        if qid in seen:
            raise InputError(f"{path}:{number}: query id {_one_line(qid)} already used on line {seen[qid]}")
        seen[qid] = number
        text = _text_field(path, number, obj, "text", required=True)
        if not text.strip():
            raise InputError(f"{path}:{number}: query {_one_line(qid)} has an empty text")
        queries.append(Query(id=qid, text=text, language=_language(path, number, obj)))
    if not queries:
        raise InputError(f"{path} is empty: no queries")
    return queries


def _grade(path: Path, number: int, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        try:
            as_float = float(value)
        except ValueError:
            as_float = float("nan")
        if as_float.is_integer():
            return int(as_float)
        raise InputError(f"{path}:{number}: relevance score {_one_line(value)} is not an integer") from None


def read_qrels_tsv(path: Path) -> list[QrelRow]:
    """Judgements of a BEIR qrels TSV (``query-id corpus-id score``; the header line is optional)."""
    rows: list[QrelRow] = []
    first = True
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise InputError(f"{path}:{number}: expected 3 tab-separated fields (query-id, corpus-id, score), "
                             f"got {len(fields)}")
        qid, did, score = (f.strip() for f in fields)
        if first:
            first = False
            if _is_header(qid, did, score):
                continue
        if not qid or not did:
            raise InputError(f"{path}:{number}: empty query or document id")
        rows.append((number, qid, did, _grade(path, number, score)))
    if not rows:
        raise InputError(f"{path} is empty: no relevance judgements")
    return rows


def _is_header(qid: str, did: str, score: str) -> bool:
    """True for a header row such as BEIR's ``query-id  corpus-id  score``."""
    return (
        qid.lower() in ("query-id", "query_id", "qid", "query")
        or did.lower() in ("corpus-id", "corpus_id", "docid")
        or score.lower() in ("score", "relevance", "rel", "grade", "label")
    )


def read_qrels_trec(path: Path) -> list[QrelRow]:
    """Judgements of a TREC qrels file (``qid iteration docid grade``, whitespace-separated)."""
    rows: list[QrelRow] = []
    for number, line in iter_lines(path):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4:
            raise InputError(f"{path}:{number}: expected 4 fields (qid iteration docid grade), got {len(fields)}")
        rows.append((number, fields[0], fields[2], _grade(path, number, fields[3])))
    if not rows:
        raise InputError(f"{path} is empty: no relevance judgements")
    return rows


def read_topics_tsv(path: Path) -> list[Query]:
    """Queries of a two-column ``qid<TAB>text`` topics file (anserini's BEIR topics), in file order."""
    queries: list[Query] = []
    seen: dict[str, int] = {}
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        qid, sep, text = line.partition("\t")
        qid = qid.strip()
        if not sep or not qid or not text.strip():
            raise InputError(f"{path}:{number}: expected \"qid<TAB>text\" with both fields non-empty")
        if qid in seen:
            raise InputError(f"{path}:{number}: query id {_one_line(qid)} already used on line {seen[qid]}")
        seen[qid] = number
        queries.append(Query(id=qid, text=text))
    if not queries:
        raise InputError(f"{path} is empty: no queries")
    return queries


# --------------------------------------------------------------------------- assembling a benchmark


def assemble(name: str, corpus: list[Document], queries: list[Query], rows: list[QrelRow], *,
             qrels_path: Path, queries_path: Path, source: str) -> Benchmark:
    """Check the judgements against the corpus and queries and build the :class:`Benchmark`.

    A judgement naming an unknown document or query, or the same pair judged twice with different
    grades, is an error (naming the qrels file and line). Queries without any judgement are dropped
    (the BEIR convention); ``notes`` says how many.
    """
    doc_ids = {d.id for d in corpus}
    query_ids = {q.id for q in queries}
    qrels: dict[str, dict[str, int]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for number, qid, did, grade in rows:
        if did not in doc_ids:
            raise InputError(f"{qrels_path}:{number}: document id {_one_line(did)} is not in the corpus")
        if qid not in query_ids:
            raise InputError(f"{qrels_path}:{number}: query id {_one_line(qid)} is not in {queries_path.name}")
        judged = qrels.setdefault(qid, {})
        if did in judged and judged[did] != grade:
            raise InputError(f"{qrels_path}:{number}: query {_one_line(qid)} and document {_one_line(did)} were "
                             f"already judged {judged[did]} on line {first_line[(qid, did)]}")
        judged[did] = grade
        first_line.setdefault((qid, did), number)
    kept = [q for q in queries if q.id in qrels]
    if not kept:  # unreachable while qrels are checked against queries; kept as a guard
        raise InputError(f"no query of {queries_path} has a judgement in {qrels_path}")
    n_judgements = sum(len(v) for v in qrels.values())
    n_relevant = sum(1 for v in qrels.values() for g in v.values() if g > 0)
    no_relevant = sum(1 for v in qrels.values() if not any(g > 0 for g in v.values()))
    languages = sorted({q.language for q in kept})
    notes = (f"{source}: {len(corpus)} documents; {len(kept)} of {len(queries)} queries kept "
             f"(only queries judged in {qrels_path.name}, the BEIR convention); {n_judgements} judgements, "
             f"{n_relevant} relevant (grade > 0)")
    if no_relevant:
        notes += f"; {no_relevant} kept queries have no relevant document"
    notes += f"; query language {', '.join(languages)}."
    return Benchmark(name=name, corpus=corpus, queries=kept, qrels=qrels, notes=notes)


def qrels_splits(root: Path) -> list[str]:
    """The qrels splits present in ``root/qrels`` (``test``, ``dev``...), sorted."""
    folder = root / "qrels"
    if not folder.is_dir():
        return []
    names = {p.name[: -len(".tsv.gz")] if p.name.endswith(".tsv.gz") else p.stem
             for p in folder.iterdir() if p.is_file() and (p.name.endswith(".tsv") or p.name.endswith(".tsv.gz"))}
    return sorted(names)


def is_beir_dir(root: Path) -> bool:
    """True when ``root`` holds a corpus, queries and a ``qrels`` folder (each possibly gzipped)."""
    return (find_file(root, "corpus.jsonl") is not None and find_file(root, "queries.jsonl") is not None
            and bool(qrels_splits(root)))


def load_dir(root: str | Path, split: str | None = None, *, name: str | None = None) -> Benchmark:
    """Load a BEIR-layout folder; ``split`` picks ``qrels/{split}.tsv`` (default ``test``).

    ``name`` defaults to the folder's name, with ``:split`` appended for a split other than test.
    """
    root = Path(root).expanduser()
    split = split or DEFAULT_SPLIT
    if not split.replace("-", "").replace("_", "").replace(".", "").isalnum() or split.startswith("."):
        raise InputError(f"invalid split {split!r}: give the name of a file in {root / 'qrels'} without .tsv")
    if not root.is_dir():
        raise InputError(f"{root} is not a folder (a BEIR dataset folder holds corpus.jsonl, queries.jsonl, qrels/)")
    corpus_path = find_file(root, "corpus.jsonl")
    queries_path = find_file(root, "queries.jsonl")
    missing = [n for n, p in (("corpus.jsonl", corpus_path), ("queries.jsonl", queries_path)) if p is None]
    if missing:
        raise InputError(f"{root} is not a BEIR folder: {' and '.join(missing)} missing "
                         "(expected corpus.jsonl, queries.jsonl and qrels/test.tsv, optionally .gz)")
    qrels_path = find_file(root / "qrels", f"{split}.tsv")
    if qrels_path is None:
        available = qrels_splits(root)
        hint = f"available splits: {', '.join(available)}" if available else "the qrels folder is missing or empty"
        raise InputError(f"{root / 'qrels' / (split + '.tsv')} does not exist ({hint})")
    assert corpus_path is not None and queries_path is not None
    corpus = read_corpus(corpus_path)
    queries = read_queries(queries_path)
    rows = read_qrels_tsv(qrels_path)
    label = name or (root.name if split == DEFAULT_SPLIT else f"{root.name}:{split}")
    return assemble(label, corpus, queries, rows, qrels_path=qrels_path, queries_path=queries_path,
                    source=f"BEIR folder {root.name}, split {split}")


# --------------------------------------------------------------------------- downloading BEIR zips


@dataclass(frozen=True)
class Download:
    """What :func:`download_zip` fetched: where it now lies and the archive's identity."""

    path: Path
    url: str
    md5: str
    sha256: str
    bytes: int


SOURCE_FILE = ".robustir-source.json"


def _safe_members(archive: zipfile.ZipFile, url: str) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    for info in members:
        parts = Path(info.filename).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise RobustirError(f"refusing to extract {url}: member {_one_line(info.filename)} would land "
                                "outside the target folder")
    return members


def _dataset_root(folder: Path) -> Path | None:
    """``folder`` itself or its single sub-folder, whichever is a BEIR folder (zips wrap the files in one)."""
    if is_beir_dir(folder):
        return folder
    subdirs = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("__MACOSX", "."))]
    if len(subdirs) == 1 and is_beir_dir(subdirs[0]):
        return subdirs[0]
    return None


def download_zip(url: str, dest: str | Path, *, md5: str | None = None, sha256: str | None = None,
                 timeout: float = 60.0, chunk: int = 1 << 20) -> Download:
    """Download a BEIR dataset zip from ``url`` and extract it atomically into ``dest``.

    The archive is streamed to a temporary file next to ``dest`` (never held in memory), its md5
    and sha256 computed on the way and compared with ``md5``/``sha256`` when given; it is then
    extracted into a temporary folder, checked to hold a BEIR layout (at its top or in its single
    sub-folder, as BEIR's zips have it) and renamed to ``dest``, replacing an older copy only once
    the new one is complete. ``dest`` also receives ``.robustir-source.json`` (url, checksums, size).
    Network and checksum failures raise one-line errors and leave ``dest`` untouched.
    """
    import urllib.error
    import urllib.request

    from robustir.io import atomic_write_json

    dest = Path(dest).expanduser()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create {dest.parent}: {e.strerror or e}") from e
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".zip.part")
    tmp_zip = Path(tmp_name)
    work: Path | None = None
    try:
        h_md5, h_sha = hashlib.md5(usedforsecurity=False), hashlib.sha256()
        size = 0
        request = urllib.request.Request(url, headers={"User-Agent": "robustir"})
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as response:
                while block := response.read(chunk):
                    out.write(block)
                    h_md5.update(block)
                    h_sha.update(block)
                    size += len(block)
        except urllib.error.HTTPError as e:
            raise ResourceMissing(f"cannot download {url}: HTTP {e.code} {e.reason}") from e
        except urllib.error.URLError as e:
            raise ResourceMissing(f"cannot download {url}: {e.reason} (no network? download it elsewhere and "
                                  f"unzip it into {dest})") from e
        except (TimeoutError, ConnectionError) as e:
            raise ResourceMissing(f"cannot download {url}: {e} (no network? download it elsewhere and "
                                  f"unzip it into {dest})") from e
        got_md5, got_sha = h_md5.hexdigest(), h_sha.hexdigest()
        for label, want, got in (("md5", md5, got_md5), ("sha256", sha256, got_sha)):
            if want and want.lower() != got:
                raise RobustirError(f"{url}: {label} mismatch (expected {want.lower()}, got {got}); "
                                    "the download is corrupt or not the pinned file, nothing was installed")
        work = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".extract"))
        try:
            with zipfile.ZipFile(tmp_zip) as archive:
                archive.extractall(work, members=_safe_members(archive, url))
        except zipfile.BadZipFile as e:
            raise RobustirError(f"{url} is not a valid zip archive ({e})") from e
        root = _dataset_root(work)
        if root is None:
            raise RobustirError(f"{url} holds no BEIR dataset (corpus.jsonl, queries.jsonl, qrels/) at its top "
                                "or in a single sub-folder")
        atomic_write_json(root / SOURCE_FILE, {"url": url, "md5": got_md5, "sha256": got_sha, "bytes": size})
        old: Path | None = None
        if dest.exists():
            old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
            os.replace(dest, old)
        try:
            os.replace(root, dest)
        except OSError:
            if old is not None:
                os.replace(old, dest)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return Download(path=dest, url=url, md5=got_md5, sha256=got_sha, bytes=size)
    finally:
        tmp_zip.unlink(missing_ok=True)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
