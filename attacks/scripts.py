"""Per-script character tables for realistic character noise.

What a person mistyping a word in a given script can produce:

* ``keyboard_neighbours(layout)``: keys next to a key on a national layout
  (rows below; nlpaug ships tables for 11 layouts but none for Russian,
  Greek, Arabic or Devanagari and its ``uk`` table types Ukrainian letters into
  Russian words, so the layouts are written here as key rows, unshifted);
* Arabic: only the letters of the Arabic alphabet (never Urdu/Pashto/Persian
  letters such as ڬ ڑ ږ) and the spelling confusions Arabic writers really make
  (ة/ه, ى/ي, hamza seats);
* Devanagari: edits on whole aksharas and vowel signs (matras) so that a vowel
  sign always follows a consonant (no "शब्ेद"): matra confusions (ि/ी, ु/ू,
  े/ै, ो/ौ), aspirated/unaspirated and sibilant consonant confusions,
  anusvara/chandrabindu/nukta dropped;
* Thai: keyboard slips within a character class (consonant for consonant, tone
  mark for tone mark) so that a combining mark always sits on a consonant;
* ``clusters(word)``: a word cut into grapheme-like clusters (base + combining
  marks, Devanagari conjuncts joined by virama) for swaps and deletions that
  keep every syllable well formed.

Hand-written because no installed library carries keyboard adjacency for these
layouts or Hindi misspelling classes; every table is small and documented.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

# Unshifted letter rows of each layout, top to bottom. A space keeps the stagger where
# a key is not a letter. Rows are staggered like a real keyboard: key i of a row
# touches keys i and i+1 of the row above and i-1 and i of the row below.
LAYOUT_ROWS: dict[str, tuple[str, ...]] = {
    "en": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "de": ("qwertzuiopü", "asdfghjklöä", "yxcvbnm"),
    "es": ("qwertyuiop", "asdfghjklñ", "zxcvbnm"),
    "pt": ("qwertyuiop", "asdfghjklç", "zxcvbnm"),
    "fr": ("azertyuiop", "qsdfghjklm", "wxcvbn"),
    "it": ("qwertyuiopè", "asdfghjklòà", "zxcvbnm"),
    "tr": ("qwertyuıopğü", "asdfghjklşi", "zxcvbnmöç"),
    "pl": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "ru": ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"),
    "uk": ("йцукенгшщзхї", "фівапролджє", "ячсмитьбю"),
    "el": (" ςερτυθιοπ", "ασδφγηξκλ", "ζχψωβνμ"),
    # Arabic 101 (the lam-alef key is left out: it types two letters)
    "ar": ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظ"),
    "he": ("  קראטוןםפ", "שדגכעיחלךף", "זסבהנמצתץ"),
    # Thai Kedmanee, number row included (it carries letters)
    "th": ("ๅ/-ภถุึคตจขช", "ๆไำพะัีรนยบล", "ฟหกดเ้่าสวง", "ผปแอิืทมใฝ"),
}
#: languages typed on another language's layout
LAYOUT_ALIASES = {"ca": "es", "vi": "en", "id": "en", "ms": "en", "sv": "en", "da": "en", "no": "en",
                  "fi": "en", "ro": "en", "cs": "en", "sk": "en", "hr": "en", "sl": "en", "hu": "en",
                  "nl": "en", "be": "ru", "bg": "ru", "sr": "ru", "kk": "ru"}
#: the layout used for a word in a script its language's layout does not type
SCRIPT_LAYOUT = {"LATIN": "en", "CYRILLIC": "ru", "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "THAI": "th"}

#: the letters of the Arabic alphabet (hamza forms, ta marbuta and alef maqsura included)
ARABIC_LETTERS = frozenset("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي")
#: spelling confusions of Arabic writers (both directions where both are common)
ARABIC_SPELLING: dict[str, tuple[str, ...]] = {
    "ة": ("ه",), "ه": ("ة",), "ى": ("ي",), "ي": ("ى",), "أ": ("ا",), "إ": ("ا",), "آ": ("ا",),
    "ا": ("أ",), "ذ": ("ز",), "ظ": ("ض",), "ض": ("ظ",), "ث": ("س",),
}

# Devanagari
DEVANAGARI_VIRAMA = "\u094d"
DEVANAGARI_NUKTA = "\u093c"
DEVANAGARI_DROPPABLE = frozenset("\u0902\u0901\u093c")  # anusvara, chandrabindu, nukta
#: matra confusions (short/long vowel signs, e/ai, o/au): the commonest Hindi misspellings
DEVANAGARI_MATRA: dict[str, tuple[str, ...]] = {
    "\u093f": ("\u0940",), "\u0940": ("\u093f",), "\u0941": ("\u0942",), "\u0942": ("\u0941",),
    "\u0947": ("\u0948",), "\u0948": ("\u0947",), "\u094b": ("\u094c",), "\u094c": ("\u094b",),
}
#: consonant confusions: aspirated/unaspirated pairs, sibilants, retroflex/dental n, b/v
DEVANAGARI_CONSONANT: dict[str, tuple[str, ...]] = {}
for _group in ("कख", "गघ", "चछ", "जझ", "टठ", "डढ", "तथ", "दध", "पफ", "बभ", "सशष", "नण", "बव"):
    for _c in _group:
        DEVANAGARI_CONSONANT[_c] = tuple(dict.fromkeys(DEVANAGARI_CONSONANT.get(_c, ()) +
                                                         tuple(x for x in _group if x != _c)))

# Thai character classes: an edit keeps a character in its class so marks stay on consonants
_THAI_CLASSES = {
    "consonant": frozenset(chr(c) for c in range(0x0E01, 0x0E2F)),
    "above": frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"),
    "below": frozenset("\u0e38\u0e39\u0e3a"),
    "tone": frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c"),
    "leading": frozenset("เแโใไ"),
    "following": frozenset("ะาำๅ"),
}


@lru_cache(maxsize=65536)
def script_of(ch: str) -> str:
    """The script of a character as the first word of its Unicode name (LATIN, CYRILLIC,
    GREEK, ARABIC, DEVANAGARI, THAI, CJK, HANGUL, FULLWIDTH...); "" when unnamed."""
    return unicodedata.name(ch, "").split(" ", 1)[0]


# character -> its first class in _THAI_CLASSES (one dict lookup on the hot path)
_THAI_CLASS_OF: dict[str, str] = {}
for _name, _chars in _THAI_CLASSES.items():
    for _ch in _chars:
        _THAI_CLASS_OF.setdefault(_ch, _name)


def thai_class(ch: str) -> str:
    """The Thai class of ``ch`` (consonant, above, below, tone, leading, following) or ""."""
    return _THAI_CLASS_OF.get(ch, "")


def _allowed(key: str, other: str, layout: str) -> bool:
    if not (other.isalpha() or unicodedata.category(other) == "Mn"):
        return False
    if layout == "th":
        return thai_class(key) == thai_class(other) != ""
    if layout == "ar":
        return other in ARABIC_LETTERS
    return other.isalpha() and key.isalpha()


@cache
def keyboard_neighbours(layout: str) -> dict[str, tuple[str, ...]]:
    """Neighbouring keys of each letter key on ``layout`` (a ``LAYOUT_ROWS`` key), letters
    only (Thai: same character class), upper case mapped to upper case; sorted tuples."""
    rows = LAYOUT_ROWS.get(layout)
    if rows is None:
        from .base import AttackError  # noqa: PLC0415

        raise AttackError(f"no keyboard layout {layout!r} (have: {', '.join(sorted(LAYOUT_ROWS))})")
    table: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            if key == " ":
                continue
            near = [(r, i - 1), (r, i + 1), (r - 1, i), (r - 1, i + 1), (r + 1, i - 1), (r + 1, i)]
            for rr, ii in near:
                if 0 <= rr < len(rows) and 0 <= ii < len(rows[rr]):
                    other = rows[rr][ii]
                    if other != " " and other != key and _allowed(key, other, layout):
                        table.setdefault(key, set()).add(other)
    for key, vals in list(table.items()):
        up = key.upper()
        if len(up) == 1 and up != key:
            table[up] = {v.upper() for v in vals if len(v.upper()) == 1}
    return {k: tuple(sorted(v)) for k, v in sorted(table.items()) if v}


def layout_for(language: str, ch: str) -> str | None:
    """The layout a speaker of ``language`` types ``ch`` on (their own layout when it has
    the key, else the layout of ``ch``'s script); None when no layout types it."""
    lang = LAYOUT_ALIASES.get(language, language)
    if lang in LAYOUT_ROWS and ch.lower() in keyboard_neighbours(lang):
        return lang
    return SCRIPT_LAYOUT.get(script_of(ch))


def clusters(word: str) -> list[str]:
    """``word`` cut into clusters: a base character with its combining marks; Devanagari
    consonants joined by a virama (conjuncts) stay one cluster. Concatenation = ``word``."""
    out: list[str] = []
    for ch in word:
        if out and (unicodedata.category(ch) in ("Mn", "Mc", "Me") or out[-1].endswith(DEVANAGARI_VIRAMA)
                    or ch in "\u200c\u200d"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def is_devanagari_consonant(ch: str) -> bool:
    """True for a Devanagari consonant letter (क..ह, क़..य़)."""
    return 0x0915 <= ord(ch) <= 0x0939 or 0x0958 <= ord(ch) <= 0x095F


def well_formed_devanagari(word: str) -> bool:
    """True when every vowel sign, virama, nukta and anusvara in ``word`` follows a
    consonant, a nukta or (for anusvara/chandrabindu/visarga) a vowel; no sign after a
    virama. Used by tests and the validity benchmark to reject "शब्ेद"-like syllables."""
    prev = ""
    for ch in word:
        o = ord(ch)
        if 0x093E <= o <= 0x094C or o in (0x0962, 0x0963):  # dependent vowel signs
            if not (is_devanagari_consonant(prev) or prev == DEVANAGARI_NUKTA):
                return False
        elif o == 0x094D or o == 0x093C:  # virama, nukta
            if not is_devanagari_consonant(prev) and not (o == 0x094D and prev == DEVANAGARI_NUKTA):
                return False
        elif o in (0x0901, 0x0902, 0x0903) and (  # chandrabindu, anusvara, visarga
                prev == "" or ord(prev) == 0x094D or prev in "\u0901\u0902\u0903"):
            return False
        prev = ch
    return True
