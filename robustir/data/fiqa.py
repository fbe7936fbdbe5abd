"""FiQA-2018 (BEIR version, test split): financial opinion questions against 57,638 forum answers.

Two layouts are accepted, in the first folder of the search order that has a corpus:

* a BEIR folder (``corpus.jsonl``, ``queries.jsonl``, ``qrels/test.tsv``; what ``fiqa.zip`` unpacks to);
* anserini's BEIR files (``topics.beir-v1.0.0-fiqa.test.tsv.gz`` = ``qid<TAB>text`` and
  ``qrels.beir-v1.0.0-fiqa.test.txt`` = TREC ``qid 0 docid grade``; the shared data folder has
  these) plus a ``corpus.jsonl`` next to them.

Search order: the folder given as option (``fiqa:/path/to/folder``), else ``$ROBUSTIR_DATA/fiqa``
and ``$ROBUSTIR_HOME/data/fiqa`` (where :func:`robustir.data.fetch_dataset` puts it), each also
with a nested ``fiqa/`` (as left by unzipping ``fiqa.zip`` inside it). Without a corpus the
loader raises :class:`~robustir.data.registry.DatasetMissing` saying how to get one.

So that both layouts give the same benchmark (and checksum), queries are ordered by numeric id.
"""

from __future__ import annotations

from pathlib import Path

from robustir.data import beir
from robustir.data.benchmark import Benchmark
from robustir.errors import InputError

NAME = "fiqa"
URL = "https://public.ukp.informatik.tu-darmstadt.de/thakur/BEIR/datasets/fiqa.zip"
#: md5 published in BEIR's dataset table; sha256 and size as measured independently by several users.
MD5 = "17918ed23cd04fb15047f73e6c3bd9d9"
SHA256 = "32c7df99ed21252fdfb2cf3f5673502a8d245ee0c44c4a133570d92ce2b3ad02"
ZIP_BYTES = 17_948_027
N_DOCUMENTS = 57_638
TOPICS = "topics.beir-v1.0.0-fiqa.test.tsv.gz"
QRELS = "qrels.beir-v1.0.0-fiqa.test.txt"


def _missing_error(target: Path, queries_at: Path | None) -> Exception:
    from robustir.errors import DatasetMissing

    have = f"{queries_at} holds only the test queries and qrels; " if queries_at else ""
    return DatasetMissing(f"FiQA corpus not found ({have}the corpus, {N_DOCUMENTS:,} passages, is not available "
                          f"offline): run `robustir datasets fetch fiqa` when online, or download {URL} and "
                          f"unzip it into {target}")


def search_dirs(option: str | None, data_dir: Path | None) -> list[Path]:
    """The folders looked at, in order (see the module docstring)."""
    from robustir.env import data_dir as default_data_dir
    from robustir.env import home

    if option:
        roots = [Path(option).expanduser()]
    else:
        shared = data_dir if data_dir is not None else default_data_dir()
        roots = ([Path(shared).expanduser() / NAME] if shared is not None else []) + [home() / "data" / NAME]
    out: list[Path] = []
    for root in roots:
        out += [root, root / NAME]
    return out


def _has_anserini(folder: Path) -> bool:
    return beir.find_file(folder, TOPICS.removesuffix(".gz")) is not None and \
        beir.find_file(folder, QRELS) is not None


def _numeric_order(benchmark: Benchmark) -> Benchmark:
    def key(q: object) -> tuple[int, int | str]:
        qid = q.id  # type: ignore[attr-defined]
        return (0, int(qid)) if qid.isdigit() else (1, qid)

    queries = sorted(benchmark.queries, key=key)
    return Benchmark(name=benchmark.name, corpus=benchmark.corpus, queries=queries, qrels=benchmark.qrels,
                     notes=benchmark.notes + " Queries ordered by numeric id.")


def load_anserini(folder: Path, corpus_path: Path, *, name: str = NAME) -> Benchmark:
    """FiQA from anserini's topics + TREC qrels in ``folder`` and a BEIR ``corpus.jsonl``."""
    topics = beir.find_file(folder, TOPICS.removesuffix(".gz"))
    qrels = beir.find_file(folder, QRELS)
    assert topics is not None and qrels is not None
    corpus = beir.read_corpus(corpus_path)
    queries = beir.read_topics_tsv(topics)
    rows = beir.read_qrels_trec(qrels)
    return beir.assemble(name, corpus, queries, rows, qrels_path=qrels, queries_path=topics,
                         source=f"FiQA test (anserini topics/qrels, corpus {corpus_path.name})")


def find(option: str | None = None, data_dir: Path | None = None) -> tuple[str | None, Path | None, Path | None]:
    """``(layout, folder, queries_only_at)``: layout ``"beir"``/``"anserini"`` and its folder, or
    ``(None, None, folder)`` when only anserini's queries and qrels were found (at ``folder``), or all None."""
    queries_at: Path | None = None
    for folder in search_dirs(option, data_dir):
        if not folder.is_dir():
            continue
        if beir.is_beir_dir(folder):
            return "beir", folder, None
        if _has_anserini(folder):
            if beir.find_file(folder, "corpus.jsonl") is not None:
                return "anserini", folder, None
            queries_at = queries_at or folder
    return None, None, queries_at


def locate(option: str | None = None, data_dir: Path | None = None) -> tuple[str, Path]:
    """Where FiQA is: ``("beir", folder)`` or ``("anserini", folder)``; raises when no corpus is found."""
    layout, folder, queries_at = find(option, data_dir)
    if layout is not None and folder is not None:
        return layout, folder
    if option and not Path(option).expanduser().is_dir():
        raise InputError(f"fiqa: {option} is not a folder")
    dirs = search_dirs(option, data_dir)
    raise _missing_error(dirs[0] if option else dirs[-2], queries_at)


def load(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """The FiQA test benchmark; ``option`` may be a folder holding it (else the search order applies)."""
    layout, folder = locate(option, data_dir)
    if layout == "beir":
        benchmark = beir.load_dir(folder, beir.DEFAULT_SPLIT, name=NAME)
    else:
        corpus = beir.find_file(folder, "corpus.jsonl")
        assert corpus is not None
        benchmark = load_anserini(folder, corpus)
    return _numeric_order(benchmark)


def state(data_dir: Path | None = None) -> str:
    """``ready (folder)`` or what is missing, without reading the files."""
    layout, folder, queries_at = find(None, data_dir)
    if layout is not None:
        return f"ready ({folder})"
    if queries_at is not None:
        return "corpus missing (queries and qrels present): robustir datasets fetch fiqa"
    return "missing: robustir datasets fetch fiqa"
