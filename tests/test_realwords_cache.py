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
    # the vocabulary's one file (beside it at most the package versions a key reads: bench/RESULTS.md section 198)
    names = sorted(p.name.split(".")[0] for p in fresh.iterdir())
    assert [n for n in names if n != "package-versions"] == ["wordfreq-en"]
    realwords.vocabulary.cache_clear()  # a new process: only the cache can answer now
    monkeypatch.setattr(realwords, "_wordfreq_vocabulary", lambda lang: pytest.fail("rebuilt"))
    cached = realwords.vocabulary("en")
    assert cached == direct and cached is not built


def test_languages_without_a_file_of_their_name_are_not_cached(fresh):
    assert realwords.vocabulary("xx") is None
    assert realwords._wordfreq_files("../en") == []
    assert list(fresh.iterdir()) == []


def test_typos_check_a_words_only_set_that_a_later_process_reads_without_the_frequencies(fresh, monkeypatch):
    # RESULTS 91: typo asks membership only; the words come from their own compiled list, so a fresh process
    # does not unmarshal the frequencies (the vocabulary dict) at all
    import random

    from robustir.attacks.typo import Typo

    realwords.words.cache_clear()
    vocab = realwords.vocabulary("en")
    built = realwords.words("en")
    assert built == frozenset(vocab) and "tirade" in built
    assert sorted(p.name.split(".")[0] for p in fresh.iterdir()) == ["wordfreq-en", "wordfreq-words-en"]
    assert realwords.words("xx") is None
    original = realwords.vocabulary
    original.cache_clear()
    realwords.words.cache_clear()  # a new process
    monkeypatch.setattr(realwords, "vocabulary", lambda lang: pytest.fail("the vocabulary dict was loaded"))
    assert realwords.words("en") == built
    typo = Typo(rate=1.0)
    assert typo.perturb("the tirade went on", random.Random(0), "en").edits
    monkeypatch.setattr(realwords, "vocabulary", original)
    realwords.words.cache_clear()
