"""Train a study's model through the training engineer's API (``robustir.train.trainer``)."""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path
from typing import Any

from robustir.errors import InputError


def check_train_spec(spec: dict[str, Any], where: str = "train") -> None:
    """Raise ``InputError`` naming the first key of ``spec`` that ``TrainConfig`` does not know."""
    from robustir.train.trainer import TrainConfig

    valid = [f.name for f in dataclasses.fields(TrainConfig) if f.name not in ("output", "resume", "overwrite")]
    for key in spec:
        if key not in valid:
            close = difflib.get_close_matches(key, valid, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (valid: {', '.join(valid)})"
            raise InputError(f"unknown training key {key!r} in {where}{hint}")


def run_training(spec: dict[str, Any], output: Path) -> Path:
    """Train ``spec`` (the keys of ``TrainConfig`` but ``output``) into ``output``; resumes from its checkpoints.

    A folder left by an interrupted training is resumed (``resume=True``), and a
    finished one without the study's marker is overwritten.
    """
    from robustir.train.trainer import TrainConfig, train

    check_train_spec(spec)
    kwargs = dict(spec)
    for key in ("langs",):
        if isinstance(kwargs.get(key), list):
            kwargs[key] = tuple(kwargs[key])
    if kwargs.get("data_dir") is not None:
        kwargs["data_dir"] = Path(kwargs["data_dir"])
    resume = (Path(output) / "checkpoints").is_dir()
    config = TrainConfig(output=Path(output), resume=resume, overwrite=not resume, **kwargs)
    return Path(train(config).output)
