"""OCR errors: characters a recogniser confuses (0/O, 1/l/I, 5/S, rn/m-like slips).

The mapping is nlpaug's own (``nlpaug/res/char/ocr/en.json``, made symmetric
the way nlpaug's ``Ocr`` model does), read as data and applied by our fast
``CharMapPerturbation``: nlpaug's ``OcrAug`` builds tokenisers and per-call
objects and is ~20x slower (``bench/attacks.py`` measures both). The table is
Latin-script only: words in other scripts have nothing to rewrite and are left
unchanged (the result says so: no edits).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from attacks.base import AttackError
from attacks.homoglyph import CharMapPerturbation


@lru_cache(maxsize=None)
def ocr_map() -> dict[str, tuple[str, ...]]:
    """nlpaug's OCR confusion table plus its reverse (as ``nlpaug.model.char.Ocr`` builds it)."""
    spec = find_spec("nlpaug")
    if spec is None or not spec.submodule_search_locations:
        raise AttackError("nlpaug is not installed: `pip install nlpaug` (its OCR table is used)")
    path = Path(next(iter(spec.submodule_search_locations))) / "res" / "char" / "ocr" / "en.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise AttackError(f"nlpaug's OCR table {path} is missing or invalid: reinstall nlpaug") from e
    out: dict[str, list[str]] = {k: list(v) for k, v in raw.items()}
    for k, vs in raw.items():  # reverse mapping, in nlpaug's order
        for v in vs:
            lst = out.setdefault(v, [])
            if k not in lst:
                lst.append(k)
    return {k: tuple(dict.fromkeys(v)) for k, v in sorted(out.items()) if k and v}


class Ocr(CharMapPerturbation):
    """OCR-style character confusions (nlpaug's table).

    Args:
        rate: share of editable words to edit (0..1); max_edits: cap per query.
        chars: characters replaced per edited word (0 = every confusable one).
        word_chars_only: drop replacements that are not letters or digits (``8 -> @``),
            so an edited word stays one word for later tokenisation.
    """

    name = "ocr"
    operation = "ocr"

    def __init__(self, rate: float = 0.1, max_edits: int | None = None, chars: int = 1,
                 word_chars_only: bool = False, candidates_per_word: int | None = 16) -> None:
        mapping = ocr_map()
        if word_chars_only:
            mapping = {k: tuple(c for c in v if c.isalnum()) for k, v in mapping.items()}
        self.word_chars_only = bool(word_chars_only)
        super().__init__(mapping, rate=rate, max_edits=max_edits, chars=chars,
                         candidates_per_word=candidates_per_word)
