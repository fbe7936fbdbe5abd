"""Where robustir keeps its cache and finds its data, and the offline environment.

``ROBUSTIR_HOME`` (default ``~/.cache/robustir``) holds extracted resources,
converted models, corpus embeddings and translation caches. ``ROBUSTIR_DATA``
points at data that no registry carries (``../shared/data`` in this project).
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The cache root (``$ROBUSTIR_HOME`` or ``~/.cache/robustir``)."""
    return Path(os.environ.get("ROBUSTIR_HOME") or Path.home() / ".cache" / "robustir").expanduser()


def data_dir() -> Path | None:
    """The folder of data no registry carries (``$ROBUSTIR_DATA``), if set."""
    value = os.environ.get("ROBUSTIR_DATA")
    return Path(value).expanduser() if value else None


def nltk_data_dir() -> Path:
    """Where the extracted NLTK data (WordNet, OMW, stopwords) lives."""
    return home() / "nltk_data"


def textattack_cache_dir() -> Path:
    """textattack's cache (``TA_CACHE_DIR``), holding its post-install marker."""
    return home() / "textattack"


def offline() -> bool:
    """True unless the user explicitly allows hub access with ``ROBUSTIR_ONLINE=1``."""
    return os.environ.get("ROBUSTIR_ONLINE", "") not in ("1", "true", "yes")


def configure_offline() -> None:
    """Set the variables that keep HF, NLTK and textattack from reaching the network.

    Without ``HF_HUB_OFFLINE`` a hub lookup hangs ~45 s before failing; without
    the textattack marker file ``import textattack`` tries downloads; without
    ``NLTK_DATA`` pointing at our extracted copy textattack fails at import
    (it builds a stopword constraint). Values the user already set are kept.
    """
    if offline():
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    nltk_dir = nltk_data_dir()
    existing = os.environ.get("NLTK_DATA", "")
    if str(nltk_dir) not in existing.split(os.pathsep):
        os.environ["NLTK_DATA"] = os.pathsep.join(p for p in (str(nltk_dir), existing) if p)
    ta_dir = textattack_cache_dir()
    os.environ.setdefault("TA_CACHE_DIR", str(ta_dir))
    try:
        Path(os.environ["TA_CACHE_DIR"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["TA_CACHE_DIR"]) / "post_install_check_3").touch(exist_ok=True)
    except OSError:
        pass  # read-only home: textattack features will report their own error
