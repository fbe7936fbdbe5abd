"""attacks: fast, seeded, multilingual query perturbations (text in, text out).

Independent of ``robustir``: model-aware searches receive a scoring callable.
"""

from attacks.base import (AttackError, Edit, MissingResource, Perturbation, Perturbed,
                          RetrievalScores, ScoreFn)

__all__ = ["AttackError", "Edit", "MissingResource", "Perturbation", "Perturbed",
           "RetrievalScores", "ScoreFn"]
