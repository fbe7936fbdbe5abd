"""``robustir report`` and ``robustir compare`` end to end on the tiny fixture results."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "results"

# Registers the commands even before robustir/cli/__init__.py imports robustir.cli.report itself.
_CODE = ("import sys\nimport robustir.cli.report\nfrom robustir.cli import main\n"
         "sys.argv = ['robustir'] + sys.argv[1:]\nmain()\n")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _CODE, *args], capture_output=True, text=True, timeout=300,
                          env={"COLUMNS": "100", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                               "PATH": "/usr/bin:/bin"})


def test_compare_three_strategies_prints_cis_and_adjusted_p(tmp_path):
    out = run_cli("compare", str(FIX / "base.json"), str(FIX / "xx.json"), str(FIX / "hybrid.json"),
                  "--measure", "nDCG@10", "--resamples", "1000", "--json", str(tmp_path / "c.json"),
                  "--md", str(tmp_path / "c.md"))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "strategy comparison" in text
    assert "me5-small-xquadr [X-X]" in text and "me5-small-xquadr [hybrid]" in text
    assert "Holm over 3 tests" in text
    comp = json.loads((tmp_path / "c.json").read_text())
    assert len(comp["pairs"]) == 3
    from robustir.report.extract import fmt_ci, fmt_p

    for p in comp["pairs"]:
        assert fmt_ci(p["difference"]) in text
        assert fmt_p(p["p_holm"]) in text
    assert "Strategy comparison" in (tmp_path / "c.md").read_text()


def test_compare_refuses_different_recipes_with_one_line(tmp_path):
    other = json.loads((FIX / "hybrid.json").read_text())
    other["provenance"]["recipe"]["name"] = "codeswitch"
    other["provenance"]["recipe"]["sha256"] = "x"
    (tmp_path / "o.json").write_text(json.dumps(other))
    out = run_cli("compare", str(FIX / "base.json"), str(tmp_path / "o.json"), "--resamples", "100")
    assert out.returncode == 2
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "different recipes" in lines[0]


def test_report_writes_every_format(tmp_path):
    files = [str(FIX / f"{n}.json") for n in ("base", "xx", "hybrid")]
    out = run_cli("report", *files, "--html", str(tmp_path / "r.html"), "--md", str(tmp_path / "r.md"),
                  "--csv", str(tmp_path / "r.csv"), "--resamples", "500")
    assert out.returncode == 0, out.stderr
    assert max(len(line) for line in out.stdout.splitlines()) <= 100
    assert "fiqa" in out.stdout and "strategy comparison" in out.stdout
    assert (tmp_path / "r.html").read_text().count("data:image/png;base64,") == 1
    assert "## Strategy comparison" in (tmp_path / "r.md").read_text()
    assert (tmp_path / "r.csv").read_text().startswith("qid,sample,measure,clean,attacked,degradation")


def test_report_of_one_result_and_a_bad_file(tmp_path):
    out = run_cli("report", str(FIX / "base.json"))
    assert out.returncode == 0, out.stderr
    assert "attack success rate" in out.stdout
    shutil.copy(FIX / "base.json", tmp_path / "x.json")
    (tmp_path / "x.json").write_text("{not json")
    out = run_cli("report", str(tmp_path / "x.json"))
    assert out.returncode == 2 and "not valid JSON" in out.stderr and "Traceback" not in out.stderr
