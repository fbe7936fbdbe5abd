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


def ranked_switcher(resource_paths: dict[str, Path], langs: list[str]):
    """A ``CodeSwitch`` into ``langs`` at rate 1.0 whose context filter ranks candidates in the order given
    (1.0 down to 0.9: no encoder), so a test sees the rules' choices alone. French has no MUSE file in the
    shared data (its candidates come from OMW and FreeDict): it is not required."""
    import numpy as np
    from robustir.attacks.codeswitch import CodeSwitch

    require_muse(*(lang for lang in langs if lang != "fr"))
    cs = CodeSwitch(languages=langs, rate=1.0, resource_paths=resource_paths)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs
