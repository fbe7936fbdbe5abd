"""Progress of the slow steps (encoding, attacking): rich bars on a terminal, periodic lines otherwise.

Both go to standard output, where the bars always went (stderr stays for the one
line of an error). When standard output is not a terminal (redirected to a log,
a batch job), a bar would print nothing useful until the step ends, so each step
instead writes a line when it starts, every ``LOG_EVERY_S`` seconds while it
runs (even inside one long encoder call), and when it ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Seconds between two progress lines of one step when standard output is not a terminal.
LOG_EVERY_S = 30.0


class _LineProgress:
    """Plain progress lines: ``description: done/total (pct) after Ns`` when a step starts, when it
    advances at least ``every`` seconds after its last line, when it ends, and (from a daemon thread)
    every ``every`` seconds while one call of a step is still running, so a long encoder call on a
    redirected run still shows it is alive."""

    def __init__(self, console: Any, every: float) -> None:
        self.console, self.every = console, every
        self.lock = threading.Lock()
        self.tasks: list[dict[str, Any]] = []
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        if every > 0:
            self.thread = threading.Thread(target=self._beat, name="robustir-progress", daemon=True)
            self.thread.start()

    def _say(self, t: dict[str, Any], now: float) -> None:
        t["last"] = now
        pct = 100.0 * t["done"] / t["total"] if t["total"] else 100.0
        self.console.print(f"{t['description']}: {t['done']}/{t['total']} ({pct:.0f}%) after "
                           f"{now - t['start']:.0f} s", markup=False, highlight=False)

    def _beat(self) -> None:
        while not self.stop.wait(self.every):
            now = time.monotonic()
            with self.lock:
                for t in self.tasks:
                    if t["done"] < t["total"] and now - t["last"] >= self.every:
                        self._say(t, now)

    def task(self, description: str, total: int) -> Callable[[int], None]:
        now = time.monotonic()
        t: dict[str, Any] = {"description": description, "total": total, "done": 0, "start": now, "last": now}
        with self.lock:
            self.tasks.append(t)
            self.console.print(f"{description}: 0/{total}", markup=False, highlight=False)

        def advance(n: int) -> None:
            with self.lock:
                t["done"] += n
                now = time.monotonic()
                if t["done"] >= t["total"] or now - t["last"] >= self.every:
                    self._say(t, now)

        return advance

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


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
        lines = _LineProgress(console, every)
        try:
            yield lines.task
        finally:
            lines.close()
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
