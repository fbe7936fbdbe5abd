"""English WordNet + OMW: senses, synonyms, antonyms and most-frequent-sense translations."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

from ..base import AttackError, MissingResource
from ..lex.nltkdata import find_nltk_data, open_wordnet
from ..lex.text import _LOCK, _POS_ORDER, NLTK_HINT, OMW_CODES, iso_code

# ---------------------------------------------------------------- WordNet lexicon


class WordNetLexicon:
    """English WordNet + OMW: synonyms, antonyms and most-frequent-sense translations.

    All answers are memoised per word, so a warm lexicon costs a dict lookup.
    """

    # set on first use by omw_code (declared here, without a value: absent until then)
    _langs: frozenset[str]

    def __init__(self, resource_paths: Mapping[str, Path] | None = None) -> None:
        self.wn = open_wordnet(resource_paths)
        self._counts: dict[str, int] = {}
        self._memo: dict[tuple, object] = {}
        self._loaded: set[str] = set()  # OMW languages whose data is loaded

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
        if code not in langs:
            return None
        if code not in self._loaded:
            self._loaded.add(code)
            with warnings.catch_warnings():
                # OMW lists some synsets that WordNet 3.0 lacks; nltk skips each with a warning
                # ("cmn: invalid offset 14869976-n in ...") that is data noise, not the user's business
                warnings.filterwarnings("ignore", message=r"\w+: invalid offset ")
                self.wn.all_lemma_names(lang=code)  # loads the language's data once, here
        return code

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
            count = sum(self._count(lem) for s in syns for lem in s.lemmas() if lem.name().lower() in forms)
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
        return sum(self._count(lem) for lem in syn.lemmas())

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


def base_forms(wn, word: str) -> set[str]:
    """``word`` and its WordNet base forms in every part of speech (``wn.morphy``: trees -> tree,
    designated -> designate): how an inflected English word is matched against lemmas. ``wn`` is
    nltk's WordNet reader (``WordNetLexicon.wn``); ``word`` is looked up as given (multiword
    lemmas are written with ``_``)."""
    return {word} | {b for p in "nvar" for b in [wn.morphy(word, p)] if b}


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


