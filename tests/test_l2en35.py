"""L -> en German: an inflected form takes its lemma's agreed sense (``lex.lemmasense``), and one crossed-first
tie-break for en -> de and L -> en ar/ru (``lex.crossedfirst.frequent_breaks_tie``); issue 10, bench/RESULTS.md
section 197.

Dictionary-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def _base(e: str) -> set[str]:
    forms = {"came": "come", "happened": "happen", "won": "win", "gained": "gain", "seen": "see"}
    return {e, forms.get(e, e)}


def test_lemma_senses_need_a_second_source():
    from robustir.attacks.lex.lemmasense import lemma_senses

    # MUSE's first entry for the lemma (kommen: come), confirmed by another source's first entries
    assert lemma_senses(["come", "coming"], [["cum", "be tested", "come"]], _base) == {"come"}
    # beyond the other source's first per_source entries, or no other source: no agreement, no sense
    assert lemma_senses(["come"], [["a", "b", "c", "d", "come"]], _base) == set()
    assert lemma_senses(["come"], [], _base) == set()
    assert lemma_senses([], [["come"]], _base) == set()


def test_lemma_sense_first_moves_or_puts_musees_first_entry_first():
    from robustir.attacks.lex.lemmasense import lemma_sense_first

    def plain(e: str) -> bool:
        return True

    # kam: the sources' "happened" (FreeDict, trans-de-en) after MUSE's "came", kommen's sense
    assert lemma_sense_first(("happened",), ["came"], {"come"}, _base, plain) == ("came", "happened")
    # the first candidate has the lemma's sense already, or no sense, or no candidate: unchanged
    assert lemma_sense_first(("came", "happened"), ["came"], {"come"}, _base, plain) == ("came", "happened")
    assert lemma_sense_first(("happened",), ["came"], set(), _base, plain) == ("happened",)
    assert lemma_sense_first((), ["came"], {"come"}, _base, plain) == ()
    # MUSE's entry must be plain when it is no candidate yet, and only its first entry is read
    assert lemma_sense_first(("happened",), ["came"], {"come"}, _base, lambda e: False) == ("happened",)
    assert lemma_sense_first(("happened",), ["befell", "came"], {"come"}, _base, plain) == ("happened",)


@pytest.mark.parametrize("text, word, wanted, before", [
    # rev25-rev25a-de (and agree26's second reading): "kam -> happened" judged wrong (came close)
    ("Wie nahe kam John an das Johnston-Atoll heran?", "kam", "came", "happened"),
    # rev20-rev20a-de twice: "gewann -> gained" judged wrong (won a Super Bowl)
    ("Wer gewann den Super Bowl XLIX?", "gewann", "won", "gained"),
    # v4-de and pre-fix v5-de: "lief -> walked" judged wrong (the runoff ran)
    ("Wohin lief der Gletscherabfluss in Europa in der letzten Eiszeit?", "lief", "ran", "walked"),
    # rev24-rev24a-de: "gebildet -> educated" judged wrong (land formed by erosion)
    ("Was veranlasste Shen Kuo zu der Annahme, dass das Land durch die Erosion der Berge gebildet wurde?",
     "gebildet", "formed", "educated"),
])
def test_an_inflected_form_takes_its_lemmas_sense(cs, text, word, wanted, before):
    require_muse("de")
    cands = _cands(cs, text, "de", word)
    assert cands[:1] == (wanted,), cands
    assert before in cands  # still offered after it: the context filter may prefer it by its margin


def test_a_form_whose_first_candidate_has_the_lemmas_sense_is_unchanged(cs):
    require_muse("de")
    # regiert -> ruled (judged right, rev23-rev23a-de): not turned into another entry of the same lemma
    assert _cands(cs, "Seit wann regiert Erdogan in der Türkeoi?", "de", "regiert")[:1] == ("ruled",)


def test_known_german_sense_reject_left(cs):
    # fixed in section 240 of branch de39 (lex.framesense_de): Preis beside an award word is "prize" or kept
    require_muse("de")
    from tests.codeswitch_probes import offered_english

    # rev25-rev25a-de: Preis -> price for a prize won
    assert offered_english(cs, "Welchen Preis hat sie gewonnen?", "de").get("Preis", [""])[:1] != ["price"]


def test_listed_as_itself_is_for_nouns_two_sources_agree_on():
    from robustir.attacks.lex.samefirst import listed_as_itself

    assert listed_as_itself("Standard", [["default"], ["standard", "default"], ["standard"]])
    assert not listed_as_itself("Standard", [["default"], ["standard", "default"], ["norm"]])  # one source
    assert not listed_as_itself("global", [["globally"], ["global"], ["global"]])  # not a noun
    assert not listed_as_itself("Land", [["country", "lands"], ["lands"], ["lands", "country"]])


@pytest.mark.parametrize("text, word, wrong", [
    # rev25-rev25a-de and agree26: Standard -> default (a standard of hole size)
    ("Was ist der am weitesten verbreitete Standard von Lochgröße in Papier?", "Standard", "default"),
    # rev24-rev24a-de: Norm -> standard (the p-adic norm)
    ("Was passiert mit der Norm, wenn eine Zahl mit p multipliziert wird?", "Norm", "standard"),
])
def test_a_noun_listed_first_as_itself_is_not_switched(cs, text, word, wrong):
    require_muse("de")
    assert _cands(cs, text, "de", word) == (), wrong


def test_land_still_switches_to_country(cs):
    require_muse("de")
    assert _cands(cs, "Welches Land besuchte Kenyatta auf Einladung des Präsidenten?", "de", "Land")[:1] == \
        ("country",)


# ------------------------------------------------------------------ one crossed-first tie-break


def test_frequent_breaks_tie_compares_words_in_lower_case():
    from robustir.attacks.lex.crossedfirst import frequent_breaks_tie

    zipf = {"Gruppe": 5.3, "Konzern": 4.2, "Orkan": 3.3, "Hurrikan": 3.2}
    # en -> de group: Ding's Konzern and MUSE's gruppe (lower case) are each first in one source, the other
    # listed later: one tie, the clearly more frequent word leads
    lists = [["Konzern", "Gruppe"], ["gruppe", "konzern"]]
    assert frequent_breaks_tie(("Konzern", "Gruppe"), lists, zipf.__getitem__, 0.5) == ("Gruppe", "Konzern")
    # within the margin the order stays (hurricane: Orkan 3.3 vs Hurrikan 3.2)
    lists = [["Hurrikan", "Orkan"], ["orkan", "hurrikan"]]
    assert frequent_breaks_tie(("Hurrikan", "Orkan"), lists, zipf.__getitem__, 0.5) == ("Hurrikan", "Orkan")


def test_rank_into_german_uses_the_shared_tie_break(monkeypatch):
    import robustir.attacks.lex.crossedfirst as cf
    from robustir.attacks.candidates import Sources

    calls = []
    real = cf.frequent_breaks_tie

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(cf, "frequent_breaks_tie", spy)
    out = Sources._rank([["Konzern", "Gruppe"], ["gruppe", "konzern"]], "de", "group", lambda c: True)
    assert calls and out[0] == "Gruppe", (calls, out)
