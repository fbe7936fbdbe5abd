"""Meaning rules for ``codeswitch-adv`` measured on every judged success: which judged rejects and
which judged accepts each rule would no longer offer.

    python bench/adv_rules.py bench/validity/lexical/adv*-cs-*.jsonl            # the table
    python bench/adv_rules.py --list omw-other-sense bench/validity/lexical/adv*-cs-*.jsonl   # its rows

Each judged row (recipe ``codeswitch-adv``, English query; a row appearing in two files counts once)
is analysed by the English analysis layer (``attacks.analysis.analyse``: spaCy's lemma and part of
speech, as ``PreciseCodeSwitch`` sees the word), and each rule is asked about each judged switch
(English word -> replacement in language L). A rule *refuses* the row when it refuses any of its
switches; since every rule here only removes candidates, a refused row is exactly a row the attack
no longer offers (the other candidates keep their rank), so the counts are "rejects no longer
offered" vs "accepts no longer offered", as ``bench/synonym_reoffer.py`` counts them for the whole
recipe (which takes 40 minutes on this machine instead of one).

Rules (each a candidate check on the word's intended sense D, ``attacks.backtranslation``):

* ``omw-other-sense``: OMW lists the replacement under another synset of the English word but not
  under D (tried in ``attacks.backtranslation`` and taken back: every word it refuses is Chinese, and
  at the word level it refuses as many judged-correct translations, theory -> 理论, plant -> 植物,
  payment -> 支付, problem -> 问题, as wrong ones, status -> 状态, soil -> 泥土, honor -> 名誉,
  secretary -> 秘书; bench/RESULTS.md section 75);
* ``omw-not-d``: OMW knows the replacement and does not list it under D (a stricter variant);
* ``share-0.75``: D holds less than 75% of the word's SemCor counts (the recipe asks 50%);
* ``substitution-0.03``: a lemma of another sense, put in the word's place, keeps the query closer to
  itself under USE-m than a lemma of D does, by more than 0.03 (a lexical-substitution WSD with the
  independent encoder).

Hand-written: the rules call WordNet (NLTK), OMW and USE-m; the counting is a few loops.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import judged_files  # noqa: E402

logger = logging.getLogger(__name__)


def judged_rows(paths: list[Path]) -> list[dict]:
    """The judged ``codeswitch-adv`` rows of English queries, each (qid, perturbed text) once, with a ``file``
    field (``bench/judged_files.judged_rows``, the reader ``syn_rules`` and ``codeswitch_floor`` share)."""
    return judged_files.judged_rows(
        sorted(paths), lambda r: r.get("recipe") == "codeswitch-adv" and r.get("language", "en") == "en",
        lambda r: (str(r["qid"]), r["perturbed"]))


def make_rules() -> dict[str, Callable[[str, str, str, str, str], bool]]:
    """Rule name -> refuses(query, lemma, upos, replacement, language)."""
    from attacks.analysis.similarity import use_context
    from attacks.backtranslation import intended_sense
    from attacks.candidates import Sources
    from attacks.lex.synsense import WN_POS, _own_count
    from robustir.resources import ensure

    sources = Sources(resource_paths={"nltk-data": ensure("nltk-data")})
    lex = sources.wordnet()
    wn = lex.wn
    ctx = use_context()

    def sense(lemma: str, upos: str):
        pos = WN_POS.get(upos)
        return (pos, intended_sense(lex, lemma, pos)) if pos else (None, None)

    def omw_found(cand: str, lang: str) -> list:
        code = sources.omw(lang)
        found: list = []
        if code:
            with contextlib.suppress(Exception):  # an OMW lookup error is "nothing known"
                found = sources.omw_synsets(cand.replace(" ", "_"), code)
        return found

    def omw_other(q: str, lemma: str, upos: str, cand: str, lang: str) -> bool:
        pos, d = sense(lemma, upos)
        found = omw_found(cand, lang) if pos is not None and d is not None else []
        return bool(found) and d not in found and any(s in found for s in wn.synsets(lemma, pos=pos))

    def omw_not_d(q: str, lemma: str, upos: str, cand: str, lang: str) -> bool:
        pos, d = sense(lemma, upos)
        found = omw_found(cand, lang) if pos is not None and d is not None else []
        return bool(found) and d not in found

    def share(q: str, lemma: str, upos: str, cand: str, lang: str) -> bool:
        pos = WN_POS.get(upos)
        syns = list(wn.synsets(lemma, pos=pos)) if pos else []
        if len(syns) < 2:
            return False
        counts = [_own_count(lex._count, s, lemma) for s in syns]
        return sum(counts) > 0 and counts[0] < 0.75 * sum(counts)

    def substitution(q: str, lemma: str, upos: str, cand: str, lang: str) -> bool:
        pos, d = sense(lemma, upos)
        if pos is None or d is None:
            return False

        def subs(s) -> list[str]:
            out = [n.replace("_", " ") for n in s.lemma_names() if n.lower() != lemma]
            for h in ([] if out else s.hypernyms()[:2]):
                out += [n.replace("_", " ") for n in h.lemma_names()[:2]]
            return out[:3]

        word = re.compile(rf"\b{re.escape(lemma)}\w*\b", re.IGNORECASE)
        score = {}
        for s in wn.synsets(lemma, pos=pos)[:8]:
            variants = [word.sub(x, q, count=1) for x in subs(s)]
            if variants:
                score[s] = float(max(ctx(q, variants)))
        if d not in score:
            return False
        return max((v for s, v in score.items() if s != d), default=-1.0) - score[d] > 0.03

    return {"omw-other-sense": omw_other, "omw-not-d": omw_not_d, "share-0.75": share,
            "substitution-0.03": substitution}


def measure(rows: list[dict]) -> tuple[dict[str, list[dict]], dict[str, list[bool]], int, int]:
    """Per rule, the rows it refuses and the ``correct`` judgement of each switched word it refuses
    (a word-level check: a row judged a reject may also hold a correct switch); and the number of
    accepted and of rejected rows."""
    from attacks.analysis import analyse

    rules = make_rules()
    refused: dict[str, list[dict]] = {name: [] for name in rules}
    words: dict[str, list[bool]] = {name: [] for name in rules}
    for r in rows:
        a = analyse(r["original"], "en")
        for name, rule in rules.items():
            hits = []
            for w in r["words"]:
                hit = next((x for x in a.words if x.text == w["original"]), None)
                lemma = ((hit.lemma if hit is not None else "") or w["original"]).lower()
                upos = hit.pos if hit is not None else "NOUN"
                if rule(r["original"], lemma, upos, w["replacement"], w["operation"].split(":", 1)[1]):
                    hits.append(bool(w.get("correct", r["acceptable"])))
            if hits:
                refused[name].append(r)
                words[name] += hits
    acc = sum(1 for r in rows if r["acceptable"])
    return refused, words, acc, len(rows) - acc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help="judged JSONL files (codeswitch-adv rows are read)")
    ap.add_argument("--list", default="", help="also print the rows this rule refuses")
    args = ap.parse_args(argv)
    rows = judged_rows(args.files)
    refused, words, acc, rej = measure(rows)
    print(f"{len(rows)} judged rows: {acc} accepts, {rej} rejects ({acc / len(rows):.1%} keep the meaning)")
    print(f"{'rule':<20} {'rejects refused':>16} {'accepts refused':>16} {'precision of the rest':>22}"
          f" {'words wrong/right refused':>26}")
    for name, rs in refused.items():
        ra = sum(1 for r in rs if r["acceptable"])
        rr = len(rs) - ra
        rest = len(rows) - len(rs)
        wrong, right = words[name].count(False), words[name].count(True)
        print(f"{name:<20} {rr:>16} {ra:>16} {f'{acc - ra}/{rest} = {(acc - ra) / rest:.1%}':>22}"
              f" {f'{wrong}/{right}':>26}")
    for r in refused.get(args.list, []):
        swaps = ", ".join(f"{w['original']} -> {w['replacement']} ({w['operation'].split(':')[-1]})"
                          for w in r["words"])
        print(f"{'ACCEPT' if r['acceptable'] else 'REJECT'} {r['file']:<34} {swaps} | {r['original']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
