"""Old option spellings kept as hidden aliases for one release.

Every subcommand spells the same thing the same way (``--output/-o`` for where results go,
``--model/-m`` and ``--dataset/-d`` for what is evaluated or trained). Where a command used to
spell one differently (``study --out``, ``train --base/--data``, ``datasets fetch --dest``), the
old spelling is a second, hidden typer option whose value :func:`renamed` folds into the new one.
typer cannot hide one spelling of a visible option, hence the separate parameter.

The deprecation note goes to stderr once the command has succeeded (:func:`flush_notes`, called by
``robustir.cli.main``): a command that fails still prints exactly one line, its error.
"""

from __future__ import annotations

import sys
from typing import Any, TypeVar

T = TypeVar("T")

#: The release that drops the old spellings (said in the deprecation note).
REMOVED_IN = "0.3"


def renamed(value: T, old_value: T | None, *, new: str, old: str, default: Any = None) -> T:
    """The option's value, whichever spelling gave it.

    ``value`` is the new spelling's value (``default`` when not given), ``old_value`` the hidden
    old spelling's (None when not given). Giving both is an error (one line, exit 2); the old one
    alone works, noted for :func:`flush_notes`.
    """
    if old_value is None:
        return value
    if value is not None and value != default:
        from robustir.errors import InputError

        raise InputError(f"{old} is the old spelling of {new}: give one of them, not both")
    NOTES.append(f"robustir: note: {old} is deprecated (removed in {REMOVED_IN}); use {new}")
    return old_value


#: Deprecation notes of the running command, printed by :func:`flush_notes`.
NOTES: list[str] = []


def flush_notes() -> None:
    """Print (once each) and forget the deprecation notes gathered while the command ran."""
    for line in dict.fromkeys(NOTES):
        print(line, file=sys.stderr)
    NOTES.clear()
