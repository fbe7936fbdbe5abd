"""``bench/codeswitch_set.py``: which questions a held-out code-switching draw may use (issue 10), and the
one-line error when fewer are left than asked for (before anything is encoded)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.bench_modules import load_bench


@pytest.fixture(scope="module")
def cs_set():
    return load_bench("codeswitch_set")


def _judged(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "judged.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _pool() -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, text=t) for i, t in
            [("q1", "ما هو؟"), ("q2", "Was ist?"), ("q3", "Wer ist?"), ("q4", "Wo ist?"), ("q5", "Wie viele?")]]


def test_a_question_judged_in_another_language_is_fresh_only_with_the_language_scope(cs_set, tmp_path):
    path = _judged(tmp_path, [
        {"qid": "q1", "language": "en", "original": "What is it?"},    # en -> L: the English query of q1
        {"qid": "q2", "language": "de", "original": "Was ist das?"},   # de -> en: judged as a German query
        {"qid": "q3", "original": "Who?"},                            # no language: excludes in every language
        {"qid": "other", "language": "ar", "original": "Wo ist?"},     # the same text under another id
    ])
    seen = cs_set.excluded([path])
    assert [q.id for q in cs_set.fresh(_pool(), seen)] == ["q5"]
    assert [q.id for q in cs_set.fresh(_pool(), seen, "ar")] == ["q1", "q2", "q5"]
    assert [q.id for q in cs_set.fresh(_pool(), seen, "de")] == ["q1", "q5"]


def test_more_queries_than_fresh_questions_is_a_one_line_error_before_any_encoding(cs_set, tmp_path, capsys,
                                                                                  monkeypatch):
    import robustir.data as data
    import robustir.perturb as perturb

    monkeypatch.setattr(data, "load_benchmark", lambda name: SimpleNamespace(queries=_pool()))
    monkeypatch.setattr(perturb, "perturb_queries", lambda *a, **k: pytest.fail("encoded before the check"))
    path = _judged(tmp_path, [{"qid": "q1", "language": "de", "original": ""}])
    out = tmp_path / "out"
    rc = cs_set.main(["de", "ar", "--skip", "0", "--queries", "5", "--exclude", str(path), "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1
    assert err[0].startswith("error: de: --queries 5 is more than the 4 questions")
    assert not out.exists()


def test_judged_files_are_read_as_unjudged_reads_them_a_query_text_counts_and_a_stray_line_is_skipped(
        cs_set, tmp_path):
    # one reader (bench/judged_files.py) for both scripts: a row naming its question under `query` excludes it
    # here too, and a line that is no JSON object names no question instead of stopping the draw
    path = tmp_path / "judged.jsonl"
    path.write_text('{"qid": "x", "language": "en", "query": " Wo ist? "}\nnot json\n["a list"]\n', encoding="utf-8")
    assert [q.id for q in cs_set.fresh(_pool(), cs_set.excluded([path]))] == ["q1", "q2", "q3", "q5"]


def test_a_missing_judged_file_or_an_unknown_dataset_is_a_one_line_error(cs_set, tmp_path, capsys):
    out = tmp_path / "out"
    assert cs_set.main(["en-es", "--exclude", str(tmp_path / "nope.jsonl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --exclude: no such file:")
    assert cs_set.main(["en-es", "--dataset", "no-such-set", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: en-es: unknown dataset") and not out.exists()


def test_an_en_to_l_set_draws_its_words_as_the_shipped_codeswitch_recipe_does(cs_set):
    from robustir.recipe import load_recipe, parse_recipe

    shipped = load_recipe("codeswitch").spec["perturbation"]
    text = cs_set.RECIPE.format(into="fr", rate=0.3, draw=cs_set.shipped_draw())
    written = parse_recipe(text, "recipe 'codeswitch-fr'").spec["perturbation"]
    assert written["draw"] == shipped.get("draw", "uniform")
    assert {k: v for k, v in written.items() if k != "languages"} == \
        {k: v for k, v in shipped.items() if k != "languages"}
