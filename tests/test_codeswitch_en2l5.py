"""English -> L code-switching, fifth pass: the failure classes of the judged v7-v9 en->L sets
(bench/validity/lexical/v[789]-en-L.jsonl) for zh, it, tr, ru and ja stay fixed.

Classes: WordNet's root concept "entity" (ja 実体, tr varlık, ru образование, de Einheit for an
organisation), the person a "who" question asks for (chair -> the furniture in 9 languages,
receiver -> ja 受話器 "a telephone receiver"), the bare noun of a prepositional idiom ("in
demand", "on demand" -> ja 要求, ru требование "a request"), Russian имя for a thing's name,
MUSE en-zh's rare first entry (type -> 型态 "form") and the CJK length cap that kept Japanese
katakana loanwords out (interview -> 面接 "a job interview" instead of インタビュー).
Dictionary-backed cases skip when the dictionary is absent.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from robustir.attacks.candidates import Sources
from robustir.attacks.freedict import load_freedict

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def _cs(rp, langs):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=langs, rate=1.0, resource_paths=rp)
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs


def _switched(cs, query: str, lang: str) -> dict[str, str]:
    """word -> its in-context translation into ``lang`` (every eligible word of ``query``)."""
    from robustir.attacks.analysis import analyse

    a = analyse(query, "en")
    return {a.words[i].text: rep for i, op in enumerate(cs.options(query)) for tgt, rep in op if tgt == lang}


def test_wordnet_root_entity_is_not_switched(rp):
    """v7, v9: "What other entity was established ...", "task an entity with drafting": ja 実体,
    tr varlık ("being, existence"), ru образований, de Einheit; WordNet's only sense of entity is
    its root concept, which the dictionaries translate. Nouns one level further down stay."""
    s = Sources(rp)
    assert s._too_general("entity")
    assert not s._too_general("object") and not s._too_general("person") and not s._too_general("group")
    assert s.from_english("entity", "entity", "NOUN", "ja") == ()
    assert s.from_english("entities", "entity", "NOUN", "fr") == ()


@pytest.mark.parametrize("query,noun", [
    ("Who is the chair of the IPCC?", "chair"),
    ("Who was the receiver on the successful 2-point conversion?", "receiver"),
])
def test_person_a_who_question_asks_for_keeps_its_noun(rp, query, noun):
    """v7, v8: chair -> 椅子, стул, sedia, chaise (the furniture) in 9 languages; receiver -> ja
    受話器: "who is the X" asks for a person, and the word's most frequent sense is not one."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["ja", "it", "fr"])
    a = analyse(query, "en")
    i = [w.text for w in a.words].index(noun)
    assert i in cs._person_asked(a)
    for seed in range(3):
        assert noun not in {e.original for e in cs.perturb(query, random.Random(seed)).edits}


def test_who_question_about_a_person_word_still_switches(rp):
    """president's first sense is a person: nothing to confuse; and a "what" question is not read."""
    from robustir.attacks.analysis import analyse

    cs = _cs(rp, ["it"])
    assert not cs._person_asked(analyse("Who was the president of the club?", "en"))
    assert not cs._person_asked(analyse("What is the chair made of?", "en"))


@pytest.mark.parametrize("query", [
    "At the time of Martin Luther what was in demand?",
    "Does the new deal include Video on demand and High Definition?",
])
def test_bare_noun_of_a_prepositional_idiom_is_locked(query):
    """v8, v9: "in demand" / "on demand" -> ja 要求, ru требование, de Nachfrage, ar المطلب (a
    request); the idiom's noun is no word of its own. With a determiner it is a free noun."""
    pytest.importorskip("spacy")
    from robustir.attacks.analysis import analyse

    a = analyse(query, "en")
    assert next(w for w in a.words if w.text == "demand").locked == "mwe"
    free = analyse("What was the demand for coal in 1990?", "en")
    assert next(w for w in free.words if w.text == "demand").locked == ""


@pytest.mark.parametrize("query,want", [
    ("What was the name of the eastern half of the colony of 1788?", "название"),
    ("What is the name of the area that the main campus is centered in Cambridge?", "название"),
    ("What is the Mongolian name for the original place of the Genghis Khan mausoleum?", "название"),
    ("What is the name of Gandhi's doctrine?", "название"),
    ("What was his name?", "имя"),
    ("What was the name of the king's wife?", "имя"),
])
def test_russian_name_follows_its_bearer(rp, query, want):
    """v7, v9: "the name of the area / of the colony / for the original place" -> имя (a person's
    name, 4 wrong words); a thing's name is название. The bearer is the possessor, else the first
    noun after of/for (a name's possession read through: Gandhi's doctrine)."""
    pytest.importorskip("pymorphy3")
    cs = _cs({**rp, "muse": require_muse("ru")}, ["ru"])
    assert _switched(cs, query, "ru").get("name") == want


def test_russian_name_of_a_proper_name_is_not_switched(rp):
    """A proper name may be a person or a place: no form is chosen."""
    pytest.importorskip("pymorphy3")
    cs = _cs({**rp, "muse": require_muse("ru")}, ["ru"])
    assert "name" not in _switched(cs, "What was the name of Tesla?", "ru")


def test_chinese_clearly_more_frequent_muse_entry_leads(rp):
    """v7-v9: type -> 型态 ("form, pattern"; MUSE en-zh's first entry) 5 times; 类型 is six times
    as frequent. A smaller difference leaves MUSE's order (monk: 僧侣 before 和尚, the Buddhist monk)."""
    from robustir.attacks.candidates import _frequent_first

    s = Sources({**rp, "muse": require_muse("zh")})
    got = s.from_english("type", "type", "NOUN", "zh")
    assert got and got[0] == "类型", got
    assert _frequent_first(["僧侣", "和尚"], "zh") == ["僧侣", "和尚"]
    assert _frequent_first(["型态", "类型"], "zh") == ["类型", "型态"]


def test_japanese_katakana_loanword_is_one_word(rp):
    """v7: "gave an interview" -> 面接 (a job interview): インタビュー (6 characters) fell under the
    4-character cap meant for CJK glosses. A katakana word is one word; kanji clauses stay capped."""
    from robustir.attacks.candidates import _katakana_word

    assert _katakana_word("インタビュー", "ja")
    assert not _katakana_word("インタビュー", "zh") and not _katakana_word("歸入機密級別", "ja")
    assert Sources._word_like("インタビュー", "ja")
    if load_freedict("en", "ja") is None:
        pytest.skip("FreeDict eng-jpn not installed")
    s = Sources(rp)
    if s.omw("ja") is None:
        pytest.skip("OMW Japanese not installed")
    got = s.from_english("interview", "interview", "NOUN", "ja")
    assert got and got[0] == "インタビュー", got


def test_turkish_adjective_is_no_translation_of_a_noun(rp):
    """v7: "working directly with patients" -> sabırlı ("patient, forbearing"; zeyrek: every
    analysis an adjective) for the noun patient, which English also uses as an adjective. A
    Turkish word with a noun analysis stays (ülke)."""
    pytest.importorskip("zeyrek")
    s = Sources({**rp, "muse": require_muse("tr")})
    assert not s._noun_not_adjective("sabırlı", {"patients", "patient"}, "NOUN", "tr")
    assert s._noun_not_adjective("ülke", {"country"}, "NOUN", "tr")
    assert s._noun_not_adjective("sabırlı", {"patient"}, "ADJ", "tr")  # the adjective: its translation
    assert "sabırlı" not in s.from_english("patients", "patient", "NOUN", "tr")


def test_adjective_wordnet_writes_hyphenated_is_one_expression():
    """v7: "well known to be large" -> zh 已知 ("already known, given"): WordNet's well-known,
    written apart, is locked whole; "well developed" (not in WordNet) is not."""
    pytest.importorskip("spacy")
    from robustir.attacks.analysis import analyse

    a = analyse("Southern Californian communities are well known to be large, spread - out, and what other "
                "characteristic?", "en")
    assert next(w for w in a.words if w.text == "known").locked == "mwe"
    b = analyse("Is the city well developed?", "en")
    assert next(w for w in b.words if w.text == "developed").locked == ""


def test_chinese_frequent_entry_of_another_part_of_speech_does_not_lead(rp):
    """v10 (held out): reinforcements -> 加强 ("to strengthen", a verb six times as frequent as
    MUSE's first entry 援军 "relief troops"): only an entry of the first one's kind may lead."""
    pytest.importorskip("jieba")
    from robustir.attacks.candidates import _frequent_first, _jieba_kind

    assert _jieba_kind("援军") == "n" and _jieba_kind("加强") == "v"
    assert _frequent_first(["援军", "加强"], "zh") == ["援军", "加强"]
    s = Sources({**rp, "muse": require_muse("zh")})
    got = s.from_english("reinforcements", "reinforcement", "NOUN", "zh")
    assert "加强" not in got[:1], got


def test_adjective_that_is_also_an_adverb_gets_no_adverb(rp):
    """v10 (held out): "its early admission program" -> fr tôt, pt cedo (adverbs): OMW lists them
    under early's adverb senses; the adjectives précoce, precoce stay."""
    if load_freedict("en", "fr") is None:
        pytest.skip("FreeDict eng-fra not installed")
    s = Sources(rp)
    if s.omw("fr") is None:
        pytest.skip("OMW French not installed")
    got = s.from_english("early", "early", "ADJ", "fr")
    assert "tôt" not in got and "précoce" in got, got
