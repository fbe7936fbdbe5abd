"""The encoder protocol every model adapter implements.

robustir treats a retriever as a bi-encoder: queries and passages are mapped
to L2-normalised float32 vectors and ranked by inner product (= cosine).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from robustir.errors import InputError


@runtime_checkable
class Encoder(Protocol):
    """What robustir needs from a model under test.

    Attributes:
        name: a short human-readable name (``me5-small``, a folder name, a hub id).
        fingerprint: hex digest of weights + config + prompts; two encoders with the
            same fingerprint produce the same vectors. Keys the embedding cache and
            goes into every result's provenance.
        max_seq_length: tokens beyond this are truncated.
        query_prompt / passage_prompt: the prefixes applied before encoding.
    """

    name: str
    fingerprint: str
    query_prompt: str
    passage_prompt: str

    @property
    def max_seq_length(self) -> int:
        """Read-only for robustir (encoders may expose it as a property or a plain attribute)."""
        ...

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64,
                       show_progress: bool = False) -> np.ndarray:
        """Encode queries (prompt applied) into a (n, dim) float32 array, rows L2-normalised."""
        ...

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64,
                        show_progress: bool = False) -> np.ndarray:
        """Encode passages (prompt applied) into a (n, dim) float32 array, rows L2-normalised."""
        ...


def check_texts(texts: Sequence[str]) -> list[str]:
    """The texts as a list, or a one-line error for a bare string or a non-string item
    (a bare string would otherwise be encoded character by character)."""
    if isinstance(texts, str):
        raise InputError("encode_queries/encode_passages take a list of strings, not one string")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InputError(f"text {i} is a {type(t).__name__}, not a string")
    return out
