"""L -> en code-switching, Arabic: a word only MUSE lists (``attacks.lex.arlone``; issue 10; section 27).

Section 27 measured both form kinds on development data (article 37/46 = 80.4%, bare 69/119 = 58.0%, bar 85%):
both are off, so the shipped rule admits nothing; the rule itself is pinned here for a later, narrower kind.
"""

from __future__ import annotations

_POS = {"dynasty": "n", "medicine": "n", "needs": "n", "refers": "v", "central": "a"}


def _main_pos(word: str) -> str:
    return _POS.get(word, "")


def _keep(word: str) -> bool:
    return word != "mongol"


def test_kind_of_reads_the_article():
    from robustir.attacks.lex.arlone import kind_of

    assert kind_of("المرفق") == "article"
    assert kind_of("سلالة") == "bare"
    # الطب: two letters after the article, too short to tell an article from a root letter
    assert kind_of("الطب") == "bare"


def test_lone_noun_takes_muse_first_noun_when_its_kind_is_on():
    from robustir.attacks.lex.arlone import ALL_KINDS, lone_noun

    origins = ["omw", "muse", "freedict"]
    assert lone_noun("سلالة", [[], ["dynasty", "breed"], []], origins, _keep, _main_pos, ALL_KINDS) == ("dynasty",)
    assert lone_noun("المركزية", [[], ["central"], []], origins, _keep, _main_pos, ALL_KINDS) == ()  # an adjective
    assert lone_noun("يشير", [[], ["refers"], []], origins, _keep, _main_pos, ALL_KINDS) == ()  # a verb
    assert lone_noun("المغول", [[], ["mongol"], []], origins, _keep, _main_pos, ALL_KINDS) == ()  # a name (keep)
    # a second source lists it: the ranking (or lex.arhomograph) decides, not this rule
    assert lone_noun("سلالة", [["breed"], ["dynasty"], []], origins, _keep, _main_pos, ALL_KINDS) == ()
    # a kind that is off
    assert lone_noun("سلالة", [[], ["dynasty"], []], origins, _keep, _main_pos, frozenset({"article"})) == ()


def test_shipped_kinds_are_off():
    """Section 27: neither kind reached 85% right on its development outputs, so nothing is admitted by default."""
    from robustir.attacks.lex.arlone import KINDS, lone_noun

    assert not KINDS
    assert lone_noun("سلالة", [[], ["dynasty"], []], ["omw", "muse", "freedict"], _keep, _main_pos) == ()
