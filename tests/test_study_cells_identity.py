"""Study cells are keyed by what a dataset *is*: two folders whose last parts agree never share a cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robustir.study.cells import Cell, cell_path, part
from robustir.study.spec import parse_study

pytest.importorskip("robustir.recipe")

from tests.study_fakes import FakeResolver  # noqa: E402


def _write_beir(root: Path, word: str) -> Path:
    """A 6-document BEIR folder whose queries all ask about ``word`` (so two folders score differently)."""
    (root / "qrels").mkdir(parents=True)
    docs = [{"_id": f"d{i}", "title": "", "text": f"{word} fact number {i} " + ("extra " * i)} for i in range(6)]
    qs = [{"_id": f"q{i}", "text": f"{word} number {i}"} for i in range(3)]
    (root / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    (root / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in qs), encoding="utf-8")
    (root / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" +
                                             "".join(f"q{i}\td{i}\t1\n" for i in range(3)), encoding="utf-8")
    return root


class _BeirResolver(FakeResolver):
    def benchmark(self, name: str, data_dir: Path | None):  # type: ignore[override]
        from robustir.data import load_benchmark

        return load_benchmark(name, data_dir=data_dir)


def test_part_is_readable_and_tells_same_named_folders_apart(tmp_path: Path) -> None:
    assert part("boolq") == "boolq"  # a plain registered name keeps its folder name
    a, b = str(tmp_path / "col/a/x/good"), str(tmp_path / "col/b/x/good")
    assert part(a) != part(b)
    assert part(a).startswith("x_good-") and part(b).startswith("x_good-")
    assert part("xquad-r:de") != part("xquad-r--de")


def test_two_same_named_datasets_get_their_own_cells_and_summary_rows(tmp_path: Path) -> None:
    from robustir.study.runner import run_study

    a = _write_beir(tmp_path / "col/a/x/good", "river")
    b = _write_beir(tmp_path / "col/b/x/good", "violin")
    spec = parse_study({"name": "t", "datasets": [str(a), str(b)], "recipes": ["typo"], "seeds": [0],
                        "resamples": 100, "models": {"m": {"model": "bow-64", "strategy": "xx"}}})
    out = tmp_path / "out"
    run = run_study(spec, out, resolver=_BeirResolver(), cache_dir=out / "cache", log=lambda s: None)
    assert [o.status for o in run.outcomes] == ["computed", "computed"]
    pa, pb = cell_path(out, Cell("m", str(a), "typo", 0)), cell_path(out, Cell("m", str(b), "typo", 0))
    assert pa != pb and pa.exists() and pb.exists()
    da, db = json.loads(pa.read_text()), json.loads(pb.read_text())
    assert da["provenance"]["dataset"]["checksum"] != db["provenance"]["dataset"]["checksum"]
    assert run.summary["cells"]["present"] == 2
    # a rerun reuses both (it used to recompute both, each overwriting the other)
    again = run_study(spec, out, resolver=_BeirResolver(), cache_dir=out / "cache", log=lambda s: None)
    assert [o.status for o in again.outcomes] == ["reused", "reused"]
