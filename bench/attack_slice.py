"""`robustir` on a slice of a dataset's questions: ``--limit N`` takes questions START .. START+N-1.

    python bench/attack_slice.py 1200 attack -m me5-small -r codeswitch-adv -d boolq --limit 400 -o out.json

Why: `robustir attack --limit N` always takes the first N questions, which are the ones the
attacks were developed on; a held-out measurement needs later ones, against the same full corpus
(so the corpus embeddings cache is reused). Single-language datasets only (BoolQ, MLQA-R en).

    python bench/attack_slice.py 5000 --slice-corpus attack -m me5-small -r codeswitch-adv -d boolq-train \
        --limit 2000 -o out.json

``--slice-corpus`` (after START): the corpus is cut to the documents judged relevant to the slice's questions,
for a machine that cannot encode the whole corpus in time (boolq-train's 7,929 passages take ~1,200 CPU-s
with me5-small); the questions compete with each other's passages only, so ranks and successes are not those of
the full corpus (fewer distractors), while what an attack does to a question's text is the same kind of change.
The lexical recipes still receive the titles of the whole collection (``use_collection_names``), so their
lower-case title lock is the full corpus's.

    python bench/attack_slice.py 0 --ids bench/validity/lexical/adv8-unjudged-mlqa-r-en.txt attack -m me5-small \
        -r codeswitch-adv -d mlqa-r:en -o out.json

``--ids FILE`` (after START, before or after ``--slice-corpus``): only the questions whose id is a line of FILE
(``bench/unjudged.py`` writes the questions no judged set contains), in the dataset's order; START and
``--limit`` then slice that list. The corpus stays whole.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    start = int(sys.argv[1])
    cut = False
    ids: set[str] | None = None
    while len(sys.argv) > 2 and sys.argv[2] in ("--slice-corpus", "--ids"):
        if sys.argv[2] == "--slice-corpus":
            cut = True
            del sys.argv[2]
        else:
            if len(sys.argv) < 4:
                raise SystemExit("attack_slice: --ids needs a file of question ids")
            ids = set(Path(sys.argv[3]).read_text(encoding="utf-8").split())
            del sys.argv[2:4]
    from robustir.cli import main as cli_main
    from robustir.data.benchmark import Benchmark

    def subset(self: Benchmark, limit: int | None) -> Benchmark:
        if self.groups:
            raise SystemExit("attack_slice: single-language datasets only")
        pool = self.queries if ids is None else [q for q in self.queries if q.id in ids]
        queries = pool[start:start + limit] if limit is not None else pool[start:]
        keep = {q.id for q in queries}
        qrels = {k: v for k, v in self.qrels.items() if k in keep}
        corpus = self.corpus
        note = f" Questions {start}..{start + len(queries) - 1} (bench/attack_slice.py)."
        if ids is not None:
            note += f" Only the {len(pool)} questions listed by --ids."
        if cut:
            import robustir.evaluation

            titles = tuple(d.title for d in self.corpus if d.title)
            robustir.evaluation._collection_titles = lambda corpus: titles  # the whole collection's (see above)
            relevant = {d for v in qrels.values() for d, g in v.items() if g > 0}
            corpus = [d for d in self.corpus if d.id in relevant]
            note += f" Corpus cut to their {len(corpus)} relevant documents (--slice-corpus)."
        return Benchmark(name=self.name, corpus=corpus, queries=queries, qrels=qrels, notes=self.notes + note)

    Benchmark.subset = subset  # type: ignore[method-assign]
    sys.argv = ["robustir", *sys.argv[2:]]
    cli_main()


if __name__ == "__main__":
    main()
