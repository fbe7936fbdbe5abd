"""Study files: the TOML that describes a grid, parsed and validated into a ``StudySpec``.

Layout (every key but ``name``, ``models``, ``datasets`` and ``recipes`` is optional)::

    name = "hybrid-robustness"
    description = "one line"
    datasets = ["boolq", "xquad-r"]          # registered names, name:option, or BEIR folders
    optional_datasets = ["fiqa"]             # skipped with a note when their data is not installed
    recipes = ["typo", "synonym-adv"]        # names or TOML paths (relative to the study file)
    seeds = [0]                              # attack seeds (perturbation sampling; see train_seeds)
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
    train_seeds = 3                          # training seeds per trained model: a count (0..N-1) or a list;
                                             # default 3 (5 where CUDA is available)

    [early_stopping]                         # merged into every train table: stop on the XQuAD-R dev
    patience = 3                             # split's multilingual mAP, evaluated every eval_steps steps
    eval_steps = 10                          # (dev_langs, dev_limit optional); the curve is recorded

    [alpha_sweep]                            # optional, exploratory: hybrid models at these alphas,
    alphas = [0, 0.25, 0.5, 0.75, 1]         # trained like `model`, labelled alpha-000 .. alpha-100
    model = "hybrid"

    [primary]                                # the pre-declared primary family (defaults shown)
    comparisons = [["hybrid", "xx"], ["hybrid", "xy"]]   # model labels or strategies: A vs B
    families = { typo = ["typo", "typo-adv"] }           # attack families (default: one per recipe)
    datasets = ["boolq", "xquad-r"]          # default: the study's datasets
    pool = "datasets"                        # or "per-dataset": one comparison per dataset too
    measure = "nDCG@10"
    margin = 0.01                            # equivalence margin (TOST), > 0
    alpha = 0.05                             # family-wise error (Holm) and TOST size
    statistic = "mixed"                      # seed-aware: "mixed" or "hierarchical-bootstrap"
    verdict = "difference-first"             # or "equivalence-first" (see Primary.rule_text)
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
from typing import Any, cast

from robustir.errors import InputError
from robustir.io import read_text, sha256_text

_TOP_KEYS = ("name", "description", "datasets", "optional_datasets", "recipes", "seeds", "samples", "limit", "k",
             "measures", "resamples", "batch_size", "comparisons", "max_seq_length", "models", "exclude", "quick",
             "train_seeds", "early_stopping", "alpha_sweep", "primary", "surrogate", "share_frozen_layers")
_QUICK_KEYS = ("datasets", "optional_datasets", "recipes", "seeds", "samples", "limit", "k", "measures",
               "resamples", "batch_size", "comparisons", "max_seq_length", "models", "exclude", "train",
               "description", "train_seeds", "early_stopping", "alpha_sweep", "primary")
_EARLY_KEYS = {"patience": "early_stopping_patience", "eval_steps": "eval_steps", "dev_langs": "dev_langs",
               "dev_limit": "dev_limit"}
_SWEEP_KEYS = ("alphas", "model")
_PRIMARY_KEYS = ("comparisons", "families", "datasets", "pool", "measure", "margin", "alpha", "statistic", "verdict")
_POOLS = ("datasets", "per-dataset")
_STATISTICS = ("mixed", "hierarchical-bootstrap")
_VERDICT_RULES = ("difference-first", "equivalence-first")
#: Separates a trained model's label from its training seed in run labels (model labels cannot hold a dot).
RUN_SEP = ".seed"
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
class ModelRun:
    """One model to evaluate: an untrained model once, a trained one once per training seed.

    ``label`` names its cells and its folder (``hybrid.seed1``); ``model`` is the declared label."""

    label: str
    model: str
    strategy: str
    train_seed: int | None
    spec: ModelSpec  # with ``train["seed"]`` set for a trained model


def run_label(model: str, train_seed: int | None) -> str:
    return model if train_seed is None else f"{model}{RUN_SEP}{train_seed}"


def declared_label(label: str) -> str:
    """The study's model label of a run label (``hybrid.seed1`` -> ``hybrid``)."""
    return label.split(RUN_SEP, 1)[0]


@dataclass(frozen=True)
class Primary:
    """The pre-declared primary comparisons: the family Holm adjusts over, the margin and the verdict rule."""

    comparisons: tuple[tuple[str, str], ...]
    families: tuple[tuple[str, tuple[str, ...]], ...]
    datasets: tuple[str, ...]
    pool: str = "datasets"
    measure: str = "nDCG@10"
    margin: float = 0.01
    alpha: float = 0.05
    statistic: str = "mixed"
    verdict: str = "difference-first"

    def rule_text(self) -> str:
        """The verdict rule in words (fixed before the run; written into the summary)."""
        a = f"{self.alpha:g}"
        diff = (f"'A more robust than B' iff the Holm-adjusted p (within the primary family) <= {a} and "
                f"A - B < 0 (A's {self.measure} degradation is lower); 'A less robust than B' iff Holm p <= {a} "
                f"and A - B > 0")
        eq = (f"'equivalent' iff TOST at margin {self.margin:g} holds at level {a} (the "
              f"{100 * (1 - 2 * self.alpha):g}% CI of A - B lies inside +-{self.margin:g})")
        first, second = (diff, eq) if self.verdict == "difference-first" else (eq, diff)
        return (f"{first}; otherwise {second}; otherwise 'inconclusive'. Overall, per pair: the common verdict "
                f"when every primary comparison agrees, else 'mixed' with the counts.")

    def to_dict(self) -> dict[str, Any]:
        return {"comparisons": [list(c) for c in self.comparisons],
                "families": {name: list(r) for name, r in self.families}, "datasets": list(self.datasets),
                "pool": self.pool, "measure": self.measure, "margin": self.margin, "alpha": self.alpha,
                "statistic": self.statistic, "verdict": self.verdict, "rule": self.rule_text()}


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
    train_seeds: tuple[int, ...] = (0,)
    primary: Primary | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    surrogate: str | None = None
    #: compute the layers all models share bitwise (frozen by training) once per text (robustir.models.trunk)
    share_frozen_layers: bool = False

    @property
    def runs(self) -> tuple[ModelRun, ...]:
        """Every model to evaluate: trained models once per training seed, the others once."""
        out = []
        for m in self.models:
            if not m.trained:
                out.append(ModelRun(m.label, m.label, m.strategy, None, m))
                continue
            for s in self.train_seeds:
                spec = ModelSpec(label=m.label, strategy=m.strategy, train={**(m.train or {}), "seed": s},
                                 description=m.description, max_seq_length=m.max_seq_length)
                out.append(ModelRun(run_label(m.label, s), m.label, m.strategy, s, spec))
        return tuple(out)

    def runs_of(self, label: str) -> tuple[ModelRun, ...]:
        return tuple(r for r in self.runs if r.model == label)

    def model(self, label: str) -> ModelSpec:
        for m in self.models:
            if m.label == label:
                return m
        raise InputError(f"study {self.name!r} has no model {label!r}")

    def excluded(self, model: str, dataset: str, recipe: str) -> str | None:
        """Why the study does not run this (model or run label, dataset, recipe), or None when it does."""
        model = declared_label(model)
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
            "exclude": [e.to_dict() for e in self.exclude], "train_seeds": list(self.train_seeds),
            "runs": [{"label": r.label, "model": r.model, "strategy": r.strategy, "train_seed": r.train_seed}
                     for r in self.runs],
            "primary": self.primary.to_dict() if self.primary else None,
            **({"surrogate": self.surrogate} if self.surrogate else {}),
            **({"share_frozen_layers": True} if self.share_frozen_layers else {}),
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
                raise InputError(
                    f'{where}: train must be a table, e.g. train = {{ base = "me5-small", strategy = "xx" }}'
                )
            if "seed" in train:
                raise InputError(f"{where}: train.seed is set by the study's train_seeds "
                                 "(e.g. train_seeds = 3 trains seeds 0, 1, 2); remove it")
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
    early = _early_stopping(eff.get("early_stopping"))
    models = _models(eff["models"], base, {**early, **train_overrides}, default_msl)
    models = models + _alpha_sweep(eff.get("alpha_sweep"), models)
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
        for d in cast(list, data.get(key) if isinstance(data.get(key), list) else []) if isinstance(d, str))
    known_recipes = recipes + tuple(_resolve_path(r, base) for r in (data.get("recipes") or [])
                                    if isinstance(r, str))
    exclude = _exclusions(eff.get("exclude", []), labels, tuple(dict.fromkeys(known_datasets)),
                          tuple(dict.fromkeys(known_recipes)))
    train_seeds = _train_seeds(eff.get("train_seeds"), any(m.trained for m in models))
    measures_t = tuple(measures)
    primary = _primary(eff.get("primary"), models, datasets, optional, recipes, measures_t, comparisons)
    if primary is not None:
        for pair in primary.comparisons:
            for lab in pair:
                m = next(x for x in models if x.label == lab)
                if m.trained and len(train_seeds) < 2:
                    raise InputError(f"study: the primary statistic {primary.statistic!r} is seed-aware and needs at "
                                     f"least 2 training seeds of {lab!r}; train_seeds gives {len(train_seeds)}")
    return StudySpec(
        train_seeds=train_seeds, primary=primary,
        name=name.strip(), description=str(eff.get("description", "")), models=models, datasets=datasets,
        optional_datasets=optional, exclude=exclude, recipes=recipes, seeds=seeds, samples=samples, limit=limit,
        k=_int(eff.get("k", 100), "k", where, 1), measures=measures,
        resamples=_int(eff.get("resamples", 10_000), "resamples", where, 100),
        batch_size=_int(eff.get("batch_size", 64), "batch_size", where, 1), comparisons=tuple(comparisons),
        quick=quick, path=path, sha256=sha256, raw=data, surrogate=surrogate,
        share_frozen_layers=_share_frozen_layers(data.get("share_frozen_layers", False)))


def _share_frozen_layers(value: Any) -> bool:
    """``share_frozen_layers``: true or false (a top-level key of the study file)."""
    if not isinstance(value, bool):
        raise InputError(f"study: share_frozen_layers must be true or false, got {value!r}")
    return value


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
        from robustir.recipe import load_recipe

        return load_recipe(recipe).model_aware
    except Exception:  # noqa: BLE001 - the cell reports the recipe's own error
        return False


def _early_stopping(raw: Any) -> dict[str, Any]:
    """``[early_stopping]`` as training keys (merged into every train table); {} when absent."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError("study: early_stopping must be a table, e.g. { patience = 3, eval_steps = 10 }")
    _check_keys(raw, tuple(_EARLY_KEYS), "[early_stopping]")
    out: dict[str, Any] = {"early_stopping_patience": _int(raw.get("patience", 3), "patience", "[early_stopping]", 1),
                           "eval_steps": _int(raw.get("eval_steps", 10), "eval_steps", "[early_stopping]", 1)}
    if raw.get("dev_limit") is not None:
        out["dev_limit"] = _int(raw["dev_limit"], "dev_limit", "[early_stopping]", 1)
    if raw.get("dev_langs") is not None:
        out["dev_langs"] = list(_str_list(raw["dev_langs"], "dev_langs", "[early_stopping]"))
    return out


def _alpha_sweep(raw: Any, models: tuple[ModelSpec, ...]) -> tuple[ModelSpec, ...]:
    """``[alpha_sweep]``: hybrid models at each alpha, trained like ``model``'s train table (exploratory)."""
    if raw is None:
        return ()
    where = "[alpha_sweep]"
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a table, e.g. {{ alphas = [0, 0.25, 0.5, 0.75, 1], model = \"hybrid\" }}")
    _check_keys(raw, _SWEEP_KEYS, where)
    alphas = raw.get("alphas", [0, 0.25, 0.5, 0.75, 1])
    if (not isinstance(alphas, list) or not alphas
            or not all(isinstance(a, (int, float)) and not isinstance(a, bool) and 0 <= a <= 1 for a in alphas)):
        raise InputError(f"{where}: alphas must be a non-empty list of numbers in [0, 1], got {alphas!r}")
    if len(set(alphas)) != len(alphas):
        raise InputError(f"{where}: alphas lists a value twice")
    label = raw.get("model", "hybrid")
    src = next((m for m in models if m.label == label), None)
    if src is None or not src.trained:
        trained = tuple(m.label for m in models if m.trained)
        raise _unknown(str(label), trained, f"{where}.model (a trained model of the study)")
    out = []
    for a in alphas:
        lab = f"alpha-{round(float(a) * 100):03d}"
        if any(m.label == lab for m in models):
            raise InputError(f"{where}: model label {lab!r} is already used")
        out.append(ModelSpec(label=lab, strategy="hybrid", train={**(src.train or {}), "strategy": "hybrid",
                                                                  "alpha": float(a)},
                             description=f"alpha sweep: hybrid with alpha {a:g} (exploratory)",
                             max_seq_length=src.max_seq_length))
    return tuple(out)


def _default_seed_count() -> int:
    """3 training seeds, 5 where CUDA is available (training is then cheap enough)."""
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        return 3
    import torch

    return 5 if torch.cuda.is_available() else 3


def _train_seeds(raw: Any, any_trained: bool) -> tuple[int, ...]:
    if raw is None:
        return tuple(range(_default_seed_count())) if any_trained else (0,)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return tuple(range(_int(raw, "train_seeds", "study", 1)))
    if not isinstance(raw, list) or not raw:
        raise InputError(f"study: train_seeds must be a count or a non-empty list of integers, got {raw!r}")
    seeds = tuple(_int(s, "train_seeds", "study", 0) for s in raw)
    if len(set(seeds)) != len(seeds):
        raise InputError("study: train_seeds lists a seed twice")
    return seeds


def _resolve_model(name: str, models: tuple[ModelSpec, ...]) -> str:
    """A model label, or a strategy that exactly one model of the study has (its label)."""
    if any(m.label == name for m in models):
        return name
    hits = [m.label for m in models if m.strategy == name and not m.label.startswith("alpha-")]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise InputError(f"[primary].comparisons: strategy {name!r} is ambiguous (models {', '.join(hits)}); "
                         "name a model label")
    valid = tuple(dict.fromkeys([m.label for m in models] + [m.strategy for m in models]))
    raise _unknown(name, valid, "[primary].comparisons (the study's models and strategies)")


def _primary(raw: Any, models: tuple[ModelSpec, ...], datasets: tuple[str, ...], optional: tuple[str, ...],
             recipes: tuple[str, ...], measures: tuple[str, ...],
             comparisons: list[tuple[str, str]]) -> Primary | None:
    """``[primary]`` validated; absent: hybrid vs X-X and X-Y (when the study has them), defaults elsewhere."""
    where = "[primary]"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a table")
    _check_keys(raw, _PRIMARY_KEYS, where)
    if "comparisons" in raw:
        pairs_raw = raw["comparisons"]
        if not isinstance(pairs_raw, list) or not pairs_raw:
            raise InputError(f"{where}: comparisons must be a non-empty list of [A, B] pairs")
    else:
        pairs_raw = [list(c) for c in comparisons if {_strategy(c[1], models)} <= {"xx", "xy"}]
        if not pairs_raw:
            return None
    pairs = []
    for pair in pairs_raw:
        if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise InputError(f"{where}: each comparison must be [A, B] (model labels or strategies), got {pair!r}")
        a, b = _resolve_model(pair[0], models), _resolve_model(pair[1], models)
        if a == b:
            raise InputError(f"{where}: comparison {pair!r} compares a model with itself")
        pairs.append((a, b))
    fam_raw = raw.get("families")
    families: tuple[tuple[str, tuple[str, ...]], ...]
    if fam_raw is None:
        families = tuple((r, (r,)) for r in recipes)
    else:
        if not isinstance(fam_raw, dict) or not fam_raw:
            raise InputError(f"{where}: families must be a table of name = [recipes]")
        families = tuple((str(k), _str_list(v, f"families.{k}", where)) for k, v in fam_raw.items())
        for name, rs in families:
            for r in rs:
                if r not in recipes:
                    raise _unknown(r, recipes, f"{where}.families.{name} (the study's recipes)")
    ds = _str_list(raw.get("datasets", list(datasets)), "datasets", where)
    for d in ds:
        if d not in datasets + optional:
            raise _unknown(d, datasets + optional, f"{where}.datasets (the study's datasets)")
    pool = raw.get("pool", "datasets")
    if pool not in _POOLS:
        raise InputError(f"{where}: pool must be {' or '.join(map(repr, _POOLS))}, got {pool!r}")
    measure = raw.get("measure", "nDCG@10" if "nDCG@10" in measures else measures[0])
    if measure not in measures:
        raise _unknown(str(measure), measures, f"{where}.measure (the study's measures)")
    margin = raw.get("margin", 0.01)
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not margin > 0:
        raise InputError(f"{where}: margin must be a number > 0 (in {measure} units), got {margin!r}")
    alpha = raw.get("alpha", 0.05)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 0.5:
        raise InputError(f"{where}: alpha must be a number in (0, 0.5), got {alpha!r}")
    statistic = raw.get("statistic", "mixed")
    if statistic not in _STATISTICS:
        raise InputError(f"{where}: statistic must be {' or '.join(map(repr, _STATISTICS))}, got {statistic!r}")
    verdict = raw.get("verdict", "difference-first")
    if verdict not in _VERDICT_RULES:
        raise InputError(f"{where}: verdict must be {' or '.join(map(repr, _VERDICT_RULES))}, got {verdict!r}")
    return Primary(comparisons=tuple(pairs), families=families, datasets=ds, pool=pool, measure=str(measure),
                   margin=float(margin), alpha=float(alpha), statistic=statistic, verdict=verdict)


def _strategy(label: str, models: tuple[ModelSpec, ...]) -> str:
    return next((m.strategy for m in models if m.label == label), "")


def _exclusions(
    raw: Any, models: list[str], datasets: tuple[str, ...], recipes: tuple[str, ...]
) -> tuple[Exclusion, ...]:
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
        folder = resources.files("robustir.recipes") / "studies"
    except ModuleNotFoundError:
        return None
    return Path(str(folder)) if folder.is_dir() else None


def _builtin(name: str) -> Path | None:
    folder = _builtin_dir()
    if folder is None or "/" in name:
        return None
    candidate = folder / (name if name.endswith(".toml") else f"{name}.toml")
    return candidate if candidate.exists() else None
