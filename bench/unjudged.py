"""The questions of a dataset that no judged set under ``bench/validity/`` contains: the fresh,
never-judged questions a held-out check of an attack may use.

    python bench/unjudged.py mlqa-r:en -o bench/validity/lexical/adv8-unjudged-mlqa-r-en.txt
    python bench/unjudged.py fiqa-mini -o bench/validity/lexical/adv8-unjudged-fiqa-mini.txt

The rule: a question is *judged* when its id is the ``qid`` of a row of any ``*.jsonl`` file under
``bench/validity/`` (every recipe, every language), or its text (stripped) is that row's ``original``,
``query`` or ``text``. Every other question of the dataset is written, one id per line, in the
dataset's order (``bench/attack_slice.py --ids FILE`` attacks only those). The list is computed before
the judged set it feeds is added, so it stays reproducible from the files of that commit.

``--drawn`` also leaves out every question a ledger of drawn questions holds (``bench/drawn.py``:
``bench/validity/drawn/*.tsv``, or the ledgers named after the flag), by id or text, switched or not: a question an
earlier draw left unperturbable is in no judged file, but it is no longer fresh (bench/RESULTS.md
section 210). Without the flag the list is what it always was:

    python bench/unjudged.py boolq-test --drawn | awk -F- '$3>=1600' | wc -l

Hand-written (a set difference over the judged files; no library does this for these files).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import drawn as drawn_ledger  # noqa: E402
from bench.judged_files import read_judged  # noqa: E402

logger = logging.getLogger(__name__)

VALIDITY = Path(__file__).resolve().parent / "validity"


def judged(root: Path = VALIDITY) -> tuple[set[str], set[str]]:
    """Ids and stripped texts of every question in a judged JSONL file under ``root`` (in any language)."""
    ids, texts = read_judged(sorted(root.rglob("*.jsonl")))
    return set(ids), texts


def unjudged(dataset: str, root: Path = VALIDITY, ledgers: list[Path] | None = None) -> list[str]:
    """Ids of ``dataset``'s questions that no judged file under ``root`` contains, in dataset order; with
    ``ledgers``, also none that a ledger of drawn questions among them holds (in any language, as judged rows)."""
    from robustir.data.registry import load_benchmark

    ids, texts = judged(root)
    if ledgers:
        led_ids, led_texts = drawn_ledger.read_ledgers(ledgers)
        ids, texts = ids | set(led_ids), texts | led_texts
    return [q.id for q in load_benchmark(dataset).queries if q.id not in ids and q.text.strip() not in texts]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", help="a single-language dataset (mlqa-r:en, fiqa-mini, ...)")
    ap.add_argument("-o", "--output", type=Path, help="write the ids here (default: stdout)")
    ap.add_argument("--drawn", nargs="*", type=Path, default=None, metavar="LEDGER",
                    help="also leave out the questions of these ledgers of drawn questions (no file named: every "
                         "bench/validity/drawn/*.tsv); default: judged files only")
    args = ap.parse_args(argv)
    from robustir.errors import RobustirError

    ledgers = None
    if args.drawn is not None:
        ledgers = args.drawn or drawn_ledger.all_ledgers()
        missing = [p for p in ledgers if not p.is_file()]
        if missing or not ledgers:
            print(f"error: --drawn: no such ledger: {missing[0] if missing else drawn_ledger.LEDGER_DIR}",
                  file=sys.stderr)
            return 2
    try:
        out = unjudged(args.dataset, ledgers=ledgers)
    except RobustirError as e:  # an unknown dataset, its data not installed: one line, not a traceback
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:  # a file that is no ledger
        print(f"error: --drawn: {e}", file=sys.stderr)
        return 2
    text = "".join(f"{i}\n" for i in out)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    where = "in no judged file" + (f" and no ledger of drawn questions ({len(ledgers)})" if ledgers else "")
    print(f"{args.dataset}: {len(out)} questions {where}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
