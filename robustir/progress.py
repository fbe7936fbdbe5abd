"""Progress of the slow steps (encoding, attacking): rich bars on a terminal, periodic lines otherwise.

Both go to standard output, where the bars always went (stderr stays for the one
line of an error). When standard output is not a terminal (redirected to a log,
a batch job), a bar would print nothing useful until the step ends, so each step
instead writes a line when it starts, at most every ``LOG_EVERY_S`` seconds while
it advances, and when it ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Seconds between two progress lines of one step when standard output is not a terminal.
LOG_EVERY_S = 30.0


def _line_task(console: Any, description: str, total: int, every: float) -> Callable[[int], None]:
    """A progress callback that prints ``description: done/total (pct) after Ns`` now and then."""
    start = time.monotonic()
    state = {"done": 0, "last": start}
    console.print(f"{description}: 0/{total}", markup=False, highlight=False)

    def advance(n: int) -> None:
        state["done"] += n
        now = time.monotonic()
        finished = state["done"] >= total
        if finished or now - state["last"] >= every:
            state["last"] = now
            pct = 100.0 * state["done"] / total if total else 100.0
            console.print(f"{description}: {state['done']}/{total} ({pct:.0f}%) after {now - start:.0f} s",
                          markup=False, highlight=False)

    return advance


@contextmanager
def progress_bars(enabled: bool, *, every: float = LOG_EVERY_S, console: Any = None
                  ) -> Iterator[Callable[[str, int], Callable[[int], None] | None]]:
    """A factory ``task(description, total) -> advance(n)`` for the slow steps; a no-op when disabled.

    Rich bars when standard output is a terminal; plain periodic lines (every ``every``
    seconds) when it is not, so a redirected run still shows it is alive.
    """
    if not enabled:
        yield lambda description, total: None
        return
    from rich.console import Console

    console = console or Console()
    if not console.is_terminal:
        yield lambda description, total: _line_task(console, description, total, every)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # the spinner and the elapsed time move while one encoder call of a step is still running
    with Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                  MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), transient=False, console=console) as progress:
        def task(description: str, total: int) -> Callable[[int], None]:
            tid = progress.add_task(description, total=max(total, 1))
            if total == 0:
                progress.update(tid, completed=1)
            return lambda n: progress.advance(tid, n)

        yield task


__all__ = ["LOG_EVERY_S", "progress_bars"]
