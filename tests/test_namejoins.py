"""Section 237 (branch names39): names a lower-case question spells apart from the collection
(attacks.lex.namejoins)."""

from __future__ import annotations

from attacks.codeswitch import _whole_titles, title_phrases
from attacks.lex.namejoins import join_dotted_acronyms, joined_compound_runs, main_before_ellipsis

FW = frozenset({"of", "and", "the", "in", "a", "was", "is", "this"})


def test_dotted_acronym_joined_but_not_two_letters() -> None:
    assert join_dotted_acronyms("Agents of S.H.I.E.L.D. (season 5)").split()[:3] == ["Agents", "of", "SHIELD"]
    # "U.S." stays letters: "us army" would lock the over-locked "army"
    assert join_dotted_acronyms("U.S. Army") == "U.S. Army"


def test_title_phrases_spell_acronym_as_asked() -> None:
    # held-out v38a: "is this the last season of marvel agents of shield", shield -> escudo judged wrong
    titles = ("Agents of S.H.I.E.L.D. (season 5)",)
    phrases = title_phrases(titles, FW)
    assert "agents of shield" in phrases
    assert "agents of shield" in _whole_titles(titles, phrases)


def test_closed_compound_run_locked() -> None:
    # held-out v38a/c: "was george lopez in shark boy and lava girl", boy -> muchacho, garçon, мальчик judged wrong;
    # the passages write "Sharkboy and Lavagirl"
    known = {"sharkboy", "lavagirl", "football"}
    words = ["was", "george", "lopez", "in", "shark", "boy", "and", "lava", "girl"]

    def runs(ws):  # the passages' capitalised run
        return {(k, k + 3) for k in range(len(ws) - 2) if ws[k:k + 3] == ["sharkboy", "and", "lavagirl"]}

    assert joined_compound_runs(words, known.__contains__, lambda w: False, runs) == {4, 5, 6, 7, 8}


def test_common_compound_not_locked() -> None:
    # a closed-up pair that is a common word ("foot ball" -> football) is no name
    words = ["is", "foot", "ball", "fun"]
    assert joined_compound_runs(words, {"football"}.__contains__, lambda w: w == "football",
                                lambda ws: {(0, len(ws))}) == set()
    # nor a joined pair inside a run the passages do not write as a name
    assert joined_compound_runs(["was", "shark", "boy", "fun"], {"sharkboy"}.__contains__, lambda w: False,
                                lambda ws: set()) == set()


def test_main_title_before_ellipsis() -> None:
    # held-out v38a: "is i'm a celebrity really in south africa", celebrity -> celebrità, celebridade judged wrong
    assert main_before_ellipsis("I'm a Celebrity...Get Me Out of Here!") == ["I'm a Celebrity"]
    assert main_before_ellipsis("...And Justice for All (album)") == []
    assert "i m a celebrity" in title_phrases(("I'm a Celebrity...Get Me Out of Here!",), FW | {"i", "m", "me"})
