"""English -> L code-switching: recurring wrong senses of held-out v21-v30 (issue 10, bench/RESULTS.md section 166
measures the rules):

* "is there a season 4 of 800 words" -> de Saison, the sports or tourist season (judged wrong 13 times in v25-v30;
  the loanword clause of section 111.5): a TV series' season is Staffel, the sense FreeDict eng-deu notes "of a TV
  serial" (``lex.sensenotes``); ja keeps the loan シーズン (noted too), not 季節, the season of the year.
* "was i'll be there for you written for friends" -> es amigo, de Freundeskreis, ja 友達 ... (the TV series Friends,
  judged wrong in v30 in all six languages of v30a): the passages holding the question's locked title, a work's
  (the collection's "I'll Be There for You (The Rembrandts song)"), write "Friends" capitalised
  (``lex.namebeside``). The passages here are tiny, written for the test.

Skips without MUSE's en-de / en-es or FreeDict eng-deu / eng-jpn.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def _freedict(target: str) -> None:
    from robustir.attacks.freedict import installed

    if not installed("en", target):
        pytest.skip(f"FreeDict eng-{target} not installed")


@pytest.fixture(scope="module")
def cs(muse_paths: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    _freedict("de")
    _freedict("ja")
    # the shipped in-context recipe, as bench/codeswitch_paired.py builds it
    return CodeSwitch(languages=["de", "ja"], rate=0.5, resource_paths=muse_paths)


def _options(cs, text: str, word: str, lang: str) -> set[str]:
    """The in-context ``lang`` choices of ``word`` in the English ``text`` (``CodeSwitch._analyse``)."""
    parts, opts, _ = cs._analyse(text, "en")
    i = next(k for k in range(len(parts) // 2) if parts[2 * k + 1] == word)
    return {rep for lg, rep in opts[i] if lg == lang}


def test_freedict_notes_name_the_tv_season():
    from robustir.attacks.lex.sensenotes import noted_candidates, noted_senses

    _freedict("de")
    senses = dict(noted_senses("en", "de", "season"))
    assert "tv" in senses[("Staffel",)] and "serial" in senses[("Staffel",)]
    assert not senses[("Saison",)]          # no note: the dictionary does not tie Saison to the series sense
    assert noted_candidates(("Spielzeit", "Jahreszeit", "Staffel", "Saison"), "season", "de") == ("Staffel",)
    # a word FreeDict gives no noted sense: nothing to prefer
    assert noted_candidates(("Fortsetzung",), "sequel", "de") == ()


@pytest.mark.parametrize("text", ["is there a season 4 of 800 words", "will there be another season of the messengers",
                                  "does my name is earl have a 5th season"])
def test_a_tv_season_is_staffel_not_saison(cs, text):
    de = _options(cs, text, "season", "de")
    assert "Saison" not in de and "Jahreszeit" not in de
    assert de == {"Staffel"}


def test_japanese_keeps_the_loan_for_a_tv_season(cs):
    assert _options(cs, "is there a season 4 of 800 words", "season", "ja") == {"シーズン"}


_SONG = ["``I'll Be There for You'' was co-written by Friends producers David Crane and Marta Kauffman. The song "
         "is the theme of the sitcom.",
         "A friend is a person you know well. Her friends gave her gifts, and friends do not pay tax on them.",
         "The United States has an Embassy in Berlin. The Embassy is on a square.",
         "An embassy is a diplomatic mission. Each embassy has a staff, and the embassy of a small state is small."]
_TITLES = ["I'll Be There for You (The Rembrandts song)", "Friendship", "United States"]


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    from tests.muse_data import require_muse

    return {**english_resources, "muse": require_muse("es")}


def _locked(text: str, paths, titles: list[str], passages: list[str]) -> set[str]:
    """The words of ``text`` the name locks hold, given the collection's titles and passages."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.use_collection_names(titles, passages)
    a = analyse(text, "en")
    return {a.words[i].text for i in cs._lowercase_names(a)}


def test_a_word_the_passages_of_the_locked_title_capitalise_is_locked(paths):
    locked = _locked("was i'll be there for you written for friends", paths, _TITLES, _SONG)
    assert "friends" in locked
    assert "written" not in locked


def test_friends_without_the_title_stays_switchable(paths):
    assert "friends" not in _locked("do friends have to pay tax on gifts", paths, _TITLES, _SONG)


def test_only_a_works_title_points_to_the_passages(paths):
    # "united states" is locked (a title) but names no work: the passages' "Embassy" is an institution's
    # capital, and the dictionaries' word for it is right
    assert "embassy" not in _locked("does the united states have an embassy in germany", paths, _TITLES, _SONG)
