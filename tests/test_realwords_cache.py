"""The real-word vocabulary (typo's check) comes from the compiled lexicon cache in a later process."""

import pytest
from robustir.attacks import realwords

pytest.importorskip("wordfreq")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("ROBUSTIR_LEXICON_CACHE", str(tmp_path))
    realwords.vocabulary.cache_clear()
    yield tmp_path
    realwords.vocabulary.cache_clear()


def test_a_later_process_reads_the_same_vocabulary_from_the_cache(fresh, monkeypatch):
    built = realwords.vocabulary("en")
    direct = realwords._wordfreq_vocabulary("en")
    assert built == direct and "tirade" in built and "tirrade" not in built
    assert [p.name.split(".")[0] for p in fresh.iterdir()] == ["wordfreq-en"]
    realwords.vocabulary.cache_clear()  # a new process: only the cache can answer now
    monkeypatch.setattr(realwords, "_wordfreq_vocabulary", lambda lang: pytest.fail("rebuilt"))
    cached = realwords.vocabulary("en")
    assert cached == direct and cached is not built


def test_languages_without_a_file_of_their_name_are_not_cached(fresh):
    assert realwords.vocabulary("xx") is None
    assert realwords._wordfreq_files("../en") == []
    assert list(fresh.iterdir()) == []
