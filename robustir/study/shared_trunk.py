"""``share_frozen_layers = true``: every model of a study runs on one shared frozen trunk.

After training, the runner measures how many lower layers (embeddings included) the
base and every trained model share bitwise (:func:`robustir.models.trunk.frozen_prefix`)
and, when that is at least one, wraps its resolver in a :class:`TrunkResolver`: each
encoder it loads is a :class:`~robustir.models.trunk.TrunkEncoder` over one on-disk
:class:`~robustir.models.trunk.TrunkCache`, so a text's trunk states are computed once
for all models, in this process or in worker processes (the cache is a folder with a
file lock).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class TrunkResolver:
    """A study resolver whose encoders share the trunk of ``layers`` layers (fingerprint ``fingerprint``).

    Benchmarks and recipes come from ``inner`` unchanged. An encoder whose trunk is not the
    shared one (not BERT-like, or other weights) is returned unwrapped, with a warning.
    Picklable (workers re-open the cache folder)."""

    def __init__(self, inner: Any, folder: Path, layers: int, fingerprint: str) -> None:
        from robustir.models.trunk import TrunkCache

        self.inner = inner
        self.layers = int(layers)
        self.fingerprint = fingerprint
        self.cache = TrunkCache(folder)

    def encoder(self, source: str, max_seq_length: int | None = None) -> Any:
        from robustir.models.trunk import TrunkEncoder

        enc = self.inner.encoder(source, max_seq_length)
        try:
            wrapped = TrunkEncoder(enc, self.cache, self.layers)
        except Exception as e:  # noqa: BLE001 - not a model the trunk applies to: run it whole
            log.warning("model %s does not share the trunk (%s); encoding it whole", source, e)
            return enc
        if wrapped.trunk_fingerprint != self.fingerprint:
            log.warning("model %s has another trunk than the study's shared one; encoding it whole", source)
            return enc
        return wrapped

    def benchmark(self, name: str, data_dir: Path | None) -> Any:
        return self.inner.benchmark(name, data_dir)

    def recipe(self, name: str) -> Any:
        return self.inner.recipe(name)


def share_trunk(resolver: Any, models: Sequence[tuple[str, int | None]], folder: Path,
                log_line: Callable[[str], None] = print) -> Any:
    """``resolver`` wrapped in a :class:`TrunkResolver` over the layers all ``models`` ((source,
    max_seq_length) pairs, loaded one at a time) share bitwise; ``resolver`` itself when they share none."""
    from robustir.models.trunk import common_prefix, layer_hashes, trunk_fingerprint

    # hash each model's layers, holding one model at a time
    hashes: list[Any] = []
    first = None
    for source, msl in models:
        try:
            enc = resolver.encoder(source, msl)
        except Exception as e:  # noqa: BLE001 - a model that fails to load fails its own cells later
            log_line(f"shared trunk: model {source} failed to load ({e}); left out of the shared trunk")
            continue
        hashes.append(layer_hashes(enc))
        if first is None:
            first = enc
        del enc
    s = common_prefix(hashes) if first is not None else 0
    if s < 1:
        log_line("shared trunk: the study's models share no frozen layers; every model is encoded whole")
        return resolver
    fp = trunk_fingerprint(first, s)
    log_line(f"shared trunk: {len(hashes)} models share embeddings + {s} layers (trunk {fp[:12]}); "
             f"their states are computed once per text under {folder}")
    return TrunkResolver(resolver, folder, s, fp)

