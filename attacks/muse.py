"""The MUSE ground-truth bilingual dictionaries (Conneau et al. 2018), English to X.

Read from a folder of ``en-XX.txt`` files (``resource_paths['muse']``, else
``$ROBUSTIR_MUSE``, else ``$ROBUSTIR_DATA/muse``): the data are CC BY-NC 4.0 and never
bundled. As that folder's README says: pairs are split on whitespace (the files mix
space and tab delimiters), identical ``x x`` pairs (names, untranslated words) are
dropped, target words must be written in the target's script, the en-zh file is in
Traditional characters (converted to Simplified with OpenCC, as XQuAD-R's Chinese is
Simplified), and Arabic vowel marks are stripped. A source word keeps all its
translations in file order (MUSE lists the most frequent first).
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from .analysis import script as _script
from .analysis.script import in_script, strip_marks
from .base import MissingResource
from .lex.compiled import compiled, package_version

logger = logging.getLogger(__name__)
_LOCK = threading.Lock()
_LOADED: dict[tuple[str, str], MuseDictionary] = {}
#: the code that shapes a parsed dictionary (its compiled cache is rebuilt when it changes)
_CODE = (Path(__file__), Path(_script.__file__))


def muse_dir(resource_paths: Mapping[str, Path] | None = None) -> Path | None:
    """The MUSE folder, or None when none is configured or present."""
    if resource_paths and resource_paths.get("muse"):
        return Path(resource_paths["muse"])
    if os.environ.get("ROBUSTIR_MUSE"):
        return Path(os.environ["ROBUSTIR_MUSE"])
    if os.environ.get("ROBUSTIR_DATA"):
        p = Path(os.environ["ROBUSTIR_DATA"]) / "muse"
        if p.is_dir():
            return p
    return None


@functools.lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError as e:
        raise MissingResource("the MUSE en-zh dictionary is Traditional Chinese; converting it needs "
                              "OpenCC: `pip install opencc==1.1.9`") from e
    return opencc.OpenCC("t2s")


class MuseDictionary:
    """English <-> ``language`` word lists from one ``en-XX.txt`` file."""

    def __init__(self, path: Path, language: str) -> None:
        self.path, self.language = path, language
        # parsed once per file version and code version on disk (``attacks.lex.compiled``): the
        # script check of every pair (and OpenCC for zh) costs ~0.2-0.5 CPU-s per file per process
        self.en_to, self.to_en = compiled(
            f"muse-en-{language}", lambda: _parse(path, language), resources=(path,), code=_CODE,
            extra=f"{language} opencc {package_version('opencc') if language == 'zh' else ''}")


def _parse(path: Path, language: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(English -> ``language`` words, ``language`` -> English words) of one MUSE file."""
    en_to: dict[str, list[str]] = {}
    to_en: dict[str, list[str]] = {}
    convert = _t2s().convert if language == "zh" else None
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2:
                continue
            en, xx = parts
            if en == xx or not en.isalpha():
                continue
            xx = strip_marks(xx, language)
            if convert is not None:
                xx = convert(xx)
            if not in_script(xx, language) or not in_script(en, "en"):
                continue
            lst = en_to.setdefault(en, [])
            if xx not in lst:
                lst.append(xx)
            lst = to_en.setdefault(xx, [])
            if en not in lst:
                lst.append(en)
    return en_to, to_en


def muse_available(language: str, resource_paths: Mapping[str, Path] | None = None) -> bool:
    """True when ``load_muse_dictionary`` would return a dictionary (it raises the same
    ``MissingResource`` for en-zh without OpenCC), without reading the file."""
    root = muse_dir(resource_paths)
    if root is None or not (root / f"en-{language}.txt").is_file():
        return False
    if language == "zh":
        _t2s()
    return True


def load_muse_dictionary(language: str, resource_paths: Mapping[str, Path] | None = None
                         ) -> MuseDictionary | None:
    """The MUSE dictionary for English <-> ``language`` (loaded once), or None when absent."""
    root = muse_dir(resource_paths)
    if root is None:
        return None
    path = root / f"en-{language}.txt"
    if not path.is_file():
        return None
    key = (str(path.resolve()), language)
    with _LOCK:
        hit = _LOADED.get(key)
    if hit is None:
        hit = MuseDictionary(path, language)
        logger.debug("MUSE en-%s: %d English headwords", language, len(hit.en_to))
        with _LOCK:
            _LOADED[key] = hit
    return hit
