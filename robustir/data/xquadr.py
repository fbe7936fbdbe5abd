"""XQuAD-R (LAReQA): 11-way parallel question -> answer-sentence retrieval.

XQuAD-R is XQuAD (48 Wikipedia articles, 240 paragraphs, 1,190 questions, each
translated into 11 languages) with every paragraph split into sentences. The
retrieval task (LAReQA, Roy et al. 2020) takes every sentence as a candidate;
a question's relevant candidate in language L is the sentence of the aligned
paragraph in L that contains the start of its answer. Question ids are shared
across languages and paragraphs are aligned by position within each article,
so the same question has one relevant sentence per language (11 "parallel"
relevant candidates in the multilingual pool).

The split is by article so that no paragraph of a test article is ever seen in
training: sort the 48 English article titles; the article at sorted rank ``r``
is **test** when ``r % 4 == 3`` (12 articles), **dev** when ``r % 8 == 1``
(6 articles) and **train** otherwise (30 articles). The rule is fixed (no
randomness), so every run and every user gets the same split.

``load(option, data_dir)`` turns the test articles into a
:class:`~robustir.data.benchmark.Benchmark` (default: English questions vs
English sentences); :func:`download` fetches the public files over HTTP for
users who do not have them locally.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from robustir.errors import InputError, ResourceMissing

if TYPE_CHECKING:
    from robustir.data.benchmark import Benchmark

LANGUAGES: tuple[str, ...] = ("ar", "de", "el", "en", "es", "hi", "ru", "th", "tr", "vi", "zh")
SPLITS: tuple[str, ...] = ("train", "dev", "test")

#: The public files, pinned to the commit the shared copy was taken from.
LAREQA_COMMIT = "9bc8c7fb6dd8d01d72a05a93c2cb96882b0d299c"
LAREQA_URL = f"https://raw.githubusercontent.com/google-research-datasets/lareqa/{LAREQA_COMMIT}/xquad-r"

#: sha256 of each file at ``LAREQA_COMMIT`` (from the shared copy's SHA256SUMS).
SHA256: dict[str, str] = {
    "ar": "c52922d3b8ac1ae03ed5ac38647ad59870dca3dda2beefe18ecdc30729acb69d",
    "de": "16fb0f4bf4916154b585a20c24c66074591c9718a1affe764ff4697572328949",
    "el": "163fd43ee785a30eb534ae2061e9eaa766a7ee4e8ffce5e4b422480c150f64b6",
    "en": "7b0954f39297c27a31fef610f0883337dd2907fa8699151dc922afdd0fa12ffe",
    "es": "f8e836b2d91009c4363e04315f7ede363eedbbb49c67dda60de6c4aa782f58de",
    "hi": "ea45ba8ae4513d1533b222bebdc02a90bc319c055d3aeea68584a053d2e92872",
    "ru": "7f4dff853538b9a5fcc28c070b8bb983a5c5d190ac747b8e005a1ada9cab18f1",
    "th": "c3a041864c3a9fb0b4dd91cfdf99cf36b411b3e704c58a303c97bc6dc786cfe4",
    "tr": "f3e8c13002bbce154a4578f535f7533cb70f3da08840e6b62735935baec7bd94",
    "vi": "e35926bf5cc6fc6ecbdfca49467aabeb454f08d152d7818143a906bd31dde995",
    "zh": "80c2cde7b9c2fb134c303cbb52f2ba396ead9eb0014aec43993543d2ba9e93ed",
}

SPLIT_RULE = ("articles sorted by English title; sorted rank r: test if r % 4 == 3, "
              "dev if r % 8 == 1, train otherwise")


@dataclass(frozen=True)
class Sentence:
    """One candidate sentence. ``id`` = ``{lang}:{article}:{paragraph}:{index}`` (positions)."""

    id: str
    lang: str
    article: int
    paragraph: int
    index: int
    text: str
    title: str


@dataclass(frozen=True)
class Question:
    """One question in one language; ``answer`` is the id of the sentence holding its answer."""

    id: str
    lang: str
    text: str
    article: int
    paragraph: int
    answer: str


@dataclass
class XQuADR:
    """The parsed parallel data: per language, its questions and candidate sentences.

    ``split[article_index]`` is "train", "dev" or "test" (see the module docstring).
    ``checksums[lang]`` is the sha256 of the file each language was read from.
    """

    langs: tuple[str, ...]
    titles: list[str]
    questions: dict[str, list[Question]]
    sentences: dict[str, list[Sentence]]
    split: dict[int, str]
    checksums: dict[str, str] = field(default_factory=dict)

    def questions_in(self, lang: str, split: str) -> list[Question]:
        """The questions of ``lang`` whose article belongs to ``split`` (file order)."""
        return [q for q in self.questions[lang] if self.split[q.article] == split]

    def sentences_in(self, lang: str, split: str) -> list[Sentence]:
        """The candidate sentences of ``lang`` in the articles of ``split`` (file order)."""
        return [s for s in self.sentences[lang] if self.split[s.article] == split]

    def articles(self, split: str) -> list[str]:
        """Titles of the articles in ``split`` (file order)."""
        return [t for i, t in enumerate(self.titles) if self.split[i] == split]

    @property
    def checksum(self) -> str:
        """One sha256 over the per-language file checksums (in language order)."""
        from robustir.io import sha256_text

        return sha256_text(f"{lang}={self.checksums.get(lang, '')}" for lang in self.langs)


def split_articles(titles: Sequence[str]) -> dict[int, str]:
    """Map article index -> split by the fixed rule on sorted titles (see module docstring)."""
    order = sorted(range(len(titles)), key=lambda i: (titles[i], i))
    out: dict[int, str] = {}
    for rank, idx in enumerate(order):
        out[idx] = "test" if rank % 4 == 3 else "dev" if rank % 8 == 1 else "train"
    return out


def find_dir(data_dir: Path | str | None = None) -> Path:
    """The folder holding ``{lang}.json``: ``data_dir`` (or its ``xquad-r/``), else
    ``$ROBUSTIR_DATA/xquad-r``, else ``$ROBUSTIR_HOME/data/xquad-r`` (where :func:`download` puts it)."""
    from robustir import env

    candidates: list[Path] = []
    if data_dir is not None:
        d = Path(data_dir).expanduser()
        candidates += [d, d / "xquad-r"]
        for c in candidates:
            if (c / "en.json").is_file():
                return c
        raise InputError(f"{d} holds no XQuAD-R files (expected en.json there or in {d / 'xquad-r'})")
    shared = env.data_dir()
    if shared is not None:
        candidates.append(shared / "xquad-r")
    candidates.append(env.home() / "data" / "xquad-r")
    for c in candidates:
        if (c / "en.json").is_file():
            return c
    raise ResourceMissing("XQuAD-R not found: set ROBUSTIR_DATA to the shared data folder, pass --data-dir, "
                          "or download it with robustir.data.xquadr.download()")


def _answer_index(breaks: list[list[int]], start: int) -> int | None:
    for i, (b, e) in enumerate(breaks):
        if b <= start < e:
            return i
    return None


def _parse(lang: str, path: Path, obj: dict) -> tuple[list[str], list[Question], list[Sentence]]:
    try:
        articles = obj["data"]
    except (KeyError, TypeError) as e:
        raise InputError(f"{path} is not an XQuAD-R file: no 'data' list") from e
    titles: list[str] = []
    questions: list[Question] = []
    sentences: list[Sentence] = []
    for a, art in enumerate(articles):
        titles.append(str(art.get("title", f"article-{a}")))
        for p, par in enumerate(art.get("paragraphs", [])):
            sents = par.get("sentences")
            breaks = par.get("sentence_breaks")
            if not isinstance(sents, list) or not isinstance(breaks, list) or len(sents) != len(breaks):
                raise InputError(f"{path}: article {a} paragraph {p} lacks matching 'sentences'/'sentence_breaks' "
                                 "(is this plain XQuAD rather than XQuAD-R?)")
            for s, text in enumerate(sents):
                sentences.append(Sentence(f"{lang}:{a}:{p}:{s}", lang, a, p, s, text.strip(), titles[-1]))
            for qa in par.get("qas", []):
                answers = qa.get("answers") or []
                if not answers:
                    continue
                idx = _answer_index(breaks, int(answers[0]["answer_start"]))
                if idx is None:
                    continue  # an answer outside every sentence: not a retrieval question
                questions.append(Question(str(qa["id"]), lang, qa["question"].strip(), a, p, f"{lang}:{a}:{p}:{idx}"))
    return titles, questions, sentences


def read(data_dir: Path | str | None = None, langs: Iterable[str] | None = None) -> XQuADR:
    """Parse the XQuAD-R files of ``langs`` (default: all 11) and apply the fixed article split.

    Raises InputError when a language is unknown, a file is malformed, or the
    files disagree on the articles (they must be parallel).
    """
    from robustir.io import read_text, sha256_file

    langs = tuple(langs) if langs is not None else LANGUAGES
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise InputError(f"unknown XQuAD-R language(s) {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(LANGUAGES)}")
    folder = find_dir(data_dir)
    questions: dict[str, list[Question]] = {}
    sentences: dict[str, list[Sentence]] = {}
    checksums: dict[str, str] = {}
    titles_by_lang: dict[str, list[str]] = {}
    for lang in langs:
        path = folder / f"{lang}.json"
        if not path.is_file():
            raise ResourceMissing(f"{path} is missing: XQuAD-R language {lang} is not in {folder}")
        try:
            obj = json.loads(read_text(path))
        except json.JSONDecodeError as e:
            raise InputError(f"{path} is not valid JSON (line {e.lineno}): re-download it") from e
        titles_by_lang[lang], questions[lang], sentences[lang] = _parse(lang, path, obj)
        checksums[lang] = sha256_file(path)
    # The split is defined on English titles; other languages are aligned by position.
    en_path = folder / "en.json"
    if "en" in titles_by_lang:
        titles = titles_by_lang["en"]
    else:
        titles = _parse("en", en_path, json.loads(read_text(en_path)))[0]
    for lang, t in titles_by_lang.items():
        if len(t) != len(titles):
            raise InputError(f"{folder / (lang + '.json')} has {len(t)} articles, en.json {len(titles)}: "
                             "the files are not parallel")
    return XQuADR(langs=langs, titles=titles, questions=questions, sentences=sentences,
                  split=split_articles(titles), checksums=checksums)


def parse_option(option: str | None, *, languages: Sequence[str] = LANGUAGES,
                 label: str = "XQuAD-R") -> tuple[str, tuple[str, ...]]:
    """``None``/"en" -> ("mono", ("en",)); "de-en" -> ("cross", ("de", "en")); "multi" -> ("multi", all).

    Also accepts "multi:en,de,zh" (a multilingual pool of some languages) and an
    explicit split prefix is not allowed here (benchmarks are always the test split).
    ``languages``/``label``: the dataset's languages and name (MLQA-R shares this syntax).
    """
    languages = tuple(languages)
    if option is None or option == "":
        return "mono", ("en",)
    opt = option.strip().lower()
    if opt == "multi" or opt.startswith("multi:"):
        langs = tuple(x for x in opt[6:].split(",") if x) if ":" in opt else languages
        bad = [x for x in langs if x not in languages]
        if bad or len(langs) < 2 or len(set(langs)) != len(langs):
            raise InputError(f"bad {label} option {option!r}: 'multi' or 'multi:L1,L2,...' with at least two of "
                             f"{', '.join(languages)}")
        return "multi", langs
    parts = opt.split("-")
    if len(parts) == 1 and parts[0] in languages:
        return "mono", (parts[0],)
    if len(parts) == 2 and all(p in languages for p in parts):
        return ("mono", (parts[0],)) if parts[0] == parts[1] else ("cross", (parts[0], parts[1]))
    raise InputError(f"bad {label} option {option!r}: use a language (de), a query-candidate pair (de-en) or "
                     f"'multi'; languages: {', '.join(languages)}")


def load(option: str | None = None, data_dir: Path | None = None, split: str = "test") -> Benchmark:
    """A retrieval benchmark on the held-out (test) articles.

    ``option``: ``None`` -> English questions vs English candidate sentences;
    ``"de"`` -> German mono; ``"de-en"`` -> German questions vs English candidates;
    ``"multi"`` -> questions in every language vs one pool of all languages'
    sentences, each question's relevant candidates being its answer sentence in
    every language. Documents have ids ``{lang}:{article}:{paragraph}:{sentence}``
    and the article title as ``title`` is left empty (sentences are retrieved
    alone, as in LAReQA). Query ids are the XQuAD ids, suffixed ``@lang`` in the
    multilingual setting where the same question appears in several languages.
    """
    from robustir.data.benchmark import Benchmark, Document, Query

    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; choose from {', '.join(SPLITS)}")
    setting, langs = parse_option(option)
    data = read(data_dir, langs)
    c_langs = langs[-1:] if setting != "multi" else langs
    q_langs: tuple[str, ...] = langs if setting == "multi" else (langs[0],)
    corpus = [Document(s.id, "", s.text) for lang in c_langs for s in data.sentences_in(lang, split)]
    answer_in = _answers_by_lang(data, split)
    queries: list[Query] = []
    qrels: dict[str, dict[str, int]] = {}
    groups: dict[str, str] = {}
    for lang in q_langs:
        for q in data.questions_in(lang, split):
            rel = {answer_in[c][q.id]: 1 for c in c_langs if q.id in answer_in[c]}
            if not rel:
                continue
            qid = f"{q.id}@{lang}" if setting == "multi" else q.id
            queries.append(Query(qid, q.text, lang))
            qrels[qid] = rel
            if setting == "multi":
                groups[qid] = q.id
    name = "xquad-r" if option is None else f"xquad-r:{option}"
    notes = (f"XQuAD-R (LAReQA) {setting} retrieval, {split} split ({len(data.articles(split))} articles; "
             f"{SPLIT_RULE}); query language(s) {','.join(q_langs)}, "
             f"candidate sentences in {','.join(c_langs)}; relevant = the sentence holding the answer start. "
             f"Data checksum {data.checksum[:16]}.")
    # groups: --limit N on the multilingual pool keeps N whole questions (Benchmark.subset)
    return Benchmark(name=name, corpus=corpus, queries=queries, qrels=qrels, notes=notes, groups=groups)


def _answers_by_lang(data: XQuADR, split: str) -> dict[str, dict[str, str]]:
    """lang -> question id -> the id of its answer sentence in that language."""
    return {lang: {q.id: q.answer for q in data.questions_in(lang, split)} for lang in data.langs}


def download(dest: Path | str | None = None, langs: Iterable[str] | None = None, *,
             base_url: str = LAREQA_URL, sha256: dict[str, str] | None = None, timeout: float = 60.0) -> Path:
    """Fetch the public XQuAD-R files into ``dest`` (default ``$ROBUSTIR_HOME/data/xquad-r``).

    Each file is downloaded with urllib, checked against its pinned sha256
    (``sha256`` defaults to :data:`SHA256`; pass ``{}`` to skip the check, e.g.
    for a mirror of another version) and written atomically. Files already
    present with the right checksum are not fetched again. Returns the folder.
    """
    import hashlib
    import urllib.error
    import urllib.request

    from robustir import env
    from robustir.io import atomic_write_bytes, sha256_file

    folder = Path(dest) if dest is not None else env.home() / "data" / "xquad-r"
    pins = SHA256 if sha256 is None else sha256
    for lang in (tuple(langs) if langs is not None else LANGUAGES):
        if lang not in LANGUAGES:
            raise InputError(f"unknown XQuAD-R language {lang!r}; choose from {', '.join(LANGUAGES)}")
        target = folder / f"{lang}.json"
        pin = pins.get(lang)
        if target.is_file() and (pin is None or sha256_file(target) == pin):
            continue
        url = f"{base_url.rstrip('/')}/{lang}.json"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - https/http URL by design
                data = resp.read()
        except (urllib.error.URLError, OSError) as e:
            raise ResourceMissing(f"cannot download {url}: {getattr(e, 'reason', e)} "
                                  "(offline? copy the files and set ROBUSTIR_DATA instead)") from e
        digest = hashlib.sha256(data).hexdigest()
        if pin is not None and digest != pin:
            raise ResourceMissing(f"{url} has sha256 {digest[:12]}..., expected {pin[:12]}...: "
                                  "the download is corrupt or the file changed upstream")
        try:
            json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ResourceMissing(f"{url} did not return JSON: {e}") from e
        atomic_write_bytes(target, data)
    return folder
