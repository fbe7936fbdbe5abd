"""XQuAD-R reader: answer sentences, the fixed article split, benchmark options, the HTTP downloader."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest

from robustir.data import xquadr
from robustir.errors import InputError, ResourceMissing


def _article(title: str, lang: str, n_par: int = 2) -> dict:
    paragraphs = []
    for p in range(n_par):
        s0, s1 = f"{title} {lang} first sentence {p}.", f"{title} {lang} second sentence {p}."
        context = f"{s0} {s1}"
        start1 = len(s0) + 1
        paragraphs.append({
            "context": context,
            "sentences": [s0, s1],
            "sentence_breaks": [[0, len(s0)], [start1, len(context)]],
            "qas": [
                {"id": f"{title}-{p}-a", "question": f"{lang} q about first {title} {p}?",
                 "answers": [{"answer_start": 2, "text": "x"}]},
                {"id": f"{title}-{p}-b", "question": f"{lang} q about second {title} {p}?",
                 "answers": [{"answer_start": start1 + 3, "text": "y"}]},
            ]})
    return {"title": title, "paragraphs": paragraphs}


def write_fake(folder: Path, langs=("en", "de"), n_articles: int = 8) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    titles = [f"T{i:02d}" for i in reversed(range(n_articles))]  # file order differs from sorted order
    for lang in langs:
        obj = {"version": "1", "data": [_article(t, lang) for t in titles]}
        (folder / f"{lang}.json").write_text(json.dumps(obj), encoding="utf-8")
    return folder


def test_split_rule_is_fixed_and_sorted_by_title():
    titles = [f"T{i:02d}" for i in reversed(range(16))]
    split = xquadr.split_articles(titles)
    by_title = {titles[i]: s for i, s in split.items()}
    # sorted rank r: test when r % 4 == 3, dev when r % 8 == 1
    assert [t for t in sorted(by_title) if by_title[t] == "test"] == ["T03", "T07", "T11", "T15"]
    assert [t for t in sorted(by_title) if by_title[t] == "dev"] == ["T01", "T09"]
    assert xquadr.split_articles(list(reversed(titles))) != {} and by_title == {
        titles[::-1][i]: s for i, s in xquadr.split_articles(titles[::-1]).items()}


def test_read_finds_answer_sentences(tmp_path):
    data = xquadr.read(write_fake(tmp_path / "x"), ("en", "de"))
    qs = {q.id: q for q in data.questions["de"]}
    assert qs["T00-1-a"].answer.endswith(":1:0") and qs["T00-1-b"].answer.endswith(":1:1")
    texts = {s.id: s.text for s in data.sentences["de"]}
    assert texts[qs["T00-1-b"].answer].startswith("T00 de second")
    assert len(data.sentences["en"]) == 8 * 2 * 2


def test_load_options(tmp_path):
    folder = write_fake(tmp_path / "x")
    mono = xquadr.load(None, folder)
    test_titles = set(xquadr.read(folder, ("en",)).articles("test"))
    assert test_titles == {"T03", "T07"}
    assert all(d.text.split()[0] in test_titles for d in mono.corpus)
    assert all(q.language == "en" for q in mono.queries) and len(mono.queries) == 2 * 2 * 2
    cross = xquadr.load("de-en", folder)
    assert all(q.language == "de" for q in cross.queries)
    assert all(d.id.startswith("en:") for d in cross.corpus)
    qid = cross.queries[0].id
    (doc,) = cross.qrels[qid]
    assert doc.startswith("en:")
    multi = xquadr.load("multi:en,de", folder)
    assert len(multi.queries) == 2 * len(mono.queries)
    assert all(len(rel) == 2 for rel in multi.qrels.values())
    assert {d.id[:2] for d in multi.corpus} == {"en", "de"}
    assert mono.checksum != cross.checksum


@pytest.mark.parametrize("bad", ["xx", "de-xx", "en-de-fr", "multi:en", "multi:en,qq"])
def test_bad_options(bad):
    with pytest.raises(InputError):
        xquadr.parse_option(bad)


def test_malformed_file(tmp_path):
    folder = write_fake(tmp_path / "x", langs=("en",))
    obj = json.loads((folder / "en.json").read_text())
    del obj["data"][0]["paragraphs"][0]["sentences"]
    (folder / "en.json").write_text(json.dumps(obj))
    with pytest.raises(InputError, match="sentence"):
        xquadr.read(folder, ("en",))
    with pytest.raises(InputError, match="holds no XQuAD-R"):
        xquadr.read(tmp_path / "empty", ("en",))


def test_real_data_split(shared_data):
    data = xquadr.read(None, ("en", "de"))
    counts = {s: sum(1 for v in data.split.values() if v == s) for s in xquadr.SPLITS}
    assert counts == {"train": 30, "dev": 6, "test": 12}
    train_par = {(s.article, s.paragraph) for s in data.sentences_in("en", "train")}
    bench = xquadr.load(None)
    for d in bench.corpus:
        _, a, p, _ = d.id.split(":")
        assert data.split[int(a)] == "test" and (int(a), int(p)) not in train_par
    assert len(data.questions["en"]) == 1190 and len(data.sentences["en"]) == 1180


class _Handler(http.server.SimpleHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).hits.append(self.path)
        return super().do_GET()

    def log_message(self, *args):
        pass


@pytest.mark.network
def test_download_from_local_server(tmp_path):
    src = write_fake(tmp_path / "served" / "xquad-r", langs=("en",), n_articles=2)
    pin = hashlib.sha256((src / "en.json").read_bytes()).hexdigest()
    handler = functools.partial(_Handler, directory=str(tmp_path / "served"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/xquad-r"
        dest = tmp_path / "dest"
        _Handler.hits.clear()
        out = xquadr.download(dest, ["en"], base_url=url, sha256={"en": pin})
        assert (out / "en.json").read_bytes() == (src / "en.json").read_bytes()
        xquadr.download(dest, ["en"], base_url=url, sha256={"en": pin})  # present and verified: no fetch
        assert len(_Handler.hits) == 1
        with pytest.raises(ResourceMissing, match="sha256"):
            xquadr.download(tmp_path / "d2", ["en"], base_url=url, sha256={"en": "0" * 64})
        assert not (tmp_path / "d2" / "en.json").exists()
        with pytest.raises(ResourceMissing, match="cannot download"):
            xquadr.download(tmp_path / "d3", ["de"], base_url=url, sha256={})
        assert xquadr.read(dest, ("en",)).questions["en"]
    finally:
        server.shutdown()
        server.server_close()


def test_multi_limit_keeps_whole_questions(tmp_path):
    """--limit N on the multilingual pool: N questions in every language, not the first N queries."""
    folder = write_fake(tmp_path / "x", langs=("en", "de", "zh"))
    multi = xquadr.load("multi:en,de,zh", folder)
    sub = multi.subset(3)
    assert len(sub.queries) == 3 * 3
    by_lang: dict[str, set[str]] = {}
    for q in sub.queries:
        by_lang.setdefault(q.language, set()).add(q.id.split("@")[0])
    assert by_lang["en"] == by_lang["de"] == by_lang["zh"] and len(by_lang["en"]) == 3
    assert {q.language for q in multi.queries[:3]} == {"en"}  # what "the first N in file order" would give
    assert all(len(sub.qrels[q.id]) == 3 for q in sub.queries)
    mono = xquadr.load(None, folder)
    assert [q.id for q in mono.subset(3).queries] == [q.id for q in mono.queries[:3]]  # one language: file order
