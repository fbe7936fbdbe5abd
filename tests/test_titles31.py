"""English -> L code-switching: words of a lower-case title are not switched one by one (issue 10, bench/RESULTS.md
section 176):

* "is there a book called walton's mountain" -> mountain as es montaña, de Berg, zh 山, ru гора ... (held-out v31,
  all eleven languages judged wrong: a title's word rendered as a common noun);
* "are there lyrics to here comes the bride" -> bride as ja 嫁, ar العروسة, it sposa, ru невеста, tr gelin (v31:
  judged wrong, the Bridal Chorus's English name).

``lex.titlecues`` reads both off the question's shape (a naming verb or a title noun before the words, the title
ending at the next verb; a finite clause as a preposition's object); the random ``codeswitch`` recipe asks it
(``CodeSwitch._skip_reason``). Skips when spaCy or the NLTK data are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def cs(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    # the random recipe's rules without the encoder (the lock decides eligibility, not the choice in context)
    return CodeSwitch(languages=["es"], rate=0.5, context="none", resource_paths=english_resources)


def _switched(cs, text: str) -> set[str]:
    """The English words of ``text`` the recipe offers to switch (``CodeSwitch._analyse``'s options)."""
    parts, opts, _ = cs._analyse(text, "en")
    return {parts[2 * k + 1] for k in range(len(parts) // 2) if opts[k]}


def test_a_title_after_a_naming_verb_is_not_switched(cs):
    assert "mountain" not in _switched(cs, "is there a book called walton's mountain")


def test_a_clause_after_a_preposition_is_a_title(cs):
    assert "bride" not in _switched(cs, "are there lyrics to here comes the bride")
    # the question's own noun before the title is still switched (hi गीत, es letra judged right in v31)
    assert "lyrics" in _switched(cs, "are there lyrics to here comes the bride")


def test_the_title_ends_at_the_questions_own_verb(english_resources):
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import lowercase_title_word

    def locked(text: str) -> set[str]:
        a = analyse(text, "en")
        return {w.text for k, w in enumerate(a.words) if lowercase_title_word(a, k, 4)}

    # held-out v28/v31: advantage, story judged right in every language; codeswitch-adv's fixed span locks them
    assert "advantage" not in locked("does mlb all star game determine home field advantage")
    assert "story" not in locked("is a street cat named bob a true story")
    assert "hills" in locked("is lauren conrad in season 5 of the hills")
    # a cased question shows its titles by capitals; a subordinate clause ("after he drinks") is no title
    assert not locked("Is there a book called Walton's Mountain")
    assert not locked("is it legal to drive after he drinks")
    # BoolQ dev (section 176.4): a topic after "about"; a head that ends a name ("world series", "kid books")
    assert not locked("is there a film about the chilean miners")
    assert not locked("are diary of a wimpy kid books graphic novels")
    assert not locked("did jon snow die in season 5 finale")
    assert "yellow" in locked("is pokemon let's go a remake of yellow")
    # spaCy tags this "a" PRON (DT) before "may" (MD): an article, not a clause's subject
    assert not locked("is a fish fly the same as a may fly")


def test_the_precise_recipe_keeps_its_own_title_check(english_resources):
    from robustir.attacks.codeswitch_precise import PreciseCodeSwitch

    # the hook is the random recipe's: codeswitch-adv's outputs (golden files) are unchanged by it
    p = PreciseCodeSwitch(languages=["es"], context="none", resource_paths=english_resources)
    assert p.name != "codeswitch"


def test_a_naming_verb_as_the_predicate_names_a_term_not_a_title(english_resources):
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import lowercase_title_word

    # boolq-train: colon -> 结肠, kolon judged right (v17-sense9); "called" right after a noun names a title
    a = analyse("is the large intestine also called the colon", "en")
    assert not any(lowercase_title_word(a, k, 4) for k in range(len(a.words)))
