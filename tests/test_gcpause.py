"""The garbage collector is paused while an evaluation runs and while a result is saved, and restored after."""

from __future__ import annotations

import gc
import threading

import numpy as np
from robustir.attacks.gcpause import paused


def test_the_pause_nests_is_shared_by_threads_and_restores_the_state_it_found():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block's end is not the pause's end
        inside = threading.Event()
        release = threading.Event()

        def other() -> None:
            with paused():
                inside.set()
                release.wait(5)

        t = threading.Thread(target=other)
        t.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's block is still open
    release.set()
    t.join()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # disabled before: left disabled
    finally:
        gc.enable()


def test_an_evaluation_runs_and_saves_with_the_collector_paused(tmp_path):
    import robustir
    from robustir import jsonfast
    from tests.fakes import BagOfWordsEncoder, toy_benchmark

    seen: list[bool] = []

    def similarity(originals, candidates):
        seen.append(gc.isenabled())
        return np.ones(len(originals))

    result = robustir.attack(BagOfWordsEncoder(), toy_benchmark(), "typo", samples=2, seed=0,
                             bootstrap_resamples=50, similarity_fn=similarity, cache_dir=tmp_path)
    assert seen and not any(seen) and gc.isenabled()
    original = jsonfast.dumps
    saw: list[bool] = []
    jsonfast.dumps = lambda obj, indent=1: saw.append(gc.isenabled()) or original(obj, indent)  # type: ignore[assignment]
    try:
        result.save(tmp_path / "r.json")
    finally:
        jsonfast.dumps = original  # type: ignore[assignment]
    assert saw == [False] and gc.isenabled()


def test_a_lexicon_read_in_another_thread_does_not_end_an_evaluations_pause(tmp_path, monkeypatch):
    """The compiled-lexicon reader pauses through the same ``paused``: before, its own disable/enable,
    begun before an evaluation's pause and ended inside it, re-enabled the collector mid-evaluation."""
    from robustir.attacks.lex import compiled

    reading, release = threading.Event(), threading.Event()
    loads = compiled.marshal.loads

    def slow_loads(payload):
        reading.set()
        release.wait(5)
        return loads(payload)

    path = tmp_path / "x.bin"
    compiled._write(path, {"a": [1, 2]})
    monkeypatch.setattr(compiled.marshal, "loads", slow_loads)
    t = threading.Thread(target=compiled._read, args=(path,))
    t.start()
    reading.wait(5)
    with paused():
        release.set()
        t.join()
        assert not gc.isenabled()  # the reader's end is not the evaluation's
    assert gc.isenabled()
