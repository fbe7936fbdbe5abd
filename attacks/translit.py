"""Transliteration: queries typed in Latin script (romanised), as people do on Latin keyboards.

Per language, a maintained library and the informal convention searchers use:

* Hindi: indic-transliteration (Devanagari -> IAST), then the informal spelling of
  "Hinglish": no diacritics, च/छ as ch/chh, श/ष as sh, anusvara as n, and the
  word-final inherent vowel dropped (भारत -> bharat, not bharata);
* Russian, Ukrainian, Bulgarian: anyascii (BGN/PCGN-like: столица -> stolitsa);
* Greek: "Greeklish", anyascii after the diphthongs ου/αυ/ευ are spelled ou/av/ev;
* Arabic: "Arabizi" (chat alphabet): ع 3, ح 7, hamza 2, خ kh, ش sh..., long vowels as
  a/ou/i, and an a after the first consonant of a word written without any vowel
  (مصر -> masr); short vowels are not written in Arabic, so this is Arabizi-ish;
* Chinese: pypinyin without tones, the syllables of a jieba word joined
  (中国的首都 -> zhongguo de shoudu).

Thai is not served: pythainlp's rule-based RTGS engine (``royin``) mangles common
words (ประชาชน -> prachatn) and leaves combining marks in its output, and its neural
engine needs a model download.

Languages already in Latin script have nothing to transliterate (``unperturbable``).
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

from .base import MissingResource, WordEditPerturbation

LANGUAGES = ("ar", "bg", "el", "hi", "ru", "uk", "zh")

_ARABIZI = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "aa", "ٱ": "a", "ء": "2", "ؤ": "2", "ئ": "2", "ب": "b", "ت": "t",
    "ث": "th", "ج": "j", "ح": "7", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "3", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "ى": "a", "\u064e": "a", "\u0650": "i", "\u064f": "u",
}
_VOWELS = set("aeiou")


def _arabizi(word: str) -> str:
    out: list[str] = []
    for i, c in enumerate(word):
        if c == "و":
            out.append("w" if i == 0 or word[i - 1] == "ا" else "ou")
        elif c == "ي":
            out.append("y" if i == 0 else "i")
        elif c == "\u0651" and out:  # shadda: the consonant doubled
            out.append(out[-1])
        else:
            out.append(_ARABIZI.get(c, "" if "\u064b" <= c <= "\u065f" or c == "\u0640" else c))
    if len(out) > 1 and not any(ch in _VOWELS for part in out for ch in part):
        out.insert(1, "a")  # a word with no written vowel: the commonest one after its first consonant
    return "".join(out)


def _greeklish(word: str) -> str:
    from anyascii import anyascii  # noqa: PLC0415

    w = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    w = unicodedata.normalize("NFC", w)
    for src, dst in (("ου", "ou"), ("Ου", "Ou"), ("ΟΥ", "OU"), ("αυ", "av"), ("Αυ", "Av"), ("ευ", "ev"),
                     ("Ευ", "Ev"), ("ηυ", "iv")):
        w = w.replace(src, dst)
    return anyascii(w)


def _delete_schwas(word: str) -> str:
    """``word`` with a virama written where Hindi drops the inherent vowel: word-finally and
    in the context V C _ C V (Ohala's schwa-deletion rule, applied right to left), so that
    करता romanises as karta and सरकार as sarkar. Conjuncts (C्C) never take part."""
    from .scripts import clusters, is_devanagari_consonant  # noqa: PLC0415

    cl = clusters(word)

    def bare(c: str) -> bool:  # a single consonant with its inherent vowel (nukta allowed)
        return is_devanagari_consonant(c[0]) and all(ch == "\u093c" for ch in c[1:])

    def voiced(c: str) -> bool:  # the cluster ends in a vowel (inherent or written)
        return c[-1] != "\u094d" and (not is_devanagari_consonant(c[0]) or "\u094d" not in c)

    n = len(cl)
    last = cl[-1]
    # word-final schwa: dropped after a consonant or conjunct (प्राप्त -> prapt), kept after a
    # conjunct ending in r, y, v (छात्र -> chhatra, कार्य -> karya)
    if n > 1 and is_devanagari_consonant(last[0]) and is_devanagari_consonant(last.rstrip("\u093c")[-1]) \
            and (bare(last) or last.rstrip("\u093c")[-1] not in "रयव"):
        cl[-1] += "\u094d"
    for i in range(n - 2, 0, -1):
        if bare(cl[i]) and voiced(cl[i - 1]) and is_devanagari_consonant(cl[i + 1][0]) \
                and "\u094d" not in cl[i + 1] and voiced(cl[i + 1]):
            cl[i] += "\u094d"
    return "".join(cl)


def _hinglish(word: str) -> str:
    from indic_transliteration import sanscript  # noqa: PLC0415

    # candra o (ऑ, ॉ: English loans such as डॉक्टर) is read as o
    word = word.replace("\u0911", "\u0913").replace("\u0949", "\u094b")
    iast = sanscript.transliterate(_delete_schwas(word), sanscript.DEVANAGARI, sanscript.IAST)
    iast = iast.replace("ṃ", "n").replace("ṁ", "n").replace("ś", "sh").replace("ṣ", "sh").replace("ṛ", "ri")
    iast = iast.replace("ch", "\0").replace("c", "ch").replace("\0", "chh")
    plain = "".join(c for c in unicodedata.normalize("NFD", iast) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", plain)


def _pinyin(run: str) -> str:
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    from .segment import segment  # noqa: PLC0415

    return " ".join("".join(lazy_pinyin(w)) for w in segment(run, "zh"))


@lru_cache(maxsize=65536)
def romanize(word: str, language: str) -> str:
    """``word`` (a run of word characters) in Latin script; unchanged when it has no
    character of a script this module romanises."""
    try:
        if any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in word):
            return _pinyin(word)
        if any("\u0900" <= c <= "\u097f" for c in word):
            return _hinglish(word)
        if any("\u0600" <= c <= "\u06ff" for c in word):
            return _arabizi(word)
        if any("\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff" for c in word):
            return _greeklish(word)
        if any("\u0400" <= c <= "\u04ff" for c in word):
            from anyascii import anyascii  # noqa: PLC0415

            return anyascii(word)
    except ModuleNotFoundError as e:
        raise MissingResource(f"transliteration needs {e.name}: `pip install {e.name}`") from e
    return word


class Transliterate(WordEditPerturbation):
    """Romanise ``rate`` of the editable words (1.0: the whole query typed in Latin script;
    less: a code-mixed query). A Chinese run is romanised whole, word by word.

    Args:
        rate: share of editable words (not yet in Latin script) to romanise; max_edits: cap.
    """

    name = "translit"
    segment_words = False  # a run is romanised whole, its words separated by spaces

    def __init__(self, rate: float = 1.0, max_edits: int | None = None,
                 candidates_per_word: int | None = 16) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)

    def editable(self, word: str, language: str) -> bool:
        return romanize(word, language) != word and super().editable(word, language)

    def counts(self, word: str, language: str) -> bool:
        # the budget counts the words that have something to romanise
        return romanize(word, language) != word

    @property
    def uses_rng(self) -> bool:
        # every counted word has a rewrite: at rate 1.0 without a cap all of them are edited
        return not (self.rate >= 1.0 and self.max_edits is None)

    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        r = romanize(word, language)
        return (r, "translit") if r != word else None

    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        r = romanize(word, language)
        return [(r, "translit")] if r != word else []
