"""The automatic ``valid`` flag: calibrated family floors and the numbers check."""

from __future__ import annotations

import numpy as np
import pytest
from robustir.attacks.base import Edit, Perturbed

from robustir.validity import DEFAULT_FLOOR, FAMILY_FLOORS, annotate, check_texts, family_floor, floor_of, numbers_kept


def test_numbers_must_survive_in_any_digit_width():
    assert numbers_kept("was the war of 1812 won", "was the warfare of 1812 won")
    assert numbers_kept("is june 12 a holiday", "is june １２ a holiday")  # full width: same number
    assert not numbers_kept("was the war of 1812 won", "was the war of 1821 won")
    assert not numbers_kept("2 plus 2", "2 plus")  # a count dropped
    assert check_texts("season 9 of x", "season 6 of x", 0.99, 0.5) == "numbers"
    assert check_texts("season 9 of x", "season 9 of y", 0.4, 0.5) == "semantic"
    assert check_texts("season 9 of x", "season 9 of y", 0.6, 0.5) is None


def test_family_floors_apply_by_recipe_name_and_a_recipe_floor_wins():
    class Attack:
        def __init__(self, name, validity_floor=None, semantic_min_ratio=None):
            self.name, self.validity_floor, self.semantic_min_ratio = name, validity_floor, semantic_min_ratio

    assert floor_of(Attack("codeswitch-adv", semantic_min_ratio=0.8)) == FAMILY_FLOORS["codeswitch"]
    assert floor_of(Attack("typo", validity_floor=0.3)) == 0.3
    assert floor_of(Attack("my-recipe", semantic_min_ratio=0.7)) == 0.7
    assert floor_of(Attack("my-recipe")) == DEFAULT_FLOOR == family_floor("my-recipe")


def test_annotate_names_the_failed_check():
    texts = ["war of 1812", "a b c"]
    rows = [[Perturbed("war of 1821", (Edit(2, "1812", "1821", "typo"),), "en")],
            [Perturbed("a b d", (Edit(2, "c", "d", "typo"),), "en")]]
    out = annotate(texts, rows, lambda a, b: [0.99] * len(a), 0.9)
    assert [p.failed for row in out for p in row] == ["numbers", None]
    assert [p.valid for row in out for p in row] == [False, True]


@pytest.mark.parametrize("samples", [1, 3, 5, 9, 12])
def test_valid_matrix_means_are_each_querys_own_mean_bit_for_bit(samples):
    """The valid-only summary's per-query means, taken per group of queries with the same valid samples,
    are each query's own ``np.mean`` over its valid samples, to the last bit (8 or more valid samples go
    row by row); the mask computed once per run gives what ``valid_matrix`` computes alone."""
    from types import SimpleNamespace

    from robustir.validity import valid_matrix, valid_samples

    rng = np.random.default_rng(samples)
    n = 400
    texts = [f"q{i}" for i in range(n)]
    perturbed = [[SimpleNamespace(valid=rng.random() < 0.8 or None, unperturbable=bool(rng.random() < 0.05),
                                  text=texts[i] if rng.random() < 0.1 else f"p{i}") for _ in range(samples)]
                 for i in range(n)]
    attacked = np.round(rng.random((n, samples)) ** 3, 4) + (rng.random((n, samples)) < 0.3) / 3
    clean = rng.random(n)
    keep_c, keep_a = [], []
    for i, row in enumerate(perturbed):
        idx = [s for s, p in enumerate(row) if p.valid and p.text != texts[i] and not p.unperturbable]
        if idx:
            keep_c.append(clean[i])
            keep_a.append(float(np.mean(attacked[i, idx])))
    for got in (valid_matrix(clean, attacked, texts, perturbed),
                valid_matrix(clean, attacked, texts, perturbed, valid_samples(texts, perturbed))):
        assert got is not None
        assert got[0].tobytes() == np.asarray(keep_c).tobytes() and got[1].tobytes() == np.asarray(keep_a).tobytes()
    none_valid = [[SimpleNamespace(valid=False, unperturbable=False, text="x")] * samples for _ in range(n)]
    assert valid_matrix(clean, attacked, texts, none_valid) is None


def test_valid_matrix_of_no_query_is_none_as_before_the_grouped_means():
    from robustir.validity import valid_matrix, valid_samples

    assert valid_samples([], []).shape == (0, 0)
    assert valid_matrix(np.zeros(0), np.zeros((0, 2)), [], []) is None
