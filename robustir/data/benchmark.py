"""The benchmark structure every dataset loader returns, and how a benchmark is cut to ``--limit N``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from robustir.io import sha256_feed, sha256_text

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
    #: the sha256 object fed the checksum's corpus part, with the corpus list and length it was fed from:
    #: a subset (the same list) starts from it instead of hashing every passage again (BoolQ: ~3 ms per
    #: evaluation; a corpus of a million passages: about a second)
    _corpus_digest: tuple[Any, list[Document], int] | None = field(default=None, repr=False, compare=False,
                                                                    kw_only=True)

    def __post_init__(self) -> None:
        self.checksum = self._checksum()

    def compute_checksum(self) -> str:
        """The sha256 over the corpus, queries and qrels as they are now (``checksum`` holds it as they were
        on creation; a subset's corpus part is the digest its parent computed, the corpus being the same list)."""
        self._corpus_digest = None
        return self._checksum()

    def _checksum(self) -> str:
        parts: list[str] = ["queries"]
        for q in self.queries:
            parts += [q.id, q.text, q.language]
        parts.append("qrels")
        for qid in sorted(self.qrels):
            for did in sorted(self.qrels[qid]):
                parts += [qid, did, str(self.qrels[qid][did])]
        return sha256_text(parts, start=self._corpus_state())

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a study's worker processes, ``copy.deepcopy``) without the corpus digest: a sha256
        object cannot be pickled, and the copy hashes its corpus again if it ever needs to."""
        return {**self.__dict__, "_corpus_digest": None}

    def _corpus_state(self) -> Any:
        kept = self._corpus_digest
        if kept is None or kept[1] is not self.corpus or kept[2] != len(self.corpus):
            parts: list[str] = ["corpus"]
            for d in self.corpus:
                parts += [d.id, d.title, d.text]
            kept = self._corpus_digest = (sha256_feed(hashlib.sha256(), parts), self.corpus, len(self.corpus))
        return kept[0]

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
                         _corpus_digest=self._corpus_digest)

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
                         groups={qid: group_of[qid] for qid in keep}, _corpus_digest=self._corpus_digest)

    def corpus_texts(self) -> list[str]:
        """Passages as the encoder sees them: ``title + " " + text`` (the BEIR convention)."""
        return [f"{d.title} {d.text}" if d.title else d.text for d in self.corpus]
