"""English -> L code-switching: a work title that the collection's passages also write as a common lower-case phrase
is not locked without the passage's other words (``attacks.lex.phrasecase``; bench/RESULTS.md section 211 measures
the rule).

BoolQ's dev passages hold one album called "Based on a True Story" ("Shelton's 2013 album Based on a True Story"),
so ``lex.namecues`` read the run as a work's title, and under ``--dataset boolq`` every "is X based on a true story"
question had based/on/a/true/story locked (86 judged-right "story" words of held-out v31-v34 no longer switched),
while under ``boolq-test`` the same questions were switched: the output depended on which split was named. The
same dev passages also write "based on a true story" in lower case. Skips without WordNet or MUSE's en-es.
"""

from __future__ import annotations

from pathlib import Path

import pytest

_ALBUM = ("Mine Would Be You was released in July 2013 as the third single from Shelton's 2013 album Based on a "
          "True Story.")
_FILM = "The film is based on a true story, the director said in an interview."
_SERIES = "Mayans M.C. is a spin-off of the FX series Sons of Anarchy. It was announced in 2017."
_TITLES = ["Mine Would Be You", "Mayans M.C.", "City of God (2002 film)"]


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    from tests.muse_data import require_muse

    return {**english_resources, "muse": require_muse("es")}


def _locked(text: str, paths: dict[str, Path], passages: list[str]) -> set[str]:
    """The words of ``text`` the name locks hold, given the collection's titles and ``passages``."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, context="none", resource_paths=paths)
    cs.use_collection_names(_TITLES, passages)
    a = analyse(text, "en")
    return {a.words[i].text for i in cs._lowercase_names(a)}


def test_phrase_case_counts_lower_case_and_capitalised_occurrences():
    from robustir.attacks.lex.phrasecase import common_phrase, phrase_case

    assert phrase_case([_ALBUM, _FILM], "t1", "based on a true story") == (1, 1)
    assert common_phrase([_ALBUM, _FILM], "t1", "based on a true story")
    # the title alone: no lower-case use, a name
    assert phrase_case([_ALBUM], "t2", "based on a true story") == (0, 1)
    assert not common_phrase([_ALBUM], "t2", "based on a true story")
    # words joined by an apostrophe or a hyphen still match; a run never written is no common phrase
    assert phrase_case(["Disney's Pete's Dragon was remade."], "t3", "pete s dragon") == (0, 1)
    assert not common_phrase([_FILM], "t4", "sons of anarchy")


def test_a_common_phrase_that_is_also_an_album_is_not_locked(paths):
    # fails before section 211: the album's title cue locked the whole run
    locked = _locked("is the movie city of god based on a true story", paths, [_ALBUM, _FILM, _SERIES])
    assert not {"based", "true", "story"} & locked


def test_the_album_title_alone_is_still_locked(paths):
    # the passages never write the run in lower case: the title cue stands, as before
    locked = _locked("is the movie city of god based on a true story", paths, [_ALBUM, _SERIES])
    assert {"true", "story"} <= locked


def test_a_title_never_written_in_lower_case_stays_locked(paths):
    locked = _locked("is the mayans a spin-off of sons of anarchy", paths, [_ALBUM, _FILM, _SERIES])
    assert {"sons", "anarchy"} <= locked
