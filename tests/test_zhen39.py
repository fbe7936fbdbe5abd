"""English -> L code-switching: "season" in a question naming a sports team or league is the sports season (issue 10;
bench/RESULTS.md section 241 measures the rule).

v38b judged zh 季节 and de Jahreszeit (a season of the year) wrong for "has any baseball team had a perfect season"
(bench/RESULTS.md section 231.5). ``lex.sportseason`` reads the team/league cue; ``Sources.series_sense`` then serves
the evidenced sports/series sense (de Saison; zh: no candidate evidenced, the word is not switched). Skips when
WordNet, spaCy or MUSE are absent.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.muse_data import require_muse


def _analysis(tagged: str) -> SimpleNamespace:
    """A stand-in English analysis from "word/POS" tokens (lemma: the word, "seasons" -> "season")."""
    words = []
    for tok in tagged.split():
        t, pos = tok.rsplit("/", 1)
        words.append(SimpleNamespace(text=t, lemma="season" if t == "seasons" else t, pos=pos))
    return SimpleNamespace(words=words)


@pytest.mark.parametrize(("tagged", "i"), [
    ("has/AUX any/DET baseball/NOUN team/NOUN had/VERB a/DET perfect/ADJ season/NOUN", 7),
    ("has/AUX any/DET nba/PROPN team/NOUN has/VERB a/DET perfect/ADJ season/NOUN", 7),
    ("is/AUX the/DET nfl/PROPN season/NOUN over/ADV", 3),
    ("did/AUX the/DET league/NOUN cancel/VERB the/DET season/NOUN", 5),
])
def test_a_season_of_a_team_or_league_is_the_sports_season(wn, tagged: str, i: int):
    from robustir.attacks.lex.sportseason import sports_season

    assert sports_season(wn, _analysis(tagged), i)


@pytest.mark.parametrize(("tagged", "i"), [
    ("is/AUX autumn/NOUN the/DET best/ADJ season/NOUN for/ADP planting/VERB trees/NOUN", 4),
    ("are/AUX the/DET seasons/NOUN opposite/ADJ in/ADP the/DET southern/ADJ hemisphere/NOUN", 2),
    ("is/AUX the/DET rainy/ADJ season/NOUN over/ADV in/ADP kerala/PROPN", 3),
    ("has/AUX any/DET baseball/NOUN team/NOUN had/VERB a/DET perfect/ADJ record/NOUN", 7),  # not "season"
])
def test_other_seasons_are_not_read_as_sports(wn, tagged: str, i: int):
    from robustir.attacks.lex.sportseason import sports_season

    assert not sports_season(wn, _analysis(tagged), i)


def _choices(cs, text: str, word: str, lang: str) -> list[str]:
    """The ``lang`` choices of every ``word`` in the English ``text`` (as bench/codeswitch_paired.py reads them)."""
    parts, opts, _ = cs._analyse(text, "en")
    return [rep for k in range(len(parts) // 2) if parts[2 * k + 1] == word for lg, rep in opts[k] if lg == lang]


@pytest.mark.parametrize("lang", ["zh", "de"])
def test_a_baseball_season_is_not_a_season_of_the_year(english_resources: dict[str, Path], lang: str):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=[lang], context="none",
                    resource_paths={**english_resources, "muse": require_muse(lang)})
    got = _choices(cs, "has any baseball team had a perfect season", "season", lang)
    # zh: no candidate is evidenced for the sports sense, the word is not switched; de: the loan Saison (main gave
    # Jahreszeit in v38b and Staffel, the TV season, at 5531423)
    assert got == ([] if lang == "zh" else ["Saison"])
    if lang == "zh":
        # a season of the year keeps its word
        assert _choices(cs, "is autumn the best season for planting trees", "season", lang) == ["季节"]
