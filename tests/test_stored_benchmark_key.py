"""A stored benchmark's key takes its data files' sha256 through ``robustir.resources.file_sha256``
(``robustir.data.registry._resource_digest``), which keeps it across processes while the file is unchanged: the same
key as the compiled cache's own digests, and a later process does not hash the files again (bench/RESULTS.md
section 198: BoolQ's 3 MB, ~0.004 CPU-s of every process's first evaluation)."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_the_key_is_the_same_and_a_later_process_does_not_hash_the_data_files_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from robustir.attacks.lex import compiled

    from robustir import resources
    from robustir.data import registry

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(resources, "_SETTLED_NS", 0)  # the files below are settled at once
    monkeypatch.setattr(resources, "_DIGESTS", {})
    monkeypatch.setattr(resources, "_STORED", {})
    data = [tmp_path / "a.arrow", tmp_path / "b.jsonl.gz"]
    data[0].write_bytes(bytes(range(256)) * 4000)
    data[1].write_bytes(b"requests" * 5000)
    code = [Path(registry.__file__)]

    key = compiled.cache_key("benchmark-x", data, code, "extra")
    assert compiled.cache_key("benchmark-x", data, code, "extra", registry._resource_digest) == key
    assert (tmp_path / "home" / "cache" / "resource-digests.json").is_file()

    resources._DIGESTS.clear()  # a new process: only the stored digests
    resources._STORED.clear()

    def fail(path):
        raise AssertionError(f"{path} hashed again")

    monkeypatch.setattr(resources, "sha256_file", fail)
    assert [registry._resource_digest(p) for p in data] == [compiled.file_digest(p) for p in data]
    assert compiled.cache_key("benchmark-x", data, code, "extra", registry._resource_digest) == key

    missing = tmp_path / "gone.arrow"
    assert registry._resource_digest(missing) == "absent"  # as the compiled cache's own digest says
