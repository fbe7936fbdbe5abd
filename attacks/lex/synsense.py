"""Precision-first English synonyms: only swaps a searcher would read as the same word.

WordNet lists, for a word's most frequent sense, lemmas that are rare ("motorcar",
"seacoast"), archaic ("shew"), more specific or of a neighbouring sense ("cup" ->
"cupful", "team" -> "squad"), and its first sense is often not the sense a query means
("show" as a verb -> "demonstrate", "cost" -> "price"). Judged on BoolQ, those made half
of the swaps unacceptable (bench/RESULTS.md section 8). A candidate is therefore kept only
when every check below holds; each is cheap (SemCor counts from ``cntlist.rev`` and
wordfreq's Zipf frequencies, both memoised), which is why no sense tagger is needed:

* the word is **dominated by one sense** of its tagged part of speech: its SemCor count in
  that synset is at least ``word_min_count`` and at least ``min_share`` (verbs:
  ``verb_min_share``) of its count over all synsets of that part of speech ("show" as a
  verb: 136 of 405 -> no synonyms at all; "divide": 20 of 39);
* the candidate is **attested in that sense** (SemCor count >= ``min_count``: "tribunal"
  for "court" has 1), that sense is **the candidate's own first sense** of the part of
  speech and holds ``cand_min_share`` of its counts (mutual dominant sense: "squad" first
  means a military unit, "figure" a shape, "move" for "travel" 110 of 280, "apply" for
  "use" 45 of 107, so none of them is offered);
* a noun candidate is a singular lemma ("woods" for "forest" is not);
* the candidate is **a common word**: wordfreq Zipf >= ``min_zipf`` and not more than
  ``max_zipf_drop`` below the original's ("automobile" 3.9 for "car" 5.5, "babe" 4.2 for
  "baby" 5.3 and "tale" 4.3 for "story" 5.5 are out, "film" 5.2 for "movie" 5.2 is in);
  verbs get a wider band (``verb_min_zipf``, ``verb_max_zipf_drop``): a rarer synonym of a
  dominant verb sense reads as the same verb ("use" -> "employ", "die" -> "perish"), while
  the rarer nouns of that band are abbreviations, diminutives or narrower words ("yr",
  "babe", "metropolis");
* the synset is **tight** for the pair: the word's and the candidate's counts in it make
  ``min_tightness`` of the synset's count ("detect" -> "notice" in detect.v.01, where
  "find" and "discover" hold most of the counts: 0.23; a loose synset groups words that
  share a sense only in part);
* single words only (no multiword lemma; ``SynonymPolicy.multiword`` lets them in, except idioms with a
  placeholder and expressions that contain the word itself: "marry" -> "get married"), no proper-noun
  lemma, no antonym, no stopword, no indefinite pronoun ("a person" -> "a someone").

The counts (``word_min_count`` 10, ``min_count`` 5) are high because a sense that SemCor
attests a handful of times is not dominant in fact: BoolQ's rejects "holiday" -> "vacation"
(9), "partner" -> "spouse" (8 / 3), "dealer" -> "trader" (8), "girl" -> "miss" (- / 3),
"occupation" -> "job" (7), "castle" -> "palace" (3), "neighborhood" -> "vicinity" (- / 4);
the price is a few good swaps ("marry" -> "wed": 3, "permit" -> "license": 6 / 4).

Hand-written because no maintained library ranks WordNet lemmas by substitutability; the
thresholds are the smallest that rejected every judged failure in
``bench/validity/lexical/syn-en.jsonl`` (see bench/RESULTS.md section 18).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..analysis.frequency import wordfreq_zipf

#: spaCy Universal POS -> WordNet part of speech
WN_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}


@dataclass(frozen=True)
class SynonymPolicy:
    """Thresholds of the precision-first filter (see the module docstring)."""

    min_count: int = 5
    word_min_count: int = 10
    min_share: float = 0.5
    verb_min_share: float = 0.6
    cand_min_share: float = 0.5
    min_zipf: float = 3.5
    max_zipf_drop: float = 1.0
    max_polysemy: int = 12
    min_tightness: float = 0.5
    #: verbs: a less frequent synonym of a dominant verb sense is still the same verb
    #: ("use" -> "employ" 4.0 for 5.8, "die" -> "perish" 3.3 for 5.1, "build" -> "construct",
    #: "help" -> "assist"); nouns keep ``min_zipf``/``max_zipf_drop``, whose band holds the
    #: rejects ("year" -> "yr", "baby" -> "babe", "city" -> "metropolis", "group" -> "grouping")
    verb_min_zipf: float = 3.3
    verb_max_zipf_drop: float = 2.0
    #: WordNet's multiword lemmas ("take_place", "motion_picture") as candidates, under the same checks as
    #: one-word ones (their SemCor count, the phrase's wordfreq Zipf, mutual first sense); idioms with a
    #: placeholder ("cash_in_one's_chips") and hyphenated forms stay out. Off by default and in the shipped
    #: synonym recipes: its new swaps were judged 16/18 acceptable, below the 90% bar (bench/RESULTS.md section 81)
    multiword: bool = False


#: placeholders of WordNet idioms ("cash_in_one's_chips", "give_someone_a_hand"): never a candidate
_PLACEHOLDERS = frozenset({"one's", "someone", "somebody", "something", "oneself", "sb", "sth"})


def phrase(name: str) -> str:
    """A WordNet lemma name as text: its underscores are spaces ("take_place" -> "take place")."""
    return name.replace("_", " ")


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of an English word (``analysis.frequency.wordfreq_zipf``; 0 when
    unknown or wordfreq is absent)."""
    return wordfreq_zipf(word, "en") or 0.0


def _synsets(wn, lemma: str, pos: str) -> list:
    """Synsets of ``lemma`` of WordNet part of speech ``pos`` (adjectives include satellites)."""
    return list(wn.synsets(lemma, pos=pos))


#: indefinite pronouns are WordNet lemmas of person.n.01 but not nouns: "a someone"
PRONOUNS = frozenset({"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "one"})


def _own_count(count: Callable, syn, lemma: str) -> int:
    return sum(count(lem) for lem in syn.lemmas() if lem.name().lower() == lemma)


def dominant_sense(lex, lemma: str, pos: str, policy: SynonymPolicy = SynonymPolicy()):
    """The synset that dominates ``lemma`` in part of speech ``pos`` (WordNet's first, when
    SemCor attests it ``min_count`` times and it holds ``min_share`` of the lemma's counts),
    else None: a word with no dominant sense is not swapped at all."""
    syns = _synsets(lex.wn, lemma, pos)
    if not syns or len(syns) > policy.max_polysemy:
        return None
    first = _own_count(lex._count, syns[0], lemma)
    total = sum(_own_count(lex._count, s, lemma) for s in syns)
    share = policy.verb_min_share if pos == "v" else policy.min_share
    if first < policy.word_min_count or first < share * total:
        return None
    return syns[0]


def precise_synonyms(lex, lemma: str, pos: str, stop: frozenset[str],
                     policy: SynonymPolicy = SynonymPolicy()) -> tuple[str, ...]:
    """Lemma names that may replace ``lemma`` (WordNet ``pos``) anywhere it is used in its
    dominant sense, best attested first; () when the word has no dominant sense."""
    scored = [(-n, name) for name, n, why in lemma_verdicts(lex, lemma, pos, stop, policy) if not why]
    return tuple(name for _, name in sorted(scored))


def lemma_verdicts(lex, lemma: str, pos: str, stop: frozenset[str],
                   policy: SynonymPolicy = SynonymPolicy()) -> list[tuple[str, int, str]]:
    """Every other lemma of ``lemma``'s dominant synset as ``(name, SemCor count, reason)``: the
    reason is the first check of the module docstring it fails ("" when it is kept). One place for
    the checks, so that ``precise_synonyms`` and the coverage funnel (``bench/synonym_funnel.py``)
    cannot disagree; [] when the word has no dominant sense."""
    lemma = lemma.lower()
    syn = dominant_sense(lex, lemma, pos, policy)
    if syn is None:
        return []
    ants = lex.antonyms(lemma)
    if pos == "v":
        floor = max(policy.verb_min_zipf, zipf(lemma) - policy.verb_max_zipf_drop)
    else:
        floor = max(policy.min_zipf, zipf(lemma) - policy.max_zipf_drop)
    synset_count = sum(lex._count(lem) for lem in syn.lemmas())
    word_count = _own_count(lex._count, syn, lemma)
    out: list[tuple[str, int, str]] = []
    for lem in syn.lemmas():
        name = lem.name()
        low = name.lower()
        if low == lemma:
            continue
        n = lex._count(lem)
        out.append((name, n, _verdict(lex, lemma, pos, stop, policy, syn, name, n, ants, floor,
                                      word_count, synset_count)))
    return out


def _verdict(lex, lemma: str, pos: str, stop: frozenset[str], policy: SynonymPolicy, syn, name: str, n: int,
             ants, floor: float, word_count: int, synset_count: int) -> str:
    """Why lemma ``name`` (SemCor count ``n`` in ``syn``) may not replace ``lemma``; "" when it may."""
    low = name.lower()
    if "-" in name or "'" in name or ("_" in name and (not policy.multiword or _PLACEHOLDERS & set(low.split("_")))):
        return "multiword"
    if "_" in name and any(p == lemma or lemma in lex.wn._morphy(p, pos) for p in low.split("_")):
        # the word itself inside the expression: "marry" -> "get married" turns "getting married" into "getting
        # gotten married" and an object ("marry more than one person") into none (judged, section 81)
        return "multiword"
    if name[:1].isupper():
        return "proper"
    if phrase(low) in ants or low in stop or low in PRONOUNS:
        return "stop/antonym/pronoun"
    if n < policy.min_count:
        return "count"
    if zipf(phrase(low)) < floor:
        return "zipf"
    if word_count + n < policy.min_tightness * synset_count:
        return "tightness"  # a loose synset: "detect" -> "notice" (find, discover hold its counts)
    own = _synsets(lex.wn, low, pos)
    if not own or own[0] != syn:
        return "cand-first-sense"  # the candidate's first sense is another one: "squad" for "team"
    if n < policy.cand_min_share * sum(_own_count(lex._count, s, low) for s in own):
        return "cand-share"  # the candidate mostly means something else: "move" for "travel"
    if pos == "n" and {f.lower() for f in lex.wn._morphy(low, "n")} - {low}:
        return "plural-only"  # a plural-only lemma ("woods" for "forest") breaks number agreement
    if lex.opposes(lemma, name):
        return "opposes"
    return ""


__all__ = ["PRONOUNS", "SynonymPolicy", "WN_POS", "dominant_sense", "lemma_verdicts", "phrase", "precise_synonyms",
           "zipf"]
