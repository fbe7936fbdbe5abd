"""The file formats robustir writes, in one place: their names and versions, and the typed records of
an attack result (``robustir.result/1``): :class:`Provenance`, :class:`QueryResult`, :class:`ResultRecord`.

A reader checks a file's ``schema`` against the names here; a writer stamps them. Bump a version when a
field changes meaning or disappears (adding a field is compatible).

The records are what every reader of a result goes through (reports, the study, the CLI): typed
fields and accessors instead of ``data["provenance"]["recipe"]["name"]`` spelled in many files.
``from_dict``/``to_dict`` round-trip a result's JSON exactly: the keys a file has, in its order, and
any key the record does not name (kept in ``extra``), so files written by older or newer versions
load and save unchanged. Blocks whose inner layout belongs to another module (a measure's summary:
:func:`robustir.stats.summarize`; an attacked sample: :meth:`attacks.base.Perturbed.to_dict` plus
``sample`` and ``metrics``; the model/dataset/recipe blocks: :mod:`robustir.provenance`) stay dicts.

:class:`robustir.result.Result` adds the views (terminal summary, pandas, save) to
:class:`ResultRecord`; the records live here, below ``robustir.report``, so that reports use them
without an import circle.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from robustir.errors import InputError

RESULT = "robustir.result/1"  # robustir attack / robustir.evaluate
XEVAL = "robustir.xeval/1"  # robustir evaluate (mono / cross / multi mAP)
STUDY_SUMMARY = "robustir.study-summary/2"  # robustir study: summary.json
MODEL_METADATA = "robustir.model/1"  # robustir train: robustir.json beside the model

__all__ = ["MODEL_METADATA", "RESULT", "STUDY_SUMMARY", "XEVAL", "Provenance", "QueryResult", "ResultRecord",
           "IDENTITY_FIELDS", "as_record", "check_result", "identity", "per_query",
           "queries_of"]

_R = TypeVar("_R", bound="ResultRecord")


class _Keyed:
    """Exact JSON round trip for a record: ``_json`` maps each JSON key to its field; ``keys`` holds the keys
    the object had, in order (absent optional keys stay absent), ``extra`` every key no field names.

    Written by hand rather than with a (de)serialisation library because the requirement is byte
    identity with files already on disk (key presence, order and unknown keys), which the libraries
    (dacite, cattrs, pydantic) normalise away."""

    _json: dict[str, str] = {}  # JSON key -> attribute name
    _always: tuple[str, ...] = ()  # JSON keys a new record always writes (others only when not None)
    keys: tuple[str, ...] | None  # None until __post_init__ (then always a tuple)
    extra: dict[str, Any]

    @classmethod
    def _parts(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        kw = {attr: data[key] for key, attr in cls._json.items() if key in data}
        kw["extra"] = {k: v for k, v in data.items() if k not in cls._json}
        kw["keys"] = tuple(data)
        return kw

    def _default_keys(self) -> tuple[str, ...]:
        return tuple(k for k, attr in self._json.items() if k in self._always or getattr(self, attr) is not None)

    def _fix_keys(self) -> None:
        if self.keys is None:  # built in code, not read: the canonical order
            object.__setattr__(self, "keys", self._default_keys() + tuple(self.extra))

    # Read access by JSON key, as before results were typed (``result.provenance["model"]``,
    # ``result.queries[0]["clean"]``): the public API keeps working for code written against dicts.
    @property
    def json_keys(self) -> tuple[str, ...]:
        """The JSON keys this record writes, in order."""
        return self.keys or ()

    def __getitem__(self, key: str) -> Any:
        if key not in self.json_keys:
            raise KeyError(key)
        attr = self._json.get(key)
        value = getattr(self, attr) if attr is not None else self.extra[key]
        return value.to_dict() if isinstance(value, _Keyed) else value

    def __contains__(self, key: object) -> bool:
        return key in self.json_keys

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self.json_keys else default

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: the keys it was read with (or the canonical ones), in that order."""
        out: dict[str, Any] = {}
        for k in self.json_keys:
            attr = self._json.get(k)
            value = getattr(self, attr) if attr is not None else self.extra[k]
            out[k] = value.to_dict() if isinstance(value, _Keyed) else value
        return out


@dataclass(frozen=True)
class Provenance(_Keyed):
    """What made a result: model, dataset and recipe blocks (:mod:`robustir.provenance`), seed, samples,
    limit, k, bootstrap settings, package versions; an approximate index's recall, GPU precision and a
    transfer attack's surrogate model when they apply."""

    model: dict[str, Any] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)
    recipe: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    samples: int | None = None
    limit: int | None = None
    k: int | None = None
    bootstrap: dict[str, Any] | None = None
    versions: dict[str, str] | None = None
    index: dict[str, Any] | None = None
    hardware: dict[str, Any] | None = None
    surrogate: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    keys: tuple[str, ...] | None = field(default=None, repr=False, compare=False)

    _json = {k: k for k in ("model", "dataset", "recipe", "seed", "samples", "limit", "k", "bootstrap", "versions",
                            "index", "hardware", "surrogate")}
    _always = ("model", "dataset", "recipe", "seed", "samples", "limit", "k")

    def __post_init__(self) -> None:
        self._fix_keys()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provenance:
        return cls(**cls._parts(data))

    # --------------------------------------------------------------- model
    @property
    def model_name(self) -> str:
        return str(self.model["name"])

    @property
    def fingerprint(self) -> str | None:
        return self.model.get("fingerprint")

    @property
    def strategy(self) -> str | None:
        """The training strategy a robustir-trained model records (``xx``, ``hybrid``...), else None."""
        return self.model.get("strategy") or None

    @property
    def model_label(self) -> str:
        """The model's name, with its training strategy when it records one (e.g. ``me5 [hybrid]``)."""
        return f"{self.model_name} [{self.strategy}]" if self.strategy else self.model_name

    @property
    def surrogate_fingerprint(self) -> str | None:
        return (self.surrogate or {}).get("fingerprint")

    # --------------------------------------------------------------- dataset
    @property
    def dataset_name(self) -> str:
        return str(self.dataset["name"])

    @property
    def dataset_checksum(self) -> str | None:
        return self.dataset.get("checksum")

    # --------------------------------------------------------------- recipe
    @property
    def recipe_name(self) -> str:
        return str(self.recipe["name"])

    @property
    def recipe_sha256(self) -> str | None:
        return self.recipe.get("sha256")

    @property
    def recipe_family(self) -> str | None:
        return self.recipe.get("family")

    @property
    def recipe_search(self) -> str | None:
        return self.recipe.get("search")

    @property
    def recipe_spec(self) -> dict[str, Any]:
        return self.recipe.get("spec") or {}

    @property
    def model_aware(self) -> bool:
        """Whether the recipe searched against the model (perturbed texts then differ per model)."""
        return self.recipe_search not in (None, "random")

    @property
    def rate(self) -> float | None:
        """The recipe's perturbation rate (``recipe.spec.perturbation.rate``), if it has one."""
        spec = self.recipe.get("spec") or {}
        pert = spec.get("perturbation") if isinstance(spec, dict) else None
        rate = pert.get("rate") if isinstance(pert, dict) else None
        try:
            return float(rate) if rate is not None else None
        except (TypeError, ValueError):
            return None

    @property
    def recipe_family_key(self) -> str:
        """Identifies a recipe up to its perturbation rate: same key, same attack at another strength."""
        spec = json.loads(json.dumps(self.recipe.get("spec") or {}))
        if isinstance(spec.get("perturbation"), dict):
            spec["perturbation"].pop("rate", None)
        spec.pop("name", None)
        return json.dumps({"family": self.recipe.get("family"), "search": self.recipe.get("search"), "spec": spec},
                          sort_keys=True)

    def identity(self, measures: Sequence[str] | None) -> dict[str, Any]:
        """The fields a study compares to decide whether this result is the cell it would compute
        (:func:`identity`)."""
        return identity(fingerprint=self.fingerprint, dataset_checksum=self.dataset_checksum,
                        recipe_sha256=self.recipe_sha256, seed=self.seed, samples=self.samples, limit=self.limit,
                        k=self.k, measures=measures, surrogate=self.surrogate_fingerprint)


@dataclass(frozen=True)
class QueryResult(_Keyed):
    """One query of a result: its id, clean text and language, relevant documents, clean metrics, and
    per attack sample a dict (``sample``, ``text``, ``edits``, ``language``, validity fields, ``metrics``)."""

    id: str | None = None
    text: str | None = None
    language: str | None = None
    relevant: list[str] | None = None
    clean: dict[str, float] = field(default_factory=dict)
    attacked: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    keys: tuple[str, ...] | None = field(default=None, repr=False, compare=False)

    _json = {k: k for k in ("id", "text", "language", "relevant", "clean", "attacked")}
    _always = ("id", "text", "language", "relevant", "clean", "attacked")

    def __post_init__(self) -> None:
        self._fix_keys()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QueryResult:
        return cls(**cls._parts(data))

    @property
    def lang(self) -> str:
        """The query's language, ``?`` when it records none."""
        return str(self.language or "?")

    def clean_value(self, measure: str) -> float:
        return float(self.clean[measure])

    def attacked_values(self, measure: str) -> list[float]:
        """The measure per attack sample, in the order the samples are stored."""
        return [float(s["metrics"][measure]) for s in self.attacked]

    def sample_texts(self) -> list[str]:
        """The perturbed texts in sample order."""
        return [str(s.get("text", "")) for s in sorted(self.attacked, key=lambda s: int(s.get("sample", 0)))]


@dataclass(frozen=True)
class ResultRecord(_Keyed):
    """An attack result (``robustir.result/1``) as typed fields.

    ``summaries`` is the JSON ``summary``: per measure, :func:`robustir.stats.summarize`'s dict.
    ``success``, ``validity``, ``summary_valid`` and ``cost`` are None when the file lacks them."""

    provenance: Provenance
    measures: list[str]
    queries: list[QueryResult]
    summaries: dict[str, dict[str, Any]]
    success: dict[str, Any] | None = None
    validity: dict[str, Any] | None = None
    summary_valid: dict[str, dict[str, Any]] | None = None
    cost: dict[str, Any] | None = None
    schema: str = RESULT
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    keys: tuple[str, ...] | None = field(default=None, repr=False, compare=False)

    _json = {"schema": "schema", "provenance": "provenance", "measures": "measures", "queries": "queries",
             "summary": "summaries", "success": "success", "validity": "validity", "summary_valid": "summary_valid",
             "cost": "cost"}
    _always = ("schema", "provenance", "measures", "queries", "summary")

    def __post_init__(self) -> None:
        self._fix_keys()

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, Any]) -> _R:
        """The record of a result's JSON object (its shape only: :func:`check_result` checks what reports read)."""
        if not isinstance(data.get("provenance"), Mapping) or not isinstance(data.get("queries"), list) \
                or not all(isinstance(q, Mapping) for q in data["queries"]):
            raise InputError("result is malformed: 'provenance' must be an object and 'queries' a list of objects")
        kw = cls._parts(data)
        kw["provenance"] = Provenance.from_dict(data["provenance"])
        kw["queries"] = [QueryResult.from_dict(q) for q in data["queries"]]
        return cls(**kw)

    def to_dict(self) -> dict[str, Any]:
        out = _Keyed.to_dict(self)
        if "queries" in out:
            out["queries"] = [q.to_dict() for q in self.queries]
        return out

    @property
    def data(self) -> dict[str, Any]:
        """The JSON object (``to_dict()``), as ``Result.data`` gave it before results were typed."""
        return self.to_dict()

    # --------------------------------------------------------------- accessors
    def summary_of(self, measure: str) -> dict[str, Any]:
        """``summarize``'s dict for one measure (clean, attacked, degradation with CIs, p-value...)."""
        return self.summaries[measure]

    def valid_summary_of(self, measure: str) -> dict[str, Any] | None:
        """The summary over valid perturbations only, when the result has one for ``measure``."""
        return (self.summary_valid or {}).get(measure)

    @property
    def valid_share(self) -> float | None:
        return (self.validity or {}).get("valid_share")

    @property
    def texts_encoded(self) -> int | None:
        return (self.cost or {}).get("texts_encoded")

    @property
    def samples(self) -> int:
        """Attack samples per query (as stored: the first query's, else the provenance's)."""
        if self.queries:
            return len(self.queries[0].attacked)
        return int(self.provenance.samples or 0)

    def qids(self) -> list[str]:
        return [str(q.id) for q in self.queries]

    def per_query(self, measure: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(query ids, clean (n,), attacked (n, K)) for one measure."""
        return per_query(self.queries, measure)

    def perturbed_texts(self) -> dict[str, list[str]]:
        """``{qid: [text of sample 0, sample 1, ...]}``."""
        return {str(q.id): q.sample_texts() for q in self.queries}

    def languages(self) -> list[str]:
        """Query languages in order of first appearance (``?`` for none)."""
        return list(dict.fromkeys(q.lang for q in self.queries))

    def identity(self) -> dict[str, Any]:
        """What a study compares to reuse this result as a cell (:func:`identity`)."""
        return self.provenance.identity(self.measures)

    def without_cost(self) -> dict[str, Any]:
        """The JSON object without ``cost`` (what computing it encoded, which depends on what ran before it
        in the process): the part that must be identical however a study executed it."""
        return {k: v for k, v in self.to_dict().items() if k != "cost"}


#: The fields a study cell's result must carry to count as done (see :func:`identity`).
IDENTITY_FIELDS = ("model.fingerprint", "dataset.checksum", "recipe.sha256", "seed", "samples", "limit", "k",
                   "measures", "surrogate.fingerprint")


def identity(*, fingerprint: str | None, dataset_checksum: str | None, recipe_sha256: str | None,
             seed: int | None, samples: int | None, limit: int | None, k: int | None,
             measures: Sequence[str] | None, surrogate: str | None = None) -> dict[str, Any]:
    """What makes two results the same computation (a study reuses a cell whose recorded identity equals
    the one it would compute now): model fingerprint, dataset checksum, recipe sha256, seed, samples,
    limit, k, measures and a transfer attack's surrogate fingerprint (None for none)."""
    return {"model.fingerprint": fingerprint, "dataset.checksum": dataset_checksum, "recipe.sha256": recipe_sha256,
            "seed": seed, "samples": samples, "limit": limit, "k": k,
            "measures": list(measures) if measures is not None else None, "surrogate.fingerprint": surrogate}


def per_query(queries: Sequence[QueryResult], measure: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(query ids, clean (n,), attacked (n, K)) for one measure of these queries."""
    qids: list[str] = []
    clean: list[float] = []
    attacked: list[list[float]] = []
    for q in queries:
        try:
            qids.append(str(q.id))
            clean.append(q.clean_value(measure))
            attacked.append(q.attacked_values(measure))
        except (KeyError, TypeError) as e:
            raise InputError(f"query {q.id if q.id is not None else '?'!r} has no {measure!r} value ({e})") from e
    widths = {len(a) for a in attacked}
    if len(widths) > 1:
        raise InputError(f"queries have different numbers of attack samples ({sorted(widths)}) for {measure!r}")
    k = widths.pop() if widths else 0
    return qids, np.asarray(clean, float), np.asarray(attacked, float).reshape(len(qids), k)


def queries_of(result: ResultRecord | Mapping[str, Any]) -> list[QueryResult]:
    """A result's queries as records (from a JSON object: its ``queries`` alone, nothing else checked)."""
    if isinstance(result, ResultRecord):
        return result.queries
    return [QueryResult.from_dict(q) for q in result["queries"]]


def check_result(data: Any, where: str = "result") -> None:
    """Raise ``InputError`` (one line) unless ``data`` is a result's JSON object with what readers read."""
    if not isinstance(data, Mapping) or data.get("schema") != RESULT:
        raise InputError(f"{where} is not a robustir result (expected schema {RESULT!r})")
    try:
        prov = data["provenance"]
        prov["model"]["name"], prov["dataset"]["name"], prov["recipe"]["name"]
        measures = data["measures"]
        queries = data["queries"]
        summary = data["summary"]
    except (KeyError, TypeError) as e:
        raise InputError(f"{where} is incomplete: missing {e}") from e
    if not isinstance(queries, list) or not isinstance(measures, list):
        raise InputError(f"{where} is malformed: 'queries' and 'measures' must be lists")
    for m in measures:
        if m not in summary:
            raise InputError(f"{where} has no summary for measure {m!r}")
        block = summary[m]
        if not isinstance(block, dict) or not all(isinstance(block.get(x), dict) and "mean" in block[x]
                                                  for x in ("clean", "attacked", "degradation")):
            raise InputError(f"{where} is malformed: the summary of {m!r} lacks clean/attacked/degradation means")
    # every query must carry what the per-query tables read: a missing piece is one line, not a KeyError later
    for i, q in enumerate(queries):
        if not isinstance(q, dict) or not isinstance(q.get("clean"), dict) or not isinstance(q.get("attacked"), list):
            raise InputError(f"{where} is incomplete: query {i} has no 'clean' metrics or 'attacked' list")
        missing = [m for m in measures if m not in q["clean"]]
        if missing:
            raise InputError(f"{where} is incomplete: query {q.get('id', i)} has no clean {missing[0]!r}")
        for a in q["attacked"]:
            if not isinstance(a, dict) or not isinstance(a.get("metrics"), dict) \
                    or any(m not in a["metrics"] for m in measures):
                raise InputError(f"{where} is incomplete: an attacked sample of query {q.get('id', i)} "
                                 "lacks its metrics")


def as_record(result: ResultRecord | Mapping[str, Any], where: str = "result") -> ResultRecord:
    """A result as a record: a record as it is, a JSON object checked (``where`` names it in the error)
    and read. Readers accept both, so reports work on loaded files and in-memory results alike."""
    if isinstance(result, ResultRecord):
        return result
    check_result(result, where)
    return ResultRecord.from_dict(result)

