"""Word-level code-switching after PolyGloss (Tan & Joty, NAACL 2021).

A share of the content words of a query is replaced by their translation into one
or several *embedded* languages, the rest of the query (the *matrix* language) is
kept as is. An English query gets foreign words (``languages``), a query in any
other language gets English words, so both directions of cross-lingual retrieval
are covered.

Lexicons, tried in this order for a direction ``src -> tgt``:

1. a user MUSE file from ``lexicons={"src-tgt": path}`` (or ``"tgt-src"``, inverted);
2. German: Debian's ``trans-de-en`` dictionary (``apt-get install trans-de-en``);
3. the Open Multilingual WordNet (29 languages, through WordNet synsets).

Translations are chosen without a POS tagger: WordNet's most frequent sense of
the word's most frequent part of speech (see ``attacks.lexicon``). WordNet and OMW
hold lemmas, so an inflected English word gets the lemma's translation
(``cars`` -> ``coche``); the dictionaries (trans-de-en, MUSE) list inflected forms.
Each word's options are memoised (and each query's analysis, since a random recipe
perturbs it K times), so after warm-up a query costs a dict lookup and a seeded sample:
~60,000-95,000 queries/s on 1,000 BoolQ questions (2 shared cores).

Limits: words are the tokeniser's units, so scripts written without spaces (Chinese,
Japanese, Thai) as *query* language are switched only where a whole run of characters is a
lexicon entry; English queries get Chinese/Japanese/Thai words without problem. Without a
tagger a word gets the translation of its most frequent part of speech (``near`` is
translated as the adjective).
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Callable, Mapping, Sequence

from attacks.base import AttackError, MissingResource, Perturbation, Perturbed
from attacks.lexicon import (DEFAULT_TRANS_DE_EN, NLTK_HINT, NOUN_CAPITALISING, OMW_CODES,
                             MemoisedWordEdits, atomic_write_text, stat_key, check_rate,
                             find_nltk_data, has_letter, iso_code, load_muse, load_trans_de_en,
                             stopwords, wordnet_lexicon)

CHOICES = ("per-word", "per-query")

Translator = Callable[[str], "str | None"]


class CodeSwitch(MemoisedWordEdits, Perturbation):
    """Replace a share of content words by their translation (PolyGloss-style code-mixing).

    ``languages``: embedded languages (ISO 639-1) for English queries; a query in another
    language gets English words. ``rate``: share of the eligible words to switch (at least
    one when any is eligible), ``max_edits``: cap. ``choice``: ``per-word`` draws an embedded
    language for every switched word (among those that translate it), ``per-query`` draws
    one embedded language per query. ``lexicons``: MUSE files keyed ``"en-ru"`` etc.
    ``trans_de_en``: path of the Debian dictionary (default ``resource_paths['trans-de-en']``,
    else ``/usr/share/trans/de-en``). ``cache_dir``: where the compiled trans-de-en dictionary
    and the per-word options computed by ``prepare`` are kept on disk (optional). ``min_length``: shortest word switched.
    Eligible words have a letter and no digit, are not stopwords of the query language,
    translate to something different from themselves, and do not translate to an English
    stopword (dictionary entries like ``der`` -> ``that`` are function words).
    """

    name = "codeswitch"
    requires = ("nltk-data",)

    def __init__(self, languages: Sequence[str] = ("es", "fr", "de", "zh"), rate: float = 0.3,
                 max_edits: int | None = None, choice: str = "per-word",
                 lexicons: Mapping[str, str | Path] | None = None,
                 trans_de_en: str | Path | None = None, cache_dir: str | Path | None = None,
                 min_length: int = 2, resource_paths: Mapping[str, Path] | None = None) -> None:
        check_rate(rate, max_edits)
        if choice not in CHOICES:
            raise AttackError(f"choice must be one of {', '.join(CHOICES)}, got {choice!r}")
        if isinstance(languages, str):
            languages = [languages]
        langs = [iso_code(l) for l in languages]
        if not langs or any(not l for l in langs):
            raise AttackError(f"languages must list ISO 639-1 codes (es, fr, de, zh...), got {languages!r}")
        self.languages = tuple(dict.fromkeys(l for l in langs if l != "en"))
        if not self.languages:
            raise AttackError("languages must name at least one language other than en")
        self.rate, self.max_edits, self.choice = float(rate), max_edits, choice
        self.min_length = int(min_length)
        self.lexicon_files = {self._pair_key(k): Path(v) for k, v in (lexicons or {}).items()}
        self.resource_paths = dict(resource_paths or {})
        self.trans_de_en = Path(trans_de_en or self.resource_paths.get("trans-de-en")
                                or DEFAULT_TRANS_DE_EN)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        for lang in self.languages:  # fail at construction, not on the 1,000th query
            self._check_available("en", lang)
        self._translators: dict[tuple[str, str], Translator] = {}
        self._memo: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}  # per-word options
        self._stop: dict[str, frozenset[str]] = {}
        self._texts: dict[str, dict[str, tuple]] = {}
        self._by_lang: dict[str, dict[str, dict]] = {}
        self._disk_loaded = False

    @staticmethod
    def _pair_key(key: str) -> str:
        parts = key.replace("_", "-").split("-")
        if len(parts) != 2 or not all(parts):
            raise AttackError(f"lexicon keys are 'source-target' language pairs like 'en-ru', got {key!r}")
        return f"{iso_code(parts[0])}-{iso_code(parts[1])}"

    # ------------------------------------------------------------ lexicons
    def _check_available(self, src: str, tgt: str) -> None:
        if f"{src}-{tgt}" in self.lexicon_files or f"{tgt}-{src}" in self.lexicon_files:
            return
        other = tgt if src == "en" else src
        if other == "de":
            if not self.trans_de_en.is_file():
                raise MissingResource(
                    f"no German lexicon: {self.trans_de_en} is missing; install it with "
                    "`sudo apt-get install trans-de-en`, or pass lexicons={'en-de': 'MUSE-file'}")
            return
        if src != "en" and tgt != "en":
            raise MissingResource(f"no lexicon for {src}->{tgt}: pass lexicons={{'{src}-{tgt}': "
                                  "'MUSE-file'}")
        if other not in OMW_CODES:
            raise MissingResource(
                f"no lexicon for {src}->{tgt}: the Open Multilingual WordNet has "
                f"{', '.join(sorted(OMW_CODES))}, German comes from trans-de-en; for {other!r} pass "
                f"lexicons={{'{src}-{tgt}': 'MUSE-file'}} (MUSE format: 'source target' per line)")

    def _translator(self, src: str, tgt: str) -> Translator:
        key = (src, tgt)
        fn = self._translators.get(key)
        if fn is not None:
            return fn
        self._check_available(src, tgt)
        pair, rev = f"{src}-{tgt}", f"{tgt}-{src}"
        if pair in self.lexicon_files:
            fn = load_muse(self.lexicon_files[pair], src, tgt).translate
        elif rev in self.lexicon_files:
            fn = load_muse(self.lexicon_files[rev], tgt, src).inverted().translate
        elif "de" in key:
            de_en, en_de = load_trans_de_en(self.trans_de_en, self.cache_dir)
            fn = (de_en if src == "de" else en_de).translate
        else:
            lex = wordnet_lexicon(self.resource_paths)
            other = tgt if src == "en" else src
            if lex.omw_code(other) is None:
                raise MissingResource(f"OMW data for {other!r} not found: {NLTK_HINT}")

            def fn(word: str, _l=lex, _s=src, _t=tgt) -> str | None:
                return _l.translate(word, _s, _t)
        self._translators[key] = fn
        return fn

    def _stopwords(self, lang: str) -> frozenset[str]:
        sw = self._stop.get(lang)
        if sw is None:
            sw = self._stop[lang] = stopwords(lang, self.resource_paths)
        return sw

    # ------------------------------------------------------------ options per word
    def targets(self, language: str) -> tuple[str, ...]:
        """Embedded languages for a query in ``language``."""
        return self.languages if iso_code(language) == "en" else ("en",)

    def options(self, word: str, language: str = "en") -> tuple[tuple[str, str], ...]:
        """``(embedded language, translation)`` pairs for one word of a ``language`` query,
        in the order of ``languages``; empty when the word is not eligible."""
        return self._word_options(word, self._language(language))

    def _compute_options(self, word: str, src: str) -> tuple[tuple[str, str], ...]:
        if len(word) < self.min_length or not has_letter(word):
            return ()
        low = word.lower()
        if low in self._stopwords(src):
            return ()
        en_stop = self._stopwords("en")
        out = []
        for tgt in self.targets(src):
            rep = self._translator(src, tgt)(word)
            if not rep or rep.lower() == low:
                continue
            if tgt == "en" and rep.lower() in en_stop:
                continue
            if (word.islower() and rep[:1].isupper() and tgt not in NOUN_CAPITALISING
                    and not (src in NOUN_CAPITALISING)):
                continue  # a proper noun or abbreviation (es "de" -> "Delaware", "iran" -> "Abadan")
            out.append((tgt, rep.replace("+", "") if tgt in ("zh", "ja") else rep))
        return tuple(out)

    # ------------------------------------------------------------ on-disk options cache
    OPTIONS_FORMAT = 1

    def _options_file(self) -> Path | None:
        """``cache_dir/codeswitch-options.<config hash>.json``: the word -> options memo of a
        configuration (languages, lexicon files and versions, nltk data, stopword package)."""
        if self.cache_dir is None:
            return None
        try:
            nltk_dir = str(find_nltk_data(self.resource_paths).resolve())
        except MissingResource:
            return None  # the error surfaces when a lexicon is needed
        try:
            from importlib.metadata import version

            sw = version("stop-words")
        except Exception:
            sw = ""
        config = {"format": self.OPTIONS_FORMAT, "languages": list(self.languages),
                  "min_length": self.min_length, "nltk": nltk_dir, "stop-words": sw,
                  "lexicons": {k: [str(p), *stat_key(p)] for k, p in sorted(self.lexicon_files.items())},
                  "trans-de-en": [str(self.trans_de_en), *stat_key(self.trans_de_en)]}
        digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode("utf-8")).hexdigest()[:16]
        return self.cache_dir / f"codeswitch-options.{digest}.json"

    def _load_options(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # absent or damaged: recomputed and rewritten
        for src, table in data.items():
            memo = self._memo.setdefault(src, {})
            for word, opts in table.items():
                memo.setdefault(word, tuple((l, r) for l, r in opts))

    def prepare(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        """Compute the options of every word of ``texts`` once; with ``cache_dir`` they are read
        from and saved to disk, so a later run on the same queries needs no lexicon at all."""
        path = self._options_file()
        if path is not None and not self._disk_loaded:
            self._load_options(path)
            self._disk_loaded = True
        before = sum(len(m) for m in self._memo.values())
        langs = list(languages) if languages is not None else ["en"] * len(texts)
        for text, lang in zip(texts, langs):
            self._analyse(text, iso_code(lang) or "en")
        if path is not None and sum(len(m) for m in self._memo.values()) != before:
            data = {src: {w: [list(o) for o in opts] for w, opts in sorted(memo.items())}
                    for src, memo in sorted(self._memo.items())}
            try:
                atomic_write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
            except OSError:
                pass  # the cache is an optimisation only

    # ------------------------------------------------------------ Perturbation API
    def _per_language(self, text: str, src: str, opts: tuple) -> dict[str, tuple[tuple, tuple[int, ...]]]:
        """For ``per-query``: embedded language -> (options restricted to it, eligible indices),
        for the languages that translate at least one word, in ``languages`` order (memoised)."""
        cache = self._by_lang.get(src)
        if cache is None:
            cache = self._by_lang[src] = {}
        hit = cache.get(text)
        if hit is None:
            hit = {}
            for lang in self.targets(src):
                o = tuple(tuple(x for x in op if x[0] == lang) for op in opts)
                el = tuple(i for i, op in enumerate(o) if op)
                if el:
                    hit[lang] = (o, el)
            if len(cache) >= self._TEXT_CACHE:
                cache.clear()
            cache[text] = hit
        return hit

    def _edit(self, option: tuple[str, str]) -> tuple[str, str]:
        lang, rep = option
        return rep, "codeswitch:" + lang

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """Switch ``rate`` of the eligible words (seeded by ``rng``)."""
        src = self._language(language)
        parts_t, opts, eligible = self._analyse(text, src)
        if not eligible:
            return Perturbed(text, (), language)
        if self.choice == "per-query":
            per_lang = self._per_language(text, src, opts)
            lang = next(iter(per_lang)) if len(per_lang) == 1 else rng.choice(list(per_lang))
            opts, eligible = per_lang[lang]
        return self._sample_edits(text, parts_t, opts, eligible, rng, src, language,
                                  self.rate, self.max_edits)
