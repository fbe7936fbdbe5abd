"""Corpus embeddings streamed to disk shard by shard, and read back (memory-mapped when large)."""

import numpy as np
import pytest

import robustir.embeddings as emb
from robustir.errors import InputError
from robustir.io import sha256_text
from tests.fakes import BagOfWordsEncoder, toy_benchmark


def _flip_last_byte(path) -> None:
    """Damage a cache file the way a torn write or a bad disk would: its last byte flipped."""
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


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
    _flip_last_byte(next(tmp_path.glob("*.npy")))
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


def _fresh_key(enc, bench) -> str:
    """The cache key of a benchmark built afresh from copies of ``bench``'s parts (no shared memo)."""
    from robustir.data.benchmark import Benchmark

    return emb.corpus_key(enc, Benchmark(bench.name, list(bench.corpus), list(bench.queries), dict(bench.qrels)))


def test_the_passages_digest_is_computed_once_per_corpus_and_again_when_a_passage_changes(monkeypatch):
    """``corpus_key`` digests every passage once per benchmark, shared with its ``--limit`` subsets; a passage
    replaced in place (same length) or a copy made by pickling gives the key a fresh computation gives."""
    import pickle

    from robustir.data import benchmark as bm
    from robustir.data.benchmark import Document

    enc = BagOfWordsEncoder()
    bench = toy_benchmark(30)
    seen: list[str] = []
    real = bm.passage_text  # where passages_digest finds it (moved from robustir.embeddings: section 223)
    monkeypatch.setattr(bm, "passage_text", lambda d: seen.append(d.id) or real(d))
    key = emb.corpus_key(enc, bench)
    assert len(seen) == 30
    for limit in (1, 4, 9):
        assert emb.corpus_key(enc, bench.subset(limit)) == key
    assert emb.corpus_key(enc, bench) == key and len(seen) == 30  # not hashed again
    assert key == _fresh_key(enc, bench)
    bench.corpus[5] = Document("d5", "Title 5", "another text of the fifth passage")
    changed = emb.corpus_key(enc, bench.subset(2))
    assert changed != key and changed == _fresh_key(enc, bench) == emb.corpus_key(enc, bench)
    assert emb.corpus_key(enc, pickle.loads(pickle.dumps(bench.subset(2)))) == changed


@pytest.fixture
def digests(tmp_path, monkeypatch):
    """A private ROBUSTIR_HOME and digest memo, files counted as settled at once (as they are two seconds
    after their last write), and the paths ``resources.sha256_file`` reads."""
    import robustir.resources as R

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(R, "_SETTLED_NS", 0)
    for name, empty in (("_DIGESTS", {}), ("_STORED", {}), ("_STORED_DIRTY", set())):
        monkeypatch.setattr(R, name, empty)
    read: list[str] = []
    real = R.sha256_file
    monkeypatch.setattr(R, "sha256_file", lambda p, *a: read.append(str(p)) or real(p, *a))
    return R, read


def _rewrite_in_place(npy, new: bytes) -> None:
    """Write ``new`` (same size) over ``npy`` in place and put its mtime back; repeated until the ctime has
    moved to the kernel's next timestamp tick (a write in the same tick as the hash is the ``_SETTLED_NS``
    case, which this fixture turns off)."""
    import os

    before = npy.stat()
    while True:
        with open(npy, "r+b") as f:
            f.write(new)
        os.utime(npy, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = npy.stat()
        if after.st_ctime_ns != before.st_ctime_ns:
            assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size,
                                                                         before.st_mtime_ns)
            return


@pytest.mark.parametrize("mmap", [False, True])
def test_a_cached_corpus_file_is_hashed_once_while_unchanged_and_a_same_size_rewrite_is_caught(
        tmp_path, monkeypatch, digests, mmap):
    """The .npy's sha256 is not re-read on every load (1.5 GB at a million passages), in this process or a
    later one, while its stat is unchanged; a same-size rewrite in place with the mtime put back, or another
    file of the same size renamed into place, is detected and the vectors recomputed."""
    import os

    R, read = digests
    if mmap:
        monkeypatch.setattr(emb, "MMAP_MIN_BYTES", 0)
    bench = toy_benchmark(30)
    cache = tmp_path / "emb"
    expected = np.array(emb.corpus_embeddings(BagOfWordsEncoder(), bench, cache_dir=cache))
    npy = next(cache.glob("*.npy"))

    def load(changed: bool) -> None:
        spy = BagOfWordsEncoder()
        if changed:
            with pytest.warns(UserWarning, match="corrupt"):
                got = emb.corpus_embeddings(spy, bench, cache_dir=cache)
        else:
            got = emb.corpus_embeddings(spy, bench, cache_dir=cache)
        assert (spy.calls > 0) == changed
        np.testing.assert_array_equal(np.asarray(got), expected)

    for _ in range(3):
        load(changed=False)
    assert read.count(str(npy)) == 1  # hashed once in this process
    R._DIGESTS.clear()
    R._STORED.clear()  # a later process: the digest stored by this one
    load(changed=False)
    assert read.count(str(npy)) == 1
    data = bytearray(npy.read_bytes())
    data[-1] ^= 0xFF
    _rewrite_in_place(npy, bytes(data))
    load(changed=True)  # recomputed and rewritten
    load(changed=False)
    other = tmp_path / "other.npy"
    data = bytearray(npy.read_bytes())
    data[-2] ^= 0xFF
    other.write_bytes(bytes(data))
    st = npy.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, npy)  # same size and mtime, another inode
    load(changed=True)


def test_the_cache_files_get_the_users_umask_like_every_atomic_write(tmp_path):
    """A shared embedding cache stays readable to the group: the ``.npy`` is not left at mkstemp's 0600."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        emb.corpus_embeddings(BagOfWordsEncoder(), toy_benchmark(5), cache_dir=tmp_path / "a")
        modes = {p.suffix: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "a").iterdir() if p.suffix != ".lock"}
        assert modes == {".npy": 0o644, ".json": 0o644}
        os.umask(0o077)
        emb.corpus_embeddings(BagOfWordsEncoder(), toy_benchmark(5), cache_dir=tmp_path / "b")
        assert stat.S_IMODE(next((tmp_path / "b").glob("*.npy")).stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_valid_cache_is_read_without_the_lock_and_a_bad_one_is_rewritten_under_it(tmp_path, monkeypatch):
    """Reading a settled corpus cache takes no inter-process lock (nor imports filelock: section 74 of
    bench/RESULTS.md); encoding one, or replacing a damaged one, still happens under the lock,
    and the damage is reported once."""
    import contextlib

    bench = toy_benchmark(30)
    expected = np.array(emb.corpus_embeddings(BagOfWordsEncoder(), bench, cache_dir=tmp_path))
    locked: list[str] = []
    real_lock = emb._corpus_lock

    @contextlib.contextmanager
    def spy_lock(path):
        locked.append(path.name)
        with real_lock(path):
            yield

    monkeypatch.setattr(emb, "_corpus_lock", spy_lock)
    spy = BagOfWordsEncoder()
    again = emb.corpus_embeddings(spy, bench, cache_dir=tmp_path)
    assert locked == [] and spy.calls == 0
    np.testing.assert_array_equal(again, expected)
    _flip_last_byte(next(tmp_path.glob("*.npy")))
    spy = BagOfWordsEncoder()
    with pytest.warns(UserWarning, match="corrupt") as caught:
        fixed = emb.corpus_embeddings(spy, bench, cache_dir=tmp_path)
    assert len([w for w in caught if "corrupt" in str(w.message)]) == 1
    assert len(locked) == 1 and spy.calls > 0
    np.testing.assert_array_equal(fixed, expected)
