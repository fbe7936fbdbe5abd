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

Greedy search (TextAttack's greedy word swap with word importance ranking):

1. score the original (1 text);
2. rank the editable words by how much deleting each one lowers the goal's
   objective (one ScoreFn call with every deletion batched; skipped, keeping
   text order, when the budget cannot pay for it);
3. in that order, try every candidate rewrite of the word (on top of the edits
   kept so far) in ONE ScoreFn call, keep the best if it lowers the objective;
4. stop when the goal is met, ``max_share`` of the words were changed, the words
   are exhausted or ``budget`` texts were scored (a batch is cut to what the
   budget has left).

The result records texts scored (``queries``), ``success`` and the final
``objective``.
"""

from __future__ import annotations

import random
from typing import Callable, Sequence

from attacks.base import AttackError, Edit, Perturbation, Perturbed, RetrievalScores, ScoreFn
from attacks.constraints import Constraint, apply_constraints
from attacks.goals import Goal
from attacks.tokenize import _WORD as _WORD_RE
from attacks.tokenize import replace_words

SEARCHES = ("random", "greedy")


def text_seed(seed: int, text: str) -> str:
    """The seed string of one text's random stream (see the module docstring)."""
    return f"{seed}:{text}"


class RandomSearch:
    """Independent seeded random applications of the perturbation (model-free).

    Args:
        max_tries: draws per sample before giving up on the constraints (the sample is
            then the original text, no edits).
        chunk: texts per batch of the (batched) constraints such as the semantic floor.
    """

    name = "random"
    model_aware = False

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
            for i, (text, lang) in enumerate(zip(texts, languages)):
                rng.seed(text_seed(seed, text))
                if constraints:
                    out.append([self._one(perturb, text, lang, rng, constraints) for _ in range(samples)])
                else:
                    out.append([perturb(text, rng, lang) for _ in range(samples)])
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
            counts_per_item: list[dict[str, int]] = []  # which constraint rejected each draw
            ok = _check_each(constraints, [texts[j] for j, _ in pending], cands, counts_per_item)
            still = []
            for (j, s), c, good, cnt in zip(pending, cands, ok, counts_per_item):
                for k, v in cnt.items():
                    rejected[j][s][k] = rejected[j][s].get(k, 0) + v
                if good:
                    result[j][s] = Perturbed(c.text, c.edits, c.language, dict(rejected[j][s]))
                else:
                    still.append((j, s))
            pending = still
        for j, s in pending:  # gave up: the unchanged text, with what was rejected
            result[j][s] = Perturbed(texts[j], (), languages[j], dict(rejected[j][s]))
        return [[p for p in row if p is not None] for row in result]


def _check_each(constraints: Sequence[Constraint], originals: Sequence[str], cands: Sequence[Perturbed],
                counts_out: list[dict[str, int]]) -> list[bool]:
    """``apply_constraints`` that also reports, per pair, which constraint rejected it."""
    ok = [True] * len(cands)
    counts_out.extend({} for _ in cands)
    for con in constraints:
        idx = [i for i, v in enumerate(ok) if v]
        if not idx:
            break
        for i, v in zip(idx, con.check([originals[i] for i in idx], [cands[i] for i in idx])):
            if not v:
                ok[i] = False
                counts_out[i][con.name] = counts_out[i].get(con.name, 0) + 1
    return ok


class GreedySearch:
    """Greedy word-by-word attack against a retrieval model (see the module docstring).

    Args:
        budget: most texts scored (encoder inputs) per query and sample, original included.
        max_share: most words changed, as a share of the query's words (at least one).
        importance: ``delete`` ranks words by the damage of deleting them; ``none`` keeps
            text order (saves the ranking call; for ablations).
    """

    name = "greedy"
    model_aware = True

    def __init__(self, budget: int = 200, max_share: float = 0.3, importance: str = "delete") -> None:
        if int(budget) < 2:
            raise AttackError(f"search greedy: budget must be >= 2 texts scored, got {budget}")
        if not 0.0 < float(max_share) <= 1.0:
            raise AttackError(f"search greedy: max_share must be in (0, 1], got {max_share}")
        if importance not in ("delete", "none"):
            raise AttackError(f"search greedy: importance must be 'delete' or 'none', got {importance!r}")
        self.budget = int(budget)
        self.max_share = float(max_share)
        self.importance = importance

    def describe(self) -> dict:
        return {"type": self.name, "budget": self.budget, "max_share": self.max_share,
                "importance": self.importance}

    def attack_one(self, perturbation: Perturbation, text: str, language: str, *, goal: Goal,
                   score_fn: ScoreFn, rng: random.Random, constraints: Sequence[Constraint]) -> Perturbed:
        """Attack one text; every ScoreFn call is one batch of candidate texts."""
        spent = 0

        def score(batch: list[str]) -> RetrievalScores:
            nonlocal spent
            res = score_fn(batch)
            if len(res.relevant) != len(batch):
                raise AttackError(f"score function returned {len(res.relevant)} scores for {len(batch)} texts")
            spent += len(batch)
            return res

        s0 = score([text])
        current = float(goal.objective(s0)[0])
        if bool(goal.succeeded(s0)[0]):
            return Perturbed(text, (), language, {}, queries=spent, success=True, objective=current)

        n_words = sum(1 for _ in _WORD_RE.finditer(text))
        allowed = max(1, int(self.max_share * n_words + 1e-9)) if n_words else 0
        by_pos: dict[int, list[Edit]] = {}
        whole: list[Perturbed] = []  # sentence-level or multi-word candidates
        for cand in perturbation.word_candidates(text, language, rng):
            if len(cand.edits) == 1 and cand.edits[0].position >= 0:
                e = cand.edits[0]
                by_pos.setdefault(e.position, []).append(e)
            elif cand.edits and cand.text != text:
                whole.append(cand)
        rejected: dict[str, int] = {}
        if not by_pos and whole:
            # no word-level candidates (translation, nlpaug): pick the best whole-text one
            return self._best_whole(text, language, whole, goal, score, constraints, rejected, current,
                                    lambda: spent)
        order = sorted(by_pos)
        if self.importance == "delete" and len(order) > 1 and spent + len(order) <= self.budget:
            probes = [replace_words(text, {p: ""}) for p in order]
            obj = goal.objective(score(probes))
            order = [p for _, p in sorted(zip(obj.tolist(), order))]  # most damaging first; ties by position

        state: dict[int, Edit] = {}
        success = False
        for p in order:
            if len(state) >= allowed or spent >= self.budget:
                break
            seen: set[str] = set()
            cands: list[Perturbed] = []
            for e in by_pos[p]:
                new = {**state, p: e}
                t = replace_words(text, {q: x.replacement for q, x in new.items()})
                if t in seen or t == text:
                    continue
                seen.add(t)
                cands.append(Perturbed(t, tuple(new[q] for q in sorted(new)), language))
            if not cands:
                continue
            ok = apply_constraints(constraints, [text] * len(cands), cands, rejected)
            cands = [c for c, v in zip(cands, ok) if v][:self.budget - spent]
            if not cands:
                continue
            res = score([c.text for c in cands])
            obj = goal.objective(res)
            best = int(obj.argmin())  # first of equal minima: deterministic
            if float(obj[best]) < current:
                current = float(obj[best])
                state = {e.position: e for e in cands[best].edits}
                if bool(goal.succeeded(res)[best]):
                    success = True
                    break
        final = replace_words(text, {q: e.replacement for q, e in state.items()})
        return Perturbed(final, tuple(state[q] for q in sorted(state)), language, rejected,
                         queries=spent, success=success, objective=current)

    def _best_whole(self, text: str, language: str, cands: list[Perturbed], goal: Goal,
                    score: Callable[[list[str]], RetrievalScores], constraints: Sequence[Constraint],
                    rejected: dict[str, int], current: float, spent: Callable[[], int]) -> Perturbed:
        """One batched call over whole-text candidates; keep the best if it lowers the objective.

        Whole-text candidates are not subject to ``max_share`` (their edits are not
        word-aligned): budget them with the perturbation's own settings."""
        seen: dict[str, Perturbed] = {}
        for c in cands:
            seen.setdefault(c.text, c)
        pool = list(seen.values())
        ok = apply_constraints(constraints, [text] * len(pool), pool, rejected)
        pool = [c for c, v in zip(pool, ok) if v][:max(0, self.budget - spent())]
        if not pool:
            return Perturbed(text, (), language, rejected, queries=spent(), success=False, objective=current)
        res = score([c.text for c in pool])
        obj = goal.objective(res)
        best = int(obj.argmin())
        if float(obj[best]) < current:
            c = pool[best]
            return Perturbed(c.text, c.edits, c.language, rejected, queries=spent(),
                             success=bool(goal.succeeded(res)[best]), objective=float(obj[best]))
        return Perturbed(text, (), language, rejected, queries=spent(), success=False, objective=current)
