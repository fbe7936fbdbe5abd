"""The training table with training seeds: X-X, X-Y and hybrid models (several seeds each) on XQuAD-R / MLQA-R.

Evaluates the base model and every trained model of a study's ``models/`` folder (``xx.seed0``,
``hybrid.seed2``, ...) with robustir's multilingual evaluation (``robustir.xeval``: mono, cross and
multi mAP, language bias, Max@R), then reports, per strategy, the mean over its training seeds and
the seed-aware paired differences (``robustir.stats.compare_seeded``: seeds as a random effect,
questions paired), next to the paper's Tables 1 and 2 (arXiv 2408.10536).

When every model shares the base's embeddings and lower layers bitwise (trained with
``train_layers``), those layers run once per text (``robustir.models.trunk``), as in a study with
``share_frozen_layers = true``; ``--no-trunk`` encodes every model whole.

    python bench/train_seeds.py --models runs/study-cpu/models --data xquad-r --json out.json
    python bench/train_seeds.py --models runs/study-cpu/models --data mlqa-r --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

MEASURES = (("mono", "mono mAP"), ("cross", "cross mAP"), ("multi", "multi mAP"), ("language_bias", "language bias"))
PAIRS = (("hybrid", "xx"), ("hybrid", "xy"), ("xy", "xx"))


def _strategy(folder: Path) -> tuple[str, int] | None:
    m = re.fullmatch(r"(\w+)\.seed(\d+)", folder.name)
    return (m.group(1), int(m.group(2))) if m else None


def _encoders(models_dir: Path, base: str, max_seq_length: int, trunk_dir: Path | None) -> list[tuple[str, int, Any]]:
    from robustir.models import load_encoder

    found = sorted((s, p) for p in models_dir.iterdir() if p.is_dir() and (s := _strategy(p)) is not None)
    out: list[tuple[str, int, Any]] = [("base", 0, load_encoder(base, max_seq_length=max_seq_length))]
    out += [(s[0], s[1], load_encoder(str(p), max_seq_length=max_seq_length)) for s, p in found]
    if trunk_dir is None:
        return out
    from robustir.models.trunk import TrunkCache, TrunkEncoder, frozen_prefix

    layers = frozen_prefix([e for _, _, e in out])
    print(f"shared trunk: {layers} layers", file=sys.stderr)
    if layers < 1:
        return out
    cache = TrunkCache(trunk_dir)
    return [(s, seed, TrunkEncoder(e, cache, layers)) for s, seed, e in out]


def evaluate_all(encoders: list[tuple[str, int, Any]], data: Any) -> dict[tuple[str, int], dict[str, Any]]:
    """Per (strategy, seed): score_settings output (mono, cross, multi; per-question values)."""
    from robustir.xeval import encode_all, score_settings

    results = {}
    for strategy, seed, enc in encoders:
        start = time.perf_counter()
        qv, cv = encode_all(enc, data)
        results[(strategy, seed)] = score_settings(data, qv, cv, ("mono", "cross", "multi"), n_resamples=2000)
        print(f"{strategy}.seed{seed}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return results


def _per_question(results: dict, strategy: str, key: str) -> np.ndarray:
    rows = [np.asarray(r["per_question"][key], dtype=np.float64)
            for (s, _), r in sorted(results.items()) if s == strategy]
    return np.stack(rows)


def table(results: dict) -> tuple[str, dict[str, Any]]:
    """Markdown tables (per strategy; seed-aware differences) and their numbers."""
    from robustir.stats import compare_seeded

    strategies = [s for s in ("base", "xx", "xy", "hybrid") if any(k[0] == s for k in results)]
    out: dict[str, Any] = {"strategies": {}, "differences": {}}
    lines = ["| strategy | seeds | " + " | ".join(label for _, label in MEASURES) + " |",
             "|---|---|" + "---|" * len(MEASURES)]
    for s in strategies:
        cells, nums = [], {}
        for key, _ in MEASURES:
            m = _per_question(results, s, key)
            seed_means = m.mean(axis=1)
            nums[key] = {"mean": float(seed_means.mean()), "per_seed": [round(float(x), 4) for x in seed_means]}
            digits = 1 if key == "language_bias" else 3
            spread = f" ({seed_means.min():.{digits}f}-{seed_means.max():.{digits}f})" if len(seed_means) > 1 else ""
            cells.append(f"{seed_means.mean():.{digits}f}{spread}")
        out["strategies"][s] = {"seeds": int(m.shape[0]), **nums}
        lines.append(f"| {s} | {m.shape[0]} | " + " | ".join(cells) + " |")
    lines += ["", "| A - B | " + " | ".join(label for _, label in MEASURES) + " |", "|---|" + "---|" * len(MEASURES)]
    pairs = [p for p in PAIRS if p[0] in strategies and p[1] in strategies]
    pairs += [(s, "base") for s in ("xx", "xy", "hybrid") if s in strategies and "base" in strategies]
    for a, b in pairs:
        cells = []
        for key, _ in MEASURES:
            r = compare_seeded(_per_question(results, a, key), _per_question(results, b, key),
                               a_fixed=(a == "base"), b_fixed=(b == "base"))
            digits = 1 if key == "language_bias" else 3
            d = r["difference"]
            cells.append(f"{d['mean']:+.{digits}f} [{d['low']:+.{digits}f}, {d['high']:+.{digits}f}] "
                         f"p={r['p_value']:.3g}")
            out["differences"].setdefault(f"{a} - {b}", {})[key] = {
                "difference": d["mean"], "low": d["low"], "high": d["high"], "p_value": r["p_value"],
                "n_seeds": r["n_seeds"]}
        lines.append(f"| {a} - {b} | " + " | ".join(cells) + " |")
    return "\n".join(lines), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=Path, required=True, help="a study's models/ folder (xx.seed0, ...)")
    ap.add_argument("--base", default="me5-small")
    ap.add_argument("--data", choices=("xquad-r", "mlqa-r"), default="xquad-r")
    ap.add_argument("--langs", default=None, help="comma-separated languages (default: all of the dataset)")
    ap.add_argument("--max-seq-length", type=int, default=64)
    ap.add_argument("--trunk-dir", type=Path, default=None, help="shared-trunk cache folder (default: robustir's)")
    ap.add_argument("--no-trunk", action="store_true", help="encode every model whole")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from robustir.env import home
    from robustir.xeval import build_eval_data, build_mlqa_data

    langs = tuple(args.langs.split(",")) if args.langs else None
    data = (build_eval_data(None, langs, split="test") if args.data == "xquad-r" else build_mlqa_data(None, langs))
    trunk = None if args.no_trunk else (args.trunk_dir or home() / "trunk")
    start = time.perf_counter()
    results = evaluate_all(_encoders(args.models, args.base, args.max_seq_length, trunk), data)
    text, nums = table(results)
    print(f"{args.data}: {len(data.qids)} questions, languages {','.join(data.langs)}; "
          f"max_seq_length {args.max_seq_length}; {time.perf_counter() - start:.0f} s\n")
    print(text)
    if args.json:
        nums["settings"] = {"data": args.data, "langs": list(data.langs), "questions": len(data.qids),
                            "max_seq_length": args.max_seq_length, "shared_trunk": trunk is not None}
        args.json.write_text(json.dumps(nums, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
