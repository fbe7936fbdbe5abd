"""Sense-correct code-switching: the failures quoted in issue 10 stay fixed, the cache
cannot be poisoned, unswitchable queries are marked, validity fields are filled.

Needs spaCy's English model, the nltk-data resource and (for the Arabic cases) the MUSE
dictionaries in $ROBUSTIR_DATA/muse; tests skip with the reason otherwise. The context
filter is replaced by a fake scorer where the encoder is not what is tested.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import numpy as np
import pytest
from robustir.attacks.analysis.script import strip_marks
from robustir.attacks.base import Edit, MissingResource, Perturbed


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


@pytest.fixture(scope="module")
def muse(rp) -> dict[str, Path]:
    from robustir.attacks.muse import muse_dir

    d = muse_dir()
    if d is None or not (d / "en-ar.txt").is_file():
        pytest.skip("MUSE dictionaries not in $ROBUSTIR_DATA/muse")
    return {**rp, "muse": d}


def _first_choice(cs):
    """A context scorer preferring the first candidate (rank order), all above the floor."""
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs


@pytest.mark.parametrize("query,kept", [
    ("what tv show did he host", ["tv", "show"]),
    ("who won the world cup in 2010", ["world", "cup", "2010"]),
    ("which golf course hosts the open", ["golf", "course"]),
    ("how far is new york from us", ["new", "york", "us"]),
])
def test_mwe_entities_and_pronouns_never_switched(rp, query, kept):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = _first_choice(CodeSwitch(languages=["es", "zh", "de"], rate=1.0, resource_paths=rp))
    for seed in range(5):
        out = cs.perturb(query, random.Random(seed))
        originals = {e.original.lower() for e in out.edits}
        assert not originals & set(kept), out.edits
        # kept, or switched WHOLE by a translation of the whole expression (en->L's last resort: "which golf
        # course hosts the open" -> "哪个 高尔夫球场 ...", golf_course's one WordNet sense), never word by word
        whole = {x for x in originals if " " in x}
        for w in kept:
            assert w in out.text.lower().split() or any(w in x.split() for x in whole), out.edits
        assert "铀" not in out.text  # "us" is a pronoun, never uranium
    assert not [e for c in cs.word_candidates(query) for e in c.edits if e.original.lower() in kept]


def test_question_words_in_arabic_stay_and_marks_are_stripped(muse):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = _first_choice(CodeSwitch(languages=["es"], rate=1.0, resource_paths=muse))
    for q, right in (("كم عدد سكان مصر؟", "how many"), ("متى ولد محمد علي؟", "when")):
        out = cs.perturb(q, random.Random(0), "ar")
        reps = {e.original: e.replacement.lower().strip() for e in out.edits}
        # untouched, or (the question-word last resort of a query with no other switchable word, section 275)
        # its right English; never كم -> kilometer, متى -> Matthew (issue 10)
        assert reps.get(q.split()[0], right) == right
        assert not {"kilometer", "km", "matthew"} & set(reps.values())
    en = cs.perturb("what is the capital city of the country", random.Random(0))
    assert strip_marks(en.text, "ar") == en.text


def test_english_words_switched_into_arabic_have_no_vowel_marks(muse):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = _first_choice(CodeSwitch(languages=["ar"], rate=1.0, resource_paths=muse))
    out = cs.perturb("the river flows through the old city", random.Random(0))
    assert out.edits
    for e in out.edits:
        assert strip_marks(e.replacement, "ar") == e.replacement


def test_unswitchable_query_is_kept_and_marked(rp):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = _first_choice(CodeSwitch(languages=["es"], rate=1.0, resource_paths=rp))
    out = cs.perturb("is it the one of us?", random.Random(0))
    assert out.text == "is it the one of us?" and not out.edits and out.unperturbable
    assert out.to_dict()["unperturbable"] is True
    ok = cs.perturb("the river flows through the old city", random.Random(0))
    assert ok.edits and not ok.unperturbable


def test_language_without_any_lexicon_names_what_to_install(rp, monkeypatch, tmp_path):
    from robustir.attacks.codeswitch import CodeSwitch

    monkeypatch.setenv("ROBUSTIR_MUSE", str(tmp_path))
    with pytest.raises(MissingResource, match="en-sw.txt"):
        CodeSwitch(languages=["sw"], resource_paths=rp)
    cs = CodeSwitch(languages=["es"], resource_paths=rp)
    with pytest.raises(MissingResource, match="muse"):
        cs.prepare(["habari ya leo"], ["sw"])


def test_options_cache_checksums_ignore_a_flipped_byte(rp, tmp_path):
    from robustir.attacks.codeswitch import CodeSwitch

    texts = ["the river flows through the old city", "where is the largest library"]
    a = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    a.prepare(texts, ["en", "en"])
    expected = [a.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)]
    (path,) = tmp_path.glob("codeswitch-options.*.json")
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)
    row = data["en"][texts[0]]
    # poison one translation: same JSON shape, one byte different
    for opt in row["v"][1]:
        if opt:
            opt[0][1] = "X" + opt[0][1][1:]
            break
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    b = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    b.prepare(texts, ["en", "en"])
    assert [b.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)] == expected
    path.write_text(raw[: len(raw) // 2], encoding="utf-8")  # truncated file: rebuilt
    c = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    c.prepare(texts, ["en", "en"])
    assert [c.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)] == expected


def test_a_later_instance_reuses_the_checked_entries_of_the_same_file_bytes(rp, tmp_path, monkeypatch):
    # every evaluation builds its recipe anew: the second instance finds the options file's entries
    # already checked in this process (no checksum computed), and a rewritten file is checked again
    from robustir.attacks.codeswitch import CodeSwitch

    texts = ["the river flows through the old city", "where is the largest library"]
    a = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    a.prepare(texts, ["en", "en"])
    expected = [a.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)]
    (path,) = tmp_path.glob("codeswitch-options.*.json")
    b = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    b.prepare(texts, ["en", "en"])  # the first reader of the file as written: checks each entry
    c = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    with monkeypatch.context() as m:
        m.setattr(CodeSwitch, "_checksum", staticmethod(lambda *a: pytest.fail("an entry was checked again")))
        m.setattr(c, "_compute", lambda *a: pytest.fail("computed again: the disk cache was not used"))
        c.prepare(texts, ["en", "en"])
    assert [c.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)] == expected
    data = json.loads(path.read_text(encoding="utf-8"))
    for opt in data["en"][texts[0]]["v"][1]:  # same size, other bytes: read and checked again
        if opt:
            opt[0][1] = "X" + opt[0][1][1:]
            break
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    checked: list[str] = []
    d = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    original = CodeSwitch._checksum
    monkeypatch.setattr(CodeSwitch, "_checksum", staticmethod(lambda lang, text, value: (
        checked.append(text), original(lang, text, value))[1]))
    d.prepare(texts, ["en", "en"])
    assert texts[0] in checked  # the damaged entry was checked (and recomputed: same choices as before)
    assert [d.perturb(t, random.Random(i)).to_dict() for i, t in enumerate(texts)] == expected


def test_word_edits_are_the_edits_of_word_candidates(rp):
    # greedy search (codeswitch-adv) reads the choices as edits and builds each text itself
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.tokenize import replace_words

    cs = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, resource_paths=rp))
    texts = ["the river flows through the old city", "where is the largest library", "nothing"]
    cs.prepare(texts, ["en"] * len(texts))
    offered = 0
    for t in texts:
        cands = cs.word_candidates(t)
        edits = cs.word_edits(t)
        assert edits == [c.edits[0] for c in cands]
        assert [c.text for c in cands] == [replace_words(t, {e.position: e.replacement}) for e in edits]
        offered += len(edits)
    assert offered > 2


def test_context_filter_picks_the_closest_candidate_and_applies_the_floor(rp):
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(languages=["es"], rate=1.0, floor=0.5, resource_paths=rp)
    seen = {}

    def last_best(original, cands):
        seen[original] = list(cands)
        return np.linspace(0.6, 0.9, num=len(cands))

    cs.context_fn = last_best
    out = cs.perturb("the river flows", random.Random(0))
    variants = seen["the river flows"]
    assert out.text in variants or len(out.edits) > 1
    strict = CodeSwitch(languages=["es"], rate=1.0, floor=0.95, resource_paths=rp)
    strict.context_fn = last_best
    low = strict.perturb("the river flows", random.Random(0))
    assert low.unperturbable and low.text == "the river flows"


def test_chinese_and_thai_are_segmented():
    pytest.importorskip("jieba")
    from robustir.attacks.analysis import analyse

    zh = analyse("北京是中国的首都吗", "zh")
    assert len(zh.words) >= 4 and "".join(zh.parts) == "北京是中国的首都吗"
    assert "首都" in [w.text for w in zh.words]
    pytest.importorskip("pythainlp")
    th = analyse("กรุงเทพเป็นเมืองหลวง", "th")
    assert len(th.words) >= 2 and "".join(th.parts) == "กรุงเทพเป็นเมืองหลวง"


def test_strip_marks_only_touches_arabic():
    assert strip_marks("مُذهِل", "ar") == "مذهل"
    assert strip_marks("café", "fr") == "café"


def test_freedict_reader(tmp_path):
    from robustir.attacks.freedict import load_freedict

    from tests.fakes import write_dictd

    entries = [("house", "house /haus/ <N>\n1. घर\n      \"an example 'house' line\"\n2. मकान, भवन\n"),
               ("matthew", "Matthew /m/ <pn>\nमैथ्यू\n")]
    write_dictd(tmp_path, "freedict-eng-hin", entries)
    d = load_freedict("en", "hi", tmp_path)
    assert d == {"house": ["घर", "मकान", "भवन"]}
    assert load_freedict("en", "xx", tmp_path) is None
    assert base64  # stdlib base64 is not the dictd alphabet order: the reader has its own


def test_validity_annotation_fills_every_row():
    from robustir.validity import annotate, validity_block

    texts = ["a b c", "d e f"]
    rows = [[Perturbed("a X c", (Edit(1, "b", "X", "t"),)), Perturbed("a b c")],
            [Perturbed("d e f", unperturbable=True), Perturbed("d Y f", (Edit(1, "e", "Y", "t"),))]]
    sims = {"a X c": 0.9, "d Y f": 0.3}
    out = annotate(texts, rows, lambda o, c: np.array([sims[t] for t in c]), 0.8)
    flat = [p for r in out for p in r]
    assert all(p.similarity is not None and p.valid is not None for p in flat)
    assert [p.valid for p in flat] == [True, True, True, False]
    assert flat[3].failed == "semantic" and flat[0].failed is None
    block = validity_block(texts, out, 0.8)
    assert block["attacked"] == 2 and block["valid"] == 1 and block["unperturbable"] == 1


def test_sense_synonyms_keep_pos_and_inflection_and_refuse_languages_without_omw(rp):
    from robustir.attacks.synonym import SenseSynonym

    syn = SenseSynonym(rate=1.0, context="none", resource_paths=rp)
    out = syn.perturb("which countries border the largest lake", random.Random(0))
    reps = {e.original: e.replacement for e in out.edits}
    assert reps, out
    if "largest" in reps:  # a superlative stays a superlative
        assert reps["largest"].endswith("est")
    if "countries" in reps:  # a plural noun stays plural
        assert reps["countries"].endswith("s")
    for e in out.edits:
        assert e.operation == "synonym" and e.original.lower() not in ("which", "the")
    # "tv show" is a compound, "new york" a name: neither is swapped
    kept = syn.perturb("what tv show was filmed in new york", random.Random(0))
    assert not {e.original for e in kept.edits} & {"tv", "show", "new", "york"}
    with pytest.raises(MissingResource, match="codeswitch"):
        syn.prepare(["Wie lang ist der Fluss?"], ["de"])
