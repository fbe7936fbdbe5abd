"""Per-evaluation costs cut without changing a byte: the per-process benchmark cache and the
semantic floor's validity fields (``robustir.validity.annotate``)."""

from __future__ import annotations

import dataclasses
import os
import time

import numpy as np
import pytest
from robustir.attacks.base import Edit, Perturbed


def _samples() -> list[Perturbed]:
    return [Perturbed("a b c"), Perturbed("a X c", (Edit(1, "b", "X", "typo"),), "en", {"semantic": 2}),
            Perturbed("a b c", unperturbable=True),
            Perturbed("d Y f", (Edit(1, "e", "Y", "t"),), "de", queries=7, success=True, objective=-0.25)]


def test_validity_fields_set_as_dataclasses_replace_sets_them():
    from robustir.validity import _validity_setter

    setter = _validity_setter()
    for p in _samples():
        for sim, valid, failed in ((0.912345, True, None), (0.1, False, "semantic"), (1.0, False, "numbers")):
            fast = setter(p, sim, valid, failed)
            slow = dataclasses.replace(p, similarity=sim, valid=valid, failed=failed)
            assert type(fast) is Perturbed and fast == slow and vars(fast) == vars(slow)
            assert hash(fast) == hash(slow) and fast.to_dict() == slow.to_dict() and repr(fast) == repr(slow)
            assert p.similarity is None  # the original is untouched
            with pytest.raises(dataclasses.FrozenInstanceError):
                fast.valid = None  # type: ignore[misc]


def test_annotate_rows_equal_the_per_sample_replace():
    from robustir.validity import annotate, check_texts

    texts = ["a b c", "d e f 12"]
    rows = [_samples()[:3], [Perturbed("d E f 12", (Edit(1, "e", "E", "t"),)), Perturbed("d e f 13")]]

    def sim(originals, candidates):
        return np.array([0.5 + 0.1 * len(c) / 10 for c in candidates])

    got = annotate(texts, rows, sim, 0.55)
    for i, row in enumerate(rows):
        for s, p in enumerate(row):
            attacked = p.text != texts[i] and not p.unperturbable
            v = round(0.5 + 0.1 * len(p.text) / 10, 6) if attacked else 1.0
            failed = check_texts(texts[i], p.text, v, 0.55) if attacked else None
            want = dataclasses.replace(p, similarity=v, valid=failed is None, failed=failed)
            assert got[i][s] == want and vars(got[i][s]) == vars(want)


@pytest.fixture
def boolq_ready():
    from robustir.data import boolq

    try:
        boolq.sources()
    except Exception as e:  # noqa: BLE001 - depends on the machine
        pytest.skip(f"BoolQ resource not available: {e}")
    return boolq


def test_a_loaded_benchmark_is_kept_per_process_and_equals_a_fresh_load(boolq_ready, monkeypatch, tmp_path):
    from robustir.data import registry

    monkeypatch.setattr(registry, "_LOADED", {})
    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", "off")  # this process only: no stored benchmarks
    calls = []
    real = boolq_ready.load
    monkeypatch.setattr(boolq_ready, "load", lambda *a: calls.append(1) or real(*a))
    first = registry.load_benchmark("boolq")
    again = registry.load_benchmark("boolq")
    fresh = real()
    assert again is first and len(calls) == 1
    assert first == fresh and first.checksum == fresh.checksum and first.notes == fresh.notes
    assert first.subset(20) == fresh.subset(20) and first.subset(20).checksum == fresh.subset(20).checksum
    other = registry.load_benchmark("boolq:notitle")  # another spec: another entry
    assert other.name != first.name and len(calls) == 2
    # a source file changed (here: a stand-in file whose mtime moves): loaded again
    marker = tmp_path / "marker"
    marker.write_text("x")
    sources = boolq_ready.sources
    monkeypatch.setattr(boolq_ready, "sources", lambda *a: [*sources(*a), marker])
    registry.load_benchmark("boolq")
    registry.load_benchmark("boolq")
    assert len(calls) == 3
    st = marker.stat()
    os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    registry.load_benchmark("boolq")
    assert len(calls) == 4
    st = marker.stat()
    time.sleep(0.05)  # past the file system's timestamp tick, so that the rewrite moves the ctime
    marker.write_text("y")  # the same size, the mtime put back: only the ctime tells
    os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert marker.stat().st_ctime_ns != st.st_ctime_ns
    registry.load_benchmark("boolq")
    assert len(calls) == 5
    marker.unlink()  # a vanished file: no caching, the loader runs
    registry.load_benchmark("boolq")
    registry.load_benchmark("boolq")
    assert len(calls) == 7


def test_a_later_process_reads_the_stored_benchmark_unless_a_source_file_changed(boolq_ready, monkeypatch,
                                                                                   tmp_path):
    from robustir.data import registry

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path / "compiled"))
    calls = []
    real = boolq_ready.load
    monkeypatch.setattr(boolq_ready, "load", lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(registry, "_LOADED", {})
    first = registry.load_benchmark("boolq")
    assert len(calls) == 1 and list((tmp_path / "compiled").glob("benchmark-boolq.*.marshal"))
    monkeypatch.setattr(registry, "_LOADED", {})  # a new process
    stored = registry.load_benchmark("boolq")
    assert len(calls) == 1 and stored is not first
    assert stored == first and stored.checksum == first.checksum and stored.notes == first.notes
    assert stored.subset(25) == first.subset(25)
    marker = tmp_path / "marker"  # a source file whose bytes change: built again
    marker.write_text("x")
    sources = boolq_ready.sources
    monkeypatch.setattr(boolq_ready, "sources", lambda *a: [*sources(*a), marker])
    monkeypatch.setattr(registry, "_LOADED", {})
    registry.load_benchmark("boolq")
    assert len(calls) == 2
    marker.write_text("y")
    monkeypatch.setattr(registry, "_LOADED", {})
    registry.load_benchmark("boolq")
    assert len(calls) == 3


def test_a_stored_benchmark_takes_its_stored_checksum_and_its_key_holds_the_checksum_code(boolq_ready, monkeypatch,
                                                                                          tmp_path):
    """Section 204: the stored checksum is taken, not computed again (the payload is sha256-checked and keyed by
    every line of the checksum's code, robustir/io.py included); subsets still hash the corpus part, once."""
    from pathlib import Path

    from robustir.attacks.lex import compiled

    import robustir.io
    from robustir.data import benchmark as bm
    from robustir.data import registry

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path / "compiled"))
    monkeypatch.setattr(registry, "_LOADED", {})
    codes = []
    real = compiled.compiled
    monkeypatch.setattr(compiled, "compiled", lambda *a, **k: codes.append(k["code"]) or real(*a, **k))
    first = registry.load_benchmark("boolq")
    want = [first.subset(n).checksum for n in (25, 40)]
    assert Path(robustir.io.__file__) in codes[0] and Path(bm.__file__) in codes[0]
    monkeypatch.setattr(registry, "_LOADED", {})  # a new process
    parts = []
    real_part = bm._checksum_corpus_part
    monkeypatch.setattr(bm, "_checksum_corpus_part", lambda corpus: parts.append(1) or real_part(corpus))
    monkeypatch.setattr(bm, "sha256_text", lambda *a, **k: (_ for _ in ()).throw(AssertionError("hashed")))
    stored = registry.load_benchmark("boolq")
    assert stored.checksum == first.checksum and parts == []
    monkeypatch.setattr(bm, "sha256_text", robustir.io.sha256_text)
    assert [stored.subset(n).checksum for n in (25, 40)] == want
    assert parts == [1]  # the subsets share the restored corpus's memo
    assert stored.compute_checksum() == first.checksum
    monkeypatch.setattr(compiled, "compiled", lambda *a, **k: {**real(*a, **k), "checksum": None})
    monkeypatch.setattr(registry, "_LOADED", {})
    calls = []
    load = boolq_ready.load
    monkeypatch.setattr(boolq_ready, "load", lambda *a: calls.append(1) or load(*a))
    again = registry.load_benchmark("boolq")  # a payload of another shape: the loader runs
    assert calls == [1] and again == first and again.checksum == first.checksum


def test_a_stored_benchmark_keeps_the_passages_digest_of_the_embedding_cache_key(boolq_ready, monkeypatch, tmp_path):
    """Section 223: the passages' digest (the embedding cache's corpus key part) is stored with the benchmark and
    given to a later process's corpus memo, shared with its subsets: not computed again; a payload without a
    sound digest computes it as before."""
    from robustir.attacks.lex import compiled

    import robustir.embeddings
    import robustir.io
    from robustir.data import benchmark as bm
    from robustir.data import registry

    assert robustir.embeddings.passages_digest is bm.passages_digest  # the memo's key: one function
    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path / "compiled"))
    monkeypatch.setattr(registry, "_LOADED", {})
    first = registry.load_benchmark("boolq")
    want = bm.passages_digest(first.corpus)
    assert want == robustir.io.sha256_text(f"{d.title} {d.text}" if d.title else d.text for d in first.corpus)
    monkeypatch.setattr(registry, "_LOADED", {})  # a new process
    passage_text = bm.passage_text
    monkeypatch.setattr(bm, "passage_text", lambda d: pytest.fail("the passages' digest computed again"))
    stored = registry.load_benchmark("boolq")
    assert stored.subset(25).corpus_value(robustir.embeddings.passages_digest) == want
    assert stored.corpus_value(bm.passages_digest) == want
    monkeypatch.setattr(bm, "passage_text", passage_text)
    real = compiled.compiled
    for bad in (None, "x" * 10, 7):
        monkeypatch.setattr(compiled, "compiled", lambda *a, bad=bad, **k: {**real(*a, **k), "passages_digest": bad})
        monkeypatch.setattr(registry, "_LOADED", {})
        again = registry.load_benchmark("boolq")
        assert again.checksum == first.checksum
        assert again.subset(25).corpus_value(bm.passages_digest) == want  # computed


def test_loaders_without_sources_are_not_kept(monkeypatch):
    from robustir.data import registry

    class NoSources:
        pass

    assert registry._signature(NoSources(), None, None) is None
