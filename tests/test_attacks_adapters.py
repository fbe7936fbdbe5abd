"""textattack and nlpaug adapters: seeded, restore global randomness, edits recovered, clear errors."""

from __future__ import annotations

import random

import numpy as np
import pytest
from robustir.attacks.adapters import NlpaugAugmenter, TextAttackTransformation, edits_between
from robustir.attacks.base import AttackError
from robustir.attacks.registry import PERTURBATIONS, build_perturbation, perturbation_class

TEXT = "what is the boiling point of water at sea level"


def test_edits_between() -> None:
    assert edits_between("a bb c", "a bx c", "op")[0].position == 1
    assert edits_between("a bb c", "a bb c", "op") == ()
    (e,) = edits_between("a bb c", "a b b c", "op")
    assert e.position == -1 and e.original == "a bb c"


@pytest.mark.slow  # importing nlpaug pulls in torch/transformers (~10 s on 2 cores)
def test_nlpaug_adapter_is_seeded_and_leaves_global_randomness_alone() -> None:
    aug = NlpaugAugmenter("nlpaug.augmenter.char.KeyboardAug", {"aug_word_p": 0.3, "aug_char_max": 1})
    random.seed(123)
    np.random.seed(123)
    before = (random.random(), np.random.rand())
    random.seed(123)
    np.random.seed(123)
    a = aug.perturb(TEXT, random.Random(5))
    assert (random.random(), np.random.rand()) == before  # globals restored
    b = aug.perturb(TEXT, random.Random(5))
    c = aug.perturb(TEXT, random.Random(6))
    assert a == b and a.text != TEXT and a.edits
    assert c.text != a.text
    assert all(e.operation == "nlpaug:KeyboardAug" for e in a.edits)
    cands = aug.word_candidates(TEXT, "en", random.Random(0))
    assert cands and len({p.text for p in cands}) == len(cands)


@pytest.mark.slow
def test_nlpaug_adapter_errors() -> None:
    with pytest.raises(AttackError, match="under nlpaug.augmenter"):
        NlpaugAugmenter("os.system")
    with pytest.raises(AttackError, match="did you mean 'KeyboardAug'"):
        NlpaugAugmenter("nlpaug.augmenter.char.KeyboardAugg").perturb(TEXT, random.Random(0))
    with pytest.raises(AttackError, match="bad args"):
        NlpaugAugmenter("nlpaug.augmenter.char.KeyboardAug", {"nonsense": 1}).perturb(TEXT, random.Random(0))


def test_registry_resolves_every_shipped_type_lazily() -> None:
    import sys

    for name in ("typo", "homoglyph", "ocr", "textattack", "nlpaug"):
        assert perturbation_class(name).__name__ == PERTURBATIONS[name].split(":")[1]
    p = build_perturbation("nlpaug", {"augmenter": "nlpaug.augmenter.char.OcrAug"})
    assert isinstance(p, NlpaugAugmenter)
    if "nlpaug" not in sys.modules:  # building is lazy: the library loads on first use
        assert "textattack" not in sys.modules
    with pytest.raises(AttackError, match=r"unknown key 'rat' \(did you mean 'rate'\?\)"):
        build_perturbation("typo", {"rat": 0.1})
    with pytest.raises(AttackError, match=r"unknown perturbation type 'homoglyf' \(did you mean 'homoglyph'\?\)"):
        build_perturbation("homoglyf", {})


@pytest.mark.slow
def test_textattack_adapter(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """textattack's import reads NLTK data: needs the nltk-data resource (fetched on demand)."""
    from robustir.env import configure_offline
    from robustir.resources import ensure

    configure_offline()
    ensure("nltk-data")
    t = TextAttackTransformation("WordSwapQWERTY", rate=0.3)
    a = t.perturb(TEXT, random.Random(1))
    assert a == t.perturb(TEXT, random.Random(1))
    assert 1 <= len(a.edits) <= 3 and all(e.position >= 0 for e in a.edits)
    assert len(t.word_candidates(TEXT)) >= 5
    with pytest.raises(AttackError, match="did you mean 'WordSwapQWERTY'"):
        TextAttackTransformation("WordSwapQwerty").perturb(TEXT, random.Random(0))


@pytest.mark.parametrize("name", ["WordSwapEmbedding", "WordSwapHowNet", "WordSwapMaskedLM", "BackTranslation"])
def test_textattack_components_that_download_or_unpickle_are_refused_before_import(name, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "textattack", None)  # refused by name: textattack is never imported
    with pytest.raises(AttackError, match=f"textattack {name} is refused: it .*(download|unpickle)"):
        TextAttackTransformation(name)


@pytest.mark.parametrize("path", ["nlpaug.augmenter.word.WordEmbsAug", "nlpaug.augmenter.word.ContextualWordEmbsAug",
                                  "nlpaug.augmenter.sentence.AbstSummAug"])
def test_nlpaug_augmenters_that_load_models_are_refused(path):
    with pytest.raises(AttackError, match="is refused"):
        NlpaugAugmenter(path)
