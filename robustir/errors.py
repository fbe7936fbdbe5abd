"""Errors that robustir reports to the user as one clear line.

Anything raised as a ``RobustirError`` is a problem with the user's input or
environment (unknown model, malformed file, missing resource): the CLI prints
its message on stderr and exits with code 2, without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class RobustirError(Exception):
    """A user-facing error: its message alone must tell what is wrong and what to do."""


class ResourceMissing(RobustirError):
    """An offline resource (model, dataset, lexicon, system tool) is not installed."""


class InputError(RobustirError):
    """A file, option or value given by the user is invalid."""


class DatasetMissing(ResourceMissing, InputError):
    """A dataset's data (or its loader module) is not present; the message says how to get it."""


def did_you_mean(key: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``options`` to a misspelt ``key``, or ``""``.

    The one spelling suggestion of every "unknown name" error (models, datasets, recipes, keys)."""
    import difflib

    best = difflib.get_close_matches(key, list(options), n=1, cutoff=0.5)
    return f" (did you mean {best[0]!r}?)" if best else ""
