"""Perturbation types by name, imported only when used.

A recipe's ``[perturbation] type = "typo"`` resolves here. Classes are listed as
``"module:Class"`` strings so listing types or validating a recipe never imports
textattack, nlpaug or a word-vector table.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .base import AttackError, MissingResource, Perturbation

PERTURBATIONS: dict[str, str] = {
    "typo": "robustir.attacks.typo:Typo",
    "homoglyph": "robustir.attacks.homoglyph:Homoglyph",
    "ocr": "robustir.attacks.ocr:Ocr",
    "diacritics": "robustir.attacks.diacritics:Diacritics",
    "translit": "robustir.attacks.translit:Transliterate",
    "script": "robustir.attacks.script_forms:ScriptForm",
    "keywords": "robustir.attacks.keywords:Keywords",
    "wordorder": "robustir.attacks.wordorder:WordOrder",
    "segmentation": "robustir.attacks.segmentation:Segmentation",
    "wordnet-synonym": "robustir.attacks.synonym:WordNetSynonym",
    "sense-synonym": "robustir.attacks.synonym:SenseSynonym",
    "glove-synonym": "robustir.attacks.synonym:GloveSynonym",
    "codeswitch": "robustir.attacks.codeswitch:CodeSwitch",
    "codeswitch-precise": "robustir.attacks.codeswitch_precise:PreciseCodeSwitch",
    "roundtrip-translate": "robustir.attacks.translate:RoundTripTranslate",
    "query-translate": "robustir.attacks.translate:QueryTranslate",
    "textattack": "robustir.attacks.adapters:TextAttackTransformation",
    "nlpaug": "robustir.attacks.adapters:NlpaugAugmenter",
}


def closest(name: str, options: list[str] | tuple[str, ...] | Mapping[str, Any]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or ``""``."""
    best = difflib.get_close_matches(name, list(options), n=1, cutoff=0.5)
    return f" (did you mean {best[0]!r}?)" if best else ""


def perturbation_class(type_name: str) -> type[Perturbation]:
    """The class registered as ``type_name`` (imported now)."""
    path = PERTURBATIONS.get(type_name)
    if path is None:
        raise AttackError(f"unknown perturbation type {type_name!r}{closest(type_name, PERTURBATIONS)}; "
                          f"known: {', '.join(sorted(PERTURBATIONS))}")
    module, _, cls_name = path.partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name == module:
            raise MissingResource(f"perturbation type {type_name!r} is not available in this install "
                                  f"({module} is missing)") from e
        raise MissingResource(f"perturbation type {type_name!r} needs {e.name}: `pip install {e.name}`") from e
    cls = getattr(mod, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, Perturbation)):
        raise AttackError(f"{path} is not a Perturbation class")
    return cls


def perturbation_parameters(cls: type[Perturbation]) -> dict[str, inspect.Parameter]:
    """The keyword parameters a recipe may set for ``cls`` (``resource_paths`` excluded:
    robustir fills it)."""
    params = inspect.signature(cls.__init__).parameters
    return {n: p for n, p in params.items()
            if n not in ("self", "resource_paths") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def build_perturbation(type_name: str, params: Mapping[str, Any],
                       resource_paths: Mapping[str, Path] | None = None) -> Perturbation:
    """Instantiate perturbation ``type_name`` with recipe ``params``; unknown keys are
    reported with the closest valid one."""
    cls = perturbation_class(type_name)
    allowed = perturbation_parameters(cls)
    for key in params:
        if key not in allowed:
            raise AttackError(f"[perturbation] {type_name}: unknown key {key!r}{closest(key, allowed)}; "
                              f"allowed: {', '.join(allowed)}")
    kwargs = dict(params)
    if "resource_paths" in inspect.signature(cls.__init__).parameters:
        kwargs["resource_paths"] = dict(resource_paths or {})
    try:
        return cls(**kwargs)
    except TypeError as e:  # a missing required key
        raise AttackError(f"[perturbation] {type_name}: {e}") from e
