"""Recipes: validation messages, built-in discovery (also from a built wheel), building."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from robustir.errors import InputError
from robustir.recipe import Recipe, list_recipes, load_recipe, parse_recipe

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {"typo", "typo-adv", "homoglyph", "ocr", "synonym", "synonym-adv", "codeswitch", "codeswitch-adv",
           "translate-rt-pt", "translate-rt-es", "query-pt", "query-es",
           "diacritics", "diacritics-adv", "translit", "translit-adv", "script", "script-adv", "script-fullwidth",
           "keywords", "wordorder", "wordorder-adv", "segmentation"}
# the recipe families of issue #11: each declares the languages it serves
SCRIPT_FAMILIES = ("typo", "homoglyph", "ocr", "diacritics", "translit", "script", "keywords", "wordorder",
                   "segmentation")
GOOD = """
name = "mine"
description = "my typos"
family = "typo"
samples = 2
[perturbation]
type = "typo"
rate = 0.2
[constraints]
min_length = 3
stopwords = false
[search]
type = "random"
"""


def _err(text: str) -> str:
    with pytest.raises(InputError) as e:
        parse_recipe(text, "x.toml")
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith("x.toml: ")
    return msg


def test_builtin_recipes_are_all_there_and_valid() -> None:
    recipes = {r.name: r for r in list_recipes()}
    assert set(recipes) == SHIPPED
    for r in recipes.values():
        assert isinstance(r, Recipe) and r.description and "\n" not in r.description
        assert r.search in ("random", "greedy") and len(r.sha256) == 64
        assert (r.search == "greedy") == r.name.endswith("-adv")


def test_character_and_crosslingual_recipes_declare_their_languages() -> None:
    for r in list_recipes():
        if r.family in SCRIPT_FAMILIES:
            assert r.languages, r.name
            assert all(len(code) == 2 for code in r.languages)
    assert "zh" in load_recipe("script").languages and "en" not in load_recipe("translit").languages


def test_a_recipe_asked_for_a_language_it_does_not_serve_names_the_ones_it_does() -> None:
    r = load_recipe("translit")
    r.check_languages({"ru", "hi"}, "xquad-r:ru")  # served: no error
    with pytest.raises(InputError) as e:
        r.check_languages({"en"}, "xquad-r:en")
    msg = str(e.value)
    assert "\n" not in msg and "'translit'" in msg and "en" in msg
    assert all(code in msg for code in r.languages)
    load_recipe("query-es").check_languages({"xx"}, "anything")  # no declaration: any language
    with pytest.raises(InputError, match="languages"):
        parse_recipe(GOOD.replace('samples = 2', 'samples = 2\nlanguages = ["english"]'), "x.toml")
    with pytest.raises(InputError, match="languages"):
        parse_recipe(GOOD.replace('samples = 2', 'samples = 2\nlanguages = []'), "x.toml")


def test_unserved_language_fails_in_prepare_before_the_model_loads(monkeypatch) -> None:
    from robustir import evaluation

    built = []
    monkeypatch.setattr(Recipe, "build", lambda self: built.append(self.name))

    class Q:
        def __init__(self, lang: str) -> None:
            self.language = lang

    class B:
        name = "fake:en"
        queries = [Q("en")]

        def subset(self, limit):  # noqa: ANN001, ANN202
            return self

    monkeypatch.setattr("robustir.data.load_benchmark", lambda *a, **k: B())
    with pytest.raises(InputError, match="serves"):
        evaluation.prepare_attack("translit", "fake:en")
    assert built == []


def test_cli_unserved_language_is_one_line_exit_2(shared_data: Path, tmp_path: Path) -> None:
    env = dict(os.environ, ROBUSTIR_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "robustir", "perturb", "--recipe", "translit", "--dataset",
                          "xquad-r:en", "--output", str(tmp_path / "out.jsonl")],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 2, out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in out.stderr
    assert "translit" in lines[0] and "ru" in lines[0] and "zh" in lines[0]
    assert not (tmp_path / "out.jsonl").exists()


def test_good_recipe_parses_and_hash_ignores_layout() -> None:
    r = parse_recipe(GOOD, "x.toml")
    assert (r.name, r.family, r.search, r.samples) == ("mine", "typo", "random", 2)
    same = parse_recipe("# a comment\n" + GOOD.replace("rate = 0.2", "rate   =   0.2"), "y.toml")
    assert same.sha256 == r.sha256
    assert parse_recipe(GOOD.replace("0.2", "0.3"), "x.toml").sha256 != r.sha256


@pytest.mark.parametrize("edit, expected", [
    (("rate = 0.2", "rat = 0.2"), "[perturbation] unknown key 'rat' for type 'typo' (did you mean 'rate'?)"),
    (("rate = 0.2", "rate = 1.5"), "rate must be between 0 and 1, got 1.5"),
    (("rate = 0.2", "rate = -0.1"), "rate must be between 0 and 1"),
    (("rate = 0.2", 'rate = "lots"'), "rate must be a number, got 'lots'"),
    (('type = "typo"', 'type = "typos"'), "unknown type 'typos' (did you mean 'typo'?)"),
    (("min_length = 3", "min_lenght = 3"), "[constraints] unknown key 'min_lenght' (did you mean 'min_length'?)"),
    (("min_length = 3", 'min_length = "3"'), "[constraints] min_length must be an integer"),
    (("stopwords = false", "stopwords = 1"), "stopwords must be true/false"),
    (('type = "random"', 'type = "greedy"\nbudgett = 5'), "[search] (greedy) unknown key 'budgett'"),
    (('type = "random"', 'type = "beam"'), "[search] unknown type 'beam'"),
    (("samples = 2", "samples = 0"), "'samples' must be an integer >= 1"),
    (("samples = 2", "sample = 2"), "unknown key 'sample' (did you mean 'samples'?)"),
    (('family = "typo"', ""), "missing 'family'"),
    (("[search]", "[goal]\nk = 3\n[search]"), "[goal] applies to model-aware searches only"),
])
def test_validation_messages(edit: tuple[str, str], expected: str) -> None:
    text = GOOD.replace(*edit, 1)
    assert text != GOOD
    assert expected in _err(text)


def test_unknown_language_and_bad_toml() -> None:
    text = GOOD.replace('type = "typo"\nrate = 0.2', 'type = "codeswitch"\nlanguages = ["es", "klingon"]')
    assert "[perturbation] languages: unknown language 'klingon'" in _err(text)
    assert "ISO 639-1" in _err(text)
    assert "not valid TOML" in _err("name = ")
    assert "wrong type" not in _err(GOOD.replace("rate = 0.2", "rate = true"))


def test_load_recipe_by_name_path_and_typo(tmp_path: Path) -> None:
    assert load_recipe("typo").name == "typo"
    p = tmp_path / "mine.toml"
    p.write_text(GOOD, encoding="utf-8")
    r = load_recipe(p)
    assert r.name == "mine" and r.path == p.resolve()
    assert load_recipe(str(p)).sha256 == r.sha256
    with pytest.raises(InputError, match=r"unknown recipe 'tyop' \(did you mean 'typo'\?\)"):
        load_recipe("tyop")
    with pytest.raises(InputError, match="does not exist"):
        load_recipe(tmp_path / "missing.toml")


def _fake_nltk_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "nltk_data"
    (data / "corpora" / "stopwords").mkdir(parents=True)
    (data / "corpora" / "stopwords" / "english").write_text("the\nof\nwhat\nis\n", encoding="utf-8")
    import robustir.resources

    def ensure(name: str) -> Path:
        assert name == "nltk-data", name
        return data

    monkeypatch.setattr(robustir.resources, "ensure", ensure)


@pytest.mark.parametrize("name", ["typo", "homoglyph", "ocr", "typo-adv"])
def test_char_recipes_build_and_run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_nltk_data(tmp_path, monkeypatch)
    recipe = load_recipe(name)
    assert recipe.requires() == ("nltk-data",)
    attack = recipe.build()
    assert attack.model_aware == (recipe.search == "greedy")
    queries = ["what is the capital of portugal", "is the boiling point of water 100 degrees"]
    if attack.model_aware:
        import numpy as np
        from robustir.attacks.base import RetrievalScores

        def score(texts):
            rel = np.array([1.0 if "portugal" in t else 0.0 for t in texts])
            return RetrievalScores(rel, np.full(len(texts), 0.5), np.where(rel > 0.5, 1, 30))

        out = attack.run(queries[:1], seed=0, samples=1, score_fns=[score],
                         similarity_fn=lambda o, c: np.ones(len(o)))  # the floor passes everything
        assert out[0][0].success is True
        assert [e.original for e in out[0][0].edits] == ["portugal"]
    else:
        out = attack.run(queries, seed=0, samples=recipe.samples)
        assert all(len(row) == recipe.samples for row in out)
        for row in out:
            for p in row:
                # the recipe's protection holds: stopwords, numbers, short words untouched
                assert all(e.original not in ("the", "of", "what", "is", "100") for e in p.edits)


def test_adversarial_recipes_share_their_random_twins_budget_and_have_a_semantic_floor() -> None:
    recipes = {r.name: r for r in list_recipes()}
    adversarial = [r for r in recipes.values() if r.search == "greedy"]
    assert adversarial
    for r in adversarial:
        # the independent encoder's floor, on every adversarial recipe
        assert 0 < r.spec["constraints"]["semantic_min_ratio"] <= 1, r.name
        twin = recipes.get(r.name[:-len("-adv")])
        if twin is not None:  # one budget: the random twin's rate and max_edits
            for key in ("rate", "max_edits"):
                assert r.spec["perturbation"].get(key) == twin.spec["perturbation"].get(key), (r.name, key)


def test_lexical_adversarial_recipes_score_every_swap_before_choosing_a_word() -> None:
    # one or two edits per question and few candidates per word: ranking words by deleting them
    # chose the word before any of its candidates was seen (bench/RESULTS.md section 38: 0.0219 -> 0.0238
    # nDCG@10 drop on 200 BoolQ questions, 0.0200 -> 0.0221 on XQuAD-R en, same budget)
    recipes = {r.name: r for r in list_recipes()}
    for name in ("codeswitch-adv", "synonym-adv"):
        assert recipes[name].spec["search"].get("importance") == "swap", name


def test_greedy_max_share_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "r.toml"
    p.write_text(GOOD.replace('type = "random"', 'type = "greedy"\nmax_share = 0.3'), encoding="utf-8")
    with pytest.raises(InputError, match="max_share was removed.*rate and max_edits"):
        load_recipe(p)


def test_recipe_errors_from_the_attack_layer_become_input_errors(tmp_path: Path) -> None:
    p = tmp_path / "r.toml"
    p.write_text(GOOD.replace("rate = 0.2", 'operations = ["keybord"]'), encoding="utf-8")
    with pytest.raises(InputError, match="recipe 'mine': typo: unknown operation"):
        load_recipe(p).build()


@pytest.mark.slow
def test_recipes_are_found_in_a_built_wheel(tmp_path: Path) -> None:
    """Build the wheel, install it (no deps) into a folder, list recipes from there."""
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheel_dir), str(ROOT)], check=True, capture_output=True, timeout=600)
    (wheel,) = wheel_dir.glob("robustir-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=600)
    code = ("import json, robustir.recipes as recipes, robustir.recipe as r; "
            "print(json.dumps([recipes.__file__, [x.name for x in r.list_recipes()]]))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    out = subprocess.run([sys.executable, "-I", "-c", code.replace("import json", "import sys; "
                          f"sys.path.insert(0, {str(target)!r}); import json")],
                         check=True, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    import json

    location, names = json.loads(out.stdout)
    assert location.startswith(str(target))  # really the wheel's copy, not the source tree
    assert names == [r.name for r in list_recipes()]
    assert (target / "robustir" / "attacks" / "data" / "iso639-1.txt").is_file()  # package data ships


@pytest.mark.slow
def test_every_random_recipe_on_arbitrary_unicode() -> None:
    """Each shipped random recipe (resources permitting) returns strings for any Unicode input,
    never raises, keeps its word budget and is reproducible."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from robustir.attacks.base import edit_count
    from robustir.attacks.tokenize import words

    from robustir.errors import ResourceMissing

    built = {}
    for r in list_recipes():
        if r.search != "random" or r.spec["perturbation"]["type"] in ("roundtrip-translate", "query-translate"):
            continue  # translation is sentence-level and slow: covered by its own tests
        try:
            built[r.name] = (r, r.build())
        except ResourceMissing as e:
            print(f"skipping {r.name}: {e}")
    assert "typo" in built or not built

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=50),
                          st.lists(st.sampled_from(["what", "is", "the", "capital", "of", "Portugal", "1999",
                                                    "Zürich", "東京", "ёлка", "océan", "x"]), max_size=10)
                          .map(" ".join)),
           seed=st.integers(0, 10**6))
    def check(text: str, seed: int) -> None:
        for name, (recipe, attack) in built.items():
            out = attack.run([text], seed=seed, samples=2, languages=["en"])
            assert len(out) == 1 and len(out[0]) == 2
            for p in out[0]:
                assert isinstance(p.text, str)
                p_rate = recipe.spec["perturbation"].get("rate")
                cap = recipe.spec["perturbation"].get("max_edits")
                if p_rate is not None:
                    word_edits = {e.position for e in p.edits if e.position >= 0}
                    per_edit = 2 if recipe.family == "wordorder" else 1  # a swap moves two words
                    assert len(word_edits) <= per_edit * max(edit_count(p_rate, cap, len(words(text))), 0), name
            assert attack.run([text], seed=seed, samples=2, languages=["en"]) == out, name

    check()


def test_validity_floor_is_declared_checked_and_used(tmp_path: Path) -> None:
    from robustir.validity import DEFAULT_FLOOR, family_floor, floor_of

    # romanised text is read poorly by the independent encoder: translit declares a low floor
    assert floor_of(load_recipe("translit").build()) == 0.1
    assert floor_of(load_recipe("typo").build()) == family_floor("typo") != DEFAULT_FLOOR  # calibrated
    # a recipe whose name is no family's gets its family's calibrated floor (bench/codeswitch_set.py's
    # "codeswitch-es" got the default 0.8 instead of code-switching's, section 124)
    own = tmp_path / "typo-mine.toml"
    own.write_text(GOOD.replace('name = "', 'name = "mine-'), encoding="utf-8")
    assert floor_of(load_recipe(own).build()) == family_floor("typo") != DEFAULT_FLOOR
    p = tmp_path / "r.toml"
    p.write_text(GOOD.replace('family = "typo"', 'family = "typo"\nvalidity_floor = 1.5'), encoding="utf-8")
    with pytest.raises(InputError, match="validity_floor"):
        load_recipe(p)
