"""Keyword queries: a question rewritten the way people type search queries.

Penha, Câmara and Hauff (ECIR 2022, "Evaluating the robustness of retrieval
pipelines with query variation generators") list "naturality" variations: the
same need as a natural-language question or as keywords. The rewrite drops
stopwords and question words and keeps the content words in their order
("what is the capital of france?" -> "capital france").

Stopwords: NLTK's list where installed (English), else the ``stop-words``
package (``attacks.lexicon.stopwords``), Greek from stopwords-iso, Thai from
pythainlp, Vietnamese a hand list only (library lists drop content syllables);
question words (``QUESTION_WORDS``) are added, negations (``NEGATIONS``) never
dropped; words are compared lower-cased without accents. Chinese and Thai are
segmented first (``attacks.segment``) and the keywords joined by spaces.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from .base import Edit, Perturbation, Perturbed
from .tokenize import _WORD as _WORD_RE

#: interrogatives and question particles per language (small, hand-listed: not every stopword
#: list carries them)
QUESTION_WORDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "what which who whom whose when where why how does do did is are was were can could",
    "de": "was wer wen wem wessen wann wo woher wohin warum wieso wie welche welcher welches welchen "
          "welchem wie viele wieviel",
    "es": "qué que cuál cuáles quién quiénes cuándo dónde cómo cuánto cuánta cuántos cuántas por",
    "el": "ποιος ποια ποιο ποιοι ποιες ποιου ποιον ποιων τι πότε πού πώς γιατί πόσο πόσα πόσοι πόσες "
          "πόσων ποιά ποιό",
    "ru": "что чего чему чем чём кто кого кому кем ком какой какая какое какие каких каком каким какими "
          "какому какую какого когда где куда откуда почему зачем как сколько чей чья чьё чьи который "
          "которая которое которые ли",
    "tr": "ne neyi neden nerede nereye kim kimi kimin hangi nasıl kaç mı mi mu mü ne zaman",
    "vi": "gì nào ai đâu bao nhiêu mấy sao tại như thế là của được bị đã đang sẽ các những một và với cho "
          "trong ở về từ thì mà này đó khi vào theo",
    "ar": "ما ماذا من متى أين كيف لماذا كم أي هل",
    "hi": "क्या कौन कौनसा कौनसी किस किसे किसने कब कहाँ कहां क्यों कैसे कितना कितनी कितने",
    "th": "อะไร ใคร ที่ไหน เมื่อไร เมื่อไหร่ ทำไม อย่างไร ยังไง กี่ ไหน หรือไม่ ไหม",
    "zh": "什么 哪 哪个 哪里 哪儿 哪些 谁 何时 什么时候 为什么 怎么 怎样 如何 多少 几 吗 呢 是否",
}.items()}


#: negations are never dropped ("inability" must not become "ability"), though lists carry them
NEGATIONS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "not no nor never without", "de": "nicht kein keine keinen keiner keines nie ohne",
    "es": "no sin nunca ni", "el": "δεν μη μην χωρίς όχι ούτε", "ru": "не нет без ни никогда",
    "tr": "değil yok olmayan olmadan", "vi": "không chưa chẳng", "ar": "عدم لا غير ليس لم لن بدون دون",
    "hi": "नहीं न बिना मत", "th": "ไม่ ไม่ได้ ปราศจาก", "zh": "不 没 没有 无 非 未",
}.items()}
#: languages whose stopword-library lists drop content words: a hand list only (Vietnamese lists
#: are per syllable and hold anh "England", người "person", nhà "house/dynasty")
_HAND_ONLY = frozenset({"vi"})


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Lower case; Latin and Greek also without accents (Greek lists are written without tonos).
    Other scripts keep their marks: a Thai or Devanagari vowel sign is part of the word.
    Memoised: called once per word of every query."""
    w = word.lower()
    if not all(c < "\u0400" or "\u1e00" <= c <= "\u1fff" for c in w):
        return w
    return "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn")


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
            if language in _HAND_ONLY:
                base: frozenset[str] = frozenset()
            elif language == "th":
                from pythainlp.corpus import thai_stopwords  # noqa: PLC0415

                base = frozenset(thai_stopwords())
            elif language == "el":  # the stop-words package's Greek list lacks the articles
                from .lexicon import load_iso_stopwords  # noqa: PLC0415

                base = load_iso_stopwords("el")
            else:
                from .lexicon import stopwords  # noqa: PLC0415

                base = stopwords(language, self.resource_paths)
            words = base | QUESTION_WORDS.get(language, frozenset())
            s = self._lists[language] = frozenset(_fold(w) for w in words) - {
                _fold(w) for w in NEGATIONS.get(language, ())}
        return s

    def _words(self, text: str, language: str) -> list[str]:
        out = _WORD_RE.findall(text)  # the pattern has no group: findall gives the matched words
        if language in ("zh", "ja", "th"):
            from .segment import segment  # noqa: PLC0415

            out = [w for run in out for w in segment(run, language)]
        return out

    @property
    def uses_rng(self) -> bool:
        return False  # one rewrite per query

    def perturb(self, text: str, rng: random.Random, language: str = "en") -> Perturbed:
        drop = self.dropped(language)
        words = self._words(text, language)
        fold = _fold
        kept = [w for w in words if fold(w) not in drop]
        if not kept or len(kept) == len(words):
            return Perturbed(text, (), language, unperturbable=True)
        new = " ".join(kept)
        return Perturbed(new, (Edit(-1, text, new, "keywords"),), language)

    def word_candidates(self, text: str, language: str = "en",
                        rng: random.Random | None = None) -> list[Perturbed]:
        p = self.perturb(text, rng or random.Random(0), language)
        return [p] if p.edits else []
