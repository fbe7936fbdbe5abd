"""Render the pages shown in docs/screenshots/ and screenshot them in headless Chromium.

    PYTHONPATH=. python docs/screenshots/make_screenshots.py [OUT_DIR]

Pages: ``robustir report --html`` of the committed test fixtures (tests/fixtures/results), the summary of a
tiny synthetic study (the fakes of tests/study_fakes.py: bag-of-words models, toy datasets, three training
seeds, a primary family), and the summary of the real hybrid-robustness run kept in
bench/results/hybrid-robustness/summary.json.gz (an older summary schema: no primary family), whole and from
its exploratory comparisons on (significant rows shaded). PNGs are
written at 1280 px wide, then reduced to a small palette so that they stay small in the repository.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def report_page(out: Path) -> Path:
    from robustir.cli.report import load_results
    from robustir.report.data import build_report
    from robustir.report.html import write_report_html

    files = sorted((ROOT / "tests" / "fixtures" / "results").glob("*.json"))
    report = build_report(load_results(files), compare=True, seed=0, n_resamples=1000)
    return write_report_html(out / "report.html", report)


def synthetic_study_page(out: Path) -> Path:
    import robustir.study.runner as runner
    from robustir.study.runner import run_study
    from robustir.study.spec import parse_study
    from tests.study_fakes import FakeResolver

    dims = {"xx": 64, "xy": 96, "hybrid": 128}
    # training replaced by bag-of-words models whose size depends on strategy and seed (as in the tests)
    runner.train_model = lambda model, out_dir, *, log=print, label=None: Path(  # type: ignore[assignment]
        f"bow-{dims[model.train['strategy']] + 8 * model.train['seed']}")
    spec = parse_study({"name": "synthetic", "description": "bag-of-words stand-ins for X-X / X-Y / hybrid "
                        "models on toy data (what the page looks like, not a result)",
                        "datasets": ["toy", "toy-20"], "recipes": ["typo", "typo-adv"], "seeds": [0],
                        "resamples": 500, "train_seeds": 3, "comparisons": [["hybrid", "xx"], ["hybrid", "base"]],
                        "models": {"base": {"model": "bow-48", "strategy": "base"},
                                   **{s: {"train": {"strategy": s, "base": "me5-small"}}
                                      for s in ("xx", "xy", "hybrid")}}})
    folder = out / "synthetic-study"
    run_study(spec, folder, cache_dir=folder / "cache", resolver=FakeResolver(), log=lambda s: None)
    return folder / "summary.html"


def hybrid_page(out: Path) -> Path:
    from robustir.io import atomic_write_text
    from robustir.study.summary_view import render_html

    with gzip.open(ROOT / "bench" / "results" / "hybrid-robustness" / "summary.json.gz", "rt") as f:
        summary = json.load(f)
    return atomic_write_text(out / "hybrid-robustness.html", render_html(summary))


def hybrid_comparisons_page(out: Path) -> Path:
    """The same summary without its degradation rows: the page then opens on the exploratory comparisons
    (forest plot, tables with the Holm-significant rows shaded)."""
    from robustir.io import atomic_write_text
    from robustir.study.summary_view import render_html

    with gzip.open(ROOT / "bench" / "results" / "hybrid-robustness" / "summary.json.gz", "rt") as f:
        summary = json.load(f)
    return atomic_write_text(out / "hybrid-comparisons.html", render_html({**summary, "degradation": []}))


def shoot(page: Path, png: Path, height: int = 2000) -> None:
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", f"--window-size=1280,{height}", page.resolve().as_uri()],
                   check=True, capture_output=True, timeout=300)
    from PIL import Image

    Image.open(png).convert("RGB").quantize(colors=128).save(png, optimize=True)


def main() -> None:
    dest = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shoot(report_page(work), dest / "report.png", 2400)
        shoot(synthetic_study_page(work), dest / "study-summary.png", 2400)
        shoot(hybrid_page(work), dest / "hybrid-robustness-summary.png", 2000)
        shoot(hybrid_comparisons_page(work), dest / "hybrid-robustness-comparisons.png", 2400)
    for p in sorted(dest.glob("*.png")):
        print(f"{p} {p.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
