"""A result's package versions are read from ``importlib.metadata`` once and reused by later processes while
``sys.path``'s folders are unchanged (``robustir.provenance._installed_versions``; bench/results-perf19.md,
section 27): the same versions, read again when a folder changes or the stored file is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def provenance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from robustir import provenance

    monkeypatch.setenv("ROBUSTIR_HOME", str(tmp_path / "home"))
    provenance._installed_versions.cache_clear()
    yield provenance
    provenance._installed_versions.cache_clear()


def _counting(provenance, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every distribution ``importlib.metadata`` is asked for (the lookups still run)."""
    asked: list[str] = []
    real = provenance.metadata.version

    def version(name: str) -> str:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(provenance.metadata, "version", version)
    return asked


def test_a_later_process_reuses_the_versions_read_before(provenance, monkeypatch: pytest.MonkeyPatch) -> None:
    first = provenance.package_versions()
    assert first["python"] and first["numpy"] and "robustir" in first
    assert provenance._versions_file().is_file()

    provenance._installed_versions.cache_clear()  # what a new process starts with
    asked = _counting(provenance, monkeypatch)
    again = provenance.package_versions()
    assert again == first
    assert list(again) == list(first)  # the same order, as the result file writes it
    assert asked == []


def test_a_changed_folder_or_a_damaged_file_reads_the_versions_again(provenance, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = provenance.package_versions()
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    provenance._installed_versions.cache_clear()
    asked = _counting(provenance, monkeypatch)
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)  # a new folder on sys.path: every version looked up again

    (site / "other-1.0.dist-info").mkdir()  # as an installation does: the folder's times move
    provenance._installed_versions.cache_clear()
    asked.clear()
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)

    provenance._versions_file().write_text('{"signature": [', encoding="utf-8")
    provenance._installed_versions.cache_clear()
    asked.clear()
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)
    provenance._installed_versions.cache_clear()
    asked.clear()
    assert provenance.package_versions() == first  # stored again
    assert asked == []
