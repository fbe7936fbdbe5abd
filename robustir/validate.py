"""Option checks shared by the commands, run before any model, dataset or recipe is loaded.

A bad number must cost the user one line, not an evaluation: ``--seed -1`` or
``--resamples 0`` used to fail only when the bootstrap ran, after every query was
encoded and attacked, and ``--samples 1000000000`` grew until memory ran out. So the
commands check their options here first, and estimate the memory that the options
ask for (results held per query and sample, bootstrap resamples) and refuse above a
limit the user can raise (``ROBUSTIR_MAX_MEMORY_GB``, default 16).
"""

from __future__ import annotations

import math
import os

from robustir.errors import InputError

MEMORY_ENV = "ROBUSTIR_MAX_MEMORY_GB"
DEFAULT_MEMORY_GB = 16.0
#: numpy's and Python's generators take any non-negative int; results record the seed in JSON
#: and studies in file names, so keep it to what every consumer handles (uint32, as numpy's legacy API).
MAX_SEED = 2**32 - 1
#: bytes per (query, attack sample) held in memory: the ranked hits (about 100 bytes each) plus the
#: perturbed text, its edits and metrics (about 2 kB); measured order of magnitude, deliberately generous
_HIT_BYTES = 100
_SAMPLE_BYTES = 2_000


def check_seed(seed: object, option: str = "--seed") -> int:
    """A seed is an integer in [0, 2**32 - 1]."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"{option} must be an integer from 0 to {MAX_SEED} (got {seed!r})")
    return seed


def check_positive(value: object, option: str, *, allow_none: bool = False, maximum: int | None = None) -> None:
    """``value`` is an integer >= 1 (and <= ``maximum``), or None when ``allow_none``."""
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"{option} must be a positive integer (got {value!r})")
    if maximum is not None and value > maximum:
        raise InputError(f"{option} must be at most {maximum:,} (got {value:,})")


def memory_limit() -> float:
    """The most bytes the options may ask for (``$ROBUSTIR_MAX_MEMORY_GB`` GiB, default 16)."""
    raw = os.environ.get(MEMORY_ENV, "").strip()
    if not raw:
        return DEFAULT_MEMORY_GB * 2**30
    try:
        gb = float(raw)
    except ValueError:
        raise InputError(f"{MEMORY_ENV} must be a number of GiB (got {raw!r})") from None
    if not gb > 0 or math.isinf(gb):
        raise InputError(f"{MEMORY_ENV} must be a positive number of GiB (got {raw!r})")
    return gb * 2**30


def estimate_bytes(*, queries: int, samples: int = 1, k: int = 100, resamples: int = 0) -> int:
    """A generous estimate of the peak memory an evaluation of these sizes needs.

    Per (query, sample): ``k`` ranked hits and the perturbed query with its metrics. The bootstrap
    may draw all resamples at once (``scipy.stats.bootstrap``): resamples x queries doubles, twice."""
    results = queries * samples * (k * _HIT_BYTES + _SAMPLE_BYTES)
    bootstrap = resamples * max(queries, 1) * 8 * 2
    return results + bootstrap


def check_memory(estimate: int, what: str) -> None:
    """Refuse options whose estimated memory exceeds the limit, naming the option and the way out."""
    limit = memory_limit()
    if estimate > limit:
        raise InputError(f"{what} would need about {estimate / 2**30:,.1f} GiB of memory, above the limit of "
                         f"{limit / 2**30:,.1f} GiB; lower it or raise {MEMORY_ENV}")


def check_evaluation(*, samples: int | None, seed: object, resamples: int, k: int, limit: int | None,
                     batch_size: int | None, queries: int = 1) -> None:
    """Every number ``robustir attack`` / ``evaluate()`` takes, checked before anything is loaded.

    ``queries`` is the number of queries when known (1 before the dataset is loaded: then only what
    the options alone ask for is checked)."""
    check_seed(seed)
    check_positive(samples, "--samples", allow_none=True)
    check_positive(resamples, "--resamples")
    check_positive(k, "--k")
    check_positive(limit, "--limit", allow_none=True)
    check_positive(batch_size, "--batch-size", maximum=1 << 16, allow_none=True)  # None: the device default
    n = min(queries, limit) if limit else queries
    s = samples or 1
    check_memory(estimate_bytes(queries=n, samples=s, k=k), f"--samples {s:,} x --k {k:,} on {n:,} queries")
    check_memory(estimate_bytes(queries=n, resamples=resamples), f"--resamples {resamples:,} on {n:,} queries")
