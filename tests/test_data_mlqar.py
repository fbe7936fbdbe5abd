"""MLQA-R loader (LAReQA construction) and balanced multilingual --limit, on tiny files shaped like the data."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from robustir.data import load_benchmark, mlqar
from robustir.data.benchmark import Benchmark, Document, Query, balanced_order
from robustir.errors import InputError


def _paragraph(lang: str, tag: str, qids: list[str], *, cross_break: bool = False) -> dict:
    """Two sentences; question i's answer starts in sentence i % 2 (or spans the break)."""
    s0, s1 = f"{lang} {tag} first sentence.", f"{lang} {tag} second sentence."
    context = f"{s0} {s1}"
    start1 = len(s0) + 1
    qas = []
    for i, qid in enumerate(qids):
        if cross_break and i == 0:
            start, text = len(s0) - 4, context[len(s0) - 4:start1 + 3]  # starts in s0, ends in s1
        else:
            start = 2 if i % 2 == 0 else start1 + 2
            text = context[start:start + 3]
        qas.append({"id": qid, "question": f"{lang} question {qid}?", "answers": [{"answer_start": start,
                                                                                   "text": text}]})
    return {"context": context, "sentences": [s0, s1], "sentence_breaks": [[0, start1], [start1, len(context)]],
            "qas": qas}


#: Question ids per language, as in MLQA: English has every id, the others a subset (2-3 languages per id).
IDS = {"en": [f"q{i:02d}" for i in range(12)],
       "de": ["q00", "q01", "q02", "q03", "q05", "q08"],
       "zh": ["q00", "q01", "q04", "q05", "q09", "q11"]}


def write_fake(folder: Path) -> Path:
    """en: 3 articles; de/zh: their own article lists (no positional alignment), one cross-break answer."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, ids in IDS.items():
        chunks = [ids[i:i + 2] for i in range(0, len(ids), 2)]
        articles = []
        for a in range(0, len(chunks), 2):
            pars = [_paragraph(lang, f"a{a}p{p}", chunk, cross_break=(lang == "de" and a == 0 and p == 0))
                    for p, chunk in enumerate(chunks[a:a + 2])]
            articles.append({"title": f"{lang} article {a}", "paragraphs": pars})
        (folder / f"{lang}.json").write_text(json.dumps({"version": 1.0, "data": articles}), encoding="utf-8")
    return folder


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    return write_fake(tmp_path / "mlqa" / "lareqa-mlqa-r")


def test_read_answer_sentences_and_counts(fake):
    data = mlqar.read(fake, ("en", "de", "zh"))
    assert {lg: len(data.sentences[lg]) for lg in data.langs} == {"en": 12, "de": 6, "zh": 6}
    qs = {q.id: q for q in data.questions["de"]}
    assert qs["q01"].answer.endswith(":0:0:1")  # second question of the paragraph: second sentence
    assert qs["q00"].answer.endswith(":0:0:0")  # the answer crossing the break counts for its start sentence
    texts = {s.id: s.text for s in data.sentences["zh"]}
    assert texts[{q.id: q for q in data.questions["zh"]}["q04"].answer] == "zh a0p1 first sentence."


def test_mono_cross_multi(fake):
    mono = mlqar.load("de", fake)
    assert [q.id for q in mono.queries] == IDS["de"] and len(mono.corpus) == 6
    assert all(len(r) == 1 and next(iter(r)).startswith("de:") for r in mono.qrels.values())
    cross = mlqar.load("de-zh", fake)
    assert [q.id for q in cross.queries] == ["q00", "q01", "q05"]  # only ids that exist in zh too
    assert all(next(iter(r)).startswith("zh:") for r in cross.qrels.values())
    multi = mlqar.load("multi:en,de,zh", fake)
    assert len(multi.corpus) == 24 and len(multi.queries) == sum(len(v) for v in IDS.values())
    langs_of = collections.defaultdict(set)
    for lg, ids in IDS.items():
        for q in ids:
            langs_of[q].add(lg)
    for q in multi.queries:
        qid = q.id.split("@")[0]
        assert {d.split(":")[0] for d in multi.qrels[q.id]} == langs_of[qid]  # relevant in every language it has
        assert multi.groups[q.id] == qid
    assert {len(r) for r in multi.qrels.values()} == {1, 2, 3}
    assert multi.checksum == mlqar.load("multi:en,de,zh", fake).checksum


def test_registry_options_and_bad_input(fake, tmp_path):
    bench = load_benchmark("mlqa-r:de-en", data_dir=fake.parent.parent)
    assert bench.name == "mlqa-r:de-en" and "zero-shot" in bench.notes.lower()
    assert "CC BY-NC" in bench.notes
    for bad in ("el", "en-el", "multi:en", "multi:en,en", "xx-yy-zz"):
        with pytest.raises(InputError, match="MLQA-R"):
            mlqar.parse_option(bad)
    with pytest.raises(InputError, match="no MLQA-R files"):
        mlqar.read(tmp_path / "empty")
    assert mlqar.state(fake).startswith("incomplete")  # 3 of 7 languages
    assert mlqar.state(tmp_path / "empty").startswith("missing")


def test_balanced_limit_takes_the_same_questions_in_every_language(fake):
    multi = mlqar.load("multi:en,de,zh", fake)
    sub = multi.subset(4)
    groups = {sub.groups[q.id] for q in sub.queries}
    assert len(groups) == 4
    assert groups == set(balanced_order(q.id for q in mlqar.load("en", fake).queries)[:4])
    # every chosen question appears in every language it exists in, and nothing else does
    expected = {f"{g}@{lg}" for g in groups for lg, ids in IDS.items() if g in ids}
    assert {q.id for q in sub.queries} == expected and set(sub.qrels) == expected
    # not the first 4 in file order (the first 4 English ids), and the order is not the file order
    assert groups != set(IDS["en"][:4])
    assert sub.subset(4) is sub and multi.subset(100) is multi
    assert sub.checksum == multi.subset(4).checksum  # deterministic


def test_balanced_limit_on_a_benchmark_with_groups_only():
    corpus = [Document(f"d{i}", "", f"doc {i}") for i in range(4)]
    queries = [Query(f"q{i}@{lg}", f"{lg} {i}", lg) for lg in ("en", "de") for i in range(4)]
    qrels = {q.id: {f"d{q.id[1]}": 1} for q in queries}
    plain = Benchmark("x", corpus, queries, qrels)
    assert [q.id for q in plain.subset(3).queries] == ["q0@en", "q1@en", "q2@en"]  # one query language: file order
    grouped = Benchmark("x", corpus, queries, qrels, groups={q.id: q.id.split("@")[0] for q in queries})
    assert grouped.checksum == plain.checksum  # groups do not change what is evaluated
    sub = grouped.subset(2)
    by_lang = collections.defaultdict(set)
    for q in sub.queries:
        by_lang[q.language].add(q.id.split("@")[0])
    assert by_lang["en"] == by_lang["de"] and len(by_lang["en"]) == 2
    assert "sha256" in sub.notes and "2 of the 4 questions" in sub.notes


def test_real_mlqa_r_reproduces_lareqa_counts(shared_data):
    data = mlqar.read(None)
    assert data.langs == mlqar.LANGUAGES and len(data.langs) == 7
    assert {lg: len(data.sentences[lg]) for lg in data.langs} == mlqar.CANDIDATES
    assert sum(len(s) for s in data.sentences.values()) == 20_534
    assert data.checksums == mlqar.SHA256
    multi = load_benchmark("mlqa-r:multi")
    assert len(multi.corpus) == 20_534 and len(multi.queries) == 4199
    assert {len(r) for r in multi.qrels.values()} == {2, 3, 4}
    per_question = {multi.groups[q]: len(r) for q, r in multi.qrels.items()}
    assert collections.Counter(per_question.values()) == {4: 820, 3: 263, 2: 65}  # the README's id alignment
