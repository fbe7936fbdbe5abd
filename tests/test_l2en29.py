"""L -> en code-switching: MUSE's next entries offered to the context filter (de, tr) and Thai pieces of a longer
corpus word (issue 10; bench/RESULTS.md section 167).

Dictionary-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse


def test_challengers_follow_the_candidates_and_need_both_checks():
    from robustir.attacks.lex.challenger import challengers

    entries = ["score", "number", "digit", "numeral"]
    ok = {"number", "numeral"}
    # the candidates keep their order; an entry is appended only when plain AND confirmed, within the depth
    assert challengers(("score",), entries, lambda e: True, lambda e: e in ok) == ("score", "number")
    assert challengers(("score",), entries, lambda e: e != "number", lambda e: e in ok) == ("score",)
    assert challengers(("score",), entries, lambda e: True, lambda e: e in ok, depth=4) == ("score", "number",
                                                                                           "numeral")
    # no candidate (the sources' checks found none): the word stays unswitched
    assert challengers((), entries, lambda e: True, lambda e: True) == ()


@pytest.mark.parametrize("lang, text, word, wanted, first", [
    # sayı "number" (MUSE en-tr alone: [score, number]): score was switched in for a number five times
    # (rev23-rev23b-tr, rev24-rev24b-tr)
    ("tr", "Bir sayı p ile çarpıldığında norma ne olur?", "sayı", "number", "score"),
    # besuchte "visited" (MUSE [attended, visited]; FreeDict and trans-de-en: attended): rev24-rev24a-de
    ("de", "Wann besuchte Obama Kenia schließlich?", "besuchte", "visited", "attended"),
])
def test_muse_next_entry_reaches_the_context_filter(cs, lang, text, word, wanted, first):
    require_muse(lang)
    cands = _cands(cs, text, lang, word)
    # the sources' choice still leads (the encoder must prefer the challenger by its margin to take it)
    assert cands[0] == first and wanted in cands, cands


def test_the_encoder_takes_a_challenger_only_when_it_clearly_prefers_it(rp, monkeypatch):
    # context filter with a stub encoder: the best-ranked candidate stays unless the challenger's cosine is
    # more than CodeSwitch.CONTEXT_MARGIN above it (the judged-pairs veto of section 226 is off: it drops
    # sayı -> score, judged wrong twice and never right, before the encoder sees it)
    require_muse("tr")
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.lex import judgedveto

    monkeypatch.setattr(judgedveto, "ENABLED", False)

    text = "Bir sayı p ile çarpıldığında norma ne olur?"
    for lead, expected in ((0.054, "number"), (0.01, "score")):
        cs = CodeSwitch(resource_paths=rp)
        cs.context_fn = lambda t, variants, lead=lead: [0.95 + (lead if "number" in v else 0.0) for v in variants]
        parts, opts, _ = cs._analyse(text, "tr")
        got = dict(opts[[parts[2 * i + 1] for i in range(len(opts))].index("sayı")])
        assert got.get("en") == expected, (lead, got)


def test_phrase_pieces_needs_glued_segments():
    from robustir.attacks.lex.thaiphrase import phrase_pieces

    lex = frozenset({"อย่างน้อย"})
    pieces = ["มี", "เป็น", "อย่าง", "น้อย"]
    text, spans, at = "".join(pieces), [], 0
    for p in pieces:
        spans.append((at, at + len(p)))
        at += len(p)
    # both glued pieces of the word, and nothing else
    assert phrase_pieces(spans, text, lex) == {2: "อย่างน้อย", 3: "อย่างน้อย"}
    spaced = "อย่าง น้อย"
    assert phrase_pieces([(0, 5), (6, 10)], spaced, frozenset({"อย่างน้อย", "อย่าง น้อย"})) == {}


@pytest.mark.parametrize("text, word", [("สิ่งที่ครูโรงเรียนรัฐต้องมีเป็นอย่างน้อยคืออะไร?", "น้อย"),
                                        ("เด็กหญิงกี่เปอร์เซนต์ที่ทำงานค้าประเวณีในพื้นที่ชายฝั่งของเคนยา?", "เซนต์")])
def test_a_piece_of_a_thai_corpus_word_is_not_switched(cs, text, word):
    # อย่างน้อย "at least" -> less, เปอร์เซนต์ "percent" -> saint (judged wrong in rev24-rev24b-th): newmm cut them in
    # two; the Thai National Corpus word list pythainlp ships holds them whole
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert _cands(cs, text, "th", word) == ()


def test_a_whole_thai_word_beside_a_phrase_is_still_switched(cs):
    require_muse("th")
    pytest.importorskip("pythainlp")
    assert _cands(cs, "สิ่งที่ครูโรงเรียนรัฐต้องมีเป็นอย่างน้อยคืออะไร?", "th", "ครู")
