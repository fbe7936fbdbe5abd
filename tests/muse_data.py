"""The MUSE dictionaries the code-switching tests read from ``$ROBUSTIR_DATA/muse`` (CC BY-NC: never bundled)."""

from __future__ import annotations

from pathlib import Path

import pytest


def require_muse(*langs: str) -> Path:
    """The MUSE folder when it holds ``en-L.txt`` for every language given; skips the test otherwise."""
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not all((d / f"en-{lang}.txt").is_file() for lang in langs):
        pytest.skip(f"MUSE en-{'/'.join(langs)} not in $ROBUSTIR_DATA/muse")
    return d
