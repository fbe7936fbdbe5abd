"""Rich progress bars for the slow steps (encoding, attacking)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Callable[[str, int], Callable[[int], None] | None]]:
    """Rich progress bars for the slow steps; a no-op factory when disabled."""
    if not enabled:
        yield lambda description, total: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), transient=False) as progress:
        def task(description: str, total: int) -> Callable[[int], None]:
            tid = progress.add_task(description, total=max(total, 1))
            if total == 0:
                progress.update(tid, completed=1)
            return lambda n: progress.advance(tid, n)

        yield task
