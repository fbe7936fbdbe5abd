"""Small deterministic stand-ins for tests that need no real model."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from robustir.data.benchmark import Benchmark, Document, Query


class BagOfWordsEncoder:
    """A deterministic bag-of-hashed-words encoder implementing the Encoder protocol."""

    def __init__(self, dim: int = 512, name: str = "bow") -> None:
        self.dim = dim
        self.name = name
        self.fingerprint = hashlib.sha256(f"bow-{dim}".encode()).hexdigest()
        self.max_seq_length = 512
        self.query_prompt = ""
        self.passage_prompt = ""
        self.calls = 0
        self.texts_seen: list[str] = []

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_seen.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                h = int.from_bytes(hashlib.md5(w.strip("?.,!").encode()).digest()[:4], "little")
                out[i, h % self.dim] += 1.0
            out[i, -1] += 1e-3  # never an all-zero row
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_queries(self, texts, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts)


def toy_benchmark(n_docs: int = 30) -> Benchmark:
    """A small benchmark whose queries share distinctive words with their one relevant document."""
    topics = ["river", "mountain", "violin", "galaxy", "volcano", "penguin", "tractor", "glacier", "saxophone",
              "comet", "desert", "harbor", "orchid", "tornado", "lantern"]
    corpus = [
        Document(
            id=f"d{i}",
            title=f"Title {i}",
            text=f"The {topics[i % len(topics)]} number {i} is described here with {topics[(i * 7) % len(topics)]}",
        )
        for i in range(n_docs)
    ]
    queries = [Query(id=f"q{i}", text=f"what is the {topics[i % len(topics)]} number {i}", language="en")
               for i in range(0, n_docs, 3)]
    qrels = {q.id: {f"d{q.id[1:]}": 1} for q in queries}
    return Benchmark(name="toy", corpus=corpus, queries=queries, qrels=qrels)


def write_dictd(folder: Path, name: str, entries: list[tuple[str, str]]) -> None:
    """A dictd dictionary ``name.index`` + ``name.dict.dz`` (FreeDict's format) holding ``entries``
    (headword, article text), offsets in dictd's own base64 alphabet."""
    from robustir.attacks.freedict import _B64

    inv = {v: k for k, v in _B64.items()}

    def b64(n: int) -> str:
        s = ""
        while True:
            s = inv[n % 64] + s
            n //= 64
            if not n:
                return s

    body, index, off = b"", [], 0
    for head, text in entries:
        raw = text.encode("utf-8")
        index.append(f"{head}\t{b64(off)}\t{b64(len(raw))}")
        body += raw
        off += len(raw)
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / f"{name}.dict.dz", "wb") as f:
        f.write(body)
