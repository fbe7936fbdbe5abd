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


@pytest.fixture(scope="session")
def nltk_resources() -> dict[str, Path]:
    """``resource_paths`` holding the NLTK data (WordNet, OMW, stopwords) the lexical attacks read;
    skips when the resource cannot be had on this machine."""
    from robustir.attacks.base import MissingResource

    from robustir.errors import RobustirError
    from robustir.resources import ensure

    try:
        return {"nltk-data": ensure("nltk-data")}
    except (MissingResource, RobustirError) as e:  # pragma: no cover - depends on the machine
        pytest.skip(f"resource nltk-data not available: {e}")


@pytest.fixture(scope="module")
def rp(nltk_resources: dict[str, Path]) -> dict[str, Path]:
    """The lexical attacks' ``resource_paths`` (a test module may define its own ``rp``)."""
    return nltk_resources


@pytest.fixture(scope="module")
def cs(rp: dict[str, Path]):
    """A ``CodeSwitch`` without the in-context encoder (``context="none"``), one per test module; the L -> en
    test modules share it (a module may define its own ``cs``)."""
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=rp)


@pytest.fixture(scope="session")
def english_resources(nltk_resources: dict[str, Path]) -> dict[str, Path]:
    """``nltk_resources``, once the English spaCy pipeline is known to load (skips otherwise).

    Also puts that NLTK data on ``$NLTK_DATA`` for the session, as ``Recipe.build`` does
    (``robustir.env.configure_offline``): the English analysis finds WordNet there (multiword and
    compound locks), so its output must not depend on which test ran first."""
    pytest.importorskip("spacy")
    folder = str(nltk_resources["nltk-data"])
    existing = os.environ.get("NLTK_DATA", "")
    if folder not in existing.split(os.pathsep):
        os.environ["NLTK_DATA"] = os.pathsep.join(p for p in (folder, existing) if p)
    from robustir.attacks.base import MissingResource

    try:
        from robustir.attacks.analysis.english import nlp

        nlp()
    except MissingResource as e:  # pragma: no cover - depends on the machine
        pytest.skip(str(e))
    return nltk_resources


@pytest.fixture(scope="session")
def wn(english_resources: dict[str, Path]):
    """The WordNet reader the code-switching recipe's ``Sources`` loads from ``english_resources``; one for
    the session, shared by the sense-rule test files (a module's own ``wn`` fixture overrides it)."""
    from robustir.attacks.candidates import Sources

    return Sources(resource_paths=english_resources).wordnet().wn


@pytest.fixture(scope="session")
def cs_ru(english_resources: dict[str, Path]):
    """The English -> ru code-switching recipe (random, rate 1, no context, no collection names) the sense-rule test
    files share, read only (``_analyse``); one for the session, as ``wn``. Skips when the ru dictionary is absent."""
    from robustir.attacks.codeswitch import CodeSwitch

    from tests.muse_data import require_muse

    return CodeSwitch(languages=["ru"], rate=1.0, context="none",
                      resource_paths={**english_resources, "muse": require_muse("ru")})


@pytest.fixture(scope="session")
def cs_zh(english_resources: dict[str, Path]):
    """The English -> zh code-switching recipe with context "none" (the first candidate is the choice, so a test sees
    the rules alone), read only (``_analyse``); one for the session, shared by the zh sense-rule test files. Skips
    when the zh dictionary is absent."""
    from robustir.attacks.codeswitch import CodeSwitch

    from tests.muse_data import require_muse

    return CodeSwitch(languages=["zh"], context="none",
                      resource_paths={**english_resources, "muse": require_muse("zh")})


@pytest.fixture(scope="session")
def muse_paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    """``english_resources`` plus the MUSE folder, for the English -> es/fr/de/zh code-switching tests (the
    precise recipe's back-translation and tiers); skips without MUSE's en-es/de/zh or FreeDict fra-eng/deu-eng."""
    pytest.importorskip("wordfreq")
    from robustir.attacks.freedict import load_freedict
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not all((d / f"en-{lg}.txt").is_file() for lg in ("es", "de", "zh")):
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    if load_freedict("fr", "en") is None or load_freedict("de", "en") is None:
        pytest.skip("FreeDict fra-eng / deu-eng not installed (apt-get install dict-freedict-fra-eng ...)")
    return {**english_resources, "muse": d}

