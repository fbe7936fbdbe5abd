"""``robustir attack`` and ``robustir perturb``: the main job."""

from __future__ import annotations

import typer

from robustir.cli import app
