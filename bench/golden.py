"""Golden result files of the pipeline, to check that a speed change leaves every result byte-identical.

``write`` runs ``robustir.evaluate`` with bench/pipeline.py's instant encoder (a hashed bag-of-words: the
results then depend on robustir's code alone) for each recipe: one-level, two-level, then one-level again
in the same process (the path of every later evaluation: kept bootstrap draws, warm memos), and saves each
``Result`` into ``OUT``. ``compare`` says, per file of two such folders, whether the bytes are the same;
where they differ it names the first differing JSON path. Run ``write`` from each version's tree (e.g.
``git archive`` of main and of a branch) with ``PYTHONPATH`` set to that tree, then ``compare`` the folders.

    python bench/golden.py write OUT [--recipes typo,typo-adv,codeswitch-adv] [--limit 1000]
                                     [--dataset boolq] [--resamples 10000] [--use]
    python bench/golden.py compare BEFORE AFTER

The semantic floor is stubbed (similarity 1, as ``bench/pipeline.py --no-use``) unless ``--use``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

RUNS = (("one", False), ("two", True), ("again", False))


def write(out: Path, recipes: list[str], limit: int, dataset: str, resamples: int, use: bool) -> None:
    """Each recipe's three result files (one-level, two-level, one-level again) into ``out``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline import InstantEncoder

    from robustir.evaluation import evaluate

    out.mkdir(parents=True, exist_ok=True)
    model = InstantEncoder()
    extra: dict[str, Any] = {}
    if not use:
        extra["similarity_fn"] = lambda originals, candidates: np.ones(len(originals))
    with tempfile.TemporaryDirectory() as cache:
        for recipe in recipes:
            for tag, two_level in RUNS:
                result = evaluate(model, dataset, recipe, limit=limit, seed=1, cache_dir=Path(cache),
                                  bootstrap_resamples=resamples, two_level=two_level, **extra)
                path = result.save(out / f"{recipe}.{tag}.json")
                print(f"{path} {hashlib.sha256(path.read_bytes()).hexdigest()[:16]}", flush=True)


def _first_difference(a: Any, b: Any, where: str = "$") -> str | None:
    """The JSON path of the first place where ``a`` and ``b`` differ (None when equal)."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{where}: keys {sorted(set(a) ^ set(b))}"
        for k in a:
            if (got := _first_difference(a[k], b[k], f"{where}.{k}")) is not None:
                return got
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: length {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if (got := _first_difference(x, y, f"{where}[{i}]")) is not None:
                return got
        return None
    return None if a == b else f"{where}: {a!r} vs {b!r}"


def compare(before: Path, after: Path) -> int:
    """Print, per result file, ``identical`` or where it differs; the number of files that differ."""
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    bad = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if not a.exists() else 'before'}")
            bad += 1
            continue
        x, y = a.read_bytes(), b.read_bytes()
        if x == y:
            print(f"{name}: identical ({len(x):,} bytes, sha256 {hashlib.sha256(x).hexdigest()[:16]})")
            continue
        bad += 1
        where = _first_difference(json.loads(x), json.loads(y)) or "same JSON, other bytes"
        print(f"{name}: DIFFERS at {where}")
    print(f"{len(names) - bad} of {len(names)} files byte-identical")
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--recipes", default="typo,typo-adv,codeswitch-adv")
    w.add_argument("--limit", type=int, default=1000)
    w.add_argument("--dataset", default="boolq")
    w.add_argument("--resamples", type=int, default=10_000)
    w.add_argument("--use", action="store_true", help="the real semantic floor (USE) instead of the stub")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "write":
        write(args.out, args.recipes.split(","), args.limit, args.dataset, args.resamples, args.use)
    else:
        sys.exit(1 if compare(args.before, args.after) else 0)


if __name__ == "__main__":
    main()
