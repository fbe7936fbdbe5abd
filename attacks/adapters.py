"""Any textattack transformation or nlpaug augmenter as a ``Perturbation``.

Recipes name them by class::

    [perturbation]
    type = "textattack"
    transformation = "WordSwapQWERTY"          # a class in textattack.transformations
    args = { random_one = true }

    [perturbation]
    type = "nlpaug"
    augmenter = "nlpaug.augmenter.char.KeyboardAug"   # a class under nlpaug.augmenter
    args = { aug_char_max = 1, aug_word_p = 0.1 }

Both libraries draw from Python's ``random`` and numpy's global generators; each
call seeds them from the attack's stream (so results are reproducible) and puts
their previous states back afterwards (so the caller's randomness is untouched).
Not thread-safe for that reason.

Offline use: ``import textattack`` reads NLTK data and may try downloads unless
``NLTK_DATA``, ``TA_CACHE_DIR`` (with textattack's post-install marker) and
``HF_HUB_OFFLINE`` are set. robustir does this (``robustir.env.configure_offline``);
a caller using ``attacks`` alone must set the same variables before the first use.

Edits are recovered by comparing words (``attacks.tokenize``) of the original and
the result: same number of words -> one ``Edit`` per changed word; otherwise a
single sentence-level edit (position -1).
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Mapping
from typing import Any

from .base import AttackError, Edit, MissingResource, Perturbation, Perturbed, edit_count
from .tokenize import words as _words

#: textattack transformations that download files at run time without a checksum (word embeddings,
#: hub models, NER taggers) or unpickle files from textattack's cache (``WordSwapHowNet`` loads a
#: pickle from ``$TA_CACHE_DIR``: a file planted there would run as soon as a recipe named it).
#: robustir runs offline and executes nothing it did not pin, so these are refused by name.
UNSAFE_TEXTATTACK = {
    "WordSwapEmbedding": "it downloads a word-embedding archive at run time (no checksum) and unpickles it",
    "WordSwapHowNet": "it unpickles a HowNet candidate bank from textattack's cache",
    "WordSwapMaskedLM": "it downloads a masked language model at run time",
    "WordInsertionMaskedLM": "it downloads a masked language model at run time",
    "WordMergeMaskedLM": "it downloads a masked language model at run time",
    "WordSwapGradientBased": "it needs a victim model object and its gradients",
    "WordSwapChangeLocation": "it downloads a flair NER model at run time",
    "WordSwapChangeName": "it downloads a flair NER model at run time",
    "BackTranslation": "it downloads translation models at run time",
    "BackTranscription": "it downloads speech models at run time",
}
#: nlpaug augmenters (or whole modules, ending in ".") that download models or load pickle-capable files
UNSAFE_NLPAUG = {
    "nlpaug.augmenter.sentence.": "sentence augmenters download language models at run time",
    "nlpaug.augmenter.audio.": "audio augmenters do not apply to text queries",
    "nlpaug.augmenter.spectrogram.": "spectrogram augmenters do not apply to text queries",
    "nlpaug.augmenter.word.WordEmbsAug": "it loads word vectors with pickle-capable loaders",
    "nlpaug.augmenter.word.ContextualWordEmbsAug": "it downloads a language model at run time",
    "nlpaug.augmenter.word.BackTranslationAug": "it downloads translation models at run time",
    "nlpaug.augmenter.word.TfIdfAug": "it loads a TF-IDF model file from disk",
}


def _refuse_unsafe(table: Mapping[str, str], name: str, library: str) -> None:
    """Raise ``AttackError`` for a component listed in ``table`` (by name, or by module prefix)."""
    for key, why in table.items():
        if name == key or (key.endswith(".") and name.startswith(key)):
            raise AttackError(f"{library} {name} is refused: {why} (robustir downloads and unpickles nothing "
                              "at run time; use a recipe type robustir ships, e.g. synonym or typo)")


def edits_between(original: str, new: str, operation: str) -> tuple[Edit, ...]:
    """The word edits that turn ``original`` into ``new`` (see the module docstring)."""
    if new == original:
        return ()
    a, b = _words(original), _words(new)
    if len(a) != len(b):
        return (Edit(-1, original, new, operation),)
    return tuple(
        Edit(i, x.text, y.text, operation) for i, (x, y) in enumerate(zip(a, b, strict=False)) if x.text != y.text
    )


class _SeededGlobals:
    """Seed ``random`` and ``numpy.random`` from ``rng`` for one library call, then restore them."""

    def __init__(self, rng: random.Random) -> None:
        self.seed = rng.getrandbits(32)

    def __enter__(self) -> None:
        import numpy as np  # noqa: PLC0415

        self._py = random.getstate()
        self._np = np.random.get_state()
        random.seed(self.seed)
        np.random.seed(self.seed)

    def __exit__(self, *exc: object) -> None:
        import numpy as np  # noqa: PLC0415

        random.setstate(self._py)
        np.random.set_state(self._np)


def _closest(name: str, options: list[str]) -> str:
    lower = {o.lower(): o for o in options}  # case slips first (WordSwapQwerty)
    if name.lower() in lower:
        return f" (did you mean {lower[name.lower()]!r}?)"
    best = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean {best[0]!r}?)" if best else ""


class TextAttackTransformation(Perturbation):
    """A textattack ``Transformation`` (e.g. ``WordSwapQWERTY``, ``WordSwapHomoglyphSwap``,
    ``WordSwapWordNet``) applied to ``rate`` of the editable words (at most ``max_edits``),
    one word at a time; ``word_candidates`` gives all its one-word transformations."""

    name = "textattack"

    def __init__(self, transformation: str, args: Mapping[str, Any] | None = None, rate: float = 0.1,
                 max_edits: int | None = None) -> None:
        if not 0.0 <= float(rate) <= 1.0:
            raise AttackError(f"textattack: rate must be between 0 and 1, got {rate}")
        self.transformation_name = str(transformation)
        _refuse_unsafe(UNSAFE_TEXTATTACK, self.transformation_name, "textattack")
        self.args = dict(args or {})
        self.rate = float(rate)
        self.max_edits = None if max_edits is None else int(max_edits)
        self.operation = f"textattack:{self.transformation_name}"
        self._t: Any = None
        # resolved now, not at the first query: a misspelt name or missing data must fail when the
        # recipe is built, before any model is loaded or corpus encoded
        self._transformation()

    def _transformation(self) -> Any:
        if self._t is None:
            try:
                import textattack.transformations as T  # noqa: PLC0415
            except ImportError as e:
                raise MissingResource(f"textattack is not importable ({e}): `pip install textattack`") from e
            except LookupError as e:  # nltk data missing at import
                raise MissingResource("textattack needs NLTK data at import: run `robustir resources fetch "
                                      "nltk-data` and set NLTK_DATA (robustir does)") from e
            cls = getattr(T, self.transformation_name, None)
            if not isinstance(cls, type) or not issubclass(cls, T.Transformation):
                names = sorted(n for n in dir(T) if isinstance(getattr(T, n), type)
                               and issubclass(getattr(T, n), T.Transformation))
                raise AttackError(f"textattack has no transformation {self.transformation_name!r}"
                                  f"{_closest(self.transformation_name, names)}")
            try:
                self._t = cls(**self.args)
            except TypeError as e:
                raise AttackError(f"textattack {self.transformation_name}: bad args ({e})") from e
        return self._t

    def _apply(self, attacked: Any, indices: set[int], rng: random.Random) -> list[Any]:
        with _SeededGlobals(rng):
            out = self._transformation()(attacked, indices_to_modify=indices)
        return sorted(out, key=lambda a: a.text)  # library order may vary: sort for determinism

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        from textattack.shared import AttackedText  # noqa: PLC0415

        self._transformation()
        cur = AttackedText(text)
        eligible = [i for i, w in enumerate(cur.words) if self.editable(w, language)]
        n = edit_count(self.rate, self.max_edits, len(eligible))
        done = 0
        for i in (rng.sample(eligible, len(eligible)) if n else []):
            if done >= n:
                break
            options = self._apply(cur, {i}, rng)
            if options:
                cur = options[int(rng.random() * len(options))]
                done += 1
        return Perturbed(cur.text, edits_between(text, cur.text, self.operation), language)

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        from textattack.shared import AttackedText  # noqa: PLC0415

        self._transformation()
        cur = AttackedText(text)
        eligible = {i for i, w in enumerate(cur.words) if self.editable(w, language)}
        out = []
        for a in self._apply(cur, eligible, rng or random.Random(0)):
            edits = edits_between(text, a.text, self.operation)
            if edits:
                out.append(Perturbed(a.text, edits, language))
        return out


class NlpaugAugmenter(Perturbation):
    """An nlpaug augmenter (any class under ``nlpaug.augmenter``), built with ``args``.

    Its own arguments set the budget (``aug_word_p``, ``aug_char_max``...; pass
    ``stopwords`` there too: nlpaug cannot consult a word filter, so the attack
    re-checks reported edits against the protected words). ``word_candidates`` offers
    ``candidates`` independent augmentations (nlpaug has no exhaustive mode).
    nlpaug re-joins its tokens with spaces, so spacing around punctuation may change.
    """

    name = "nlpaug"

    def __init__(self, augmenter: str, args: Mapping[str, Any] | None = None, candidates: int = 8) -> None:
        self.augmenter_path = str(augmenter)
        if not self.augmenter_path.startswith("nlpaug.augmenter."):
            raise AttackError(f"nlpaug augmenter must be a class under nlpaug.augmenter "
                              f"(e.g. nlpaug.augmenter.char.KeyboardAug), got {augmenter!r}")
        _refuse_unsafe(UNSAFE_NLPAUG, self.augmenter_path, "nlpaug")
        if int(candidates) < 1:
            raise AttackError(f"nlpaug: candidates must be >= 1, got {candidates}")
        self.args = dict(args or {})
        self.candidates = int(candidates)
        self.operation = "nlpaug:" + self.augmenter_path.rsplit(".", 1)[-1]
        self._aug: Any = None
        self._augmenter()  # as for textattack: fail when the recipe is built, not at the first query

    def _augmenter(self) -> Any:
        if self._aug is None:
            import importlib  # noqa: PLC0415

            module, _, cls_name = self.augmenter_path.rpartition(".")
            try:
                mod = importlib.import_module(module)
            except ImportError as e:
                raise MissingResource(f"cannot import {module} ({e}): `pip install nlpaug`") from e
            cls = getattr(mod, cls_name, None)
            if not isinstance(cls, type):
                names = sorted(n for n in dir(mod) if n.endswith("Aug"))
                raise AttackError(f"{module} has no augmenter {cls_name!r}{_closest(cls_name, names)}")
            try:
                self._aug = cls(**self.args)
            except TypeError as e:
                raise AttackError(f"nlpaug {cls_name}: bad args ({e})") from e
        return self._aug

    def _one(self, text: str, rng: random.Random) -> str:
        aug = self._augmenter()
        with _SeededGlobals(rng):
            out = aug.augment(text)
        if isinstance(out, list):
            out = out[0] if out else text
        return out if isinstance(out, str) else text

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        if not text.strip():
            return Perturbed(text, (), language)
        new = self._one(text, rng)
        return Perturbed(new, edits_between(text, new, self.operation), language)

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        rng = rng or random.Random(0)
        seen: dict[str, Perturbed] = {}
        for _ in range(self.candidates):
            p = self.perturb(text, rng, language)
            if p.edits and p.text not in seen:
                seen[p.text] = p
        return list(seen.values())

