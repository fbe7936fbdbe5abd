"""Hindi words that are English loanwords written in Devanagari: चैनल "channel", नंबर "number", कोर्ट "court".

Why: L -> en code-switching keeps a candidate that one source alone proposes only when no other source,
read from English, says the candidate means another word (``Sources._back_confirms``). For Hindi the only
backward source is FreeDict eng-hin, which lists native words (channel -> नहर, court -> अदालत) and not the
English loans Hindi also uses, so MUSE's right translation of a loan is vetoed: on fresh MLQA-R questions
(bench/results-cov30.md, section 27) 12 of hi's 29 vetoed words are such loans (चैनल, नंबर, रैंक, कोर्ट,
एस्पिरिन, रिलीज, बुक ...). A loan *is* its English word, so the veto proves nothing for it.

The test is a consonant skeleton: the Hindi word romanised (``indic_transliteration``, IAST) and the English
word, each reduced to its consonant sounds (aspiration, retroflexion, vowels, y and h dropped; nasals merged;
English spellings c/ck/q/ph/w/z/tion folded to the sounds Hindi writes), must be equal and at least two
consonants long. Short native words whose one consonant happens to match an English word (पाई "found" ->
pie, section 172.4) have a one-consonant skeleton and are not read as loans; native words whose English
translation sounds different (गई "went", प्रति "towards") do not match.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

logger = logging.getLogger(__name__)

#: shortest skeleton read as a loan: one consonant (पाई p / pie p) matches too many native words
MIN_CONSONANTS = 2

# IAST (after marks are mapped) -> sound classes; longest first
_HI = [("kh", "k"), ("gh", "g"), ("ch", "C"), ("c", "C"), ("jh", "j"), ("ṭh", "t"), ("ṭ", "t"), ("th", "t"),
       ("ḍh", "d"), ("ḍ", "d"), ("dh", "d"), ("ph", "f"), ("bh", "b"), ("ś", "S"), ("ṣ", "S"), ("z", "s"),
       ("q", "k"), ("ṃ", "N"), ("ṅ", "N"), ("ñ", "N"), ("ṇ", "N"), ("n", "N"), ("m", "N"), ("r̤", "r"),
       ("ṛ", "r"), ("w", "v")]
_EN = [("igh", "i"), ("tion", "SN"), ("sion", "SN"), ("sch", "sk"), ("gn", "N"), ("ch", "C"), ("sh", "S"),
       ("th", "t"), ("ph", "f"), ("ck", "k"), ("qu", "kv"), ("x", "ks"), ("q", "k"), ("w", "v"), ("z", "s"),
       ("n", "N"), ("m", "N")]
_VOWELS = re.compile(r"[aeiouyhāīūṝḹēōṁḥ̤\u0911\u0949\u0945\u090d]")  # (IAST keeps candra ऑ ॉ, ॅ ऍ of loans: कॉलेज)


def _fold(text: str, table: list[tuple[str, str]]) -> str:
    out = []
    i = 0
    while i < len(text):
        for src, dst in table:
            if text.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _collapse(sounds: str) -> str:
    """Vowels dropped and runs of one consonant class made one (channel: C N N l -> C N l)."""
    kept = _VOWELS.sub("", sounds)
    return re.sub(r"(.)\1+", r"\1", kept)


@lru_cache(maxsize=4096)
def hindi_skeleton(word: str) -> str:
    """The consonant skeleton of a Devanagari word: नंबर -> ``Nbr``, चैनल -> ``CNl``."""
    from indic_transliteration import sanscript

    roman = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.IAST).lower()
    return _collapse(_fold(roman, _HI))


@lru_cache(maxsize=4096)
def english_skeleton(word: str) -> str:
    """The consonant skeleton of an English word: number -> ``Nbr``, channel -> ``CNl``."""
    low = word.lower()
    # c before e/i/y is the s sound (aspirin has none; "cinema", "licence"), else k
    low = re.sub(r"c(?=[eiy])", "s", low)
    low = re.sub(r"c(?!h)", "k", low)
    return _collapse(_fold(low, _EN))


def is_loan(hindi: str, english: str, least: int = MIN_CONSONANTS) -> bool:
    """True when the Devanagari ``hindi`` word writes the English ``english`` word (a loan): their
    consonant skeletons are equal and at least ``least`` long. One English word only."""
    if not hindi or not english or " " in english or not english.isascii() or not english.isalpha():
        return False
    hs = hindi_skeleton(hindi)
    same = len(hs) >= least and hs == english_skeleton(english)
    if same:
        logger.debug("hi loan: %s = %s (%s)", hindi, english, hs)
    return same


def _devanagari(word: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in word)


def foreign(word: str, entries: list[str]) -> bool:
    """True when a Devanagari ``word`` (not a function word; the caller filters those) reads as
    foreign: no dictionary lists it (``entries`` empty: a transliterated name, हटन, ओलीवर) or it is a loan
    of one of ``entries`` (बाउल bowl; the caller passes a few of each source's first). Non-Devanagari words
    (digits, Latin) are not foreign."""
    if not _devanagari(word):
        return False
    # (any skeleton, even an empty one: हाई high, डे day are a name's pieces as often as पार्क is; a false
    # "foreign" only keeps a loan unswitched)
    return not entries or any(is_loan(word, e, least=0) for e in entries)


def loan_allowed(neighbours: list[tuple[str, list[str]]]) -> bool:
    """Whether a Hindi word may be switched as a loan of its English candidate, given its neighbours
    (the words right before and after it, each with its dictionary entries; function words left out by
    the caller).

    Why: Hindi has no capitals, and a name written in Devanagari is a loan of its English words too
    (सुपर बाउल Super Bowl, हाइड पार्क डे स्कूल, ओलीवर स्टोन): its pieces would be switched one by one as common
    words (super, park, stone). A name's piece has a foreign neighbour (another loan, or a word no
    dictionary lists); a loan used as a common word (कैंसर, इस बेसिन में) mostly has native neighbours. A name
    of one word between function words (मिल्क के, Harvey Milk) is not caught."""
    return not any(foreign(w, e) for w, e in neighbours)
