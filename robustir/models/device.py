"""Where the model under test runs (``--device``) and in which precision.

``check_device`` validates a device string before anything is loaded or encoded
(``--device cuda`` on a machine without a CUDA GPU is a one-line error), and
``choose_precision`` switches a sentence-transformers model on a GPU to float16
only when that changes no vector by more than :data:`FP16_TOLERANCE` in cosine
against float32 on a probe of the benchmark's own texts; the measured difference
goes into the result's provenance. CPUs stay in float32 (no speed-up there, and
results stay byte-identical).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from robustir.errors import InputError

log = logging.getLogger(__name__)

#: The largest 1 - cos(fp16 vector, fp32 vector) over the probe texts for float16 to be used.
FP16_TOLERANCE = 1e-3
#: Encode batch size on a GPU when none is given (texts are length-sorted, so padding stays small).
GPU_BATCH_SIZE = 256
CPU_BATCH_SIZE = 64
#: Query texts handed to a GPU encoder per call (``robustir.retrieval.Retriever.encode_queries``). The CPU's
#: :data:`robustir.embeddings.CHUNK` (512) is two GPU batches: each call then restarts the tokeniser's overlap
#: and ends in a device synchronisation (bench/RESULTS.md section 263.2). 64 batches of 256 keep the GPU fed;
#: the progress bar still moves about twice a second at the ~17,000 texts/s measured there.
GPU_QUERY_CHUNK = 16_384
PRECISIONS = ("auto", "fp32", "fp16")
_DEVICE = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")


def check_device(device: str | None, label: str = "--device ") -> str | None:
    """``device`` normalised (None and ``auto``: let the model pick, CUDA when available), or a
    one-line error for an unknown device or a CUDA device this machine does not have. ``label`` names the
    setting in the message, before the value (``--device `` for the option, ``ROBUSTIR_FLOOR_DEVICE=`` for the
    semantic floor's variable: one check, one wording, wherever a device is named)."""
    if device is None:
        return None
    name = str(device).strip().lower()
    if not _DEVICE.match(name):
        raise InputError(f"{label}{device}: unknown device; use auto, cpu, cuda or cuda:N")
    if name == "auto":
        return None
    if name.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            raise InputError(f"{label}{name}: no CUDA GPU is available on this machine (use {label}cpu or auto)")
        if ":" in name and int(name.split(":")[1]) >= torch.cuda.device_count():
            raise InputError(f"{label}{name}: this machine has {torch.cuda.device_count()} CUDA device(s)")
    return name


def check_precision(precision: str) -> str:
    """``precision`` if it is one of :data:`PRECISIONS`, else a one-line error."""
    if precision not in PRECISIONS:
        raise InputError(f"unknown precision {precision!r}: use {', '.join(PRECISIONS)}")
    return precision


def encoder_device(encoder: Any) -> str:
    """``cuda``/``cpu``/...: where a sentence-transformers encoder's weights are; ``cpu`` for other encoders."""
    model = getattr(encoder, "model", None)
    dev = getattr(model, "device", None)
    return str(getattr(dev, "type", "cpu")) if dev is not None else "cpu"


def default_batch_size(encoder: Any) -> int:
    """A large batch on a GPU, the usual one on a CPU."""
    return GPU_BATCH_SIZE if encoder_device(encoder) == "cuda" else CPU_BATCH_SIZE


def query_chunk(encoder: Any) -> int | None:
    """Query texts per encoder call: :data:`GPU_QUERY_CHUNK` on a GPU; None (the CPU's
    :data:`robustir.embeddings.CHUNK`, so CPU results stay byte-identical) elsewhere."""
    return GPU_QUERY_CHUNK if encoder_device(encoder) == "cuda" else None


def max_cosine_difference(a: np.ndarray, b: np.ndarray) -> float:
    """The largest ``1 - cos(a_i, b_i)`` over paired rows."""
    if len(a) == 0:
        return 0.0
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    cos = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return float(np.max(1.0 - cos))


def decide_fp16(encode: Callable[[Sequence[str]], np.ndarray], to_half: Callable[[], None],
                to_float: Callable[[], None], probe: Sequence[str], tolerance: float = FP16_TOLERANCE
                ) -> tuple[bool, float]:
    """Encode ``probe`` in float32, switch to half, encode again: keep half when the largest cosine
    difference is below ``tolerance`` (else switch back). Returns ``(kept_half, difference)``."""
    ref = encode(probe)
    to_half()
    try:
        diff = max_cosine_difference(ref, encode(probe))
    except Exception:
        to_float()
        raise
    if diff >= tolerance:
        to_float()
        return False, diff
    return True, diff


def choose_precision(encoder: Any, probe: Sequence[str], precision: str = "auto") -> dict[str, Any] | None:
    """Put a sentence-transformers encoder on a GPU in float16 when ``precision`` allows and it is close
    enough to float32 (see :func:`decide_fp16`). Returns what goes into the provenance (device, precision,
    the measured difference), or None on a CPU or for other encoders (nothing changed).

    The chosen precision is set as ``encoder.precision``, which keys the corpus embedding cache."""
    check_precision(precision)
    if encoder_device(encoder) != "cuda" or not hasattr(encoder, "model") or precision == "fp32":
        return None if encoder_device(encoder) != "cuda" else {"device": "cuda", "precision": "fp32"}
    model = encoder.model
    texts = list(dict.fromkeys(probe))[:512]

    def encode(batch: Sequence[str]) -> np.ndarray:
        return encoder.encode_passages(list(batch), batch_size=GPU_BATCH_SIZE)

    half, diff = decide_fp16(encode, model.half, model.float, texts,
                             tolerance=float("inf") if precision == "fp16" else FP16_TOLERANCE)
    encoder.precision = "fp16" if half else "fp32"
    if not half:
        log.warning("float16 changes vectors by up to %.2g in cosine (>= %g): staying in float32", diff, FP16_TOLERANCE)
    return {"device": "cuda", "precision": encoder.precision, "fp16_max_cosine_difference": diff,
            "probe_texts": len(texts)}
