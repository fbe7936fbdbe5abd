"""Finding the nltk data folder and opening WordNet + OMW from it, without downloads."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..base import MissingResource
from ..lex.text import _LOCK, _WORDNETS, NLTK_HINT

# ---------------------------------------------------------------- nltk data


def nltk_search_path() -> list[Path]:
    """Where nltk data is looked for when no folder is given: the ``$NLTK_DATA`` entries,
    then nltk's own search path (only read; nothing is downloaded)."""
    roots = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    try:
        import nltk

        roots += [Path(p) for p in nltk.data.path]
    except ImportError:  # pragma: no cover - nltk is a dependency
        pass
    return roots


def find_nltk_data(resource_paths: Mapping[str, Path] | None = None) -> Path:
    """The nltk data folder holding ``corpora/wordnet``: ``resource_paths['nltk-data']``,
    else the first ``$NLTK_DATA`` entry or nltk search path that has it."""
    if resource_paths and resource_paths.get("nltk-data"):
        candidates = [Path(resource_paths["nltk-data"])]
    else:
        candidates = nltk_search_path()
    for c in candidates:
        if (c / "corpora" / "wordnet" / "index.noun").is_file():
            return c
    where = ", ".join(str(c) for c in candidates[:3]) or "no nltk data folder configured"
    raise MissingResource(f"WordNet not found ({where}): {NLTK_HINT}")


def open_wordnet(resource_paths: Mapping[str, Path] | None = None):
    """A shared ``WordNetCorpusReader`` over the given nltk data folder, with OMW attached.

    Built directly (not through ``nltk.corpus.wordnet``) so that it reads exactly the
    folder the caller resolved, never triggers a download and needs no global state.
    """
    root = find_nltk_data(resource_paths)
    key = str(root.resolve())
    with _LOCK:
        wn = _WORDNETS.get(key)
        if wn is None:
            import nltk
            from nltk.corpus.reader import CorpusReader, WordNetCorpusReader

            # nltk >= 3.9.2 refuses to read corpora outside nltk.data.path (nltk.pathsec)
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))

            omw_dir = next((root / "corpora" / d for d in ("omw-1.4", "omw-2.0")
                            if (root / "corpora" / d).is_dir()), None)
            omw = (CorpusReader(str(omw_dir), r".*/wn-data-.*\.tab", encoding="utf8")
                   if omw_dir is not None else None)
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wn = WordNetCorpusReader(str(root / "corpora" / "wordnet"), omw)
            _WORDNETS[key] = wn
    return wn


