"""The sense of an English noun that shares a subject label with another noun of the query.

"is it a strike if the catcher drops the ball": WordNet's catcher.n.01 (the first sense) is "(baseball) the
person who plays the position of catcher", and of strike's senses only strike.n.05 is "(baseball) a pitch that
the batter swings at and misses"; the dictionaries translate the first, the labour strike (judged v23, bench/
RESULTS.md sections 96/97: es huelga, hi हड़ताल, ar الضربة). WordNet writes a subject either as a topic-domain
link (catcher.n.01 -> baseball.n.01) or as a parenthesised label opening the gloss (strike.n.05 has no link,
only "(baseball)"); ``lex.domainsense`` reads the links alone, so it does not see this.

A sense's subjects are the lemmas of its topic domains and the label opening its gloss when that label names
a WordNet topic domain (a noun with a synset that some synset is filed under: "baseball", "law"; not a register
such as "informal"). The query's subjects are those of its other nouns' first senses (first senses only, as
``domainsense.sister_sense``: any sense of any noun named too much there). None unless exactly one sense of the
word shares one, it is not the first sense, and the first sense shares none. Hand-written (no library reads
WordNet's gloss labels); WordNet decides what a subject is.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

from .domainsense import _only_other_sense

logger = logging.getLogger(__name__)

#: a gloss's opening label: "(baseball) a pitch that ..."
_LABEL = re.compile(r"^\(([a-z][a-z ]*)\)")


@functools.lru_cache(maxsize=8192)
def _subjects(wn: Any, syn: Any) -> frozenset[str]:
    """The subjects of synset ``syn``: its topic domains' lemmas and its gloss label where that names one."""
    out = {name.lower() for d in syn.topic_domains() for name in d.lemma_names()}
    m = _LABEL.match(syn.definition())
    if m:
        label = m.group(1).strip().replace(" ", "_")
        if any(s.in_topic_domains() for s in wn.synsets(label, pos="n")):
            out.add(label)
    return frozenset(out)


def label_sense(wn: Any, lemma: str, context: Iterable[str]) -> Any | None:
    """The WordNet noun sense of ``lemma`` that shares a subject with the first sense of a noun of
    ``context`` (the query's other nouns, lemmatised), or None (see the module docstring for when)."""
    senses = wn.synsets(lemma, pos="n")
    if len(senses) < 2:
        return None
    own = set(senses)
    ctx: set[str] = set()
    for word in context:
        first = wn.synsets(word, pos="n")[:1] if word and word != lemma else []
        for s in first:
            if s not in own:
                ctx |= _subjects(wn, s)
    if not ctx:
        return None
    return _only_other_sense(lemma, senses, lambda s: bool(_subjects(wn, s) & ctx), "label")


__all__ = ["label_sense"]
