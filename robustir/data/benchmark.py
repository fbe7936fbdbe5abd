"""The benchmark structure every dataset loader returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from robustir.io import sha256_text


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
    """

    name: str
    corpus: list[Document]
    queries: list[Query]
    qrels: dict[str, dict[str, int]]
    notes: str = ""
    checksum: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.checksum = self.compute_checksum()

    def compute_checksum(self) -> str:
        parts: list[str] = ["corpus"]
        for d in self.corpus:
            parts += [d.id, d.title, d.text]
        parts.append("queries")
        for q in self.queries:
            parts += [q.id, q.text, q.language]
        parts.append("qrels")
        for qid in sorted(self.qrels):
            for did in sorted(self.qrels[qid]):
                parts += [qid, did, str(self.qrels[qid][did])]
        return sha256_text(parts)

    def subset(self, limit: int | None) -> "Benchmark":
        """The first ``limit`` queries (in file order) against the full corpus."""
        if limit is None or limit >= len(self.queries):
            return self
        queries = self.queries[:limit]
        keep = {q.id for q in queries}
        qrels = {qid: rel for qid, rel in self.qrels.items() if qid in keep}
        return Benchmark(name=self.name, corpus=self.corpus, queries=queries, qrels=qrels,
                         notes=self.notes + f" Limited to the first {limit} queries.")

    def corpus_texts(self) -> list[str]:
        """Passages as the encoder sees them: ``title + " " + text`` (the BEIR convention)."""
        return [f"{d.title} {d.text}" if d.title else d.text for d in self.corpus]
