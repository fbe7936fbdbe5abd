"""A shared frozen trunk: compute the lower layers of fine-tuned copies of one model once.

A study fine-tunes only the top K transformer layers of its base model
(``train_layers``, which also freezes the embeddings), so the embeddings and
layers ``[:12-K]`` of every trained model are bitwise those of the base. The
hidden states after them depend on the text alone, so they are computed once
per text (:class:`TrunkCache`, on disk so that worker processes and resumed
runs share it) and every model only runs its own top layers
(:class:`TrunkEncoder`).

Why hand-written: sentence-transformers and transformers offer no way to start
a forward pass at layer ``s`` from stored states; what is written here is only
that split (embeddings + ``layers[:s]`` / ``layers[s:]`` + the model's own
Pooling and Normalize modules); tokenisation is the model's own ``preprocess``.

Determinism: a text's trunk state is computed *alone* (a batch of one, no
padding, no mask), so it never depends on which other texts were encoded with
it (padding and batch shape change BLAS blocking at ~1e-7), and a resumed or
parallel run reads exactly what a fresh one computes. On BoolQ passages a batch
of one took 0.66x the time of padded batches of 32 on one CPU thread (no padding
wasted; bench/RESULTS.md section 15); short queries pay some per-call overhead, which
the shared cache repays on the second model. The top layers run on length-bucketed padded
batches, as ``SentenceTransformer.encode`` does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from robustir.errors import InputError
from robustir.models.base import check_texts
from robustir.models.st import _VOLATILE_CONFIG_KEYS as _SAVE_TIME_CONFIG_KEYS

log = logging.getLogger(__name__)

__all__ = ["frozen_prefix", "common_prefix", "trunk_fingerprint", "TrunkCache", "TrunkEncoder", "layer_hashes"]

#: Config keys that do not change what the trunk computes: those the fingerprint of a whole model
#: ignores (save-time keys), plus the layer count (the trunk is only the lower layers) and the
#: architecture name; and the generation-only token ids (a BERT-like forward pass never reads them, and
#: a model saved by robustir train records 0/2 where the converted base has None).
_VOLATILE_CONFIG_KEYS = (*_SAVE_TIME_CONFIG_KEYS, "architectures", "num_hidden_layers", "bos_token_id",
                         "eos_token_id")


def _st(model: Any) -> Any:
    """The SentenceTransformer of an encoder (``.model``) or the model itself."""
    inner = getattr(model, "model", None)
    return inner if inner is not None and hasattr(inner, "encode") else model


def _auto(st: Any) -> Any | None:
    """The transformers model inside the first module, when it is BERT-like (embeddings + encoder.layer)."""
    try:
        auto = getattr(st[0], "auto_model", None)
    except (TypeError, IndexError, KeyError):
        return None
    if auto is None or getattr(auto, "embeddings", None) is None:
        return None
    if getattr(getattr(auto, "encoder", None), "layer", None) is None:
        return None
    return auto


def _layers(auto: Any) -> list[Any]:
    return list(auto.encoder.layer)


def _hash_module(module: Any, h: Any) -> None:
    from robustir.models.st import _tensor_bytes

    for key, tensor in module.state_dict().items():
        h.update(f"{key}|{tensor.dtype}|{tuple(tensor.shape)}\0".encode())
        h.update(_tensor_bytes(tensor))


def _pipeline_identity(st: Any) -> str:
    """What besides the trunk's weights decides its states: tokenizer, tokenisation settings, the
    model config (minus save-time keys and the layer count), max_seq_length and the device/dtype."""
    from robustir.models.st import _tokenizer_definition

    auto = _auto(st)
    parts: dict[str, Any] = {"max_seq_length": int(st.max_seq_length)}
    get_cfg = getattr(st[0], "get_config_dict", None)
    if callable(get_cfg):
        with contextlib.suppress(Exception):
            parts["module"] = get_cfg()
    if auto is not None:
        cfg = auto.config.to_dict()
        for k in _VOLATILE_CONFIG_KEYS:
            cfg.pop(k, None)
        parts["config"] = cfg
        p = next(auto.parameters(), None)
        parts["device"] = p.device.type if p is not None else "cpu"
    tok = getattr(st, "tokenizer", None)
    backend = getattr(tok, "backend_tokenizer", None)
    if backend is not None:
        parts["tokenizer"] = hashlib.sha256(_tokenizer_definition(backend).encode()).hexdigest()
    elif tok is not None and hasattr(tok, "get_vocab"):
        parts["tokenizer"] = hashlib.sha256(json.dumps(sorted(tok.get_vocab().items())).encode()).hexdigest()
    return json.dumps(parts, sort_keys=True, default=str)


def layer_hashes(model: Any) -> tuple[str, list[str]] | None:
    """(hash of pipeline identity + embeddings, [hash of each transformer layer]) of a
    sentence-transformers model or encoder; None when it is not BERT-like."""
    st = _st(model)
    auto = _auto(st)
    if auto is None:
        return None
    h = hashlib.sha256(_pipeline_identity(st).encode())
    _hash_module(auto.embeddings, h)
    per_layer = []
    for layer in _layers(auto):
        lh = hashlib.sha256()
        _hash_module(layer, lh)
        per_layer.append(lh.hexdigest())
    return h.hexdigest(), per_layer


def frozen_prefix(models: Sequence[Any]) -> int:
    """How many lower transformer layers are bitwise identical across ``models`` (sentence-transformers
    models or encoders wrapping one), 0 unless their embeddings, tokenizer, config and
    max_seq_length agree too. Capped at one layer below the total, so each model keeps a head."""
    hashes = []
    for m in models:
        got = layer_hashes(m)
        if got is None:
            log.info("no shared trunk: %r is not a BERT-like sentence-transformers model", m)
            return 0
        hashes.append(got)
    return common_prefix(hashes)


def common_prefix(hashes: Sequence[tuple[str, list[str]] | None]) -> int:
    """:func:`frozen_prefix` from the models' :func:`layer_hashes` (so that a caller can hash
    models one at a time instead of holding them all)."""
    if not hashes or any(h is None for h in hashes):
        return 0
    first_id, first_layers = hashes[0]  # type: ignore[misc]
    n = len(first_layers)
    for other_id, other_layers in hashes[1:]:  # type: ignore[misc]
        if other_id != first_id:
            log.info("no shared trunk: embeddings, tokenizer, config or max_seq_length differ between the models")
            return 0
        if len(other_layers) != len(first_layers):
            return 0
        same = 0
        while same < len(first_layers) and other_layers[same] == first_layers[same]:
            same += 1
        n = min(n, same)
    return max(0, min(n, len(first_layers) - 1))


def trunk_fingerprint(model: Any, layers: int) -> str:
    """sha256 over the embeddings and ``layers[:layers]`` parameters, tokenizer, config,
    max_seq_length and ``layers``: two models with the same one compute the same trunk states."""
    st = _st(model)
    auto = _auto(st)
    if auto is None:
        raise InputError("a shared trunk needs a BERT-like sentence-transformers model (embeddings + encoder.layer)")
    if not 0 <= layers < len(_layers(auto)):
        raise InputError(f"trunk layers must be in 0..{len(_layers(auto)) - 1}, got {layers}")
    h = hashlib.sha256(b"robustir-trunk/1\0")
    h.update(_pipeline_identity(st).encode())
    h.update(f"\0layers={layers}\0".encode())
    _hash_module(auto.embeddings, h)
    for layer in _layers(auto)[:layers]:
        _hash_module(layer, h)
    return h.hexdigest()


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TrunkCache:
    """Trunk states (float32, unpadded ``(n_tokens, hidden)``) per (trunk fingerprint, prompt + text).

    On disk under ``folder/<fingerprint[:32]>/`` as numbered shards, one per fill:
    ``<n>.npy`` (the states of several texts, concatenated along tokens) and ``<n>.json``
    (their keys and token counts), then ``GENERATION`` (the last shard number) is
    advanced; each file is written atomically and all of it under an inter-process file
    lock (``filelock``), so a shard becomes visible whole, and a reader learns what
    other processes added by reading one small file and opening only the new shards
    (not by listing a folder that a study's many small query fills make long).
    Readers memory-map the shards; an in-memory index maps each text to its rows.
    Without a writable folder the states are kept in memory only.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        if folder is None:
            from robustir.env import home

            folder = home() / "trunk"
        self.folder = Path(folder)
        self._index: dict[str, dict[str, tuple[int, int, int]]] = {}  # fp -> key -> (shard, row, n)
        self._shards: dict[tuple[str, int], np.ndarray] = {}
        self._generation: dict[str, int] = {}  # fp -> shards indexed so far
        self._memory: dict[tuple[str, str], np.ndarray] = {}  # states not on disk (unwritable folder)
        self._writable = True

    def __getstate__(self) -> dict[str, Any]:  # ship to worker processes without the loaded shards
        return {"folder": self.folder}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["folder"])  # type: ignore[misc]

    def _dir(self, fp: str) -> Path:
        return self.folder / fp[:32]

    def _disk_generation(self, fp: str) -> int:
        try:
            return int((self._dir(fp) / "GENERATION").read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return 0

    def _refresh(self, fp: str) -> None:
        """Index the shards other processes (or earlier runs) wrote since the last look."""
        index = self._index.setdefault(fp, {})
        seen = self._generation.get(fp, 0)
        now = self._disk_generation(fp)
        for n in range(seen + 1, now + 1):
            self._index_shard(fp, n, index)
        self._generation[fp] = max(seen, now)

    def _index_shard(self, fp: str, n: int, index: dict[str, tuple[int, int, int]]) -> None:
        path = self._dir(fp) / f"{n}.json"
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            if meta.get("fingerprint") != fp:
                raise ValueError("written for another trunk")
            row = 0
            for key, length in zip(meta["keys"], meta["lengths"], strict=True):
                index.setdefault(key, (n, row, int(length)))
                row += int(length)
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("trunk cache: ignoring unreadable shard index %s: %s", path, e)

    def get(self, fp: str, texts: Sequence[str]) -> list[np.ndarray | None]:
        """The cached states of ``texts`` (None where not cached); read-only arrays."""
        if fp not in self._index:
            self._refresh(fp)
        index = self._index[fp]
        keys = [_text_key(t) for t in texts]
        if any(k not in index and (fp, k) not in self._memory for k in keys):
            self._refresh(fp)
        return [self._load(fp, k) for k in keys]

    def _load(self, fp: str, key: str) -> np.ndarray | None:
        mem = self._memory.get((fp, key))
        if mem is not None:
            return mem
        where = self._index.get(fp, {}).get(key)
        if where is None:
            return None
        shard, row, n = where
        arr = self._shards.get((fp, shard))
        if arr is None:
            arr = np.load(self._dir(fp) / f"{shard}.npy", mmap_mode="r")
            self._shards[(fp, shard)] = arr
        return arr[row:row + n]

    @contextlib.contextmanager
    def locked(self, fp: str) -> Iterator[None]:
        """An inter-process lock on one trunk's folder (held while filling it)."""
        from robustir.embeddings import _corpus_lock

        with _corpus_lock(self._dir(fp) / ".lock"):
            yield

    def put(self, fp: str, texts: Sequence[str], states: Sequence[np.ndarray]) -> None:
        """Store the states of ``texts`` as one shard (call under :meth:`locked`); in memory
        only if the folder is not writable."""
        if not texts:
            return
        keys = [_text_key(t) for t in texts]
        if self._writable:
            try:
                self._write_shard(fp, keys, states)
                return
            except OSError as e:
                self._writable = False
                log.warning("trunk cache: cannot write to %s (%s); keeping trunk states in memory only",
                            self._dir(fp), e)
        for k, s in zip(keys, states, strict=True):
            self._memory[(fp, k)] = np.ascontiguousarray(s, dtype=np.float32)

    def _write_shard(self, fp: str, keys: list[str], states: Sequence[np.ndarray]) -> None:
        import io

        from robustir.io import atomic_write_bytes, atomic_write_json, atomic_write_text

        d = self._dir(fp)
        d.mkdir(parents=True, exist_ok=True)
        self._refresh(fp)
        n = self._generation[fp] + 1
        blob = np.ascontiguousarray(np.concatenate([np.asarray(s, dtype=np.float32) for s in states], axis=0))
        buf = io.BytesIO()
        np.save(buf, blob, allow_pickle=False)
        atomic_write_bytes(d / f"{n}.npy", buf.getvalue())
        atomic_write_json(d / f"{n}.json", {"fingerprint": fp, "keys": keys,
                                             "lengths": [int(s.shape[0]) for s in states]})
        atomic_write_text(d / "GENERATION", f"{n}\n")
        self._refresh(fp)


class TrunkEncoder:
    """An :class:`~robustir.models.base.Encoder` that runs only ``layers[s:]`` of a sentence-transformers
    BERT-like model on trunk states from a :class:`TrunkCache` (computed there once per text).

    Vectors equal the wrapped encoder's to float rounding (measured <= 1e-5; tests pin it);
    ``fingerprint`` is the wrapped one's + ``+trunk<s>`` so that cached corpus vectors of the
    two are never mixed. Other attributes (strategy, card, ...) are the wrapped encoder's.
    """

    def __init__(self, encoder: Any, cache: TrunkCache, layers: int) -> None:
        self.encoder = encoder
        self.model = encoder.model
        self.cache = cache
        self.layers = int(layers)
        self.trunk_fingerprint = trunk_fingerprint(self.model, self.layers)
        self.name: str = encoder.name
        self.fingerprint: str = f"{encoder.fingerprint}+trunk{self.layers}"
        self.query_prompt: str = encoder.query_prompt
        self.passage_prompt: str = encoder.passage_prompt
        self.shared_trunk = {"layers": self.layers, "fingerprint": self.trunk_fingerprint}
        self.trunk_stats = {"computed": 0, "cached": 0}

    def __getattr__(self, item: str) -> Any:
        if item.startswith("__") or item == "encoder":
            raise AttributeError(item)
        return getattr(self.encoder, item)

    @property
    def max_seq_length(self) -> int:
        return int(self.encoder.max_seq_length)

    @property
    def dim(self) -> int:
        return int(self.encoder.dim)

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64,
                       show_progress: bool = False) -> np.ndarray:
        """Queries with the query prompt: (n, dim) float32, rows L2-normalised."""
        return self._encode(texts, self.query_prompt, batch_size)

    def encode_passages(self, texts: Sequence[str], batch_size: int = 64,
                        show_progress: bool = False) -> np.ndarray:
        """Passages with the passage prompt: (n, dim) float32, rows L2-normalised."""
        return self._encode(texts, self.passage_prompt, batch_size)

    # ------------------------------------------------------------------ the two halves

    def _tokenize(self, texts: list[str], prompt: str) -> tuple[list[dict[str, Any]], Any]:
        """Each text's unpadded features exactly as ``SentenceTransformer.encode`` makes them
        (the model's own ``preprocess``: prompt, strip, lower-casing, truncation)."""
        feats = self.model.preprocess(texts, prompt=prompt or None)
        if "attention_mask" not in feats:  # flattened (flash-attention) inputs: not supported
            raise InputError("a shared trunk needs padded inputs with an attention mask")
        mask = feats["attention_mask"].bool()
        per_text = []
        for i in range(len(texts)):
            m = mask[i]
            one = {k: v[i][m].unsqueeze(0) for k, v in feats.items()
                   if hasattr(v, "dim") and v.dim() == 2 and v.shape == mask.shape and k != "attention_mask"}
            per_text.append(one)
        return per_text, feats.get("prompt_length")

    def _trunk_states(self, full_texts: list[str], features: list[dict[str, Any]]) -> list[np.ndarray]:
        """States after embeddings + ``layers[:s]`` for each text, from the cache or computed one by one."""
        import torch

        fp = self.trunk_fingerprint
        got = self.cache.get(fp, full_texts)
        missing = [i for i, s in enumerate(got) if s is None]
        self.trunk_stats["cached"] += len(got) - len(missing)
        if not missing:
            return got  # type: ignore[return-value]
        with self.cache.locked(fp):
            again = self.cache.get(fp, [full_texts[i] for i in missing])  # another process may have filled them
            todo = []
            for i, s in zip(missing, again, strict=True):
                if s is None:
                    todo.append(i)
                else:
                    got[i] = s
            auto = self.model[0].auto_model
            layers = _layers(auto)[:self.layers]
            unique: dict[str, int] = {}
            for i in todo:
                unique.setdefault(full_texts[i], i)
            new_texts, new_states = [], []
            with torch.inference_mode():
                for text, i in unique.items():
                    # a batch of one: no padding and no mask, so the state depends on this text alone
                    h = auto.embeddings(**{k: v.to(auto.device) for k, v in features[i].items()
                                           if k in ("input_ids", "token_type_ids")})
                    for layer in layers:
                        out = layer(h, attention_mask=None)
                        h = out[0] if isinstance(out, tuple) else out
                    new_texts.append(text)
                    new_states.append(h[0].float().cpu().numpy())
            self.trunk_stats["computed"] += len(new_texts)
            self.cache.put(fp, new_texts, new_states)
            by_text = dict(zip(new_texts, new_states, strict=True))
            for i in todo:
                got[i] = by_text[full_texts[i]]
        return got  # type: ignore[return-value]

    def _head(self, states: list[np.ndarray], batch_size: int, prompt_length: Any) -> np.ndarray:
        """``layers[s:]`` + the model's later modules (Pooling, Normalize) on length-sorted padded batches."""
        import torch

        auto = self.model[0].auto_model
        layers = _layers(auto)[self.layers:]
        dtype = next(auto.parameters()).dtype
        order = np.argsort([-s.shape[0] for s in states], kind="stable")
        out: np.ndarray | None = None
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                lengths = [states[i].shape[0] for i in idx]
                width = max(lengths)
                h = torch.zeros((len(idx), width, states[idx[0]].shape[1]), dtype=torch.float32)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for row, i in enumerate(idx):
                    h[row, :lengths[row]] = torch.from_numpy(np.array(states[i], dtype=np.float32))
                    mask[row, :lengths[row]] = 1
                h, mask = h.to(device=auto.device, dtype=dtype), mask.to(auto.device)
                ext = None if bool(mask.all()) else auto.get_extended_attention_mask(mask, mask.shape)
                for layer in layers:
                    o = layer(h, attention_mask=ext)
                    h = o[0] if isinstance(o, tuple) else o
                feats: dict[str, Any] = {"token_embeddings": h, "attention_mask": mask}
                if prompt_length is not None:
                    feats["prompt_length"] = prompt_length
                for module in list(self.model)[1:]:
                    feats = module(feats)
                emb = torch.nn.functional.normalize(feats["sentence_embedding"].float(), p=2, dim=1).cpu().numpy()
                if out is None:
                    out = np.empty((len(states), emb.shape[1]), dtype=np.float32)
                out[idx] = emb
        assert out is not None
        return out

    def _encode(self, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
        items = check_texts(texts)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.model.eval()
        features, prompt_length = self._tokenize(items, prompt)
        states = self._trunk_states([prompt + t for t in items], features)
        return np.ascontiguousarray(self._head(states, batch_size, prompt_length), dtype=np.float32)

    def __repr__(self) -> str:
        return f"TrunkEncoder(name={self.name!r}, layers={self.layers}, fingerprint={self.fingerprint[:12]})"
