"""`robustir` on a slice of a dataset's questions: ``--limit N`` takes questions START .. START+N-1.

    python bench/attack_slice.py 1200 attack -m me5-small -r codeswitch-adv -d boolq --limit 400 -o out.json

Why: `robustir attack --limit N` always takes the first N questions, which are the ones the
attacks were developed on; a held-out measurement needs later ones, against the same full corpus
(so the corpus embeddings cache is reused). Single-language datasets only (BoolQ, MLQA-R en).
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/attacks.py would shadow the attacks package: the repository root comes first instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    start = int(sys.argv[1])
    from robustir.cli import main as cli_main
    from robustir.data.benchmark import Benchmark

    def subset(self: Benchmark, limit: int | None) -> Benchmark:
        if self.groups:
            raise SystemExit("attack_slice: single-language datasets only")
        queries = self.queries[start:start + limit] if limit is not None else self.queries[start:]
        keep = {q.id for q in queries}
        return Benchmark(name=self.name, corpus=self.corpus, queries=queries,
                         qrels={k: v for k, v in self.qrels.items() if k in keep},
                         notes=self.notes + f" Questions {start}..{start + len(queries) - 1} (bench/attack_slice.py).")

    Benchmark.subset = subset  # type: ignore[method-assign]
    sys.argv = ["robustir", *sys.argv[2:]]
    cli_main()


if __name__ == "__main__":
    main()
