"""Back-translation sense check for en -> L code-switching candidates (``codeswitch-adv``).

``attacks.candidates`` already drops a candidate whose back-translations do not contain the
English word at all (``Sources._round_trips``). That does not catch the wrong *sense* of a
polysemous translation: the English word is one of the candidate's back-translations, but not
its usual one. Judged on ``codeswitch-adv``'s successes (bench/RESULTS.md sections 25.3 and
29): "story" -> étage (floor, storey, story: the *storey* sense), "groups" ->
ensemble (bevy, collection, group, heap, herd, set, together), "competence" -> competencia
(competition, jurisdiction, competitors, competence). The greedy search prefers exactly these:
a wrong sense moves the embedding more than a right one.

The check, per candidate ``t`` of an English word with lemma ``lemma`` (part of speech ``pos``):

* the English word's *intended* sense is its dominant WordNet synset ``D``
  (``attacks.lex.synsense.dominant_sense``, or the only synset of a monosemous word), the
  sense ``codeswitch-adv`` already requires;
* ``t`` is read back into English through every bilingual dictionary that knows it (the MUSE
  dictionary inverted, FreeDict L -> en, Debian's trans-de-en): at most ``FIRST`` entries of
  each, in the dictionary's order (MUSE inverted: the English side's frequency order;
  FreeDict: its sense order);
* a back-translation *names D* (scores 1) when it is the English lemma, a lemma of ``D``, or a
  word whose first WordNet senses include ``D`` or its direct hypernym; a direct hyponym (a
  narrower word: fairy tale / story, encryption / encoding) scores 0.5; inflections are
  matched through WordNet's morphy;
* ``t`` keeps the sense when, in at least one dictionary, its FIRST back-translation names
  ``D`` or its first ``FIRST`` back-translations score at least half of their number;
* when no bilingual dictionary knows ``t`` backwards, the Open Multilingual WordNet decides:
  ``t`` must be a lemma of ``D`` itself in language L (not only of another sense of the
  English word), or unknown to OMW (nothing known backwards: the forward entry stands).

Why hand-written: no maintained library offers a sense-level round-trip test over these
dictionaries (they are read by this package's own loaders); the decision uses WordNet (NLTK)
for every lexical relation. The thresholds (first entry, half of six) were set on the
development candidates of BoolQ questions 0-199 and 600-1,199 and all XQuAD-R en questions
(1,555 candidates, 95 refused; bench/RESULTS.md section 29), never on the held-out questions.

Used only by ``attacks.codeswitch_precise`` (``codeswitch-adv``): the random ``codeswitch``
recipe's candidates are unchanged.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from .freedict import load_freedict, own_translations
from .lex.synsense import WN_POS, SynonymPolicy, dominant_sense
from .lex.wordnet import base_forms
from .lexicon import load_trans_de_en
from .muse import load_muse_dictionary

if TYPE_CHECKING:  # (``sources`` below is an ``attacks.candidates.Sources``: typed Any, as candidates
    # imports this module and tests/test_import_cycles.py counts every import)
    from .lex.wordnet import WordNetLexicon

logger = logging.getLogger(__name__)

#: back-translations read per dictionary (its usual senses come first)
FIRST = 6
#: share of those that must name the intended sense when the first one does not
MIN_SHARE = 0.5


def back_translations(sources: Any, cand: str, lang: str, first: int = FIRST) -> dict[str, list[str]]:
    """English back-translations of ``cand`` (a word of ``lang``) per bilingual dictionary that
    knows it, at most ``first`` each, in the dictionary's order; ``sources`` is a
    ``attacks.candidates.Sources``. Dictionaries that do not know ``cand`` are left out."""
    low = cand.lower()
    out: dict[str, list[str]] = {}
    m = load_muse_dictionary(lang, sources.resource_paths)
    if m is not None and m.to_en.get(low):
        out["muse"] = list(m.to_en[low][:first])
    fd = load_freedict(lang, "en")
    if fd is not None:
        own = own_translations(fd.get(low, []))
        if own:
            out["freedict"] = own[:first]
    if lang == "de" and sources.trans_de_en.is_file():
        de_en, _ = load_trans_de_en(sources.trans_de_en, sources.cache_dir)
        t = de_en.exact.get(cand) or de_en.exact.get(low)
        if t:
            out["trans-de-en"] = [t]
    return out


def intended_sense(lex: WordNetLexicon, lemma: str, pos: str) -> Any:
    """The English word's dominant synset in WordNet part of speech ``pos`` (n v a r), or its only
    synset; None when it has neither."""
    syns = list(lex.wn.synsets(lemma, pos=pos))
    return dominant_sense(lex, lemma, pos, SynonymPolicy()) or (syns[0] if len(syns) == 1 else None)


def _forms(wn: Any, word: str) -> set[str]:
    """A back-translation as WordNet keys: lower case, ``_`` for spaces, with its base forms."""
    return base_forms(wn, word.strip().lower().replace(" ", "_"))


def names_sense(wn: Any, back: str, lemma: str, pos: str, sense: Any) -> float:
    """How well the English back-translation ``back`` names ``sense`` of ``lemma``: 1 for the
    lemma itself, a lemma of ``sense``, or a word whose first senses include ``sense`` or its
    direct hypernym; 0.5 for a direct hyponym (a narrower word: encoding -> cifrado reads back
    as "encryption", a kind of encoding; story -> histoire as "fairy tale"); else 0."""
    forms = _forms(wn, back)
    if lemma.replace(" ", "_") in forms:
        return 1.0
    if sense is None:
        return 0.0
    if forms & {n.lower() for n in sense.lemma_names()}:
        return 1.0
    near = {sense, *sense.hypernyms()}
    narrower = set(sense.hyponyms())
    score = 0.0
    for s in (s for f in forms for s in wn.synsets(f, pos=pos)[:3]):
        if s in near:
            return 1.0
        if s in narrower:
            score = 0.5
    return score


def sense_kept(sources: Any, lemma: str, upos: str, cand: str, lang: str, sense: Any = None) -> bool:
    """True when candidate ``cand`` (language ``lang``) of the English word ``lemma`` tagged
    ``upos`` (spaCy: NOUN, ADJ, ...) translates back to the word's intended sense (module
    docstring; ``sense``: that synset when the caller knows it, as for a plural-only sense).
    A word whose part of speech WordNet does not cover is not checked (True)."""
    pos = WN_POS.get(upos)
    if pos is None:
        return True
    lex = sources.wordnet()
    wn = lex.wn
    lemma = lemma.lower()
    sense = sense if sense is not None else intended_sense(lex, lemma, pos)
    backs = back_translations(sources, cand, lang)
    for lst in backs.values():
        hits = [names_sense(wn, b, lemma, pos, sense) for b in lst]
        if hits[0] == 1.0 or sum(hits) >= MIN_SHARE * len(hits):
            return True
    if backs:
        logger.debug("back-translation: %s -> %s (%s) refused: %s", lemma, cand, lang, backs)
        return False
    code = sources.omw(lang)
    if not code or sense is None:
        return True
    syns: list = []
    with contextlib.suppress(Exception):  # an OMW lookup error is "nothing known"
        syns = sources.omw_synsets(cand.replace(" ", "_"), code)
    return not syns or sense in syns


__all__ = ["FIRST", "MIN_SHARE", "back_translations", "intended_sense", "names_sense", "sense_kept"]
