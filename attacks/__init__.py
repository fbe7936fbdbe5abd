"""attacks: fast, seeded, multilingual query perturbations (text in, text out).

Independent of ``robustir``: model-aware searches receive a scoring callable.

    import random
    from attacks import Attack, Typo, Protected, RandomSearch

    attack = Attack("typo", Typo(rate=0.15), RandomSearch(),
                    protected=Protected(stopwords=False, min_length=3))
    attack.run(["what is the capital of france"], seed=0, samples=3)

Everything but the base types is imported on first use (``attacks.Typo`` loads
``attacks.typo``), so ``import attacks`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from attacks.base import (
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
    "Attack": "attacks.attack",
    "Typo": "attacks.typo",
    "Homoglyph": "attacks.homoglyph",
    "Ocr": "attacks.ocr",
    "CharMapPerturbation": "attacks.homoglyph",
    "Diacritics": "attacks.diacritics",
    "Transliterate": "attacks.translit",
    "ScriptForm": "attacks.script_forms",
    "Keywords": "attacks.keywords",
    "WordOrder": "attacks.wordorder",
    "Segmentation": "attacks.segmentation",
    "Protected": "attacks.constraints",
    "Constraint": "attacks.constraints",
    "MaxWordsChanged": "attacks.constraints",
    "MaxEditDistance": "attacks.constraints",
    "SemanticFloor": "attacks.constraints",
    "RandomSearch": "attacks.search",
    "GreedySearch": "attacks.search",
    "Goal": "attacks.goals",
    "UntopK": "attacks.goals",
    "Margin": "attacks.goals",
    "TextAttackTransformation": "attacks.adapters",
    "NlpaugAugmenter": "attacks.adapters",
    "PERTURBATIONS": "attacks.registry",
    "build_perturbation": "attacks.registry",
    "perturbation_class": "attacks.registry",
    "WordNetSynonym": "attacks.synonym",
    "GloveSynonym": "attacks.synonym",
    "CodeSwitch": "attacks.codeswitch",
    "RoundTripTranslate": "attacks.translate",
    "QueryTranslate": "attacks.translate",
}

__all__ = ["AttackError", "Edit", "MissingResource", "Perturbation", "Perturbed", "RetrievalScores",
           "ScoreFn", "WordEditPerturbation", "edit_count", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'attacks' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
