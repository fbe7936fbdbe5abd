"""Provenance, built in one place: what a result records about the model, data, recipe and software
that made it, and the identity a study cell is checked against.

Every writer of provenance goes through here: ``robustir attack`` / ``robustir.evaluate``
(:class:`robustir.evaluation.Evaluation`), the multilingual evaluation (:mod:`robustir.xeval`),
model training (versions) and the study's cells (:func:`identity`). The blocks are plain
JSON-able dicts, so the files stay what they were (``robustir.result/1``, ``robustir.xeval/1``).
"""

from __future__ import annotations

import functools
import logging
import platform
from pathlib import Path
from typing import Any

from robustir.schema import IDENTITY_FIELDS, identity

__all__ = ["IDENTITY_FIELDS", "dataset_provenance", "identity", "model_provenance", "package_versions",
           "recipe_provenance", "result_provenance"]

log = logging.getLogger(__name__)

#: Distributions whose versions can change a number in a result.
_VERSIONED = ("robustir", "torch", "transformers", "sentence-transformers", "tokenizers", "faiss-cpu", "numpy",
              "scipy", "ir-measures", "pytrec-eval-terrier", "textattack", "nlpaug", "nltk")

#: The encoder attributes every model block holds (None when the encoder lacks one).
_MODEL_CORE = ("name", "fingerprint", "max_seq_length", "query_prompt", "passage_prompt")
#: Further encoder attributes a result's model block holds when set (card: what a built-in model is,
#: e.g. me5-small-q4's 4-bit weights; trust_remote_code: the folder's own code ran).
# shared_trunk: a TrunkEncoder's {"layers", "fingerprint"} (robustir.models.trunk)
_MODEL_EXTRAS = ("strategy", "alpha", "base", "card", "trust_remote_code", "shared_trunk")
#: Training metadata (``robustir.json`` beside a robustir-trained model) the multilingual evaluation records.
_TRAINING_KEYS = ("strategy", "alpha", "base", "langs", "seed", "steps", "epochs", "batch_size", "max_seq_length",
                  "training_seconds")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that can affect results (and Python's).

    Read once per process (:func:`_installed_versions`): ``importlib.metadata`` parses each
    distribution's METADATA file on every call (13 packages: ~0.04 CPU-s, 7% of a warm 200-query
    evaluation's own time, bench/pipeline.py), and the modules a process has imported do not
    change with the files on disk, so the first reading is also the truer record. Later processes reuse
    it while the folders on ``sys.path`` are unchanged (:func:`_installed_versions`)."""
    return dict(_installed_versions())


@functools.lru_cache(maxsize=1)
def _installed_versions() -> tuple[tuple[str, str], ...]:
    """Python's version and each installed distribution of ``_VERSIONED``'s, in that order: read by
    ``importlib.metadata``, or an earlier process's reading while the folders on ``sys.path`` are unchanged
    (``robustir.attacks.lex.compiled.installed_versions``: the same strings, ~0.0006 instead of ~0.006 CPU-s;
    bench/RESULTS.md section 198)."""
    from robustir.attacks.lex.compiled import installed_versions

    versions = [("python", platform.python_version())]
    versions.extend((dist, v) for dist, v in installed_versions(_VERSIONED).items() if v is not None)
    return tuple(versions)


def model_provenance(encoder: Any, spec: str | None = None) -> dict[str, Any]:
    """An encoder's provenance block.

    Without ``spec`` (an attack result): name, fingerprint, max length, prompts, then the
    strategy/alpha/base a trained model carries, its card and ``trust_remote_code``, each only when set.

    With ``spec`` (the multilingual evaluation, which names the model as the user gave it):
    ``spec`` first, the same core, the card and ``trust_remote_code`` when set, and for a
    robustir-trained folder its ``training`` metadata (which holds strategy, alpha and base)."""
    info: dict[str, Any] = {} if spec is None else {"spec": str(spec)}
    info.update({key: getattr(encoder, key, None) for key in _MODEL_CORE})
    extras = _MODEL_EXTRAS if spec is None else ("card", "trust_remote_code")
    for key in extras:
        value = getattr(encoder, key, None)
        if value is not None and (spec is None or value):
            info[key] = value
    if spec is not None:
        training = _training(Path(str(spec)).expanduser())
        if training is not None:
            info["training"] = training
    return info


def _training(path: Path) -> dict[str, Any] | None:
    """The training block of a robustir-trained model folder (None for anything else)."""
    from robustir.train.card import read_metadata

    meta = read_metadata(path) if path.is_dir() else None
    if meta is None:
        return None
    out = {k: meta.get(k) for k in _TRAINING_KEYS}
    out["data_checksum"] = meta.get("data", {}).get("checksum")
    out["test_articles"] = meta.get("data", {}).get("test_articles")
    return out


def dataset_provenance(bench: Any) -> dict[str, Any]:
    """A benchmark's block: name, checksum, counts, notes and the registry's one-line card."""
    from robustir.data import describe

    return {"name": bench.name, "checksum": bench.checksum, "queries": len(bench.queries),
            "documents": len(bench.corpus), "notes": bench.notes, "card": describe(bench.name)}


def recipe_provenance(recipe: Any) -> dict[str, Any]:
    """A recipe's block (a :class:`~robustir.recipe.Recipe` or the stand-in of a replayed query file)."""
    return {"name": recipe.name, "sha256": recipe.sha256, "family": recipe.family, "search": recipe.search,
            "spec": recipe.spec}


def result_provenance(*, encoder: Any, bench: Any, recipe: Any, seed: int, samples: int, limit: int | None,
                      k: int, resamples: int, two_level: bool, index: dict[str, Any] | None = None,
                      hardware: dict[str, Any] | None = None, surrogate: Any = None) -> dict[str, Any]:
    """The ``provenance`` block of an attack result (``robustir.result/1``).

    ``index`` (the search index: for exact search, which implementation ran, ``blas`` or ``faiss``;
    for an approximate one, its measured recall) and ``hardware`` (GPU precision) appear only when
    given; ``surrogate`` is a transfer attack's surrogate encoder."""
    prov: dict[str, Any] = {
        "model": model_provenance(encoder),
        "dataset": dataset_provenance(bench),
        "recipe": recipe_provenance(recipe),
        "seed": seed, "samples": samples, "limit": limit, "k": k,
        "bootstrap": {"resamples": resamples, "two_level": two_level},
        "versions": package_versions(),
        **({"index": index} if index else {}),
        **({"hardware": hardware} if hardware else {}),
    }
    if surrogate is not None:
        prov["surrogate"] = model_provenance(surrogate)
    return prov
