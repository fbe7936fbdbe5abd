"""Memory held by typo's rewrite memo (``attacks.typo._all_variants``, 4,096 words) when full.

The first 4,096 distinct words (two characters or more) of a dataset's queries, then its
passages, are rewritten by ``Typo().variants``; the memory freed by clearing the memo
(tracemalloc) is what the memo held. The vocabulary of the real-word filter is loaded before
tracing starts, so it is not counted.

    python bench/typo_memo_memory.py [--dataset boolq|xquad-r:de|...] [--language en]
"""

from __future__ import annotations

import argparse
import gc
import re
import time
import tracemalloc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="boolq")
    ap.add_argument("--language", default=None, help="default: the option of xquad-r:L, else en")
    args = ap.parse_args()
    from robustir.attacks.typo import Typo, _all_variants

    from robustir.data.registry import load_benchmark

    language = args.language or (args.dataset.split(":")[1] if ":" in args.dataset else "en")
    bench = load_benchmark(args.dataset)
    words: dict[str, None] = {}
    for text in [q.text for q in bench.queries] + [d.text for d in bench.corpus]:
        words.update((w, None) for w in re.findall(r"\w+", text) if len(w) > 1)
        if len(words) >= 4096:
            break
    picked = list(words)[:4096]
    typo = Typo()
    typo.variants(picked[0], language)  # the real-word vocabulary, outside the traced memory
    _all_variants.cache_clear()
    tracemalloc.start()
    cpu = time.process_time()
    rewrites = sum(len(typo.variants(w, language)) for w in picked)
    cpu = time.process_time() - cpu
    full, _ = tracemalloc.get_traced_memory()
    held = _all_variants.cache_info().currsize
    _all_variants.cache_clear()
    gc.collect()
    empty, _ = tracemalloc.get_traced_memory()
    print(f"{args.dataset} ({language}): {len(picked)} words, {rewrites} rewrites, memo holds {held} words, "
          f"freed by clearing it {(full - empty) / 2**20:.1f} MiB, mean word length "
          f"{sum(map(len, picked)) / len(picked):.1f}, {cpu:.1f} CPU-s (traced)")


if __name__ == "__main__":
    main()
