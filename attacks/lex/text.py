"""Language codes, word splitting, case matching, budgets and atomic cache writes shared by the
word-level attacks (split out of attacks/lexicon.py)."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
import threading
from pathlib import Path

from ..base import AttackError

# ISO 639-1 -> OMW 1.4 language code (the languages OMW 1.4 ships; no German, Russian, Hindi).
OMW_CODES: dict[str, str] = {
    "sq": "als", "ar": "arb", "bg": "bul", "zh": "cmn", "da": "dan", "el": "ell", "fi": "fin",
    "fr": "fra", "he": "heb", "hr": "hrv", "is": "isl", "it": "ita", "ja": "jpn", "ca": "cat",
    "eu": "eus", "gl": "glg", "es": "spa", "id": "ind", "ms": "zsm", "nl": "nld", "nn": "nno",
    "nb": "nob", "no": "nob", "pl": "pol", "pt": "por", "ro": "ron", "lt": "lit", "sk": "slk",
    "sl": "slv", "sv": "swe", "th": "tha",
}

# ISO 639-1 code -> NLTK stopwords file name (nltk_data/corpora/stopwords/<name>).
NLTK_STOPWORD_FILES: dict[str, str] = {
    "ar": "arabic", "az": "azerbaijani", "be": "belarusian", "bn": "bengali", "ca": "catalan",
    "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "eu": "basque", "fi": "finnish", "fr": "french", "he": "hebrew", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "kk": "kazakh", "nb": "norwegian", "ne": "nepali",
    "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sl": "slovene", "sq": "albanian", "sv": "swedish", "tg": "tajik", "tr": "turkish",
    "zh": "chinese",
}
# stopwords-iso names Norwegian Bokmal "no" only
_ISO_STOPWORD_ALIASES = {"nb": "no"}

# Languages whose nouns are capitalised: a capital there says nothing about sentence position.
NOUN_CAPITALISING = frozenset({"de", "lb"})

DEFAULT_TRANS_DE_EN = Path("/usr/share/trans/de-en")
NLTK_HINT = ("install the nltk-data resource (`robustir resources fetch nltk-data`, or pass "
             "resource_paths={'nltk-data': DIR} with DIR/corpora/wordnet and DIR/corpora/omw-1.4)")

_LOCK = threading.Lock()
_WORDNETS: dict[str, object] = {}
_STOPWORDS: dict[tuple[str, str], frozenset[str]] = {}
_DICTS: dict[tuple, object] = {}  # attacks.lex.dictionaries.DictLexicon values
_POS_ORDER = "nvar"


@functools.lru_cache(maxsize=4096)
def iso_code(language: str) -> str:
    """Normalise a language tag (``es``, ``ES``, ``es-MX``, ``pt_BR``) to its ISO 639-1 part
    (memoised: it runs once per perturbed query)."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] if language else ""



# ---------------------------------------------------------------- helpers


def _splitter():
    try:  # the tokeniser's own word regex, so Edit positions match attacks.tokenize.words()
        from ..tokenize import _WORD

        return re.compile("(" + _WORD.pattern + ")", _WORD.flags).split
    except ImportError:  # pragma: no cover - tokenize changed its internals
        from ..tokenize import tokenize

        def split(text: str) -> list[str]:
            out = [""]
            for t in tokenize(text):
                if t.is_word:
                    out += [t.text, ""]
                else:
                    out[-1] += t.text
            return out
        return split


# ``split_words(text)`` -> ``[sep, word, sep, word, ..., sep]``: word ``i`` of
# ``attacks.tokenize.words`` is ``parts[2 * i + 1]`` and ``"".join(parts)`` is the text. One
# regex pass gives both the words and the reassembly, which keeps the random recipes fast.
split_words = _splitter()


def has_letter(word: str) -> bool:
    """True when ``word`` has a letter and no digit (numbers and codes are never swapped)."""
    return any(c.isalpha() for c in word) and not any(c.isdigit() for c in word)


def match_case(original: str, replacement: str, source_language: str = "en",
               sentence_initial: bool = False) -> str:
    """``replacement`` with the capitalisation pattern of ``original`` (``source_language``:
    an ISO 639-1 code as returned by ``iso_code``).

    ALL-CAPS stays all caps; a capitalised word passes its capital on, except a
    capital that only marks a German noun (not sentence-initial); a lower-case word
    keeps the lexicon's own case (German nouns stay capitalised in German output).
    """
    if not replacement or not original:
        return replacement
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[0].isupper():
        if source_language in NOUN_CAPITALISING and not sentence_initial:
            return replacement
        return replacement[0].upper() + replacement[1:]
    return replacement


def check_rate(rate: float, max_edits: int | None) -> None:
    """Validate the common budget arguments with one-line errors."""
    if not isinstance(rate, (int, float)) or not 0.0 <= float(rate) <= 1.0:
        raise AttackError(f"rate must be a number between 0 and 1, got {rate!r}")
    if max_edits is not None and (not isinstance(max_edits, int) or max_edits < 0):
        raise AttackError(f"max_edits must be a non-negative integer, got {max_edits!r}")


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file and a rename: a crash never leaves a partial cache file."""
    # attacks/ never imports robustir, so this mirrors robustir.io.atomic_write_text.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

