"""The attack library's errors: one line each, saying what to do.

robustir turns them into its own one-line errors (exit 2) where a recipe is built.
"""

from __future__ import annotations


class AttackError(Exception):
    """A recipe or resource problem, with a one-line message saying what to do."""


class MissingResource(AttackError):
    """A lexicon, dictionary, MT engine or data file an attack needs is not installed."""
