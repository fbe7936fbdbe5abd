"""The GPU feeding path (robustir.models.feed): same vectors as sentence-transformers' encode, run here on
the CPU (the path is device-agnostic; robustir uses it only on CUDA)."""

import numpy as np
import pytest

TEXTS = ["what is the capital of france", "is the sky blue", "a", "how many legs does a spider have on average",
         "river", "does the earth go round the sun in one year", "x y z", "is water wet"]


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_overlapped_equals_sentence_transformers_encode(tiny_model_dir, batch_size):
    from sentence_transformers import SentenceTransformer

    from robustir.models.feed import encode_overlapped

    model = SentenceTransformer(str(tiny_model_dir), device="cpu")
    ref = model.encode(TEXTS, prompt="query: ", batch_size=batch_size, normalize_embeddings=True,
                       convert_to_numpy=True)
    got = encode_overlapped(model, TEXTS, "query: ", batch_size)
    assert got.dtype == np.float32 and got.shape == ref.shape
    np.testing.assert_allclose(got, ref, atol=1e-6)
    # the prompt is applied: without it the vectors differ
    assert np.abs(encode_overlapped(model, TEXTS, "", batch_size) - got).max() > 1e-3


def test_encoder_takes_the_overlapped_path_on_a_gpu_only(tiny_model_dir, monkeypatch):
    import robustir.models.feed as feed
    import robustir.models.st as st
    from robustir.models import load_encoder

    enc = load_encoder(str(tiny_model_dir), device="cpu")
    calls = []
    original = feed.encode_overlapped

    def spy(*a, **k):
        calls.append(len(a[1]))
        return original(*a, **k)

    monkeypatch.setattr(feed, "encode_overlapped", spy)
    cpu = enc.encode_queries(TEXTS, batch_size=3)
    assert calls == []  # a CPU model keeps sentence-transformers' encode
    monkeypatch.setattr(st, "_overlaps", lambda model: True)
    gpu_path = enc.encode_queries(TEXTS, batch_size=3)
    assert calls == [len(TEXTS)]
    np.testing.assert_allclose(gpu_path, cpu, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(gpu_path, axis=1), 1.0, atol=1e-6)
