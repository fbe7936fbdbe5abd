"""What the random code-switching recipe offers in a lower-case (BoolQ-style) question given the collection's names:
shared by the name-lock tests (tests/test_codeswitch_names19.py, tests/test_names20.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def offered(text: str, paths: dict[str, Path], titles: list[str] | None = None,
            passages: list[str] | None = None, languages: tuple[str, ...] = ("es", "de", "zh"),
            no_passages: Sequence[str] = ()) -> set[str]:
    """The words of ``text`` the random recipe would switch into ``languages``, given the collection's names
    (``titles``, ``passages``; ``no_passages`` stand in for the passages when only titles are given)."""
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=list(languages), rate=1.0, context="none", resource_paths=paths)
    if titles is not None or passages is not None:
        cs.use_collection_names(titles or ["Water"], passages or list(no_passages))
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1].lower() for i, op in enumerate(opts) if op}
