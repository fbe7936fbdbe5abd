"""The shared frozen trunk (robustir.models.trunk, study key share_frozen_layers): same vectors, computed once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from robustir.errors import InputError

torch = pytest.importorskip("torch")

TEXTS = ["the sky is blue", "what is the capital city of the country?", "a",
         "river water fire light music film game team " * 4, "  Who was the OLD king of the earth  ",
         "the sky is blue"]  # a duplicate on purpose


def _perturbed_copy(src: Path, dst: Path, layers: tuple[int, ...], seed: int = 0) -> Path:
    """A copy of the sentence-transformers folder ``src`` whose transformer ``layers`` got seeded noise."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(src), device="cpu")
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for i in layers:
            for p in model[0].auto_model.encoder.layer[i].parameters():
                p.add_(torch.randn(p.shape, generator=g) * 0.05)
    model.save(str(dst))
    return dst


@pytest.fixture(scope="module")
def models(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(base, top layer changed, embeddings changed) tiny 2-layer models."""
    root = tmp_path_factory.mktemp("trunk-models")
    top = _perturbed_copy(tiny_model_dir, root / "top", (1,))
    from sentence_transformers import SentenceTransformer

    m = SentenceTransformer(str(tiny_model_dir), device="cpu")
    with torch.no_grad():
        m[0].auto_model.embeddings.word_embeddings.weight[5] += 0.1
    m.save(str(root / "emb"))
    return tiny_model_dir, top, root / "emb"


def _load(path: Path) -> Any:
    from robustir.models import load_encoder

    return load_encoder(str(path))


def test_trunk_encoder_equals_the_full_forward(models, tmp_path):
    from robustir.models.trunk import TrunkCache, TrunkEncoder

    base, top, _ = models
    cache = TrunkCache(tmp_path / "trunk")
    for path in (base, top):
        enc = _load(path)
        for layers in (0, 1):
            tr = TrunkEncoder(enc, cache, layers)
            for method in ("encode_queries", "encode_passages"):
                plain = getattr(enc, method)(TEXTS, batch_size=4)
                got = getattr(tr, method)(TEXTS, batch_size=3)
                assert got.dtype == np.float32 and got.shape == plain.shape
                assert np.abs(got - plain).max() <= 1e-5
                np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)


def test_fingerprint_and_provenance_tell_the_trunk_apart(models, tmp_path):
    from robustir.models.trunk import TrunkCache, TrunkEncoder

    enc = _load(models[0])
    tr = TrunkEncoder(enc, TrunkCache(tmp_path), 1)
    assert tr.fingerprint != enc.fingerprint and tr.fingerprint.endswith("+trunk1")
    assert tr.shared_trunk == {"layers": 1, "fingerprint": tr.trunk_fingerprint}
    assert (tr.name, tr.query_prompt, tr.passage_prompt, tr.max_seq_length) == (
        enc.name, enc.query_prompt, enc.passage_prompt, enc.max_seq_length)


def test_frozen_prefix_counts_the_bitwise_equal_lower_layers(models):
    from robustir.models.trunk import frozen_prefix, trunk_fingerprint

    base, top, emb = (_load(p) for p in models)
    assert frozen_prefix([base, _load(models[0])]) == 1  # capped: every model keeps a head of >= 1 layer
    assert frozen_prefix([base, top]) == 1
    assert frozen_prefix([base, top, emb]) == 0  # embeddings differ: nothing is shared
    assert trunk_fingerprint(base, 1) == trunk_fingerprint(top, 1)
    assert trunk_fingerprint(base, 1) != trunk_fingerprint(emb, 1)
    base.model.max_seq_length = 32
    assert frozen_prefix([base, top]) == 0  # truncation differs


def test_second_model_reads_the_trunk_the_first_computed(models, tmp_path):
    from robustir.models.trunk import TrunkCache, TrunkEncoder

    base, top = _load(models[0]), _load(models[1])
    first = TrunkEncoder(base, TrunkCache(tmp_path), 1)
    first.encode_passages(TEXTS)
    assert first.trunk_stats == {"computed": len(set(TEXTS)), "cached": 0}
    second = TrunkEncoder(top, TrunkCache(tmp_path), 1)  # a new cache object: read from disk
    second.encode_passages(TEXTS)
    assert second.trunk_stats == {"computed": 0, "cached": len(TEXTS)}
    second.encode_queries(TEXTS[:2])  # another prompt, other texts
    assert second.trunk_stats["computed"] == 2


def test_trunk_state_does_not_depend_on_the_batch(models, tmp_path):
    """A text's stored state is the same bytes whether it was computed alone or among others."""
    from robustir.models.trunk import TrunkCache, TrunkEncoder

    enc = _load(models[0])
    alone = TrunkCache(tmp_path / "alone")
    TrunkEncoder(enc, alone, 1).encode_passages([TEXTS[1]])
    among = TrunkCache(tmp_path / "among")
    tr = TrunkEncoder(enc, among, 1)
    tr.encode_passages(TEXTS)
    key = "passage: " + TEXTS[1]
    a = alone.get(tr.trunk_fingerprint, [key])[0]
    b = among.get(tr.trunk_fingerprint, [key])[0]
    assert a is not None and b is not None and a.dtype == np.float32 and a.tobytes() == b.tobytes()


def test_unwritable_cache_folder_keeps_states_in_memory(models, tmp_path):
    from robustir.models.trunk import TrunkCache, TrunkEncoder

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    enc = _load(models[0])
    tr = TrunkEncoder(enc, TrunkCache(blocker / "trunk"), 1)
    np.testing.assert_allclose(tr.encode_passages(TEXTS), enc.encode_passages(TEXTS), atol=1e-5)
    tr.encode_passages(TEXTS)
    assert tr.trunk_stats["cached"] == len(TEXTS)


# ----------------------------------------------------------------------------- the study key


def test_study_key_is_validated_and_recorded():
    from robustir.study.spec import parse_study

    data = {"name": "t", "datasets": ["toy"], "recipes": ["typo"], "models": {"a": {"model": "bow-64"}}}
    assert parse_study(data).share_frozen_layers is False
    assert "share_frozen_layers" not in parse_study(data).to_dict()  # old studies: study.json unchanged
    spec = parse_study({**data, "share_frozen_layers": True})
    assert spec.share_frozen_layers is True and spec.to_dict()["share_frozen_layers"] is True
    with pytest.raises(InputError, match="share_frozen_layers must be true or false"):
        parse_study({**data, "share_frozen_layers": "yes"})


class TinyResolver:
    """Real encoders from folders, the toy benchmark and the fake typo recipes (picklable)."""

    def encoder(self, source: str, max_seq_length: int | None = None) -> Any:
        from robustir.study.work import DefaultResolver

        return DefaultResolver().encoder(source, max_seq_length)

    def benchmark(self, name: str, data_dir: Path | None) -> Any:
        from tests.fakes import toy_benchmark

        return toy_benchmark()

    def recipe(self, name: str) -> Any:
        from tests.study_fakes import make_recipe

        return make_recipe(name)


def _study(models: tuple[Path, Path, Path], share: bool) -> Any:
    from robustir.study.spec import parse_study

    pytest.importorskip("robustir.recipe")
    return parse_study({"name": "t", "datasets": ["toy"], "recipes": ["typo", "typo-adv"], "seeds": [0],
                        "resamples": 200, "limit": 6, "share_frozen_layers": share,
                        "models": {"base": {"model": str(models[0])}, "ft": {"model": str(models[1])}}})


def _run(spec: Any, out: Path, lines: list[str] | None = None, **kw: Any) -> Any:
    from robustir.study.runner import run_study

    return run_study(spec, out, cache_dir=out / "cache", resolver=TinyResolver(),
                     log=(lines.append if lines is not None else lambda s: None), **kw)


def _cells(out: Path) -> dict[str, dict[str, Any]]:
    return {str(p.relative_to(out)): json.loads(p.read_text()) for p in sorted((out / "cells").rglob("*.json"))}


def test_study_with_a_shared_trunk_records_it_and_matches_the_full_forward(models, tmp_path):
    lines: list[str] = []
    shared = _run(_study(models, True), tmp_path / "shared", lines)
    plain = _run(_study(models, False), tmp_path / "plain")
    assert not shared.failed and not plain.failed
    assert any("share embeddings + 1 layers" in line for line in lines)
    assert list((tmp_path / "shared" / "cache" / "trunk").rglob("*.npy"))
    cs, cp = _cells(tmp_path / "shared"), _cells(tmp_path / "plain")
    assert cs.keys() == cp.keys() and cs
    compared = 0
    for key, cell in cs.items():
        model = cell["provenance"]["model"]
        assert model["shared_trunk"]["layers"] == 1 and model["fingerprint"].endswith("+trunk1")
        assert "shared_trunk" not in cp[key]["provenance"]["model"]
        if key.split("/")[-2] == "typo":  # random recipe: same texts, and vectors within 1e-5: same rankings
            assert cell["queries"] == cp[key]["queries"] and cell["summary"] == cp[key]["summary"]
            compared += 1
    assert compared == 2
    again: list[str] = []
    rerun = _run(_study(models, True), tmp_path / "shared", again)  # resumed: every cell reused
    assert {o.status for o in rerun.outcomes} == {"reused"}


def test_study_models_without_a_common_trunk_run_whole(models, tmp_path):
    from robustir.study.spec import parse_study

    pytest.importorskip("robustir.recipe")
    spec = parse_study({"name": "t", "datasets": ["toy"], "recipes": ["typo"], "seeds": [0], "resamples": 200,
                        "limit": 4, "share_frozen_layers": True,
                        "models": {"base": {"model": str(models[0])}, "emb": {"model": str(models[2])}}})
    lines: list[str] = []
    run = _run(spec, tmp_path / "out", lines)
    assert not run.failed
    assert any("share no frozen layers" in line for line in lines)
    for cell in _cells(tmp_path / "out").values():
        assert "shared_trunk" not in cell["provenance"]["model"]


@pytest.mark.slow
def test_study_with_a_shared_trunk_in_two_workers_equals_one_process(models, tmp_path):
    one = _run(_study(models, True), tmp_path / "one")
    two = _run(_study(models, True), tmp_path / "two", jobs=2)
    assert not one.failed and not two.failed
    from robustir.study.cells import comparable

    a = {k: comparable(v) for k, v in _cells(tmp_path / "one").items()}
    b = {k: comparable(v) for k, v in _cells(tmp_path / "two").items()}
    assert a == b and a


def test_trunk_rejects_a_model_without_transformer_layers(tmp_path):
    from robustir.models.trunk import TrunkCache, TrunkEncoder
    from tests.fakes import BagOfWordsEncoder

    with pytest.raises((InputError, AttributeError)):
        TrunkEncoder(BagOfWordsEncoder(8), TrunkCache(tmp_path), 1)


def test_copy_of_model_folder_shares_everything(models, tmp_path):
    from robustir.models.trunk import trunk_fingerprint

    shutil.copytree(models[0], tmp_path / "copy")
    assert trunk_fingerprint(_load(models[0]), 1) == trunk_fingerprint(_load(tmp_path / "copy"), 1)


@pytest.mark.slow
def test_me5_small_with_changed_top_layers_equals_the_full_forward(tmp_path):
    """The real case: me5-small and a copy whose top 2 layers changed share embeddings + 10 layers."""
    import copy

    from robustir.errors import ResourceMissing
    from robustir.models.st import SentenceTransformerEncoder
    from robustir.models.trunk import TrunkCache, TrunkEncoder, frozen_prefix

    try:
        base = _load_me5()
    except (ResourceMissing, InputError, OSError) as e:
        pytest.skip(f"me5-small not available: {e}")
    st2 = copy.deepcopy(base.model)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for layer in st2[0].auto_model.encoder.layer[-2:]:
            for p in layer.parameters():
                p.add_(torch.randn(p.shape, generator=g) * 0.01)
    other = SentenceTransformerEncoder(st2, name="changed")
    assert frozen_prefix([base, other]) == 10
    cache = TrunkCache(tmp_path)
    texts = ["Paris is the capital and most populous city of France. " * 8, "who wrote the iliad", "Ö ß 東京 مرحبا"]
    for enc in (base, other):
        tr = TrunkEncoder(enc, cache, 10)
        assert np.abs(tr.encode_passages(texts) - enc.encode_passages(texts)).max() <= 1e-5
        assert np.abs(tr.encode_queries(texts) - enc.encode_queries(texts)).max() <= 1e-5
    assert tr.trunk_stats["computed"] == 0  # the second model read every state the first computed


def _load_me5() -> Any:
    from robustir.models import load_encoder

    return load_encoder("me5-small", max_seq_length=256)
