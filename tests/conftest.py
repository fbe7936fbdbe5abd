"""Shared fixtures: offline environment, a private cache, a tiny model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
if not os.environ.get("ROBUSTIR_DATA"):
    _shared = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if _shared.is_dir():
        os.environ["ROBUSTIR_DATA"] = str(_shared)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer, 32-d sentence-transformers BERT folder with prompts query:/passage:."""
    from tests.tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture
def shared_data() -> Path:
    """The folder of data no registry carries (skips when it is absent)."""
    value = os.environ.get("ROBUSTIR_DATA")
    if not value or not Path(value).is_dir():
        pytest.skip("ROBUSTIR_DATA (../shared/data) is not available")
    return Path(value)
