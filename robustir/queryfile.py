"""Pre-perturbed query files: BEIR ``queries.jsonl`` out (``perturb --format beir``), and back in
(``attack --queries FILE``, ``robustir.evaluate(queries=FILE)``).

The BEIR file has one line per query x sample::

    {"_id": "<query id>::<sample>", "text": "<perturbed text>",
     "metadata": {"query_id": "<query id>", "sample": 0, "original": "<clean text>",
                  "language": "en", "edits": [...], "unperturbable": true, "similarity": 0.93,
                  "valid": true, "failed": null,
                  "recipe": {"name": "typo", "sha256": "..."}, "seed": 0,
                  "dataset": {"name": "boolq", "checksum": "..."}}}

``_id`` is unique per query and sample (BEIR tools need unique ids); the original query id is
``metadata.query_id`` and is what readers use (``_id`` is never parsed). The validity fields
appear only when the recipe set them. ``metadata.language`` is where BEIR readers (robustir's
too) look for a query's language.

Reading accepts that file or ``perturb``'s default JSONL (``qid, sample, original, perturbed,
edits, language``). Every query must have the same number of samples, numbered 0..n-1, and
every query id must be a judged query of the dataset; a bad file is one
:class:`~robustir.errors.InputError` line naming the file (and line), raised before any model loads.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from robustir.errors import InputError
from robustir.io import atomic_write_text

log = logging.getLogger(__name__)

ID_SEPARATOR = "::"


def beir_id(qid: str, sample: int) -> str:
    """The BEIR ``_id`` of one sample of a query: ``<qid>::<sample>``."""
    return f"{qid}{ID_SEPARATOR}{sample}"


def to_beir(rows: Sequence[dict[str, Any]], *, recipe: dict[str, Any] | None = None, seed: int | None = None,
            dataset: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """BEIR ``queries.jsonl`` objects from ``perturb`` rows (plus any validity fields on the rows),
    each carrying the provenance (recipe name and hash, seed, dataset name and checksum)."""
    out = []
    for r in rows:
        meta: dict[str, Any] = {"query_id": r["qid"], "sample": r["sample"], "original": r["original"],
                                "language": r["language"], "edits": r["edits"]}
        for key in ("unperturbable", "similarity", "valid", "failed"):
            if key in r:
                meta[key] = r[key]
        if recipe is not None:
            meta["recipe"] = recipe
        if seed is not None:
            meta["seed"] = seed
        if dataset is not None:
            meta["dataset"] = dataset
        out.append({"_id": beir_id(str(r["qid"]), int(r["sample"])), "text": r["perturbed"], "metadata": meta})
    return out


def write_beir(path: str | Path, objects: Sequence[dict[str, Any]]) -> Path:
    """Atomically write BEIR query objects, one per line (keys sorted: same input, same bytes)."""
    return atomic_write_text(path, "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n"
                                           for o in objects))


@dataclass
class QueryFile:
    """Perturbed queries read from a file: ``samples[qid]`` lists the sample records in sample order
    (``text``, ``edits``, ``language``, validity fields, ``original``); ``recipe`` is what the file
    records about the recipe that made them (None if nothing), ``sha256`` the file's hash."""

    path: Path
    sha256: str
    format: str
    samples: dict[str, list[dict[str, Any]]]
    recipe: dict[str, Any] | None = None
    seed: int | None = None
    dataset: dict[str, Any] | None = None
    lines: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def n_samples(self) -> int:
        return len(next(iter(self.samples.values())))

    def provenance(self) -> dict[str, Any]:
        """Where the perturbed queries came from: file path and hash, and what the file records."""
        out: dict[str, Any] = {"path": str(self.path), "sha256": self.sha256, "format": self.format,
                               "queries": len(self.samples), "samples": self.n_samples}
        for key in ("recipe", "seed", "dataset"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def _record(path: Path, number: int, obj: dict[str, Any]) -> tuple[str, int, dict[str, Any], dict[str, Any]]:
    """``(qid, sample, record, metadata)`` of one line of either format."""
    if "_id" in obj:  # BEIR
        meta = obj.get("metadata")
        if not isinstance(meta, dict):
            raise InputError(f"{path}:{number}: no \"metadata\" object: a BEIR line needs metadata.query_id and "
                             "metadata.sample (as `robustir perturb --format beir` writes)")
        qid, sample, text = meta.get("query_id"), meta.get("sample"), obj.get("text")
        where = "metadata.query_id"
    else:  # perturb's default JSONL
        meta = obj
        qid, sample, text = obj.get("qid"), obj.get("sample"), obj.get("perturbed")
        where = "qid"
    if isinstance(qid, bool) or not isinstance(qid, (str, int)) or not str(qid).strip():
        raise InputError(f"{path}:{number}: missing query id ({where}; or \"_id\" with metadata for BEIR)")
    if isinstance(sample, bool) or not isinstance(sample, int) or sample < 0:
        raise InputError(f"{path}:{number}: missing or bad sample number (a non-negative integer), got {sample!r}")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{path}:{number}: missing or empty perturbed text")
    edits = meta.get("edits", [])
    if not isinstance(edits, list) or not all(isinstance(e, dict) for e in edits):
        raise InputError(f"{path}:{number}: \"edits\" must be a list of objects")
    record: dict[str, Any] = {"text": text, "edits": edits}
    for key in ("language", "original", "unperturbable", "similarity", "valid", "failed"):
        if meta.get(key) is not None:
            record[key] = meta[key]
    return str(qid), sample, record, meta


def read_query_file(path: str | Path) -> QueryFile:
    """Read and check a perturbed-queries file (BEIR ``queries.jsonl`` or ``perturb`` JSONL).

    Checks the file alone (ids present, no sample twice, samples 0..n-1 for every query); which ids
    the dataset knows is checked by :func:`replay`. Malformed JSON and bad UTF-8 are reported with
    their line (the BEIR readers' messages)."""
    from robustir.data.beir import iter_json_objects
    from robustir.io import sha256_file

    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"{path} does not exist (expected a queries file written by `robustir perturb`)")
    samples: dict[str, dict[int, dict[str, Any]]] = {}
    lines: dict[tuple[str, int], int] = {}
    formats: set[str] = set()
    recipes: list[Any] = []
    seeds: list[Any] = []
    datasets: list[Any] = []
    for number, obj in iter_json_objects(path):
        formats.add("beir" if "_id" in obj else "jsonl")
        qid, sample, record, meta = _record(path, number, obj)
        if (qid, sample) in lines:
            raise InputError(f"{path}:{number}: query {qid!r} sample {sample} already given on line "
                             f"{lines[(qid, sample)]}")
        lines[(qid, sample)] = number
        samples.setdefault(qid, {})[sample] = record
        recipes.append(meta.get("recipe"))
        seeds.append(meta.get("seed"))
        datasets.append(meta.get("dataset"))
    if not samples:
        raise InputError(f"{path} is empty: no perturbed queries")
    if len(formats) > 1:
        raise InputError(f"{path} mixes BEIR lines (with \"_id\") and perturb JSONL lines (with \"qid\")")
    counts = {qid: sorted(s) for qid, s in samples.items()}
    n = len(next(iter(counts.values())))
    for qid, numbers in counts.items():
        if numbers != list(range(n)):
            raise InputError(f"{path}: query {qid!r} has samples {numbers}, expected 0..{n - 1} like the first "
                             "query (every query needs the same samples)")
    return QueryFile(path=path, sha256=sha256_file(path), format=formats.pop(),
                     samples={qid: [s[i] for i in range(n)] for qid, s in samples.items()},
                     recipe=_same(recipes), seed=_same(seeds), dataset=_same(datasets), lines=lines)


def _same(values: list[Any]) -> Any:
    """The value every line records, or None when lines disagree or record nothing."""
    first = values[0]
    return first if all(v == first for v in values) else None


class ReplayRecipe:
    """Stands in for a :class:`~robustir.recipe.Recipe` in a result's provenance when the perturbed
    queries come from a file: the name and hash the file records (or the file's name and hash)."""

    def __init__(self, qf: QueryFile) -> None:
        recorded = qf.recipe if isinstance(qf.recipe, dict) else {}
        self.name = str(recorded.get("name") or f"file:{qf.path.name}")
        self.sha256 = str(recorded.get("sha256") or qf.sha256)
        self.family = recorded.get("family")
        self.search = None
        self.spec: dict[str, Any] = {"queries_file": qf.provenance()}


class ReplayAttack:
    """An attack whose "perturbations" are the file's texts: ``run`` returns them in query order."""

    model_aware = False

    def __init__(self, qf: QueryFile, qids: Sequence[str]) -> None:
        self._qf = qf
        self._qids = list(qids)

    def run(self, texts: Sequence[str], *, samples: int, progress: Callable[[int], None] | None = None,
            **_: Any) -> list[list[Any]]:
        from robustir.attacks.base import Edit, Perturbed

        out = []
        for qid in self._qids:
            per_query = []
            for rec in self._qf.samples[qid][:samples]:
                edits = tuple(Edit(position=int(e.get("position", -1)), original=str(e.get("original", "")),
                                   replacement=str(e.get("replacement", "")), operation=str(e.get("operation", "")))
                              for e in rec["edits"])
                per_query.append(Perturbed(text=rec["text"], edits=edits, language=str(rec.get("language", "en")),
                                           unperturbable=bool(rec.get("unperturbable", False)),
                                           similarity=rec.get("similarity"), valid=rec.get("valid"),
                                           failed=rec.get("failed")))
            out.append(per_query)
            if progress is not None:
                progress(1)
        return out


def replay(path: str | Path, dataset: Any, *, limit: int | None = None, samples: int | None = None,
           data_dir: Path | None = None) -> tuple[ReplayRecipe, Any, ReplayAttack, int]:
    """What :func:`robustir.evaluation.evaluate` needs to score a file's perturbed queries:
    ``(recipe stand-in, benchmark, attack stand-in, samples)``, as ``prepare_attack`` returns them.

    The benchmark is cut to the queries the file holds (in the dataset's order), then to ``limit``.
    Every query id in the file must be a judged query of the dataset, and where the file records
    the original text it must be the dataset's (so a file made on another dataset whose ids happen
    to collide is refused)."""
    from robustir.data import load_benchmark
    from robustir.data.benchmark import Benchmark
    from robustir.env import configure_offline

    configure_offline()
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1 (got {limit})")
    if samples is not None:
        raise InputError("--samples does not apply with --queries: the file's samples are evaluated")
    qf = read_query_file(path)
    bench = dataset if isinstance(dataset, Benchmark) else load_benchmark(dataset, data_dir=data_dir)
    by_id = {q.id: q for q in bench.queries}
    unknown = [qid for qid in qf.samples if qid not in by_id]
    if unknown:
        line = qf.lines[(unknown[0], 0)]
        raise InputError(f"{qf.path}:{line}: query id {unknown[0]!r} is not a judged query of dataset {bench.name} "
                         f"({len(unknown)} of the file's {len(qf.samples)} query ids are unknown)")
    for qid, recs in qf.samples.items():
        for s, rec in enumerate(recs):
            if "original" in rec and rec["original"] != by_id[qid].text:
                raise InputError(f"{qf.path}:{qf.lines[(qid, s)]}: the original text of query {qid!r} differs from "
                                 f"dataset {bench.name}'s: the file was made on other data")
    queries = [q for q in bench.queries if q.id in qf.samples]
    if len(queries) < len(bench.queries):
        keep = {q.id for q in queries}
        bench = Benchmark(name=bench.name, corpus=bench.corpus, queries=queries,
                          qrels={k: v for k, v in bench.qrels.items() if k in keep},
                          notes=bench.notes + f" Only the {len(queries)} queries of {qf.path.name}.",
                          groups={k: v for k, v in bench.groups.items() if k in keep})
    bench = bench.subset(limit)
    log.info("replaying %d queries x %d samples from %s (sha256 %s)", len(bench.queries), qf.n_samples, qf.path,
             qf.sha256[:12])
    return ReplayRecipe(qf), bench, ReplayAttack(qf, [q.id for q in bench.queries]), qf.n_samples
