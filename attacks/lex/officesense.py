"""A head-of-state noun with no organisation beside it ("does the president have the power to pardon"): not the
translation that names the noun's other office (the chair of a meeting or a body).

Held-out and development sets judged hi अध्यक्ष wrong for "president" 11 times in 11 (v15-v32: "does the president
always fly on a 747", "does france have a president and a prime minister"; bench/RESULTS.md section 186.10): the
dictionaries list राष्ट्रपति (head of state) first and अध्यक्ष (the chair of a body) second, and the context filter
preferred the second. WordNet separates the senses: president.n.03 ("the chief executive of a republic") is a kind
of head_of_state.n.01, president.n.04 is also "chairman, chairwoman, chair, chairperson". अध्यक्ष reads back as
"chairman", राष्ट्रपति as "president" only. A bare office noun (no "of" after it, no noun before it: "the
president of the club", "the club president" name a body) is the state's office, so a candidate the dictionaries
read back as a word of one of the noun's other senses goes when a candidate that does not remains. WordNet decides
which nouns qualify (a sense under head_of_state.n.01) and which words name the other offices (their one-word
lemmas); the read-back is ``Sources._read_back``'s. Hand-written (no library ranks dictionary entries by sense);
bench/RESULTS.md section 199 measures it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

#: the WordNet synset every state office's sense is a kind of (president.n.03, king.n.01, prime_minister.n.01)
HEAD_OF_STATE = "head_of_state.n.01"


def _kinds(sense: Any) -> set[Any]:
    """``sense``'s hypernyms and instance hypernyms, transitively."""
    return set(sense.closure(lambda s: s.hypernyms() + s.instance_hypernyms()))


@lru_cache(maxsize=4096)
def _other_office_words_cached(wn: Any, lemma: str) -> frozenset[str]:
    senses = wn.synsets(lemma, pos="n")
    head = wn.synset(HEAD_OF_STATE)
    # (a kind of head of state the noun itself names, not a person of that office: George Bush, a sense of "bush",
    # is an instance; nor an abbreviation's other capitalised word: "pm" -> PM, prime_minister.n.01)
    state = [s for s in senses if not s.instance_hypernyms() and lemma in s.lemma_names() and head in _kinds(s)]
    if not state:
        return frozenset()
    words: set[str] = set()
    for s in senses:
        if s in state:
            continue
        for name in s.lemma_names():
            low = name.lower()
            if "_" not in low and low != lemma and not name[:1].isupper():
                words.add(low)
    # (a word the state sense also lists names both: not evidence for the other office)
    return frozenset(words - {n.lower() for s in state for n in s.lemma_names()})


def other_office_words(wn: Any, lemma: str) -> frozenset[str]:
    """The one-word, lower-case WordNet lemmas (``lemma`` left out) of ``lemma``'s noun senses that are not a head
    of state, for a noun one of whose senses is (president -> chairman, chairwoman, chair, chairperson, prexy);
    empty for any other noun."""
    return _other_office_words_cached(wn, lemma.lower())


def bare_office(words: Sequence[str], tags: Sequence[str], i: int) -> bool:
    """Whether word ``i`` of a query (``words`` lower case, ``tags`` their universal parts of speech) stands with no
    organisation beside it: no "of" after it ("the president of the club") and no noun right before it ("the
    club president", "vice president")."""
    if i + 1 < len(words) and words[i + 1] == "of":
        return False
    return not (i > 0 and (tags[i - 1] in ("NOUN", "PROPN") and words[i - 1] not in _COUNTRY_FREE
                           or words[i - 1] == "vice"))


#: nouns before an office that still name the state's office ("us president" is tagged PROPN NOUN): none are
#: needed beyond the ones the tagger marks as adjectives (french, american); kept empty and explicit
_COUNTRY_FREE: frozenset[str] = frozenset({"us", "u.s.", "u.s"})


def state_office_candidates(cands: tuple[str, ...], backs: Sequence[set[str]], others: frozenset[str]
                            ) -> tuple[str, ...]:
    """``cands`` less those whose read-back (``backs``, one set of English words per candidate) holds a word of
    ``others`` (``other_office_words``), when at least one candidate is left; ``cands`` unchanged otherwise."""
    if not others:
        return cands
    kept = tuple(c for c, back in zip(cands, backs, strict=True) if not back & others)
    if kept and len(kept) < len(cands):
        logger.debug("state office: %s of %s kept", kept, cands)
        return kept
    return cands


__all__ = ["HEAD_OF_STATE", "bare_office", "other_office_words", "state_office_candidates"]
