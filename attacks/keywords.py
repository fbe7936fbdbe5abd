"""Keyword queries: a question rewritten the way people type search queries.

Penha, Câmara and Hauff (ECIR 2022, "Evaluating the robustness of retrieval
pipelines with query variation generators") list "naturality" variations: the
same need as a natural-language question or as keywords. The rewrite drops
stopwords and question words and keeps the content words in their order
("what is the capital of france?" -> "capital france").

Stopwords: NLTK's list where installed (English), else the ``stop-words``
package (``attacks.lexicon.stopwords``), Thai from pythainlp; question words
(``QUESTION_WORDS``) are added, since some lists keep them. Chinese and Thai are
segmented first (``attacks.segment``) and the keywords joined by spaces.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Mapping

from attacks.base import Edit, Perturbation, Perturbed
from attacks.tokenize import _WORD as _WORD_RE

#: interrogatives and question particles per language (small, hand-listed: not every stopword
#: list carries them)
QUESTION_WORDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "what which who whom whose when where why how does do did is are was were can could",
    "de": "was wer wen wem wessen wann wo woher wohin warum wieso wie welche welcher welches welchen "
          "welchem wie viele wieviel",
    "es": "qué que cuál cuáles quién quiénes cuándo dónde cómo cuánto cuánta cuántos cuántas por",
    "el": "ποιος ποια ποιο ποιοι ποιες ποιου ποιον ποιων τι πότε πού πώς γιατί πόσο πόσα πόσοι πόσες "
          "πόσων ποιά ποιό",
    "ru": "что кто кого кому какой какая какое какие каких каком когда где куда откуда почему зачем как "
          "сколько чей чья чьё чьи который которая которое которые ли",
    "tr": "ne neyi neden nerede nereye kim kimi kimin hangi nasıl kaç mı mi mu mü ne zaman",
    "vi": "gì nào ai đâu bao nhiêu mấy sao tại như thế",
    "ar": "ما ماذا من متى أين كيف لماذا كم أي هل",
    "hi": "क्या कौन कौनसा कौनसी किस किसे किसने कब कहाँ कहां क्यों कैसे कितना कितनी कितने",
    "th": "อะไร ใคร ที่ไหน เมื่อไร เมื่อไหร่ ทำไม อย่างไร ยังไง กี่ ไหน หรือไม่ ไหม",
    "zh": "什么 哪 哪个 哪里 哪儿 哪些 谁 何时 什么时候 为什么 怎么 怎样 如何 多少 几 吗 呢 是否",
}.items()}


class Keywords(Perturbation):
    """Question -> keyword query (stopwords and question words dropped, order kept).

    Deterministic: every sample of a query is the same rewrite. A query with nothing to
    drop, or nothing left, is ``unperturbable``.
    """

    name = "keywords"
    requires = ("nltk-data",)

    def __init__(self, resource_paths: Mapping[str, Path] | None = None) -> None:
        self.resource_paths = dict(resource_paths or {})
        self._lists: dict[str, frozenset[str]] = {}

    def dropped(self, language: str) -> frozenset[str]:
        """The words dropped in ``language`` (lower case)."""
        s = self._lists.get(language)
        if s is None:
            if language == "th":
                from pythainlp.corpus import thai_stopwords  # noqa: PLC0415

                base = frozenset(thai_stopwords())
            else:
                from attacks.lexicon import stopwords  # noqa: PLC0415

                base = stopwords(language, self.resource_paths)
            s = self._lists[language] = base | QUESTION_WORDS.get(language, frozenset())
        return s

    def _words(self, text: str, language: str) -> list[str]:
        out = [m.group() for m in _WORD_RE.finditer(text)]
        if language in ("zh", "ja", "th"):
            from attacks.segment import segment  # noqa: PLC0415

            out = [w for run in out for w in segment(run, language)]
        return out

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        drop = self.dropped(language)
        words = self._words(text, language)
        kept = [w for w in words if w.lower() not in drop]
        if not kept or len(kept) == len(words):
            return Perturbed(text, (), language, unperturbable=True)
        new = " ".join(kept)
        return Perturbed(new, (Edit(-1, text, new, "keywords"),), language)

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        p = self.perturb(text, rng or random.Random(0), language)
        return [p] if p.edits else []
