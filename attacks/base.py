"""The parts of an attack, after TextAttack's split, kept small and fast.

* a ``Perturbation`` proposes edits of a text: all one-step candidates for one
  word (for model-aware search), or a random application under a budget;
* ``Constraint`` objects accept or reject a perturbed text against the original;
* a ``Search`` decides what to apply (``random`` samples, ``greedy`` adversarial);
* a ``Goal`` scores candidates from retrieval scores given by the caller.

This package is text in, text out: it never imports ``robustir``. Model-aware
searches receive a scoring callable and a budget instead of a model.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Sequence

import numpy as np


class AttackError(Exception):
    """A recipe or resource problem, with a one-line message saying what to do."""


class MissingResource(AttackError):
    """A lexicon, dictionary, MT engine or data file an attack needs is not installed."""


@dataclass(frozen=True)
class Edit:
    """One change: word ``position`` (index in the tokenised original) from ``original`` to
    ``replacement`` by ``operation`` (e.g. ``keyboard``, ``homoglyph``, ``synonym``,
    ``codeswitch:es``, ``translate:en-pt-en``). Sentence-level edits use position -1."""

    position: int
    original: str
    replacement: str
    operation: str

    def to_dict(self) -> dict:
        return {"position": self.position, "original": self.original,
                "replacement": self.replacement, "operation": self.operation}


@dataclass(frozen=True)
class Perturbed:
    """A perturbed text with the edits that made it and the language it is in now."""

    text: str
    edits: tuple[Edit, ...] = ()
    language: str = "en"
    # how many candidates each constraint rejected while producing it
    rejected: dict[str, int] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        return {"text": self.text, "edits": [e.to_dict() for e in self.edits],
                "language": self.language}


class RetrievalScores(NamedTuple):
    """What a model-aware search learns about candidate queries from the caller.

    All arrays have one entry per candidate text:
    ``relevant``: the best score of any relevant document;
    ``nonrelevant``: the k-th best score among non-relevant documents (k = the goal's k);
    ``rank``: the 1-based rank of the best-ranked relevant document.
    """

    relevant: np.ndarray
    nonrelevant: np.ndarray
    rank: np.ndarray


# The caller (robustir) binds one query and its relevant documents; the search
# passes candidate texts and gets their scores back. One call = one encoder batch.
ScoreFn = Callable[[Sequence[str]], RetrievalScores]


class Perturbation(ABC):
    """Proposes edits of a text in a given language."""

    name: str = "perturbation"

    @abstractmethod
    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """One random application under the perturbation's budget."""

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """All one-step candidates (one word changed each), for model-aware search.

        Sentence-level perturbations (translation) return ``[self.perturb(...)]``.
        """
        raise NotImplementedError(f"{self.name} has no word-level candidates")
