"""Synonym substitution: WordNet/OMW synonyms and GloVe embedding neighbours.

``WordNetSynonym`` reads WordNet through nltk's corpus reader (English) and the Open
Multilingual WordNet (29 other languages, ``lemma_names(lang)``). It is hand-written
rather than wrapping textattack's ``WordSwapWordNet`` because that class (0.3.11)
calls ``nltk.download("omw-1.4")`` on construction (network), collects candidates in
a ``set`` (order changes between processes, so seeded runs are not reproducible) and
redoes the synset lookups for every call; nlpaug's ``SynonymAug`` needs nltk's POS
tagger, which nltk 3.9+ cannot load offline. Measured on 1,000 BoolQ questions (2 shared
cores): textattack's candidate generation runs at ~350 queries/s and has no cache; ours
costs about as much the first time it sees a word (~200 queries/s, it also scores parts of
speech) and ~100,000 queries/s once words are memoised, which is what a random recipe
(K samples per query, words shared across queries) exercises: ours is the faster one.

``GloveSynonym`` takes the nearest neighbours (cosine) of a word in GloVe 6B 50-d,
computed lazily per word with one numpy matrix-vector product over the most frequent
``vocab_limit`` words (a brute-force scan of 100,000 x 50 floats is ~2 ms; building a
faiss index would cost more than it saves for the few thousand distinct words of a
query set, and textattack's ``WordEmbedding`` needs a precomputed neighbour matrix).
Raw GloVe neighbours include antonyms (``buy`` -> ``sell``, ``good`` -> ``bad``), so
WordNet antonyms of the word and of its base forms are filtered out, as are
inflections of the word itself, stopwords and tokens that are not words.
"""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

from .analysis.english import COMPOUND_HEAD
from .base import AttackError, MissingResource, Perturbation, Perturbed
from .candidates import Sources
from .codeswitch import CodeSwitch, in_compound, in_lowercase_title
from .lex.nltkdata import find_nltk_data
from .lex.synsense import WN_POS, SynonymPolicy, phrase, precise_synonyms
from .lexicon import (
    OMW_CODES,
    MemoisedWordEdits,
    WordNetLexicon,
    check_rate,
    has_letter,
    iso_code,
    split_words,
    stopwords,
    wordnet_lexicon,
)


class _WordSwap(MemoisedWordEdits, Perturbation):
    """Shared random/candidate logic: per-word candidate tuples, memoised per language."""

    operation = "synonym"

    def __init__(self, rate: float, max_edits: int | None, min_length: int,
                 languages: Sequence[str] | None) -> None:
        check_rate(rate, max_edits)
        self.rate, self.max_edits, self.min_length = float(rate), max_edits, int(min_length)
        if isinstance(languages, str):
            languages = [languages]
        self.languages = tuple(iso_code(lg) for lg in languages) if languages else None
        self._memo: dict[str, dict[str, tuple[str, ...]]] = {}
        self._texts: dict[str, dict[str, tuple]] = {}

    def _candidates(self, word: str, lang: str) -> tuple[str, ...]:  # pragma: no cover
        raise NotImplementedError

    def _language(self, language: str) -> str:
        lang = iso_code(language) or "en"
        if self.languages is not None and lang not in self.languages:
            raise MissingResource(f"{self.name} is configured for {', '.join(self.languages)}, "
                                  f"not {language!r}")
        return lang

    def candidates(self, word: str, language: str = "en") -> tuple[str, ...]:
        """Replacement candidates for one word (memoised); empty when not eligible."""
        return self._word_options(word, self._language(language))

    def _compute_options(self, word: str, lang: str) -> tuple[str, ...]:
        if len(word) < self.min_length or not has_letter(word):
            return ()
        return self._candidates(word, lang)

    def _edit(self, option: str) -> tuple[str, str]:
        return option, self.operation

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """Replace ``rate`` of the eligible words by a random candidate each (seeded)."""
        lang = self._language(language)
        parts_t, opts, eligible = self._analyse(text, lang)
        return self._sample_edits(text, parts_t, opts, eligible, rng, lang, language,
                                  self.rate, self.max_edits)


class WordNetSynonym(_WordSwap):
    """Swap words for WordNet synonyms (English) or OMW synonyms (29 other languages).

    Candidates: the other lemmas of the word's synsets for its most frequent part of speech,
    in the ``max_senses`` most frequent senses, single words only unless ``phrases``. Only
    base forms and regular plural nouns are swapped (WordNet has lemmas: ``largest`` ->
    ``big`` would change the meaning), plurals get plural synonyms. Stopwords are skipped.
    """

    name = "wordnet-synonym"
    requires = ("nltk-data",)

    def __init__(self, rate: float = 0.2, max_edits: int | None = None,
                 languages: Sequence[str] | None = None, max_senses: int = 3,
                 max_candidates: int = 12, phrases: bool = False, min_length: int = 3,
                 resource_paths: Mapping[str, Path] | None = None) -> None:
        super().__init__(rate, max_edits, min_length, languages)
        if max_senses < 1 or max_candidates < 1:
            raise AttackError("max_senses and max_candidates must be at least 1")
        for lang in self.languages or ():
            if lang != "en" and lang not in OMW_CODES:
                raise MissingResource(f"no WordNet synonyms for {lang!r}: OMW 1.4 has "
                                      f"en, {', '.join(sorted(OMW_CODES))}")
        self.max_senses, self.max_candidates, self.phrases = max_senses, max_candidates, phrases
        self.resource_paths = dict(resource_paths or {})
        self._lex = None
        self._stop: dict[str, frozenset[str]] = {}

    def _lexicon(self):
        if self._lex is None:
            self._lex = wordnet_lexicon(self.resource_paths)
        return self._lex

    def _candidates(self, word: str, lang: str) -> tuple[str, ...]:
        stop = self._stop.get(lang)
        if stop is None:
            stop = self._stop[lang] = stopwords(lang, self.resource_paths)
        if word.lower() in stop:
            return ()
        lex = self._lexicon()
        if lang == "en":
            return lex.english_synonyms(word, max_senses=self.max_senses, phrases=self.phrases,
                                        limit=self.max_candidates)
        if lex.omw_code(lang) is None:
            raise MissingResource(f"no OMW synonyms for {lang!r} in this nltk data")
        return lex.synonyms(word, lang, phrases=self.phrases, limit=self.max_candidates,
                            max_senses=self.max_senses)


#: adjectives that pick a referent rather than name a kind ("the same country", "the only
#: animal", "the last movie"): a noun after them forms no fixed term, unlike
#: "financial district" or "concealed carry" (bench/RESULTS.md section 18)
FREE_MODIFIERS = frozenset({"same", "only", "last", "first", "next", "other", "whole", "entire", "previous",
                            "different", "certain", "particular", "own"})


def fixed_position(a, i: int) -> bool:
    """True where a synonym would break a fixed expression or shift a nuance, whatever the
    case of the query (judged on BoolQ: bench/RESULTS.md section 18): adverbs ("commonly" ->
    "normally"), positive adjectives ("concealed carry", "main series", "minimum age":
    comparatives and superlatives stay swappable, "largest" -> "biggest"), participles
    before a noun ("concealed carry"), verbs with a particle ("build up"), verbs followed by
    the preposition "to" (its argument: "what happened to X" -> "what occurred to X" reads as
    "came to mind"), words tagged as verbs that are nouns (``_mistagged_verb``), nouns after a
    positive adjective ("financial district") unless it only picks the referent
    (``FREE_MODIFIERS``: "the same country" -> "the same nation"), the habitual "used to"
    (``_habitual_used_to``), the noun of "three of a kind" (``_number_of_a_kind``), a word between
    quotation marks (``_quoted``), "doctor" in a query naming an academic degree (``_academic_doctor``) and,
    in a lower-case query, a noun followed by "of" ("the battle
    of the somme", "the director of shield": often a name)."""
    if a.language != "en":
        return False
    w = a.words[i]
    nxt = a.words[i + 1] if i + 1 < len(a.words) else None
    prev = a.words[i - 1] if i > 0 else None
    if w.pos == "ADV" or (w.pos == "ADJ" and w.tag not in ("JJR", "JJS")):
        return True
    if w.pos == "VERB" and w.tag in ("VBN", "VBG") and nxt is not None and nxt.pos == "NOUN":
        return True
    if w.pos == "VERB" and nxt is not None and nxt.tag == "RP":
        return True  # a phrasal verb: its synonym does not take the particle ("build up" -> "construct up")
    if w.pos == "VERB" and nxt is not None and nxt.tag == "IN" and nxt.text.lower() == "to":
        return True  # "to" marks the verb's argument: "what happened to X" -> "what occurred to X" (came to mind)
    if w.pos == "VERB" and _mistagged_verb(a, i):
        return True
    if _habitual_used_to(a, i) or _number_of_a_kind(a, i) or _quoted(a, i) or _academic_doctor(a, i):
        return True
    if w.pos == "NOUN" and prev is not None and prev.pos == "ADJ" and prev.tag == "JJ" \
            and (prev.lemma or prev.text).lower() not in FREE_MODIFIERS:
        return True
    return w.pos == "NOUN" and a.text == a.text.lower() and nxt is not None and nxt.text == "of"


# Hand-written checks on spaCy's tags (as the locks above): the analysis layer marks no habitual "used to", card
# idiom or quoted span, and no maintained library we ship does.

#: verbs before which a past participle is passive ("was used to characterize": the sense of "use" stays)
_PASSIVE_AUX = frozenset({"be", "get"})


def _habitual_used_to(a, i: int) -> bool:
    """True for the habitual "used to" + verb ("did the dakar rally used to take place", "what did the 100k drop
    used to be called"): "used" there is no form of the verb "use", so its synonyms ("employed to take place")
    change the question (judged in bench/validity/lexical/synadv7-syn-boolq-test-minilm-perturbed.jsonl and
    synadv7-syn-removed-swaps-dev.jsonl). Habitual when spaCy tags "used" a finite past (VBD) or a "do" is its
    auxiliary (no other verb between: "did X used to"); a passive ("was used to characterize") or a reduced
    relative ("the expression used to identify", VBN) keeps the sense of use and stays swappable."""
    w = a.words[i]
    if (w.lemma or w.text).lower() != "use" or w.tag not in ("VBD", "VBN") or i + 2 >= len(a.words):
        return False
    if a.words[i + 1].text.lower() != "to" or a.words[i + 2].pos not in ("VERB", "AUX"):
        return False
    j = i - 1
    while j >= 0 and a.words[j].pos in ("ADV", "PART"):
        j -= 1
    if j >= 0 and (a.words[j].lemma or a.words[j].text).lower() in _PASSIVE_AUX:
        return False
    if w.tag == "VBD":
        return True
    for v in reversed(a.words[:i]):
        if (v.lemma or v.text).lower() == "do":
            return True
        if v.pos in ("VERB", "AUX"):
            return False
    return False


def _number_of_a_kind(a, i: int) -> bool:
    """True for the noun of "NUMBER of a NOUN" ("three of a kind", "4 of a kind": a poker hand, a fixed term that
    "three of a sort" breaks; judged in adv6-syn-boolq-test-perturbed and synadv7-syn-boolq-test-minilm-perturbed)."""
    return (a.words[i].pos == "NOUN" and i >= 3 and a.words[i - 1].text.lower() in ("a", "an")
            and a.words[i - 2].text.lower() == "of" and a.words[i - 3].tag == "CD")


#: words that name a doctorate: "doctor" in their query is the title (``_academic_doctor``)
#: ("degree" is none: "a third-degree burn", "103 degrees", "a medical degree" leave "doctor" the physician)
_DEGREE_CUES = frozenset({"phd", "doctorate", "doctorates", "doctoral", "juris", "jurisprudence", "dphil"})


def _academic_doctor(a, i: int) -> bool:
    """True for the noun "doctor" in a query that also names a doctorate ("is a person with a phd a
    doctor", "does a juris doctorate make you a doctor"): there "doctor" is the title, and its WordNet synonyms
    ("physician") are the medical profession, which changes the question (3 judged rejects, 0 accepts:
    adv7-syn-boolq-train-heldout, synadv7-syn-boolq-test-minilm-perturbed, synadv8-syn-boolq-train-minilm;
    bench/RESULTS.md section 100). Dots are dropped ("ph.d." is "phd"). Without such a word "doctor" stays
    swappable ("should i see a doctor about a cough" -> "physician")."""
    w = a.words[i]
    if (w.lemma or w.text).lower() != "doctor" or w.pos != "NOUN":
        return False
    return any(v.text.lower().replace(".", "") in _DEGREE_CUES for j, v in enumerate(a.words) if j != i)


#: an opening and its closing quotation mark; straight quotes and backticks open and close alike
_QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"), ("`", "'"))
_QUOTE_SYMMETRIC = ('"', "`")


def _quoted(a, i: int) -> bool:
    """True for a word between quotation marks: the writer quotes a term as it is named (Are there "buy and hold"
    passively managed funds? -> "purchase and hold", typographic quotes in the query; judged in
    adv8-syn-fiqa-mini-fresh and adv4-syn-fiqa-mini-heldout), so its words are not paraphrased. Single straight
    quotes are apostrophes too and are not read as quotation marks."""
    w = a.words[i]
    pre, post = a.text[:w.start], a.text[w.end:]
    for q in _QUOTE_SYMMETRIC:
        body_pre, body_post = pre, post
        if len(a.text) > 1 and a.text[0] == a.text[-1] == q:
            body_pre, body_post = pre[1:], post[:-1]  # quotes around the whole query (a CSV export) quote nothing
        if body_pre.count(q) % 2 == 1 and q in body_post:
            return True
    return any(pre.rfind(o) > pre.rfind(c) and c in post for o, c in _QUOTE_PAIRS)


#: words and separators that join like categories ("a bid or ask price", "bids/asks")
_COORDINATORS = frozenset({"and", "or", "/"})


def _mistagged_verb(a, i: int) -> bool:
    """True when word ``i``, tagged a verb, is a noun the tagger got wrong, so that no verb synonym
    fits (judged in bench/validity/lexical/adv4-syn-fiqa-mini-heldout.jsonl): it is coordinated
    with a noun, and coordination joins words of one category ("a bid or ask price" -> "inquire
    price", "bids/asks" -> "inquires"), or the query also uses the same word as a noun ("is pva
    glue the same as elmers glue" -> "paste"). Ambiguous, so the word is left alone."""
    w = a.words[i]
    form = w.text.lower()
    if any(j != i and v.text.lower() == form and v.pos == "NOUN" for j, v in enumerate(a.words)):
        return True
    for j, sep in ((i - 1, a.parts[2 * i]), (i + 1, a.parts[2 * i + 2])):
        if not 0 <= j < len(a.words):
            continue
        k = j - 1 if j < i else j + 1  # the word across an "and"/"or" between them
        if sep.strip() in _COORDINATORS and a.words[j].pos == "NOUN":
            return True
        if a.words[j].text.lower() in _COORDINATORS and 0 <= k < len(a.words) and a.words[k].pos == "NOUN":
            return True
    return False


_GLOVE_LOCK = threading.Lock()
_GLOVES: dict[tuple[str, int], tuple] = {}


def _load_glove(root: Path, vocab_limit: int):
    """(unit-normalised matrix of the first ``vocab_limit`` rows, words, word -> row)."""
    key = (str(root.resolve()), vocab_limit)
    with _GLOVE_LOCK:
        hit = _GLOVES.get(key)
        if hit is not None:
            return hit
        import numpy as np
        import pyarrow.parquet as pq

        data = root / "data" if (root / "data").is_dir() else root
        emb_path, idx_path = data / "glove_6B_50d_emb.npy", data / "glove_6B_index.parquet"
        if not emb_path.is_file() or not idx_path.is_file():
            raise MissingResource(f"GloVe files not found under {root}: install the glove-6b-50d "
                                  "resource (`robustir resources fetch glove-6b-50d`)")
        emb = np.load(emb_path, mmap_mode="r")
        table = pq.read_table(idx_path)
        words_all = table.column(0).to_pylist()
        if len(words_all) != emb.shape[0]:
            raise AttackError(f"GloVe index ({len(words_all)} words) does not match its matrix "
                              f"({emb.shape[0]} rows) under {data}")
        n = min(vocab_limit, emb.shape[0])
        mat = np.array(emb[:n], dtype=np.float32)
        norms = np.linalg.norm(mat, axis=1, keepdims=True)
        mat /= np.maximum(norms, 1e-8)
        vocab = words_all[:n]
        index: dict[str, int] = {}
        for i, w in enumerate(vocab):
            index.setdefault(w, i)
        hit = _GLOVES[key] = (mat, vocab, index)
        return hit


class GloveSynonym(_WordSwap):
    """Swap English words for GloVe 6B 50-d nearest neighbours, antonyms removed.

    ``top_n`` neighbours with cosine >= ``min_cosine`` among the ``vocab_limit`` most
    frequent GloVe words. Filtered out: WordNet antonyms (both directions, base forms
    included), the antonyms' synonyms and words whose senses are the antonyms' synsets or
    their direct hyponyms/hypernyms (``increase`` -> ``reduce``), inflections of the word itself (same WordNet base
    form), stopwords, non-alphabetic tokens and, with ``same_pos``, neighbours that WordNet
    does not know in the word's most frequent part of speech. English only (GloVe 6B).
    """

    name = "glove-synonym"
    requires = ("glove-6b-50d", "nltk-data")

    def __init__(self, rate: float = 0.2, max_edits: int | None = None,
                 languages: Sequence[str] | None = ("en",), top_n: int = 8,
                 min_cosine: float = 0.75, vocab_limit: int = 100_000, min_length: int = 3,
                 same_pos: bool = True, resource_paths: Mapping[str, Path] | None = None) -> None:
        super().__init__(rate, max_edits, min_length, languages or ("en",))
        if self.languages != ("en",):
            raise MissingResource(f"GloVe 6B is English-only; got languages={list(self.languages or ())} "
                                  "(use wordnet synonyms or codeswitch for other languages)")
        if top_n < 1 or not -1.0 <= min_cosine <= 1.0 or vocab_limit < 1:
            raise AttackError("top_n and vocab_limit must be >= 1 and min_cosine in [-1, 1]")
        self.top_n, self.min_cosine, self.vocab_limit = top_n, float(min_cosine), int(vocab_limit)
        self.same_pos = bool(same_pos)
        self.resource_paths = dict(resource_paths or {})
        root = self.resource_paths.get("glove-6b-50d")
        if root is None:
            raise MissingResource("GloveSynonym needs resource_paths={'glove-6b-50d': DIR} "
                                  "(robustir resolves it: `robustir resources fetch glove-6b-50d`)")
        self.root = Path(root)
        self._raw: dict[str, list[tuple[str, float]]] = {}  # neighbours computed by prepare()
        self._lex: WordNetLexicon | None = None
        self._stop: frozenset[str] | None = None

    def _glove(self):
        return _load_glove(self.root, self.vocab_limit)

    def neighbours(self, word: str, n: int | None = None) -> list[tuple[str, float]]:
        """Raw nearest neighbours ``(word, cosine)`` of a word (lower-cased), best first,
        without any filtering (empty if the word is not in the vocabulary)."""
        return self.neighbours_many([word], n)[0]

    def neighbours_many(self, words_: Sequence[str], n: int | None = None
                        ) -> list[list[tuple[str, float]]]:
        """``neighbours`` for many words with one matrix product per 256 words (BLAS), which
        is what makes ``prepare`` fast."""
        import numpy as np

        mat, vocab, index = self._glove()
        n = n or self.top_n
        k = max(1, min(n, mat.shape[0] - 1))
        rows = [index.get(w.lower()) for w in words_]
        out: list[list[tuple[str, float]]] = [[] for _ in words_]
        known = [(j, r) for j, r in enumerate(rows) if r is not None]
        for lo in range(0, len(known), 256):
            chunk = known[lo:lo + 256]
            sims = mat[[r for _, r in chunk]] @ mat.T
            for (j, r), s in zip(chunk, sims, strict=False):
                s[r] = -2.0
                top = np.argpartition(-s, k - 1)[:k]
                # stable order: by similarity, then by GloVe frequency rank (row index)
                top = top[np.lexsort((top, -s[top]))]
                out[j] = [(vocab[i], float(s[i])) for i in top]
        return out

    def prepare(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        """Compute the candidates of every word of ``texts`` in batches (optional: ``perturb``
        computes missing words one by one, ~50x slower per word)."""
        memo = self._memo.setdefault("en", {})
        todo: dict[str, None] = {}
        for t in texts:
            for w in split_words(t)[1::2]:
                if w not in memo and w.lower() not in self._raw:
                    todo[w.lower()] = None
        words_ = list(todo)
        for w, nb in zip(words_, self.neighbours_many(words_, self.top_n * 6 + 10), strict=False):
            self._raw[w] = nb

    def _candidates(self, word: str, lang: str) -> tuple[str, ...]:
        if self._stop is None:
            self._stop = stopwords("en", self.resource_paths)
            self._lex = wordnet_lexicon(self.resource_paths)
        low = word.lower()
        if low in self._stop:
            return ()
        lex = cast(WordNetLexicon, self._lex)  # loaded together with _stop above
        forms = lex.base_forms(low)
        banned = set(lex.antonyms(low))
        for f in forms:
            banned |= lex.antonyms(f)
        for ant in list(banned):  # and the antonyms' own synonyms (increase: decrease, lessen)
            banned.update(lex.synonyms(ant, "en", limit=50, max_senses=3))
        senses = lex.english_senses(low)
        pos = senses[0][0].pos() if senses else None
        pos = "a" if pos == "s" else pos
        out: list[str] = []
        # filtering drops many raw neighbours (stopwords, inflections, antonyms): look deeper
        raw = self._raw.pop(low, None)
        if raw is None:
            raw = self.neighbours(low, self.top_n * 6 + 10)
        for cand, cos in raw:
            if cos < self.min_cosine or len(out) >= self.top_n:
                break
            if not cand.isalpha() or cand in self._stop or cand in banned:
                continue
            cforms = lex.base_forms(cand)
            if cforms & forms or cforms & banned:
                continue  # an inflection of the word itself, or an antonym's inflection
            if any(low in lex.antonyms(f) or (forms & lex.antonyms(f)) for f in cforms):
                continue  # antonymy recorded only on the neighbour's side
            if lex.opposes(low, cand):
                continue  # a kind of the antonym: increase -> reduce (a kind of decrease)
            if pos is not None and self.same_pos and not lex.has_pos(cand, pos):
                continue  # "good" (adjective) -> "really" (adverb) is no substitute
            out.append(cand)
        return tuple(out)


class SenseSynonym(CodeSwitch):
    """Synonyms that keep the question: the machinery of ``attacks.codeswitch`` with the
    query's own language as the "embedded" one. English only.

    Candidates: the other lemmas of the word's *dominant* WordNet synset of its tagged part
    of speech (spaCy), kept only when they pass the precision-first checks of
    ``attacks.lex.synsense`` (sense dominance, mutual first sense, SemCor attestation,
    wordfreq frequency), re-inflected to the original's Penn tag with lemminflect ("hosts"
    -> "emcees", not "emcee"). Named entities, multiword expressions, numbers, stopwords
    and, in an all-lower-case query, the words that follow a media noun or "called"/"named"
    (a lower-cased title: "the show bloodline", "a group called the five heartbeats") or
    that spell a WordNet name or one of the collection's document titles (``CodeSwitch._lowercase_names``,
    as ``codeswitch-adv``: "who wants to be a millionaire", "we bought a zoo"), and parts of
    hyphenated compounds are never swapped; among the candidates the multilingual USE keeps
    the one whose query stays closest to the original, none below ``floor``.

    Other languages are refused (``check_language``): OMW has no part-of-speech tagger or
    sense counts for them, and its synonyms judged 42% (es) and 36% (ar) acceptable.
    """

    name = "sense-synonym"
    requires = ("nltk-data",)

    def __init__(self, rate: float = 0.2, max_edits: int | None = None, max_senses: int = 1,
                 min_length: int = 3, context: str = "use-m", floor: float = 0.9,
                 floor_uncovered: float = 0.6, max_candidates: int = 6, cache_dir: str | Path | None = None,
                 resource_paths: Mapping[str, Path] | None = None, multiword: bool = False,
                 compound_heads: bool = False, alternatives: bool = False) -> None:
        check_rate(rate, max_edits)
        if context not in ("use-m", "none"):
            raise AttackError(f"context must be 'use-m' or 'none', got {context!r}")
        if alternatives and context == "none":  # (the option would do nothing: no floor to rank them by)
            raise AttackError("alternatives needs context = 'use-m': it offers the candidates above the in-context "
                              "floor, which context = 'none' does not compute")
        if max_senses < 1 or max_candidates < 1:
            raise AttackError("max_senses and max_candidates must be at least 1")
        self.languages = ("self",)
        self.rate, self.max_edits, self.choice = float(rate), max_edits, "per-word"
        self.min_length, self.max_senses = int(min_length), int(max_senses)
        self.context, self.floor, self.max_candidates = context, float(floor), int(max_candidates)
        self.floor_uncovered = float(floor_uncovered)
        self.lexicon_files = {}
        self.resource_paths = dict(resource_paths or {})
        self.trans_de_en = Path("/nonexistent")
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.sources = Sources(self.resource_paths)
        self.context_fn = None
        self._checked = set()
        self._stop, self._texts, self._by_lang, self._disk = {}, {}, {}, {}
        self._disk_loaded = False
        self.context_seconds, self.context_texts = 0.0, 0
        # verbs dominated by half of their SemCor counts (not 60%, the default that codeswitch-adv keeps): "need" ->
        # "require" (110 of 209), "put" -> "place" (bench/RESULTS.md section 27)
        # ``multiword``: WordNet's multiword lemmas of the dominant sense too ("happened" -> "took place",
        # "attended" -> "went to"), under the same checks (``SynonymPolicy.multiword``, bench/RESULTS.md section 81)
        self.policy = SynonymPolicy(max_polysemy=self.MAX_POLYSEMY, verb_min_share=self.VERB_MIN_SHARE,
                                    multiword=bool(multiword))
        # ``compound_heads``: the head noun of a compound that is no dictionary entry ("horror movie" -> "horror
        # film"; ``analysis.english.COMPOUND_HEAD``) is a word of its own; ``alternatives``: every candidate of a
        # word above the in-context floor is an option, not only the closest (bench/RESULTS.md section 81)
        self.compound_heads, self.alternatives = bool(compound_heads), bool(alternatives)
        # lower-case names and the collection's titles (``CodeSwitch._lowercase_names``, as codeswitch)
        self._init_collection_names()

    def targets(self, language: str) -> tuple[str, ...]:
        return (iso_code(language) or "en",)

    GLUED_LOCKED = False  # the synonym recipe keeps its own rules (attacks.lex.synsense)
    PASSAGE_NAME_WORDS = False  # (a code-switching name lock, measured there only: CodeSwitch.PASSAGE_NAME_WORDS)

    def _ineligible(self, w, lang: str, stop: frozenset[str], fallback: bool = False) -> str:
        """``CodeSwitch._ineligible``, where with ``compound_heads`` the head of a compound that is no
        dictionary entry ("deputy director", "horror movie") is free: its modifiers narrow it, they do not
        change its sense, and its synonyms still pass every check of ``attacks.lex.synsense``."""
        if self.compound_heads and lang == "en" and w.locked == COMPOUND_HEAD:
            w = dataclasses.replace(w, locked="")
        return super()._ineligible(w, lang, stop, fallback)

    def _choose(self, a, text: str, lang: str, slots: list[tuple[int, str, list[str]]]
                ) -> dict[int, list[tuple[str, str]]]:
        """``CodeSwitch._choose`` (the closest candidate, none below the floor), and with ``alternatives`` the
        word's other candidates above the floor after it, closest first: the random recipe draws among them,
        the greedy search scores each. Only where the closest passes the floor, so the eligible words (the
        edit budget) are the same with and without."""
        chosen = super()._choose(a, text, lang, slots)
        if not (self.alternatives and chosen):
            return chosen
        multi = [(i, tgt, cased) for i, tgt, cased in slots if i in chosen and len(cased) > 1]
        if not multi:
            return chosen
        import numpy as np

        sims = np.asarray(self._context()(text, [a.join({i: c}) for i, _, cased in multi for c in cased]),
                          dtype=np.float64)
        pos = 0
        for i, tgt, cased in multi:
            block = sims[pos:pos + len(cased)]
            pos += len(cased)
            first = chosen[i][0][1]
            for k in sorted(range(len(cased)), key=lambda k: (-block[k], k)):
                if cased[k] != first and block[k] >= self.floor:
                    chosen[i].append((tgt, cased[k]))
        return chosen

    def _operation(self, tgt: str) -> str:
        return "synonym"

    def _options_file(self) -> Path | None:
        """The parent's cache file, keyed also by this precision policy and the collection's title
        list (the parent's key covers the filter's code, ``attacks.lex`` included, but not the
        thresholds an instance was given nor the titles it was handed)."""
        path = super()._options_file()
        if path is None:
            return None
        import hashlib

        key: tuple = (self.policy, self._titles_digest)
        if self.compound_heads or self.alternatives:
            key += (self.compound_heads, self.alternatives)
        h = hashlib.sha256(repr(key).encode("utf-8"))
        return path.with_name(f"{path.stem}.{h.hexdigest()[:12]}{path.suffix}")

    #: the languages served: those with a tagger and sense counts (WordNet + SemCor + spaCy)
    SERVED = ("en",)

    def check_language(self, language: str) -> None:
        lang = iso_code(language) or "en"
        if lang in self._checked:
            return
        if lang not in self.SERVED:
            raise MissingResource(
                f"no synonyms for {lang!r}: the synonym recipes serve {', '.join(self.SERVED)} only (OMW without a "
                f"tagger picks wrong senses); for {lang!r} use the codeswitch, typo or keywords recipes")
        # MissingResource names the nltk-data resource; WordNet itself (nltk's import, ~1.5 CPU-s with the
        # scikit-learn and scipy.stats its package pulls in) is opened only when a query's options are not
        # in the on-disk cache
        find_nltk_data(self.resource_paths)
        self._checked.add(lang)

    def _candidates(self, w, lang: str, tgt: str, a=None, i: int = 0) -> tuple[str, ...]:
        if a is not None and (in_lowercase_title(a, i) or fixed_position(a, i) or in_compound(a, i)
                              or (lang == "en" and i in self._lowercase_names(a))):
            return ()
        cands = self._word_candidates(w, lang)
        if lang == "en" and a is not None and i > 0 and a.words[i - 1].text.lower() in ("a", "an"):
            # the article stays: keep its a/an agreement ("a job" never becomes "a occupation")
            vowel = w.text[:1].lower() in "aeiou"
            cands = tuple(c for c in cands if (c[:1].lower() in "aeiou") == vowel)
        return cands

    #: words that are their own antonyms (contronyms), never offered as a replacement: the swap can reverse the
    #: question ("do supreme court justices have to be approved by congress" -> "sanctioned by congress", where
    #: "sanctioned" also reads as penalised; judged in synadv7-syn-boolq-test-*-perturbed and
    #: synadv8-syn-boolq-train-minilm, bench/RESULTS.md section 89). Hand-written: no maintained
    #: library we ship lists contronyms; "sanction" is the one measured on judged rows (3 rejects, 0 accepts),
    #: "cleave" (split / cling) and "oversight" (supervision / omission) are textbook cases WordNet also offers.
    CONTRONYMS = frozenset({"sanction", "cleave", "oversight"})

    #: more senses than this (get 36, take 44, make 49): too polysemous to swap safely
    MAX_POLYSEMY = 12
    #: the SemCor share of a verb's dominant sense (``SynonymPolicy.verb_min_share``)
    VERB_MIN_SHARE = 0.5

    def _word_candidates(self, w, lang: str) -> tuple[str, ...]:
        key = ("syn", lang, w.text.lower(), w.lemma, w.pos, w.tag)
        memo = self.sources._memo
        hit = memo.get(key)
        if hit is not None:
            return hit
        out: list[str] = []
        wpos = WN_POS.get(w.pos)
        if lang == "en" and wpos is not None:
            from .analysis.inflect import inflect

            lex = self.sources.wordnet()
            stop = stopwords("en", self.resource_paths)
            for name in precise_synonyms(lex, (w.lemma or w.text).lower(), wpos, stop, self.policy):
                if phrase(name).lower() in self.CONTRONYMS:
                    continue  # its own antonym: "approved by congress" -> "sanctioned by" (also: penalised)
                form = inflect(phrase(name), w.tag)  # a multiword lemma inflects its head
                if form.lower() != w.text.lower() and form not in out:
                    out.append(form)
        result = tuple(out)
        memo[key] = result
        return result
