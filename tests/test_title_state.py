"""The collection titles' derived state (``attacks.codeswitch._title_state``) is stored once and read back by a
later process: the same phrases, digest, whole titles, named qualifiers and work runs as derived, without deriving
them again (bench/RESULTS.md section 198: ~0.02 CPU-s of a first synonym or code-switching evaluation over
BoolQ's titles). No dictionary or model is needed."""

from __future__ import annotations

from pathlib import Path

import pytest

TITLES = ("Brothers & Sisters (TV series)", "Justin Walker (Brothers & Sisters)", "The Emperor's New Groove",
          "Suits (season 8)", "List of Pretty Little Liars episodes", "Avengers: Infinity War", "Water",
          "Blighted ovum", "I'll Be There for You (The Rembrandts song)")
FUNCTION_WORDS = frozenset({"the", "of", "and", "on", "a", "for", "be", "i", "ll", "you", "s"})


def _forget(cs) -> None:
    """What a new process starts with: no per-process memo of the titles."""
    for fn in (cs._title_state, cs._phrases_and_digest, cs._whole_titles, cs.qualifier_names):
        fn.cache_clear()


def _derived(cs) -> tuple:
    phrases, digest = cs._phrases_and_digest(TITLES, FUNCTION_WORDS, 8)
    return (phrases, digest, cs._whole_titles(TITLES, phrases), cs.qualifier_names(TITLES, FUNCTION_WORDS),
            cs._work_title_runs(TITLES))


def _no_derivation(cs, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*a, **k):
        raise AssertionError("derived again instead of read from the store")

    monkeypatch.setattr(cs, "title_phrases", fail)
    monkeypatch.setattr(cs, "_work_title_runs", fail)


def _lock(cs):
    """A ``CodeSwitch`` with only what ``use_collection_names`` reads (English function words given)."""
    lock = object.__new__(cs.CodeSwitch)
    lock._stop = {"en": FUNCTION_WORDS}
    lock._texts, lock._by_lang = {}, {}
    lock._init_collection_names()
    return lock


def test_a_later_process_reads_the_stored_title_state_and_use_collection_names_takes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from robustir.attacks import codeswitch as cs

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path))
    _forget(cs)
    derived = _derived(cs)
    assert derived[0] and derived[2] and derived[3] and derived[4]  # every part has something to store
    _forget(cs)
    assert cs._title_state(TITLES, FUNCTION_WORDS, 8) == derived
    assert len(list(tmp_path.glob("codeswitch-titles.*.marshal"))) == 1

    _forget(cs)
    _no_derivation(cs, monkeypatch)
    assert cs._title_state(TITLES, FUNCTION_WORDS, 8) == derived
    _forget(cs)
    lock = _lock(cs)
    lock.use_collection_names(list(TITLES), [])
    assert (lock._titles, lock._whole, lock._qualifiers, lock._work_runs) == (
        derived[0], derived[2], derived[3], derived[4])
    assert lock._titles_digest == derived[1]


def test_other_titles_or_function_words_are_derived_and_the_setting_off_stores_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from robustir.attacks import codeswitch as cs

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path))
    _forget(cs)
    cs._title_state(TITLES[:-1], FUNCTION_WORDS, 8)
    cs._title_state(TITLES, FUNCTION_WORDS - {"for"}, 8)
    cs._title_state(TITLES, FUNCTION_WORDS, 7)
    assert len(list(tmp_path.glob("codeswitch-titles.*.marshal"))) == 3

    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", "off")
    _forget(cs)
    assert cs._title_state(TITLES, FUNCTION_WORDS, 8) == _derived(cs)
    assert len(list(tmp_path.glob("codeswitch-titles.*.marshal"))) == 3  # (8 was not stored: the setting is off)
    _forget(cs)
