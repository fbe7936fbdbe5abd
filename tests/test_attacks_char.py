"""Character-level families (typo, homoglyph, ocr): behaviour and properties on any Unicode."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustir.attacks.base import AttackError, Perturbed, edit_count
from robustir.attacks.constraints import Protected
from robustir.attacks.homoglyph import Homoglyph, homoglyph_map
from robustir.attacks.ocr import Ocr, ocr_map
from robustir.attacks.segment import SEGMENTED, segment
from robustir.attacks.tokenize import replace_words, words
from robustir.attacks.typo import Typo, keyboard_neighbours, same_script_alphabet

FAMILIES = {
    "typo": lambda: Typo(rate=0.3, max_edits=3),
    "homoglyph": lambda: Homoglyph(rate=0.3, max_edits=3),
    "ocr": lambda: Ocr(rate=0.3, max_edits=3),
}
PROTECT = Protected(numbers=True, stopwords=True, words=("paris",), min_length=3,
                    stopword_lists={"en": ["the", "of", "and", "what"], "ru": ["и", "в"], "xx": [], "zh": []})


def _check_consistent(original: str, p: Perturbed) -> None:
    """Edits name real words of the original and rebuild the perturbed text exactly."""
    ws = words(original)
    assert isinstance(p.text, str)
    positions = [e.position for e in p.edits]
    assert positions == sorted(set(positions))
    for e in p.edits:
        assert 0 <= e.position < len(ws)
        assert ws[e.position].text == e.original
        assert e.replacement != e.original
    assert replace_words(original, {e.position: e.replacement for e in p.edits}) == p.text


# -- properties on arbitrary Unicode ------------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
mixed = st.lists(st.sampled_from(["the", "capital", "of", "France", "Paris", "2019", "straße", "Москва",
                                  "東京都", "नमस्ते", "θάλασσα", "co-op", "a", "x1", "ÉCOLE", "qué"]),
                 max_size=12).map(" ".join)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(texts, mixed), seed=st.integers(0, 2**32), lang=st.sampled_from(["en", "ru", "xx", "zh"]))
def test_any_unicode_returns_consistent_result_within_budget(family: str, text: str, seed: int, lang: str) -> None:
    pert = FAMILIES[family]()
    pert.word_filter = PROTECT
    p = pert.perturb(text, random.Random(seed), lang)
    _check_consistent(text, p)
    # Chinese (and Thai, Japanese) runs are segmented: the budget and the protection apply to
    # the segmenter's words, an edit is reported on its run
    units = [list(segment(w.text, lang)) if lang in SEGMENTED else [w.text] for w in words(text)]
    editable = [u for run in units for u in run if PROTECT(u, lang)]
    assert len(p.edits) <= edit_count(0.3, 3, len(editable))
    for e in p.edits:  # constraints honoured: never a protected word
        assert any(PROTECT(u, lang) for u in units[e.position])
    assert p.language == lang
    # same seed, same output
    again = FAMILIES[family]()
    again.word_filter = PROTECT
    assert again.perturb(text, random.Random(seed), lang) == p


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(max_examples=60, deadline=None)
@given(text=st.one_of(texts, mixed), lang=st.sampled_from(["en", "ru"]))
def test_word_candidates_change_exactly_one_word(family: str, text: str, lang: str) -> None:
    pert = FAMILIES[family]()
    pert.word_filter = PROTECT
    for c in pert.word_candidates(text, lang, random.Random(0)):
        assert len(c.edits) == 1
        _check_consistent(text, c)
        assert PROTECT(c.edits[0].original, lang)


# -- typo ---------------------------------------------------------------------------------------


def test_typo_budget_is_share_of_editable_words_with_cap() -> None:
    text = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"
    for rate, cap, want in [(0.1, None, 1), (0.3, None, 3), (0.5, 2, 2), (1.0, None, 10), (0.0, None, 0)]:
        for seed in range(20):
            p = Typo(rate=rate, max_edits=cap).perturb(text, random.Random(seed))
            assert len(p.edits) == want, (rate, cap, seed, p)


def test_typo_operations_do_what_they_say() -> None:
    word = "keyboard"
    for op in ("swap", "delete", "insert", "substitute", "keyboard"):
        t = Typo(rate=1.0, operations=[op])
        seen = set()
        for seed in range(50):
            p = t.perturb(word, random.Random(seed))
            (e,) = p.edits
            assert e.operation == op
            new = e.replacement
            seen.add(new)
            if op == "swap":
                assert sorted(new) == sorted(word) and len(new) == len(word)
                diff = [i for i in range(len(word)) if word[i] != new[i]]
                assert len(diff) == 2 and diff[1] == diff[0] + 1
            elif op == "delete":
                assert len(new) == len(word) - 1
            elif op == "insert":
                assert len(new) == len(word) + 1
            else:
                assert len(new) == len(word)
                diff = [i for i in range(len(word)) if word[i] != new[i]]
                assert len(diff) == 1
                if op == "keyboard":
                    assert new[diff[0]] in keyboard_neighbours("en")[word[diff[0]]]
        assert len(seen) > 5  # random, not constant


def test_keyboard_neighbours_are_letters_and_symmetric_enough() -> None:
    kb = keyboard_neighbours("en")
    assert "s" in kb["a"] and "q" in kb["a"]
    assert all(v.isalpha() for k, vs in kb.items() if k.isalpha() for v in vs)
    assert "A" in kb and all(v.isupper() for v in kb["A"])


def test_typo_uses_layout_of_the_script_and_falls_back_within_script() -> None:
    t = Typo(rate=1.0, operations=["keyboard"])
    ru = t.perturb("привет", random.Random(1), "ru").edits[0].replacement
    assert all(unicodedata.name(c).startswith("CYRILLIC") for c in ru)
    el = t.perturb("θάλασσα", random.Random(1), "el").edits[0]
    assert el.operation == "keyboard"  # the Greek layout
    assert all(unicodedata.name(c).startswith("GREEK") for c in el.replacement)
    alph = same_script_alphabet("ж")
    assert alph and all(unicodedata.name(c).startswith("CYRILLIC") for c in alph)
    assert same_script_alphabet("7") == ()
    # no random code points for scripts without a layout (Devanagari has its own edits)
    assert same_script_alphabet("क") == ()


def test_typo_keep_first_and_bad_arguments() -> None:
    t = Typo(rate=1.0, keep_first=True)
    for seed in range(30):
        (e,) = t.perturb("retrieval", random.Random(seed)).edits
        assert e.replacement[0] == "r"
    with pytest.raises(AttackError, match="unknown operation"):
        Typo(operations=["keybord"])
    with pytest.raises(AttackError, match="rate"):
        Typo(rate=1.5)


# -- homoglyph / ocr ----------------------------------------------------------------------------


def test_homoglyph_looks_the_same_but_differs() -> None:
    h = Homoglyph(rate=1.0, scripts=["cyrillic"])
    p = h.perturb("paper scope", random.Random(0))
    assert p.text != "paper scope"
    for e in p.edits:
        diff = [(a, b) for a, b in zip(e.original, e.replacement, strict=False) if a != b]
        assert len(diff) == 1 and len(e.original) == len(e.replacement)
        assert unicodedata.name(diff[0][1]).startswith("CYRILLIC")
    # and back: Russian text gets Latin look-alikes
    ru = Homoglyph(rate=1.0, scripts=["latin"]).perturb("сорок", random.Random(0), "ru")
    assert any(unicodedata.name(c).startswith("LATIN") for c in ru.text)


def test_homoglyph_table_is_symmetric_and_limited_to_asked_scripts() -> None:
    m = homoglyph_map(("latin", "cyrillic", "greek"))
    assert "\u0430" in m["a"] and "a" in m["\u0430"]  # Cyrillic a <-> Latin a
    only_greek = homoglyph_map(("greek",))
    assert all(unicodedata.name(c).startswith("GREEK") for alts in only_greek.values() for c in alts)
    with pytest.raises(AttackError, match="unknown script"):
        Homoglyph(scripts=["klingon"])


def test_homoglyph_chars_zero_replaces_every_mappable_letter() -> None:
    (e,) = Homoglyph(rate=1.0, chars=0, scripts=["cyrillic"]).perturb("cope", random.Random(3)).edits
    assert all(a != b for a, b in zip("cope", e.replacement, strict=False))


def test_ocr_applies_audited_confusions_only() -> None:
    m = ocr_map()
    assert "O" in m["0"] and "0" in m["O"]
    assert "m" in m["rn"] and "rn" in m["m"]  # glyphs merging and splitting
    # the confusions no engine makes at nlpaug's rates are gone
    assert "k" not in m.get("r", ()) and "8" not in m.get("s", ())
    p = Ocr(rate=1.0).perturb("look modern book", random.Random(0))
    assert p.edits
    for e in p.edits:
        assert any(e.original[:i] + b + e.original[i + len(a):] == e.replacement
                   for i in range(len(e.original)) for a, b in ocr_map().items() for b in b
                   if e.original.startswith(a, i))
    # Latin-only table: nothing to do in Thai, and the sample says so
    th = Ocr(rate=1.0).perturb("สวัสดี", random.Random(0), "th")
    assert th.edits == () and th.unperturbable
