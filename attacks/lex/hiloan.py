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
_EN = [("tion", "SN"), ("sion", "SN"), ("sch", "sk"), ("gn", "N"), ("ch", "C"), ("sh", "S"), ("th", "t"), ("ph", "f"), ("ck", "k"),
       ("qu", "kv"), ("x", "ks"), ("q", "k"), ("w", "v"), ("z", "s"), ("n", "N"), ("m", "N")]
_VOWELS = re.compile(r"[aeiouyhāīūṝḹēōṁḥ̤]")


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


def is_loan(hindi: str, english: str) -> bool:
    """True when the Devanagari ``hindi`` word writes the English ``english`` word (a loan): their
    consonant skeletons are equal and at least ``MIN_CONSONANTS`` long. One English word only."""
    if not hindi or not english or " " in english or not english.isascii() or not english.isalpha():
        return False
    hs = hindi_skeleton(hindi)
    same = len(hs) >= MIN_CONSONANTS and hs == english_skeleton(english)
    if same:
        logger.debug("hi loan: %s = %s (%s)", hindi, english, hs)
    return same
