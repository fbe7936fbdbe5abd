"""attacks: fast, seeded, multilingual query perturbations (text in, text out).

Independent of ``robustir``: model-aware searches receive a scoring callable.

    import random
    from . import Attack, Typo, Protected, RandomSearch

    attack = Attack("typo", Typo(rate=0.15), RandomSearch(),
                    protected=Protected(stopwords=False, min_length=3))
    attack.run(["what is the capital of france"], seed=0, samples=3)

Everything but the base types is imported on first use (``attacks.Typo`` loads
``attacks.typo``), so ``import attacks`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .base import (
    AttackError,
    Edit,
    MissingResource,
    Perturbation,
    Perturbed,
    RetrievalScores,
    ScoreFn,
    WordEditPerturbation,
    edit_count,
)

_LAZY = {
    "Attack": "robustir.attacks.attack",
    "Typo": "robustir.attacks.typo",
    "Homoglyph": "robustir.attacks.homoglyph",
    "Ocr": "robustir.attacks.ocr",
    "CharMapPerturbation": "robustir.attacks.homoglyph",
    "Diacritics": "robustir.attacks.diacritics",
    "Transliterate": "robustir.attacks.translit",
    "ScriptForm": "robustir.attacks.script_forms",
    "Keywords": "robustir.attacks.keywords",
    "WordOrder": "robustir.attacks.wordorder",
    "Segmentation": "robustir.attacks.segmentation",
    "Protected": "robustir.attacks.constraints",
    "Constraint": "robustir.attacks.constraints",
    "MaxWordsChanged": "robustir.attacks.constraints",
    "MaxEditDistance": "robustir.attacks.constraints",
    "SemanticFloor": "robustir.attacks.constraints",
    "RandomSearch": "robustir.attacks.search",
    "GreedySearch": "robustir.attacks.search",
    "Goal": "robustir.attacks.goals",
    "UntopK": "robustir.attacks.goals",
    "Margin": "robustir.attacks.goals",
    "TextAttackTransformation": "robustir.attacks.adapters",
    "NlpaugAugmenter": "robustir.attacks.adapters",
    "PERTURBATIONS": "robustir.attacks.registry",
    "build_perturbation": "robustir.attacks.registry",
    "perturbation_class": "robustir.attacks.registry",
    "WordNetSynonym": "robustir.attacks.synonym",
    "GloveSynonym": "robustir.attacks.synonym",
    "CodeSwitch": "robustir.attacks.codeswitch",
    "RoundTripTranslate": "robustir.attacks.translate",
    "QueryTranslate": "robustir.attacks.translate",
}

__all__ = ["AttackError", "Edit", "MissingResource", "Perturbation", "Perturbed", "RetrievalScores",
           "ScoreFn", "WordEditPerturbation", "edit_count", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'robustir.attacks' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
