"""The sense of an English noun whose kind another noun of the same query names ("can a knight jump over its
own pieces": knight.n.02, the chessman, is a kind of man.n.10, "piece"), and the candidates fit for it.

Why: the dictionaries translate a noun's first sense, so in a question about chess that names no "chess" (which
``lex.domainsense.domain_sense`` reads) the chess knight and pawn were switched as the armoured rider and the
pledge (judged wrong: knight -> es caballero, fr chevalier x4, it cavaliere x2, pt cavaleiro; pawn -> es empeño
x4; bench/RESULTS.md section 224). WordNet files knight.n.02 and pawn.n.03 under chessman.n.01, itself a
kind of man.n.10 ("game equipment ... used in playing certain board games"), whose lemmas are "man" and
"piece": a query that says "pieces" names the kind.

The evidence is WordNet's hypernym links, two steps up (the sense's hypernyms and theirs), against the other
senses than the first of the query's other nouns, for a sense filed under a topic domain (``kind_sense`` says why
each limit); ``domainsense._only_other_sense`` keeps the rule to one evidenced sense that is not the first, and
none when the first sense is evidenced too. A known misreading: "is a knight a man" reads the chessman (man.n.10 is
a non-first sense of "man"); no judged or scanned question has that shape (section 224). Hand-written: no library
picks a sense from a named hypernym (NLTK's ``nltk.wsd.lesk`` compares glosses); WordNet decides what a kind is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from .domainsense import _kinds, _only_other_sense

logger = logging.getLogger(__name__)

# two steps: knight.n.02 -> chessman.n.01 -> man.n.10 ("piece"); one step misses the chess piece, more
# reach general words (a "thing", an "object") that name a kind of nearly every sense
_STEPS = 2


def _kinds_above(sense: Any, steps: int = _STEPS) -> frozenset:
    """The synsets ``sense`` is a kind or instance of, up to ``steps`` hypernym links up."""
    out: set = set()
    level = {sense}
    for _ in range(steps):
        level = {h for s in level for h in (*s.hypernyms(), *s.instance_hypernyms())}
        out |= level
    return frozenset(out)


def kind_sense(wn: Any, lemma: str, nouns: Iterable[str]) -> Any | None:
    """The WordNet noun sense of ``lemma`` that is a kind (two hypernym links up at most) of some noun sense of
    a word of ``nouns`` (the query's other nouns, lemmatised), or None: None unless exactly one sense is, it is
    not the first sense, and the first sense is not (``domainsense._only_other_sense``)."""
    senses = wn.synsets(lemma, pos="n")
    if len(senses) < 2:
        return None
    own = set(senses)
    # (other senses than the first only: a first sense named kinds of far too many other senses, height ->
    # es auge beside "flag", eye -> fr chas beside "hole": 56 judged-right words changed or lost on the judged
    # en -> es fr it pt rows, section 224; "piece" names the chessman in its 13th sense, man.n.10)
    named = {s for word in nouns if word and word != lemma for s in wn.synsets(word, pos="n")[1:]} - own
    if not named:
        return None

    def kind_of_named(sense: Any) -> bool:
        # (a sense WordNet files under a topic domain only, a term of a field as the chessmen are: without it
        # the rule read "the state's president", "the same height as the flag", "a hole in your eye" in other
        # senses: 31 judged-right words changed or lost on the judged en -> es fr it pt rows, section 224)
        # (a domain as ``domain_sense`` counts one: not a sense of the word itself, war.n.02 filed under war.n.01,
        # nor a kind of the sense, body_of_water.n.01 under ocean.n.01; else "declare war", "sea water" lost
        # es guerra, agua on fresh BoolQ questions, section 224)
        fields = [d for d in sense.topic_domains() if d not in own and d not in _kinds(sense)]
        return bool(fields) and bool(_kinds_above(sense) & named)

    return _only_other_sense(lemma, senses, kind_of_named, "kind")


def kind_candidates(cands: tuple[str, ...], first_names: Iterable[str], kind_names: Iterable[str],
                    domain_candidates: Callable[[tuple[str, ...]], tuple[str, ...]]) -> tuple[str, ...]:
    """``cands`` restricted to the named sense by ``domain_candidates`` (``Sources.domain_candidates`` bound to the
    sense: OMW's lemmas of it, else its first lemma), less any word OMW also lists under the noun's first sense
    (fr chevalier is filed under knight.n.02 and knight.n.01 alike: the rider, judged wrong 4 times), unless every
    word OMW has for the named sense is also the first sense's. None left:
    () and the noun is not switched, which is right when no word of the sense is known. ``kind_names`` (OMW's
    lemmas of the named sense) without a one-word lemma outside the first sense's: what ``domain_candidates``
    keeps, nothing taken out (pt subgrupo, judged right, is OMW's word for the group-theory subgroup and for the
    first sense alike). Not applied to ``domainsense.domain_sense``'s sense: there it also took out ja ネットワーク
    for the TV network (OMW files it under network.n.01 and network.n.02 alike), a right word (section 224)."""
    # (one-word lemmas only: OMW's it "rete delle comunicazioni" for the broadcasting network is no word of its own,
    # and it rete, the TV network's word too, must stay)
    names = {n.lower() for n in kind_names if " " not in n}
    first = {n.lower() for n in first_names}
    if not names or names <= first:
        # no word of its own for the sense, or every one-word lemma OMW has for it is the first sense's too (pt
        # subgrupo for the group-theory subgroup, judged right): nothing is taken out
        return domain_candidates(cands)
    kept = tuple(c for c in domain_candidates(cands) if c.lower() not in first)
    if not kept:
        logger.debug("kind sense: no candidate outside the first sense among %s", cands)
    return kept


__all__ = ["kind_candidates", "kind_sense"]
