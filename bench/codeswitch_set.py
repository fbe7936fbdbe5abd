"""Code-switched XQuAD-R queries for judging, on a seeded sample of held-out questions.

    # L -> en: English words into L queries (the shipped `codeswitch` recipe)
    python bench/codeswitch_set.py ar hi --queries 40 --seed 7 -o /tmp/cs      # /tmp/cs/ar.jsonl ...
    # en -> L: the English queries with words switched into one target language L
    python bench/codeswitch_set.py en-ja en-fr --queries 40 --seed 7 -o /tmp/cs  # /tmp/cs/en-ja.jsonl ...

Why not `robustir perturb --limit 40`: that always takes the first 40 questions, which are the
ones the code was developed on. Here the questions are drawn (``--seed``) from those after the
first ``--skip`` (default 100), so a judged set is never the set the filters were tuned on. The
rows are those of `robustir perturb` (one sample per query; `bench/validity.py sample` reads them).
``--exclude bench/validity/lexical/*.jsonl`` leaves out every question a judged set already holds;
with ``--exclude-scope language`` only the questions judged as queries in the drawn language (XQuAD-R's
ids are shared by its 11 languages, and nearly all of them have been judged in some language):

    python bench/codeswitch_set.py ar de --exclude bench/validity/lexical/*.jsonl --exclude-scope language \
        --queries 60 --seed 27 -o /tmp/cs

A judged file keeps only the rows a draw changed; the questions a draw left unperturbable are in no judged file. The
ledger of drawn questions (``bench/drawn.py``) keeps them all: ``--ledger NAME`` writes
``bench/validity/drawn/NAME.tsv`` for this draw, and a ledger (``*.tsv``) passed to ``--exclude`` excludes every
question it holds, as a judged file does (by id in the drawn language or any, and by text). Neither is the default: a
past draw's command gives its bytes as long as its own ledger and later ones are not excluded:

    python bench/codeswitch_set.py en-es --dataset boolq-test --skip 1600 \
        --exclude bench/validity/lexical/*.jsonl bench/validity/drawn/*.tsv --seed 38 --ledger v38a -o /tmp/cs
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import drawn  # noqa: E402
from bench.judged_files import Judged, read_judged  # noqa: E402

RECIPE = """name = "codeswitch-{into}"
description = "codeswitch recipe, English queries into {into} only"
family = "codeswitch"
samples = 1

[perturbation]
type = "codeswitch"
languages = ["{into}"]
rate = {rate}
max_edits = 4
choice = "per-word"
draw = "{draw}"

[constraints]
protect_numbers = true

[search]
type = "random"
"""


def shipped_draw() -> str:
    """The word draw of the shipped ``codeswitch`` recipe (``uniform`` when it names none), so an en -> L set is
    drawn the way the recipe users run draws its words (section 130: ``confident-first``)."""
    from robustir.recipe import load_recipe

    return str(load_recipe("codeswitch").spec.get("perturbation", {}).get("draw", "uniform"))


#: benchmarks with English questions only, named without a language option
_ENGLISH_ONLY = frozenset({"boolq", "boolq-test", "boolq-train", "fiqa-mini"})


#: what judged files exclude: question id -> the query languages of its judged rows ("" = a row without one),
#: and the stripped judged texts (``bench/judged_files.py`` reads them for this script and ``bench/unjudged.py``)
Excluded = Judged


def excluded(paths: list[Path]) -> Excluded:
    """The questions that judged JSONL files hold, by id (with the language of each judged row) and by text.

    The language is kept because XQuAD-R shares question ids across its 11 languages: a question judged as an
    English query (en -> L) is not development data for the Arabic query of the same id (ar -> en), whose words,
    analysis and dictionaries are others (``fresh(..., lang)``). A ledger of drawn questions (``*.tsv``,
    ``bench/drawn.py``) is read as one: its questions, in its rows' languages, are excluded switched or not."""
    ids, texts = read_judged([p for p in paths if not drawn.is_ledger(p)])
    led_ids, led_texts = drawn.read_ledgers([p for p in paths if drawn.is_ledger(p)])
    for qid, langs in led_ids.items():
        ids.setdefault(qid, set()).update(langs)
    return ids, texts | led_texts


def fresh(pool: list, seen: Excluded, lang: str | None = None) -> list:
    """The questions of ``pool`` that no judged row holds: by text always; by id in any language when ``lang``
    is None, else only ids judged as ``lang`` queries (or in a row that names no language)."""
    ids, texts = seen

    def judged_id(qid: str) -> bool:
        langs = ids.get(qid, set())
        return bool(langs) and (lang is None or lang in langs or "" in langs)

    return [q for q in pool if not judged_id(str(q.id)) and q.text.strip() not in texts]


def dataset_name(args: argparse.Namespace, lang: str) -> str:
    """The ledger's name for what a spec of query language ``lang`` draws from: ``boolq-test``, ``mlqa-r:de``,
    ``xquad-r:ar`` (the test articles) or ``xquad-r:ar@dev``."""
    if args.dataset != "xquad-r":
        return args.dataset if lang == "en" and args.dataset in _ENGLISH_ONLY else f"{args.dataset}:{lang}"
    return f"xquad-r:{lang}" if args.split == "test" else f"xquad-r:{lang}@{args.split}"


def _draw(args: argparse.Namespace, spec: str, seen: Excluded, load_benchmark: Any) -> tuple[str, str, Any] | None:
    """``(spec, target language, the drawn benchmark)`` of one spec; None (the error printed) when fewer fresh
    questions are left than ``--queries``. An unknown dataset or language raises ``InputError``."""
    lang, _, into = spec.partition("-")
    if args.dataset != "xquad-r":
        # (an English-only benchmark, e.g. boolq-test, takes no language option: "boolq-test", not ":en")
        bench = load_benchmark(args.dataset if lang == "en" and args.dataset in _ENGLISH_ONLY
                               else f"{args.dataset}:{lang}")
    elif args.split == "test":
        bench = load_benchmark(f"xquad-r:{lang}")
    else:
        from robustir.data import xquadr

        bench = xquadr.load(lang, split=args.split)
    pool = bench.queries[args.skip:][:args.pool]
    if args.exclude:
        pool = fresh(pool, seen, lang if args.exclude_scope == "language" else None)
        print(f"{spec}: {len(pool)} questions in no excluded file", flush=True)
    if args.queries > len(pool):
        print(f"error: {spec}: --queries {args.queries} is more than the {len(pool)} questions left to draw "
              f"from (lower --queries or --skip, or see --exclude-scope)", file=sys.stderr)
        return None
    picked = sorted(random.Random(f"{args.seed}:{lang}").sample(range(len(pool)), args.queries))
    return spec, into, dataclasses.replace(bench, queries=[pool[i] for i in picked])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("specs", nargs="+", help="L (L -> en: L queries) or en-L (English queries into L)")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--skip", type=int, default=100, help="questions reserved for development (never drawn)")
    ap.add_argument("--pool", type=int, default=None, help="draw from only this many questions after --skip")
    ap.add_argument("--rate", type=float, default=0.3, help="share of eligible words switched (en -> L)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--split", choices=("test", "dev", "train"), default="test",
                    help="XQuAD-R articles to draw from: the benchmark's test articles (default), or the dev/train "
                         "articles, whose questions no judged set before v5 used (fresh held-out questions)")
    ap.add_argument("--dataset", default="xquad-r",
                    help="benchmark whose L questions are drawn (xquad-r, or e.g. mlqa-r, boolq-test; --split is "
                         "XQuAD-R's only)")
    ap.add_argument("--exclude", nargs="*", type=Path, default=[],
                    help="judged JSONL files: their questions (by id or text) are never drawn")
    ap.add_argument("--exclude-scope", choices=("any", "language"), default="any",
                    help="any (default): a question judged in any language is never drawn; language: only the "
                         "judged rows whose query language (the row's `language`) is the drawn spec's source "
                         "language exclude it (XQuAD-R's ids are shared by its 11 languages, so `any` leaves "
                         "almost no fresh question for an L -> en draw; a row without `language` excludes in all)")
    ap.add_argument("--ledger", metavar="NAME", default=None,
                    help="also write the ledger of this draw's questions, switched or not, to "
                         "bench/validity/drawn/NAME.tsv (bench/drawn.py); refused when that file exists")
    ap.add_argument("--ledger-dir", type=Path, default=drawn.LEDGER_DIR, help=argparse.SUPPRESS)
    ap.add_argument("-o", "--out-dir", type=Path, required=True, help="one SPEC.jsonl per spec")
    args = ap.parse_args(argv)
    if args.queries < 1:
        ap.error("--queries must be at least 1")
    missing = [p for p in args.exclude if not p.is_file()]
    if missing:  # (a mistyped judged file would otherwise let its questions be drawn, or end in a traceback)
        print(f"error: --exclude: no such file: {missing[0]}", file=sys.stderr)
        return 2
    ledger = args.ledger_dir / f"{args.ledger}{drawn.SUFFIX}" if args.ledger else None
    if ledger is not None and ledger.exists():  # (before any draw: a ledger is written once, for one draw)
        print(f"error: --ledger: {ledger} exists", file=sys.stderr)
        return 2
    try:
        seen = excluded(args.exclude)
    except ValueError as e:  # a *.tsv that is no ledger
        print(f"error: --exclude: {e}", file=sys.stderr)
        return 2

    from robustir.data import load_benchmark
    from robustir.errors import RobustirError
    from robustir.perturb import perturb_queries

    draws = []  # every spec's sample first: a pool too small stops the run before any encoding
    for spec in args.specs:
        try:
            draw = _draw(args, spec, seen, load_benchmark)
        except RobustirError as e:  # an unknown dataset or language, data not installed: one line, before any encoding
            print(f"error: {spec}: {e}", file=sys.stderr)
            return 2
        if draw is None:
            return 2
        draws.append(draw)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for spec, into, sub in draws:  # one process: spaCy, the dictionaries and USE-m load once
        recipe: str | Path = "codeswitch"
        with tempfile.TemporaryDirectory() as tmp:
            if into:
                recipe = Path(tmp) / f"codeswitch-{into}.toml"
                recipe.write_text(RECIPE.format(into=into, rate=args.rate, draw=shipped_draw()), encoding="utf-8")
            rows = perturb_queries(recipe, sub, samples=1, seed=args.seed)
        out = args.out_dir / f"{spec}.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} rows written to {out}", flush=True)
        outputs.append((spec.partition("-")[0], into or "en", rows))
    if ledger is not None:
        entries = drawn.ledger_rows(args.ledger, lambda lang: dataset_name(args, lang), drawn.code_commit(), outputs)
        drawn.write_ledger(ledger, entries)
        print(f"{len(entries)} drawn questions written to {ledger}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
