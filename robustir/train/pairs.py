"""Parallel training units: one question, its text and answer sentence in every language.

A *unit* is one XQuAD-R question of the training articles that exists in every
training language. Choosing a query language and a passage language for a
unit gives one training pair. Two units *conflict* when putting them in one
batch would create a false in-batch negative: they share an answer sentence in
some language (two questions answered by the same sentence), or have the same
question text or the same passage text anywhere (identical strings across
languages, e.g. names or numbers). Conflicting units get the same ``group``
(connected components, union-find), and a batch holds at most one unit per
group: then no batch holds the same question twice, in any language, nor the
same passage twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from robustir.errors import InputError

if TYPE_CHECKING:
    from datasets import Dataset

    from robustir.data.xquadr import XQuADR


@dataclass(frozen=True)
class PairLayout:
    """What a batch sampler needs: how many units and languages, and each unit's conflict group.

    Row ``(unit * n_langs + lq) * n_langs + lp`` of the training dataset is the
    pair (question of ``unit`` in language ``lq``, its answer sentence in ``lp``).
    """

    n_units: int
    langs: tuple[str, ...]
    groups: np.ndarray  # (n_units,) int64, conflict group of each unit

    @property
    def n_langs(self) -> int:
        return len(self.langs)

    @property
    def n_groups(self) -> int:
        return int(self.groups.max()) + 1 if self.n_units else 0

    def row(self, unit: int, lq: int, lp: int) -> int:
        """Dataset row of (unit, query language index, passage language index)."""
        return (unit * self.n_langs + lq) * self.n_langs + lp

    def decode(self, row: int) -> tuple[int, int, int]:
        """Inverse of :meth:`row`: (unit, lq, lp)."""
        rest, lp = divmod(row, self.n_langs)
        unit, lq = divmod(rest, self.n_langs)
        return unit, lq, lp


@dataclass(frozen=True)
class TrainingPairs:
    """Parallel units: ``questions[lang][u]`` and ``passages[lang][u]`` are unit u's texts in ``lang``."""

    layout: PairLayout
    ids: list[str]
    questions: dict[str, list[str]]
    passages: dict[str, list[str]]

    def to_dataset(self) -> Dataset:
        """A datasets.Dataset with columns (anchor, positive) in :meth:`PairLayout.row` order.

        Only these two columns exist: sentence-transformers tokenises every column
        it finds and hands them to the loss in order.
        """
        from datasets import Dataset

        langs = self.layout.langs
        anchors: list[str] = []
        positives: list[str] = []
        for u in range(self.layout.n_units):
            for lq in langs:
                q = self.questions[lq][u]
                for lp in langs:
                    anchors.append(q)
                    positives.append(self.passages[lp][u])
        return Dataset.from_dict({"anchor": anchors, "positive": positives})


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def conflict_groups(keys: Sequence[Sequence[object]]) -> np.ndarray:
    """Group units that share any key; groups numbered by first unit (deterministic).

    ``keys[u]`` lists hashable keys of unit u (answer sentence ids, texts).
    """
    uf = _UnionFind(len(keys))
    owner: dict[object, int] = {}
    for u, ks in enumerate(keys):
        for k in ks:
            if k in owner:
                uf.union(owner[k], u)
            else:
                owner[k] = u
    ids: dict[int, int] = {}
    out = np.empty(len(keys), dtype=np.int64)
    for u in range(len(keys)):
        out[u] = ids.setdefault(uf.find(u), len(ids))
    return out


def build_pairs(data: XQuADR, langs: Sequence[str] | None = None, split: str = "train") -> TrainingPairs:
    """Units of ``split`` that exist in every language of ``langs`` (default: all loaded), with groups."""
    langs = tuple(langs) if langs is not None else tuple(data.langs)
    missing = [lang for lang in langs if lang not in data.questions]
    if missing:
        raise InputError(f"language(s) {', '.join(missing)} not loaded from XQuAD-R")
    if len(set(langs)) != len(langs):
        raise InputError(f"duplicate language in {','.join(langs)}")
    sentence_text = {lang: {s.id: s.text for s in data.sentences_in(lang, split)} for lang in langs}
    by_lang = {lang: {q.id: q for q in data.questions_in(lang, split)} for lang in langs}
    ids = [q.id for q in data.questions_in(langs[0], split) if all(q.id in by_lang[lang] for lang in langs)]
    if not ids:
        raise InputError(f"no XQuAD-R {split} question exists in all of {','.join(langs)}")
    questions = {lang: [by_lang[lang][i].text for i in ids] for lang in langs}
    passages = {lang: [sentence_text[lang][by_lang[lang][i].answer] for i in ids] for lang in langs}
    keys: list[list[object]] = []
    for u, qid in enumerate(ids):
        k: list[object] = []
        for lang in langs:
            k += [("sentence", by_lang[lang][qid].answer), ("question", questions[lang][u]),
                  ("passage", passages[lang][u])]
        keys.append(k)
    layout = PairLayout(n_units=len(ids), langs=langs, groups=conflict_groups(keys))
    return TrainingPairs(layout=layout, ids=ids, questions=questions, passages=passages)
