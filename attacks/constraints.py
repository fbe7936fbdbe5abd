"""Constraints: which words may be edited, and which perturbed texts are acceptable.

Two kinds, as in TextAttack:

* ``Protected`` decides *before* editing which words a perturbation may touch
  (numbers, stopwords of the query's language, a user list, short words). It is
  set on the perturbation as its ``word_filter`` so random recipes never waste
  work on words they must not edit; ``ProtectedCheck`` re-checks the edits a
  perturbation reports, for perturbations that ignore the filter.
* text constraints accept or reject a perturbed text against its original:
  ``MaxWordsChanged``, ``MaxEditDistance``, ``SemanticFloor``. Rejections are
  counted per constraint name in ``Perturbed.rejected``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from .base import AttackError, Perturbed

# the attacks' one stopword source (NLTK lists, then stopwords-iso), re-exported here
from .lexicon import NLTK_STOPWORD_FILES, NoStopwordList, load_iso_stopwords, load_stopwords  # noqa: F401
from .tokenize import _WORD as _WORD_RE

MISSING_STOPWORDS = ("error", "warn", "iso")
# any decimal digit in any script (\d is Unicode-aware), found in C
_HAS_DIGIT = __import__("re").compile(r"\d").search


class Protected:
    """Which words may be edited; called as ``protected(word, language) -> editable``.

    A word is protected (not editable) when it is shorter than ``min_length``
    characters, contains a digit (``numbers``), is a stopword of the query's
    language (``stopwords``; NLTK lists, case-insensitive) or is in ``words``
    (case-insensitive). For a language the installed NLTK stopwords have no list
    for, ``missing_stopwords="error"`` raises ``MissingResource``; ``"iso"`` uses
    the stopwords-iso list instead; ``"warn"`` warns once per language and
    protects no stopwords in it. Never silently: ``sources`` records, per
    language, which list was used (``nltk``, ``stopwords-iso`` or ``none``).
    """

    def __init__(self, *, numbers: bool = True, stopwords: bool = True, words: Iterable[str] = (),
                 min_length: int = 1, missing_stopwords: str = "error",
                 nltk_data: Path | None = None,
                 stopword_lists: Mapping[str, Iterable[str]] | None = None) -> None:
        if missing_stopwords not in MISSING_STOPWORDS:
            raise AttackError(f"missing_stopwords must be one of {', '.join(MISSING_STOPWORDS)}, "
                              f"got {missing_stopwords!r}")
        if int(min_length) < 0:
            raise AttackError(f"min_length must be >= 0, got {min_length}")
        self.numbers = bool(numbers)
        self.stopwords = bool(stopwords)
        self.words = frozenset(w.lower() for w in words)
        self.min_length = int(min_length)
        self.missing_stopwords = missing_stopwords
        self.nltk_data = nltk_data
        # language -> lower-cased stopwords; given lists (tests, user files) win over NLTK's
        self._lists: dict[str, frozenset[str]] = {
            k: frozenset(w.lower() for w in v) for k, v in (stopword_lists or {}).items()}
        #: language -> where its stopword list came from (given, nltk, stopwords-iso, none)
        self.sources: dict[str, str] = {k: "given" for k in self._lists}
        self._memo: dict[str, dict[str, bool]] = {}

    def stopword_set(self, language: str) -> frozenset[str]:
        """The stopwords protected in ``language`` (empty when ``stopwords`` is off)."""
        if not self.stopwords:
            return frozenset()
        s = self._lists.get(language)
        if s is None:
            try:
                s = load_stopwords(language, self.nltk_data)
                self.sources[language] = "nltk"
            except NoStopwordList:
                if self.missing_stopwords == "error":
                    raise
                if self.missing_stopwords == "iso":
                    s = load_iso_stopwords(language)
                    self.sources[language] = "stopwords-iso"
                else:
                    warnings.warn(f"no stopword list for language {language!r}: its stopwords are "
                                  "not protected", stacklevel=2)
                    s = frozenset()
                    self.sources[language] = "none"
            self._lists[language] = s
        return s

    def __call__(self, word: str, language: str) -> bool:
        # Hot path of every random recipe: decisions are memoised per language (query
        # vocabularies are small and repetitive); the memo is bounded.
        memo = self._memo.get(language)
        if memo is None:
            memo = self._memo[language] = {}
        v = memo.get(word)
        if v is None:
            v = self._decide(word, language)
            if len(memo) < 1_000_000:
                memo[word] = v
        return v

    def _decide(self, word: str, language: str) -> bool:
        if _width(word) < self.min_length:
            return False
        if self.numbers and _HAS_DIGIT(word):
            return False
        lw = word.lower()
        if lw in self.words:
            return False
        return not (self.stopwords and lw in self.stopword_set(language))


def _width(word: str) -> int:
    """Length for ``min_length``: an East Asian ideograph, kana or hangul syllable counts 2
    (a two-character Chinese word is a content word, a one-character one usually not)."""
    return len(word) + sum(1 for c in word if "\u2e80" <= c <= "\ud7a3" or "\uf900" <= c <= "\ufaff")


class Constraint:
    """Accepts or rejects perturbed texts against their originals (batched)."""

    name: str = "constraint"
    #: True for constraints that should see many pairs per call (a model behind them)
    batched: bool = False

    def check(self, originals: Sequence[str], candidates: Sequence[Perturbed]) -> list[bool]:
        """One verdict per (original, candidate) pair: True = acceptable."""
        raise NotImplementedError


class ProtectedCheck(Constraint):
    """Rejects candidates whose reported edits touch a protected word (a safety net for
    perturbations that do not consult their ``word_filter``)."""

    name = "protected"

    def __init__(self, protected: Protected) -> None:
        self.protected = protected

    def check(self, originals: Sequence[str], candidates: Sequence[Perturbed]) -> list[bool]:
        p = self.protected
        return [all(e.position < 0 or p(e.original, c.language) for e in c.edits) for c in candidates]


class MaxWordsChanged(Constraint):
    """At most ``max_share`` of the original's words edited (and at most ``max_words``)."""

    name = "max_words_changed"

    def __init__(self, max_share: float = 1.0, max_words: int | None = None) -> None:
        if not 0.0 <= float(max_share) <= 1.0:
            raise AttackError(f"max_share must be between 0 and 1, got {max_share}")
        self.max_share = float(max_share)
        self.max_words = None if max_words is None else int(max_words)

    def allowed(self, n_words: int) -> int:
        """How many words of an ``n_words``-word text may change (at least 1 when n_words > 0)."""
        n = max(1, int(self.max_share * n_words + 1e-9)) if n_words else 0
        return n if self.max_words is None else min(n, self.max_words)

    def check(self, originals: Sequence[str], candidates: Sequence[Perturbed]) -> list[bool]:
        out = []
        for o, c in zip(originals, candidates, strict=False):
            changed = {e.position for e in c.edits if e.position >= 0}
            out.append(len(changed) <= self.allowed(sum(1 for _ in _WORD_RE.finditer(o))))
        return out


class MaxEditDistance(Constraint):
    """Character Levenshtein distance to the original at most ``max_distance`` (rapidfuzz)."""

    name = "max_edit_distance"

    def __init__(self, max_distance: int) -> None:
        if int(max_distance) < 0:
            raise AttackError(f"max_edit_distance must be >= 0, got {max_distance}")
        self.max_distance = int(max_distance)
        from rapidfuzz.distance import Levenshtein  # noqa: PLC0415 - C extension, fast

        self._dist = Levenshtein.distance

    def check(self, originals: Sequence[str], candidates: Sequence[Perturbed]) -> list[bool]:
        d, m = self._dist, self.max_distance
        return [d(o, c.text, score_cutoff=m + 1) <= m for o, c in zip(originals, candidates, strict=False)]


# similarity_fn(originals, candidates) -> cosine per pair (e.g. the multilingual USE encoder)
SimilarityFn = Callable[[Sequence[str], Sequence[str]], np.ndarray]


class SemanticFloor(Constraint):
    """Candidate must keep the meaning: ``sim(original, candidate) / sim(original, original)
    >= min_ratio`` with ``similarity_fn`` given by the caller.

    The floor is relative to the original's similarity with itself (1 for
    L2-normalised encoders, so then it equals the cosine). Cosines are not
    comparable across encoders: with multilingual e5, related texts score ~0.9
    and unrelated ones still ~0.75, so a useful ``min_ratio`` there is ~0.9 or
    more; with the universal sentence encoder unrelated texts are near 0.2 and
    0.7-0.8 already means "same meaning". Texts identical to their original pass
    without being scored.
    """

    name = "semantic_floor"
    batched = True

    def __init__(self, similarity_fn: SimilarityFn, min_ratio: float) -> None:
        if not 0.0 <= float(min_ratio) <= 1.0:
            raise AttackError(f"semantic min_ratio must be between 0 and 1, got {min_ratio}")
        self.similarity_fn = similarity_fn
        self.min_ratio = float(min_ratio)

    def check(self, originals: Sequence[str], candidates: Sequence[Perturbed]) -> list[bool]:
        todo = [i for i, (o, c) in enumerate(zip(originals, candidates, strict=False)) if c.text != o]
        out = [True] * len(candidates)
        if not todo:
            return out
        origs = [originals[i] for i in todo]
        # one call: the pairs, then each distinct original with itself (the reference)
        distinct = list(dict.fromkeys(origs))
        sims = np.asarray(self.similarity_fn(origs + distinct, [candidates[i].text for i in todo] + distinct),
                          dtype=np.float64).reshape(-1)
        if sims.shape[0] != len(origs) + len(distinct):
            raise AttackError(f"similarity_fn returned {sims.shape[0]} scores for "
                              f"{len(origs) + len(distinct)} pairs")
        ref = dict(zip(distinct, sims[len(origs):], strict=False))
        for j, i in enumerate(todo):
            base = ref[origs[j]]
            ratio = sims[j] / base if base > 0 else 0.0
            out[i] = bool(ratio >= self.min_ratio - 1e-9)
        return out


def apply_constraints(constraints: Sequence[Constraint], originals: Sequence[str],
                      candidates: Sequence[Perturbed], rejected: dict[str, int]) -> list[bool]:
    """Run ``constraints`` in order on the pairs still accepted; count rejections by name
    into ``rejected``; return the final verdicts. Cheap constraints should come first:
    the semantic floor then only scores survivors."""
    ok = [True] * len(candidates)
    for con in constraints:
        idx = [i for i, v in enumerate(ok) if v]
        if not idx:
            break
        verdicts = con.check([originals[i] for i in idx], [candidates[i] for i in idx])
        for i, v in zip(idx, verdicts, strict=False):
            if not v:
                ok[i] = False
                rejected[con.name] = rejected.get(con.name, 0) + 1
    return ok
