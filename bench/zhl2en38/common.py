"""Shared reader for the section 235 (branch zhl2en38) diagnostic scripts."""
from __future__ import annotations

import json


def by_question(path: str) -> dict[str, list[dict]]:
    """The rows of a ``robustir perturb`` / ``bench/codeswitch_set.py`` JSONL file, grouped by question id."""
    out: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.setdefault(row["qid"], []).append(row)
    return out
