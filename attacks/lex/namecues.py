"""Cues in a corpus's cased passages that a lower-case word of a question is a name, beyond the share of
capitals ``attacks.lex.casing`` counts.

- **A work's title after its work noun** ("the Fox network TV series Bones", "the 1967 film The Graduate"):
  the passage introduces the capitalised run as the title of a series, film, novel ... So "bones" in "is zz
  top angela's dad on bones" is the series, although the corpus writes "bones" capitalised in 2 of its 14
  occurrences (held-out v25: bones -> es hueso, fr os, de Knochen, zh 骨, it/pt osso, hi हड्डी, judged wrong).
- **A number before a capitalised run** ("The film was released as 6 Souls in the United States"):
  ``attacks.lex.casing`` opens no run with a digit, so "6 souls" was no name and "souls" alone (once in the
  corpus) too rare to be evidence (held-out v27: souls -> es alma, fr âme, de Seelen, zh 灵魂, ... in all eleven
  languages, judged wrong).
- **An edition of a name** ("The Elder Scrolls V: Skyrim -- Special Edition"): a capitalised run ending in an
  edition noun right after another capitalised word is that word's edition, so the question's "skyrim special
  edition" is the product, while "special edition" alone stays a common phrase (the corpus also writes "a special
  edition version"; v27: edition -> es edición, de Ausgabe, ru издание, ... judged wrong).
- **A one-word name its own passage capitalises** ("Gill joined the Eagles on tour"): a passage that writes the
  word capitalised mid-sentence, as a whole name (not a part of "Philadelphia Eagles") and more often than in
  lower case, and that also holds another content word of the question ("vince", "gill"), names it; the corpus
  as a whole may write it mostly in lower case (the birds), so ``attacks.lex.casing``'s share misses it (held-out
  v29: eagles -> es águilas, fr aigles, de Adler ... in ten languages, judged wrong; bench/RESULTS.md section
  142.1).
- **An acronym beside the same lower-case word** ("Bank International Code and SWIFT code"): the corpus
  writes the word in capitals before (or after) the word the question has beside it, so "swift" in "is bank
  code the same as swift code" is the acronym, not the adjective (v25: fr rapide, de schnell, judged wrong).

Hand-written over the passages' tokens (no library reads these cues; the tokens and sentence bounds are
``attacks.lex.casing``'s). Counted once per corpus and kept (``compiled``: keyed by the passages' digest, the
work nouns and this module's source), so a query costs set lookups only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .casing import _GAP, LONGEST, _sentences, _whole
from .compiled import compiled

logger = logging.getLogger(__name__)

#: the shortest acronym read (``acronym_pairs``): "SWIFT", "AIDS"; two letters ("US", "IT") are too often
#: other words' spellings in headings
_ACRONYM_LENGTH = 3
#: articles a work's title may open with, dropped as lower-case questions drop them ("the graduate" and
#: "graduate" both match "The Graduate")
_ARTICLES = frozenset({"the", "a", "an"})
#: the longest number that opens a numbered name (``numbered_names``): "6 Souls", "30 Rock", "101 Dalmatians";
#: a four-digit year before a name ("in 2010 Apple released") is a date, not part of the name
_NUMBER_DIGITS = 3
#: nouns that end an edition's name (``edition_names``): "Special Edition", "Legendary Edition", "Director's
#: Version"; hand-written (no library lists them)
EDITION_NOUNS = frozenset({"edition", "version", "remastered", "remaster"})


def work_titles(texts: Iterable[str], work_nouns: frozenset[str], function_words: frozenset[str],
                longest: int = LONGEST) -> dict[str, list[int]]:
    """The capitalised runs (lower case, space-joined, at most ``longest`` words after a leading article)
    that the texts write right after a lower-case work noun inside a sentence ("series Bones" -> "bones";
    "film The Graduate" -> "the graduate", "graduate"). The run is the longest one of capitalised words,
    function words between them allowed ("series Pirates of the Caribbean"), the "s" of a possessive too,
    opening with a capitalised word. Each run maps to the indices of the texts that write it so."""
    out: dict[str, list[int]] = {}
    for t, text in enumerate(texts):
        for sentence in _sentences(text):
            for k in range(1, len(sentence) - 1):
                if sentence[k] not in work_nouns:  # lower case: "series", not the title word "Series"
                    continue
                run: list[str] = []
                end = 0
                for j in range(k + 1, min(len(sentence), k + 2 + longest)):
                    w = sentence[j]
                    if w == _GAP or not run and not w[:1].isupper():
                        break
                    if w[:1].isupper():
                        run.append(w)
                        end = len(run)
                    elif w.lower() in function_words or w == "s" or w.isdigit():
                        run.append(w)
                    else:
                        break
                words = [w.lower() for w in run[:end]]
                if not words or words[-1] in function_words:  # ("film The" before a lower-case word)
                    continue
                for key in (" ".join(words), " ".join(words[1:]) if words[0] in _ARTICLES else ""):
                    if key and t not in out.setdefault(key, []):
                        out[key].append(t)
    return out


def numbered_names(texts: Iterable[str], function_words: frozenset[str], longest: int = LONGEST) -> set[str]:
    """The runs (lower case, space-joined) that the texts write as a number of at most ``_NUMBER_DIGITS`` digits
    followed by capitalised words, inside a sentence ("released as 6 Souls in the United States" -> "6 souls"): a
    numbered name, which ``attacks.lex.casing`` does not count (its runs open with a word). Every such run that
    ends on a capitalised word not followed by another ("6 Souls", not "6 Souls in the United"; function words
    between allowed: "30 Seconds to Mars") and whose number follows no capitalised word ("Apollo 13 Mission" is
    another name's part), no other number and no separator ("12:00 PM", "1,000 American") is a key.
    ``attacks.codeswitch._cued_names`` also asks that the corpus not write its words mostly in lower case ("100
    Years" is a key; "100 years" stays a count of years)."""
    out: set[str] = set()
    for text in texts:
        for sentence in _sentences(text):
            for k in range(1, len(sentence) - 1):
                w = sentence[k]
                # (not a number's second group: "12:00 PM", "1,000 American")
                if not w.isdigit() or len(w) > _NUMBER_DIGITS or sentence[k - 1][:1].isupper() \
                        or sentence[k - 1] == _GAP or sentence[k - 1].isdigit() or not sentence[k + 1][:1].isupper():
                    continue
                for e in range(k + 2, min(len(sentence), k + 1 + longest) + 1):
                    last = sentence[e - 1]
                    if last == _GAP or not last[:1].isupper() and last.lower() not in function_words:
                        break
                    if last[:1].isupper() and (e == len(sentence) or not sentence[e][:1].isupper()):
                        out.add(" ".join(x.lower() for x in sentence[k:e]))
    return out


def edition_names(texts: Iterable[str], function_words: frozenset[str], longest: int = LONGEST) -> set[str]:
    """The runs (lower case, space-joined) that the texts write as a capitalised word followed by a capitalised
    run ending in an edition noun (``EDITION_NOUNS``): "Skyrim -- Special Edition" -> "skyrim special edition".
    The question's run names that word's edition; every key has three words or more, so "special edition" alone
    is none (the passages also write "a special edition version"). Inside a sentence or at its start; the dash
    between the two is no separator."""
    out: set[str] = set()
    for text in texts:
        for sentence in _sentences(text):
            for k in range(1, len(sentence)):
                if sentence[k].lower() not in EDITION_NOUNS or not sentence[k][:1].isupper():
                    continue
                # back over the capitalised words before it ("Skyrim Special", "Game of the Year"), at most
                # ``longest`` words in all
                j = k
                while j > 0 and k - j < longest - 1 and sentence[j - 1] != _GAP \
                        and (sentence[j - 1][:1].isupper() or sentence[j - 1].lower() in function_words):
                    j -= 1
                # a name word and at least one word of the edition's own name: three words or more ("special
                # edition" alone is no key); each key opens with a capitalised content word
                for start in range(j, k - 1):
                    if sentence[start][:1].isupper() and sentence[start].lower() not in function_words:
                        out.add(" ".join(x.lower() for x in sentence[start:k + 1]))
    return out


#: the shortest word read by ``capitalised_words`` ("nex" of "their NEX"); two letters are too often initials
_SHORTEST_WORD = 3


def capitalised_words(texts: Sequence[str], function_words: frozenset[str]) -> dict[str, dict[int, list[int]]]:
    """Each word (lower case) that some text writes capitalised inside a sentence as a whole one-word name
    (``attacks.lex.casing._whole``: not "Eagles" of "Philadelphia Eagles"; past "of"/"the": "the Eagles" counts),
    mapped to every text that writes it, as ``index -> [times capitalised so, times in lower case]``. A sentence's
    first word is no evidence (its capital is the sentence's), nor a word right before a number ("Season 5", a
    numbered heading), a function word or a word of fewer than ``_SHORTEST_WORD`` letters; a word capitalised
    otherwise (inside a longer name) counts for neither. Per text, not per corpus: the passage that names "the
    Eagles" may be the only one, while others write "eagles" (the birds). Two passes, as
    ``attacks.lex.casing.count_case``. Hand-written over ``attacks.lex.casing``'s tokens (no library counts case
    per passage)."""
    def tokens(text: str) -> Iterator[tuple[str, bool | None]]:
        """(word, True when capitalised as a whole name / False in lower case / None neither) per word."""
        for sentence in _sentences(text):
            for k, w in enumerate(sentence):
                if w == _GAP or len(w) < _SHORTEST_WORD or not w.isalpha() or w.lower() in function_words:
                    continue
                if w.islower():
                    yield w, False
                elif k and not (k + 1 < len(sentence) and sentence[k + 1].isdigit()) \
                        and _whole(sentence, k, k + 1, function_words):
                    yield w.lower(), True
                else:
                    yield w.lower(), None

    upper = {w for text in texts for w, cap in tokens(text) if cap}
    out: dict[str, dict[int, list[int]]] = {}
    for t, text in enumerate(texts):
        for w, cap in tokens(text):
            if cap is not None and w in upper:
                out.setdefault(w, {}).setdefault(t, [0, 0])[0 if cap else 1] += 1
    return out


#: the least share of its mid-sentence occurrences that the whole corpus writes a one-word passage name capitalised
#: (``passage_name_word``): "eagles" 2 of 4 (the band twice, the birds twice), "oasis" 2 of 2; not "embassy" 1
#: of 3, "president" beside "congress" (the office, 48 of 78 but a capitalised WordNet lemma too); set on the
#: judged boolq-test sets (bench/RESULTS.md section 150): development data, not a held-out figure
PASSAGE_NAME_SHARE = 0.5


def passage_name_word(wn: Any, word: str, capital: int, written: int) -> bool:
    """True when ``word`` may be read as a one-word name on its passages' evidence (``NameCues.capitalised_beside``):
    WordNet lists it, or the lemma it inflects ("eagles" -> eagle), only in lower case, so a dictionary translates
    it as the common word ("águilas" for the band), while a name WordNet writes capitalised ("Danube", "Troy",
    "Oscar", "President") has a dictionary translation that is the name's ("Danubio", "Troya": judged right), and
    a word WordNet does not know has none; and the corpus writes it capitalised in at least ``PASSAGE_NAME_SHARE``
    of its ``written`` mid-sentence occurrences (``capital``; ``attacks.lex.casing.CaseCounts.counts``)."""
    base = {word, *(wn.morphy(word, pos) or word for pos in ("n", "a"))}
    lemmas = [lem.name() for syn in wn.synsets(word) for lem in syn.lemmas() if lem.name().lower() in base]
    return bool(lemmas) and all(x.islower() for x in lemmas) and written > 0 \
        and capital >= PASSAGE_NAME_SHARE * written


def acronym_pairs(texts: Iterable[str]) -> set[str]:
    """Pairs "ACRONYM word" / "word ACRONYM" (lower case, space-joined, the acronym marked "*") where the
    texts write a word of at least ``_ACRONYM_LENGTH`` letters all in capitals beside a lower-case word
    ("SWIFT code" -> "swift* code"), inside a sentence or at its start (an acronym's capitals are no sentence
    case)."""
    out: set[str] = set()
    for text in texts:
        for sentence in _sentences(text):
            for k, w in enumerate(sentence):
                if len(w) < _ACRONYM_LENGTH or not w.isalpha() or not w.isupper():
                    continue
                for j in (k - 1, k + 1):
                    if 0 <= j < len(sentence) and sentence[j] != _GAP and sentence[j].isalpha() \
                            and sentence[j].islower():
                        # the acronym marked with "*": "swift* code", "bank swift*"
                        pair = (w.lower() + "*", sentence[j]) if j > k else (sentence[j], w.lower() + "*")
                        out.add(" ".join(pair))
    return out


class NameCues:
    """A corpus's work titles (``work_titles``), acronym pairs (``acronym_pairs``), numbered names
    (``numbered_names``) and edition names (``edition_names``), counted on first use (a corpus whose queries are
    cased never asks) and kept on disk."""

    def __init__(self, texts: Sequence[str], work_nouns: frozenset[str], function_words: frozenset[str],
                 digest: str) -> None:
        #: the passages read, the work nouns and function words used, the passages' digest (for the cache key)
        self.texts, self.work_nouns, self.function_words, self.digest = texts, work_nouns, function_words, digest
        self._value: tuple[dict[str, list[int]], frozenset[str], frozenset[str], frozenset[str],
                           dict[str, dict[int, list[int]]]] | None = None
        self._words: dict[int, frozenset[str]] = {}

    def _load(self) -> tuple[dict[str, list[int]], frozenset[str], frozenset[str], frozenset[str],
                             dict[str, dict[int, list[int]]]]:
        """The five tables, built once per corpus (``compiled``)."""
        if self._value is None:
            t0 = time.process_time()
            raw = compiled(
                "corpus-name-cues",
                lambda: (work_titles(self.texts, self.work_nouns, self.function_words),
                         sorted(acronym_pairs(self.texts)),
                         sorted(numbered_names(self.texts, self.function_words)),
                         sorted(edition_names(self.texts, self.function_words)),
                         {w: sorted(v.items()) for w, v in
                          capitalised_words(self.texts, self.function_words).items()}),
                resources=(), code=(Path(__file__), Path(__file__).with_name("casing.py")),
                extra=f"{self.digest}/{'|'.join(sorted(self.work_nouns))}/{'|'.join(sorted(self.function_words))}")
            self._value = ({k: list(v) for k, v in raw[0].items()}, frozenset(raw[1]), frozenset(raw[2]),
                           frozenset(raw[3]),
                           {k: {int(t): list(c) for t, c in v} for k, v in raw[4].items()})
            logger.info("corpus name cues: %d work titles, %d acronym pairs, %d numbered and %d edition names, "
                        "%d words capitalised in a passage from %d passages (%.2f CPU-s)", len(self._value[0]),
                        len(self._value[1]), len(self._value[2]), len(self._value[3]), len(self._value[4]),
                        len(self.texts), time.process_time() - t0)
        return self._value

    @property
    def titles(self) -> dict[str, list[int]]:
        """The runs the passages write as a work's title after its work noun, each with the indices of the
        passages that do (``work_titles``)."""
        return self._load()[0]

    def passage_words(self, index: int) -> frozenset[str]:
        """The lower-case word tokens of passage ``index`` (for a query's other words: ``in_passage_of``)."""
        hit = self._words.get(index)
        if hit is None:
            hit = self._words[index] = frozenset(w.lower() for s in _sentences(self.texts[index]) for w in s)
        return hit

    def in_passage_of(self, title: str, words: Iterable[str]) -> bool:
        """True when one of ``words`` occurs in a passage that writes ``title`` after its work noun: the query
        names something of the passage that introduces the work ("angela" beside "TV series Bones")."""
        want = set(words)
        return any(want & self.passage_words(i) for i in self.titles.get(title, ()))

    def capitalised_beside(self, word: str, words: Iterable[str]) -> bool:
        """True when the passages that hold ``word`` and one of ``words`` (the question's other content words)
        write it capitalised as a one-word name more often than in lower case, together (``capitalised_words``):
        "eagles" beside "vince", "gill" ("Gill joined the Eagles on tour"), while "do eagles eat fish" finds the
        birds' passages, and "president" beside "congress" the many passages writing "the president"."""
        want = set(words)
        upper = lower = 0
        for t, (cap, low) in self._load()[4].get(word, {}).items():
            if want & self.passage_words(t):
                upper, lower = upper + cap, lower + low
        return upper > lower

    def case_by_passage(self, word: str) -> dict[int, list[int]]:
        """Per passage that writes ``word`` (lower case) capitalised as a whole one-word name somewhere in the
        corpus, [times capitalised so, times in lower case] (``capitalised_words``); empty when none does."""
        return self._load()[4].get(word, {})

    @property
    def acronyms(self) -> frozenset[str]:
        """The "acronym word" / "word acronym" pairs of the passages (``acronym_pairs``)."""
        return self._load()[1]

    @property
    def numbered(self) -> frozenset[str]:
        """The runs the passages write as a number before a capitalised name (``numbered_names``): "6 souls"."""
        return self._load()[2]

    @property
    def editions(self) -> frozenset[str]:
        """The runs the passages write as a name's edition (``edition_names``): "skyrim special edition"."""
        return self._load()[3]


__all__ = ["EDITION_NOUNS", "PASSAGE_NAME_SHARE", "NameCues", "acronym_pairs", "capitalised_words", "edition_names",
           "numbered_names", "passage_name_word", "work_titles"]
