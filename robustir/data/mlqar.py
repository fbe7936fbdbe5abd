"""MLQA-R (LAReQA): question -> answer-sentence retrieval over 7 languages with 2-4 relevant sentences.

MLQA-R is LAReQA's retrieval version of the MLQA v1 **dev** split (Lewis et al. 2020; Roy et al.
2020): the seven monolingual files ``{ar,de,en,es,hi,vi,zh}.json`` (SQuAD v1.1 layout) whose
paragraphs carry ``sentences`` and ``sentence_breaks`` (``[start, end)`` character offsets into
``context``). The construction, as documented in ``$ROBUSTIR_DATA/mlqa/README.md``:

* **candidates**: every sentence of every paragraph of every language (en 6,264, ar 2,545,
  de 2,362, es 1,787, hi 2,426, vi 2,828, zh 2,322: 20,534 in one multilingual pool; not
  deduplicated). Ids ``{lang}:{article}:{paragraph}:{sentence}`` (positions in that file).
* **questions**: every question of every language (4,199); the same MLQA ``id`` in several files
  is the same question translated (English has all 1,148 ids; each id exists in 2-4 languages).
* **relevant**: a question's relevant candidate in language L is the sentence of L's file holding
  the start of the answer of the same id in L; so 2-4 relevant candidates in the pool. (25 answer
  spans cross a sentence break: the sentence holding the answer start is the relevant one, as for
  XQuAD-R.)

Unlike XQuAD-R, articles are not aligned by position across languages (each language has its own
article list) and there is no train/test split: MLQA-R is used whole, as a zero-shot benchmark for
models trained on XQuAD-R.

The sentence annotations are CC BY-NC 4.0 (the MLQA text CC BY-SA 3.0), so robustir never bundles
or downloads them: the files come from ``$ROBUSTIR_DATA/mlqa/lareqa-mlqa-r`` or a folder the user
gives (``--data-dir``). LAReQA withdrew them from its repository; :data:`SHA256` pins the copy at
lareqa@354d67d, and a file with another checksum is used with a warning.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from robustir.data.xquadr import Question, Sentence
from robustir.data.xquadr import parse_option as _parse_option
from robustir.errors import InputError, ResourceMissing

if TYPE_CHECKING:
    from robustir.data.benchmark import Benchmark

log = logging.getLogger(__name__)

NAME = "mlqa-r"
LANGUAGES: tuple[str, ...] = ("ar", "de", "en", "es", "hi", "vi", "zh")
#: Where the files lie below ``$ROBUSTIR_DATA`` (or below a ``--data-dir``).
SUBDIRS: tuple[str, ...] = ("mlqa/lareqa-mlqa-r", "lareqa-mlqa-r", "mlqa-r", "mlqa")
LAREQA_COMMIT = "354d67d1cd066854cdfbf5ad0e6105528976141d"
LICENCE = "MLQA text CC BY-SA 3.0; LAReQA sentence annotations CC BY-NC 4.0 (non-commercial; never bundled)"

#: sha256 of each file at ``LAREQA_COMMIT`` (the shared copy's SHA256SUMS).
SHA256: dict[str, str] = {
    "ar": "2132fbc03208535c0fe01f2e2c5121d06f9c2aa799af93b0a719dbc105bdf137",
    "de": "ce9454dc5aa6f2d85c23cd6e49cb367fbb7c4c6e62d7f71e355c6b5dae4d0886",
    "en": "fedd9a5cc0848dda80caf84aa36f482adaae230526a3f6e9e86926a93ef3b1e4",
    "es": "70ecba276b8c96a692b120693a595d076ce94ad21d4b28311538a9fcbfe0f9d7",
    "hi": "4dd0fb3c06f737a5481d705bc1dcac7876712a5815c9265908fbb3a0696cb654",
    "vi": "9d3baff6ba03e6793b25594217265ea59a136b9733833dca8a9582a84a78ff85",
    "zh": "57f01d2fff50cf3392805635b01445339f225ad5bf28ba8443b12f8dbd1e69dc",
}

#: LAReQA's published counts (its README's MLQA-R table): candidate sentences per language.
CANDIDATES: dict[str, int] = {"ar": 2545, "de": 2362, "en": 6264, "es": 1787, "hi": 2426, "vi": 2828, "zh": 2322}

CONSTRUCTION = ("candidates = every sentence of every paragraph of every language (LAReQA's sentence breaks); "
                "a question's relevant candidates = the sentence holding its answer start in each language "
                "where its id exists (2-4)")


@dataclass
class MLQAR:
    """The parsed files: per language, its questions and candidate sentences (file order).

    ``checksums[lang]`` is the sha256 of the file the language was read from.
    """

    langs: tuple[str, ...]
    questions: dict[str, list[Question]]
    sentences: dict[str, list[Sentence]]
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def checksum(self) -> str:
        """One sha256 over the per-language file checksums (in language order)."""
        from robustir.io import sha256_text

        return sha256_text(f"{lang}={self.checksums.get(lang, '')}" for lang in self.langs)

    def answers(self) -> dict[str, dict[str, str]]:
        """lang -> question id -> the id of its answer sentence in that language."""
        return {lang: {q.id: q.answer for q in self.questions[lang]} for lang in self.langs}


def _holds_files(folder: Path) -> bool:
    return (folder / "en.json").is_file() and (folder / "de.json").is_file()


def find_dir(data_dir: Path | str | None = None) -> Path:
    """The folder holding ``{lang}.json``: ``data_dir`` or one of :data:`SUBDIRS` below it; else
    below ``$ROBUSTIR_DATA``; else ``$ROBUSTIR_HOME/data/mlqa-r`` (a copy the user put there)."""
    from robustir import env

    if data_dir is not None:
        d = Path(data_dir).expanduser()
        for c in (d, *(d / s for s in SUBDIRS)):
            if _holds_files(c):
                return c
        raise InputError(f"{d} holds no MLQA-R files (expected en.json ... zh.json there or in "
                         f"{d / SUBDIRS[0]})")
    roots = [r for r in (env.data_dir(),) if r is not None]
    candidates = [r / s for r in roots for s in SUBDIRS] + [env.home() / "data" / NAME]
    for c in candidates:
        if _holds_files(c):
            return c
    raise ResourceMissing("MLQA-R not found: its sentence annotations are CC BY-NC 4.0 and not distributed "
                          "with robustir; set ROBUSTIR_DATA to a folder holding mlqa/lareqa-mlqa-r/{ar,de,en,es,"
                          "hi,vi,zh}.json (LAReQA @ 354d67d, mlqa-r/) or pass --data-dir")


def state(data_dir: Path | None = None) -> str:
    """``ready (folder)`` or how to get the files, without parsing them."""
    try:
        folder = find_dir(data_dir)
    except (ResourceMissing, InputError):
        return "missing: set ROBUSTIR_DATA (mlqa/lareqa-mlqa-r) or --data-dir; CC BY-NC, never bundled"
    absent = [lang for lang in LANGUAGES if not (folder / f"{lang}.json").is_file()]
    if absent:
        return f"incomplete ({folder} lacks {','.join(absent)})"
    return f"ready ({folder})"


def _answer_index(breaks: list, start: int) -> int | None:
    for i, span in enumerate(breaks):
        if span[0] <= start < span[1]:
            return i
    return None


def parse(lang: str, path: Path, obj: object) -> tuple[list[Question], list[Sentence]]:
    """Questions (with their answer sentence) and candidate sentences of one language's file."""
    try:
        articles = obj["data"]  # type: ignore[index]
        if not isinstance(articles, list):
            raise TypeError
    except (KeyError, TypeError) as e:
        raise InputError(f"{path} is not an MLQA-R file: no 'data' list") from e
    questions: list[Question] = []
    sentences: list[Sentence] = []
    seen: set[str] = set()
    for a, art in enumerate(articles):
        title = str(art.get("title", f"article-{a}"))
        for p, par in enumerate(art.get("paragraphs", [])):
            sents, breaks = par.get("sentences"), par.get("sentence_breaks")
            if not isinstance(sents, list) or not isinstance(breaks, list) or len(sents) != len(breaks):
                raise InputError(f"{path}: article {a} paragraph {p} lacks matching 'sentences'/'sentence_breaks' "
                                 "(is this plain MLQA rather than LAReQA's MLQA-R?)")
            for s, text in enumerate(sents):
                sentences.append(Sentence(f"{lang}:{a}:{p}:{s}", lang, a, p, s, str(text).strip(), title))
            for qa in par.get("qas", []):
                answers = qa.get("answers") or []
                qid = str(qa.get("id", ""))
                if not answers or not qid:
                    continue
                if qid in seen:
                    raise InputError(f"{path}: question id {qid} appears twice")
                seen.add(qid)
                idx = _answer_index(breaks, int(answers[0]["answer_start"]))
                if idx is None:
                    log.warning("%s: answer of %s starts outside every sentence; question skipped", path, qid)
                    continue
                questions.append(Question(qid, lang, str(qa["question"]).strip(), a, p, f"{lang}:{a}:{p}:{idx}"))
    return questions, sentences


def read(data_dir: Path | str | None = None, langs: Iterable[str] | None = None) -> MLQAR:
    """Parse the MLQA-R files of ``langs`` (default: all 7)."""
    from robustir.io import read_text, sha256_file

    langs = tuple(langs) if langs is not None else LANGUAGES
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise InputError(f"unknown MLQA-R language(s) {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(LANGUAGES)}")
    folder = find_dir(data_dir)
    questions: dict[str, list[Question]] = {}
    sentences: dict[str, list[Sentence]] = {}
    checksums: dict[str, str] = {}
    for lang in langs:
        path = folder / f"{lang}.json"
        if not path.is_file():
            raise ResourceMissing(f"{path} is missing: MLQA-R language {lang} is not in {folder}")
        try:
            obj = json.loads(read_text(path))
        except json.JSONDecodeError as e:
            raise InputError(f"{path} is not valid JSON (line {e.lineno})") from e
        questions[lang], sentences[lang] = parse(lang, path, obj)
        checksums[lang] = sha256_file(path)
        if checksums[lang] != SHA256[lang]:
            log.warning("%s has sha256 %s..., not LAReQA's %s...: results are not comparable with the pinned data",
                        path, checksums[lang][:12], SHA256[lang][:12])
    return MLQAR(langs=langs, questions=questions, sentences=sentences, checksums=checksums)


def parse_option(option: str | None) -> tuple[str, tuple[str, ...]]:
    """``None``/"en" -> mono English; "de" -> mono German; "de-en" -> cross; "multi"[":L1,L2,..."] -> pool."""
    return _parse_option(option, languages=LANGUAGES, label="MLQA-R")


def load(option: str | None = None, data_dir: Path | None = None) -> Benchmark:
    """MLQA-R as a retrieval benchmark.

    ``option``: ``None`` -> English questions vs English sentences; ``"de"`` -> German mono;
    ``"de-en"`` -> the German questions whose id also exists in English vs English sentences;
    ``"multi"`` -> the questions of every language vs one pool of all 20,534 sentences, each
    question's relevant candidates being its answer sentence in every language where its id exists.
    Query ids are MLQA ids, suffixed ``@lang`` in the multilingual setting (where the same question
    appears in several languages; ``--limit N`` then keeps N whole questions). Documents have an
    empty title: sentences are retrieved alone, as in LAReQA.
    """
    from robustir.data.benchmark import Benchmark, Document, Query

    setting, langs = parse_option(option)
    data = read(data_dir, langs)
    q_langs, c_langs = (langs, langs) if setting == "multi" else ((langs[0],), langs[-1:])
    corpus = [Document(s.id, "", s.text) for lang in c_langs for s in data.sentences[lang]]
    answer_in = data.answers()
    queries: list[Query] = []
    qrels: dict[str, dict[str, int]] = {}
    groups: dict[str, str] = {}
    for lang in q_langs:
        for q in data.questions[lang]:
            rel = {answer_in[c][q.id]: 1 for c in c_langs if q.id in answer_in[c]}
            if not rel:
                continue  # cross: the question does not exist in the candidate language
            qid = f"{q.id}@{lang}" if setting == "multi" else q.id
            queries.append(Query(qid, q.text, lang))
            qrels[qid] = rel
            if setting == "multi":
                groups[qid] = q.id
    if not queries:
        raise InputError(f"MLQA-R {option}: no question exists in both languages")
    name = NAME if option is None else f"{NAME}:{option}"
    n_rel = sorted({len(r) for r in qrels.values()})
    rel_range = str(n_rel[0]) if n_rel[0] == n_rel[-1] else f"{n_rel[0]}-{n_rel[-1]}"
    notes = (f"MLQA-R (LAReQA's MLQA v1 dev with sentence breaks, lareqa@{LAREQA_COMMIT[:7]}) {setting} retrieval; "
             f"query language(s) {','.join(q_langs)}, {len(corpus)} candidate sentences in {','.join(c_langs)}; "
             f"{CONSTRUCTION}; relevant per query: {rel_range}. "
             f"Zero-shot: no split. {LICENCE}. Data checksum {data.checksum[:16]}.")
    return Benchmark(name=name, corpus=corpus, queries=queries, qrels=qrels, notes=notes, groups=groups)
