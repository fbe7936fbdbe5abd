"""Dataset registry: specs, listing, lazy loaders, and fetching a BEIR zip from a local HTTP server."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from robustir.data import (
    DatasetEntry,
    DatasetMissing,
    fetch_dataset,
    list_datasets,
    load_benchmark,
    parse_spec,
    registry,
)
from robustir.data.beir import SOURCE_FILE, download_zip, is_beir_dir
from robustir.data.benchmark import Benchmark, Document, Query
from robustir.errors import InputError, ResourceMissing, RobustirError

BUILTIN = {"boolq", "boolq:notitle", "fiqa", "fiqa-mini", "boolq-test", "boolq-train", "boolq-pt", "boolq-es",
           "xquad-r", "mlqa-r", "irds", "hf"}  # the bridges to ir_datasets and Hugging Face/MTEB


def beir_files(prefix: str = "mini/") -> dict[str, bytes]:
    return {
        f"{prefix}corpus.jsonl": b'{"_id": "d1", "title": "", "text": "Buy low."}\n'
                                 b'{"_id": "d2", "title": "", "text": "Sell high."}\n',
        f"{prefix}queries.jsonl": b'{"_id": "1", "text": "when to buy"}\n{"_id": "2", "text": "when to sell"}\n',
        f"{prefix}qrels/test.tsv": b"query-id\tcorpus-id\tscore\n1\td1\t1\n2\td2\t1\n",
    }


def make_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


class Server:
    """A local HTTP server in a thread serving ``files`` (path -> bytes); counts requests."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                outer.requests.append(self.path)
                data = outer.files.get(self.path)
                if data is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server() -> Iterator[Server]:
    good = make_zip(beir_files())
    srv = Server({"/fiqa.zip": good, "/flat.zip": make_zip(beir_files("")), "/junk.zip": b"not a zip",
                  "/empty.zip": make_zip({"readme.txt": b"nothing here"}),
                  "/slip.zip": make_zip({**beir_files(), "../evil.txt": b"x"})})
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("ROBUSTIR_HOME", str(home))
    return home


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --------------------------------------------------------------------------- download


@pytest.mark.network
def test_download_extracts_atomically_with_checksums(server: Server, tmp_path: Path) -> None:
    data = server.files["/fiqa.zip"]
    dest = tmp_path / "data" / "mini"
    got = download_zip(server.url("/fiqa.zip"), dest, md5=hashlib.md5(data).hexdigest(),
                       sha256=hashlib.sha256(data).hexdigest())
    assert got.path == dest and got.bytes == len(data) and got.md5 == hashlib.md5(data).hexdigest()
    assert is_beir_dir(dest)  # the zip's single top folder became dest
    source = json.loads((dest / SOURCE_FILE).read_text())
    assert source == {"url": server.url("/fiqa.zip"), "md5": got.md5, "sha256": got.sha256, "bytes": len(data)}
    assert leftovers(dest.parent) == []  # no temporary zip or extraction folder left
    b = load_benchmark(dest)
    assert [q.id for q in b.queries] == ["1", "2"] and len(b.corpus) == 2


@pytest.mark.network
def test_download_of_a_flat_zip(server: Server, tmp_path: Path) -> None:
    download_zip(server.url("/flat.zip"), tmp_path / "flat")
    assert is_beir_dir(tmp_path / "flat")


@pytest.mark.network
def test_checksum_mismatch_installs_nothing(server: Server, tmp_path: Path) -> None:
    dest = tmp_path / "mini"
    with pytest.raises(RobustirError, match=r"md5 mismatch \(expected 0+, got [0-9a-f]{32}\)"):
        download_zip(server.url("/fiqa.zip"), dest, md5="0" * 32)
    with pytest.raises(RobustirError, match="sha256 mismatch"):
        download_zip(server.url("/fiqa.zip"), dest, sha256="f" * 64)
    assert not dest.exists() and leftovers(tmp_path) == []


@pytest.mark.network
def test_failed_download_keeps_the_old_copy_and_success_replaces_it(server: Server, tmp_path: Path) -> None:
    dest = tmp_path / "mini"
    dest.mkdir()
    (dest / "old.txt").write_text("previous copy")
    with pytest.raises(RobustirError):
        download_zip(server.url("/junk.zip"), dest)
    assert (dest / "old.txt").read_text() == "previous copy"
    download_zip(server.url("/fiqa.zip"), dest)
    assert is_beir_dir(dest) and not (dest / "old.txt").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.network
@pytest.mark.parametrize("path, pattern", [
    ("/missing.zip", r"cannot download .*/missing\.zip: HTTP 404"),
    ("/junk.zip", r"is not a valid zip archive"),
    ("/empty.zip", r"holds no BEIR dataset"),
    ("/slip.zip", r"member '\.\./evil\.txt' would land outside"),
])
def test_download_failures_are_one_line(server: Server, tmp_path: Path, path: str, pattern: str) -> None:
    with pytest.raises(RobustirError, match=pattern) as info:
        download_zip(server.url(path), tmp_path / "x" / "mini")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "x" / "mini").exists() and not (tmp_path / "x" / "evil.txt").exists()
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.network
def test_unreachable_host_is_resource_missing(tmp_path: Path) -> None:
    srv = Server({})
    port = srv.httpd.server_address[1]
    srv.httpd.server_close()  # nothing listens on that port any more
    with pytest.raises(ResourceMissing, match=r"cannot download .*no network\?"):
        download_zip(f"http://127.0.0.1:{port}/fiqa.zip", tmp_path / "mini", timeout=5)


@pytest.mark.network
def test_fetch_dataset_fiqa_from_a_mirror(server: Server, tmp_path: Path, private_home: Path) -> None:
    # the pinned checksums still apply to a mirror: this small zip is not the real fiqa.zip
    with pytest.raises(RobustirError, match="md5 mismatch"):
        fetch_dataset("fiqa", url=server.url("/fiqa.zip"))
    assert not (private_home / "data" / "fiqa").exists()
    path = fetch_dataset("fiqa", url=server.url("/fiqa.zip"), verify=False)
    assert path == private_home / "data" / "fiqa" and is_beir_dir(path)
    n = len(server.requests)
    assert fetch_dataset("fiqa", url=server.url("/fiqa.zip"), verify=False) == path  # idempotent
    assert len(server.requests) == n
    fetch_dataset("FIQA", url=server.url("/fiqa.zip"), verify=False, force=True)
    assert len(server.requests) == n + 1
    # the loader now finds the fetched copy
    b = load_benchmark("fiqa", data_dir=tmp_path / "no-shared")
    assert [q.id for q in b.queries] == ["1", "2"]
    states = {i.name: i.state for i in registry.list_datasets(tmp_path / "no-shared")}
    assert states["fiqa"] == f"ready ({path})"


@pytest.mark.network
def test_fetch_dataset_to_a_chosen_folder(server: Server, tmp_path: Path) -> None:
    path = fetch_dataset("fiqa", url=server.url("/fiqa.zip"), dest=tmp_path / "mine", verify=False)
    assert path == tmp_path / "mine" and is_beir_dir(path)


def test_fetch_unknown_dataset() -> None:
    with pytest.raises(
        InputError,
        match=r"cannot fetch 'nope': fetchable datasets are boolq, fiqa, fiqa-mini, boolq-test, boolq-train, xquad-r"
    ):
        fetch_dataset("nope")


def test_fiqa_pins_match_beir() -> None:
    from robustir.data import fiqa

    assert fiqa.URL.endswith("/BEIR/datasets/fiqa.zip") and len(fiqa.MD5) == 32 and len(fiqa.SHA256) == 64


# --------------------------------------------------------------------------- specs and registry


def test_list_datasets_covers_the_registry(tmp_path: Path) -> None:
    infos = list_datasets()
    assert {i.name for i in infos} == BUILTIN
    for info in infos:
        assert info.state and "\n" not in info.state and info.description


def test_parse_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_spec("xquad-r:de-en") == registry.Spec("xquad-r", None, "de-en")
    assert parse_spec("BoolQ") == registry.Spec("boolq", None, None)
    assert parse_spec("boolq:") == registry.Spec("boolq", None, None)
    assert parse_spec("fiqa:/data/fiqa") == registry.Spec("fiqa", None, "/data/fiqa")
    (tmp_path / "scifact").mkdir()
    assert parse_spec(str(tmp_path / "scifact")) == registry.Spec(None, tmp_path / "scifact", None)
    assert parse_spec(f"{tmp_path / 'scifact'}:dev") == registry.Spec(None, tmp_path / "scifact", "dev")
    assert parse_spec(tmp_path / "x:y") == registry.Spec(None, tmp_path / "x:y", None)
    # a registered name wins over a folder of the same name in the working directory
    (tmp_path / "fiqa").mkdir()
    monkeypatch.chdir(tmp_path)
    assert parse_spec("fiqa") == registry.Spec("fiqa", None, None)
    assert parse_spec("./fiqa") == registry.Spec(None, Path("fiqa"), None)


@pytest.mark.parametrize("spec, pattern", [
    ("nope", r"unknown dataset 'nope': known datasets are boolq, fiqa, fiqa-mini, boolq-test, boolq-train, "
             r"boolq-pt, boolq-es, xquad-r, mlqa-r"),
    ("./no/such/folder", r"no/such/folder does not exist"),
    ("  ", r"empty dataset name"),
])
def test_bad_specs(spec: str, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        load_benchmark(spec)


@pytest.fixture
def fake_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A loader module on sys.path that records the option it was called with."""
    (tmp_path / "fake_robustir_loader.py").write_text(textwrap.dedent("""
        from robustir.data.benchmark import Benchmark, Document, Query
        calls = []

        def load(option, data_dir):
            calls.append((option, data_dir))
            return Benchmark("fake", [Document("d", "", "text")], [Query("q", "texto", "pt")], {"q": {"d": 1}})

        def broken(option, data_dir):
            return Benchmark("fake", [Document("d", "", "text")], [Query("q", "texto")], {"q": {"x": 1}})

        def not_a_benchmark(option, data_dir):
            return {"corpus": []}
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "fake_robustir_loader"


def test_registered_option_is_passed_first(fake_module: str, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    monkeypatch.setitem(registry._REGISTRY, "fake-pt", DatasetEntry("fake-pt", fake_module, "x", option="pt"))
    load_benchmark("fake-pt")
    load_benchmark("fake-pt:extra", data_dir=tmp_path)
    calls = sys.modules[fake_module].calls
    assert calls == [("pt", None), ("pt:extra", tmp_path)]


def test_loader_output_is_checked(fake_module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry._REGISTRY, "fake-broken", DatasetEntry("fake-broken", fake_module, "x",
                                                                         function="broken"))
    with pytest.raises(RobustirError, match=r"dataset fake-broken: inconsistent benchmark \(query 'q' judged "
                                            r"against unknown document 'x'\)"):
        load_benchmark("fake-broken")
    monkeypatch.setitem(registry._REGISTRY, "fake-dict", DatasetEntry("fake-dict", fake_module, "x",
                                                                       function="not_a_benchmark"))
    with pytest.raises(RobustirError, match="returned dict, not a Benchmark"):
        load_benchmark("fake-dict")


def test_missing_loader_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry._REGISTRY, "ghost", DatasetEntry("ghost", "robustir.data.no_such_module", "x"))
    with pytest.raises(DatasetMissing, match="dataset ghost is not available: its loader robustir.data.no_such_module"):
        load_benchmark("ghost")
    assert next(i for i in list_datasets() if i.name == "ghost").state.startswith("not available")


def test_register_rejects_bad_names() -> None:
    for name in ("", "a:b", "a/b"):
        with pytest.raises(ValueError):
            registry.register(DatasetEntry(name, "m", "d"))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(DatasetEntry("boolq", "m", "d"))


def test_importing_the_package_stays_light() -> None:
    # importing the package loads no loader; listing checks the translation engines (boolq-pt/-es
    # state) but never loads torch, transformers or pyarrow
    code = ("import sys, robustir.data as d; early = 'robustir.data.boolq_translated' in sys.modules; "
            "d.list_datasets(); "
            "heavy = [m for m in ('pyarrow', 'torch', 'transformers') if m in sys.modules]; print(early, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False []"


def test_benchmark_checksum_depends_on_every_part() -> None:
    def make(**change: object) -> Benchmark:
        parts = dict(corpus=[Document("d1", "T", "text")], queries=[Query("q1", "query")], qrels={"q1": {"d1": 1}})
        parts.update(change)
        return Benchmark("x", **parts)  # type: ignore[arg-type]

    base = make().checksum
    assert make().checksum == base
    assert make(corpus=[Document("d1", "T", "texT")]).checksum != base
    assert make(queries=[Query("q1", "query", "pt")]).checksum != base
    assert make(qrels={"q1": {"d1": 2}}).checksum != base


def test_a_subset_checksum_starts_from_its_parents_corpus_digest_and_equals_a_fresh_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``subset`` hashes the shared corpus once (the parent's digest of it) and gives the checksum a
    benchmark built afresh from the same parts has; first-N and whole-question (``groups``) subsets."""
    corpus = [Document(f"d{i}", f"T{i}", f"text {i} é") for i in range(50)]
    queries = [Query(f"q{i}-{lg}", f"query {i}", lg) for i in range(20) for lg in ("en", "de")]
    qrels = {q.id: {f"d{i % 50}": 1 + i % 2} for i, q in enumerate(queries)}
    groups = {q.id: q.id.split("-")[0] for q in queries}

    import robustir.data.benchmark as bm

    fed: list[int] = []
    real = bm.sha256_feed
    monkeypatch.setattr(bm, "sha256_feed", lambda h, parts: fed.append(1) or real(h, parts))

    def fresh(b: Benchmark) -> str:
        return Benchmark(b.name, list(b.corpus), list(b.queries), dict(b.qrels), b.notes).checksum

    for full in (Benchmark("x", corpus, queries, qrels), Benchmark("x", corpus, queries, qrels, groups=groups)):
        for limit in (1, 3, 7, 19):
            fed.clear()
            sub = full.subset(limit)
            assert not fed  # the corpus part was not hashed again
            assert sub.corpus is full.corpus and len(sub.queries) < len(queries)
            assert sub.checksum == fresh(sub) != full.checksum
            assert sub.subset(1).checksum == fresh(sub.subset(1))
    grown = Benchmark("x", corpus, queries, qrels)
    corpus.append(Document("d-new", "", "added after the parent hashed its corpus"))
    assert grown.subset(3).checksum == fresh(grown.subset(3))  # another length: hashed again
    assert grown.compute_checksum() == fresh(grown) != grown.checksum
    import copy
    import pickle

    for copied in (pickle.loads(pickle.dumps(grown.subset(3))), copy.deepcopy(grown)):  # (a study's workers)
        assert copied.subset(2).checksum == fresh(copied.subset(2))


def test_fetch_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="already exists and is not a fetched BEIR dataset"):
        fetch_dataset("fiqa", url="http://127.0.0.1:9/never-contacted.zip", dest=mine)
    assert (mine / "notes.txt").read_text() == "keep me"


def test_describe_gives_the_card_results_record() -> None:
    from robustir.data import describe

    assert "title + passage" in describe("boolq")
    assert "passage text only" in describe("boolq:notitle")
    assert "not comparable with BEIR FiQA" in describe("fiqa-mini")
    assert describe("xquad-r:de-en") == describe("xquad-r") and describe("/some/folder") is None
