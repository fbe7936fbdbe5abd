"""ONNX Runtime vs PyTorch for CPU encoding: speed ratio and largest cosine difference on the same texts.

Exports the model with sentence-transformers' ONNX backend (``backend="onnx"``;
needs ``onnxruntime`` and ``optimum-onnx`` from PyPI) into a temporary copy of
its folder, then encodes the same texts with both backends, same batch size,
same thread count, alternating repeats. Counts as "the same model" only if
every text's cosine between the two embeddings is > 1 - 1e-4.

    python bench/onnx.py [--model me5-small] [--texts 512] [--kind passages|queries] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# This file is named onnx.py: drop its folder from the path so that `import onnx` finds the package.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
sys.path.insert(0, str(_here.parent))


def _texts(kind: str, n: int) -> tuple[list[str], str]:
    """BoolQ passages or questions if installed, else XQuAD-R English sentences / questions."""
    from robustir.data import load_benchmark

    for name in ("boolq", "xquad-r"):
        try:
            b = load_benchmark(name)
        except Exception:  # noqa: BLE001 - try the next source
            continue
        texts = b.corpus_texts() if kind == "passages" else [q.text for q in b.queries]
        return texts[:n], name
    raise SystemExit("no dataset available for texts (BoolQ or XQuAD-R)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="me5-small")
    ap.add_argument("--texts", type=int, default=512)
    ap.add_argument("--kind", default="passages", choices=["passages", "queries"])
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-seq-length", type=int, default=256)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    from robustir.models import load_encoder

    enc = load_encoder(args.model, max_seq_length=args.max_seq_length)
    if Path(args.model).is_dir():
        src = Path(args.model)
    else:  # a built-in name: its folder in the resource cache (never modified: we export into a copy)
        from robustir.resources import ensure

        src = ensure(args.model)
    texts, source = _texts(args.kind, args.texts)
    prompt = enc.passage_prompt if args.kind == "passages" else enc.query_prompt
    threads = torch.get_num_threads()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        shutil.copytree(src, folder)
        t0 = time.perf_counter()
        pt = SentenceTransformer(str(folder), device="cpu", backend="torch")
        try:
            ox = SentenceTransformer(str(folder), device="cpu", backend="onnx")
        except Exception as e:  # noqa: BLE001 - report what is missing
            import traceback

            traceback.print_exc()
            raise SystemExit(f"ONNX backend unavailable: {type(e).__name__}: {e}\n"
                             "needs: pip install onnxruntime optimum-onnx") from e
        export_s = time.perf_counter() - t0
        for m in (pt, ox):
            m.max_seq_length = args.max_seq_length
        kw = dict(batch_size=args.batch_size, normalize_embeddings=True, convert_to_numpy=True, prompt=prompt)
        pt.encode(texts[:8], **kw)
        ox.encode(texts[:8], **kw)  # warm-up
        times: dict[str, list[float]] = {"torch": [], "onnx": []}
        out: dict[str, np.ndarray] = {}
        for _ in range(args.repeats):
            for name, m in (("torch", pt), ("onnx", ox)):
                s = time.perf_counter()
                out[name] = np.asarray(m.encode(texts, **kw), dtype=np.float32)
                times[name].append(time.perf_counter() - s)
    cos = np.sum(out["torch"] * out["onnx"], axis=1)
    worst = float(np.max(1.0 - cos))
    t_pt, t_ox = min(times["torch"]), min(times["onnx"])
    print(f"{len(texts)} {args.kind} from {source}, model {args.model}, max_seq_length {args.max_seq_length}, "
          f"batch {args.batch_size}, torch threads {threads}, best of {args.repeats}")
    print(f"torch  {t_pt:7.2f} s  {len(texts) / t_pt:7.1f} texts/s")
    print(f"onnx   {t_ox:7.2f} s  {len(texts) / t_ox:7.1f} texts/s   (export + load {export_s:.1f} s)")
    print(f"speed ratio torch/onnx = {t_pt / t_ox:.2f}x")
    print(f"largest cosine difference 1 - cos = {worst:.2e}; largest |diff| = "
          f"{float(np.max(np.abs(out['torch'] - out['onnx']))):.2e}")
    same = worst < 1e-4
    print(f"same model (1 - cos < 1e-4): {'yes' if same else 'NO'}; "
          f"{'faster' if t_ox < t_pt else 'not faster'}")


if __name__ == "__main__":
    main()
