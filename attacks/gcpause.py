"""Python's cyclic garbage collector paused while an evaluation builds its many short-lived objects.

Why: an evaluation allocates hundreds of thousands of container objects (perturbed samples, metric
dicts, result rows) that reference counting frees without help, yet every 700 allocations start a
collection, and the older generations' collections walk every long-lived container of the process
(lexicons, memos, caches). Measured on a warm 1,000-query ``typo`` evaluation on BoolQ: ~100
collections costing ~0.11 of 1.33 CPU-s, ~0.06 of 0.63 for ``codeswitch-adv``
(bench/RESULTS.md section 66). Paused, the few cycles an evaluation creates wait for the first
collection after it, as they would for any collection that does not happen to run meanwhile.

The pause nests and is shared between threads (a study evaluates cells in worker threads): the
collector is re-enabled when the last paused block ends, and only if it was enabled when the
first one began. Nothing is collected or frozen by force.

It lives in ``attacks`` (which does not import ``robustir``) so that the one pause serves both: the
compiled-lexicon reader (``attacks.lex.compiled``) pauses the same way while it unmarshals a lexicon,
and a pause of its own there could re-enable the collector in the middle of an evaluation's.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Pause automatic garbage collection for the block (nested and concurrent blocks share one pause)."""
    global _depth, _was_enabled
    with _LOCK:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
