"""L -> en code-switching: Thai and Russian recurring rejects (issue 10; bench/RESULTS.md section 191).

- ``attacks.lex.thaiform``: the pieces of a glued run spelling a pythainlp stop word that starts with a negation
  word (ไม่|ใช่ "is not": ใช่ -> "yes" lost the negation, rev24-rev24b-th) are not switched, nor a word glued after
  the nominaliser การ/ความ whose English is only an adjective (การรุกราน -> "invasive", v4-th/v5-th); a stop-word
  run without the negation (เชื่อ|ว่า "believe that") and a noun after การ stay switchable (guards).
- ``attacks.lex.fixedphrases``' new entries: ru в ведении "run by" (not "maintenance"), по состоянию на "as of"
  (not "state"), иметь дело "deal with" (not "case"), отключение питания "power cut" (not "nutrition"), чумная
  палочка "plague bacillus" (not "wand"), each judged wrong in a ru judged set.

Dictionary-backed cases skip when MUSE or pythainlp is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def _spans(pieces: list[str], glue: str = "") -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    for k, p in enumerate(pieces):
        if k:
            text += glue
        spans.append((len(text), len(text) + len(p)))
        text += p
    return text, spans


def test_negated_pieces_needs_a_negation_a_stop_word_and_glue():
    pytest.importorskip("pythainlp")
    from robustir.attacks.lex.thaiform import negated_pieces

    text, spans = _spans(["ไซดิปพิด", "ไม่", "ใช่", "สิ่ง", "ใด"])
    assert negated_pieces(spans, text) == {1: "ไม่ใช่", 2: "ไม่ใช่"}
    # a stop word that does not start with a negation word: its verb stays a content word (judged right)
    text, spans = _spans(["เขา", "เชื่อ", "ว่า"])
    assert negated_pieces(spans, text) == {}
    # written apart: two words
    text, spans = _spans(["ไม่", "ใช่"], glue=" ")
    assert negated_pieces(spans, text) == {}


def test_nominalised_adjective_reads_wordnet():
    pytest.importorskip("pythainlp")
    from nltk.corpus import wordnet
    from robustir.attacks.lex.thaiform import nominalised_adjective

    try:
        wordnet.synsets("dog")
    except LookupError:
        pytest.skip("NLTK WordNet not installed")
    text, spans = _spans(["ขัดขวาง", "การ", "รุกราน"])
    assert nominalised_adjective(spans, text, 2, "invasive", wordnet)
    assert not nominalised_adjective(spans, text, 2, "invasion", wordnet)  # a noun: fine
    assert not nominalised_adjective(spans, text, 0, "hinder", wordnet)   # no nominaliser before it
    spaced, sp = _spans(["การ", "รุกราน"], glue=" ")
    assert not nominalised_adjective(sp, spaced, 1, "invasive", wordnet)  # not glued
    assert not nominalised_adjective(spans, text, 2, "invasive", None)    # no WordNet: nothing to say


@pytest.mark.parametrize("text, word", [
    ("ไซดิปพิดไม่ใช่สิ่งใด", "ใช่"),                          # rev24-rev24b-th: ใช่ -> yes, judged wrong
    ("อะไรขัดขวางการรุกรานญี่ปุ่นครั้งที่สองของกุบไล?", "รุกราน"),  # v4-th, v5-th: invasive, judged wrong
])
def test_thai_negated_copula_and_nominalised_adjective_not_switched(cs, text, word):
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert _cands(cs, text, "th", word) == ()


def test_thai_believe_that_is_still_switched(cs):
    # guard: เชื่อว่า is a stop-list run without a negation; เชื่อ -> believe was judged right (rev20-rev24)
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert _cands(cs, "เชื่อกันว่าสนธิสัญญาแวร์ซายมีส่วนช่วยในเรื่องใด", "th", "เชื่อ")


@pytest.mark.parametrize("text, word, other", [
    ("Сколько общественных чартерных школ находятся в ведении университета?", "ведении", "школ"),
    ("Сколько человек занимало территорию, контролируемую «Исламским государством», по состоянию на 2014 год?",
     "состоянию", "территорию"),
    ("Какая отрасль теоретической информатики имеет дело с широкой классификацией вычислительных задач?", "дело",
     "классификацией"),
    ("Когда чумная палочка добралась до Англии?", "палочка", None),
])
def test_russian_phrases_and_terms_keep_their_nouns(cs, text, word, other):
    require_muse("ru")
    offered = _offered(cs, text, "ru")
    assert word not in offered
    if other is not None:
        assert other in offered  # the query's other words are still offered


def test_the_new_russian_cues_need_their_partner():
    from robustir.attacks.lex.fixedphrases import fixed_word

    assert fixed_word(["отключения", "питания"], ["отключение", "питание"], 1, "ru") == "term"
    assert fixed_word(["здорового", "питания"], ["здоровый", "питание"], 1, "ru") == ""  # healthy eating
    assert fixed_word(["имеет", "дело", "с"], ["иметь", "дело", "с"], 1, "ru") == "term"
    assert fixed_word(["уголовное", "дело"], ["уголовный", "дело"], 1, "ru") == ""  # a criminal case
    assert fixed_word(["в", "ведении", "университета"], ["в", "ведение", "университет"], 1, "ru") == "phrase"
    assert fixed_word(["ведение", "войны"], ["ведение", "война"], 0, "ru") == ""
