"""The parts of an attack, after TextAttack's split, kept small and fast.

* a ``Perturbation`` proposes edits of a text: all one-step candidates for one
  word (for model-aware search), or a random application under a budget;
* ``Constraint`` objects accept or reject a perturbed text against the original;
* a ``Search`` decides what to apply (``random`` samples, ``greedy`` adversarial);
* a ``Goal`` scores candidates from retrieval scores given by the caller.

This package is text in, text out: it never imports ``robustir``. Model-aware
searches receive a scoring callable and a budget instead of a model.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from itertools import compress
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np

from .errors import AttackError, MissingResource  # noqa: F401 - re-exported: callers import it from attacks.base
from .tokenize import _WORD as _WORD_RE
from .tokenize import SPLIT

# languages whose words are segmented before word edits (attacks.segment.SEGMENTED, kept here
# so the hot path of spaced languages never imports the segmenters)
_SEGMENTED = frozenset({"zh", "ja", "th"})


# the sort key of edits (C-level attribute lookup)
_POSITION = attrgetter("position")


@dataclass(frozen=True)
class Edit:
    """One change: word ``position`` (index in the tokenised original, or in the perturbation's
    ``word_parts`` where it segments words itself) from ``original`` to
    ``replacement`` by ``operation`` (e.g. ``keyboard``, ``homoglyph``, ``synonym``,
    ``codeswitch:es``, ``translate:en-pt-en``). Sentence-level edits use position -1. An edit
    whose ``original`` holds several words (a multi-word expression rewritten whole: "speed of
    light" -> 光速) covers them all from ``position``, its first word (``edit_span``)."""

    position: int
    original: str
    replacement: str
    operation: str

    def to_dict(self) -> dict:
        return {"position": self.position, "original": self.original,
                "replacement": self.replacement, "operation": self.operation}


@dataclass(frozen=True)
class Perturbed:
    """A perturbed text with the edits that made it and the language it is in now."""

    text: str
    edits: tuple[Edit, ...] = ()
    language: str = "en"
    # how many candidates each constraint rejected while producing it
    rejected: dict[str, int] = field(default_factory=dict, compare=False)
    # set by model-aware (greedy) search only: texts scored (= encoder inputs) spent on
    # this query, whether the goal was met, and the final objective value
    queries: int = 0
    success: bool | None = None
    objective: float | None = None
    # Validity (shared contract of every recipe):
    # ``unperturbable``: the perturbation found nothing it may edit in this text (no
    # eligible word, no rewrite, no dictionary entry); such a sample is kept, counted in
    # reports, and never counted as attacked.
    unperturbable: bool = False
    # ``similarity``: cosine of original and perturbed text under the independent encoder
    # (never the model under attack); None = not measured.
    similarity: float | None = None
    # ``valid``: True when the perturbed text passed every meaning check, False when one
    # failed (``failed`` names the first that failed), None = not checked.
    valid: bool | None = None
    failed: str | None = None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"text": self.text, "edits": [e.to_dict() for e in self.edits],
               "language": self.language}
        if self.rejected:
            out["rejected"] = dict(sorted(self.rejected.items()))
        if self.unperturbable:
            out["unperturbable"] = True
        if self.similarity is not None:
            out["similarity"] = round(float(self.similarity), 6)
        if self.valid is not None:
            out["valid"] = bool(self.valid)
            if self.failed is not None:
                out["failed"] = self.failed
        if self.success is not None:
            obj = self.objective
            # no relevant document at all gives -inf: JSON has no infinities, so null
            out.update(queries=self.queries, success=self.success,
                       objective=obj if obj is not None and np.isfinite(obj) else None)
        return out


# Building the two frozen dataclasses below without their generated ``__init__`` (one
# ``object.__setattr__`` per field: ~1.2 us for Perturbed's eleven, ~0.5 us for Edit's four, a
# sixth of a fast random recipe's query): a new instance gets its ``__dict__`` in one step.
# Checked once at import against the constructors; on any difference the constructors are used.
_new_object, _set_attribute = object.__new__, object.__setattr__


def _fill(cls: type, values: dict[str, Any]) -> Any:
    obj: Any = _new_object(cls)
    _set_attribute(obj, "__dict__", values)
    return obj


def _perturbed_template() -> dict[str, Any] | None:
    """Every field of ``Perturbed`` with its default (``rejected`` is replaced per instance), or
    None when building it from a ``__dict__`` does not give what the constructor gives."""
    tpl = {f.name: f.default_factory() if f.default is MISSING and f.default_factory is not MISSING
           else f.default for f in fields(Perturbed)}
    try:
        p, e = _fill(Perturbed, {**tpl, "text": "a", "edits": (), "language": "en"}), Perturbed("a", (), "en")
        return tpl if vars(p) == vars(e) and p == e and p.to_dict() == e.to_dict() else None
    except (AttributeError, TypeError):  # e.g. slots: no __dict__
        return None


def _edit_fields_ok() -> bool:
    try:
        e = _fill(Edit, {"position": 1, "original": "a", "replacement": "b", "operation": "c"})
        return vars(e) == vars(Edit(1, "a", "b", "c")) and e == Edit(1, "a", "b", "c")
    except (AttributeError, TypeError):
        return False


_PERTURBED_FIELDS = _perturbed_template()
_FAST_EDIT = _edit_fields_ok()


def new_perturbed(text: str, edits: tuple[Edit, ...], language: str, **fields: Any) -> Perturbed:
    """``Perturbed(text, edits, language, **fields)`` at a third of the cost (see above); ``fields``
    are other fields of ``Perturbed`` by name (the greedy search's result: ``rejected``, ``queries``...)."""
    if _PERTURBED_FIELDS is None:
        return Perturbed(text, edits, language, **fields)
    d = _PERTURBED_FIELDS.copy()
    d["text"], d["edits"], d["language"], d["rejected"] = text, edits, language, {}
    if fields:
        if not fields.keys() <= d.keys():
            raise TypeError(f"Perturbed has no field {sorted(fields.keys() - d.keys())[0]!r}")
        d.update(fields)
    p: Perturbed = _fill(Perturbed, d)
    return p


def new_edit(position: int, original: str, replacement: str, operation: str) -> Edit:
    """``Edit(position, original, replacement, operation)`` without the generated ``__init__``."""
    if not _FAST_EDIT:
        return Edit(position, original, replacement, operation)
    e: Edit = _fill(Edit, {"position": position, "original": original, "replacement": replacement,
                           "operation": operation})
    return e


def edit_span(edit: Edit, parts: Sequence[str]) -> int:
    """How many words of ``parts`` a word edit covers from ``edit.position`` on: the fewest words
    that, with what stands between them, spell its ``original`` (a multi-word expression switched
    whole: "speed of light" -> 光速 covers 3); 1 when ``original`` is the word at ``position`` itself
    or does not spell the text there.

    ``parts`` is the split the edit's ``position`` indexes (``Perturbation.word_parts``: the
    tokenizer's ``SPLIT.split(text)``, or a segmenting perturbation's own words): counting in any
    other split rebuilds the wrong words (a zh/th query, where the tokenizer sees a whole run of
    characters as one word, bench/RESULTS.md section 149). A search that rebuilds texts from edits
    (``tokenize.replace_words(..., spans=)``) needs it; the edit is still one edit of the budget,
    as in the random application that draws it. Hand-written: a walk over the split."""
    i = 2 * edit.position + 1
    original = edit.original
    if i >= len(parts) or parts[i] == original or not original.startswith(parts[i]):
        return 1
    got, n = len(parts[i]), 1
    while got < len(original) and i + 2 < len(parts):
        got += len(parts[i + 1]) + len(parts[i + 2])
        i += 2
        n += 1
    return n if "".join(parts[2 * edit.position + 1:i + 1]) == original else 1


class RetrievalScores(NamedTuple):
    """What a model-aware search learns about candidate queries from the caller.

    All arrays have one entry per candidate text:
    ``relevant``: the best score of any relevant document;
    ``nonrelevant``: the k-th best score among non-relevant documents (k = the goal's k);
    ``rank``: the 1-based rank of the best-ranked relevant document.
    """

    relevant: np.ndarray
    nonrelevant: np.ndarray
    rank: np.ndarray


# The caller (robustir) binds one query and its relevant documents; the search
# passes candidate texts and gets their scores back. One call = one encoder batch.
ScoreFn = Callable[[Sequence[str]], RetrievalScores]


# (word, language) -> True when the word may be edited. Built by
# attacks.constraints.Protected from the recipe's [constraints] and set on the
# perturbation by Attack; perturbations call ``self.editable(word, language)``.
WordFilter = Callable[[str, str], bool]


def edit_count(rate: float, max_edits: int | None, eligible: int) -> int:
    """How many words a random application edits: ``rate`` of the ``eligible`` words,
    rounded half up, at least 1 when any word is eligible and ``rate > 0``, at most
    ``max_edits`` (None = no cap)."""
    if eligible <= 0 or rate <= 0:
        return 0
    n = max(1, int(rate * eligible + 0.5))
    if max_edits is not None:
        n = min(n, max_edits)
    return min(n, eligible)


class Perturbation(ABC):
    """Proposes edits of a text in a given language.

    Subclasses take their parameters as constructor keywords (they come from a
    recipe's ``[perturbation]`` table). Those that need files list robustir
    resource names in ``requires`` and accept ``resource_paths: dict[str, Path]``.
    """

    name: str = "perturbation"
    #: robustir resource names this perturbation needs (resolved by robustir.recipe)
    requires: tuple[str, ...] = ()
    #: which words may be edited (set by Attack from [constraints]); None = every word
    word_filter: WordFilter | None = None

    @property
    def uses_rng(self) -> bool:
        """False when ``perturb``'s output never depends on the random stream it is given
        (deterministic rewrites): the random search then skips seeding a stream per text,
        about a quarter of a fast recipe's time per query."""
        return True

    def editable(self, word: str, language: str) -> bool:
        """True when ``word`` may be edited (not protected by the attack's constraints)."""
        f = self.word_filter
        return True if f is None else f(word, language)

    def prepare(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> None:
        """Optional batch hook, called by ``Attack.run`` with all texts before any
        ``perturb`` (translation batches its engine calls and fills its cache here).
        Does nothing by default."""
        return None

    def use_collection_names(self, names: Iterable[str], passages: Sequence[str] = ()) -> None:
        """Optional hook, called with the titles of the collection's documents and its passages'
        texts before the queries are perturbed (``robustir.evaluation``): a perturbation that must not
        rewrite a name word by word (``codeswitch-adv`` on all-lower-case BoolQ questions, where
        capitals cannot show a title) reads the titles, and how the passages write a run of words
        (capitalised: a name). Does nothing by default."""
        return None

    @abstractmethod
    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """One random application under the perturbation's budget."""

    def perturb_last(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        """``perturb`` when the caller discards ``rng`` afterwards (the random search's last
        sample of a text, re-seeded for the next one, without a constraint to redraw): the same
        result, but ``rng`` need not be left where ``perturb`` leaves it, so a perturbation may
        skip draws made only to keep later samples unchanged (segmentation shuffles all its
        options; the first few decide). Default: ``perturb``."""
        return self.perturb(text, rng, language)

    def eligible_count(self, text: str, language: str = "en") -> int:
        """How many words of ``text`` a random application may choose from (the words its
        ``word_filter`` leaves editable); the ``eligible`` of ``edit_count``."""
        return sum(1 for m in _WORD_RE.finditer(text) if self.editable(m.group(), language))

    def edit_budget(self, text: str, language: str = "en") -> int | None:
        """The edit budget of ``text``, defined once for every search: ``edit_count(rate,
        max_edits, eligible_count)``, i.e. exactly the number of words a random application
        edits. None for perturbations without a word budget (no ``rate``: sentence-level)."""
        rate = getattr(self, "rate", None)
        if rate is None:
            return None
        return edit_count(float(rate), getattr(self, "max_edits", None), self.eligible_count(text, language))

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """All one-step candidates (one word changed each), for model-aware search.

        Sentence-level perturbations (translation) return ``[self.perturb(...)]``.
        """
        raise NotImplementedError(f"{self.name} has no word-level candidates")

    def word_edits(self, text: str, language: str = "en", rng: random.Random | None = None) -> list[Edit] | None:
        """The edits of ``word_candidates`` without their texts, for a search that builds its own texts
        (greedy search applies the kept edits and one candidate together, so each candidate's text alone
        is never read): the same edits in the same order, each at a word (``position`` >= 0; a
        multi-word expression at its first word, covering ``edit_span`` words), drawing from ``rng``
        exactly as ``word_candidates`` does. None (the default) when the perturbation does not offer
        them (its candidates may be whole texts): the search then reads ``word_candidates``."""
        return None

    def word_parts(self, text: str, language: str = "en") -> list[str]:
        """The alternating non-word / word parts of ``text`` whose words the ``position`` of this
        perturbation's word edits (``word_edits``, ``word_candidates``) index: the tokenizer's
        ``SPLIT.split(text)`` (``Edit``'s contract). A perturbation that places edits on words of its
        own segmentation (``CodeSwitch`` on zh/th queries) returns that split instead, so that a
        search rebuilding texts from edits replaces the words the edits name (bench/RESULTS.md section 149)."""
        return SPLIT.split(text)


class WordEditPerturbation(Perturbation):
    """A perturbation that rewrites single words independently (typos, homoglyphs, OCR).

    Subclasses implement ``variant`` (one random rewrite of a word, for random
    application) and ``variants`` (every rewrite, for adversarial search). The
    budget is ``rate`` (share of editable words to edit, rounded half up, at
    least one) capped by ``max_edits``. ``candidates_per_word`` caps how many
    rewrites of one word ``word_candidates`` offers (a seeded sample; None = all).
    """

    #: zh/ja/th runs are segmented into words before editing (False: a run is edited whole)
    segment_words: bool = True

    def __init__(self, rate: float = 0.1, max_edits: int | None = None,
                 candidates_per_word: int | None = 16) -> None:
        if not 0.0 <= float(rate) <= 1.0:
            raise AttackError(f"{self.name}: rate must be between 0 and 1, got {rate}")
        if max_edits is not None and int(max_edits) < 0:
            raise AttackError(f"{self.name}: max_edits must be >= 0, got {max_edits}")
        if candidates_per_word is not None and int(candidates_per_word) < 1:
            raise AttackError(f"{self.name}: candidates_per_word must be >= 1, got {candidates_per_word}")
        self.rate = float(rate)
        self.max_edits = None if max_edits is None else int(max_edits)
        self.candidates_per_word = None if candidates_per_word is None else int(candidates_per_word)

    @abstractmethod
    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        """One random rewrite of ``word`` as ``(replacement, operation)``, or None if none applies."""

    @abstractmethod
    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        """Every rewrite of ``word`` as ``(replacement, operation)``, in a fixed order, no duplicates."""

    def counts(self, word: str, language: str) -> bool:
        """True when ``word`` has a rewrite that counts for the budget, before the word
        filter is asked (default: every word; diacritics, translit and script forms count
        only the words they change). Must be a pure function of its arguments."""
        return True

    def _eligibility(self, language: str) -> dict[str, bool]:
        """Memo word -> eligible (``counts`` and the word filter) for ``language``; forgotten
        when ``word_filter`` is replaced. Word filters are pure functions of (word, language)
        (``attacks.constraints.Protected`` memoises its own decisions the same way): memoising
        here saves a Python call per word on the hot path."""
        f = self.word_filter
        memos = self.__dict__.get("_elig_memos")
        if memos is None or self.__dict__.get("_elig_filter") is not f:
            memos = self.__dict__["_elig_memos"] = {}
            self.__dict__["_elig_filter"] = f
        memo = memos.get(language)
        if memo is None or len(memo) > 1_000_000:  # bounded like Protected's memo
            memo = memos[language] = {}
        return memo

    def _eligible_fn(self, language: str) -> Callable[[str], bool]:
        """``word -> eligible`` for ``language`` through the memo of ``_eligibility`` (for
        perturbations that ask word by word)."""
        memo = self._eligibility(language)
        f, counts = self.word_filter, self.counts

        def ok(word: str) -> bool:
            try:
                return memo[word]
            except KeyError:
                # counts first: the filter (stopword lists load lazily) is only asked about words
                # this perturbation could change
                v = memo[word] = bool(counts(word, language) and (f is None or f(word, language)))
                return v

        return ok

    def _eligible_flags(self, words: list[str], language: str) -> list[bool]:
        """Per word of ``words``: eligible or not, through the memo of ``_eligibility`` (a word
        not seen yet is asked once, in order, and remembered)."""
        memo = self._eligibility(language)
        try:
            return [memo[w] for w in words]
        except KeyError:
            ok = self._eligible_fn(language)
            return [ok(w) for w in words]

    def _eligible_words(self, words: list[str], language: str) -> list[int]:
        """Indices of the ``words`` a random application may choose from (``_eligible_flags``)."""
        return list(compress(range(len(words)), self._eligible_flags(words, language)))

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        # Hot path (random recipes run at >50k queries/s): one C-level split into
        # alternating non-word / word parts, edits in place, one join; no Token objects.
        if language in _SEGMENTED and self.segment_words:
            return self._perturb_segmented(text, rng, language)
        split, words, eligible, n = self._split_eligible(text, language)
        if n == 0:
            return new_perturbed(text, (), language, unperturbable=True)
        parts = list(split)  # the edits below write into this query's own copy
        if n == len(eligible) and not self.uses_rng:
            picked = eligible  # every word, whatever the stream: no draw needed
        elif n == 1:
            picked = [eligible[int(rng.random() * len(eligible))]]
        else:
            picked = rng.sample(eligible, n)
        edits: list[Edit] = []
        tried: set[int] = set()
        while True:
            for i in picked:
                tried.add(i)
                w = words[i]
                v = self.variant(w, language, rng)
                if v is not None and v[0] != w:
                    parts[2 * i + 1] = v[0]
                    edits.append(new_edit(i, w, v[0], v[1]))
            if len(edits) >= n or len(tried) >= len(eligible):
                break
            # some words had no rewrite: try the untried ones, in text order (deterministic)
            picked = [i for i in eligible if i not in tried][:n - len(edits)]
        if not edits:  # nothing this perturbation can rewrite: not an attacked sample
            return new_perturbed(text, (), language, unperturbable=True)
        if len(edits) > 1:
            edits.sort(key=_POSITION)
        return new_perturbed("".join(parts), tuple(edits), language)

    def _split_eligible(self, text: str, language: str) -> tuple[tuple[str, ...], list[str], list[int], int]:
        """``text``'s alternating non-word / word parts (``SPLIT``), its words, the indices of the eligible
        ones (``_eligible_words``) and the edit budget (``edit_count``), kept for the last text asked.

        Why: the random search draws every sample of a query in a row (5 for ``typo``), and all of this is
        a pure function of the text, the language, the word filter and the budget's parameters: the
        split and the eligibility pass then run once per query, not once per sample. The memo is one
        tuple (a text with other inputs, or a new word filter, recomputes); callers never mutate
        what it returns (``perturb`` edits its own copy of the parts)."""
        f, rate, cap = self.word_filter, self.rate, self.max_edits
        last = self.__dict__.get("_last_split")
        if last is not None and last[0] == text and last[1] == language and last[2] is f \
                and last[3] == rate and last[4] == cap:
            return last[5]
        parts = SPLIT.split(text)
        words = parts[1::2]
        eligible = self._eligible_words(words, language)
        got = (tuple(parts), words, eligible, edit_count(rate, cap, len(eligible)))
        self.__dict__["_last_split"] = (text, language, f, rate, cap, got)
        return got

    def _perturb_segmented(self, text: str, rng: random.Random, language: str) -> Perturbed:
        """``perturb`` for languages written without spaces: the budget counts the words of
        ``attacks.segment.segment``; an edit is reported on the whole run of word characters
        (``Edit.position`` keeps indexing ``attacks.tokenize.words``), one per run."""
        from .segment import segment  # noqa: PLC0415 - jieba/pythainlp only when needed

        parts = SPLIT.split(text)
        runs = parts[1::2]
        f = self.word_filter
        units = [(r, k, w) for r, run in enumerate(runs) for k, w in enumerate(segment(run, language))]
        counts = self.counts
        eligible = [u for u in range(len(units))
                    if counts(units[u][2], language) and (f is None or f(units[u][2], language))]
        n = edit_count(self.rate, self.max_edits, len(eligible))
        if n == 0:
            return Perturbed(text, (), language, unperturbable=True)
        order = rng.sample(eligible, len(eligible))  # a random order; the first n that rewrite are edited
        new: dict[tuple[int, int], tuple[str, str]] = {}
        for u in order:
            if len(new) >= n:
                break
            r, k, w = units[u]
            v = self.variant(w, language, rng)
            if v is not None and v[0] != w:
                new[(r, k)] = v
        if not new:
            return Perturbed(text, (), language, unperturbable=True)
        edits: list[Edit] = []
        for r in sorted({r for r, _ in new}):
            segs = list(segment(runs[r], language))
            ops = []
            for k in range(len(segs)):
                if (r, k) in new:
                    segs[k], op = new[(r, k)]
                    ops.append(op)
            parts[2 * r + 1] = "".join(segs)
            edits.append(Edit(r, runs[r], parts[2 * r + 1], "+".join(ops)))
        return Perturbed("".join(parts), tuple(edits), language)

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        """For each editable word, its rewrites (at most ``candidates_per_word``, a sample
        drawn with ``rng`` when there are more; the first ones when ``rng`` is None)."""
        return [new_perturbed(text[:start] + e.replacement + text[end:], (e,), language)
                for start, end, e in self._spanned_edits(text, language, rng)]

    def word_edits(self, text: str, language: str = "en", rng: random.Random | None = None) -> list[Edit] | None:
        """``word_candidates``' edits (see ``Perturbation.word_edits``); None when a subclass
        builds its own ``word_candidates`` (its edits are then not these)."""
        if type(self).word_candidates is not WordEditPerturbation.word_candidates:
            return None
        return [e for _, _, e in self._spanned_edits(text, language, rng)]

    def _spanned_edits(self, text: str, language: str,
                       rng: random.Random | None) -> list[tuple[int, int, Edit]]:
        """``word_candidates``' edits with the span ``text[start:end]`` of the word each rewrites."""
        out: list[tuple[int, int, Edit]] = []
        segmented = language in _SEGMENTED and self.segment_words
        if segmented:
            from .segment import segment  # noqa: PLC0415
        editable, variants, cap = self.editable, self.variants, self.candidates_per_word
        for i, m in enumerate(_WORD_RE.finditer(text)):
            run = m.group()
            segs = segment(run, language) if segmented else (run,)
            start, end = m.span()
            for k, w in enumerate(segs):
                if not editable(w, language):
                    continue
                vs = [v for v in variants(w, language) if v[0] != w]
                if cap is not None and len(vs) > cap:
                    vs = rng.sample(vs, cap) if rng is not None else vs[:cap]
                if len(segs) == 1:
                    out.extend([(start, end, new_edit(i, run, rep, op)) for rep, op in vs])
                    continue
                pre, post = "".join(segs[:k]), "".join(segs[k + 1:])
                out.extend([(start, end, new_edit(i, run, pre + rep + post, op)) for rep, op in vs])
        return out
