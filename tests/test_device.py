"""--device/--precision/--index/--shard-size validation, and the float16 decision (no GPU needed)."""

import numpy as np
import pytest

import robustir
from robustir.errors import InputError
from robustir.models.device import FP16_TOLERANCE, check_device, decide_fp16, default_batch_size, max_cosine_difference
from tests.fakes import BagOfWordsEncoder, toy_benchmark
from tests.test_cli import run_cli


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def test_device_names():
    assert check_device(None) is None and check_device("auto") is None and check_device("CPU") == "cpu"
    for bad in ("tpu", "cuda:x", "gpu"):
        with pytest.raises(InputError, match=f"^--device {bad}: unknown device"):
            check_device(bad)


@pytest.mark.skipif("_cuda()")
def test_cuda_without_a_gpu_fails_before_any_encoding(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    enc = BagOfWordsEncoder()
    with pytest.raises(InputError, match="no CUDA GPU"):
        robustir.evaluate(enc, toy_benchmark(), "typo", device="cuda")
    assert enc.calls == 0


@pytest.mark.skipif("_cuda()")
@pytest.mark.parametrize("args, needle", [(["--device", "cuda"], "no CUDA GPU"), (["--index", "annoy"], "index"),
                                          (["--index", "hnsw:ef=3"], "unknown parameter"),
                                          (["--shard-size", "0"], "shard"), (["--precision", "fp8"], "precision")])
def test_bad_pipeline_options_are_one_line_exit_2(args, needle, tmp_path):
    out = run_cli("attack", "--recipe", "typo", "--dataset", "boolq", "--limit", "2", *args, tmp_home=tmp_path)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert not (tmp_path / "embeddings").exists()  # nothing was encoded


def test_cpu_encoders_keep_the_usual_batch_and_no_hardware_record(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    assert default_batch_size(BagOfWordsEncoder()) == 64
    result = robustir.evaluate(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=1, bootstrap_resamples=100,
                               device="cpu")
    assert "hardware" not in result.provenance


def test_max_cosine_difference():
    a = np.array([[1.0, 0.0], [0.0, 2.0]], dtype=np.float32)
    b = np.array([[1.0, 0.0], [1.0, 1.0]], dtype=np.float32)
    assert max_cosine_difference(a, b) == pytest.approx(1 - np.sqrt(0.5))
    assert max_cosine_difference(a, a) == pytest.approx(0.0, abs=1e-12)


class FakeModel:
    """Encodes in 'float32' or in a lossy 'float16' (noise of a given size)."""

    def __init__(self, noise: float) -> None:
        self.half_mode = False
        self.noise = noise

    def half(self):
        self.half_mode = True

    def float(self):
        self.half_mode = False

    def encode(self, texts):
        rng = np.random.default_rng(len(texts))
        x = rng.standard_normal((len(texts), 16))
        if self.half_mode:
            x = x + self.noise * np.random.default_rng(1).standard_normal(x.shape)
        return x


@pytest.mark.parametrize("noise, keeps_half", [(1e-4, True), (0.3, False)])
def test_float16_only_when_close_to_float32(noise, keeps_half):
    model = FakeModel(noise)
    half, diff = decide_fp16(model.encode, model.half, model.float, ["a", "b", "c", "d"])
    assert half is keeps_half and model.half_mode is keeps_half
    assert (diff < FP16_TOLERANCE) is keeps_half


def test_choose_precision_on_a_real_model_records_the_measured_difference(tiny_model_dir, monkeypatch):
    """The GPU path, run on the CPU (torch does float16 there too): the tiny model is switched to half
    precision only within the tolerance, its vectors stay float32 unit rows, and the cache key changes."""
    import robustir.models.device as device
    from robustir.embeddings import corpus_key
    from robustir.models import load_encoder

    enc = load_encoder(str(tiny_model_dir), device="cpu")
    bench = toy_benchmark()
    key32 = corpus_key(enc, bench)
    ref = enc.encode_queries(["what is the river", "blue sky"])
    monkeypatch.setattr(device, "encoder_device", lambda e: "cuda")
    info = device.choose_precision(enc, [q.text for q in bench.queries], "auto")
    assert info["device"] == "cuda" and info["probe_texts"] == len(bench.queries)
    assert (info["precision"] == "fp16") is (info["fp16_max_cosine_difference"] < FP16_TOLERANCE)
    forced = device.choose_precision(enc, [q.text for q in bench.queries], "fp16")
    assert forced["precision"] == "fp16" and enc.precision == "fp16"
    got = enc.encode_queries(["what is the river", "blue sky"])
    assert got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)
    assert max_cosine_difference(ref, got) < 1e-2
    assert corpus_key(enc, bench) != key32


class _OnCuda(BagOfWordsEncoder):
    """A bag-of-words encoder that says its weights are on a CUDA device (as a sentence-transformers model's
    ``model.device`` does) and records the size of every query-encoding call."""

    class _Model:
        class device:  # noqa: N801 - mirrors torch.device's attribute
            type = "cuda"

    def __init__(self):
        super().__init__()
        self.model = self._Model()
        self.sizes = []

    def encode_queries(self, texts, batch_size=64, show_progress=False):
        self.sizes.append(len(texts))
        return super().encode_queries(texts)


def test_a_gpu_encoder_gets_large_query_chunks_and_the_same_vectors(tmp_path, monkeypatch):
    import robustir.embeddings as emb
    from robustir.models import device
    from robustir.retrieval import Retriever

    monkeypatch.setattr(emb, "CHUNK", 4)            # the CPU chunk: 4 texts a call
    monkeypatch.setattr(device, "GPU_QUERY_CHUNK", 10)
    bench = toy_benchmark(12)
    texts = [f"question {i} about item {i % 5}" for i in range(25)]
    cpu_enc, gpu_enc = BagOfWordsEncoder(), _OnCuda()
    cpu_sizes = []
    cpu_enc.encode_queries = lambda t, batch_size=64, show_progress=False, f=cpu_enc.encode_queries: (
        cpu_sizes.append(len(t)), f(t))[1]
    on_cpu = Retriever(cpu_enc, bench, cache_dir=tmp_path).encode_queries(texts)
    on_gpu = Retriever(gpu_enc, bench, cache_dir=tmp_path).encode_queries(texts)
    assert cpu_sizes == [4] * 6 + [1]              # the CPU keeps robustir.embeddings.CHUNK
    assert gpu_enc.sizes == [10, 10, 5]            # a GPU gets GPU_QUERY_CHUNK texts a call
    np.testing.assert_array_equal(on_gpu, on_cpu)  # rows in input order either way
