"""The code-switching ``valid`` flag per language and direction, against the judged verdicts.

Why: USE-m (the flag's encoder) was not trained on hi, el or vi; the flag's floor
(``robustir.validity.FAMILY_FLOORS["codeswitch"]``) was fitted on all languages pooled. This
script asks, per (direction, language): how precise and complete is the flag for "acceptable",
how far apart are the cosines of accepted and rejected rows, and what would a floor of each
language do (the table of ``bench/validity.py report``, per language), with a floor chosen on
development sets and checked on held-out ones.

    python bench/codeswitch_floor.py                    # every judged set (the default selection)
    python bench/codeswitch_floor.py --dev 'v2[1-4]-*-en-L.jsonl' 'v[4-7]*-[a-z][a-z].jsonl' \\
        --heldout 'v2[56]-*-en-L.jsonl' 'rev20-*.jsonl'

Rows: judged ``codeswitch`` rows with a similarity, one per distinct (original, perturbed) pair (the
first file in sorted order wins). en -> L rows get the language of their switched words
(``codeswitch:L``), ``mixed`` when they switch into more than one; L -> en rows their query language.
The flag is recomputed with one floor for every row (the codeswitch family floor, as before section 124)
and as the shipped code computes it (``robustir.validity.sample_floor``: ``UNCALIBRATED_FLOOR`` where
USE-m does not cover a switched language), next to the ``valid`` recorded in the file (written by the
code of its day).
Hand-written (no library computes precision/recall over these JSONL files; bench/validity.py's
``report`` pools every language).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import SimpleNamespace

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.judged_files import judged_rows  # noqa: E402

logger = logging.getLogger(__name__)

LEXICAL = Path(__file__).resolve().parent / "validity" / "lexical"
#: the judged code-switching sets (issue 10): en -> L and L -> en; a second judge's copy
#: (v25-agree20) and the paired-* files (one word, two codes) are left out
EN_TO_L = ("v*-en-*.jsonl",)
L_TO_EN = ("v[4-7]-[a-z][a-z].jsonl", "v[4-7]base-[a-z][a-z].jsonl", "rev20-*.jsonl")
EXCLUDE = ("v25-agree20-en-L.jsonl",)
#: development / held-out split (issue 10 item 2): choose on v21-v24 (en -> L) and v4-v7 (L -> en),
#: check on v25-v26 (en -> L) and rev20 (L -> en)
DEV = ("v2[1-4]-*-en-L.jsonl", "v[4-7]-[a-z][a-z].jsonl", "v[4-7]base-[a-z][a-z].jsonl")
HELDOUT = ("v2[56]-*-en-L.jsonl", "rev20-*.jsonl")
FLOORS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.93, 0.95)
#: the share of acceptable rows a chosen floor must keep on the development sets (as bench/validity_flag.py)
KEEP = 0.95


def select(patterns: Iterable[str], root: Path = LEXICAL) -> list[Path]:
    """The files of ``root`` matching any pattern, sorted, without ``EXCLUDE``."""
    out = {p for pat in patterns for p in root.glob(pat) if p.name not in EXCLUDE}
    return sorted(out)


def group_of(row: dict) -> tuple[str, str]:
    """(direction, language) of a judged row: en -> L by its switched words' language."""
    if row["language"] != "en":
        return "L->en", row["language"]
    langs = {w["operation"].split(":", 1)[1] for w in row.get("words") or []
             if str(w.get("operation", "")).startswith("codeswitch:")}
    return "en->L", (langs.pop() if len(langs) == 1 else "mixed")


def load(paths: Sequence[Path]) -> list[dict]:
    """Judged codeswitch rows with a similarity, one per (original, perturbed); each with ``file``."""
    return judged_rows(paths, lambda r: r.get("recipe") == "codeswitch" and r.get("acceptable") is not None
                       and r.get("similarity") is not None and r.get("perturbed") != r.get("original"),
                       lambda r: (r["original"], r["perturbed"]))


def flag(row: dict, floor: float) -> bool:
    """The flag with one floor for every row: numbers kept and similarity >= ``floor``."""
    from robustir.validity import check_texts

    return check_texts(row["original"], row["perturbed"], float(row["similarity"]), floor) is None


def shipped_flag(row: dict, floor: float) -> bool:
    """The flag as ``robustir.validity.annotate`` computes it for this row with the run floor ``floor``:
    the per-sample floor (``sample_floor``: lower where USE-m does not cover a switched language)."""
    from robustir.validity import check_texts, sample_floor

    edits = [SimpleNamespace(operation=str(w.get("operation", ""))) for w in row.get("words") or []]
    sample = SimpleNamespace(language=row["language"], edits=edits)
    return check_texts(row["original"], row["perturbed"], float(row["similarity"]),
                       sample_floor(sample, floor)) is None


def prf(rows: Sequence[dict], valid: Sequence[bool]) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of ``valid`` against ``acceptable``."""
    tp = sum(1 for r, v in zip(rows, valid, strict=True) if v and r["acceptable"])
    fp = sum(1 for r, v in zip(rows, valid, strict=True) if v and not r["acceptable"])
    fn = sum(1 for r, v in zip(rows, valid, strict=True) if not v and r["acceptable"])
    return tp, fp, fn, len(rows) - tp - fp - fn


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def _quantiles(xs: Sequence[float]) -> str:
    """min / p10 / median / p90 / max of ``xs`` (nearest rank)."""
    if not xs:
        return "-"
    s = sorted(xs)

    def q(f: float) -> float:
        return s[min(len(s) - 1, int(f * (len(s) - 1) + 0.5))]

    return f"{s[0]:.2f} / {q(0.1):.2f} / {statistics.median(s):.2f} / {q(0.9):.2f} / {s[-1]:.2f}"


def choose_floor(rows: Sequence[dict], keep: float = KEEP, floors: Sequence[float] = FLOORS) -> float:
    """The highest floor of ``floors`` keeping >= ``keep`` of the acceptable rows (numbers check included)."""
    good = [r for r in rows if r["acceptable"]]
    ok = [f for f in floors if good and sum(flag(r, f) for r in good) >= keep * len(good)]
    return max(ok) if ok else min(floors)


def report(rows: Sequence[dict], shipped: float) -> str:
    """Markdown tables per (direction, language): flag precision/recall, cosines, floors."""
    by: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        by[group_of(r)].append(r)
    out = [f"judged rows: {len(rows)} (distinct original/perturbed pairs); shipped codeswitch floor {shipped}\n",
           "| direction | language | rows | acceptable | recorded valid: precision / recall | "
           f">= {shipped} for all: precision / recall / acceptable among invalid | "
           "shipped rule: precision / recall | "
           "cosine accepted: min / p10 / median / p90 / max | cosine rejected |",
           "|---|---|---|---|---|---|---|---|---|"]
    for (d, lang), rs in sorted(by.items()):
        tp, fp, fn, _ = prf(rs, [bool(r["valid"]) for r in rs])
        tp2, fp2, fn2, tn2 = prf(rs, [flag(r, shipped) for r in rs])
        tp3, fp3, fn3, _ = prf(rs, [shipped_flag(r, shipped) for r in rs])
        acc = sum(1 for r in rs if r["acceptable"])
        out.append(f"| {d} | {lang} | {len(rs)} | {acc} ({100 * acc / len(rs):.0f}%) | "
                   f"{_ratio(tp, tp + fp)} / {_ratio(tp, tp + fn)} | "
                   f"{_ratio(tp2, tp2 + fp2)} / {_ratio(tp2, tp2 + fn2)} / {fn2} of {fn2 + tn2} | "
                   f"{_ratio(tp3, tp3 + fp3)} / {_ratio(tp3, tp3 + fn3)} | "
                   f"{_quantiles([r['similarity'] for r in rs if r['acceptable']])} | "
                   f"{_quantiles([r['similarity'] for r in rs if not r['acceptable']])} |")
    out.append("\nper floor: flagged valid, precision, recall (acceptable rows kept / all acceptable)\n")
    out.append("| direction | language | " + " | ".join(str(f) for f in FLOORS) + " |")
    out.append("|---|---|" + "---|" * len(FLOORS))
    for (d, lang), rs in sorted(by.items()):
        cells = []
        for f in FLOORS:
            tp, fp, fn, _ = prf(rs, [flag(r, f) for r in rs])
            cells.append(f"{tp + fp} {_ratio(tp, tp + fp)} {_ratio(tp, tp + fn)}")
        out.append(f"| {d} | {lang} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def split_report(dev: Sequence[dict], held: Sequence[dict], shipped: float) -> str:
    """A floor per (direction, language) chosen on ``dev`` (``choose_floor``), checked on ``held``
    against the shipped floor."""
    by_dev: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_held: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in dev:
        by_dev[group_of(r)].append(r)
    for r in held:
        by_held[group_of(r)].append(r)
    out = [f"floor per language chosen on the development rows (highest keeping >= {KEEP:.0%} of the acceptable), "
           "checked on the held-out rows\n",
           "| direction | language | dev rows (acceptable) | chosen floor | held-out rows (acceptable) | "
           f"held-out >= {shipped}: flagged / precision / recall | held-out chosen: flagged / precision / recall | "
           "held-out shipped rule: flagged / precision / recall |",
           "|---|---|---|---|---|---|---|---|"]
    for key in sorted(set(by_dev) | set(by_held)):
        d_rows, h_rows = by_dev.get(key, []), by_held.get(key, [])
        f = choose_floor(d_rows) if d_rows else None
        cells = []
        for fl in (shipped, f):
            if fl is None or not h_rows:
                cells.append("-")
                continue
            tp, fp, fn, _ = prf(h_rows, [flag(r, fl) for r in h_rows])
            cells.append(f"{tp + fp} / {_ratio(tp, tp + fp)} / {_ratio(tp, tp + fn)}")
        tp, fp, fn, _ = prf(h_rows, [shipped_flag(r, shipped) for r in h_rows])
        cells.append(f"{tp + fp} / {_ratio(tp, tp + fp)} / {_ratio(tp, tp + fn)}" if h_rows else "-")
        out.append(f"| {key[0]} | {key[1]} | {len(d_rows)} ({sum(r['acceptable'] for r in d_rows)}) | "
                   f"{f if f is not None else '-'} | {len(h_rows)} ({sum(r['acceptable'] for r in h_rows)}) | "
                   f"{cells[0]} | {cells[1]} | {cells[2]} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """CLI: the per-language report over the judged sets, then the development / held-out split."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", nargs="*", default=list(EN_TO_L + L_TO_EN), help="globs under bench/validity/lexical")
    ap.add_argument("--dev", nargs="*", default=list(DEV))
    ap.add_argument("--heldout", nargs="*", default=list(HELDOUT))
    a = ap.parse_args(argv)
    from robustir.validity import family_floor

    shipped = family_floor("codeswitch")
    files = select(a.all)
    if not files:
        print("codeswitch_floor: error: no judged file matches", file=sys.stderr)
        return 2
    print("files: " + " ".join(p.name for p in files) + "\n")
    print(report(load(files), shipped))
    print()
    print(split_report(load(select(a.dev)), load(select(a.heldout)), shipped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
