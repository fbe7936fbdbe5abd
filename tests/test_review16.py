"""Review of sections 147-161 (bench/RESULTS.md section 171): the defect fixed.

``bench/ceiling.py`` checked its recipe names in set order, so which of two bad names it reported depended on
the process's string hash seed (``PYTHONHASHSEED``): now in sorted order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_ceiling_reports_the_same_bad_recipe_whatever_the_hash_seed():
    root = Path(__file__).resolve().parents[1]
    said = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, str(root / "bench" / "ceiling.py"), "--pairs", "nope-b:nope-a"],
                             capture_output=True, text=True, env=env, cwd=root, timeout=300)
        assert run.returncode == 2, run.stderr
        said.add(run.stderr.strip().splitlines()[-1].split(":")[1])
    assert said == {" recipe 'nope-a'"}
