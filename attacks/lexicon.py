"""Bilingual lexicons and WordNet access for the word-level attack families.

Three sources, all offline:

* **Open Multilingual WordNet** (OMW 1.4, 29 languages, through nltk's WordNet
  corpus reader): English <-> L by way of shared synsets. Without a POS tagger
  (nltk's tagger pickles no longer load offline in nltk 3.9+), a word's part of
  speech is the one it most often has (WordNet lemma counts, SemCor) and its sense
  is WordNet's most frequent one (first synset of that part of speech).
* **trans-de-en** (Debian package ``trans-de-en``, the TU Chemnitz dictionary,
  ``/usr/share/trans/de-en``): German <-> English, since OMW has no German.
* **MUSE**-format files (``source target`` per line, the format of the MUSE
  bilingual dictionaries of Conneau et al. 2018) for any other language pair.

Every lexicon maps one surface word to one translation deterministically, and is
compiled once per process (and optionally cached on disk under a caller-given
folder), so that the random recipes stay fast. This module never imports robustir.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Mapping

from attacks.base import AttackError, Edit, MissingResource, Perturbed, edit_count
from attacks.tokenize import replace_words, words

# ISO 639-1 -> OMW 1.4 language code (the languages OMW 1.4 ships; no German, Russian, Hindi).
OMW_CODES: dict[str, str] = {
    "sq": "als", "ar": "arb", "bg": "bul", "zh": "cmn", "da": "dan", "el": "ell", "fi": "fin",
    "fr": "fra", "he": "heb", "hr": "hrv", "is": "isl", "it": "ita", "ja": "jpn", "ca": "cat",
    "eu": "eus", "gl": "glg", "es": "spa", "id": "ind", "ms": "zsm", "nl": "nld", "nn": "nno",
    "nb": "nob", "no": "nob", "pl": "pol", "pt": "por", "ro": "ron", "lt": "lit", "sk": "slk",
    "sl": "slv", "sv": "swe", "th": "tha",
}

# ISO 639-1 code -> NLTK stopwords file name (nltk_data/corpora/stopwords/<name>).
NLTK_STOPWORD_FILES: dict[str, str] = {
    "ar": "arabic", "az": "azerbaijani", "be": "belarusian", "bn": "bengali", "ca": "catalan",
    "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "eu": "basque", "fi": "finnish", "fr": "french", "he": "hebrew", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "kk": "kazakh", "nb": "norwegian", "ne": "nepali",
    "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sl": "slovene", "sq": "albanian", "sv": "swedish", "tg": "tajik", "tr": "turkish",
    "zh": "chinese",
}
# stopwords-iso names Norwegian Bokmal "no" only
_ISO_STOPWORD_ALIASES = {"nb": "no"}

# Languages whose nouns are capitalised: a capital there says nothing about sentence position.
NOUN_CAPITALISING = frozenset({"de", "lb"})

DEFAULT_TRANS_DE_EN = Path("/usr/share/trans/de-en")
NLTK_HINT = ("install the nltk-data resource (`robustir resources fetch nltk-data`, or pass "
             "resource_paths={'nltk-data': DIR} with DIR/corpora/wordnet and DIR/corpora/omw-1.4)")

_LOCK = threading.Lock()
_WORDNETS: dict[str, object] = {}
_STOPWORDS: dict[tuple[str, str], frozenset[str]] = {}
_DICTS: dict[tuple, "DictLexicon"] = {}
_POS_ORDER = "nvar"


@functools.lru_cache(maxsize=4096)
def iso_code(language: str) -> str:
    """Normalise a language tag (``es``, ``ES``, ``es-MX``, ``pt_BR``) to its ISO 639-1 part
    (memoised: it runs once per perturbed query)."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] if language else ""


# ---------------------------------------------------------------- nltk data


def nltk_search_path() -> list[Path]:
    """Where nltk data is looked for when no folder is given: the ``$NLTK_DATA`` entries,
    then nltk's own search path (only read; nothing is downloaded)."""
    roots = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    try:
        import nltk

        roots += [Path(p) for p in nltk.data.path]
    except ImportError:  # pragma: no cover - nltk is a dependency
        pass
    return roots


def find_nltk_data(resource_paths: Mapping[str, Path] | None = None) -> Path:
    """The nltk data folder holding ``corpora/wordnet``: ``resource_paths['nltk-data']``,
    else the first ``$NLTK_DATA`` entry or nltk search path that has it."""
    if resource_paths and resource_paths.get("nltk-data"):
        candidates = [Path(resource_paths["nltk-data"])]
    else:
        candidates = nltk_search_path()
    for c in candidates:
        if (c / "corpora" / "wordnet" / "index.noun").is_file():
            return c
    where = ", ".join(str(c) for c in candidates[:3]) or "no nltk data folder configured"
    raise MissingResource(f"WordNet not found ({where}): {NLTK_HINT}")


def open_wordnet(resource_paths: Mapping[str, Path] | None = None):
    """A shared ``WordNetCorpusReader`` over the given nltk data folder, with OMW attached.

    Built directly (not through ``nltk.corpus.wordnet``) so that it reads exactly the
    folder the caller resolved, never triggers a download and needs no global state.
    """
    root = find_nltk_data(resource_paths)
    key = str(root.resolve())
    with _LOCK:
        wn = _WORDNETS.get(key)
        if wn is None:
            import nltk
            from nltk.corpus.reader import CorpusReader, WordNetCorpusReader

            # nltk >= 3.9.2 refuses to read corpora outside nltk.data.path (nltk.pathsec)
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))

            omw_dir = next((root / "corpora" / d for d in ("omw-1.4", "omw-2.0")
                            if (root / "corpora" / d).is_dir()), None)
            omw = (CorpusReader(str(omw_dir), r".*/wn-data-.*\.tab", encoding="utf8")
                   if omw_dir is not None else None)
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wn = WordNetCorpusReader(str(root / "corpora" / "wordnet"), omw)
            _WORDNETS[key] = wn
    return wn


# ---------------------------------------------------------------- stopwords
# One NLTK stopword reader for the attacks (``load_stopwords``); where NLTK has no list,
# ``Protected`` (constraints) may use stopwords-iso and the word-level attacks use the
# ``stop-words`` package. Not one package for both, measured: stopwords-iso lists many
# content words as stopwords (ru: дом "house", машина "car", большой "big"; it: anno, città;
# pt: ano, coisa; 37-102 OMW nouns per language among es/fr/it/pt that stop-words lacks),
# which would stop code-switching and synonym swaps of common nouns; stop-words has no th,
# eu, gl, hr, lt or sl list, which the constraints need (th is an XQuAD-R language).


class NoStopwordList(MissingResource):
    """The stopword source has no list for the language (the source itself is installed)."""


def nltk_stopwords_dir(nltk_data: Path | None) -> Path:
    """The ``corpora/stopwords`` folder under ``nltk_data`` (or on NLTK's search path)."""
    if nltk_data is not None:
        roots = [Path(nltk_data), Path(nltk_data) / "nltk_data"]
    else:
        roots = nltk_search_path()
    for root in roots:
        for cand in (root / "corpora" / "stopwords", root / "stopwords"):
            if (cand / "english").is_file():
                return cand
    where = str(nltk_data) if nltk_data is not None else "NLTK_DATA / nltk.data.path"
    raise MissingResource(f"NLTK stopwords not found under {where}: run `robustir resources fetch "
                          "nltk-data` (or set NLTK_DATA to a folder holding corpora/stopwords)")


def load_stopwords(language: str, nltk_data: Path | None = None) -> frozenset[str]:
    """NLTK's stopword list for ISO 639-1 ``language``, lower-cased.

    Read with NLTK's own ``WordListCorpusReader``. Raises ``NoStopwordList`` when NLTK has
    no list for the language, ``MissingResource`` when the corpus is not installed.
    """
    name = NLTK_STOPWORD_FILES.get(language)
    if name is None:
        raise NoStopwordList(f"NLTK has no stopword list for language {language!r}; set "
                             "missing_stopwords = \"iso\" or \"warn\", or stopwords = false, in [constraints]")
    root = nltk_stopwords_dir(nltk_data)
    if not (root / name).is_file():
        raise NoStopwordList(f"the installed NLTK stopwords ({root}) have no list for {language!r}; set "
                             "missing_stopwords = \"iso\" or \"warn\", or stopwords = false, in [constraints]")
    import nltk
    from nltk.corpus.reader import WordListCorpusReader

    # nltk >= 3.10 only reads corpora under its search path: authorise this data folder
    data_root = str(root.parent.parent if root.parent.name == "corpora" else root.parent)
    if data_root not in nltk.data.path:
        nltk.data.path.append(data_root)
    return frozenset(w.strip().lower() for w in WordListCorpusReader(str(root), [name]).words(name)
                     if w.strip())


def load_iso_stopwords(language: str) -> frozenset[str]:
    """The stopwords-iso list (package ``stopwordsiso``, MIT) for ISO 639-1 ``language``.

    Used only where NLTK has no list (``missing_stopwords = "iso"``): stopwords-iso covers
    th, hi, vi and the other XQuAD-R languages, but its lists are much longer than NLTK's
    (English: 1,298 words against 179), hence not the default. Raises
    ``MissingResource`` without the package, ``NoStopwordList`` when it has no list."""
    try:
        import stopwordsiso
    except ImportError as e:
        raise MissingResource("missing_stopwords = \"iso\" needs the stopwordsiso package: "
                              "`pip install stopwordsiso`") from e
    code = _ISO_STOPWORD_ALIASES.get(language, language)
    if not stopwordsiso.has_lang(code):
        raise NoStopwordList(f"neither NLTK nor stopwords-iso has a stopword list for {language!r}; "
                             "set missing_stopwords = \"warn\" or stopwords = false in [constraints]")
    return frozenset(w.lower() for w in stopwordsiso.stopwords(code))


def stopwords(language: str, resource_paths: Mapping[str, Path] | None = None) -> frozenset[str]:
    """Lower-cased stopwords of ``language`` for the word-level attacks: NLTK's list
    (``load_stopwords``), else the ``stop-words`` package's list (33 languages), else an
    empty set (callers then rely on the lexicon: function words rarely have WordNet entries).
    English must come from NLTK: ``MissingResource`` otherwise."""
    lang = iso_code(language)
    nltk_data = resource_paths.get("nltk-data") if resource_paths else None
    key = (str(nltk_data), lang)
    cached = _STOPWORDS.get(key)
    if cached is not None:
        return cached
    try:
        words = load_stopwords(lang, Path(nltk_data) if nltk_data else None)
    except MissingResource:
        if lang == "en":
            raise
        words = frozenset()
        try:
            from stop_words import LANGUAGE_MAPPING, get_stop_words

            if lang in LANGUAGE_MAPPING or lang == "no":
                words = frozenset(w.lower() for w in get_stop_words("nb" if lang == "no" else lang))
        except ImportError:  # optional: `pip install stop-words`
            pass
    _STOPWORDS[key] = words
    return words


# ---------------------------------------------------------------- helpers


def _splitter():
    try:  # the tokeniser's own word regex, so Edit positions match attacks.tokenize.words()
        from attacks.tokenize import _WORD

        return re.compile("(" + _WORD.pattern + ")", _WORD.flags).split
    except ImportError:  # pragma: no cover - tokenize changed its internals
        from attacks.tokenize import tokenize

        def split(text: str) -> list[str]:
            out = [""]
            for t in tokenize(text):
                if t.is_word:
                    out += [t.text, ""]
                else:
                    out[-1] += t.text
            return out
        return split


# ``split_words(text)`` -> ``[sep, word, sep, word, ..., sep]``: word ``i`` of
# ``attacks.tokenize.words`` is ``parts[2 * i + 1]`` and ``"".join(parts)`` is the text. One
# regex pass gives both the words and the reassembly, which keeps the random recipes fast.
split_words = _splitter()


def has_letter(word: str) -> bool:
    """True when ``word`` has a letter and no digit (numbers and codes are never swapped)."""
    return any(c.isalpha() for c in word) and not any(c.isdigit() for c in word)


def match_case(original: str, replacement: str, source_language: str = "en",
               sentence_initial: bool = False) -> str:
    """``replacement`` with the capitalisation pattern of ``original`` (``source_language``:
    an ISO 639-1 code as returned by ``iso_code``).

    ALL-CAPS stays all caps; a capitalised word passes its capital on, except a
    capital that only marks a German noun (not sentence-initial); a lower-case word
    keeps the lexicon's own case (German nouns stay capitalised in German output).
    """
    if not replacement or not original:
        return replacement
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[0].isupper():
        if source_language in NOUN_CAPITALISING and not sentence_initial:
            return replacement
        return replacement[0].upper() + replacement[1:]
    return replacement


def check_rate(rate: float, max_edits: int | None) -> None:
    """Validate the common budget arguments with one-line errors."""
    if not isinstance(rate, (int, float)) or not 0.0 <= float(rate) <= 1.0:
        raise AttackError(f"rate must be a number between 0 and 1, got {rate!r}")
    if max_edits is not None and (not isinstance(max_edits, int) or max_edits < 0):
        raise AttackError(f"max_edits must be a non-negative integer, got {max_edits!r}")


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file and a rename: a crash never leaves a partial cache file."""
    # attacks/ never imports robustir, so this mirrors robustir.io.atomic_write_text.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class MemoisedWordEdits:
    """Word-level perturbations built on per-word options: the shared analysis and sampling.

    A subclass keeps ``_memo`` (language -> word -> options tuple, empty = not eligible) and
    ``_texts`` (language -> text -> analysis) dicts, computes a word's options in
    ``_compute_options(word, language)`` and turns one option into ``(replacement,
    edit operation)`` in ``_edit(option)``. A random recipe perturbs each query K times, so
    the analysis of a text is memoised and a warm call is a dict lookup and a seeded sample.
    """

    _TEXT_CACHE = 200_000  # analysed texts kept (a random recipe perturbs each query K times)
    _memo: dict[str, dict[str, tuple]]
    _texts: dict[str, dict[str, tuple]]

    def _compute_options(self, word: str, language: str) -> tuple:  # pragma: no cover
        raise NotImplementedError

    def _edit(self, option) -> tuple[str, str]:  # pragma: no cover
        raise NotImplementedError

    def _language(self, language: str) -> str:
        """The ISO 639-1 code a query language is handled as (English when unset)."""
        return iso_code(language) or "en"

    def _word_options(self, word: str, lang: str) -> tuple:
        """The options of one word in language ``lang`` (an ISO code), memoised."""
        memo = self._memo.get(lang)
        if memo is None:
            memo = self._memo[lang] = {}
        hit = memo.get(word)
        if hit is None:
            hit = memo[word] = self._compute_options(word, lang)
        return hit

    def _analyse(self, text: str, lang: str) -> tuple[tuple[str, ...], tuple, tuple[int, ...]]:
        """(split parts, options per word, eligible word indices) of a text, memoised."""
        cache = self._texts.get(lang)
        if cache is None:
            cache = self._texts[lang] = {}
        hit = cache.get(text)
        if hit is None:
            parts = split_words(text)
            memo = self._memo.get(lang)
            if memo is None:
                memo = self._memo[lang] = {}
            opts = []
            for w in parts[1::2]:
                op = memo.get(w)
                if op is None:
                    op = memo[w] = self._compute_options(w, lang)
                opts.append(op)
            hit = (tuple(parts), tuple(opts), tuple(i for i, op in enumerate(opts) if op))
            if len(cache) >= self._TEXT_CACHE:
                cache.clear()
            cache[text] = hit
        return hit

    def _sample_edits(self, text: str, parts_t: tuple[str, ...], opts: tuple,
                      eligible: tuple[int, ...], rng: random.Random, lang: str, language: str,
                      rate: float, max_edits: int | None) -> Perturbed:
        """Edit ``edit_count(rate, max_edits, ...)`` of the ``eligible`` words, drawn with ``rng``, each with
        one of its options (drawn when it has several), case matched to the original word."""
        k = edit_count(rate, max_edits, len(eligible))
        if k == 0:
            return Perturbed(text, (), language)
        chosen = sorted(rng.sample(eligible, k)) if k < len(eligible) else eligible
        parts = list(parts_t)
        edits = []
        for i in chosen:
            op = opts[i]
            rep, operation = self._edit(op[0] if len(op) == 1 else op[rng.randrange(len(op))])
            orig = parts_t[2 * i + 1]
            rep = match_case(orig, rep, lang, i == 0)
            parts[2 * i + 1] = rep
            edits.append(Edit(i, orig, rep, operation))
        return Perturbed("".join(parts), tuple(edits), language)

    def eligible_count(self, text: str, language: str = "en") -> int:
        """Words with at least one option (the ``eligible`` of ``_sample_edits``)."""
        return len(self._analyse(text, self._language(language))[2])

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """Every (word, option) substitution, in word order then option order."""
        lang = self._language(language)
        out = []
        for i, t in enumerate(words(text)):
            for option in self._word_options(t.text, lang):
                rep, operation = self._edit(option)
                rep = match_case(t.text, rep, lang, i == 0)
                out.append(Perturbed(replace_words(text, {i: rep}),
                                     (Edit(i, t.text, rep, operation),), language))
        return out


# ---------------------------------------------------------------- WordNet lexicon


class WordNetLexicon:
    """English WordNet + OMW: synonyms, antonyms and most-frequent-sense translations.

    All answers are memoised per word, so a warm lexicon costs a dict lookup.
    """

    def __init__(self, resource_paths: Mapping[str, Path] | None = None) -> None:
        self.wn = open_wordnet(resource_paths)
        self._counts: dict[str, int] = {}
        self._memo: dict[tuple, object] = {}

    # -- language support
    def omw_code(self, language: str) -> str | None:
        """The OMW code for an ISO 639-1 language if OMW has it here, else None."""
        code = OMW_CODES.get(iso_code(language))
        if code is None:
            return None
        try:
            langs = self._langs
        except AttributeError:
            try:
                if self.wn._omw_reader is not None and not self.wn.omw_langs:
                    self.wn.add_omw()
                langs = self._langs = frozenset(self.wn.langs())
            except Exception:  # no OMW folder: only English
                langs = self._langs = frozenset({"eng"})
        return code if code in langs else None

    # -- English senses
    def _count(self, lemma) -> int:
        """SemCor count of a lemma (sense key), from ``cntlist.rev`` read once into a dict:
        nltk's ``Lemma.count()`` binary-searches the file on every call (~1 ms)."""
        counts = self._counts
        if not counts:
            try:
                with self.wn.open("cntlist.rev") as f:
                    for line in f:
                        key, _, rest = line.partition(" ")
                        counts[key] = int(rest.rsplit(" ", 1)[-1])
            except (OSError, ValueError):
                pass
            if not counts:
                counts["\0"] = 0  # no count file: every count is 0 (order falls back to WordNet's)
        return counts.get(lemma.key(), 0)

    def english_senses(self, word: str) -> list[list]:
        """The synsets of an English word grouped by part of speech, most likely part of
        speech first (by summed lemma counts of the word's own lemma, then number of senses);
        within a part of speech WordNet's order (most frequent sense first)."""
        key = ("senses", word)
        hit = self._memo.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        low = word.lower()
        groups: dict[str, list] = {}
        for syn in self.wn.synsets(low):
            pos = "a" if syn.pos() == "s" else syn.pos()
            groups.setdefault(pos, []).append(syn)
        scored = []
        for pos, syns in groups.items():
            forms = {f.lower() for f in self.wn._morphy(low, pos)} | {low}
            count = sum(self._count(l) for s in syns for l in s.lemmas() if l.name().lower() in forms)
            scored.append((-count, -len(syns), _POS_ORDER.index(pos), syns))
        scored.sort(key=lambda t: t[:3])
        result = [t[3] for t in scored]
        self._memo[key] = result
        return result

    def base_forms(self, word: str) -> frozenset[str]:
        """The word and its WordNet base forms (``cars`` -> {cars, car}), lower-cased (memoised)."""
        low = word.lower()
        key = ("forms", low)
        hit = self._memo.get(key)
        if hit is None:
            forms = {low}
            for pos in _POS_ORDER:
                forms.update(f.lower() for f in self.wn._morphy(low, pos))
            hit = self._memo[key] = frozenset(forms)
        return hit  # type: ignore[return-value]

    def synset_set(self, word: str) -> frozenset:
        """All synsets of an English word (memoised)."""
        key = ("synset_set", word.lower())
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = frozenset(self.wn.synsets(word.lower()))
        return hit  # type: ignore[return-value]

    def antonym_zone(self, word: str) -> frozenset:
        """The synsets of the antonyms of any sense of ``word`` with their direct hypernyms and
        hyponyms (``increase`` -> decrease.v.*, and ``reduce``, a kind of decrease); memoised."""
        key = ("antzone", word.lower())
        hit = self._memo.get(key)
        if hit is None:
            ants = {ant.synset() for syn in self.synset_set(word)
                    for lem in syn.lemmas() for ant in lem.antonyms()}
            zone = set(ants)
            for a in ants:
                zone.update(a.hypernyms())
                zone.update(a.hyponyms())
            hit = self._memo[key] = frozenset(zone)
        return hit  # type: ignore[return-value]

    def opposes(self, word: str, candidate: str) -> bool:
        """True when a sense of ``candidate`` lies in the antonym zone of ``word`` (see
        ``antonym_zone``) or the other way round."""
        return bool(self.synset_set(candidate) & self.antonym_zone(word)
                    or self.synset_set(word) & self.antonym_zone(candidate))

    def has_pos(self, word: str, pos: str) -> bool:
        """True when WordNet lists ``word`` (or its base form) with part of speech ``pos``."""
        return bool(self.wn._morphy(word.lower(), pos))

    def antonyms(self, word: str) -> frozenset[str]:
        """Lower-cased antonyms of any sense of the word (and of its base forms)."""
        key = ("ant", word.lower())
        hit = self._memo.get(key)
        if hit is None:
            out = set()
            for syn in self.wn.synsets(word.lower()):
                for lem in syn.lemmas():
                    for ant in lem.antonyms():
                        out.add(ant.name().lower().replace("_", " "))
                # satellite adjectives carry antonyms on their head synset
                if syn.pos() == "s":
                    for sim in syn.similar_tos():
                        for lem in sim.lemmas():
                            for ant in lem.antonyms():
                                out.add(ant.name().lower().replace("_", " "))
            hit = self._memo[key] = frozenset(out)
        return hit  # type: ignore[return-value]

    # -- synonyms
    def synonyms(self, word: str, language: str = "en", *, phrases: bool = False,
                 limit: int = 12, max_senses: int = 3) -> tuple[str, ...]:
        """Synonyms of ``word`` in its own language: the other lemmas of its ``max_senses``
        most frequent synsets of its most likely part of speech, deduplicated in order.

        English: only a base form (``car``, ``run``) or a regular plural noun (``cars``, which
        gets plural synonyms: ``autos``) has synonyms; other inflections (``largest``,
        ``does``) get none, since WordNet holds lemmas and ``largest`` -> ``big`` would change
        the meaning. Other languages: OMW lemmas of the word's most frequent synsets.
        """
        lang = iso_code(language)
        key = ("syn", lang, word, phrases, limit, max_senses)
        hit = self._memo.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        out: list[str] = []
        if lang == "en":
            groups = self.english_senses(word)
            syns = groups[0][:max_senses] if groups else []
            low = word.lower()
            pos = syns[0].pos() if syns else "n"
            pos = "a" if pos == "s" else pos
            plural = pos == "n" and self._is_regular_plural(word)
            is_base = low in {f.lower() for f in self.wn._morphy(low, pos)}
            forms = self.base_forms(word)
            if not (is_base or plural):
                syns = []
            for syn in syns:
                for lem in syn.lemmas():
                    name = lem.name()
                    if name.lower() in forms or (not phrases and "_" in name):
                        continue
                    name = name.replace("_", " ")
                    if plural:
                        name = _pluralise(name)
                    if name.lower() not in (o.lower() for o in out):
                        out.append(name)
        else:
            code = self.omw_code(lang)
            if code is None:
                raise MissingResource(f"no WordNet for language {language!r} (OMW 1.4 has "
                                      f"{', '.join(sorted(OMW_CODES))}); {NLTK_HINT}")
            low = word.lower()
            groups = self._quiet(self._foreign_senses, low, code)
            for syn in (groups[0][:max_senses] if groups else []):
                for name in syn.lemma_names(code):
                    if name.lower() == low or (not phrases and "_" in name):
                        continue
                    name = name.replace("_", " ").replace("+", "")
                    if name.lower() not in (o.lower() for o in out):
                        out.append(name)
        result = tuple(out[:limit])
        self._memo[key] = result
        return result

    def english_synonyms(self, word: str, *, max_senses: int = 3, phrases: bool = False,
                         limit: int = 12) -> tuple[str, ...]:
        """``synonyms(word, "en", ...)``."""
        return self.synonyms(word, "en", phrases=phrases, limit=limit, max_senses=max_senses)

    def _is_regular_plural(self, word: str) -> bool:
        """``cars``, ``boxes``, ``cities``: a noun whose base form drops a regular plural ending."""
        low = word.lower()
        if not low.endswith("s") or low.endswith("ss"):
            return False
        bases = {f.lower() for f in self.wn._morphy(low, "n")}
        if low in bases:  # "news", "physics": a lemma of its own
            return False
        return (low[:-1] in bases or (low.endswith("es") and low[:-2] in bases)
                or (low.endswith("ies") and low[:-3] + "y" in bases))

    def _synset_frequency(self, syn) -> int:
        return sum(self._count(l) for l in syn.lemmas())

    def _foreign_senses(self, low: str, code: str) -> list[list]:
        """Synsets of a foreign lemma grouped by part of speech, most frequent first (by the
        English lemma counts of the synsets: OMW has no counts of its own)."""
        key = ("fsenses", code, low)
        hit = self._memo.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        groups: dict[str, list] = {}
        for syn in self.wn.synsets(low, lang=code):
            pos = "a" if syn.pos() == "s" else syn.pos()
            groups.setdefault(pos, []).append(syn)
        scored = []
        for pos, syns in groups.items():
            freq = [(self._synset_frequency(s), s) for s in syns]
            ordered = [s for _, s in sorted(freq, key=lambda t: (-t[0], t[1].offset()))]
            scored.append((-sum(f for f, _ in freq), -len(syns), _POS_ORDER.index(pos), ordered))
        scored.sort(key=lambda t: t[:3])
        result = [t[3] for t in scored]
        self._memo[key] = result
        return result

    # -- translation
    def _quiet(self, fn, *args):
        # OMW 1.4 lists a few offsets WordNet 3.0 lacks; nltk warns once per line on loading.
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(*args)

    def translate(self, word: str, source: str, target: str) -> str | None:
        """The most-frequent-sense translation of ``word`` from ``source`` to ``target``
        (one of them English) through OMW synsets, or None. Multi-word lemmas come out with
        spaces; single-word translations are preferred."""
        src, tgt = iso_code(source), iso_code(target)
        key = ("tr", src, tgt, word)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        result: str | None = None
        if src == "en" and tgt != "en":
            code = self.omw_code(tgt)
            if code is None:
                raise MissingResource(f"no OMW lexicon for {target!r}")
            result = self._quiet(self._en_to, word, code)
        elif tgt == "en" and src != "en":
            code = self.omw_code(src)
            if code is None:
                raise MissingResource(f"no OMW lexicon for {source!r}")
            result = self._quiet(self._to_en, word.lower(), code)
        else:
            raise AttackError(f"OMW translates to or from English only, not {source}->{target}")
        self._memo[key] = result
        return result

    def _en_to(self, word: str, code: str) -> str | None:
        for syns in self.english_senses(word):
            # names found in more of the word's senses translate it more generally
            support: dict[str, int] = {}
            for s in syns:
                for n in s.lemma_names(code):
                    support[n] = support.get(n, 0) + 1
            for syn in syns:
                names = syn.lemma_names(code)
                if names:
                    best = min(enumerate(names),
                               key=lambda t: ("_" in t[1] or " " in t[1], -support[t[1]], t[0]))[1]
                    return best.replace("_", " ")
        return None

    def _to_en(self, low: str, code: str) -> str | None:
        for syns in self._foreign_senses(low, code):
            for syn in syns:
                lemmas = syn.lemmas()
                if not lemmas:
                    continue
                best = min(enumerate(lemmas), key=lambda t: (
                    "_" in t[1].name(), -self._count(t[1]), t[0]))[1]
                return best.name().replace("_", " ")
        return None


def _pluralise(noun: str) -> str:
    """Regular English plural of the last word (enough for WordNet lemma synonyms)."""
    low = noun.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


_WORDNET_LEXICONS: dict[str, WordNetLexicon] = {}


def wordnet_lexicon(resource_paths: Mapping[str, Path] | None = None) -> WordNetLexicon:
    """A process-wide ``WordNetLexicon`` per nltk data folder (memos are shared)."""
    root = str(find_nltk_data(resource_paths).resolve())
    with _LOCK:
        lex = _WORDNET_LEXICONS.get(root)
    if lex is None:
        lex = WordNetLexicon(resource_paths)
        with _LOCK:
            lex = _WORDNET_LEXICONS.setdefault(root, lex)
    return lex


# ---------------------------------------------------------------- dictionary lexicons


class DictLexicon:
    """A one-direction word -> translation map (exact form first, then lower case)."""

    def __init__(self, mapping: Mapping[str, str], source: str, target: str, origin: str) -> None:
        self.exact: dict[str, str] = dict(mapping)
        self.lower: dict[str, str] = {}
        for k, v in self.exact.items():  # first (best-ranked) entry wins, in insertion order
            self.lower.setdefault(k.lower(), v)
        self.source, self.target, self.origin = iso_code(source), iso_code(target), origin

    def __len__(self) -> int:
        return len(self.exact)

    def translate(self, word: str) -> str | None:
        """The translation of ``word`` or None."""
        hit = self.exact.get(word)
        if hit is None:
            hit = self.lower.get(word.lower())
        return hit

    def inverted(self) -> "DictLexicon":
        """The reverse direction: each target word maps to the first source word listing it."""
        inv: dict[str, str] = {}
        for k, v in self.exact.items():
            inv.setdefault(v, k)
        return DictLexicon(inv, self.target, self.source, self.origin + " (inverted)")


def load_muse(path: str | Path, source: str, target: str) -> DictLexicon:
    """A MUSE-format lexicon: one ``source target`` pair per line (whitespace- or
    tab-separated); a source word listed several times keeps its first target (MUSE lists
    the most frequent translation first). Lines that are not two fields are errors."""
    path = Path(path)
    key = ("muse", str(path.resolve()) if path.exists() else str(path), iso_code(source),
           iso_code(target), stat_key(path))
    with _LOCK:
        hit = _DICTS.get(key)
    if hit is not None:
        return hit
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingResource(f"MUSE lexicon {path} does not exist") from None
    except UnicodeDecodeError as e:
        raise AttackError(f"MUSE lexicon {path} is not valid UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise MissingResource(f"cannot read MUSE lexicon {path}: {e.strerror or e}") from None
    mapping: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise AttackError(f"{path}:{n}: expected 'source target' (2 fields), got {len(parts)}")
        mapping.setdefault(parts[0], parts[1])
    if not mapping:
        raise AttackError(f"MUSE lexicon {path} has no entries")
    lex = DictLexicon(mapping, source, target, f"MUSE {path.name}")
    with _LOCK:
        _DICTS[key] = lex
    return lex


def stat_key(path: Path) -> tuple[int, int]:
    """(size, mtime) of a file, (0, 0) when absent: identifies a file version in cache keys."""
    try:
        st = path.stat()
        return (st.st_size, int(st.st_mtime))
    except OSError:
        return (0, 0)


# tags {..}, comments [..], glosses (..), <..>, and abbreviations written /o./
_BRACES = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|(?<!\S)/[^/\s]+/(?!\S)")
_SINGLE = re.compile(r"^[\w\u00c0-\u024f'-]+$")
_ABBREV = ("...", "…", "/")
# object placeholders ("etw. kaufen" :: "to buy sth.") are dropped, leaving the word itself
_PLACEHOLDER = re.compile(r"(?<!\w)(?:sb\.|sth\.|sb\.[’']s|jdn\.|jdm\.|jds\.|etw\.|jd\.|einer? Sache)(?!\w)")


def _clean_alternative(alt: str, english: bool) -> str:
    alt = _BRACES.sub(" ", alt)
    alt = _PLACEHOLDER.sub(" ", alt)
    alt = " ".join(alt.split())
    if english and alt.startswith("to ") and len(alt) > 3:
        alt = alt[3:]  # verbs are listed as "to build"
    return alt.strip(" ,.;:!?")


def parse_trans_de_en(lines: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """German -> English and English -> German maps from the TU Chemnitz ``de-en`` format.

    A line is ``German :: English``; both sides are ``|``-separated groups aligned one to
    one (headword, inflected forms, examples); a group lists ``;``-separated alternatives
    with ``{m}``/``{pl}``/``{vt}`` tags, ``[comments]`` and ``(glosses)``, which are dropped
    (and the ``to`` of English infinitives). Only single-word sides become keys.

    Ranking, best first: the word's headword group before its form/example groups, a
    single-word translation before a phrase, the first alternative before later ones, the
    earlier line (the dictionary lists a headword's main sense first).
    English -> German first prefers a German word whose own best translation leads back to
    the English word, then (after headword and single-word) the richer entry (more forms and
    examples: the dictionary documents common words at length), so ``house`` -> ``Haus``,
    not ``Geschlecht``.
    """
    de_best: dict[str, tuple[tuple, str]] = {}
    en_cands: dict[str, list[tuple[tuple, str]]] = {}
    for line_no, line in enumerate(lines):
        if not line or line[0] == "#" or " :: " not in line:
            continue
        de_side, en_side = line.rstrip("\n").split(" :: ", 1)
        de_groups, en_groups = de_side.split(" | "), en_side.split(" | ")
        if len(de_groups) != len(en_groups):
            de_groups, en_groups = de_groups[:1], en_groups[:1]
        for g, (dg, eg) in enumerate(zip(de_groups, en_groups)):
            # tags hold ';' themselves ({prp; +Akk.}): drop them before splitting alternatives
            de_alts = [_clean_alternative(a, False) for a in _BRACES.sub(" ", dg).split(";")]
            en_alts = [_clean_alternative(a, True) for a in _BRACES.sub(" ", eg).split(";")]
            de_alts = [a for a in de_alts if a and not any(x in a for x in _ABBREV)]
            en_alts = [a for a in en_alts if a and not any(x in a for x in _ABBREV)]
            if not de_alts or not en_alts:
                continue
            de_target = _prefer_single(en_alts)
            en_target = _prefer_single(de_alts)
            for i, a in enumerate(de_alts):
                if _SINGLE.match(a):
                    rank = (g > 0, " " in de_target, i, line_no)
                    cur = de_best.get(a)
                    if cur is None or rank < cur[0]:
                        de_best[a] = (rank, de_target)
            for i, a in enumerate(en_alts):
                if _SINGLE.match(a):
                    rank = (g > 0, " " in en_target, -len(de_groups), i, line_no)
                    en_cands.setdefault(a, []).append((rank, en_target))
    de_en = {k: v for k, (_, v) in sorted(de_best.items(), key=lambda kv: (kv[1][0], kv[0]))}
    en_best: dict[str, tuple[tuple, str]] = {}
    for e, cands in en_cands.items():
        low = e.lower()
        en_best[e] = min(((((de_en.get(d) or "").lower() != low,) + r, d) for r, d in cands),
                         key=lambda t: t[0])
    en_de = {k: v for k, (_, v) in sorted(en_best.items(), key=lambda kv: (kv[1][0], kv[0]))}
    return de_en, en_de


def _prefer_single(alts: list[str]) -> str:
    """The first single-word alternative, else the shortest (then first) phrase."""
    for a in alts:
        if _SINGLE.match(a):
            return a
    return min(enumerate(alts), key=lambda t: (len(t[1].split()), t[0]))[1]


TRANS_DE_EN_FORMAT = 7


def load_trans_de_en(path: str | Path | None = None, cache_dir: str | Path | None = None
                     ) -> tuple[DictLexicon, DictLexicon]:
    """The (de->en, en->de) lexicons from Debian's ``trans-de-en`` file, compiled once per
    process and, with ``cache_dir``, once per file version on disk (a JSON file keyed by the
    file's size and mtime; parsing the 206,000-line file takes a few seconds)."""
    path = Path(path) if path else DEFAULT_TRANS_DE_EN
    if not path.is_file():
        raise MissingResource(f"German lexicon {path} not found: install it with "
                              "`sudo apt-get install trans-de-en` (or pass a MUSE lexicon for de)")
    size, mtime = stat_key(path)
    key = ("trans-de-en", str(path.resolve()), size, mtime)
    with _LOCK:
        hit = _DICTS.get(key)
        hit_inv = _DICTS.get(key + ("inv",))
    if hit is not None and hit_inv is not None:
        return hit, hit_inv
    cache_file = None
    de_en = en_de = None
    if cache_dir is not None:
        cache_file = Path(cache_dir) / f"trans-de-en.v{TRANS_DE_EN_FORMAT}.{size}.{mtime}.json"
        if cache_file.is_file():
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
                de_en, en_de = data["de-en"], data["en-de"]
            except (OSError, ValueError, KeyError):
                de_en = en_de = None  # a damaged cache is rebuilt
    if de_en is None or en_de is None:
        with open(path, encoding="utf-8", errors="replace") as f:
            de_en, en_de = parse_trans_de_en(f)
        if cache_file is not None:
            try:
                atomic_write_text(cache_file, json.dumps({"de-en": de_en, "en-de": en_de},
                                                          ensure_ascii=False))
            except OSError:
                pass  # the cache is an optimisation only
    lex = DictLexicon(de_en, "de", "en", f"trans-de-en {path}")
    inv = DictLexicon(en_de, "en", "de", f"trans-de-en {path}")
    with _LOCK:
        _DICTS[key] = lex
        _DICTS[key + ("inv",)] = inv
    return lex, inv
