"""The bad-input matrix (issue 14): every subcommand, fed bad names, files, numbers and outputs.

Each case runs ``robustir`` in-process, exactly as the console script does (``robustir.cli.main``),
and asserts: exit code 2, exactly one line on stderr naming the problem, no traceback, and no file
written under the case's output folder (nothing partial). A few documented successes (markup or
HTML in names print and render literally) assert exit 0 instead.

Cases that need a model use the tiny random model of ``tests/tiny_model.py``; all others fail
before any model is loaded, which is itself part of what is tested (options first).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_input_helpers import PLAIN_RECIPE, CliResult, run_cli, write_beir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "results"


class W:
    """One case's workspace: inputs under ``in/``, outputs under ``out/`` (which must stay empty)."""

    def __init__(self, tmp: Path, model: Path) -> None:
        self.tmp, self.model_dir = tmp, model
        self.inp, self.out = tmp / "in", tmp / "out"
        self.inp.mkdir()
        self.out.mkdir()
        self.beir = str(write_beir(self.inp / "beir"))
        self.recipe = self.file("plain.toml", PLAIN_RECIPE)
        self.result = str(FIXTURES / "base.json")
        self.result2 = str(FIXTURES / "xx.json")

    def file(self, name: str, content: str | bytes) -> str:
        p = self.inp / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return str(p)

    def recipe_with(self, old: str, new: str, name: str = "r.toml") -> str:
        assert old in PLAIN_RECIPE, old
        return self.file(name, PLAIN_RECIPE.replace(old, new, 1))

    def bad_beir(self, rel: str, content: str | bytes | None) -> str:
        root = Path(write_beir(self.inp / "bad-beir"))
        target = root / rel
        if content is None:
            target.unlink()
        else:
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return str(root)

    def result_with(self, edit: Callable[[dict], object], name: str = "bad.json") -> str:
        data = json.loads((FIXTURES / "base.json").read_text(encoding="utf-8"))
        edit(data)
        return self.file(name, json.dumps(data))

    def study(self, body: str, name: str = "s.toml") -> str:
        return self.file(name, body.replace("{beir}", self.beir).replace("{recipe}", self.recipe))

    def attack(self, *extra: str) -> list[str]:
        return ["attack", "-r", self.recipe, "-d", self.beir, "-m", str(self.model_dir),
                "-o", str(self.out / "r.json"), *extra]

    def perturb(self, *extra: str) -> list[str]:
        return ["perturb", "-r", self.recipe, "-d", self.beir, "-o", str(self.out / "p.jsonl"), *extra]

    def train(self, *extra: str) -> list[str]:
        return ["train", "--base", str(self.model_dir), "-o", str(self.out / "model"), *extra]

    def xeval(self, *extra: str) -> list[str]:
        return ["evaluate", "-m", str(self.model_dir), "-o", str(self.out / "e.json"), *extra]


STUDY = """\
name = "bad"
datasets = ["{beir}"]
recipes = ["{recipe}"]
seeds = [0]
resamples = 100
[models.m]
model = "MODEL"
"""


def _study(w: W, top: str = "", drop: str = "") -> str:
    """The study file: ``top`` keys go before the tables; lines starting with ``drop`` are left out."""
    body = top + "\n" + STUDY.replace("MODEL", str(w.model_dir))
    if drop:
        body = "\n".join(line for line in body.splitlines() if not line.startswith(drop)) + "\n"
    return w.study(body)


def _drop_clean(d: dict) -> None:
    del d["queries"][0]["clean"]


def _case(build: Callable[[W], list[str]], needle: str, id: str) -> object:  # noqa: A002
    return pytest.param(build, needle, id=id)


# ------------------------------------------------------------------------------------------- the matrix

CASES = [
    # --- names: recipes, datasets, models, studies, resources
    _case(lambda w: ["attack", "-r", "no-such-recipe", "-d", w.beir], r"recipe", "attack-unknown-recipe"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", "no-such-dataset"], r"dataset", "attack-unknown-dataset"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", "no-such-model"], r"not a known model",
          "attack-unknown-model"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", "./missing-folder/"], r"does not exist",
          "attack-missing-model-folder"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", w.file("weights.bin", "x")], r"not a model",
          "attack-model-is-a-file"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", str(Path(w.file("empty/.keep", "")).parent)],
          r"not a model directory", "attack-model-folder-empty"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", str(Path(w.file("m/modules.json", "{not json"))
                                                                      .parent)], r"not readable JSON",
          "attack-model-modules-json-broken"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", " "], r"empty model name", "attack-empty-model"),
    _case(lambda w: ["attack", "-r", str(w.inp / "nope.toml"), "-d", w.beir], r"nope\.toml",
          "attack-missing-recipe-file"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", "xquad-r:zz"], r"zz", "attack-unknown-dataset-option"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.file("corpus.jsonl", "{}\n")], r"", "attack-dataset-is-a-file"),
    _case(lambda w: ["perturb", "-r", "no-such", "-d", w.beir, "-o", str(w.out / "p.jsonl")], r"recipe",
          "perturb-unknown-recipe"),
    _case(lambda w: ["perturb", "-r", w.recipe, "-d", "nope", "-o", str(w.out / "p.jsonl")], r"dataset",
          "perturb-unknown-dataset"),
    _case(lambda w: w.train("--strategy", "mixed"), r"strategy", "train-unknown-strategy"),
    _case(lambda w: w.train("--data", "boolq"), r"training data", "train-unknown-data"),
    _case(lambda w: w.xeval("--dataset", "boolq"), r"xquad-r or mlqa-r", "evaluate-other-dataset"),
    _case(lambda w: w.xeval("--setting", "sideways"), r"unknown --setting", "evaluate-unknown-setting"),
    _case(lambda w: ["study", "no-such-study", "--out", str(w.out / "s")], r"does not exist", "study-unknown"),
    _case(lambda w: ["resources", "verify", "no-such-resource"], r"no-such-resource", "resources-verify-unknown"),
    _case(lambda w: ["resources", "fetch", "no-such-resource"], r"no-such-resource", "resources-fetch-unknown"),
    _case(lambda w: ["report", str(w.inp / "missing.json")], r"missing\.json", "report-missing-file"),
    _case(lambda w: ["compare", w.result], r"at least two", "compare-one-file"),
    _case(lambda w: ["no-such-command"], r"no-such-command", "unknown-command"),
    _case(lambda w: ["attack", "--no-such-option"], r"no-such-option", "unknown-option"),
    _case(lambda w: ["attack", "-d", w.beir], r"--recipe", "missing-required-option"),
    # --- BEIR files (the dataset loads before any model)
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("corpus.jsonl", None)], r"corpus", "beir-no-corpus"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("queries.jsonl", None)], r"queries",
          "beir-no-queries"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("qrels/test.tsv", None)], r"qrels", "beir-no-qrels"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("corpus.jsonl", "{not json}\n")], r"corpus",
          "beir-corpus-not-json"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("corpus.jsonl", b'{"_id": "d\xe9"}\n')], r"UTF-8",
          "beir-corpus-not-utf8"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("corpus.jsonl", "")], r"corpus", "beir-corpus-empty"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("queries.jsonl", '{"text": "no id"}\n')],
          r"queries", "beir-query-without-id"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("queries.jsonl", "[1, 2]\n")], r"queries",
          "beir-query-not-object"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d",
                     w.bad_beir("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq0\tnope\t1\n")], r"nope",
          "beir-qrels-unknown-doc"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d",
                     w.bad_beir("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq0\td0\thigh\n")], r"high",
          "beir-qrels-bad-score"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d",
                     w.bad_beir("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq0 d0 1\n")], r"tab",
          "beir-qrels-not-tabs"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("qrels/test.tsv", "query-id\tcorpus-id\tscore\n")],
          r"empty", "beir-qrels-header-only"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d",
                     w.bad_beir("corpus.jsonl", '{"_id": "d0", "text": "a"}\n{"_id": "d0", "text": "b"}\n')],
          r"d0", "beir-duplicate-doc"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d",
                     w.bad_beir("queries.jsonl", '{"_id": "q0", "text": "bad \\ud800 query"}\n'
                                                 '{"_id": "q1", "text": "a"}\n{"_id": "q2", "text": "b"}\n')],
          r"(surrogate|invalid|UTF)", "beir-lone-surrogate-query"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.bad_beir("corpus.jsonl", '{"title": "x", "text": "y"}\n')],
          r"corpus", "beir-doc-without-id"),
    # --- recipe TOML
    _case(lambda w: ["attack", "-r", w.file("r.toml", "name = [unclosed"), "-d", w.beir], r"TOML", "recipe-not-toml"),
    _case(lambda w: ["attack", "-r", w.file("r.toml", b"name = \"\xff\"\n"), "-d", w.beir], r"(UTF-8|TOML)",
          "recipe-not-utf8"),
    _case(lambda w: ["attack", "-r", w.file("r.toml", ""), "-d", w.beir], r"name", "recipe-empty"),
    _case(lambda w: ["attack", "-r", w.recipe_with('name = "plain-typo"\n', ""), "-d", w.beir], r"name",
          "recipe-no-name"),
    _case(lambda w: ["attack", "-r", w.recipe_with("samples = 1", "sampels = 1"), "-d", w.beir], r"sampels",
          "recipe-unknown-key"),
    _case(lambda w: ["attack", "-r", w.recipe_with('type = "typo"', 'type = "teleport"'), "-d", w.beir],
          r"teleport", "recipe-unknown-perturbation"),
    _case(lambda w: ["attack", "-r", w.recipe_with("rate = 0.3", "rate = 1.5"), "-d", w.beir], r"rate",
          "recipe-rate-above-1"),
    _case(lambda w: ["attack", "-r", w.recipe_with("rate = 0.3", "rate = -0.1"), "-d", w.beir], r"rate",
          "recipe-rate-negative"),
    _case(lambda w: ["attack", "-r", w.recipe_with("rate = 0.3", 'rate = "lots"'), "-d", w.beir], r"rate",
          "recipe-rate-string"),
    _case(lambda w: ["attack", "-r", w.recipe_with("samples = 1", "samples = 0"), "-d", w.beir], r"samples",
          "recipe-samples-0"),
    _case(lambda w: ["attack", "-r", w.recipe_with("samples = 1", 'samples = "two"'), "-d", w.beir], r"samples",
          "recipe-samples-string"),
    _case(lambda w: ["attack", "-r", w.recipe_with('type = "random"', 'type = "psychic"'), "-d", w.beir],
          r"psychic", "recipe-unknown-search"),
    _case(lambda w: ["attack", "-r", w.recipe_with("stopwords = false", "stopwords = false\nfrobnicate = 1"),
                     "-d", w.beir], r"frobnicate", "recipe-unknown-constraint"),
    _case(lambda w: ["attack", "-r", w.recipe_with('type = "typo"\nrate = 0.3',
                                                   'type = "textattack"\ntransformation = "WordSwapEmbedding"'),
                     "-d", w.beir], r"WordSwapEmbedding is refused", "recipe-textattack-downloads"),
    _case(lambda w: ["attack", "-r", w.recipe_with('type = "typo"\nrate = 0.3',
                                                   'type = "textattack"\ntransformation = "WordSwapHowNet"'),
                     "-d", w.beir], r"WordSwapHowNet is refused", "recipe-textattack-unpickles"),
    _case(lambda w: ["attack", "-r", w.recipe_with('type = "typo"\nrate = 0.3',
                                                   'type = "nlpaug"\naugmenter = "nlpaug.augmenter.word.WordEmbsAug"'),
                     "-d", w.beir], r"WordEmbsAug is refused", "recipe-nlpaug-word-vectors"),
    # (an unknown textattack name is tested in test_attacks_adapters: importing textattack here, in a
    # home without NLTK data, would leave a half-imported textattack behind for later tests)
    _case(lambda w: ["attack", "-r", w.recipe_with('[perturbation]\ntype = "typo"\nrate = 0.3\n', ""), "-d", w.beir],
          r"perturbation", "recipe-no-perturbation"),
    # --- numbers: rejected before the dataset, the recipe or the model is loaded
    *[_case(lambda w, o=o, v=v: ["attack", "-r", "no-such-recipe", "-d", "no-such-dataset", o, v], needle,
            f"attack{o}={v}")
      for o, v, needle in [("--samples", "0", "--samples"), ("--samples", "-1", "--samples"),
                           ("--samples", "1000000000", "GiB"), ("--seed", "-1", "--seed"),
                           ("--seed", "4294967296", "--seed"), ("--resamples", "0", "--resamples"),
                           ("--resamples", "-5", "--resamples"), ("--resamples", "10000000000", "GiB"),
                           ("--k", "0", "--k"), ("--k", "-3", "--k"), ("--limit", "0", "--limit"),
                           ("--limit", "-2", "--limit"), ("--batch-size", "0", "--batch-size"),
                           ("--batch-size", "100000000", "--batch-size"), ("--samples", "abc", "--samples"),
                           ("--seed", "1.5", "--seed"), ("--k", "", "--k")]],
    *[_case(lambda w, o=o, v=v: ["perturb", "-r", "no-such", "-d", "no-such", "-o", str(w.out / "p.jsonl"), o, v],
            o, f"perturb{o}={v}")
      for o, v in [("--samples", "0"), ("--seed", "-1"), ("--limit", "0"), ("--samples", "1000000000000")]],
    *[_case(lambda w, o=o, v=v: ["report", w.result, o, v], needle, f"report{o}={v}")
      for o, v, needle in [("--resamples", "0", "--resamples"), ("--seed", "-1", "--seed"),
                           ("--resamples", "1000000000", "GiB")]],
    *[_case(lambda w, o=o, v=v: ["compare", w.result, w.result2, o, v], needle, f"compare{o}={v}")
      for o, v, needle in [("--resamples", "0", "--resamples"), ("--seed", "-7", "--seed"),
                           ("--resamples", "1000000000", "GiB")]],
    *[_case(lambda w, o=o, v=v: w.xeval(o, v), needle, f"evaluate{o}={v}")
      for o, v, needle in [("--resamples", "0", "--resamples"), ("--resamples", "50", "--resamples"),
                           ("--seed", "-1", "--seed"), ("--limit", "0", "--limit"),
                           ("--batch-size", "0", "--batch-size"),
                           ("--resamples", "10000000000", "GiB"), ("--max-seq-length", "0", "--max-seq-length")]],
    # sized by the dataset: refused once its queries are counted, still before the model loads
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", "no-such-model", "--resamples", "1000000000"],
          r"GiB", "attack-resamples-1e9-on-the-dataset"),
    _case(lambda w: ["attack", "-r", w.recipe, "-d", w.beir, "-m", "no-such-model", "--samples", "1000000000"],
          r"GiB", "attack-samples-1e9-on-the-dataset"),
    *[_case(lambda w, o=o, v=v: w.train(o, v), needle, f"train{o}={v}")
      for o, v, needle in [("--max-steps", "0", "--max-steps"), ("--max-steps", "-3", "--max-steps"),
                           ("--batch-size", "0", "--batch-size"), ("--lr", "0", "--lr"), ("--lr", "-1e-5", "--lr"),
                           ("--seed", "-1", "--seed"), ("--save-steps", "0", "--save-steps"),
                           ("--epochs", "0", "--epochs"), ("--max-seq-length", "4", "--max-seq-length"),
                           ("--max-minutes", "0", "--max-minutes")]],
    # --- outputs that cannot be written (checked before the work)
    _case(lambda w: w.attack()[:-2] + ["-o", str(Path(w.file("f", "x")) / "r.json")], r"not a folder",
          "attack-output-under-a-file"),
    _case(lambda w: w.attack()[:-2] + ["-o", str(w.inp)], r"is a folder", "attack-output-is-a-folder"),
    _case(lambda w: w.attack("--runs", w.file("runs-file", "x")), r"not a folder", "attack-runs-is-a-file"),
    _case(lambda w: ["perturb", "-r", w.recipe, "-d", w.beir, "-o", str(w.inp)], r"is a folder",
          "perturb-output-is-a-folder"),
    _case(lambda w: ["report", w.result, "--csv", str(Path(w.file("f", "x")) / "r.csv")], r"not a folder",
          "report-csv-under-a-file"),
    _case(lambda w: ["report", w.result, "--md", str(w.inp)], r"is a folder", "report-md-is-a-folder"),
    _case(lambda w: ["report", w.result, "--html", str(Path(w.file("f", "x")) / "r.html")], r"not a folder",
          "report-html-under-a-file"),
    _case(lambda w: ["compare", w.result, w.result2, "--json", str(w.inp)], r"is a folder",
          "compare-json-is-a-folder"),
    _case(lambda w: ["study", _study(w), "--out", w.file("study-out", "x")], r"not writable|not a folder|exists",
          "study-out-is-a-file"),
    # --- result files
    _case(lambda w: ["report", w.file("r.json", "{not json")], r"r\.json", "result-not-json"),
    _case(lambda w: ["report", w.file("r.json", b"\xff\xfe")], r"r\.json", "result-not-utf8"),
    _case(lambda w: ["report", w.file("r.json", "")], r"r\.json", "result-empty"),
    _case(lambda w: ["report", w.file("r.json", "[1, 2]")], r"r\.json", "result-a-list"),
    _case(lambda w: ["report", w.result_with(lambda d: d.update(schema="other/1"))], r"schema", "result-wrong-schema"),
    _case(lambda w: ["report", w.result_with(_drop_clean)], r"clean", "result-query-missing-clean"),
    _case(lambda w: ["report", w.result_with(lambda d: d.pop("summary"))], r"summary", "result-missing-summary"),
    _case(lambda w: ["report", w.result_with(lambda d: d.pop("measures"))], r"measures", "result-missing-measures"),
    _case(lambda w: ["report", w.result_with(lambda d: d["queries"][0]["attacked"][0].pop("metrics"))], r"metrics",
          "result-sample-missing-metrics"),
    _case(lambda w: ["report", w.result_with(lambda d: d["summary"].update({"nDCG@10": {"clean": 1}}))],
          r"summary", "result-summary-malformed"),
    _case(lambda w: ["report", w.result_with(lambda d: d.update(queries={}))], r"queries", "result-queries-not-list"),
    _case(lambda w: ["report", w.result_with(lambda d: d["provenance"].pop("model"))], r"model",
          "result-missing-model"),
    _case(lambda w: ["report", w.result, "-M", "nDCG@999"], r"nDCG@999", "report-unknown-measure"),
    _case(lambda w: ["report", str(w.inp)], r"", "result-is-a-folder"),
    _case(lambda w: ["compare", w.result, w.result_with(_drop_clean)], r"clean", "compare-missing-clean"),
    _case(lambda w: ["compare", w.result, w.file("r.json", "{}")], r"r\.json", "compare-not-a-result"),
    # --- study files and options (nothing may be written: not even study.json)
    _case(lambda w: ["study", w.file("s.toml", "name = [")], r"TOML", "study-not-toml"),
    _case(lambda w: ["study", _study(w, 'recipies = ["x"]'), "--out", str(w.out / "s")], r"recipies",
          "study-unknown-key"),
    _case(lambda w: ["study", _study(w, drop="[models"), "--out", str(w.out / "s")], r"model", "study-no-models"),
    _case(lambda w: ["study", _study(w), "--executor", "slurm", "--out", str(w.out / "s")],
          r"slurm", "study-executor-slurm"),
    _case(lambda w: ["study", _study(w), "--jobs", "0", "--out", str(w.out / "s")], r"--jobs", "study-jobs-0"),
    _case(lambda w: ["study", _study(w), "--jobs", "100000", "--out", str(w.out / "s")], r"--jobs",
          "study-jobs-too-many"),
    _case(lambda w: ["study", _study(w), "--address", "head:6379", "--out", str(w.out / "s")], r"--address",
          "study-address-without-ray"),
    _case(lambda w: ["study", _study(w, "samples = 0"), "--out", str(w.out / "s")], r"samples", "study-samples-0"),
    _case(lambda w: ["study", _study(w, "samples = 100000000000"), "--out", str(w.out / "s")], r"GiB",
          "study-samples-huge"),
    _case(lambda w: ["study", _study(w, "k = 0"), "--out", str(w.out / "s")], r"\bk\b", "study-k-0"),
    _case(lambda w: ["study", _study(w), "--out", str(w.out / "s"), "--quick"], r"quick",
          "study-quick-undefined"),
    _case(lambda w: ["study", w.study(STUDY.replace("seeds = [0]", "seeds = [-1]").replace("MODEL", "x")),
                     "--out", str(w.out / "s")], r"seeds", "study-negative-seed"),
    _case(lambda w: ["study", w.study(STUDY.replace("resamples = 100", "resamples = 1000000000000")
                                      .replace("MODEL", "x")), "--out", str(w.out / "s")], r"GiB",
          "study-resamples-huge"),
    _case(lambda w: ["study", w.study(STUDY.replace("[models.m]", "[models.\"a b\"]").replace("MODEL", "x")),
                     "--out", str(w.out / "s")], r"labels", "study-bad-model-label"),
]


@pytest.fixture
def w(tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    saved = dict(os.environ)  # the CLI's configure_offline points NLTK_DATA/TA_CACHE_DIR at this home
    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ROBUSTIR_ONLINE", raising=False)
    monkeypatch.setenv("ROBUSTIR_MAX_MEMORY_GB", "16")
    yield W(tmp_path, tiny_model_dir)
    os.environ.clear()
    os.environ.update(saved)


def _assert_clean_failure(res: CliResult, needle: str, w: W) -> None:
    assert res.code == 2, f"exit {res.code}; stderr: {res.err!r}; stdout tail: {res.out[-300:]!r}"
    assert "Traceback" not in res.err + res.out
    assert len(res.err_lines) == 1, res.err
    assert res.err_lines[0].startswith("robustir: error: "), res.err
    assert "internal error" not in res.err
    if needle:
        assert re.search(needle, res.err_lines[0]), (needle, res.err)
    written = [p for p in w.out.rglob("*") if p.is_file()]
    assert not written, f"partial output: {written}"


def test_the_matrix_holds_at_least_100_cases() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("build, needle", CASES)
def test_bad_input_is_one_line_exit_2_nothing_written(w: W, build: Callable[[W], list[str]], needle: str) -> None:
    res = run_cli(build(w), cwd=w.tmp)
    _assert_clean_failure(res, needle, w)
    assert not (w.out / "s").exists() or not any((w.out / "s").iterdir())


# ------------------------------------------------------------------------------ outputs on full / read-only disks


def _no_space(*_a: object, **_k: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _read_only(*_a: object, **_k: object) -> None:
    raise OSError(errno.EROFS, "Read-only file system")


@pytest.mark.parametrize("fail", [_no_space, _read_only], ids=["full-disk", "read-only"])
@pytest.mark.parametrize("command", ["report-csv", "report-md", "compare-json", "perturb"])
def test_a_write_that_fails_is_one_line_and_leaves_nothing(w: W, monkeypatch: pytest.MonkeyPatch, fail,
                                                          command) -> None:
    import robustir.io as rio

    argv = {"report-csv": ["report", w.result, "--csv", str(w.out / "r.csv")],
            "report-md": ["report", w.result, "--md", str(w.out / "r.md")],
            "compare-json": ["compare", w.result, w.result2, "--json", str(w.out / "c.json")],
            "perturb": w.perturb()}[command]
    monkeypatch.setattr(rio.os, "replace", fail)
    res = run_cli(argv, cwd=w.tmp)
    _assert_clean_failure(res, "cannot write", w)


def test_attack_on_a_full_disk_keeps_no_partial_result(w: W, monkeypatch: pytest.MonkeyPatch) -> None:
    import robustir.io as rio

    real = rio.os.replace

    def replace(src, dst, *a, **k):  # the cache may be written; the result may not
        if str(dst).startswith(str(w.out)):
            _no_space()
        return real(src, dst, *a, **k)

    monkeypatch.setattr(rio.os, "replace", replace)
    res = run_cli(w.attack("--samples", "1", "--resamples", "100"), cwd=w.tmp)
    _assert_clean_failure(res, "cannot write", w)


def test_study_on_a_full_disk_does_not_claim_a_summary(w: W, monkeypatch: pytest.MonkeyPatch) -> None:
    import robustir.io as rio

    real = rio.os.replace

    def replace(src, dst, *a, **k):
        if Path(dst).name.startswith("summary"):
            _no_space()
        return real(src, dst, *a, **k)

    monkeypatch.setattr(rio.os, "replace", replace)
    res = run_cli(["study", _study(w), "--out", str(w.out / "s")], cwd=w.tmp)
    assert res.code == 2, res.err
    assert len(res.err_lines) == 1 and "cannot write" in res.err and "Traceback" not in res.err
    assert "summary:" not in res.out
    assert not list((w.out / "s").glob("summary*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_fails_before_the_work(w: W) -> None:
    ro = w.tmp / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        res = run_cli(w.attack()[:-2] + ["-o", str(ro / "r.json")], cwd=w.tmp)
    finally:
        ro.chmod(0o755)
    _assert_clean_failure(res, "not writable", w)


# ------------------------------------------------------------------------------------ documented successes


def test_markup_in_names_prints_literally(w: W) -> None:
    path = w.result_with(lambda d: (d["provenance"]["dataset"].update(name="xx[/dim]"),
                                    d["queries"][0].update(language="xx[/dim]")))
    res = run_cli(["report", path, "--md", str(w.tmp / "r.md"), "--csv", str(w.tmp / "r.csv")], cwd=w.tmp)
    assert res.code == 0, res.err
    assert "xx[/dim]" in res.out


def test_html_in_names_is_escaped_in_markdown(w: W) -> None:
    path = w.result_with(lambda d: d["provenance"]["dataset"].update(name="<img src=x onerror=alert(1)>"))
    res = run_cli(["report", path, "--md", str(w.tmp / "r.md")], cwd=w.tmp)
    assert res.code == 0, res.err
    md = (w.tmp / "r.md").read_text()
    assert "<img" not in md and "&lt;img" in md


def test_a_good_attack_writes_its_result(w: W) -> None:
    res = run_cli(w.attack("--samples", "1", "--resamples", "100", "--runs", str(w.out / "runs")), cwd=w.tmp)
    assert res.code == 0, res.err
    data = json.loads((w.out / "r.json").read_text())
    assert data["provenance"]["model"]["name"] == w.model_dir.name
    assert (w.out / "runs" / "plain-typo.sample0.run").is_file()
    shutil.rmtree(w.out)
