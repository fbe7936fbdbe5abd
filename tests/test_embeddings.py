"""Corpus embeddings streamed to disk shard by shard, and read back (memory-mapped when large)."""

import numpy as np
import pytest

import robustir.embeddings as emb
from robustir.errors import InputError
from robustir.io import sha256_text
from tests.fakes import BagOfWordsEncoder, toy_benchmark


class ShardSpy(BagOfWordsEncoder):
    """Records, per encode call, which passages it was given."""

    def __init__(self):
        super().__init__()
        self.batches = []

    def encode_passages(self, texts, batch_size=64, show_progress=False):
        self.batches.append(list(texts))
        return super().encode_passages(texts)


@pytest.mark.parametrize("shard_size", [1, 4, 7, 30, 1000])
def test_streamed_encoding_equals_in_memory_encoding(tmp_path, shard_size, monkeypatch):
    bench = toy_benchmark(30)
    import robustir.embeddings

    monkeypatch.setattr(robustir.embeddings, "CHUNK", 3)  # several chunks per shard even on a toy corpus
    in_memory = emb.encode_texts(BagOfWordsEncoder().encode_passages, bench.corpus_texts())
    streamed = emb.corpus_embeddings(BagOfWordsEncoder(), bench, cache_dir=tmp_path, shard_size=shard_size)
    np.testing.assert_array_equal(np.asarray(streamed), in_memory)
    again = emb.corpus_embeddings(BagOfWordsEncoder(), bench, cache_dir=tmp_path, shard_size=shard_size)
    np.testing.assert_array_equal(np.asarray(again), in_memory)
    # without the cache: the same vectors
    np.testing.assert_array_equal(emb.corpus_embeddings(BagOfWordsEncoder(), bench, use_cache=False,
                                                        shard_size=shard_size), in_memory)


def test_each_encoder_call_stays_inside_one_shard(tmp_path):
    bench = toy_benchmark(30)
    spy = ShardSpy()
    emb.corpus_embeddings(spy, bench, cache_dir=tmp_path, shard_size=7)
    texts = bench.corpus_texts()
    position = {t: i for i, t in enumerate(texts)}
    assert sorted(t for b in spy.batches for t in b) == sorted(texts)
    for batch in spy.batches:
        assert len({position[t] // 7 for t in batch}) == 1
    # the calls are exactly the chunk plan the Ray executor encodes
    assert spy.batches == [[texts[i] for i in chunk] for chunk in emb.chunk_plan(texts, 7)]


def test_large_cache_files_are_memory_mapped_and_checked(tmp_path, monkeypatch):
    bench = toy_benchmark(30)
    monkeypatch.setattr(emb, "MMAP_MIN_BYTES", 0)
    first = emb.corpus_embeddings(BagOfWordsEncoder(), bench, cache_dir=tmp_path)
    assert isinstance(first, np.memmap) and not first.flags.writeable
    expected = np.array(first)
    spy = BagOfWordsEncoder()
    again = emb.corpus_embeddings(spy, bench, cache_dir=tmp_path)
    assert isinstance(again, np.memmap) and spy.calls == 0
    np.testing.assert_array_equal(again, expected)
    npy = next(tmp_path.glob("*.npy"))
    data = bytearray(npy.read_bytes())
    data[-1] ^= 0xFF
    npy.write_bytes(bytes(data))
    spy = BagOfWordsEncoder()
    with pytest.warns(UserWarning, match="corrupt"):
        fixed = emb.corpus_embeddings(spy, bench, cache_dir=tmp_path)
    assert spy.calls > 0
    np.testing.assert_array_equal(fixed, expected)


def test_single_shard_cache_key_and_file_are_unchanged(tmp_path):
    """Caches written before streaming stay valid: same key, same .npy bytes as np.save."""
    import io

    bench = toy_benchmark(30)
    enc = BagOfWordsEncoder()
    old_key = sha256_text(["robustir.corpus/1", enc.fingerprint, sha256_text(bench.corpus_texts()),
                           str(enc.max_seq_length), enc.passage_prompt])
    assert emb.corpus_key(enc, bench) == old_key
    assert emb.corpus_key(enc, bench, shard_size=7) != old_key  # several shards: another key
    vecs = emb.corpus_embeddings(enc, bench, cache_dir=tmp_path)
    buf = io.BytesIO()
    np.save(buf, np.asarray(vecs))
    assert (tmp_path / f"{old_key}.npy").read_bytes() == buf.getvalue()


def test_precision_keys_the_cache(tmp_path):
    bench = toy_benchmark(30)
    enc = BagOfWordsEncoder()
    fp32 = emb.corpus_key(enc, bench)
    enc.precision = "fp16"
    assert emb.corpus_key(enc, bench) != fp32


@pytest.mark.parametrize("bad", [0, -3, 2.5, "10", True])
def test_a_shard_that_cannot_hold_a_passage_is_an_input_error(bad, tmp_path):
    enc = BagOfWordsEncoder()
    with pytest.raises(InputError, match="shard"):
        emb.corpus_embeddings(enc, toy_benchmark(30), cache_dir=tmp_path, shard_size=bad)
    assert enc.calls == 0
