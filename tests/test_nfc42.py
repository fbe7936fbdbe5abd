"""Vietnamese written with combining accents (NFD) is code-switched as its NFC form is (section 286).

pyvi segments, and MUSE and the question words match, precomposed letters only: a question such as MLQA-R's
"Loại nhạc cụ nào Edward chơi tốt?" stored with combining marks was analysed as [Edward, chơi] and left
unperturbable. The analysis now finds the same words in either form, the recipe offers the same options, and the
perturbed text keeps the query's own bytes outside the switched words.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse

pytest.importorskip("pyvi")

_QUERY = "Loại nhạc cụ nào Edward chơi tốt?"


def test_nfc_map_points_every_character_back_to_its_cluster():
    from robustir.attacks.analysis.script import nfc_map

    text = unicodedata.normalize("NFD", "cụ nào")
    norm, starts, ends = nfc_map(text)
    assert norm == "cụ nào" and len(norm) == 6 and len(text) == 8
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == [
        "c", "u\u0323", " ", "n", "a\u0300", "o"]


def test_vietnamese_words_are_the_same_in_nfd_and_nfc():
    from robustir.attacks.analysis import analyse

    nfd = unicodedata.normalize("NFD", _QUERY)
    a, b = analyse(_QUERY, "vi"), analyse(nfd, "vi")
    assert [w.text for w in a.words] == [unicodedata.normalize("NFC", w.text) for w in b.words]
    assert [w.text for w in a.words] == ["Loại", "nhạc cụ", "nào", "Edward", "chơi", "tốt"]
    assert "".join(b.parts) == nfd


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def test_the_recipe_offers_the_same_options_and_keeps_the_texts_bytes(cs):
    require_muse("vi")
    q = "Hệ thống miễn dịch bảo vệ cơ thể như thế nào?"
    nfd = unicodedata.normalize("NFD", q)
    want = _offered(cs, q, "vi")
    assert want  # (before: {} for the NFD text)
    assert {unicodedata.normalize("NFC", k): v for k, v in _offered(cs, nfd, "vi").items()} == want
    out = cs.perturb(nfd, random.Random(0), "vi")
    assert out.edits
    rest = out.text
    for e in out.edits:
        assert e.original in nfd  # the text's own (decomposed) word
        rest = rest.replace(e.replacement.strip(), e.original, 1)
    assert unicodedata.normalize("NFC", rest) == q and not unicodedata.is_normalized("NFC", out.text)


def test_hindi_written_with_precomposed_nukta_letters_is_switched_as_its_nfc_form(cs):
    """XQuAD-R hi writes फ़ as U+095E, which NFC decomposes (फ + nukta, as MUSE writes it): the word was never
    found (section 298). And चीज़ ("thing"; MUSE's only English is the loan "cheese") stays unswitched."""
    require_muse("hi")
    platform = "\u092a\u094d\u0932\u0947\u091f\u095e\u0949\u0930\u094d\u092e"  # प्लेटफ़ॉर्म, फ़ precomposed
    q = f"ableine को सेवानिवृत्त कर दिया गया था और नए {platform} को कहा जाता है"
    assert not unicodedata.is_normalized("NFC", q)
    assert _offered(cs, q, "hi") == {platform: ["platform"]}  # (before: {})
    out = cs.perturb(q, random.Random(0), "hi")
    assert [(e.original, e.replacement.strip()) for e in out.edits] == [(platform, "platform")]
    assert out.text == q.replace(platform, "platform")  # the rest keeps its bytes
    thing = "\u091a\u0940\u095b"  # चीज़, ज़ precomposed (U+095B), as XQuAD-R hi writes it
    for text in (f"विकास की लंबी अवधि किस {thing} से जुडी हुई है?",
                 unicodedata.normalize("NFC", f"विकास की लंबी अवधि किस {thing} से जुडी हुई है?")):
        assert "cheese" not in str(_offered(cs, text, "hi"))
