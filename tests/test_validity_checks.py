"""The automatic ``valid`` flag: calibrated family floors and the numbers check."""

from __future__ import annotations

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
