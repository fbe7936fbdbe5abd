"""Lexical attack families: code-switching (OMW, trans-de-en, MUSE) and synonyms (WordNet, GloVe).

Needs the ``nltk-data`` resource (and ``glove-6b-50d`` for the GloVe tests), obtained through
robustir.resources.ensure; tests skip with the reason when a resource cannot be had.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustir.attacks.base import AttackError, MissingResource
from robustir.attacks.codeswitch import CodeSwitch
from robustir.attacks.lexicon import (
    DEFAULT_TRANS_DE_EN,
    load_muse,
    match_case,
    parse_trans_de_en,
    split_words,
    wordnet_lexicon,
)
from robustir.attacks.synonym import GloveSynonym, WordNetSynonym
from robustir.attacks.tokenize import words

EN_QUERY = "The old president bought a new car and a house near the river, didn't he?"


def _resource(name: str) -> Path:
    from robustir.errors import RobustirError
    from robustir.resources import ensure

    try:
        return ensure(name)
    except RobustirError as e:  # pragma: no cover - depends on the machine
        pytest.skip(f"resource {name} not available: {e}")


@pytest.fixture(scope="module")
def rp() -> dict[str, Path]:
    return {"nltk-data": _resource("nltk-data")}


@pytest.fixture(autouse=True)
def _no_muse(tmp_path_factory, monkeypatch):
    """These tests pin the WordNet/trans-de-en/user-file behaviour: the MUSE folder of
    $ROBUSTIR_DATA (present on some machines only) is hidden behind an empty one."""
    monkeypatch.setenv("ROBUSTIR_MUSE", str(tmp_path_factory.mktemp("no-muse")))


@pytest.fixture(scope="module")
def lex(rp):
    return wordnet_lexicon(rp)


def _omw_lemmas(lex, lang: str) -> set[str]:
    code = lex.omw_code(lang)
    return {n.lower().replace("_", " ").replace("+", "") for n in lex.wn.all_lemma_names(lang=code)}


def _untouched_equal(original: str, perturbed, ) -> None:
    """Words without an edit and all non-word characters are exactly as in the original."""
    edited = {e.position for e in perturbed.edits}
    orig_words = [t.text for t in words(original)]
    new_parts = split_words(perturbed.text)
    orig_parts = split_words(original)
    assert len(new_parts) == len(orig_parts) or any(" " in e.replacement for e in perturbed.edits)
    if len(new_parts) == len(orig_parts):
        assert new_parts[0::2] == orig_parts[0::2]  # spacing and punctuation kept
        for i, w in enumerate(orig_words):
            if i not in edited:
                assert new_parts[2 * i + 1] == w
            else:
                assert new_parts[2 * i + 1] != w


# ---------------------------------------------------------------- code-switching


@pytest.mark.parametrize("lang", ["es", "fr", "it", "pt", "nl", "fi", "pl", "zh", "ja", "ca"])
def test_codeswitch_english_query_gets_lexicon_words_of_target_language(rp, lex, lang):
    cs = CodeSwitch(languages=[lang], context="none", rate=1.0, resource_paths=rp)
    out = cs.perturb(EN_QUERY, random.Random(0), "en")
    assert out.edits, f"no word of {EN_QUERY!r} was switched to {lang}"
    assert out.language == "en"
    lemmas = _omw_lemmas(lex, lang)
    for e in out.edits:
        assert e.operation == f"codeswitch:{lang}"
        assert e.replacement.lower() in lemmas, (e, lang)
        assert e.replacement.lower() != e.original.lower()
        assert e.original.lower() not in {"the", "a", "and", "he"}  # stopwords stay
    _untouched_equal(EN_QUERY, out)


@pytest.mark.parametrize("lang,query,expected", [
    ("es", "el coche rojo de mi casa grande", {"coche": {"car", "automobile"}, "casa": {"house", "home"}}),
    ("fr", "la maison et la voiture du président", {"maison": {"house", "home"},
                                                    "voiture": {"car", "automobile"}}),
    ("pt", "a água do rio e a casa do presidente", {"água": {"water"}, "rio": {"river"},
                                                    "casa": {"house", "home"}}),
])
def test_codeswitch_foreign_query_gets_english_words(rp, lex, lang, query, expected):
    cs = CodeSwitch(languages=["es"], context="none", rate=1.0, resource_paths=rp)
    out = cs.perturb(query, random.Random(1), lang)
    assert out.edits and out.language == lang
    reps = {e.original: e.replacement for e in out.edits}
    for e in out.edits:
        assert e.operation == "codeswitch:en"
        assert lex.wn.synsets(e.replacement.replace(" ", "_")), e  # an English WordNet word
        assert e.replacement == e.replacement.lower()  # no proper nouns for common words
    # any translation of the word's sense (the context filter, off here, would choose among them)
    assert all(reps.get(k) in v for k, v in expected.items()), reps
    assert not set(reps) & {"el", "de", "mi", "la", "et", "du", "a", "do", "e"}  # stopwords stay
    _untouched_equal(query, out)


def test_codeswitch_keeps_capitalisation_and_punctuation(rp):
    # mid-sentence capitals and all-caps words are names or acronyms for the tagger: kept
    # (English words of more than 6 WordNet senses, such as "house", are never switched)
    text = "Rivers by the lake... «old rivers», BIG (Car)?"
    cs = CodeSwitch(languages=["es"], context="none", rate=1.0, resource_paths=rp)
    out = cs.perturb(text, random.Random(3))
    by_orig = {e.original: e.replacement for e in out.edits}
    assert {"Rivers", "lake"} <= set(by_orig) and not {"BIG", "Car"} & set(by_orig)
    assert by_orig["Rivers"][0].isupper() and by_orig["Rivers"][1:].islower()  # sentence-initial capital kept
    assert by_orig["lake"].islower()
    _untouched_equal(text, out)


def test_match_case_rules():
    assert match_case("House", "casa") == "Casa"
    assert match_case("HOUSE", "casa") == "CASA"
    assert match_case("house", "Haus") == "Haus"  # German nouns keep their capital
    assert match_case("Haus", "house", "de", sentence_initial=False) == "house"
    assert match_case("Haus", "house", "de", sentence_initial=True) == "House"


def test_codeswitch_per_query_uses_one_language(rp):
    cs = CodeSwitch(languages=["es", "fr", "it"], context="none", rate=1.0, choice="per-query", resource_paths=rp)
    seen = set()
    for seed in range(12):
        out = cs.perturb(EN_QUERY, random.Random(seed))
        langs = {e.operation for e in out.edits}
        assert len(langs) == 1
        seen |= langs
    assert len(seen) > 1  # the language is drawn per query


def test_codeswitch_per_word_mixes_languages(rp):
    cs = CodeSwitch(languages=["es", "fr", "it"], context="none", rate=1.0, choice="per-word", resource_paths=rp)
    langs = {e.operation for s in range(5) for e in cs.perturb(EN_QUERY, random.Random(s)).edits}
    assert len(langs) == 3


def test_codeswitch_budget_and_determinism(rp):
    cs = CodeSwitch(languages=["es", "fr"], context="none", rate=0.5, resource_paths=rp)
    a = [cs.perturb(EN_QUERY, random.Random(f"7:{i}")) for i in range(10)]
    b = [CodeSwitch(languages=["es", "fr"], context="none", rate=0.5, resource_paths=rp)
         .perturb(EN_QUERY, random.Random(f"7:{i}")) for i in range(10)]
    assert [x.to_dict() for x in a] == [x.to_dict() for x in b]
    assert len({x.text for x in a}) > 1
    eligible = len(cs._analyse(EN_QUERY, "en")[2])
    assert all(len(x.edits) == max(1, int(0.5 * eligible + 0.5)) for x in a)
    capped = CodeSwitch(languages=["es"], context="none", rate=1.0, max_edits=1, resource_paths=rp)
    assert len(capped.perturb(EN_QUERY, random.Random(0)).edits) == 1
    zero = CodeSwitch(languages=["es"], context="none", rate=0.0, resource_paths=rp)
    assert zero.perturb(EN_QUERY, random.Random(0)).text == EN_QUERY


def test_codeswitch_word_candidates(rp):
    cs = CodeSwitch(languages=["es", "fr"], context="none", resource_paths=rp)
    cands = cs.word_candidates("the river by the lake", "en")
    assert {c.edits[0].original for c in cands} == {"river", "lake"}
    reps = {(c.edits[0].original, c.edits[0].operation): c.edits[0].replacement for c in cands}
    assert reps[("lake", "codeswitch:es")] == "lago"
    assert reps[("river", "codeswitch:fr")] in {"fleuve", "rivière"}
    assert {c.edits[0].operation for c in cands} == {"codeswitch:es", "codeswitch:fr"}
    assert all(len(c.edits) == 1 for c in cands)


@pytest.mark.slow  # parses the 206,000-line dictionary once (~10 s)
@pytest.mark.skipif(not DEFAULT_TRANS_DE_EN.is_file(),
                    reason="/usr/share/trans/de-en absent: `apt-get install trans-de-en`")
def test_codeswitch_german_via_trans_de_en(rp, tmp_path, monkeypatch):
    import robustir.attacks.lex.transdeen as transdeen

    monkeypatch.setattr(transdeen, "_DICTS", {})  # an earlier test's in-process copy would skip the disk cache
    cs = CodeSwitch(languages=["de"], context="none", rate=1.0, cache_dir=tmp_path, resource_paths=rp)
    # each noun asked for alone: since section 126 the domain-sense rule reads "water" (and "house") beside
    # "river" and "city" in another WordNet sense, which this source does not translate (left unswitched;
    # bench/RESULTS.md section 127 notes the coverage loss)
    edits = [e for w in ("the river", "the water", "the city") for e in cs.perturb(w, random.Random(0)).edits]
    reps = {e.original: e.replacement for e in edits}
    assert reps["river"] == "Fluss" and reps["water"] == "Wasser" and reps["city"] == "Stadt"
    assert all(e.operation == "codeswitch:de" for e in edits)
    back = cs.perturb("Das Haus und das Wasser der Stadt", random.Random(0), "de")
    reps = {e.original: e.replacement for e in back.edits}
    # Haus -> house is a correct switch: since the L -> en changes of bench/RESULTS.md section 30 the
    # one-source rule no longer drops it in this MUSE-less setting (the old expectation's reason, the
    # cap on WordNet senses, applies to English words switched out, not to English candidates)
    assert reps["Haus"] == "house"
    assert reps["Wasser"] == "water" and reps["Stadt"] in {"city", "town"}  # noun capital not passed on
    assert "Das" not in reps and "der" not in reps  # function words -> English stopwords: skipped
    assert list(tmp_path.glob("trans-de-en.*.json"))  # compiled once, cached on disk


def test_trans_de_en_parser_format():
    lines = [
        "# comment :: ignored\n",
        "Haus {n} | Häuser {pl} | ein Haus bauen :: house | houses | to build a house\n",
        "Geschlecht {n}; Familie {f} :: house\n",
        "kaufen {vt} | kaufend :: to buy; to purchase | buying\n",
        "etw. erwerben {vt} [jur.] :: to acquire sth.\n",
        "ohne {prp; +Akk.} /o./ | ohne das Auto :: without (w/o); sans [archaic] | without the car\n",
    ]
    de_en, en_de = parse_trans_de_en(lines)
    assert en_de["without"] == "ohne" and de_en["ohne"] == "without"  # ';' inside a tag splits nothing
    assert not any("Akk" in v or "}" in v for v in [*de_en, *de_en.values(), *en_de.values()])
    assert de_en["Haus"] == "house" and de_en["Häuser"] == "houses"
    assert de_en["kaufen"] == "buy" and de_en["kaufend"] == "buying"
    assert de_en["erwerben"] == "acquire"  # placeholders and tags dropped
    assert en_de["house"] == "Haus"  # the richer headword entry wins over "Geschlecht"
    assert en_de["buy"] == "kaufen" and en_de["purchase"] == "kaufen"
    assert "ein Haus bauen" not in de_en  # phrases are no keys


def test_codeswitch_muse_lexicon_both_directions(rp, tmp_path):
    muse = tmp_path / "en-ru.txt"
    muse.write_text("lake озеро\nriver река\ncar машина\n", encoding="utf-8")
    cs = CodeSwitch(languages=["ru"], context="none", rate=1.0, lexicons={"en-ru": muse}, resource_paths=rp)
    out = cs.perturb("The lake near the river", random.Random(0))
    assert out.text == "The озеро near the река"
    back = cs.perturb("озеро у реки и машина", random.Random(0), "ru")  # inverted lexicon
    # реки (genitive) is found by its lemma where pymorphy3 and FreeDict eng-rus are installed
    assert back.text in {"lake у реки и car", "lake у river и car"}
    bad = tmp_path / "bad.txt"
    bad.write_text("one two three\n", encoding="utf-8")
    with pytest.raises(AttackError, match=r"bad.txt:1"):
        load_muse(bad, "en", "xx")


def test_missing_lexicon_raises_missing_resource(rp, tmp_path, monkeypatch):
    with pytest.raises(MissingResource, match="MUSE"):
        CodeSwitch(languages=["sw"], context="none", resource_paths=rp)  # no source has Swahili
    with monkeypatch.context() as m:  # a machine without FreeDict's German packages either
        m.setattr("robustir.attacks.candidates.load_freedict", lambda *a, **k: None)
        m.setattr("robustir.attacks.candidates.freedict_installed", lambda *a, **k: False)
        with pytest.raises(MissingResource, match="apt-get install trans-de-en"):
            CodeSwitch(languages=["de"], context="none", trans_de_en=tmp_path / "nope", resource_paths=rp)
    cs = CodeSwitch(languages=["es"], context="none", resource_paths=rp)
    with pytest.raises(MissingResource, match="sw"):
        cs.perturb("nyumba ya mto", random.Random(0), "sw")
    with pytest.raises(MissingResource, match="nltk-data"):
        CodeSwitch(languages=["es"], context="none", resource_paths={"nltk-data": tmp_path}).perturb(
            "the house", random.Random(0))
    # ... and the check a run makes before any encoding says so for English queries (bench/RESULTS.md 196)
    no_wordnet = CodeSwitch(languages=["es"], context="none", resource_paths={"nltk-data": tmp_path})
    with pytest.raises(MissingResource, match="WordNet not found"):
        no_wordnet.check_language("en")
    CodeSwitch(languages=["es"], context="none", resource_paths=rp).check_language("en")  # installed: no error
    with pytest.raises(AttackError, match="rate"):
        CodeSwitch(languages=["es"], context="none", rate=1.5, resource_paths=rp)
    with pytest.raises(AttackError, match="choice"):
        CodeSwitch(languages=["es"], context="none", choice="sometimes", resource_paths=rp)


# ---------------------------------------------------------------- synonyms


def test_wordnet_synonym_swaps_for_synonyms(rp, lex):
    syn = WordNetSynonym(rate=1.0, resource_paths=rp)
    out = syn.perturb("The movie about cars was great", random.Random(0))
    reps = {e.original: e.replacement for e in out.edits}
    assert "movie" in reps and "cars" in reps
    movie_lemmas = {lem.lower() for s in lex.wn.synsets("movie") for lem in s.lemma_names()}
    assert reps["movie"].lower() in movie_lemmas
    assert reps["cars"].endswith("s")  # plural nouns get plural synonyms
    assert "The" not in reps and "was" not in reps
    assert all(e.operation == "synonym" for e in out.edits)
    _untouched_equal("The movie about cars was great", out)


def test_wordnet_synonym_multilingual(rp, lex):
    syn = WordNetSynonym(rate=1.0, resource_paths=rp)
    out = syn.perturb("el coche rojo", random.Random(0), "es")
    spa = _omw_lemmas(lex, "es")
    assert out.edits and all(e.replacement.lower() in spa for e in out.edits)
    with pytest.raises(MissingResource):
        WordNetSynonym(languages=["ru"], resource_paths=rp)


@pytest.fixture(scope="module")
def glove(rp):
    return GloveSynonym(rate=1.0, resource_paths={**rp, "glove-6b-50d": _resource("glove-6b-50d")})


@pytest.mark.parametrize("word", ["buy", "good", "increase", "high", "win", "open", "rich", "hot",
                                  "love", "early", "strong", "north"])
def test_glove_synonym_never_returns_an_antonym(glove, lex, word):
    cands = glove.candidates(word)
    banned = set(lex.antonyms(word))
    for f in lex.base_forms(word):
        banned |= lex.antonyms(f)
    assert not set(cands) & banned, (word, cands, banned)
    for c in cands:
        assert not lex.base_forms(c) & banned


def test_glove_raw_neighbours_do_contain_antonyms(glove, lex):
    # the filter has work to do: raw GloVe puts "sell" next to "buy"
    raw = glove.neighbours("buy", 10)
    assert len(raw) == 10 and "sell" in [w for w, _ in raw]
    assert [c for _, c in raw] == sorted((c for _, c in raw), reverse=True)
    assert "sell" not in glove.candidates("buy")
    with_antonym = [w for w in ("buy", "good", "high", "win", "open", "rich", "hot", "early", "north")
                    if set(x for x, _ in glove.neighbours(w, 50)) & lex.antonyms(w)]
    assert len(with_antonym) >= 4, with_antonym


def test_glove_synonym_keeps_case_and_is_english_only(glove, rp):
    out = glove.perturb("MOVIE Cars", random.Random(0))
    assert [e.replacement.isupper() for e in out.edits][:1] == [True]
    assert out.edits[-1].replacement[0].isupper()
    with pytest.raises(MissingResource, match="English-only"):
        GloveSynonym(languages=["es"], resource_paths={**rp, "glove-6b-50d": Path("/nonexistent")})


# ---------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def all_lexical(rp):
    return [CodeSwitch(languages=["es", "fr", "zh"], context="none", rate=0.5, resource_paths=rp),
            CodeSwitch(languages=["es", "it"], context="none", rate=1.0, choice="per-query", resource_paths=rp),
            WordNetSynonym(rate=0.5, resource_paths=rp)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60), seed=st.integers(0, 2**32), lang=st.sampled_from(["en", "es", "fr"]))
def test_arbitrary_unicode_never_raises(all_lexical, text, seed, lang):
    for p in all_lexical:
        out = p.perturb(text, random.Random(seed), lang)
        assert isinstance(out.text, str)
        again = p.perturb(text, random.Random(seed), lang)
        assert again.to_dict() == out.to_dict()
        if not out.edits:
            assert out.text == text
        for e in out.edits:
            assert words(text)[e.position].text == e.original


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60) | st.sampled_from(["Buy GOOD cars, now!", "the hot sea", "¿qué?"]),
       seed=st.integers(0, 2**32))
def test_glove_arbitrary_unicode_never_raises(glove, text, seed):
    out = glove.perturb(text, random.Random(seed), "en")
    assert isinstance(out.text, str)
    assert glove.perturb(text, random.Random(seed), "en").to_dict() == out.to_dict()
    for e in out.edits:
        assert words(text)[e.position].text == e.original and e.replacement != e.original


def test_codeswitch_options_cache_on_disk(rp, tmp_path, monkeypatch):
    texts = [EN_QUERY, "where is the capital city of the country", "the water of the river"]
    a = CodeSwitch(languages=["es", "fr"], context="none", rate=0.5, cache_dir=tmp_path, resource_paths=rp)
    a.prepare(texts, ["en"] * 3)
    files = list(tmp_path.glob("codeswitch-options.*.json"))
    assert len(files) == 1
    b = CodeSwitch(languages=["es", "fr"], context="none", rate=0.5, cache_dir=tmp_path, resource_paths=rp)

    def no_lexicon(*args):
        raise AssertionError("a lexicon was consulted although every word was cached")

    monkeypatch.setattr(b.sources, "from_english", no_lexicon)
    b.prepare(texts, ["en"] * 3)
    for i, t in enumerate(texts):
        assert b.perturb(t, random.Random(i)).to_dict() == a.perturb(t, random.Random(i)).to_dict()
    other = CodeSwitch(languages=["es", "it"], context="none", cache_dir=tmp_path, resource_paths=rp)
    other.prepare(texts[:1], ["en"])
    assert len(list(tmp_path.glob("codeswitch-options.*.json"))) == 2  # config in the key


def test_options_cache_key_covers_the_modules_codeswitch_imports():
    # the on-disk options are reused while _code_digest is unchanged: every attacks module the two
    # code-switching recipes import must be in it (realwords.py, which filters the Zipf word lists,
    # was not), else an edit there would leave stale options in use. A fresh interpreter: other tests
    # import other attacks modules into this one
    import json
    import subprocess
    import sys

    from robustir.attacks import codeswitch

    probe = ("import json, sys, robustir.attacks.codeswitch_precise; "
             "print(json.dumps([getattr(m, '__file__', None) or '' for m in list(sys.modules.values())]))")
    files = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                      check=True).stdout)
    root = Path(codeswitch.__file__).parent.resolve()
    loaded = {Path(f).resolve() for f in files if f.endswith(".py")}
    loaded = {f for f in loaded if f.parent in (root, root / "analysis", root / "lex")}
    inert = {root / "__init__.py", root / "base.py", root / "errors.py", root / "analysis" / "__init__.py",
             root / "lex" / "__init__.py"}  # classes, errors and re-exports: no option depends on them
    covered = {f.resolve() for f in codeswitch._code_files()}
    assert root / "candidates.py" in loaded  # the probe saw the recipe's modules
    assert loaded - covered - inert == set()


def test_omw_data_noise_stays_out_of_the_users_output(rp, monkeypatch):
    # OMW's Chinese lists synsets WordNet 3.0 lacks; nltk warns once per such line while loading.
    # A fresh reader (the shared one may have loaded Chinese already) must load it silently,
    # even where every warning is recorded (a study cell records them as notes).
    import warnings

    from robustir.attacks.lex import nltkdata
    from robustir.attacks.lex.wordnet import WordNetLexicon

    monkeypatch.setattr(nltkdata, "_WORDNETS", {})
    lex = WordNetLexicon(rp)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert lex.omw_code("zh") == "cmn"
        assert lex.wn.lemmas("狗", lang="cmn")  # the data is there
    assert not [w for w in caught if "invalid offset" in str(w.message)]


def test_codeswitch_edit_positions_index_the_tokenizer_words(rp):
    """spaCy splits "_version" into "_" + "version" while the tokenizer keeps one word (found by the
    property test above): only whole tokenizer words are switched, and an edit's position is the
    word's index among ``words(text)``, whatever the analysis counted before it."""
    cs = CodeSwitch(languages=["es"], context="none", rate=1.0, resource_paths=rp)
    assert not cs.perturb("_vERSion", random.Random(0), "en").edits
    for text in ["the _version of the game", "the new version of the game", "U.S. version of the game"]:
        out = cs.perturb(text, random.Random(0), "en")
        for e in out.edits:
            assert words(text)[e.position].text == e.original
    assert cs.perturb("the new version of the game", random.Random(0), "en").edits  # whole words still switch
