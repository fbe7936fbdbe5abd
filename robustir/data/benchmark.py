"""The benchmark structure every dataset loader returns, and how a benchmark is cut to ``--limit N``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import InitVar, dataclass, field
from typing import Any, TypeVar

from robustir.io import sha256_feed, sha256_text

T = TypeVar("T")

#: Salt of :func:`balanced_order`; changing it changes which questions every ``--limit`` picks.
BALANCED_SALT = "robustir.balanced-limit/1"


def balanced_order(question_ids: Iterable[str]) -> list[str]:
    """The distinct ``question_ids`` ordered by sha256(salt + id): a fixed pseudo-random order.

    Why a hash and not file order: multilingual files list questions article by article (and a
    multilingual pool lists them language by language), so the first N are a few articles or a
    few languages. The hash order depends on the id alone, so the same question is picked (or
    not) whatever the setting, language or file order, with no seed to record.
    """
    unique = dict.fromkeys(question_ids)
    return sorted(unique, key=lambda q: (hashlib.sha256(f"{BALANCED_SALT}\0{q}".encode()).hexdigest(), q))


@dataclass(frozen=True)
class Document:
    """One corpus passage."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Query:
    """One query; ``language`` is an ISO 639-1 code (``en``, ``pt``...)."""

    id: str
    text: str
    language: str = "en"


def passage_text(d: Document) -> str:
    """A passage as the encoder sees it (``Benchmark.corpus_texts``' convention, one document at a time)."""
    return f"{d.title} {d.text}" if d.title else d.text


def passages_digest(corpus: list[Document]) -> str:
    """sha256 of the passages as the encoder sees them (streamed: the digest of ``corpus_texts()``): the
    embedding cache's corpus key (``robustir.embeddings.corpus_key``), through :meth:`Benchmark.corpus_value`.

    Here, with the data, and not in ``robustir.embeddings``, so that a stored benchmark keeps it
    (``registry._stored``, whose key holds this file's code): a restored BoolQ took it again in every process,
    ~5 ms of the first run (bench/RESULTS.md section 204.6; section 223)."""
    return sha256_text(passage_text(d) for d in corpus)


@dataclass(eq=False)
class _CorpusMemo:
    """Values computed from one corpus (:meth:`Benchmark.corpus_value`), with the documents they were
    computed from (a shallow copy of the list, 8 bytes per passage)."""

    documents: list[Document]
    values: dict[Callable[[list[Document]], Any], Any] = field(default_factory=dict)


def _checksum_corpus_part(corpus: list[Document]) -> Any:
    """The sha256 object fed the checksum's corpus part (a subset's checksum starts from it)."""
    parts: list[str] = ["corpus"]
    for d in corpus:
        parts += [d.id, d.title, d.text]
    return sha256_feed(hashlib.sha256(), parts)


@dataclass
class Benchmark:
    """A retrieval benchmark: a corpus, queries and graded relevance judgements.

    ``qrels[qid][docid] = grade`` (grade > 0 is relevant). ``checksum`` is a
    sha256 over the canonical content (corpus, queries, qrels), so results
    computed on different data can be told apart; it is computed on creation.
    ``notes`` says how the benchmark was built (e.g. how duplicates were merged).
    ``groups`` (multilingual benchmarks only) maps a query id to its question id, the same for
    the versions of one question in several languages; :meth:`subset` then keeps whole
    questions. It is not part of the checksum (it only says how queries relate).
    """

    name: str
    corpus: list[Document]
    queries: list[Query]
    qrels: dict[str, dict[str, int]]
    notes: str = ""
    groups: dict[str, str] = field(default_factory=dict)
    checksum: str = field(default="", init=False)
    #: values computed from the corpus (:meth:`corpus_value`), shared with the subsets, which hold the same list
    _corpus_memo: _CorpusMemo | None = field(default=None, repr=False, compare=False, kw_only=True)
    #: the checksum of this very content, computed by an earlier process (``registry._stored`` only: a payload
    #: sha256-checked and keyed by every line of the checksum's code); None, the default, computes it
    _stored_checksum: InitVar[str | None] = field(default=None, kw_only=True)

    def __post_init__(self, _stored_checksum: str | None = None) -> None:
        # a stored checksum is taken as it is: computing it again cost ~0.002 CPU-s of every process's first
        # BoolQ evaluation (all 3,270 queries and their qrels), and a subset hashes the corpus part anyway
        # (bench/RESULTS.md section 204)
        self.checksum = _stored_checksum if _stored_checksum is not None else self._checksum()

    def compute_checksum(self) -> str:
        """The sha256 over the corpus, queries and qrels as they are now (``checksum`` holds it as they were
        on creation; a subset's corpus part is the digest its parent computed, the corpus being the same list)."""
        self._corpus_memo = None
        return self._checksum()

    def _checksum(self) -> str:
        parts: list[str] = ["queries"]
        for q in self.queries:
            parts += [q.id, q.text, q.language]
        parts.append("qrels")
        for qid in sorted(self.qrels):
            for did in sorted(self.qrels[qid]):
                parts += [qid, did, str(self.qrels[qid][did])]
        return sha256_text(parts, start=self.corpus_value(_checksum_corpus_part))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a study's worker processes, ``copy.deepcopy``) without the corpus memo: a sha256
        object cannot be pickled, and the copy computes its corpus values again if it ever needs them."""
        return {**self.__dict__, "_corpus_memo": None}

    def corpus_value(self, compute: Callable[[list[Document]], T]) -> T:
        """``compute(self.corpus)``, computed once per corpus and shared with the subsets (:meth:`subset`).

        Why: digests over every passage (the checksum's corpus part, the embedding cache's key) were computed
        again for every evaluation, O(corpus) each (~1 s for a million passages; bench/RESULTS.md, issue 15).
        The value holds while the corpus list holds the same documents in the same order: ``Document`` is
        frozen, and the list is compared with a kept shallow copy (pointer comparisons, ~1,000x cheaper than
        hashing the texts), so an element replaced, added or removed means a new computation. ``compute`` is
        the key: pass a module-level function (a new lambda each call would never be found)."""
        memo = self._memo()
        if compute not in memo.values:
            memo.values[compute] = compute(self.corpus)
        return memo.values[compute]

    def corpus_value_seed(self, compute: Callable[[list[Document]], T], value: T) -> None:
        """Give :meth:`corpus_value` ``value`` for ``compute`` on this corpus without computing it: what an
        earlier process computed from the very same documents (``registry._stored``: a sha256-checked payload
        whose key holds ``compute``'s code), shared with the subsets like a computed value."""
        self._memo().values[compute] = value

    def _memo(self) -> _CorpusMemo:
        """This corpus's memo, made empty when there is none or the corpus changed: the subsets share it, so a
        value one of them computes (the checksum's corpus part of a restored benchmark) is computed once."""
        memo = self._corpus_memo
        if memo is None or memo.documents != self.corpus:
            memo = self._corpus_memo = _CorpusMemo(list(self.corpus))
        return memo

    def subset(self, limit: int | None) -> Benchmark:
        """``limit`` questions against the full corpus.

        One query language (no ``groups``): the first ``limit`` queries in file order, as always.
        Multilingual (``groups`` set): ``limit`` *questions*, each in every language it has, so
        every language gets the same questions (XQuAD-R ``multi``: ``limit`` x 11 queries); the
        questions are the first ``limit`` of :func:`balanced_order`, never the first in file order.
        """
        if limit is None:
            return self
        if self.groups:
            return self._balanced_subset(limit)
        if limit >= len(self.queries):
            return self
        queries = self.queries[:limit]
        keep = {q.id for q in queries}
        qrels = {qid: rel for qid, rel in self.qrels.items() if qid in keep}
        return Benchmark(name=self.name, corpus=self.corpus, queries=queries, qrels=qrels,
                         notes=self.notes + f" Limited to the first {limit} queries.",
                         _corpus_memo=self._memo())

    def _balanced_subset(self, limit: int) -> Benchmark:
        group_of = {q.id: self.groups.get(q.id, q.id) for q in self.queries}
        order = balanced_order(group_of[q.id] for q in self.queries)
        if limit >= len(order):
            return self
        chosen = set(order[:limit])
        queries = [q for q in self.queries if group_of[q.id] in chosen]
        keep = {q.id for q in queries}
        qrels = {qid: rel for qid, rel in self.qrels.items() if qid in keep}
        langs = sorted({q.language for q in queries})
        notes = (self.notes + f" Limited to {limit} of the {len(order)} questions, each in every language it has "
                 f"({len(queries)} queries in {','.join(langs)}); the questions are the first {limit} in the order "
                 f"of sha256(\"{BALANCED_SALT}\\0\" + question id), not file order.")
        return Benchmark(name=self.name, corpus=self.corpus, queries=queries, qrels=qrels, notes=notes,
                         groups={qid: group_of[qid] for qid in keep}, _corpus_memo=self._memo())

    def corpus_texts(self) -> list[str]:
        """Passages as the encoder sees them: ``title + " " + text`` (the BEIR convention)."""
        return [f"{d.title} {d.text}" if d.title else d.text for d in self.corpus]
