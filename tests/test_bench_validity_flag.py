"""``bench/validity_flag.py``: a perturbation judged in several files (a second judge's blind copy, a fixer's
paired re-judgement) counts once in the flag's precision and recall, and is acceptable only when every
judgement accepts it."""

from __future__ import annotations

import pytest

from tests.bench_modules import load_bench


@pytest.fixture(scope="module")
def vflag():
    return load_bench("validity_flag")


def _row(ok: bool, perturbed: str = "is a ton the same as a ton", sim: float | None = None, lang: str = "en") -> dict:
    return {"family": "codeswitch", "recipe": "codeswitch", "language": lang,
            "original": "is a ton the same as a tonne", "perturbed": perturbed, "similarity": sim, "ok": ok,
            "edits": [], "set": "lexical"}


def test_copies_of_one_perturbation_count_once_and_a_reject_wins(vflag):
    rows = vflag.dedupe([_row(True), _row(False, sim=0.9), _row(True, perturbed="is a ton the same as a Tonne")])
    assert len(rows) == 2
    assert rows[0]["ok"] is False and rows[0]["similarity"] == 0.9
    assert rows[1]["ok"] is True


def test_the_same_texts_in_another_language_or_set_stay_apart(vflag):
    other = dict(_row(True), set="char")
    assert len(vflag.dedupe([_row(True), _row(True, lang="de"), other])) == 3
