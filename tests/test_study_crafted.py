"""The study's craft-once store of transfer texts (robustir.study.crafted)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from robustir.study.cells import Cell, cell_path


def _study(**over):
    from robustir.study.spec import parse_study

    data = {"name": "t", "datasets": ["toy"], "recipes": ["typo-adv@base"], "seeds": [0], "resamples": 200,
            "limit": 6, "models": {"base": {"model": "bow-64", "strategy": "base"},
                                   "xx": {"model": "bow-80", "strategy": "xx"},
                                   "xy": {"model": "bow-96", "strategy": "xy"}}}
    data.update(over)
    return parse_study(data)


def _run(spec, out: Path, monkeypatch, *, store: bool = True) -> list[str]:
    """Run the study; the labels of the encoders the transfer texts were crafted with, one per crafting."""
    import robustir.study.work as work
    from robustir.evaluation import Evaluation
    from robustir.study.runner import run_study
    from tests.study_fakes import FakeResolver

    crafted: list[str] = []
    perturb = Evaluation.perturb

    def spy(self, task, *, score_with=None, **kw):
        crafted.append(self.encoder.name)
        return perturb(self, task, score_with=score_with, **kw)

    monkeypatch.setattr(Evaluation, "perturb", spy)
    if not store:  # the code before the store: every cell crafts its own texts
        class NoStore:
            def __init__(self, folder):
                pass

            def get_or_craft(self, evaluation, craft):
                return craft()

        monkeypatch.setattr(work, "CraftStore", NoStore)
    run = run_study(spec, out, cache_dir=out / "cache", resolver=FakeResolver(), log=lambda s: None)
    assert {o.status for o in run.outcomes} == {"computed"}, [o.message for o in run.outcomes]
    monkeypatch.undo()
    return crafted


def test_transfer_texts_are_crafted_once_and_cells_are_byte_identical_to_crafting_in_each(tmp_path,
                                                                                         monkeypatch) -> None:
    spec = _study()
    each = _run(spec, tmp_path / "each", monkeypatch, store=False)
    once = _run(spec, tmp_path / "once", monkeypatch)
    assert len(each) == 3 and len(once) == 1  # three models, one crafting
    for model in ("base", "xx", "xy"):
        a = cell_path(tmp_path / "each", Cell(model, "toy", "typo-adv@base", 0)).read_bytes()
        b = cell_path(tmp_path / "once", Cell(model, "toy", "typo-adv@base", 0)).read_bytes()
        assert a == b, model
    assert len(list((tmp_path / "once" / "crafted").glob("*.json"))) == 1
    from robustir.study.summary import build_summary

    summary = build_summary(spec, tmp_path / "once")  # says what the texts were crafted against
    (t,) = summary["transfer"]
    base_fp = _json(cell_path(tmp_path / "once", Cell("base", "toy", "typo-adv@base", 0)))["provenance"]["model"]
    assert (t["recipe"], t["attack"], t["surrogate"]) == ("typo-adv@base", "typo-adv", "base")
    assert t["surrogate_fingerprints"] == [base_fp["fingerprint"]]
    assert any("crafted against model base" in n for n in summary["notes"])


def _json(path: Path) -> dict:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def test_a_changed_input_crafts_again_and_a_corrupt_file_is_not_used(tmp_path, monkeypatch) -> None:
    spec = _study()
    assert len(_run(spec, tmp_path, monkeypatch)) == 1
    # another attack seed: other inputs, another file (the model's cells are recomputed too)
    assert len(_run(_study(seeds=[1]), tmp_path, monkeypatch)) == 1
    files = sorted((tmp_path / "crafted").glob("*.json"))
    assert len(files) == 2
    # a corrupt store file (its checksum fails) is crafted again, not read
    for f in files:
        f.write_text(f.read_text(encoding="utf-8").replace('"text"', '"text" ', 1), encoding="utf-8")
    for c in (tmp_path / "cells").rglob("*.json"):
        c.unlink()
    assert len(_run(spec, tmp_path, monkeypatch)) == 1
    # a stored file whose key differs from the one computed now (a hash collision, a hand edit) is not used
    from robustir.study.crafted import CraftStore

    store = CraftStore(tmp_path / "crafted")
    other = {"format": "x"}
    store.save(other, [])
    store.path(other).rename(store.path({"format": "y"}))
    store.path(other).with_name(store.path(other).name + ".sha256").rename(
        store.path({"format": "y"}).with_name(store.path({"format": "y"}).name + ".sha256"))
    assert store.load({"format": "y"}) is None and store.load(other) is None


def test_the_key_holds_every_input_of_the_crafting_but_not_the_model_under_test(tmp_path) -> None:
    from types import SimpleNamespace

    from robustir.study.crafted import CraftStore, code_digest, craft_key

    def ev(**over):
        base = dict(surrogate_encoder=SimpleNamespace(fingerprint="S"), bench=SimpleNamespace(checksum="D"),
                    recipe=SimpleNamespace(sha256="R"), seed=0, samples=1, limit=100, batch_size=64,
                    encoder=SimpleNamespace(fingerprint="M1"))
        base.update(over)
        return SimpleNamespace(**base)

    key = craft_key(ev())
    assert key["code"] == code_digest() and len(key["code"]) == 64
    assert craft_key(ev(encoder=SimpleNamespace(fingerprint="M2"))) == key  # any model under test
    store = CraftStore(tmp_path)
    changed = [ev(surrogate_encoder=SimpleNamespace(fingerprint="T")), ev(bench=SimpleNamespace(checksum="E")),
               ev(recipe=SimpleNamespace(sha256="Q")), ev(seed=1), ev(samples=2), ev(limit=50), ev(batch_size=8)]
    paths = {store.path(craft_key(e)) for e in changed}
    assert len(paths) == len(changed) and store.path(key) not in paths
    with pytest.raises(ValueError, match="surrogate"):
        craft_key(ev(surrogate_encoder=None))


def test_stored_texts_read_back_equal_to_what_was_crafted(tmp_path) -> None:
    from types import SimpleNamespace

    from robustir.attacks.base import Edit, Perturbed

    from robustir.study.crafted import CraftStore

    ev = SimpleNamespace(surrogate_encoder=SimpleNamespace(fingerprint="S"), bench=SimpleNamespace(checksum="D"),
                         recipe=SimpleNamespace(sha256="R"), seed=0, samples=2, limit=None, batch_size=None)
    crafted = [[Perturbed("wht is it", (Edit(0, "what", "wht", "delete"),), "en", {"semantic": 3}, queries=7,
                          success=True, objective=-math.inf, similarity=0.912345, valid=True),
                Perturbed("what is it", (), "en", unperturbable=True, similarity=1.0, valid=None)],
               [Perturbed("qué es", (Edit(-1, "what", "qué", "codeswitch:es"),), "es", queries=np.int64(3),
                          success=np.bool_(False), objective=np.float64(0.25), similarity=0.5, valid=False,
                          failed="semantic")]]
    calls: list[int] = []
    store = CraftStore(tmp_path)
    first = store.get_or_craft(ev, lambda: calls.append(1) or crafted)
    again = store.get_or_craft(ev, lambda: calls.append(1) or crafted)
    assert calls == [1] and (store.crafted, store.reused) == (1, 1)
    assert first is crafted
    assert again == crafted  # dataclass equality (``rejected`` is not compared: checked below)
    assert [[p.to_dict() for p in row] for row in again] == [[p.to_dict() for p in row] for row in crafted]
    assert again[0][0].rejected == {"semantic": 3} and again[0][0].objective == -math.inf
