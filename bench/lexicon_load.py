"""What a fresh process pays to load the code-switching lexicons: parsing vs the compiled cache.

For every resource codeswitch-adv reads (FreeDict en<->de/es/fr, MUSE en-de/es/zh, WordNet's
parsed index state, OMW spa/fra/cmn), CPU seconds (``time.process_time``) to build the value
from the files, to load it from the compiled cache (``attacks.lex.compiled``: marshal, cyclic
collector paused, payload sha256 checked) and, for comparison, to load the same value with
``pickle`` (collector paused too); plus the cache file's size. Each load runs in this one
process, so the numbers are per resource, not a fresh process's total
(bench/pipeline.py's ``first`` run gives that).

    python bench/lexicon_load.py [--nltk-data DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.process_time()
    value = fn()
    return value, time.process_time() - t


def pickle_load(value: Any) -> float:
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    gc.disable()
    try:
        return timed(lambda: pickle.loads(blob))[1]
    finally:
        gc.enable()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nltk-data", type=Path, default=None)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="lexicon-load-"))
    os.environ["ROBUSTIR_LEXICON_CACHE"] = str(root)  # an empty cache: every first call parses

    from robustir.attacks import freedict, muse
    from robustir.attacks.lex import nltkdata

    rows = []

    def measure(label: str, name: str, build: Callable[[], Any], load: Callable[[], Any]) -> None:
        built, t_build = timed(build)
        loaded, t_load = timed(load)
        assert loaded == built, label
        files = sorted(root.glob(f"{name}.*.marshal"))
        size = files[-1].stat().st_size / 1e6 if files else 0.0
        rows.append((label, f"{t_build:.2f}", f"{t_load:.3f}", f"{pickle_load(built):.3f}", f"{size:.1f}",
                     f"{t_build / max(t_load, 1e-9):.0f}x"))
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)

    for src, tgt in (("en", "de"), ("de", "en"), ("en", "es"), ("es", "en"), ("en", "fr"), ("fr", "en")):
        if not freedict.installed(src, tgt):
            continue
        name = f"freedict-{freedict.ISO3[src]}-{freedict.ISO3[tgt]}"

        def fd(src: str = src, tgt: str = tgt) -> Any:
            freedict._LOADED.clear()
            return freedict.load_freedict(src, tgt)

        measure(f"FreeDict {src}-{tgt}", name, fd, fd)
    for lang in ("de", "es", "zh"):
        if not muse.muse_available(lang):
            continue

        def md(lang: str = lang) -> Any:
            muse._LOADED.clear()
            m = muse.load_muse_dictionary(lang)
            return (m.en_to, m.to_en) if m is not None else None

        measure(f"MUSE en-{lang}", f"muse-en-{lang}", md, md)
    rp = {"nltk-data": args.nltk_data} if args.nltk_data else None
    try:
        data = nltkdata.find_nltk_data(rp)
    except Exception:  # noqa: BLE001 - WordNet absent: only the dictionaries above
        data = None
    if data is None and os.environ.get("ROBUSTIR_HOME") is None:
        candidate = Path.home() / ".cache" / "robustir" / "nltk_data"
        data = candidate if (candidate / "corpora" / "wordnet").is_dir() else None
    if data is not None:
        import warnings

        import nltk
        from nltk.corpus.reader import CorpusReader

        if str(data) not in nltk.data.path:
            nltk.data.path.append(str(data))
        wn_dir = data / "corpora" / "wordnet"
        omw_dir = data / "corpora" / "omw-1.4"
        warnings.simplefilter("ignore")

        def omw() -> Any:
            return CorpusReader(str(omw_dir), r".*/wn-data-.*\.tab", encoding="utf8")

        def wn() -> Any:
            return nltkdata._state(nltkdata._compiled_reader(wn_dir, omw_dir, omw()))

        measure("WordNet index state", "wordnet-state", wn, wn)
        reader = nltkdata._compiled_reader(wn_dir, omw_dir, omw())
        for lang in ("spa", "fra", "cmn"):
            def lang_data(lang: str = lang) -> Any:
                reader._lang_data.pop(lang, None)
                reader._load_lang_data(lang)
                return nltkdata._lang_state(reader, lang)

            measure(f"OMW {lang}", f"omw-{lang}", lang_data, lang_data)
    print(f"load average {os.getloadavg()[0]:.1f}; cache {root}; python {sys.version.split()[0]}")
    print("| resource | parse CPU s | compiled load CPU s (marshal) | pickle load CPU s | file MB | parse / load |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    total_b = sum(float(r[1]) for r in rows)
    total_l = sum(float(r[2]) for r in rows)
    print(f"| total | {total_b:.2f} | {total_l:.3f} | {sum(float(r[3]) for r in rows):.3f} | "
          f"{sum(float(r[4]) for r in rows):.1f} | {total_b / max(total_l, 1e-9):.0f}x |")



if __name__ == "__main__":
    main()
