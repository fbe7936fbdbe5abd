"""The translation cache checks what it serves: a changed row is retranslated, a damaged file rebuilt."""

from __future__ import annotations

import sqlite3
import warnings

import pytest
import robustir.attacks.translate as tr
from robustir.attacks.translate import CachedTranslator


class Engine(tr.TranslationEngine):
    name = "fake"

    def __init__(self) -> None:
        self.texts = 0

    @property
    def version(self) -> str:
        return "fake-1"

    def directions(self) -> tuple[str, ...]:
        return ("en-de",)

    def _translate(self, texts, source, target):
        self.texts += len(texts)
        return [{"france": "Frankreich"}.get(t, t.upper()) for t in texts]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(tr, "_CACHES", {})
    monkeypatch.delenv(tr.CACHE_ENV, raising=False)


def _new_process(monkeypatch) -> None:
    for c in tr._CACHES.values():
        c.close()
    monkeypatch.setattr(tr, "_CACHES", {})


def test_a_changed_translation_fails_its_checksum_and_is_made_again(tmp_path, monkeypatch):
    eng = Engine()
    assert CachedTranslator(eng, "en", "de", cache_dir=tmp_path).translate_batch(["france", "x"]) == ["Frankreich", "X"]
    _new_process(monkeypatch)
    with sqlite3.connect(tmp_path / "translations.sqlite") as db:  # one flipped byte in the stored value
        db.execute("UPDATE t SET v = 'FrankXeich' WHERE v = 'Frankreich'")
    with pytest.warns(UserWarning, match="1 cached translation.*do not match their checksum"):
        again = CachedTranslator(eng, "en", "de", cache_dir=tmp_path).translate_batch(["france", "x"])
    assert again == ["Frankreich", "X"]
    assert eng.texts == 3  # only the bad row reached the engine again
    _new_process(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # repaired: no warning the next time
        assert CachedTranslator(eng, "en", "de", cache_dir=tmp_path).translate_batch(["france"]) == ["Frankreich"]


@pytest.mark.parametrize("damage", ["header", "page"])
def test_a_damaged_cache_file_is_rebuilt_with_one_warning(tmp_path, monkeypatch, damage):
    eng = Engine()
    CachedTranslator(eng, "en", "de", cache_dir=tmp_path).translate_batch([f"text {i}" for i in range(300)])
    _new_process(monkeypatch)
    path = tmp_path / "translations.sqlite"
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"translations.sqlite{suffix}").unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    if damage == "header":
        data[:100] = b"\x00garbage" * 12 + b"\x00\x00\x00\x00"
    else:
        data[len(data) // 2:] = b"\xff" * (len(data) - len(data) // 2)
    path.write_bytes(bytes(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ct = CachedTranslator(eng, "en", "de", cache_dir=tmp_path)
        out = ct.translate_batch([f"text {i}" for i in range(300)])
    assert out == [f"TEXT {i}" for i in range(300)]
    damaged = [w for w in caught if "was damaged" in str(w.message)]
    assert len(damaged) == 1, [str(w.message) for w in caught]
    assert (tmp_path / "translations.sqlite.corrupt").is_file()
    _new_process(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert CachedTranslator(eng, "en", "de", cache_dir=tmp_path).translate_batch(["text 1"]) == ["TEXT 1"]


def test_rows_from_before_checksums_are_served_and_given_one(tmp_path, monkeypatch):
    with sqlite3.connect(tmp_path / "translations.sqlite") as db:
        db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        key = tr.TranslationCache.key(Engine(), "en", "de", "france")
        db.execute("INSERT INTO t VALUES (?, ?)", (key, "Frankreich"))
    eng = Engine()
    assert CachedTranslator(eng, "en", "de", cache_dir=tmp_path).translate_batch(["france"]) == ["Frankreich"]
    assert eng.texts == 0
    with sqlite3.connect(tmp_path / "translations.sqlite") as db:
        (c,) = db.execute("SELECT c FROM t WHERE k = ?", (key,)).fetchone()
    assert c == tr.TranslationCache.checksum(key, "Frankreich")
