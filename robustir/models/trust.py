"""Which model folders would run their own Python code when loaded, and refusing them unless trusted.

sentence-transformers imports whatever class ``modules.json`` names (``modeling_evil.EvilTransformer``
is imported from the model folder), and transformers runs the code an ``auto_map`` points at when
``trust_remote_code`` is set. A folder downloaded from somewhere is data, not code: robustir refuses
such folders unless the user says ``--trust-remote-code`` (``trust_remote_code=True`` in the API),
the same name the hub libraries use, and records the choice in the result's provenance.

Only the JSON files are read here (nothing is imported), so the check runs before any model code.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from robustir.errors import InputError

log = logging.getLogger(__name__)

#: module classes sentence-transformers ships; anything else in modules.json is the folder's own code
_SAFE_MODULE_PREFIXES = ("sentence_transformers.",)
_CONFIG_FILES = ("config.json", "tokenizer_config.json", "processor_config.json", "preprocessor_config.json")


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{path} is not readable JSON ({e}); the model folder is damaged") from e


def custom_code(folder: str | Path) -> list[str]:
    """Why loading ``folder`` would execute code that the folder itself brings (empty: it would not).

    Looks at ``modules.json`` (module classes outside ``sentence_transformers``) and at the
    ``auto_map`` of the transformers configs in the folder and in each module's sub-folder."""
    folder = Path(folder)
    reasons: list[str] = []
    subdirs = [folder]
    modules = folder / "modules.json"
    if modules.is_file():
        entries = _read_json(modules)
        if not isinstance(entries, list):
            raise InputError(f"{modules} must be a JSON list of modules")
        for entry in entries:
            if not isinstance(entry, dict):
                raise InputError(f"{modules}: every module must be a JSON object")
            kind = str(entry.get("type", ""))
            if not kind.startswith(_SAFE_MODULE_PREFIXES):
                reasons.append(f"modules.json names its own module {kind!r}")
            sub = str(entry.get("path", "") or "")
            if sub:
                subdirs.append(folder / sub)
    for subdir in subdirs:
        for name in _CONFIG_FILES:
            cfg = subdir / name
            if cfg.is_file():
                data = _read_json(cfg)
                if isinstance(data, dict) and data.get("auto_map"):
                    reasons.append(f"{cfg.relative_to(folder)} has an auto_map (custom model code)")
    return reasons


def check_trusted(folder: str | Path, trust_remote_code: bool) -> None:
    """Raise ``InputError`` when ``folder`` brings its own code and the user did not trust it."""
    reasons = custom_code(folder)
    if not reasons:
        return
    if trust_remote_code:
        log.warning("running the code of model folder %s (trusted): %s", folder, "; ".join(reasons))
        return
    raise InputError(f"model folder {folder} would run its own code ({reasons[0]}); refusing it. "
                     "Pass --trust-remote-code (trust_remote_code=True) only if you trust its source")
