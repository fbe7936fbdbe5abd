"""sha256_text hashes each part followed by a NUL, whatever the number of parts (chunked internally)."""

from __future__ import annotations

import hashlib

import pytest

from robustir.io import sha256_text


def _part_by_part(parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("count", [0, 1, 4095, 4096, 4097, 9000])
def test_chunked_digest_equals_the_part_by_part_digest(count):
    parts = [f"p{i} é 中 {'x' * (i % 7)}" if i % 5 else "" for i in range(count)]
    assert sha256_text(parts) == _part_by_part(parts)
    assert sha256_text(iter(parts)) == _part_by_part(parts)  # any iterable, consumed once


def test_part_boundaries_count():
    assert sha256_text(["ab", "c"]) != sha256_text(["a", "bc"])


def test_a_lone_surrogate_is_refused_as_before():
    with pytest.raises(UnicodeEncodeError):
        sha256_text(["ok", "bad \ud800"])
