"""Attack recipes: TOML files naming a perturbation, constraints, a search and a goal.

A recipe::

    name = "typo"
    description = "Keyboard typos in 10% of the content words (random)"
    family = "typo"
    samples = 5                      # perturbed versions per query (default 1)
    languages = ["en", "de"]         # ISO 639-1 codes it serves (default: any language)

    [perturbation]                   # type + the perturbation class's keyword arguments
    type = "typo"
    rate = 0.1
    max_edits = 3

    [constraints]                    # all optional
    protect_numbers = true           # never edit words containing digits
    stopwords = true                 # never edit stopwords of the query's language (NLTK)
    missing_stopwords = "iso"        # language without an NLTK list: error | warn | iso
    protected_words = ["covid"]      # never edit these (case-insensitive)
    min_length = 3                   # never edit shorter words
    max_share = 0.3                  # at most this share of the words changed
    max_words = 4                    # at most this many words changed
    max_edit_distance = 6            # characters (Levenshtein) from the original
    semantic_min_ratio = 0.85        # similarity to the original (caller's encoder) / self-similarity

    [search]
    type = "random"                  # random | greedy
    max_tries = 10                   # random: redraws when a constraint rejects
    budget = 200                     # greedy: texts scored per query
    batch_queries = 256              # greedy: queries advanced together (one encoder call per step)
    # greedy edits at most the words a random application of [perturbation] would
    # (its rate and max_edits over the eligible words): one budget for both searches

    [goal]                           # greedy only
    type = "untopk"                  # untopk | margin
    k = 10

Built-in recipes ship in the ``recipes`` package (``list_recipes()``); any other
TOML file can be given by path. Every problem is reported as one line naming
the file, the table and the key, with the closest valid key when one is near.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from robustir.errors import InputError, ResourceMissing, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from robustir.attacks.attack import Attack

TOP_KEYS = ("name", "description", "family", "languages", "samples", "validity_floor", "perturbation",
            "constraints", "search", "goal")
CONSTRAINT_KEYS: dict[str, type | tuple[type, ...]] = {
    "protect_numbers": bool, "stopwords": bool, "missing_stopwords": str, "protected_words": list,
    "min_length": int, "max_share": (int, float), "max_words": int, "max_edit_distance": int,
    "semantic_min_ratio": (int, float),
}
_PROTECT_KEYS = ("protect_numbers", "stopwords", "missing_stopwords", "protected_words", "min_length")
SEARCH_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "random": {"type": str, "max_tries": int, "chunk": int},
    "greedy": {"type": str, "budget": int, "importance": str, "batch_queries": int},
}
GOAL_KEYS: dict[str, type | tuple[type, ...]] = {"type": str, "k": int}
GOAL_TYPES = ("untopk", "margin")
# perturbation parameters whose values are ISO 639-1 language codes
LANGUAGE_KEYS = ("language", "languages", "source", "target", "targets", "pivot", "pivots",
                 "source_language", "target_language")


@lru_cache(maxsize=1)
def iso639_1() -> frozenset[str]:
    """The ISO 639-1 codes (``attacks/data/iso639-1.txt``)."""
    text = files("robustir.attacks").joinpath("data/iso639-1.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {bool: "true/false", int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    if isinstance(t, tuple):
        return "a number" if set(t) == {int, float} else " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


def _is(value: Any, t: type | tuple[type, ...]) -> bool:
    types = t if isinstance(t, tuple) else (t,)
    if isinstance(value, bool) and bool not in types:
        return False  # TOML true is not a number here
    return isinstance(value, types)


@dataclass(frozen=True)
class Recipe:
    """A validated recipe. ``spec`` is the parsed TOML; ``sha256`` hashes its canonical
    JSON form (independent of comments and layout), for provenance."""

    name: str
    description: str
    family: str
    search: str
    spec: dict = field(compare=False)
    sha256: str
    path: Path | None = None

    @property
    def samples(self) -> int:
        """Perturbed versions per query by default."""
        return int(self.spec.get("samples", 1))

    @property
    def languages(self) -> tuple[str, ...]:
        """ISO 639-1 codes of the languages the recipe serves; () = any language."""
        return tuple(self.spec.get("languages", ()))

    def check_languages(self, languages: Any, dataset: str) -> None:
        """Raise ``InputError`` (one line listing the languages served) when a query language
        of ``dataset`` is not one this recipe serves."""
        served = self.languages
        if not served:
            return
        missing = sorted({str(lang) for lang in languages} - set(served))
        if missing:
            raise InputError(f"recipe {self.name!r} does not serve {', '.join(missing)} ({dataset}); "
                             f"it serves: {', '.join(served)}")

    @property
    def model_aware(self) -> bool:
        return self.search == "greedy"

    def requires(self) -> tuple[str, ...]:
        """robustir resources this recipe needs (perturbation class + stopword protection)."""
        from robustir.attacks.registry import perturbation_class

        cls = perturbation_class(self.spec["perturbation"]["type"])
        names = list(getattr(cls, "requires", ()))
        cons = self.spec.get("constraints", {})
        if cons.get("stopwords", False) and "nltk-data" not in names:
            names.append("nltk-data")
        return tuple(names)

    def build(self) -> Attack:
        """The ready ``attacks.attack.Attack``: resources resolved with
        ``robustir.resources.ensure``, the offline environment configured."""
        from robustir.attacks.base import AttackError, MissingResource
        from robustir.env import configure_offline

        configure_offline()
        try:
            return self._build()
        except MissingResource as e:
            raise ResourceMissing(f"recipe {self.name!r}: {e}") from e
        except AttackError as e:
            raise InputError(f"recipe {self.name!r}: {e}") from e

    def _build(self) -> Attack:
        from robustir.attacks.attack import Attack, text_constraints
        from robustir.attacks.constraints import Protected
        from robustir.attacks.goals import make_goal
        from robustir.attacks.registry import build_perturbation, perturbation_class, perturbation_parameters
        from robustir.attacks.search import GreedySearch, RandomSearch
        from robustir.env import home
        from robustir.resources import ensure

        paths = {name: ensure(name) for name in self.requires()}
        pspec = dict(self.spec["perturbation"])
        ptype = pspec.pop("type")
        # perturbations with an on-disk cache (translations, compiled lexicons) keep it
        # under ROBUSTIR_HOME unless the recipe (or ROBUSTIR_TRANSLATION_CACHE) names a folder
        if ("cache_dir" in perturbation_parameters(perturbation_class(ptype)) and "cache_dir" not in pspec
                and not (ptype.endswith("-translate") and os.environ.get("ROBUSTIR_TRANSLATION_CACHE"))):
            pspec["cache_dir"] = str(home() / "cache" / ptype)
        perturbation = build_perturbation(ptype, pspec, paths)
        cons = dict(self.spec.get("constraints", {}))
        protected = None
        if any(k in cons for k in _PROTECT_KEYS):
            protected = Protected(numbers=cons.get("protect_numbers", True), stopwords=cons.get("stopwords", False),
                                  words=cons.get("protected_words", ()), min_length=cons.get("min_length", 1),
                                  missing_stopwords=cons.get("missing_stopwords", "error"),
                                  nltk_data=paths.get("nltk-data"))
        checks = text_constraints(cons.get("max_share"), cons.get("max_words"), cons.get("max_edit_distance"))
        sspec = dict(self.spec.get("search", {"type": "random"}))
        stype = sspec.pop("type", "random")
        search = GreedySearch(**sspec) if stype == "greedy" else RandomSearch(**sspec)
        goal = make_goal(self.spec.get("goal")) if stype == "greedy" else None
        attack = Attack(self.name, perturbation, search, protected=protected, constraints=checks,
                        semantic_min_ratio=cons.get("semantic_min_ratio"), goal=goal)
        # the cosine under which the `valid` flag says a perturbed query may have changed meaning
        # (robustir.validity.floor_of); a recipe whose outputs the independent encoder reads poorly
        # (romanised text) declares a lower one
        attack.validity_floor = self.spec.get("validity_floor")
        attack.family = self.family  # the family's calibrated floor when the name is not a family's
        return attack


def parse_recipe(text: str, source: str, path: Path | None = None) -> Recipe:
    """Validate recipe TOML ``text`` (``source`` names it in messages)."""
    try:
        spec = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{source}: not valid TOML ({e})") from e
    where = source

    def bad(msg: str) -> InputError:
        return InputError(f"{where}: {msg}")

    for key in spec:
        if key not in TOP_KEYS:
            raise bad(f"unknown key {key!r}{did_you_mean(key, TOP_KEYS)}; allowed: {', '.join(TOP_KEYS)}")
    for key in ("name", "description", "family"):
        if key not in spec:
            raise bad(f"missing {key!r} (a string)")
        if not isinstance(spec[key], str) or not spec[key].strip():
            raise bad(f"{key!r} must be a non-empty string, got {spec[key]!r}")
    if "\n" in spec["description"]:
        raise bad("'description' must be one line")
    if "languages" in spec:
        langs = spec["languages"]
        if not isinstance(langs, list) or not langs or not all(isinstance(x, str) for x in langs):
            raise bad("'languages' must be a non-empty list of ISO 639-1 codes")
        for v in langs:
            if v not in iso639_1():
                raise bad(f"languages: unknown language {v!r}{did_you_mean(v, iso639_1())} (use ISO 639-1 codes)")
    if "validity_floor" in spec and (not _is(spec["validity_floor"], (int, float))
                                     or not 0.0 <= float(spec["validity_floor"]) <= 1.0):
        raise bad(f"'validity_floor' must be a number between 0 and 1, got {spec['validity_floor']!r}")
    if "samples" in spec and (not _is(spec["samples"], int) or spec["samples"] < 1):
        raise bad(f"'samples' must be an integer >= 1, got {spec['samples']!r}")
    for table in ("perturbation", "constraints", "search", "goal"):
        if table in spec and not isinstance(spec[table], dict):
            raise bad(f"{table!r} must be a table ([{table}]), got {type(spec[table]).__name__}")

    _check_perturbation(spec, bad)
    cons = spec.get("constraints", {})
    _check_table(cons, CONSTRAINT_KEYS, "[constraints]", bad)
    for key in ("max_share", "semantic_min_ratio"):
        if key in cons and not 0.0 <= float(cons[key]) <= 1.0:
            raise bad(f"[constraints] {key} must be between 0 and 1, got {cons[key]}")
    for key in ("min_length", "max_words", "max_edit_distance"):
        if key in cons and cons[key] < 0:
            raise bad(f"[constraints] {key} must be >= 0, got {cons[key]}")
    if "missing_stopwords" in cons and cons["missing_stopwords"] not in ("error", "warn", "iso"):
        raise bad("[constraints] missing_stopwords must be 'error', 'warn' or 'iso', "
                  f"got {cons['missing_stopwords']!r}")
    if not all(isinstance(w, str) for w in cons.get("protected_words", [])):
        raise bad("[constraints] protected_words must be a list of strings")

    search = spec.get("search", {"type": "random"})
    stype = search.get("type", "random")
    if stype not in SEARCH_KEYS:
        raise bad(f"[search] unknown type {stype!r}{did_you_mean(str(stype), SEARCH_KEYS)}; "
                  f"choose from {', '.join(SEARCH_KEYS)}")
    if stype == "greedy" and "max_share" in search:
        raise bad("[search] max_share was removed: greedy search edits at most the words a random "
                  "application would ([perturbation] rate and max_edits over the eligible words); "
                  "set those instead")
    _check_table(search, SEARCH_KEYS[stype], f"[search] ({stype})", bad)
    for key in ("budget", "max_tries", "chunk", "batch_queries"):
        if key in search and search[key] < 1:
            raise bad(f"[search] {key} must be >= 1, got {search[key]}")
    if "goal" in spec:
        if stype != "greedy":
            raise bad("[goal] applies to model-aware searches only: set [search] type = \"greedy\" or drop [goal]")
        goal = spec["goal"]
        _check_table(goal, GOAL_KEYS, "[goal]", bad)
        if goal.get("type", "untopk") not in GOAL_TYPES:
            raise bad(f"[goal] unknown type {goal['type']!r}{did_you_mean(goal['type'], GOAL_TYPES)}; "
                      f"choose from {', '.join(GOAL_TYPES)}")
        if "k" in goal and goal["k"] < 1:
            raise bad(f"[goal] k must be >= 1, got {goal['k']}")

    canonical = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Recipe(name=spec["name"], description=spec["description"].strip(), family=spec["family"],
                  search=stype, spec=spec, sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
                  path=path)


def _check_table(table: dict, allowed: dict, where: str, bad: Any) -> None:
    for key, value in table.items():
        if key not in allowed:
            raise bad(f"{where} unknown key {key!r}{did_you_mean(key, allowed)}; allowed: {', '.join(allowed)}")
        if not _is(value, allowed[key]):
            raise bad(f"{where} {key} must be {_type_name(allowed[key])}, got {value!r}")


def _annotation_type(param: Any) -> type | tuple[type, ...] | None:
    """The TOML type a perturbation parameter takes, from its annotation or default."""
    ann = param.annotation if isinstance(param.annotation, str) else getattr(param.annotation, "__name__", "")
    ann = str(ann)
    if "bool" in ann:
        return bool
    if any(s in ann for s in ("Sequence", "list", "tuple", "Iterable")):
        return list
    if any(s in ann for s in ("Mapping", "dict")):
        return dict
    if "float" in ann:
        return (int, float)
    if "int" in ann:
        return int
    if ann.startswith("str"):
        return str
    d = param.default
    if isinstance(d, bool):
        return bool
    if isinstance(d, (list, tuple)):
        return list
    if isinstance(d, float):
        return (int, float)
    if isinstance(d, int):
        return int
    if isinstance(d, str):
        return str
    return None


def _check_perturbation(spec: dict, bad: Any) -> None:
    from robustir.attacks.base import AttackError
    from robustir.attacks.registry import PERTURBATIONS, perturbation_class, perturbation_parameters

    p = spec.get("perturbation")
    if p is None:
        raise bad("missing [perturbation] table (with type = one of " + ", ".join(sorted(PERTURBATIONS)) + ")")
    ptype = p.get("type")
    if not isinstance(ptype, str):
        raise bad("[perturbation] needs type = one of " + ", ".join(sorted(PERTURBATIONS)))
    if ptype not in PERTURBATIONS:
        raise bad(f"[perturbation] unknown type {ptype!r}{did_you_mean(ptype, PERTURBATIONS)}; "
                  f"known: {', '.join(sorted(PERTURBATIONS))}")
    if "rate" in p:
        if not _is(p["rate"], (int, float)):
            raise bad(f"[perturbation] rate must be a number, got {p['rate']!r}")
        if not 0.0 <= float(p["rate"]) <= 1.0:
            raise bad(f"[perturbation] rate must be between 0 and 1, got {p['rate']}")
    if "max_edits" in p and (not _is(p["max_edits"], int) or p["max_edits"] < 0):
        raise bad(f"[perturbation] max_edits must be an integer >= 0, got {p['max_edits']!r}")
    codes = iso639_1()
    for key in LANGUAGE_KEYS:
        if key not in p:
            continue
        values = p[key] if isinstance(p[key], list) else [p[key]]
        for v in values:
            if not isinstance(v, str) or v.split("-")[0].split("_")[0].lower() not in codes:
                raise bad(f"[perturbation] {key}: unknown language {v!r}{did_you_mean(str(v), codes)} "
                          "(use ISO 639-1 codes such as en, es, pt, zh)")
    try:
        cls = perturbation_class(ptype)
    except AttackError:
        return  # its module is not installed: build() will say so; the keys cannot be checked now
    params = perturbation_parameters(cls)
    for key, value in p.items():
        if key == "type":
            continue
        if key not in params:
            raise bad(f"[perturbation] unknown key {key!r} for type {ptype!r}{did_you_mean(key, params)}; "
                      f"allowed: {', '.join(params)}")
        want = _annotation_type(params[key])
        if want is not None and not _is(value, want):  # (TOML has no null)
            raise bad(f"[perturbation] {key} must be {_type_name(want)}, got {value!r}")


# ------------------------------------------------------------------ finding recipes


def _builtin_files() -> dict[str, Any]:
    """Built-in recipe name -> Traversable (works from a source tree, an editable install
    and a wheel: importlib.resources reads the ``recipes`` package's data)."""
    out = {}
    for entry in files("robustir.recipes").iterdir():
        if entry.name.endswith(".toml") and entry.is_file():
            out[entry.name[:-5]] = entry
    return dict(sorted(out.items()))


def load_recipe(name_or_path: str | Path) -> Recipe:
    """A built-in recipe by name (``typo``) or a recipe TOML file by path."""
    s = str(name_or_path)
    builtins = _builtin_files()
    if isinstance(name_or_path, str) and s in builtins:
        entry = builtins[s]
        recipe = parse_recipe(entry.read_text(encoding="utf-8"), f"recipe {s!r}")
        if recipe.name != s:
            raise InputError(f"built-in recipe file {s}.toml names itself {recipe.name!r}")
        return recipe
    path = Path(name_or_path).expanduser()
    if path.suffix == ".toml" or path.exists() or "/" in s or "\\" in s:
        if not path.is_file():
            raise InputError(f"recipe file {path} does not exist")
        from robustir.io import read_text

        return parse_recipe(read_text(path), str(path), path=path.resolve())
    raise InputError(f"unknown recipe {s!r}{did_you_mean(s, builtins)}; built-in: {', '.join(builtins)} "
                     "(or give a path to a .toml file)")


def list_recipes() -> list[Recipe]:
    """Every built-in recipe, by name."""
    return [load_recipe(name) for name in _builtin_files()]
