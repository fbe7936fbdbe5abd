"""Build a tiny random sentence-transformers BERT model offline (for tests)."""

from __future__ import annotations

import string
from pathlib import Path

WORDS = [
    "the", "a", "is", "of", "and", "to", "in", "what", "who", "when", "where", "how", "does", "can", "was", "are",
    "sky", "blue", "capital", "city", "country", "river", "earth", "old", "year", "query", "passage", "water", "fire",
    "light", "music", "film", "game", "team"
]


def build_tiny_model(path: Path, seed: int = 0, dim: int = 32) -> Path:
    """A 2-layer, ``dim``-wide BERT with a character-level WordPiece vocabulary, mean pooling,
    normalisation and the prompts ``query: `` / ``passage: ``. Deterministic for a seed."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    path = Path(path)
    raw = path / "hf"
    raw.mkdir(parents=True, exist_ok=True)
    chars = string.ascii_lowercase + string.digits + string.punctuation
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *chars, *("##" + c for c in chars)]
    vocab = list(dict.fromkeys(vocab))
    (raw / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizerFast(vocab_file=str(raw / "vocab.txt"), do_lower_case=True)
    tok.save_pretrained(raw)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=dim, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=2 * dim, max_position_embeddings=128)
    BertModel(config).save_pretrained(raw)
    transformer = models.Transformer(str(raw), max_seq_length=64)
    dim_of = getattr(transformer, "get_embedding_dimension", None) or transformer.get_word_embedding_dimension
    pooling = models.Pooling(dim_of(), pooling_mode="mean")
    st = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu",
                             prompts={"query": "query: ", "passage": "passage: "})
    out = path / "st"
    st.save(str(out))
    return out
