"""The compiled lexicon cache (``attacks.lex.compiled``): a value loaded from it equals the freshly
built one, for FreeDict, MUSE, WordNet/OMW and the codeswitch-precise per-query choices; a damaged
file is rebuilt; a change to a resource or to the code that parses it names another file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from robustir.attacks.base import MissingResource

from tests.fakes import write_dictd


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "lexicons"
    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(root))
    return root


def test_compiled_builds_once_then_loads_the_same_value(cache, tmp_path):
    from robustir.attacks.lex.compiled import compiled

    res, code = tmp_path / "res.txt", tmp_path / "code.py"
    res.write_text("a b\n", encoding="utf-8")
    code.write_text("# v1\n", encoding="utf-8")
    calls = []
    value = {"house": ["casa", "hogar"], "x": [], "é": ["ü"], "n": (1, 2.5, None), "s": {1, 2}}

    def build():
        calls.append(1)
        return value

    first = compiled("t", build, resources=[res], code=[code])
    second = compiled("t", build, resources=[res], code=[code])
    assert first == second == value and list(second) == list(value)
    assert len(calls) == 1 and len(list(cache.glob("t.*.marshal"))) == 1
    # a resource or the code that parses it changed: another file, built again
    res.write_text("a c\n", encoding="utf-8")
    compiled("t", build, resources=[res], code=[code])
    code.write_text("# v2\n", encoding="utf-8")
    compiled("t", build, resources=[res], code=[code])
    compiled("t", build, resources=[res], code=[code], extra="other parameters")
    assert len(calls) == 4 and len(list(cache.glob("t.*.marshal"))) == 4


def test_a_damaged_or_truncated_file_is_rebuilt_never_used(cache, tmp_path):
    from robustir.attacks.lex.compiled import compiled

    calls = []

    def build():
        calls.append(1)
        return {"word": ["translation"]}

    compiled("d", build, resources=[], code=[])
    (path,) = cache.glob("d.*.marshal")
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0x01  # one flipped bit inside the payload
    path.write_bytes(bytes(blob))
    assert compiled("d", build, resources=[], code=[]) == {"word": ["translation"]} and len(calls) == 2
    path.write_bytes(path.read_bytes()[:20])  # truncated
    assert compiled("d", build, resources=[], code=[]) == {"word": ["translation"]} and len(calls) == 3
    assert compiled("d", build, resources=[], code=[]) == {"word": ["translation"]} and len(calls) == 3


def test_off_disables_the_cache(tmp_path, monkeypatch):
    from robustir.attacks.lex.compiled import cache_root, compiled

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", "off")
    assert cache_root() is None
    calls = []
    compiled("o", lambda: calls.append(1) or {}, resources=[], code=[])
    compiled("o", lambda: calls.append(1) or {}, resources=[], code=[])
    assert len(calls) == 2
    monkeypatch.delenv("ROBUSTIR_LEXICON_CACHE")
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / "lexicons"


def test_freedict_from_the_cache_equals_the_parsed_dictionary(cache, tmp_path, monkeypatch):
    from robustir.attacks import freedict

    entries = [("house", "house /haus/ <N>\n1. घर\n      \"an example\"\n2. मकान, भवन\n"),
               ("matthew", "Matthew /m/ <pn>\nमैथ्यू\n"), ("water", "water <n>\n1. पानी (drink); जल\n"),
               ("house", "house <v>\nबसाना\n")]
    write_dictd(tmp_path, "freedict-eng-hin", entries)
    fresh = freedict._parse(tmp_path / "freedict-eng-hin.index", tmp_path / "freedict-eng-hin.dict.dz", "en", "hi")
    monkeypatch.setattr(freedict, "_LOADED", {})
    built = freedict.load_freedict("en", "hi", tmp_path)  # parsed, written
    monkeypatch.setattr(freedict, "_LOADED", {})
    monkeypatch.setattr(freedict, "_parse", lambda *a: pytest.fail("parsed again: the cache was not used"))
    loaded = freedict.load_freedict("en", "hi", tmp_path)
    assert fresh == built == loaded == {"house": ["घर", "मकान", "भवन", "बसाना"], "water": ["पानी", "जल"]}
    assert list(loaded) == list(fresh)
    assert len(list(cache.glob("freedict-eng-hin.*.marshal"))) == 1
    # installed() answers as load_freedict does, without reading
    assert freedict.installed("en", "hi", tmp_path) and not freedict.installed("en", "xx", tmp_path)
    assert freedict.load_freedict("en", "xx", tmp_path) is None


def test_muse_from_the_cache_equals_the_parsed_dictionary(cache, tmp_path, monkeypatch):
    from robustir.attacks import muse

    (tmp_path / "en-ru.txt").write_text("lake озеро\nlake пруд\nriver река\ncar машина\nnasa nasa\nx1 y\n"
                                        "car автомобиль\nbad\tline here\n", encoding="utf-8")
    fresh = muse._parse(tmp_path / "en-ru.txt", "ru")
    rp = {"muse": tmp_path}
    monkeypatch.setattr(muse, "_LOADED", {})
    built = muse.load_muse_dictionary("ru", rp)
    monkeypatch.setattr(muse, "_LOADED", {})
    monkeypatch.setattr(muse, "_parse", lambda *a: pytest.fail("parsed again: the cache was not used"))
    loaded = muse.load_muse_dictionary("ru", rp)
    assert (built.en_to, built.to_en) == (loaded.en_to, loaded.to_en) == fresh
    assert loaded.en_to == {"lake": ["озеро", "пруд"], "river": ["река"], "car": ["машина", "автомобиль"]}
    assert list(loaded.to_en) == list(fresh[1])
    assert muse.muse_available("ru", rp) and not muse.muse_available("de", rp)


@pytest.fixture(scope="module")
def nltk_data() -> Path:
    from robustir.errors import RobustirError
    from robustir.resources import ensure

    try:
        return ensure("nltk-data")
    except (MissingResource, RobustirError) as e:  # pragma: no cover - depends on the machine
        pytest.skip(str(e))


def test_wordnet_from_the_cache_equals_nltks_own_reader(cache, nltk_data, monkeypatch):
    import warnings

    from nltk.corpus.reader import CorpusReader, WordNetCorpusReader
    from robustir.attacks.lex import nltkdata

    wn_dir = nltk_data / "corpora" / "wordnet"
    omw_dir = next((nltk_data / "corpora" / d for d in ("omw-1.4", "omw-2.0") if (nltk_data / "corpora" / d).is_dir()),
                   None)
    if omw_dir is None:
        pytest.skip("no OMW folder")

    import nltk

    if str(nltk_data) not in nltk.data.path:  # as open_wordnet does
        monkeypatch.setattr(nltk.data, "path", [*nltk.data.path, str(nltk_data)])

    def omw():
        return CorpusReader(str(omw_dir), r".*/wn-data-.*\.tab", encoding="utf8")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = WordNetCorpusReader(str(wn_dir), omw())
        fresh.all_lemma_names(lang="spa")
        built = nltkdata._compiled_reader(wn_dir, omw_dir, omw())  # parses and writes
        built.all_lemma_names(lang="spa")
        monkeypatch.setattr(WordNetCorpusReader, "_load_lemma_pos_offset_map",
                            lambda self: pytest.fail("parsed again: the cache was not used"))
        monkeypatch.setattr(WordNetCorpusReader, "custom_lemmas",
                            lambda self, *a: pytest.fail("parsed again: the cache was not used"))
        loaded = nltkdata._compiled_reader(wn_dir, omw_dir, omw())
        loaded.all_lemma_names(lang="spa")
    assert type(loaded).__name__ == "CompiledWordNetReader"
    for reader in (built, loaded):
        a, b = nltkdata._state(reader), nltkdata._state(fresh)
        assert a == b
        assert list(a["lemmas"]) == list(b["lemmas"]) and list(a["exc"]) == list(b["exc"])
        assert nltkdata._lang_state(reader, "spa") == nltkdata._lang_state(fresh, "spa")
        assert reader._exception_map["s"] is reader._exception_map["a"]
        assert reader.langs() == fresh.langs()
        assert reader.synsets("bank") == fresh.synsets("bank")
        assert reader.synsets("perro", lang="spa") == fresh.synsets("perro", lang="spa")
        assert reader.morphy("geese", "n") == fresh.morphy("geese", "n") == "goose"
        assert [s.name() for s in reader.all_synsets("a")][:50] == [s.name() for s in fresh.all_synsets("a")][:50]


def test_codeswitch_precise_choices_from_disk_equal_computed_ones(tmp_path, nltk_data, monkeypatch):
    pytest.importorskip("spacy")
    pytest.importorskip("wordfreq")
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not (d / "en-es.txt").is_file():
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    try:
        from robustir.attacks.analysis.english import nlp

        nlp()
    except (OSError, MissingResource) as e:  # pragma: no cover - depends on the machine
        pytest.skip(str(e))
    rp = {"nltk-data": nltk_data, "muse": d}
    texts = ["What is the capital city of the country?", "Which river flows through the old town?",
             "How many students attend the university?"]
    a = PreciseCodeSwitch(languages=["es", "de"], context="none", resource_paths=rp, cache_dir=tmp_path)
    a.prepare(texts)
    assert a._options_file() is not None and a._options_file().is_file()
    b = PreciseCodeSwitch(languages=["es", "de"], context="none", resource_paths=rp, cache_dir=tmp_path)
    monkeypatch.setattr(b, "_compute", lambda *x: pytest.fail("computed again: the disk cache was not used"))
    b.prepare(texts)
    for t in texts:
        assert b._analyse(t, "en") == a._analyse(t, "en")
        assert [p.text for p in b.word_candidates(t)] == [p.text for p in a.word_candidates(t)]
        assert b.perturb(t, random.Random(3)) == a.perturb(t, random.Random(3))
    # another threshold: another file
    c = PreciseCodeSwitch(languages=["es", "de"], context="none", resource_paths=rp, cache_dir=tmp_path, min_zipf=4.0)
    assert c._options_file() != a._options_file()


def test_omw_installed_answers_as_opening_wordnet_does(nltk_data, tmp_path):
    from robustir.attacks.candidates import Sources
    from robustir.attacks.lex.nltkdata import omw_installed

    rp = {"nltk-data": nltk_data}
    sources = Sources(rp)
    for lang in ["es", "fr", "zh", "th", "en", "de", "ru", "sw", "xx"]:  # (each OMW language opened costs ~1 s)
        assert omw_installed(lang, rp) == (sources.omw(lang) is not None), lang
    assert not omw_installed("es", {"nltk-data": tmp_path})  # no WordNet there


def test_files_digest_names_labelled_bytes_not_where_the_files_lie(tmp_path):
    from robustir.attacks.lex.compiled import files_digest

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "x.py", tmp_path / "b" / "x.py"
    a.write_text("print(1)\n", encoding="utf-8")
    b.write_text("print(1)\n", encoding="utf-8")
    assert files_digest([("x.py", a)]) == files_digest([("x.py", b)])  # same code elsewhere: same key
    assert files_digest([("x.py", a)]) != files_digest([("y.py", a)])
    assert files_digest([("x.py", a)]) != files_digest([("x.py", tmp_path / "absent.py")])
    b.write_text("print(22)\n", encoding="utf-8")  # an edit is seen (the memo is keyed by the file's stat)
    assert files_digest([("x.py", a)]) != files_digest([("x.py", b)])
