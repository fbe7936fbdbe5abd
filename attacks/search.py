"""Searches: what to apply. ``RandomSearch`` samples; ``GreedySearch`` attacks a model.

Seeding (both): every text gets its own ``random.Random`` stream seeded with the
string ``"{seed}:{text}"`` (Python hashes string seeds with sha512, so streams
are identical across processes and platforms). A text's results thus never
depend on the other texts in the batch or their order (a subset of the queries
gets the same perturbations), the same seed gives byte-identical outputs, and
two identical texts get identical perturbations.

Random search draws the ``samples`` perturbations of a text one after the other
from its stream (sample ``s`` is the same whatever the number of samples asked
for, as long as no constraint rejected a draw). A draw rejected by a
constraint is redrawn, at most ``max_tries`` times; after that the sample is the
unchanged text (no edits) with the rejection counts kept in
``Perturbed.rejected``, so a too-strict constraint shows in the results instead
of silently changing the budget.

Greedy search (TextAttack's greedy word swap with word importance ranking), per
query and sample:

1. score the original (1 text);
2. rank the editable words by how much deleting each one helps the goal (its
   ``keys``: the best relevant document's rank, then the margin; one batch with
   every deletion; skipped, keeping text order, when the budget cannot pay for it);
   with ``importance = "swap"``, by the damage of each word's best candidate rewrite
   instead (every single rewrite in one batch), the best one kept as the first edit;
3. in that order, try every candidate rewrite of the word (on top of the edits
   kept so far) in one batch, keep the best only if its key is strictly better
   than the current one (so an edit that lowers the relevant rank is never kept);
4. stop when the goal is met, the edit budget is spent, the words are exhausted
   or ``budget`` texts were scored (a batch is cut to what the budget has left).

The edit budget is the random search's: ``Perturbation.edit_budget`` (the
perturbation's ``rate`` of its eligible words, at least one, capped by
``max_edits``: ``attacks.base.edit_count``), so greedy and random recipes with
the same ``[perturbation]`` table edit at most the same number of words. A
"word" is what the perturbation counts as one: an edit that rewrites a
multi-word expression whole ("speed of light" -> 光速) sits at its first word,
covers ``attacks.base.edit_span`` words when texts are rebuilt, and is one unit
of the budget, as in a random application. The span is each edit's own (one
position may offer a one-word and a multi-word rewrite), counted in the words
the positions index (``Perturbation.word_parts``: a segmented zh/th query's
analysed words for code-switching); a candidate whose words overlap a kept
edit's is not built. Candidates without a word position
(``Edit.position`` -1: translation, merges) are searched as whole texts, and
only when the perturbation offers no word edit.

Constraints (the semantic floor last) are checked BEFORE the model under attack
scores a candidate: a rejected candidate costs no encoder input.

Batching across queries: the searches of many queries advance in lock step. One
step gathers the next batch of every active query, checks the constraints of all
of them in one call (the semantic floor encodes every query's candidates
together) and scores all of them in ONE ``BatchScoreFn`` call (one encoder call
for the model under attack). A query's decisions depend on its own scores only,
so the texts are those of query-by-query search (``batch_queries = 1``).

The result records texts scored (``queries``), ``success``, the final margin
(``objective``), and ``unperturbable`` when the perturbation offered nothing to edit.
"""

from __future__ import annotations

import abc
import random
from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from typing import ClassVar

import numpy as np

from .base import AttackError, Edit, Perturbation, Perturbed, RetrievalScores, ScoreFn, edit_span, new_perturbed
from .constraints import Constraint, apply_constraints
from .goals import Goal, Key
from .tokenize import replace_words

SEARCHES = ("random", "greedy")

# Scores candidates of many queries at once: ``(texts, owners)`` -> RetrievalScores, where
# ``owners[i]`` is the index (in ``Attack.run``'s texts) of the query ``texts[i]`` is a
# candidate for. One call = one encoder batch of the model under attack.
BatchScoreFn = Callable[[Sequence[str], Sequence[int]], RetrievalScores]


def per_query_score_fn(score_fns: Sequence[ScoreFn]) -> BatchScoreFn:
    """A ``BatchScoreFn`` over one ``ScoreFn`` per query: each query's texts go to its own
    function, one call per query and step (for callers that bind queries one by one)."""

    def score(texts: Sequence[str], owners: Sequence[int]) -> RetrievalScores:
        n = len(texts)
        rel, kth, rank = np.empty(n, np.float64), np.empty(n, np.float64), np.empty(n, np.int64)
        groups: dict[int, list[int]] = {}
        for i, o in enumerate(owners):
            groups.setdefault(int(o), []).append(i)
        for o, idx in groups.items():
            res = score_fns[o]([texts[i] for i in idx])
            if len(res.relevant) != len(idx):
                raise AttackError(f"score function returned {len(res.relevant)} scores for {len(idx)} texts")
            rel[idx], kth[idx], rank[idx] = res.relevant, res.nonrelevant, res.rank
        return RetrievalScores(rel, kth, rank)

    return score


def text_seed(seed: int, text: str) -> str:
    """The seed string of one text's random stream (see the module docstring)."""
    return f"{seed}:{text}"


class Search(abc.ABC):
    """What every search is: a name, whether it needs the model under attack (``model_aware``:
    a greedy search scores candidates with it, a random one never does), and ``describe()``,
    the settings recorded in a result's provenance. How a search is driven differs by kind
    (``RandomSearch.run`` perturbs texts on its own; ``GreedySearch.attack_many`` needs a
    goal and a scoring function), so ``attacks.attack.Attack`` dispatches on ``model_aware``."""

    name: ClassVar[str]
    model_aware: ClassVar[bool]

    @abc.abstractmethod
    def describe(self) -> dict:
        """The search's settings (``type`` plus its parameters), recorded with every result."""


class RandomSearch(Search):
    """Independent seeded random applications of the perturbation (model-free).

    Args:
        max_tries: draws per sample before giving up on the constraints (the sample is
            then the original text, no edits).
        chunk: texts per batch of the (batched) constraints such as the semantic floor.
    """

    name: ClassVar[str] = "random"
    model_aware: ClassVar[bool] = False

    def __init__(self, max_tries: int = 10, chunk: int = 512) -> None:
        if int(max_tries) < 1:
            raise AttackError(f"search random: max_tries must be >= 1, got {max_tries}")
        if int(chunk) < 1:
            raise AttackError(f"search random: chunk must be >= 1, got {chunk}")
        self.max_tries = int(max_tries)
        self.chunk = int(chunk)

    def describe(self) -> dict:
        return {"type": self.name, "max_tries": self.max_tries}

    def run(self, perturbation: Perturbation, texts: Sequence[str], languages: Sequence[str], *, seed: int,
            samples: int, constraints: Sequence[Constraint],
            progress: Callable[[int], None] | None = None) -> list[list[Perturbed]]:
        out: list[list[Perturbed]] = []
        perturb = perturbation.perturb
        if not any(getattr(c, "batched", False) for c in constraints):
            # fast path: one stream object re-seeded per text; cheap constraints pair by pair
            rng = random.Random()
            reseed = perturbation.uses_rng  # a deterministic rewrite needs no stream of its own
            # the last sample of a text may leave the stream anywhere: it is re-seeded for the next
            # text (``Perturbation.perturb_last``); the bound method itself where not overridden
            last = perturbation.perturb_last \
                if reseed and type(perturbation).perturb_last is not Perturbation.perturb_last else perturb
            for i, (text, lang) in enumerate(zip(texts, languages, strict=False)):
                if reseed:
                    rng.seed(text_seed(seed, text))
                if constraints:
                    out.append([self._one(perturb, text, lang, rng, constraints) for _ in range(samples)])
                elif samples == 1:
                    out.append([last(text, rng, lang)])
                else:
                    row = [perturb(text, rng, lang) for _ in range(samples - 1)]
                    row.append(last(text, rng, lang))
                    out.append(row)
                if progress is not None and (i + 1) % 256 == 0:
                    progress(256)
            if progress is not None and len(texts) % 256:
                progress(len(texts) % 256)
            return out
        for lo in range(0, len(texts), self.chunk):
            chunk_texts = texts[lo:lo + self.chunk]
            out.extend(self._constrained_chunk(perturb, chunk_texts, languages[lo:lo + self.chunk], seed,
                                               samples, constraints))
            if progress is not None:
                progress(len(chunk_texts))
        return out

    def _one(self, perturb: Callable[..., Perturbed], text: str, lang: str, rng: random.Random,
             constraints: Sequence[Constraint]) -> Perturbed:
        rejected: dict[str, int] = {}
        for _ in range(self.max_tries):
            c = perturb(text, rng, lang)
            if apply_constraints(constraints, (text,), (c,), rejected)[0]:
                return Perturbed(c.text, c.edits, c.language, rejected) if rejected else c
        return Perturbed(text, (), lang, rejected)

    def _constrained_chunk(self, perturb: Callable[..., Perturbed], texts: Sequence[str],
                           languages: Sequence[str], seed: int, samples: int,
                           constraints: Sequence[Constraint]) -> list[list[Perturbed]]:
        rngs = [random.Random(text_seed(seed, t)) for t in texts]
        result: list[list[Perturbed | None]] = [[None] * samples for _ in texts]
        rejected: list[list[dict[str, int]]] = [[{} for _ in range(samples)] for _ in texts]
        pending = [(j, s) for j in range(len(texts)) for s in range(samples)]
        for _ in range(self.max_tries):
            if not pending:
                break
            cands = [perturb(texts[j], rngs[j], languages[j]) for j, s in pending]
            rejected_by: dict[int, str] = {}  # which constraint rejected each rejected draw
            ok = _check_each(constraints, [texts[j] for j, _ in pending], cands, rejected_by)
            still = []
            for n, ((j, s), c, good) in enumerate(zip(pending, cands, ok, strict=False)):
                if n in rejected_by:
                    k = rejected_by[n]
                    rejected[j][s][k] = rejected[j][s].get(k, 0) + 1
                if good:
                    result[j][s] = Perturbed(c.text, c.edits, c.language, dict(rejected[j][s]))
                else:
                    still.append((j, s))
            pending = still
        for j, s in pending:  # gave up: the unchanged text, with what was rejected
            result[j][s] = Perturbed(texts[j], (), languages[j], dict(rejected[j][s]))
        return [[p for p in row if p is not None] for row in result]


def _check_each(constraints: Sequence[Constraint], originals: Sequence[str], cands: Sequence[Perturbed],
                rejected_by: dict[int, str]) -> list[bool]:
    """``apply_constraints`` that also reports which constraint rejected each rejected pair
    (``rejected_by[i]``: the first that did; a pair stops at its first rejection)."""
    ok = [True] * len(cands)
    for con in constraints:
        idx = [i for i, v in enumerate(ok) if v]
        if not idx:
            break
        verdicts = con.check(originals if len(idx) == len(ok) else [originals[i] for i in idx],
                             cands if len(idx) == len(ok) else [cands[i] for i in idx])
        for i, v in zip(idx, verdicts, strict=False):
            if not v:
                ok[i] = False
                rejected_by[i] = con.name
    return ok


class _Job:
    """The state of one query-and-sample greedy search between steps (see the module docstring).

    ``propose`` returns the next batch (and whether it goes through the constraints),
    ``skip`` moves past a batch the constraints emptied, ``receive`` takes its keys and successes.
    ``rng`` is the query's random stream or the string that seeds it: the stream is then made by
    ``_plan``, so a query whose original already meets the goal never seeds one (~20 us each).
    """

    def __init__(self, search: GreedySearch, perturbation: Perturbation, owner: int, text: str, language: str,
                 rng: random.Random | str, goal: Goal) -> None:
        self.search, self.perturbation, self.goal = search, perturbation, goal
        self.owner, self.text, self.language, self.rng = owner, text, language, rng
        self.stage = "original"
        self.spent = 0
        self.current: Key = (0.0, 0.0)
        self.allowed = 0
        self.by_pos: dict[int, list[Edit]] = {}
        self.span: dict[Edit, int] = {}  # words each edit covers (``edit_span``), where more than one
        self.whole: list[Perturbed] = []
        self.order: list[int] = []
        self.next = 0
        self.state: dict[int, Edit] = {}
        self.rejected: dict[str, int] = {}
        self.success = False
        self.unperturbable = False
        self.result: Perturbed | None = None
        self.batch: list[Perturbed] = []
        self.parts: list[str] = []  # the perturbation's ``word_parts``, set by _plan: candidates are built on it

    @property
    def left(self) -> int:
        return self.search.budget - self.spent

    def finish(self, text: str | None = None, edits: tuple[Edit, ...] | None = None) -> None:
        if text is None:
            state = self.state
            text = replace_words(self.text, {q: e.replacement for q, e in state.items()}, self.parts,
                                 self._spans(state.values())) if state else self.text
            edits = tuple(state[q] for q in sorted(state))
        self.result = new_perturbed(text, edits or (), self.language, rejected=self.rejected, queries=self.spent,
                                    success=self.success, objective=self.current[1],
                                    unperturbable=self.unperturbable)
        self.stage = "done"

    def propose(self) -> tuple[list[Perturbed], bool] | None:
        """The next batch and whether it must pass the constraints; None when finished."""
        text, parts, lang = self.text, self.parts, self.language
        while self.stage == "words":
            if len(self.state) >= self.allowed or self.spent >= self.search.budget or self.next >= len(self.order):
                self.finish()
                return None
            p = self.order[self.next]
            # the kept edits and one candidate at p: the kept ones' replacements and their halves of
            # the edits tuple (by position) once per word, not per candidate
            state = self.state
            kept = sorted(q for q in state if q != p)
            reps = {q: state[q].replacement for q in kept}
            before = tuple(state[q] for q in kept if q < p)
            after = tuple(state[q] for q in kept if q > p)
            seen: set[str] = set()
            cands: list[Perturbed] = []
            span = self.span
            kept_spans = self._spans(state[q] for q in kept) if span else None
            for e in self.by_pos[p]:
                reps[p] = e.replacement
                spans = kept_spans
                if span:
                    s = span.get(e, 1)
                    if self._overlaps(p, s, kept):
                        continue
                    if s > 1:
                        spans = {**(kept_spans or {}), p: s}
                t = replace_words(text, reps, parts, spans)
                if t in seen or t == text:
                    continue
                seen.add(t)
                cands.append(new_perturbed(t, (*before, e, *after), lang))
            if cands:
                return cands, True
            self.next += 1
        if self.stage == "original":
            return [new_perturbed(text, (), lang)], False
        if self.stage == "importance":
            # deleting a position deletes the words its widest edit covers
            widest = self._spans(max(self.by_pos[p], key=lambda e: self.span.get(e, 1)) for p in self.order)
            return [new_perturbed(replace_words(text, {p: ""}, parts, widest), (), lang) for p in self.order], False
        if self.stage == "swaps":
            return self._single_swaps(), True
        if self.stage == "whole":
            seen_w: dict[str, Perturbed] = {}
            for c in self.whole:
                seen_w.setdefault(c.text, c)
            return list(seen_w.values()), True
        return None

    def skip(self) -> None:
        """Every candidate of the proposed batch was rejected (or the budget is spent)."""
        if self.stage == "words":
            self.next += 1
        else:  # whole-text candidates or every single swap rejected: nothing left to try
            self.finish()

    def receive(self, batch: list[Perturbed], keys: Sequence[Key], hits: Sequence[bool]) -> None:
        """Take the goal's keys of the proposed batch and whether each candidate met the goal."""
        self.spent += len(batch)
        if self.stage == "original":
            self.current = keys[0]
            if hits[0]:
                self.success = True
                self.finish()
                return
            self._plan()
            return
        if self.stage == "importance":
            # most damaging deletion first; ties by position
            self.order = [p for _, p in sorted(zip(keys, self.order, strict=False))]
            self.stage = "words"
            return
        if self.stage == "swaps":
            self._rank_swaps(batch, keys, hits)
            return
        best = min(range(len(keys)), key=keys.__getitem__)  # first of equal minima: deterministic
        better = keys[best] < self.current
        if better:
            self.current = keys[best]
            self.success = bool(hits[best])
        if self.stage == "whole":
            if better:
                self.finish(batch[best].text, batch[best].edits)
            else:
                self.finish()
            return
        if better:
            self.state = {e.position: e for e in batch[best].edits}
            if self.success:
                self.finish()
                return
        self.next += 1

    def _plan(self) -> None:
        """After the original is scored: the candidates, the edit budget and the word order."""
        rng = self.rng
        if not isinstance(rng, random.Random):
            rng = self.rng = random.Random(rng)
        edits = self.perturbation.word_edits(self.text, self.language, rng)
        if edits is not None:  # word edits: their texts are built per step (``propose``)
            for e in edits:
                self.by_pos.setdefault(e.position, []).append(e)
        else:
            for cand in self.perturbation.word_candidates(self.text, self.language, rng):
                if len(cand.edits) == 1 and cand.edits[0].position >= 0:
                    e = cand.edits[0]
                    self.by_pos.setdefault(e.position, []).append(e)
                elif cand.edits and cand.text != self.text:
                    self.whole.append(cand)
        if not self.by_pos:
            if self.whole:  # no word-level candidates (translation, nlpaug): the best whole text
                self.stage = "whole"
            else:
                self.unperturbable = True
                self.finish()
            return
        self.parts = parts = self.perturbation.word_parts(self.text, self.language)
        # a multi-word expression rewritten whole covers its words (one position, one budget unit); each
        # edit its own span: a position may offer a one-word and a multi-word rewrite
        self.span = {e: n for es in self.by_pos.values() for e in es if (n := edit_span(e, parts)) > 1}
        budget = self.perturbation.edit_budget(self.text, self.language)
        self.allowed = len(self.by_pos) if budget is None else budget
        if self.allowed == 0:
            self.unperturbable = True
            self.finish()
            return
        self.order = sorted(self.by_pos)
        if self.search.importance == "delete" and len(self.order) > 1 and self.spent + len(self.order) <= \
                self.search.budget:
            self.stage = "importance"
        elif self.search.importance == "swap" and len(self.order) > 1 and self.spent + sum(
                len(v) for v in self.by_pos.values()) <= self.search.budget:
            self.stage = "swaps"
        else:
            self.stage = "words"

    def _spans(self, edits: Iterable[Edit]) -> dict[int, int] | None:
        """``replace_words``' spans of ``edits`` (position -> words covered, where more than one)."""
        span = self.span
        if not span:
            return None
        return {e.position: n for e in edits if (n := span.get(e, 1)) > 1} or None

    def _overlaps(self, p: int, n: int, kept: Sequence[int]) -> bool:
        """An edit at ``p`` covering ``n`` words and a kept edit at a position of ``kept`` would rewrite
        a word twice (``replace_words`` needs disjoint spans)."""
        state, span = self.state, self.span
        return any(q < p + n and p < q + span.get(state[q], 1) for q in kept)

    def _single_swaps(self) -> list[Perturbed]:
        """Every candidate rewrite of every word, alone on the original text (``importance = "swap"``)."""
        seen: set[str] = set()
        out: list[Perturbed] = []
        for p in self.order:
            for e in self.by_pos[p]:
                n = self.span.get(e, 1)
                t = replace_words(self.text, {p: e.replacement}, self.parts, {p: n} if n > 1 else None)
                if t not in seen and t != self.text:
                    seen.add(t)
                    out.append(Perturbed(t, (e,), self.language))
        return out

    def _rank_swaps(self, batch: list[Perturbed], keys: Sequence[Key], hits: Sequence[bool]) -> None:
        """Order the words by the key of their best single swap (words with no candidate that
        passed the constraints last, in text order), then keep the best swap when it beats the
        original: the first step of the word-by-word search, already scored."""
        best: dict[int, tuple[Key, int]] = {}
        for j, (c, key) in enumerate(zip(batch, keys, strict=False)):
            p = c.edits[0].position
            if p not in best or key < best[p][0]:
                best[p] = (key, j)
        ranked = sorted(best, key=lambda p: (best[p][0], p))
        self.order = ranked + [p for p in self.order if p not in best]
        self.stage = "words"
        key, j = best[self.order[0]]
        if key < self.current:
            self.current = key
            self.success = bool(hits[j])
            self.state = {e.position: e for e in batch[j].edits}
            if self.success:
                self.finish()
                return
        self.next = 1


class GreedySearch(Search):
    """Greedy word-by-word attack against a retrieval model, many queries per step
    (see the module docstring).

    Args:
        budget: most texts scored (encoder inputs) per query and sample, original included.
        importance: ``delete`` ranks words by the damage of deleting them; ``swap`` scores every
            candidate rewrite of every word on the original (one batch, constraints first) and
            ranks words by their best rewrite, keeping it as the first edit (for perturbations
            with few words and candidates, such as synonyms, where deleting a word says little
            about what its synonym does); ``none`` keeps text order (saves the ranking call; for
            ablations).
        batch_queries: query searches advanced together per step (their candidates share one
            constraint call and one scoring call); 1 = query by query. The texts do not depend on it.
        max_share: removed (the edit budget is the perturbation's ``rate`` and ``max_edits``,
            as for random search); passing it is an error that says so.
    """

    name: ClassVar[str] = "greedy"
    model_aware: ClassVar[bool] = True

    def __init__(self, budget: int = 200, importance: str = "delete", batch_queries: int = 256,
                 max_share: float | None = None) -> None:
        if max_share is not None:
            raise AttackError("search greedy: max_share was removed; the edit budget is the perturbation's "
                              "rate and max_edits over its eligible words, as for random search "
                              "(set them in [perturbation])")
        if int(budget) < 2:
            raise AttackError(f"search greedy: budget must be >= 2 texts scored, got {budget}")
        if importance not in ("delete", "swap", "none"):
            raise AttackError(f"search greedy: importance must be 'delete', 'swap' or 'none', got {importance!r}")
        if int(batch_queries) < 1:
            raise AttackError(f"search greedy: batch_queries must be >= 1, got {batch_queries}")
        self.budget = int(budget)
        self.importance = importance
        self.batch_queries = int(batch_queries)

    def describe(self) -> dict:
        return {"type": self.name, "budget": self.budget, "importance": self.importance,
                "edit_budget": "perturbation rate/max_edits"}

    def attack_one(self, perturbation: Perturbation, text: str, language: str, *, goal: Goal,
                   score_fn: ScoreFn, rng: random.Random, constraints: Sequence[Constraint]) -> Perturbed:
        """Attack one text; every ScoreFn call is one batch of candidate texts."""
        return self.attack_many(perturbation, [(text, language, rng)], goal=goal,
                                score=per_query_score_fn([score_fn]), constraints=constraints,
                                owners=[0])[0]

    def attack_many(self, perturbation: Perturbation, items: Sequence[tuple[str, str, random.Random | str]], *,
                    goal: Goal, score: BatchScoreFn, constraints: Sequence[Constraint],
                    owners: Sequence[int] | None = None,
                    done: Callable[[int], None] | None = None) -> list[Perturbed]:
        """Attack every ``(text, language, rng)`` item, ``batch_queries`` at a time in lock step.

        ``rng`` is the item's random stream, or the string that seeds it (the stream is then made only
        for an item whose original does not already meet the goal). ``owners[i]`` is passed to ``score``
        with item i's texts (default: i). ``done(i)`` is called as item i finishes. Returns one
        ``Perturbed`` per item, in order.

        The goal's ``keys`` and ``succeeded`` are computed once per step over every query's scored
        candidates (a goal is per candidate), and each query reads its slice of the two lists."""
        owners = list(range(len(items))) if owners is None else list(owners)
        jobs = [
            _Job(self, perturbation, o, t, lang, rng, goal) for o, (t, lang, rng) in zip(owners, items, strict=False)
        ]
        waiting = list(range(len(jobs)))[::-1]  # a stack: pop() takes the next item in order
        active: list[int] = []
        while waiting or active:
            while waiting and len(active) < self.batch_queries:
                active.append(waiting.pop())
            ready = self._step_batches(jobs, active, constraints)
            if ready:
                texts = [c.text for i in ready for c in jobs[i].batch]
                own = [jobs[i].owner for i in ready for _ in jobs[i].batch]
                res = score(texts, own)
                if len(res.relevant) != len(texts):
                    raise AttackError(f"score function returned {len(res.relevant)} scores for {len(texts)} texts")
                keys = goal.keys(res)
                hits = np.asarray(goal.succeeded(res)).tolist()
                lo = 0
                for i in ready:
                    job = jobs[i]
                    hi = lo + len(job.batch)
                    job.receive(job.batch, keys[lo:hi], hits[lo:hi])
                    lo = hi
            still = []
            for i in active:
                if jobs[i].stage == "done":
                    if done is not None:
                        done(i)
                else:
                    still.append(i)
            active = still
        return [j.result for j in jobs]  # type: ignore[misc]

    def _step_batches(self, jobs: list[_Job], active: list[int], constraints: Sequence[Constraint]) -> list[int]:
        """Set ``batch`` of every active job that has one to score this step; returns their indices.

        A job whose proposed candidates the constraints all reject moves on and proposes
        again, so the constraints run in rounds, each one call over every job still looking."""
        ready: list[int] = []
        looking = list(active)
        while looking:
            checked: list[tuple[int, list[Perturbed]]] = []
            for i in looking:
                prop = jobs[i].propose()
                if prop is None:
                    continue
                cands, constrained = prop
                if constrained:
                    checked.append((i, cands))
                else:
                    jobs[i].batch = cands[:max(0, jobs[i].left)]
                    ready.append(i)
            looking = []
            if not checked:
                break
            originals = [jobs[i].text for i, cands in checked for _ in cands]
            flat = [c for _, cands in checked for c in cands]
            rejected_by: dict[int, str] = {}
            ok = _check_each(constraints, originals, flat, rejected_by) if constraints else [True] * len(flat)
            pos = 0
            for i, cands in checked:
                job = jobs[i]
                n = len(cands)
                if rejected_by:
                    for r in range(pos, pos + n):
                        if r in rejected_by:
                            k = rejected_by[r]
                            job.rejected[k] = job.rejected.get(k, 0) + 1
                kept = list(compress(cands, ok[pos:pos + n]))
                pos += n
                kept = kept[:max(0, job.left)]
                if kept:
                    job.batch = kept
                    ready.append(i)
                else:
                    job.skip()
                    if job.stage != "done":
                        looking.append(i)
        return sorted(ready)
