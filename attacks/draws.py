"""Random draws that leave a ``random.Random`` stream exactly as the standard library would, faster.

The random recipes must stay byte-identical for a seed (sample 2 of a query starts where
sample 1 left the stream), so a faster draw must take the same 32-bit words from the
Mersenne Twister and give the same result. ``random.Random.sample`` and ``_randbelow``
draw one word per Python call (``getrandbits(k)`` is the top ``k`` bits of one word,
redrawn while the value is out of range); a whole shuffle of ten options costs ~6 us,
a fifth of a segmentation query. ``shuffled`` takes the words in bulk instead (one
``getrandbits(32 * m)`` returns the next ``m`` words, first word least significant, with
no word wasted: ``m`` is never more than the draws still to make, each of which takes at
least one word) and applies the standard library's rejection rule and pool swaps to them.

Written here because no library reproduces CPython's stream consumption. The first use in
a process compares it with ``random.Random.sample`` and ``_randbelow`` on a range of sizes
and seeds (some with many rejections); on any difference (another Python whose ``random``
works differently) every call falls back to the standard library.
"""

from __future__ import annotations

import logging
import random
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: largest population ``shuffled`` handles itself (the self-check covers 1.._MAX)
_MAX = 64
# size -> (shift, bound): the standard draw below ``size`` is ``word >> shift`` (getrandbits
# of size.bit_length() bits), accepted iff it is < size, i.e. iff word < bound
_SHIFT = [0] + [32 - n.bit_length() for n in range(1, _MAX + 1)]
_BOUND = [0] + [n << (32 - n.bit_length()) for n in range(1, _MAX + 1)]
_UNPACK: list[Callable[[bytes], tuple[int, ...]]] = [struct.Struct(f"<{m}I").unpack for m in range(_MAX + 1)]
_VERIFIED: list[bool] = []  # [] = not checked yet; [True] / [False] after the first use


def _shuffled(rng: random.Random, population: Sequence[T]) -> list[T]:
    n = len(population)
    pool = list(population)
    out: list[T] = []
    size = n
    getrandbits = rng.getrandbits
    while size:
        m = size  # each remaining draw takes >= 1 word: these m words are all consumed
        for w in _UNPACK[m](getrandbits(32 * m).to_bytes(4 * m, "little")):
            if w < _BOUND[size]:
                r = w >> _SHIFT[size]
                size -= 1
                out.append(pool[r])
                pool[r] = pool[size]
    return out


def _below(rng: random.Random, n: int) -> int:
    k = n.bit_length()
    getrandbits = rng.getrandbits
    r = getrandbits(k)
    while r >= n:
        r = getrandbits(k)
    return r


def _check() -> bool:
    """True when ``_shuffled`` and ``_below`` reproduce the standard library here."""
    for seed in range(3):
        for n in range(1, _MAX + 1):
            a, b = random.Random(f"{seed}:{n}"), random.Random(f"{seed}:{n}")
            if _shuffled(a, range(n)) != b.sample(range(n), n) or a.random() != b.random():
                return False
            if _below(a, n) != b.sample(range(n), 1)[0] or a.random() != b.random():
                return False
    return True


def _fast(rng: random.Random, n: int) -> bool:
    if type(rng) is not random.Random or not 0 < n <= _MAX:
        return False
    if not _VERIFIED:
        _VERIFIED.append(_check())
        if not _VERIFIED[0]:
            logger.warning("attacks.draws: this Python's random module draws differently; using random.sample")
    return _VERIFIED[0]


def shuffled(rng: random.Random, population: Sequence[T]) -> list[T]:
    """``rng.sample(population, len(population))``: the same list, and ``rng`` left in the
    same state (see the module docstring)."""
    if _fast(rng, len(population)):
        return _shuffled(rng, population)
    return rng.sample(population, len(population))


def choice_index(rng: random.Random, n: int) -> int:
    """The index ``rng.sample(population, 1)`` picks from a population of ``n`` (n >= 1),
    ``rng`` left in the same state: one ``_randbelow(n)``, without ``sample``'s overhead."""
    if _fast(rng, n):
        return _below(rng, n)
    return rng.sample(range(n), 1)[0]


def shuffled_prefix(rng: random.Random, population: Sequence[T]) -> Iterator[T]:
    """The items of ``rng.sample(population, len(population))``, in the same order, drawn one at
    a time as they are asked for: the items are the same, but ``rng`` is left after the draws of
    the items taken (for a caller that discards ``rng`` afterwards, see
    ``attacks.base.Perturbation.perturb_last``). Item ``i`` of ``sample`` depends only on the
    draws before it, so a prefix costs only its own draws."""
    n = len(population)
    if not _fast(rng, n):
        yield from rng.sample(population, n)
        return
    pool = list(population)
    for size in range(n, 0, -1):
        r = _below(rng, size)
        yield pool[r]
        pool[r] = pool[size - 1]
