"""Meaning rules for ``synonym-adv`` measured on every judged synonym row: which judged rejects and which
judged accepts each rule would no longer offer.

    python bench/syn_rules.py bench/validity/lexical/*.jsonl                  # synonym-adv rows: the table
    python bench/syn_rules.py --all-synonym bench/validity/lexical/*.jsonl    # also the random recipe's rows
    python bench/syn_rules.py --list passive bench/validity/lexical/*.jsonl   # the rows one rule refuses

The counterpart of ``bench/adv_rules.py`` (``codeswitch-adv``) for the synonym recipes. Each judged English
row (recipe ``synonym-adv``; with ``--all-synonym`` also ``synonym``, whose swaps come from the same
``SenseSynonym``; a (qid, perturbed text) pair counts once) is analysed by the English analysis layer
(``attacks.analysis.analyse``, as ``SenseSynonym`` sees the query) and each rule is asked about each swapped
word. Every rule only removes candidates, so a refused row is a row the recipe would no longer offer:
"rejects no longer offered" vs "accepts no longer offered".

Rules (word ``i`` of analysis ``a``; the swapped word is found by its text):

Adopted in ``attacks.synonym.fixed_position`` (bench/RESULTS.md section 84), measured here through the
attack's own predicates:

* ``used-to``: habitual "used to" + verb (``_habitual_used_to``: "did the rally used to take place" ->
  "employed to take place");
* ``of-a-kind``: the noun of "NUMBER of a NOUN" (``_number_of_a_kind``: "three of a kind", a poker hand);
* ``quoted``: a word between quotation marks (``_quoted``: "buy and hold" quoted as a term).

Adopted in bench/RESULTS.md section 100 (branch synadv9):

* ``academic-doctor``: the noun "doctor" in a query that names a doctorate (``_academic_doctor``: "is a
  person with a phd a doctor" -> "a physician": the title, not the medical profession).

Measured and not adopted:

* ``passive``: a past participle (VBN) after a form of "be"/"get" (adverbs and the subject pronoun between
  may intervene): "can you be tried for treason" -> "attempted" (the court sense of a passive "try");
* ``cap-tail``: a lower-case noun right after a capitalised word ("I" aside) that is not the query's first, in
  a query with capitals: the tail of a name ("Vanguard Life strategy");
* ``share-0.75`` and ``substitution-0.03``: ``bench/adv_rules.py``'s sense rules (SemCor share of the
  dominant sense below 75%; another sense's lemma keeps the query closer under USE-m by more than 0.03).

Hand-written: the rules read the analysis' tags; the counting is a few loops.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import judged_files  # noqa: E402

logger = logging.getLogger(__name__)

_BE = frozenset({"be", "get"})


def judged_rows(paths: list[Path], recipes: tuple[str, ...]) -> list[dict]:
    """The judged English rows of ``recipes``, each (qid, perturbed text) once, with a ``file`` field."""
    return judged_files.judged_rows(
        sorted(paths), lambda r: r.get("recipe") in recipes and r.get("language", "en") == "en"
        and r.get("acceptable") is not None, lambda r: (str(r.get("qid", r["original"])), r["perturbed"]))


def passive(a, i: int) -> bool:
    """A past participle after "be"/"get", adverbs, negation and a subject pronoun allowed between."""
    w = a.words[i]
    if w.tag != "VBN":
        return False
    j = i - 1
    while j >= 0 and (a.words[j].pos in ("ADV", "PART", "PRON")):
        j -= 1
    return j >= 0 and (a.words[j].lemma or a.words[j].text).lower() in _BE


def cap_tail(a, i: int) -> bool:
    """A lower-case word after a capitalised word that is not the first, in a query with capitals."""
    w = a.words[i]
    if i < 2 or a.text == a.text.lower() or not w.text[:1].islower() or w.pos != "NOUN":
        return False
    prev = a.words[i - 1]
    return prev.text[:1].isupper() and prev.text != "I" and a.parts[2 * i].strip() == ""


def make_rules(only: tuple[str, ...] = ()) -> dict[str, Callable[[object, int, str], bool]]:
    """Rule name -> refuses(analysis, word index, query); the sense rules (WordNet, USE-m) load only when asked."""
    from attacks.synonym import _academic_doctor, _habitual_used_to, _number_of_a_kind, _quoted

    rules: dict[str, Callable[[object, int, str], bool]] = {
        "passive": lambda a, i, q: passive(a, i), "quoted": lambda a, i, q: _quoted(a, i),
        "cap-tail": lambda a, i, q: cap_tail(a, i), "academic-doctor": lambda a, i, q: _academic_doctor(a, i),
        "used-to": lambda a, i, q: _habitual_used_to(a, i),
        "of-a-kind": lambda a, i, q: _number_of_a_kind(a, i)}
    if only and not {"share-0.75", "substitution-0.03"} & set(only):
        return {k: v for k, v in rules.items() if k in only}
    import bench.adv_rules as adv

    sense = adv.make_rules()

    def wrap(rule: Callable[[str, str, str, str, str], bool]) -> Callable[[object, int, str], bool]:
        def refuses(a, i: int, q: str) -> bool:
            w = a.words[i]  # type: ignore[attr-defined]
            return rule(q, (w.lemma or w.text).lower(), w.pos or "NOUN", "", "en")
        return refuses

    rules.update({"share-0.75": wrap(sense["share-0.75"]), "substitution-0.03": wrap(sense["substitution-0.03"])})
    return {k: v for k, v in rules.items() if not only or k in only}


def measure(rows: list[dict], only: tuple[str, ...] = ()) -> tuple[dict[str, list[dict]], int, int]:
    """Per rule, the rows it refuses; and the number of accepted and of rejected rows."""
    from attacks.analysis import analyse

    rules = make_rules(only)
    refused: dict[str, list[dict]] = {name: [] for name in rules}
    for r in rows:
        a = analyse(r["original"], "en")
        idx = []
        for w in r["words"]:
            i = next((k for k, x in enumerate(a.words) if x.text == w["original"]), None)
            if i is None:
                logger.warning("word %r not found in %r", w["original"], r["original"])
            else:
                idx.append(i)
        for name, rule in rules.items():
            if any(rule(a, i, r["original"]) for i in idx):
                refused[name].append(r)
    acc = sum(1 for r in rows if r["acceptable"])
    return refused, acc, len(rows) - acc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help="judged JSONL files (synonym rows are read)")
    ap.add_argument("--all-synonym", action="store_true", help="also the random synonym recipe's rows")
    ap.add_argument("--list", default="", help="also print the rows this rule refuses")
    ap.add_argument("--only", default="", help="comma-separated rules to run (default: all)")
    args = ap.parse_args(argv)
    recipes = ("synonym-adv", "synonym") if args.all_synonym else ("synonym-adv",)
    rows = judged_rows(args.files, recipes)
    if not rows:
        raise SystemExit("syn_rules: no judged synonym rows in these files")
    only = tuple(x for x in args.only.split(",") if x)
    refused, acc, rej = measure(rows, only)
    print(f"{len(rows)} judged rows ({', '.join(recipes)}): {acc} accepts, {rej} rejects "
          f"({acc / len(rows):.1%} keep the meaning)")
    print(f"{'rule':<20} {'rejects refused':>16} {'accepts refused':>16} {'precision of the rest':>22}")
    for name, rs in refused.items():
        ra = sum(1 for r in rs if r["acceptable"])
        rest = len(rows) - len(rs)
        print(f"{name:<20} {len(rs) - ra:>16} {ra:>16} {f'{acc - ra}/{rest} = {(acc - ra) / max(rest, 1):.1%}':>22}")
    for r in refused.get(args.list, []):
        swaps = ", ".join(f"{w['original']} -> {w['replacement']}" for w in r["words"])
        print(f"{'ACCEPT' if r['acceptable'] else 'REJECT'} {r['file']:<38} {swaps} | {r['original']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
