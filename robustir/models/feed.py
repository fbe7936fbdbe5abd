"""Feeding a sentence-transformers model on a GPU: tokenise ahead while the GPU runs, copy back once.

``SentenceTransformer.encode`` does each batch in turn on one thread: tokenise, move to the
device, forward, and copy the result back to the CPU (a synchronisation), so the GPU idles
while the next batch is tokenised and the CPU idles while the GPU runs. On a lent H200 with
me5-small's architecture that held a bare encode of BoolQ questions to ~7,000 texts/s and
the GPU 6% busy during a ``typo-adv`` run (bench/RESULTS.md section 263).

:func:`encode_overlapped` runs the same steps through the model's own ``preprocess`` and
modules (no re-implementation of tokenisation, pooling or normalisation) in the same
length-sorted batches, but tokenises every batch on a worker thread ahead of the GPU
(the Rust tokenizer releases the GIL) and keeps the vectors on the device until one copy
at the end (1.65x in float32, 2.16x in float16 on a bare encode there). No progress bar: robustir
reports progress per chunk of texts (robustir.embeddings.encode_texts). Hand-written because
sentence-transformers has no such mode; it is used only when the model is on a CUDA device
(robustir.models.st), so CPU results are unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


def sorted_order(model: Any, texts: Sequence[str]) -> np.ndarray:
    """The order sentence-transformers encodes ``texts`` in: longest first (its own length
    measure), so batches hold texts of similar length and little padding; interleaved longest/shortest
    by its own helper when the model unpads its inputs (``_can_flatten_inputs``), as ``encode`` does."""
    lengths = [-model._input_length(t) for t in texts] if hasattr(model, "_input_length") \
        else [-len(t) for t in texts]
    order = np.argsort(lengths)
    flattens = getattr(model, "_can_flatten_inputs", None)
    if callable(flattens) and flattens() and hasattr(model, "_interleave_sorted_indices"):
        order = model._interleave_sorted_indices(order)
    return order


def encode_overlapped(model: Any, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
    """``(len(texts), dim)`` float32 unit vectors of ``texts`` with ``prompt``, from ``model``
    on whatever device it is on; equal to ``model.encode(..., normalize_embeddings=True)`` up to
    float rounding (same batches, same modules)."""
    import torch
    from sentence_transformers.util import batch_to_device

    n = len(texts)
    if n == 0:
        raise ValueError("encode_overlapped needs at least one text")
    order = sorted_order(model, texts)
    ordered = [texts[i] for i in order]
    batches = [ordered[i:i + batch_size] for i in range(0, n, batch_size)]
    device = model.device
    model.eval()
    outs = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="robustir-tokenize") as pool, torch.inference_mode():
        # map submits every batch at once: the worker tokenises batch i+1.. while the GPU runs batch i
        for features in pool.map(lambda b: model.preprocess(b, prompt=prompt), batches):
            features = batch_to_device(features, device)
            emb = model(features)["sentence_embedding"]
            outs.append(torch.nn.functional.normalize(emb.float(), p=2, dim=1))
        vectors = torch.cat(outs).cpu().numpy()  # the only synchronisation with the device
    out = np.empty_like(vectors)
    out[order] = vectors
    return out
