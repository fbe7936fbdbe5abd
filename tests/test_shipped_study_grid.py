"""The shipped `hybrid-robustness` study holds the grid issue #12 asks for (item 9).

What the study must contain to answer the question on the paper's benchmarks and the project's
variants: BoolQ with and without titles, BoolQ-pt/es, fiqa-mini, XQuAD-R and MLQA-R in English,
German->English and the balanced multilingual pool; random and transfer-adversarial recipes, the
transfer ones in the primary family; cells that cannot mean anything excluded.
"""

from __future__ import annotations

from robustir.study.spec import load_study, transfer_parts

ISSUE_DATASETS = {"boolq", "boolq:notitle", "boolq-pt", "boolq-es", "fiqa-mini", "xquad-r", "xquad-r:de-en",
                  "xquad-r:multi", "mlqa-r", "mlqa-r:de-en", "mlqa-r:multi"}
NON_ENGLISH = {"boolq-pt", "boolq-es", "xquad-r:de-en", "xquad-r:multi", "mlqa-r:de-en", "mlqa-r:multi"}


def test_grid_holds_the_issue_datasets_and_recipes():
    spec = load_study("hybrid-robustness")
    assert set(spec.datasets) == ISSUE_DATASETS
    assert spec.train_seeds == (0, 1, 2) and spec.limit is not None
    transfer = [r for r in spec.recipes if transfer_parts(r)[1] is not None]
    assert {transfer_parts(r) for r in transfer} == {("typo-adv", "base"), ("synonym-adv", "base"),
                                                     ("codeswitch-adv", "base")}
    assert spec.model("base").strategy == "base" and not spec.model("base").trained  # the surrogate is untrained
    for r in ("typo", "synonym", "codeswitch", "typo-adv", "synonym-adv", "codeswitch-adv", "translate-rt-es",
              "query-es"):
        assert r in spec.recipes


def test_primary_family_holds_random_and_transfer_recipes_but_no_per_model_attack():
    pr = load_study("hybrid-robustness").primary
    assert pr is not None
    in_primary = {r for _, rs in pr.families for r in rs}
    assert {"typo-adv@base", "codeswitch-adv@base", "synonym-adv@base", "typo", "codeswitch"} <= in_primary
    assert not in_primary & {"typo-adv", "synonym-adv", "codeswitch-adv"}  # per-model attacks stay exploratory
    assert set(pr.datasets) == ISSUE_DATASETS  # pooled over every dataset of the grid


def test_english_only_recipes_are_excluded_on_non_english_queries():
    spec = load_study("hybrid-robustness")
    for d in spec.datasets:
        for r in ("synonym", "synonym-adv", "synonym-adv@base", "translate-rt-es", "query-es"):
            assert (spec.excluded("hybrid.seed0", d, r) is not None) == (d in NON_ENGLISH), (d, r)
        for r in ("typo", "typo-adv@base", "codeswitch", "codeswitch-adv@base"):
            assert spec.excluded("hybrid.seed0", d, r) is None, (d, r)


def test_quick_slice_still_parses_as_a_subset():
    full, quick = load_study("hybrid-robustness"), load_study("hybrid-robustness", quick=True)
    assert set(quick.datasets) <= set(full.datasets) and set(quick.recipes) <= set(full.recipes)
    assert quick.limit is not None and full.limit is not None and quick.limit < full.limit
