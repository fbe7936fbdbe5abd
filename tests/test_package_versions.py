"""The installed versions a result records and the options caches' keys name are read from ``importlib.metadata``
once and reused by later processes while ``sys.path``'s folders are unchanged
(``robustir.attacks.lex.compiled.installed_versions``; bench/RESULTS.md section 198): the same versions, read
again when a folder changes or the stored file is damaged, and not stored with the compiled cache off."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest


@pytest.fixture()
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from robustir.attacks.lex import compiled

    from robustir import provenance

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path / "lexicons"))
    _forget()
    yield provenance, compiled
    _forget()


def _forget() -> None:
    """What a new process starts with: nothing read yet."""
    from robustir.attacks.lex import compiled

    from robustir import provenance

    provenance._installed_versions.cache_clear()
    compiled._versions_state.cache_clear()
    compiled.package_version.cache_clear()


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every distribution ``importlib.metadata`` is asked for (the lookups still run)."""
    asked: list[str] = []
    real = metadata.version

    def version(name: str) -> str:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", version)
    return asked


def _failing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(name: str) -> str:
        raise AssertionError(f"{name} looked up again")

    monkeypatch.setattr(metadata, "version", fail)


def test_a_later_process_reuses_the_versions_read_before(stores, monkeypatch: pytest.MonkeyPatch) -> None:
    provenance, compiled = stores
    first = provenance.package_versions()
    assert first["python"] and first["numpy"] and "robustir" in first
    assert compiled._versions_file().is_file()

    _forget()
    _failing(monkeypatch)
    again = provenance.package_versions()
    assert again == first
    assert list(again) == list(first)  # the same order, as the result file writes it


def test_the_options_caches_keys_read_the_same_versions_from_the_store(stores,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _, compiled = stores
    numpy_version = compiled.package_version("numpy")
    assert numpy_version == metadata.version("numpy")
    assert compiled.package_version("no-such-distribution-perf19") == ""
    _forget()
    _failing(monkeypatch)
    assert compiled.package_version("numpy") == numpy_version  # a later process: from the store
    assert compiled.package_version("no-such-distribution-perf19") == ""


def test_a_changed_folder_or_a_damaged_file_reads_the_versions_again(stores, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    provenance, compiled = stores
    first = provenance.package_versions()
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    _forget()
    asked = _counting(monkeypatch)
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)  # a new folder on sys.path: every version looked up again

    (site / "other-1.0.dist-info").mkdir()  # as an installation does: the folder's times move
    _forget()
    asked.clear()
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)

    compiled._versions_file().write_text('{"signature": [', encoding="utf-8")
    _forget()
    asked.clear()
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)
    _forget()
    asked.clear()
    assert provenance.package_versions() == first  # stored again
    assert asked == []


def test_with_the_compiled_cache_off_nothing_is_stored(stores, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    provenance, compiled = stores
    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", "off")
    first = provenance.package_versions()
    assert compiled._versions_file() is None
    assert not (tmp_path / "lexicons").exists()
    _forget()
    asked = _counting(monkeypatch)
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)


def test_two_sys_path_layouts_in_turn_each_reuse_their_own_versions(stores, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Processes of two layouts (two checkouts; a script's folder and the ``robustir`` command) run in turn: each
    finds its own layout's versions stored, the other's entry does not replace it (bench/RESULTS.md,
    section 223: with one entry, each read every version again)."""
    provenance, compiled = stores
    first = provenance.package_versions()  # layout A: stored
    other = tmp_path / "other-checkout"
    other.mkdir()
    monkeypatch.syspath_prepend(str(other))  # layout B
    _forget()
    asked = _counting(monkeypatch)
    assert provenance.package_versions() == first
    assert len(asked) == len(provenance._VERSIONED)  # B's first process reads them: a new layout
    monkeypatch.undo()  # back to layout A (sys.path and metadata.version restored; the cache folder too)
    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path / "lexicons"))
    _forget()
    _failing(monkeypatch)
    assert provenance.package_versions() == first  # A again: its entry survived B's write
    monkeypatch.syspath_prepend(str(other))
    _forget()
    assert provenance.package_versions() == first  # and B's is there too


def test_a_file_of_the_one_layout_shape_is_read_as_one_entry(stores, monkeypatch: pytest.MonkeyPatch) -> None:
    provenance, compiled = stores
    first = provenance.package_versions()
    entry = compiled._stored_entries()[0]
    compiled._versions_file().write_text(json.dumps(entry), encoding="utf-8")  # {"signature", "versions"}
    _forget()
    _failing(monkeypatch)
    assert provenance.package_versions() == first
