"""robustir: how robust are dense retrieval encoders to adversarial and noisy queries?

The public API is imported lazily so that ``import robustir`` (and ``robustir --help``)
stays fast and never pulls in torch, textattack or nlpaug. Functions are named like the
commands they share their work with:

    import robustir
    result = robustir.attack(model="me5-small", dataset="boolq", recipe="typo",   # robustir attack
                             samples=3, seed=0, limit=300)
    print(result.summary())
    result.save("runs/boolq-typo.json")
    scores = robustir.evaluate_multilingual("me5-small", "xquad-r", limit=50)      # robustir evaluate

In two phases (everything resolved and checked before anything is encoded)::

    evaluation = robustir.prepare(model="me5-small", dataset="boolq", recipe="typo")
    result = evaluation.run()
    result.provenance.recipe_sha256, result.summary_of("nDCG@10")["degradation"]

``robustir.evaluate`` (the old name of ``robustir.attack``) still works, with a DeprecationWarning,
until 0.3: the command ``robustir evaluate`` is the multilingual evaluation, not an attack.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "attack": ("robustir.evaluation", "evaluate"),
    "evaluate_multilingual": ("robustir.xeval", "evaluate_multilingual"),
    "perturb_queries": ("robustir.perturb", "perturb_queries"),
    "prepare": ("robustir.evaluation", "prepare"),
    "Evaluation": ("robustir.evaluation", "Evaluation"),
    "Result": ("robustir.result", "Result"),
    "Provenance": ("robustir.schema", "Provenance"),
    "QueryResult": ("robustir.schema", "QueryResult"),
    "load_result": ("robustir.result", "load_result"),
    "load_encoder": ("robustir.models", "load_encoder"),
    "load_benchmark": ("robustir.data", "load_benchmark"),
    "load_recipe": ("robustir.recipe", "load_recipe"),
    "RobustirError": ("robustir.errors", "RobustirError"),
}

#: Old names: still resolved, with a DeprecationWarning, until 0.3.
_DEPRECATED = {"evaluate": "attack"}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        import warnings

        new = _DEPRECATED[name]
        warnings.warn(f"robustir.{name} is deprecated (removed in 0.3): use robustir.{new}, named like the "
                      f"`robustir {new}` command", DeprecationWarning, stacklevel=2)
        return __getattr__(new)
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'robustir' has no attribute {name!r}")
