"""``bench/unjudged.py``: the rule that picks never-judged questions for a fresh held-out check
(issue 10 (b)): a question is judged when any judged JSONL row under the validity folder names its
id or its text, in any recipe or language; everything else is fresh, in the dataset's order."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.bench_modules import BENCH_DIR, load_bench


@pytest.fixture(scope="module")
def unjudged():
    return load_bench("unjudged")


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_a_question_judged_by_id_or_by_text_anywhere_is_not_fresh(unjudged, tmp_path, monkeypatch):
    _write(tmp_path / "lexical" / "a.jsonl", [{"qid": "q1", "original": "What is x?"}])
    _write(tmp_path / "char" / "b.jsonl", [{"qid": "other", "query": "  Who made y?  "}, "not a row"])
    (tmp_path / "lexical" / "notes.txt").write_text('{"qid": "q4"}\n', encoding="utf-8")
    qs = [SimpleNamespace(id=i, text=t) for i, t in
          [("q1", "renamed"), ("q2", "Who made y?"), ("q3", "Fresh?"), ("q4", "Also fresh"), ("q5", "What is x?")]]
    import robustir.data.registry as registry

    monkeypatch.setattr(registry, "load_benchmark", lambda name: SimpleNamespace(queries=qs))
    assert unjudged.unjudged("any", tmp_path) == ["q3", "q4"]


def test_a_question_named_only_in_a_verdict_rows_question_key_is_not_fresh(unjudged, tmp_path, monkeypatch):
    # paired-review11.jsonl's verdict rows hold the question under "question" only (section 131)
    _write(tmp_path / "lexical" / "paired.jsonl", [{"question": "am i legal to drive at 16", "verdict": "right"}])
    qs = [SimpleNamespace(id=i, text=t) for i, t in [("q1", "am i legal to drive at 16"), ("q2", "fresh")]]
    import robustir.data.registry as registry

    monkeypatch.setattr(registry, "load_benchmark", lambda name: SimpleNamespace(queries=qs))
    assert unjudged.unjudged("any", tmp_path) == ["q2"]


def _adding_commit(git: Callable[..., str], paths: list[str]) -> str | None:
    """The commit that first added ``paths``, or None when this checkout cannot say: no git, no such
    history, or a shallow clone (CI's clean clone may be one: there the boundary commit "adds" every file,
    and the judged files read at it would be today's, not those the lists were drawn against)."""
    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return None
        found = git("log", "--diff-filter=A", "--format=%H", "--", *paths).split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return found[-1] if found else None


def test_a_shallow_clone_or_a_tree_without_git_names_no_adding_commit():
    def shallow(*args: str) -> str:
        return "true\n" if args[:2] == ("rev-parse", "--is-shallow-repository") else "e31c762\n"

    def no_git(*args: str) -> str:
        raise subprocess.CalledProcessError(128, ["git", *args])

    assert _adding_commit(shallow, ["bench/validity/lexical/a.txt"]) is None
    assert _adding_commit(no_git, ["bench/validity/lexical/a.txt"]) is None
    def full(*args: str) -> str:
        return "false\n" if args[0] == "rev-parse" else "new\nold\n"  # git log: newest first

    assert _adding_commit(full, ["x"]) == "old"


def test_the_lists_committed_for_adv8_follow_the_rule_at_their_commit(unjudged, tmp_path):
    # the committed lists held, at the commit that added them, only questions in no judged file other
    # than the adv8 sets they fed; later sets drawn from them (greedy13's fresh MLQA-R) are judged since,
    # so the rule is checked on the judged files as they stood at that commit, read from git
    repo = BENCH_DIR.parent
    names = ("adv8-unjudged-mlqa-r-en.txt", "adv8-unjudged-fiqa-mini.txt")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                              encoding="utf-8").stdout

    commit = _adding_commit(git, [f"bench/validity/lexical/{n}" for n in names])
    if commit is None:
        pytest.skip("no git history of bench/validity in this checkout (none, or a shallow clone)")
    for path in git("ls-tree", "-r", "-z", "--name-only", commit, "bench/validity").split("\0"):
        if path.endswith((".jsonl", ".txt")):
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(git("show", f"{commit}:{path}"), encoding="utf-8")
    root = tmp_path / "bench" / "validity"
    ids, _ = unjudged.judged(root)
    adv8 = {json.loads(line)["qid"] for p in root.rglob("adv8-*.jsonl")
            for line in p.read_text(encoding="utf-8").splitlines()}
    assert len(ids) > len(adv8)  # the judged files of that commit were read, not only adv8's
    for name in names:
        listed = (root / "lexical" / name).read_text(encoding="utf-8").split()
        assert listed and len(set(listed)) == len(listed)
        assert listed == (BENCH_DIR / "validity" / "lexical" / name).read_text(encoding="utf-8").split()
        assert not (set(listed) & ids) - adv8


def test_an_unknown_dataset_is_a_one_line_error(unjudged, capsys):
    assert unjudged.main(["no-such-set"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: unknown dataset")


def test_a_dataset_whose_data_is_missing_is_a_one_line_error(unjudged, capsys, monkeypatch):
    # mlqa-r:en without ROBUSTIR_DATA ended in a ResourceMissing traceback (section 145)
    import robustir.data.registry as registry
    from robustir.errors import ResourceMissing

    def missing(name):
        raise ResourceMissing("MLQA-R is not installed: set ROBUSTIR_DATA")

    monkeypatch.setattr(registry, "load_benchmark", missing)
    assert unjudged.main(["mlqa-r:en"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not installed" in err[0]
