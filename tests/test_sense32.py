"""English -> L code-switching: the cross-language wrong senses of held-out v31/v32 (issue 10,
section 179 measures the rules):

* "can a tuning fork go out of tune" -> de Melodie, ja 曲, pt melodia, ru мелодия, ar اللحن, hi धुन (judged wrong in
  v32 in all six languages: the melody, tune.n.01): WordNet's usage example "the clarinet was out of tune" shows
  tune.n.02, the pitch, after the same particle phrase (``lex.phrasesense``).
* "does a supreme court justice have to be born in the us" -> es justicia, zh 正义, ja 正義, de Gerechtigkeit (judged
  wrong in v31/v32: justice, fairness): WordNet's judge.n.01 (lemma justice) is the one sense whose definition
  names the noun before it, "a public official authorized to decide questions brought before a court of justice"
  (``lex.compoundsense.gloss_sense``).

Skips without MUSE's en-de / en-es or FreeDict eng-deu.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def wn(english_resources: dict[str, Path]):
    from robustir.attacks.base import MissingResource

    try:
        from nltk.corpus import wordnet

        wordnet.synsets("tune")
    except (LookupError, MissingResource):
        pytest.skip("NLTK WordNet not installed")
    return wordnet


@pytest.fixture(scope="module")
def cs(muse_paths: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.freedict import installed

    if not installed("en", "de"):
        pytest.skip("FreeDict eng-deu not installed")
    # the shipped in-context recipe, as bench/codeswitch_paired.py builds it
    return CodeSwitch(languages=["de", "ja"], rate=0.5, resource_paths=muse_paths)


def _options(cs, text: str, word: str, lang: str) -> set[str]:
    """The in-context ``lang`` choices of ``word`` in the English ``text`` (``CodeSwitch._analyse``)."""
    parts, opts, _ = cs._analyse(text, "en")
    i = next(k for k in range(len(parts) // 2) if parts[2 * k + 1] == word)
    return {rep for lg, rep in opts[i] if lg == lang}


def test_wordnet_example_names_the_pitch_sense_after_out_of(wn):
    from robustir.attacks.lex.phrasesense import phrase_sense

    assert phrase_sense(wn, "tune", "out", "of").name() == "tune.n.02"
    # no example writes the noun after these words: no sense is named
    assert phrase_sense(wn, "tune", "part", "of") is None
    # a word WordNet knows one noun sense of: nothing to choose
    assert phrase_sense(wn, "electrolyte", "out", "of") is None


def test_out_of_tune_is_not_the_melody(cs):
    text = "can a tuning fork go out of tune"
    assert not _options(cs, text, "tune", "de") & {"Melodie", "Lied", "Weise"}
    assert "曲" not in _options(cs, text, "tune", "ja")


def test_a_determiner_phrase_is_no_particle_phrase(cs):
    # "the same thing": WordNet's thing.n.07 example writes "the same thing", but "the same" is no particle
    # phrase; the rule leaves the noun's first sense (and its translations) alone
    assert _options(cs, "is a couch and sofa the same thing", "thing", "de") == \
        _options(cs, "is a couch and a sofa one thing", "thing", "de")


def test_the_sense_whose_definition_names_the_modifier(wn):
    from robustir.attacks.lex.compoundsense import gloss_sense

    assert gloss_sense(wn, "justice", "court").name() == "judge.n.01"
    # a plural modifier reads as its base form ("courts" -> court)
    assert gloss_sense(wn, "justice", "courts").name() == "judge.n.01"
    # a modifier no definition names: nothing chosen
    assert gloss_sense(wn, "justice", "banana") is None


def test_a_supreme_court_justice_is_a_judge(cs):
    text = "does a supreme court justice have to be born in the us"
    ja = _options(cs, text, "justice", "ja")
    assert "正義" not in ja and ja == {"判事"}
    assert "Gerechtigkeit" not in _options(cs, text, "justice", "de")
