"""Study files: the TOML that describes a grid, parsed and validated into a ``StudySpec``.

Layout (every key but ``name``, ``models``, ``datasets`` and ``recipes`` is optional)::

    name = "hybrid-robustness"
    description = "one line"
    datasets = ["boolq", "xquad-r"]          # registered names, name:option, or BEIR folders
    optional_datasets = ["fiqa"]             # skipped with a note when their data is not installed
    recipes = ["typo", "synonym-adv"]        # names or TOML paths (relative to the study file)
    seeds = [0]
    samples = 5                              # per query; omit for each recipe's default
    limit = 200                              # first N queries of each dataset (omit: all)
    k = 100
    measures = ["nDCG@10", "RR@10", "R@100"]
    resamples = 10000                        # bootstrap resamples for CIs and comparisons
    batch_size = 64
    comparisons = [["hybrid", "xx"], ["hybrid", "xy"]]   # model labels: A vs B
    exclude = [{ datasets = ["boolq-es"], recipes = ["query-es"], reason = "already Spanish" }]
                                             # cells not to run: every given key must match
                                             # (datasets, recipes, models; absent = all)
    max_seq_length = 256                     # evaluation truncation for every model (or per model)
    surrogate = "base"                       # transfer attacks: each adversarial recipe R also runs as
                                             # "R@base", its texts crafted once against model `base` and
                                             # every model evaluated on them (R itself stays per-model);
                                             # "R@LABEL" may also be listed in recipes directly

    [models.base]                            # a label, then either `model` ...
    model = "me5-small"
    strategy = "base"
    [models.hybrid]                          # ... or `train` (trained first, into OUT/models/LABEL)
    train = { base = "me5-small", strategy = "hybrid", alpha = 0.5, epochs = 1 }

    [quick]                                  # `--quick`: these keys replace the top-level ones
    limit = 20
    recipes = ["typo"]
    train = { max_steps = 20 }               # merged into every model's train table

Paths in the file (model folders, recipe TOMLs, dataset folders) are relative to
the study file. Errors are one line naming the key and, for a misspelt key, the
closest valid one.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from robustir.errors import InputError
from robustir.io import read_text, sha256_text

_TOP_KEYS = ("name", "description", "datasets", "optional_datasets", "recipes", "seeds", "samples", "limit", "k",
             "measures", "resamples", "batch_size", "comparisons", "max_seq_length", "models", "exclude", "quick",
             "surrogate")
_QUICK_KEYS = ("datasets", "optional_datasets", "recipes", "seeds", "samples", "limit", "k", "measures",
               "resamples", "batch_size", "comparisons", "max_seq_length", "models", "exclude", "train",
               "description")
_EXCLUDE_KEYS = ("datasets", "recipes", "models", "reason")
_MODEL_KEYS = ("model", "train", "strategy", "description", "max_seq_length")
DEFAULT_MEASURES = ("nDCG@10", "RR@10", "R@100")


@dataclass(frozen=True)
class ModelSpec:
    """One model of the grid: an existing model (``model``) or one trained first (``train``)."""

    label: str
    strategy: str
    model: str | None = None
    train: dict[str, Any] | None = None
    description: str = ""
    max_seq_length: int | None = None

    @property
    def trained(self) -> bool:
        return self.train is not None


@dataclass(frozen=True)
class Exclusion:
    """Cells not to run: those whose dataset, recipe and model each match (an empty tuple matches all)."""

    datasets: tuple[str, ...] = ()
    recipes: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    reason: str = ""

    def matches(self, model: str, dataset: str, recipe: str) -> bool:
        return ((not self.datasets or dataset in self.datasets) and (not self.recipes or recipe in self.recipes)
                and (not self.models or model in self.models))

    def to_dict(self) -> dict[str, Any]:
        return {"datasets": list(self.datasets), "recipes": list(self.recipes), "models": list(self.models),
                "reason": self.reason}


@dataclass(frozen=True)
class StudySpec:
    """A validated study: the grid and its evaluation settings (``quick`` already applied if asked)."""

    name: str
    models: tuple[ModelSpec, ...]
    datasets: tuple[str, ...]
    recipes: tuple[str, ...]
    seeds: tuple[int, ...] = (0,)
    samples: int | None = None
    limit: int | None = None
    k: int = 100
    measures: tuple[str, ...] = DEFAULT_MEASURES
    resamples: int = 10_000
    batch_size: int = 64
    comparisons: tuple[tuple[str, str], ...] = ()
    optional_datasets: tuple[str, ...] = ()
    exclude: tuple[Exclusion, ...] = ()
    description: str = ""
    quick: bool = False
    path: Path | None = None
    sha256: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    surrogate: str | None = None

    def model(self, label: str) -> ModelSpec:
        for m in self.models:
            if m.label == label:
                return m
        raise InputError(f"study {self.name!r} has no model {label!r}")

    def excluded(self, model: str, dataset: str, recipe: str) -> str | None:
        """Why the study does not run this (model, dataset, recipe), or None when it does."""
        for e in self.exclude:
            if e.matches(model, dataset, recipe):
                return e.reason or "excluded by the study"
        return None

    @property
    def all_datasets(self) -> tuple[str, ...]:
        return self.datasets + tuple(d for d in self.optional_datasets if d not in self.datasets)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, written to ``OUT/study.json`` (what the summary and the cells were run with)."""
        return {
            "name": self.name, "description": self.description, "quick": self.quick, "sha256": self.sha256,
            "path": str(self.path) if self.path else None,
            "models": [{"label": m.label, "strategy": m.strategy, "model": m.model, "train": m.train,
                        "max_seq_length": m.max_seq_length}
                       for m in self.models],
            "datasets": list(self.datasets), "optional_datasets": list(self.optional_datasets),
            "recipes": list(self.recipes), "seeds": list(self.seeds), "samples": self.samples, "limit": self.limit,
            "k": self.k, "measures": list(self.measures), "resamples": self.resamples,
            "batch_size": self.batch_size, "comparisons": [list(c) for c in self.comparisons],
            "exclude": [e.to_dict() for e in self.exclude],
            **({"surrogate": self.surrogate} if self.surrogate else {}),
        }


def _unknown(key: str, valid: tuple[str, ...], where: str) -> InputError:
    close = difflib.get_close_matches(key, valid, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (valid: {', '.join(valid)})"
    return InputError(f"unknown key {key!r} in {where}{hint}")


def _check_keys(table: dict[str, Any], valid: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in valid:
            raise _unknown(key, valid, where)


def _str_list(value: Any, key: str, where: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: {key} must be a list of non-empty strings, got {value!r}")
    if not value and not allow_empty:
        raise InputError(f"{where}: {key} must not be empty")
    if len(set(value)) != len(value):
        dup = next(v for v in value if value.count(v) > 1)
        raise InputError(f"{where}: {key} lists {dup!r} twice")
    return tuple(value)


def _int(value: Any, key: str, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{where}: {key} must be an integer >= {minimum}, got {value!r}")
    return value


def _resolve_path(value: str, base: Path | None) -> str:
    """A relative path that exists next to the study file becomes absolute; names stay names."""
    if base is None or ("/" not in value and not value.startswith(".")):
        return value
    candidate = Path(value).expanduser()
    if not candidate.is_absolute():
        candidate = base / candidate
    return str(candidate.resolve()) if candidate.exists() else value


def _models(table: Any, base: Path | None, train_overrides: dict[str, Any],
            default_msl: int | None = None) -> tuple[ModelSpec, ...]:
    if not isinstance(table, dict) or not table:
        raise InputError("study: [models] must hold at least one model table, e.g. [models.base] model = \"me5-small\"")
    out = []
    for label, m in table.items():
        where = f"[models.{label}]"
        if not isinstance(m, dict):
            raise InputError(f"{where} must be a table with `model = ...` or `train = {{...}}`")
        if not label.replace("-", "").replace("_", "").isalnum():
            raise InputError(f"{where}: model labels may hold letters, digits, '-' and '_' only")
        _check_keys(m, _MODEL_KEYS, where)
        has_model, has_train = "model" in m, "train" in m
        msl = m.get("max_seq_length", default_msl)
        if msl is not None:
            msl = _int(msl, "max_seq_length", where, 8)
        if has_model == has_train:
            raise InputError(f"{where} needs exactly one of `model` (a name or folder) and `train` (a training spec)")
        if has_model:
            if not isinstance(m["model"], str) or not m["model"].strip():
                raise InputError(f"{where}: model must be a model name or folder")
            spec = ModelSpec(label=label, strategy=str(m.get("strategy", label)), model=_resolve_path(m["model"], base),
                             description=str(m.get("description", "")), max_seq_length=msl)
        else:
            train = m["train"]
            if not isinstance(train, dict):
                raise InputError(f"{where}: train must be a table, e.g. train = {{ base = \"me5-small\", strategy = \"xx\" }}")
            train = {**train, **train_overrides}
            strategy = train.get("strategy")
            if strategy not in ("xx", "xy", "hybrid"):
                raise InputError(f"{where}: train.strategy must be 'xx', 'xy' or 'hybrid', got {strategy!r}")
            if "base" in train and isinstance(train["base"], str):
                train["base"] = _resolve_path(train["base"], base)
            spec = ModelSpec(label=label, strategy=str(m.get("strategy", strategy)), train=train,
                             description=str(m.get("description", "")), max_seq_length=msl)
        out.append(spec)
    return tuple(out)


def parse_study(data: dict[str, Any], *, quick: bool = False, path: Path | None = None, sha256: str = "") -> StudySpec:
    """Validate a parsed study TOML; with ``quick``, the ``[quick]`` table's keys replace the top-level ones."""
    where = "study"
    _check_keys(data, _TOP_KEYS, where)
    quick_table = data.get("quick", {})
    if not isinstance(quick_table, dict):
        raise InputError("study: [quick] must be a table of overrides")
    _check_keys(quick_table, _QUICK_KEYS, "[quick]")
    if quick and not quick_table:
        raise InputError(f"--quick: study {data.get('name', path)!r} defines no [quick] table")
    eff = dict(data)
    train_overrides: dict[str, Any] = {}
    if quick:
        eff.update({k: v for k, v in quick_table.items() if k != "train"})
        train_overrides = dict(quick_table.get("train", {}))
        if not isinstance(train_overrides, dict):
            raise InputError("[quick]: train must be a table of training overrides, e.g. { max_steps = 20 }")
    name = eff.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError("study: `name` (a non-empty string) is required")
    for key in ("models", "datasets", "recipes"):
        if key not in eff:
            raise InputError(f"study {name!r}: `{key}` is required")
    base = path.parent if path else None
    default_msl = eff.get("max_seq_length")
    if default_msl is not None:
        default_msl = _int(default_msl, "max_seq_length", where, 8)
    models = _models(eff["models"], base, train_overrides, default_msl)
    labels = [m.label for m in models]
    datasets = tuple(_resolve_path(d, base) for d in _str_list(eff["datasets"], "datasets", where))
    optional = tuple(_resolve_path(d, base) for d in _str_list(eff.get("optional_datasets", []), "optional_datasets",
                                                                 where, allow_empty=True))
    recipes = tuple(_resolve_path(r, base) for r in _str_list(eff["recipes"], "recipes", where))
    surrogate, recipes = _transfer_recipes(eff.get("surrogate"), recipes, labels)
    seeds_raw = eff.get("seeds", [0])
    if not isinstance(seeds_raw, list) or not seeds_raw:
        raise InputError(f"study: seeds must be a non-empty list of integers, got {seeds_raw!r}")
    seeds = tuple(_int(s, "seeds", where, 0) for s in seeds_raw)
    if len(set(seeds)) != len(seeds):
        raise InputError("study: seeds lists a seed twice")
    samples = _int(eff["samples"], "samples", where, 1) if eff.get("samples") is not None else None
    limit = _int(eff["limit"], "limit", where, 1) if eff.get("limit") is not None else None
    measures = _str_list(eff.get("measures", list(DEFAULT_MEASURES)), "measures", where)
    comparisons_raw = eff.get("comparisons", _default_comparisons(models))
    if not isinstance(comparisons_raw, list):
        raise InputError("study: comparisons must be a list of [A, B] model-label pairs")
    comparisons = []
    for pair in comparisons_raw:
        if (not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(x, str) for x in pair)
                or pair[0] == pair[1]):
            raise InputError(f"study: each comparison must be [A, B] with two different model labels, got {pair!r}")
        for lab in pair:
            if lab not in labels:
                raise _unknown(lab, tuple(labels), "comparisons (model labels)")
        comparisons.append((pair[0], pair[1]))
    # names are checked against the whole file, so that one exclude list serves the study and its [quick] slice
    known_datasets = datasets + optional + tuple(
        _resolve_path(d, base) for key in ("datasets", "optional_datasets")
        for d in (data.get(key) if isinstance(data.get(key), list) else []) if isinstance(d, str))
    known_recipes = recipes + tuple(_resolve_path(r, base) for r in (data.get("recipes") or [])
                                    if isinstance(r, str))
    exclude = _exclusions(eff.get("exclude", []), labels, tuple(dict.fromkeys(known_datasets)),
                          tuple(dict.fromkeys(known_recipes)))
    return StudySpec(
        name=name.strip(), description=str(eff.get("description", "")), models=models, datasets=datasets,
        optional_datasets=optional, exclude=exclude, recipes=recipes, seeds=seeds, samples=samples, limit=limit,
        k=_int(eff.get("k", 100), "k", where, 1), measures=measures,
        resamples=_int(eff.get("resamples", 10_000), "resamples", where, 100),
        batch_size=_int(eff.get("batch_size", 64), "batch_size", where, 1), comparisons=tuple(comparisons),
        quick=quick, path=path, sha256=sha256, raw=data, surrogate=surrogate)


def transfer_parts(recipe: str) -> tuple[str, str | None]:
    """``("typo-adv", "base")`` for a transfer recipe label ``typo-adv@base``; ``(recipe, None)`` otherwise."""
    head, sep, label = recipe.rpartition("@")
    return (head, label) if sep and head else (recipe, None)


def _transfer_recipes(surrogate: Any, recipes: tuple[str, ...], labels: list[str]
                      ) -> tuple[str | None, tuple[str, ...]]:
    """Validate ``surrogate`` and every ``R@LABEL`` recipe; with a surrogate, add ``R@surrogate`` after
    each adversarial (model-aware) recipe R of the list."""
    if surrogate is not None and (not isinstance(surrogate, str) or surrogate not in labels):
        raise _unknown(str(surrogate), tuple(labels), "surrogate (a model label)")
    out: list[str] = []
    for r in recipes:
        out.append(r)
        _, label = transfer_parts(r)
        if label is not None:
            if label not in labels:
                raise _unknown(label, tuple(labels), f"recipe {r!r}: the surrogate after '@' (a model label)")
        elif surrogate is not None and _adversarial(r):
            out.append(f"{r}@{surrogate}")
    return surrogate, tuple(dict.fromkeys(out))


def _adversarial(recipe: str) -> bool:
    """True when the recipe searches against a model (a recipe that cannot be read: False; its cells say why)."""
    try:
        from robustir.recipes import load_recipe

        return load_recipe(recipe).model_aware
    except Exception:  # noqa: BLE001 - the cell reports the recipe's own error
        return False


def _exclusions(raw: Any, models: list[str], datasets: tuple[str, ...], recipes: tuple[str, ...]) -> tuple[Exclusion, ...]:
    """``exclude = [{ datasets = [...], recipes = [...], models = [...], reason = "..." }, ...]``; every
    name must be one of the study's (a misspelt name would silently exclude nothing)."""
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise InputError("study: exclude must be a list of tables, e.g. "
                         "[{ datasets = [\"boolq-es\"], recipes = [\"query-es\"], reason = \"already Spanish\" }]")
    out = []
    for i, e in enumerate(raw):
        where = f"exclude[{i}]"
        _check_keys(e, _EXCLUDE_KEYS, where)
        if not any(k in e for k in ("datasets", "recipes", "models")):
            raise InputError(f"{where} names no datasets, recipes or models: it would exclude every cell")
        parts = {}
        for key, valid in (("datasets", datasets), ("recipes", recipes), ("models", tuple(models))):
            names = _str_list(e.get(key, []), key, where, allow_empty=True)
            for n in names:
                if n not in valid:
                    raise _unknown(n, valid, f"{where}.{key} (the study's {key})")
            parts[key] = names
        out.append(Exclusion(**parts, reason=str(e.get("reason", ""))))
    return tuple(out)


def _default_comparisons(models: tuple[ModelSpec, ...]) -> list[list[str]]:
    """hybrid vs X-X and hybrid vs X-Y when the study has models of those strategies (first of each)."""
    by_strategy: dict[str, str] = {}
    for m in models:
        by_strategy.setdefault(m.strategy, m.label)
    if "hybrid" not in by_strategy:
        return []
    return [[by_strategy["hybrid"], by_strategy[s]] for s in ("xx", "xy") if s in by_strategy]


def load_study(path: str | Path, *, quick: bool = False) -> StudySpec:
    """Read and validate a study TOML file (see the module docstring for its keys)."""
    path = Path(path)
    if not path.exists():
        builtin = _builtin(str(path))
        if builtin is None:
            raise InputError(f"study file {path} does not exist (built-in studies: {', '.join(list_builtin())})")
        path = builtin
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path} is not valid TOML: {e}") from e
    return parse_study(data, quick=quick, path=path.resolve(), sha256=sha256_text([text]))


def list_builtin() -> list[str]:
    """Names of the studies shipped in ``recipes/studies``."""
    folder = _builtin_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder else []


def _builtin_dir() -> Path | None:
    from importlib import resources

    try:
        folder = resources.files("recipes") / "studies"
    except ModuleNotFoundError:
        return None
    return Path(str(folder)) if folder.is_dir() else None


def _builtin(name: str) -> Path | None:
    folder = _builtin_dir()
    if folder is None or "/" in name:
        return None
    candidate = folder / (name if name.endswith(".toml") else f"{name}.toml")
    return candidate if candidate.exists() else None
