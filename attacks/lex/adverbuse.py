"""L -> en (German, Russian): a word used as an adverb takes an English adverb, not the adjective.

The judged L -> en sets reject an adverb rendered as the adjective of the same stem (bench/RESULTS.md section 218,
branch l2en37; "part of speech" in sections 191.1 and 197.1): de "extrem weit verbreitet" -> "extreme" (extremely,
twice), "nicht vollständig beschrieben" -> "full" (completely, twice), ru "временно закрыла" -> "temporary"
(temporarily). The sources rank the adjective first because a German adjective and its adverb are one word
(extrem), and MUSE lists the adjective first for the Russian adverb too; the adverb is usually among the
candidates or MUSE's entries for the same form (extrem: extremely; vollständig: completely, fully; временно:
temporarily).

When is the word an adverb?

- **Russian**: pymorphy3 tags it ``ADVB`` (the analysis's ``pos == "ADV"``) and the next word is the verb,
  adjective or adverb it modifies (a predicative adverb, роста недостаточно "growth is insufficient", is left).
- **German**: no tagger runs on German queries here. A German adjective is inflected when it is attributive (eine
  extreme Kälte) and bare when predicative or adverbial; a bare adjective (the word is its own simplemma lemma)
  followed by a lower-case word that is no function word (German writes every noun capitalised, so that word is
  an adjective, participle, adverb or verb it modifies: extrem weit, extrem selten, vollständig bewaldet) is
  used as an adverb. A predicative adjective ends its clause (ist extrem ?) or stands before a function word
  (schwierig zu), and is left alone.

Then only English adverbs are offered (a candidate, or MUSE's entry for the form, that WordNet lists as an adverb
and that is one word), in the order the sources and MUSE give them. When there is none and the first candidate has
no adverb reading in WordNet, the word is not switched: no source gives the adverb, and the adjective is another
part of speech.

Hand-written over WordNet's parts of speech and pymorphy3's tag: neither library says which English word renders
a German bare adjective in adverbial use.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: the source languages the rule is measured for (section 218: the judged de and ru L -> en rows)
LANGUAGES = frozenset({"de", "ru"})
#: German copulas (simplemma lemmas): the adjective before one of them is predicative
_COPULAS = frozenset({"sein", "werden", "bleiben"})


def german_adverbial(words: Sequence[str], i: int, lemma: str, function_words: Collection[str]) -> bool:
    """Whether the German word ``words[i]`` is a bare adjective used as an adverb: lower case, its own lemma
    (``lemma``, simplemma's; uninflected), and followed by a lower-case word that is not a function word."""
    word = words[i]
    if not word[:1].islower() or not word.isalpha() or word.lower() != (lemma or "").lower():
        return False
    if i + 1 >= len(words) or (i > 0 and words[i - 1].lower() == "wie"):
        return False  # (wie lange, wie nahe: "how long", "how near" take the same English word)
    nxt = words[i + 1]
    if not (nxt[:1].islower() and nxt.isalpha() and nxt.lower() not in function_words):
        return False
    from .lemmaform import lemma_of

    # a predicative adjective before its copula at the end of a clause (mit der Verfassung vereinbar sei)
    return (lemma_of(nxt, "de") or nxt.lower()) not in _COPULAS


#: verbs whose complement is a bare adjective at the end of the clause (was macht X einzigartig, was fand er
#: schwierig): that adjective is predicative, not an adverb (simplemma lemmas)
_COMPLEMENT_VERBS = frozenset({"machen", "finden", "halten", "lassen", "nennen", "bezeichnen", "gelten",
                               "erscheinen", "scheinen", "wirken", "aussehen", "klingen", "fühlen"})
#: words before which a bare adjective is predicative (für wichtig, als gefährlich, so groß, zu klein, wie alt)
_PREDICATIVE_BEFORE = frozenset({"für", "als", "so", "zu", "wie", "sehr", "nicht", "ganz", "besonders"})


def german_final_adverbial(words: Sequence[str], i: int, lemma: str, function_words: Collection[str]) -> bool:
    """Whether the German word ``words[i]``, a bare adjective (its own ``lemma``) that ends the question, is used
    as an adverb of the whole clause (Was repräsentiert die Eoandromeda mutmaßlich? Wie hieß das Museum
    ursprünglich?: "presumably", "originally"; section 227 of branch de38): the question holds no copula and no
    verb taking an adjective complement, and the word before is a capitalised noun (the clause's subject or
    object), not a degree or comparison word (für wichtig, so groß)."""
    word = words[i]
    if i != len(words) - 1 or i < 2 or not word[:1].islower() or not word.isalpha() \
            or word.lower() != (lemma or "").lower() or word.lower() in function_words:
        return False
    before = words[i - 1]
    if not before[:1].isupper() or before.lower() in _PREDICATIVE_BEFORE:
        return False
    from .lemmaform import lemma_of

    verbs = {(lemma_of(w, "de") or w).lower() for w in words[:i] if w[:1].islower() or w is words[0]}
    return not (verbs & (_COPULAS | _COMPLEMENT_VERBS))


def is_adverb(word: str, wn: Any) -> bool:
    """Whether the single English word ``word`` reads as an adverb: WordNet lists at least as many adverb senses of
    it as adjective ones (extremely, well: yes; full, whose one adverb sense is "full in the face", high: no)."""
    if " " in word:
        return False
    adverb = len(wn.synsets(word, pos="r"))
    return adverb > 0 and adverb >= len(wn.synsets(word, pos="a"))  # (pos "a" includes the satellites)


def is_number(word: str, wn: Any) -> bool:
    """Whether the English ``word`` names a number (seven, hundred): WordNet files a noun sense of it under
    number.n.02. A numeral before an inflected adjective (die sieben englischen Vorträge) is no adverb."""
    return any(h.name() == "number.n.02" for s in wn.synsets(word, pos="n") for path in s.hypernym_paths()
               for h in path)


def adverb_candidates(cands: Sequence[str], entries: Sequence[str], wn: Any) -> tuple[str, ...]:
    """For an L word used as an adverb: the English adverbs among ``cands`` then ``entries`` (MUSE's for the form),
    in that order; ``cands`` unchanged when its first word is an adverb already (loud, high: the adjective and the
    adverb are one English word); () when no adverb is offered and the first candidate has no adverb reading."""
    if not cands or wn is None:
        return tuple(cands)
    if is_adverb(cands[0], wn):
        return tuple(cands)
    adverbs = tuple(dict.fromkeys(c for c in (*cands, *entries) if c.isalpha() and is_adverb(c, wn)))
    if not adverbs:
        logger.debug("adverbial use without an English adverb: %s not switched", cands[0])
    return adverbs


def adverb_use(cands: Sequence[str], words: Sequence[str], i: int, lang: str, pos: str,
               entries: Sequence[str], wn: Any, function_words: Collection[str],
               next_pos: str = "") -> tuple[str, ...]:
    """``cands`` for the word ``words[i]`` of a ``lang`` query, restricted to English adverbs when the word is used
    as an adverb (Russian: ``pos`` is ``ADV`` and ``next_pos``, the next word's tag, a verb, adjective or adverb;
    German by ``german_adverbial``); unchanged otherwise, for another language, or without WordNet. ``entries``:
    MUSE's English for the form."""
    if lang not in LANGUAGES or not cands or wn is None:
        return tuple(cands)
    if lang == "ru":
        # an adverb before the verb, adjective or adverb it modifies (временно закрыла); a predicative one
        # (роста недостаточно "growth is insufficient") keeps the adjective English uses there
        used = pos == "ADV" and next_pos in ("VERB", "ADJ", "ADV")
    else:
        from .lemmaform import lemma_of

        first = cands[0].split()[0]
        lemma = lemma_of(words[i], lang) or words[i]
        used = german_adverbial(words, i, lemma, function_words) \
            and bool(wn.synsets(first, pos="a")) and not is_number(first, wn)
        if not used and german_final_adverbial(words, i, lemma, function_words) \
                and wn.synsets(first, pos="a") and not wn.synsets(first, pos="r") \
                and not wn.synsets(first, pos="v"):  # (an infinitive at the end: gehen "going")
            # the weaker cue (section 227, de38): an adverb replaces an adjective that has no adverb reading
            # (ursprünglich: originally, not original); the word keeps its English when no adverb is offered
            # (hieß ... willkommen: welcome), and an English word that is an adverb too (alone) stays
            return adverb_candidates(cands, entries, wn) or tuple(cands)
    return adverb_candidates(cands, entries, wn) if used else tuple(cands)
