"""English -> L code-switching, sense errors outside names (issue 10, branch sense9): classes of the judged
v14/v15 rejects (bench/validity/lexical) that the random ``codeswitch`` recipe no longer makes.
"bachelor's degree" is one WordNet noun, not the unmarried man; Turkish "movie" is film, not sinema "the
cinema"; "tax id" is no taxi for ``codeswitch-adv``'s closed-compound lock. Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def _offered(cs, text: str) -> dict[str, set[str]]:
    """{English word: its switches} of the options ``cs`` makes for ``text``."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * i + 1]: {c for _, c in o} for i, o in enumerate(opts) if o}


def test_a_short_lemma_makes_no_closed_compound(rp):
    # "tax id": spaCy splits "id" into "i" "d", and "tax" + "i" is WordNet's taxi; codeswitch-adv's lock
    # took "tax id" for that compound ("tax" was judged right in 9 languages in v15: Steuer, налог, 税 ...)
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    cs = PreciseCodeSwitch(languages=["es", "de", "zh"], context="none",
                           resource_paths={**rp, "muse": require_muse("es", "de", "zh")})

    def locked(text: str) -> set[str]:
        a = analyse(text, "en")
        return {a.words[i].text for i in cs._sense_locks(a)}

    assert not locked("is a taxpayer number the same as a tax id")
    # a compound WordNet writes closed stays locked ("bumble bees": bumblebee), and a numbered season
    assert {"bumble", "bees"} <= locked("are honey bees and bumble bees the same")
    # a numbered "season" is no longer locked (greedy13: its candidates are the series-sense ones); other
    # numbered nouns are
    assert not locked("is there a season 7 of the sopranos")
    assert locked("is there a cure for type 2 diabetes") == {"type"}


def test_a_wordnet_noun_with_a_possessive_is_one_expression(rp):
    # v15 "is an associates degree the same as a bachelor's degree" -> fr célibataire, ru холостяк,
    # de Junggeselle, it giovanotto, pt solteiro (the unmarried man)
    from robustir.attacks.analysis import analyse

    words = analyse("is an associates degree the same as a bachelor's degree", "en").words
    assert [w.locked for w in words if w.text in ("bachelor", "'s")] == ["mwe", "mwe"]
    assert [w.locked for w in words if w.text == "degree"][-1] == "mwe"
    alone = analyse("is a bachelor an unmarried man", "en").words
    assert [w.locked for w in alone if w.text == "bachelor"] == [""]


def test_turkish_movie_is_film_not_the_cinema(rp):
    # v14/v15/v15b: movie -> sinema judged wrong 7 of 7; MUSE en-tr lists film first, which MUSE reads
    # back as "films", a synonym of movie in its first WordNet sense (movie.n.01: film, picture)
    from robustir.attacks.candidates import Sources
    from robustir.attacks.freedict import load_freedict

    d = require_muse("tr")
    if load_freedict("en", "tr") is None:
        pytest.skip("FreeDict eng-tur not installed")
    s = Sources({**rp, "muse": d})
    assert s.from_english("movie", "movie", "NOUN", "tr")[:1] == ("film",)
    # the rule's first use stays: country -> ülke, not FreeDict's vatan "homeland"
    assert s.from_english("country", "country", "NOUN", "tr")[:1] == ("ülke",)
