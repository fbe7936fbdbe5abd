"""The command line: fast start, one-line errors, exit codes."""

import json
import subprocess
import sys

import pytest

HEAVY = ("torch", "textattack", "nlpaug", "transformers", "sentence_transformers", "faiss")


def run_cli(*args, env_extra=None, tmp_home=None):
    import os

    env = dict(os.environ)
    if tmp_home is not None:
        env["ROBUSTIR_HOME"] = str(tmp_home)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "robustir", *args], capture_output=True, text=True, env=env,
                          timeout=600)


def test_help_imports_no_heavy_library():
    code = ("import sys\nfrom robustir.cli import main\nsys.argv = ['robustir', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "attack" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


@pytest.mark.parametrize("args, needle", [
    (["attack", "--recipe", "no-such-recipe", "--dataset", "boolq"], "recipe"),
    (["attack", "--recipe", "typo", "--dataset", "no-such-dataset"], "dataset"),
    (["attack", "--recipe", "typo", "--dataset", "boolq", "--limit", "0"], "limit"),
])
def test_bad_input_is_one_line_exit_2(args, needle, tmp_path):
    out = run_cli(*args, tmp_home=tmp_path)
    assert out.returncode == 2, out.stderr
    lines = [ln for ln in out.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert needle in lines[0].lower()


def test_unknown_model_directory_is_one_line_exit_2(tmp_path):
    not_a_model = tmp_path / "empty"
    not_a_model.mkdir()
    out = run_cli("attack", "--recipe", "typo", "--model", str(not_a_model), "--dataset", str(_tiny_beir(tmp_path)),
                  "--output", str(tmp_path / "out.json"), tmp_home=tmp_path)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not (tmp_path / "out.json").exists()


def _tiny_beir(tmp_path):
    d = tmp_path / "beir"
    (d / "qrels").mkdir(parents=True)
    (d / "corpus.jsonl").write_text("\n".join(json.dumps({"_id": f"d{i}", "title": "", "text": f"doc {i} text"})
                                              for i in range(5)) + "\n")
    (d / "queries.jsonl").write_text(json.dumps({"_id": "q0", "text": "doc zero"}) + "\n")
    (d / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq0\td0\t1\n")
    return d


def test_perturb_writes_reproducible_jsonl(tmp_path):
    beir = _tiny_beir(tmp_path)
    outs = []
    for i in range(2):
        out = tmp_path / f"p{i}.jsonl"
        res = run_cli("perturb", "--recipe", "typo", "--dataset", str(beir), "--samples", "3", "--seed", "4",
                      "--output", str(out), tmp_home=tmp_path)
        assert res.returncode == 0, res.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    rows = [json.loads(line) for line in outs[0].decode().splitlines()]
    assert [(r["qid"], r["sample"]) for r in rows] == [("q0", 0), ("q0", 1), ("q0", 2)]
    assert all(r["original"] == "doc zero" and set(r) == {"qid", "sample", "original", "perturbed", "edits",
                                                          "language", "similarity", "valid", "failed",
                                                          "unperturbable"} for r in rows)
    # validity on every row: a changed row has a cosine below 1, an unchanged one exactly 1
    assert all(isinstance(r["similarity"], float) and isinstance(r["valid"], bool) for r in rows)
    assert all(r["similarity"] == 1.0 for r in rows if r["perturbed"] == r["original"])


def test_debug_is_accepted_anywhere_on_the_line():
    from robustir.cli import _debug_first

    assert _debug_first(["attack", "-r", "typo", "--debug"]) == ["--debug", "attack", "-r", "typo"]
    assert _debug_first(["--debug", "recipes"]) == ["--debug", "recipes"]
    assert _debug_first(["recipes"]) == ["recipes"]
    # after "--" it is an argument, not the option
    assert _debug_first(["perturb", "--", "--debug"]) == ["perturb", "--", "--debug"]


def test_debug_after_the_subcommand_shows_the_traceback(monkeypatch, capsys):
    import pytest

    from robustir import cli
    from robustir.errors import InputError

    monkeypatch.setattr("sys.argv", ["robustir", "attack", "--recipe", "no-such-recipe", "--debug"])
    monkeypatch.setitem(cli._state, "debug", False)
    with pytest.raises(InputError):  # --debug: the error is raised, not turned into one line
        cli.main()


def test_misspelt_model_and_dataset_get_a_suggestion(capsys, monkeypatch):
    import pytest

    from robustir import cli

    for argv, hint in ((["attack", "-r", "typo", "-m", "me5-smal", "-d", "boolq"], "did you mean 'me5-small'?"),
                       (["attack", "-r", "typo", "-m", "me5-small", "-d", "boolqq"], "did you mean 'boolq'?")):
        monkeypatch.setattr("sys.argv", ["robustir", *argv])
        with pytest.raises(SystemExit) as e:
            cli.main()
        assert e.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and hint in err[0]


def test_boolean_flags_have_no_value_placeholder(monkeypatch, capsys):
    from robustir import cli

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr("sys.argv", ["robustir", "study", "--help"])
    cli.main()
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "--quick" in ln)
    assert "<bool>" not in line
    assert "<bool>" not in next(ln for ln in out.splitlines() if "--help" in ln)  # --help is a flag too
    assert "<int>" in next(ln for ln in out.splitlines() if "--jobs" in ln)  # valued options keep theirs
