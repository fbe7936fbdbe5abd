"""English -> L code-switching: recurring another-sense rejects of held-out v39a (bench/RESULTS.md section 244.4),
fixed in bench/RESULTS.md section 258.

- electric "current" (``attacks.lex.electricsense``): spaCy tags a bare "current" an adjective, so es actual, fr
  actuel, it attuale, pt atual ("present") were switched for the electric current in "does current flow in the
  opposite direction to electrons" (v39a) and "is current always the same in a series circuit" (v26/v28), all
  judged wrong.

The unit tests read WordNet; the recipe tests skip without spaCy, WordNet or MUSE.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


def test_current_is_the_electric_noun_only_where_the_question_names_electricity(wn):
    from robustir.attacks.lex.electricsense import electric_noun, electric_noun_sense

    assert electric_noun_sense(wn, "current").name() == "current.n.01"
    # an electrical device, a unit, a particle the definition of electricity names
    assert electric_noun(wn, "current", ["series", "circuit"])
    assert electric_noun(wn, "current", ["direction", "electron"])
    assert electric_noun(wn, "current", ["amp"])
    # no electricity named: the adjective stands ("is the current star is born a remake")
    assert not electric_noun(wn, "current", ["star", "remake"])
    assert not electric_noun(wn, "current", ["president", "oca"])
    # not "a physical phenomenon": electricity's own class words are no cue
    assert not electric_noun(wn, "current", ["phenomenon"])
    # a word whose first noun sense is not electric is never retagged
    assert not electric_noun(wn, "present", ["circuit"])


@pytest.fixture(scope="module")
def cs40(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    paths = {**english_resources, "muse": require_muse("es")}  # (fr it pt: OMW and FreeDict)
    return CodeSwitch(languages=["es", "fr", "it", "pt"], rate=0.5, context="none", resource_paths=paths)


def _options(cs, text: str, word: str) -> dict[str, str]:
    parts, opts, _ = cs._analyse(text, "en")
    i = next(k for k in range(len(parts) // 2) if parts[2 * k + 1] == word)
    return dict(opts[i])


@pytest.mark.parametrize("text", ["does current flow in the opposite direction to electrons",
                                  "is current always the same in a series circuit"])
def test_electric_current_is_not_the_adjective_present(cs40, text: str):
    got = _options(cs40, text, "current")
    for lang, wrong in {"es": "actual", "fr": "actuel", "it": "attuale", "pt": "atual"}.items():
        assert got.get(lang) != wrong, (lang, got)
    assert got.get("es") in (None, "corriente") and got.get("fr") in (None, "courant"), got


def test_the_current_remake_keeps_the_adjective(cs40):
    got = _options(cs40, "is the current star is born a remake", "current")
    assert got.get("es") == "actual", got


def test_a_british_multiword_finds_wordnets_american_lemma(wn):
    from robustir.attacks.lex.spellvariant import wordnet_spelling

    assert wordnet_spelling(wn, "maid_of_honour") == "maid_of_honor"
    assert wordnet_spelling(wn, "guard_of_honour") == "guard_of_honor"
    # WordNet's own spelling, or no WordNet lemma in any spelling: nothing
    assert wordnet_spelling(wn, "maid_of_honor") is None
    assert wordnet_spelling(wn, "four_hours") is None
    assert wordnet_spelling(wn, "honour") is None


def test_maid_of_honour_is_not_switched_to_a_servant(cs40):
    # "maid" alone was es criada, fr domestique, it cameriera, pt criada (judged wrong in v29a, v39a)
    text = "can i have a maid of honour and chief bridesmaid"
    parts, opts, _ = cs40._analyse(text, "en")
    words = [parts[2 * k + 1] for k in range(len(parts) // 2)]
    got = {w: dict(o) for w, o in zip(words, opts, strict=True)}
    for lang, wrong in {"es": "criada", "fr": "domestique", "it": "cameriera", "pt": "criada"}.items():
        assert got.get("maid", {}).get(lang) != wrong, (lang, got)
    assert "maid" not in words or not got["maid"], got
