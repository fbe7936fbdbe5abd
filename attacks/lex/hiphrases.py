"""L -> en (Hindi): a word whose English is wrong inside a Hindi construction or term stays unswitched.

L -> en code-switching switches a Hindi query one word at a time, taking each word's dictionary English (MUSE hi-en
and FreeDict eng-hin read backwards). Inside some constructions that English is another sense or another part of
speech, judged wrong in the hi L -> en sets (development data; bench/RESULTS.md section 214 and section 219 of
branch hi37, which lists every judged word these entries touch):

- a noun or adverb joined to a light verb (noun + करना "do", a conjunct verb) or a verb stem before an auxiliary
  means the verb, not the noun: प्रवेश किया "entered" (not "admission"), दान किये "donated" (not "charity"), दूर
  करना "remove" (not "far"), ग्रहण करना "adopt, take up" (not "eclipse"), भूमिका निभाना "play a role" (the
  dictionaries' agreed English of भूमिका is the preface sense, "introduction"), बोली जाती "is spoken" (the verb
  बोलना, not the auction "bid"), बस गए "settled" (the verb बसना, not "bus"), चरम पर "at a peak" (not "extreme");
- a word of a term of art or of a name whose English is not the word's own: यूरोपीय संघ "European Union" (not
  "association"), हवाई अड्डा "airport" (not "aerial"), सामान्य विमानन "general aviation" (not "common"), सूजन
  विरोधी "anti-inflammatory" (not "antagonist"), जीवन समर्थक "pro-life" (not "supporters"), पैतृक अवकाश
  "paternity leave" (not "ancestral"), प्रतिजनी भिन्नता "antigenic variation" (not "difference"), विकास के सिद्धांत
  "theory of evolution" (not "development").

No shipped dictionary gives these units' English (MUSE lists single words; FreeDict eng-hin has none of them), so
the word is left as it is, as ``lex.fixedphrases`` does for ru and ar; the other words of the query stay
switchable. A hand-written table (no maintained library lists Hindi conjunct verbs with the sense they take; the
analysis gives Hindi words no lemma, so the entries are surface forms). Only constructions whose word was judged
wrong are listed, and only with the partner forms that make the construction: दूर alone stays "far" (कितनी दूर है
"how far is it", judged right), समर्थक alone "supporter" (judged right twice).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: the finite and non-finite forms of the light verb करना "do" (not की, which is also the genitive "of")
_KARNA = ("करना", "करने", "करता", "करती", "करते", "किया", "किये", "किए", "कर", "करें", "करेगा", "करेंगे")
#: forms of निभाना "perform, play (a role)"
_NIBHANA = ("निभाना", "निभाने", "निभाता", "निभाती", "निभाते", "निभाया", "निभाई", "निभाए")
#: forms of the passive auxiliary जाना after a perfective participle (बोली जाती "is spoken")
_PASSIVE = ("जाती", "जाता", "जाते", "जाने", "जाए", "जाएगी", "गई", "गया")
#: forms of गया "went" after a verb stem (बस गए "settled")
_WENT = ("गए", "गये", "गया", "गई", "गयी")

#: (locked word, partner words, window): word ``i`` is locked when one of the partner words stands within
#: ``window`` words after it (before it for a negative window)
TERMS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("प्रवेश", _KARNA, 1),          # प्रवेश किया: entered (not "admission"; agree26-rev25-L, rev21-rev21a-hi)
    ("दान", _KARNA, 1),             # दान किये गए: donated (not "charity"; rev21-rev21a-hi)
    ("दूर", _KARNA, 1),             # दूर करना: remove, end (not "far"; rev21-rev21a-hi)
    ("ग्रहण", _KARNA + ("सदस्यता",), 1),  # ग्रहण करना: adopt, take up (not "eclipse")
    ("ग्रहण", ("सदस्यता",), -1),     # सदस्यता ग्रहण की: took up membership (rev21-rev21a-hi)
    ("भूमिका", _NIBHANA, 1),        # भूमिका निभाना: play a role (not "introduction"; rev27-rev27b-hi)
    ("बोली", _PASSIVE, 1),          # बोली जाती है: is spoken (not "bid"; agree26-rev25-L)
    ("बस", _WENT, 1),               # बस गए: settled (not "bus"; rev26-rev26a-hi)
    ("चरम", ("पर",), 1),            # चरम पर: at a peak (not "extreme"; rev27-rev27b-hi)
    ("संघ", ("यूरोपीय",), -1),       # यूरोपीय संघ: the European Union (not "association"; rev20a, rev21a)
    ("हवाई", ("अड्डा", "अड्डे", "अड्डों"), 1),  # हवाई अड्डा: airport (not "aerial"; rev21-rev21a-hi)
    ("सामान्य", ("विमानन",), 1),     # सामान्य विमानन: general aviation (not "common"; rev27-rev27b-hi)
    ("विरोधी", ("सूजन",), -1),       # सूजन विरोधी: anti-inflammatory (not "antagonist"; rev21-rev21a-hi)
    ("समर्थक", ("जीवन",), -1),       # जीवन समर्थक: pro-life (not "supporters"; rev27-rev27b-hi)
    ("पैतृक", ("अवकाश",), 1),        # पैतृक अवकाश: paternity leave (not "ancestral"; rev27-rev27b-hi)
    ("भिन्नता", ("प्रतिजनी",), -1),   # प्रतिजनी भिन्नता: antigenic variation (not "difference"; rev27-rev27b-hi)
    ("विकास", ("सिद्धांत",), 2),      # विकास के सिद्धांत: the theory of evolution (not "development"; agree29-rev24-L)
)


def locked_word(words: Sequence[str], i: int) -> str:
    """"hi-construction" when word ``i`` of a Hindi query (``words``: its words, surface forms) is the locked word of
    an entry of ``TERMS`` whose partner stands within the entry's window; "" otherwise.

    >>> locked_word(["व्हाइट", "ने", "सिटी", "हॉल", "में", "कैसे", "प्रवेश", "किया"], 6)
    'hi-construction'
    >>> locked_word(["जैक्सनविल", "कितनी", "दूर", "है"], 2)
    ''
    """
    me = words[i]
    for locked, partners, window in TERMS:
        if me != locked:
            continue
        span = range(i + 1, min(len(words), i + 1 + window)) if window > 0 else range(max(0, i + window), i)
        if any(words[j] in partners for j in span):
            logger.debug("%s locked before/after %s", me, partners)
            return "hi-construction"
    return ""
