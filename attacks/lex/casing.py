"""How the benchmark's own corpus writes a run of words: capitalised (a name) or in lower case.

BoolQ's questions are all in lower case ("is red lobster open on christmas", "is gossip girl on
netflix"), so neither spaCy's entities nor a capital letter shows a name, and code-switching
translated the words of names one by one (red -> rojo, girl -> chica, war -> guerra in "avengers
infinity war": bench/RESULTS.md sections 59, 62, 64). The passages the questions are retrieved
against are cased Wikipedia text: inside a sentence they write "Red Lobster", "Gossip Girl",
"Infinity War", but "red wine", "a girl". So a run of 1-4 words that the corpus writes capitalised in
most of its mid-sentence occurrences is read as a name (``CaseCounts.name_runs``).

Why counted here rather than by a library truecaser: PyPI's ``truecase`` (0.0.14, July 2021, no
release since) ships a 76 MB pickled general-English model (loading a pickle runs code) and decides
token by token from general-English statistics, which know nothing of the benchmark's own titles; the other
candidate, ``truecaser`` (0.0.7, January 2021), has had no release for five years either. What is
needed is one count per corpus of how this corpus writes each run, which is a few dozen lines.

The counts are computed once per corpus and kept (``compiled``: keyed by the passages' digest and
this module's source), so a query costs dictionary lookups only.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .compiled import compiled

logger = logging.getLogger(__name__)

#: longest run of words counted (a name of up to four words: "port of los angeles")
LONGEST = 4
# The thresholds were set on development questions only (boolq-train rows 0-2999, boolq-test; bench/
# RESULTS.md section 68): a share of 0.6 reads "thing", "big", "anatomy", "constitution" as names, 0.9 drops
# "joker" (7 of 8), "champions league", "bill of rights"; one occurrence of a multiword run locks "infinity
# war", "one tree hill", "eiffel tower", "boba fett" that two miss, while a single word seen once or twice
# is weaker evidence ("fargo", "derby", "giants" are also common words).
#: a one-word run must occur at least this often in the corpus (mid-sentence) before its case is evidence
MIN_OCCURRENCES = 3
#: and a run of two words or more this often (BoolQ's corpora hold about one passage per question: a name
#: occurs in its own passage only, often once)
MIN_OCCURRENCES_RUN = 1
#: and be written capitalised in at least this share of those occurrences
MIN_SHARE = 0.8
#: runs written capitalised fewer times than this are not kept in the counts; keeps the cached table small
_MIN_KEPT = 1
#: the article a run may open with, mid-sentence only: Wikipedia writes a work's title with its article
#: capitalised inside a sentence ("the 1967 film The Graduate", "the band The Killers") and a common phrase
#: without ("the graduate of a college"). Held-out v24 (bench/RESULTS.md section 103.3): "was the sound of
#: silence written for the graduate" -> fr diplômé, de Absolvent, ru выпускник, hi स्नातक, judged wrong, while
#: "graduate" alone is written capitalised 2 times in 8 (the common noun elsewhere)
TITLE_ARTICLE = "the"

#: word tokens as ``attacks.codeswitch._plain`` compares them ("Grey's" -> "Grey", "s")
_TOKEN = re.compile(r"\w+")
#: text between two tokens that ends a sentence or opens a quotation: the next word's capital is no
#: evidence ("... in 1990. The", 'called "Heat"'). Not a colon: BoolQ's passages write titles with
#: one ("Avengers: Infinity War"), and English prose goes on in lower case after it
_BOUNDARY = re.compile(r"[.!?\"\u201c\u201d\n]")
#: function words a name holds between its capitalised words ("Port of Los Angeles", "Pirates of the
#: Caribbean"), looked past (two at most) when deciding whether a capitalised run is the whole name
#: (``_whole``); not "and", "on", "in": "Red Lobster on Monday", "Batman and Robin" are two names
_BRIDGE = frozenset({"of", "the", "de", "la", "le", "du", "des", "del", "da", "von", "van", "der"})
#: text between two tokens that separates list items or clauses: no run spans it and no name reaches across
#: it ("Anytime Fitness, Gold's Gym" is two names, not one), but the next word's capital is still evidence
_SEPARATOR = re.compile(r"[,;()\[\]]")
#: the token that stands for a ``_SEPARATOR`` in a sentence's token list (never a word: ``_TOKEN`` is ``\w+``)
_GAP = ","


def _sentences(text: str) -> Iterator[list[str]]:
    """The word tokens of ``text``, one list per stretch between sentence boundaries (``_BOUNDARY``), with
    ``_GAP`` where a separator (``_SEPARATOR``) stands between two tokens."""
    out: list[str] = []
    end = 0
    for m in _TOKEN.finditer(text):
        if out and _BOUNDARY.search(text, end, m.start()):
            yield out
            out = []
        elif out and _SEPARATOR.search(text, end, m.start()):
            out.append(_GAP)
        out.append(m.group())
        end = m.end()
    if out:
        yield out


def _capitalised(run: Sequence[str], neutral: frozenset[str], initial: bool = False) -> bool:
    """True when a run is written as a name: its first word capitalised and every other word too,
    except function words, digits and the "s" of a possessive ("Port of Los Angeles", "Grey's
    Anatomy", "Terminal 1"). ``initial``: the run opens a sentence, so its first word's capital says
    nothing and only the others are read ("Gossip Girl is an American ...", not "Red lobster is ...")."""
    if not initial and not run[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in neutral or w.isdigit() or w == "s" for w in run[1:])


def _whole(sentence: list[str], k: int, e: int, neutral: frozenset[str]) -> bool:
    """True when the capitalised run ``sentence[k:e]`` is not part of a longer capitalised run: the nearest
    word on each side past at most two ``_BRIDGE`` words is not capitalised. "Lobster" in "Red Lobster"
    is no evidence that "lobster" alone is a name, nor "Angeles" in "Port of Los Angeles"."""
    def capital(w: str) -> bool:
        return w[:1].isupper() and w.lower() not in neutral

    for step, start in ((-1, k - 1), (1, e)):
        j, skipped = start, 0
        while 0 <= j < len(sentence) and sentence[j].lower() in _BRIDGE and skipped < 2:
            j, skipped = j + step, skipped + 1
        if 0 <= j < len(sentence) and capital(sentence[j]):
            return False
    return True


def count_case(texts: Iterable[str], function_words: frozenset[str],
               longest: int = LONGEST) -> dict[str, tuple[int, int]]:
    """For each run of 1-``longest`` words (lower case, space-joined) that opens and ends with a content
    word and that the texts write capitalised, as a whole name (``_whole``), at least ``_MIN_KEPT`` times:
    (times written so, times written so or in lower case); an occurrence inside a longer capitalised name
    counts for neither. A sentence's first word is no evidence: a run that opens a sentence
    is read by its other words (``_capitalised``), and a one-word run there not at all. A run neither opens
    nor ends with a word of one letter ("U" of "U.S.").
    Two passes: the capitalised runs, then every occurrence of them."""
    texts = list(texts)
    neutral = frozenset(function_words)

    def runs(sentence: list[str]) -> Iterator[tuple[str, list[str], tuple[int, int]]]:
        low = [w.lower() for w in sentence]
        for k in range(len(sentence)):
            # a mid-sentence "the" may open a run: written "The" there, it is a title's ("the 1967 film The
            # Graduate"), which the lower-case question writes "the graduate" (``TITLE_ARTICLE``)
            if k and low[k] == TITLE_ARTICLE:
                for n in range(2, min(longest, len(sentence) - k) + 1):
                    last = low[k + n - 1]
                    if last == _GAP:
                        break
                    if last not in neutral and len(last) >= 2:
                        yield " ".join(low[k:k + n]), sentence[k:k + n], (k, k + n)
                continue
            if low[k] in neutral or low[k].isdigit() or len(low[k]) < 2:
                continue
            # a sentence's first word alone is no evidence: it is capitalised whatever it is
            for n in range(1 if k else 2, min(longest, len(sentence) - k) + 1):
                last = low[k + n - 1]
                if last == _GAP:  # no run spans a separator
                    break
                if last in neutral or len(last) < 2:  # (the "s" of "Grey's", the "U" of "U.S.")
                    continue
                yield " ".join(low[k:k + n]), sentence[k:k + n], (k, k + n)

    capital: Counter[str] = Counter()
    for text in texts:
        for sentence in _sentences(text):
            for key, run, span in runs(sentence):
                if _capitalised(run, neutral, not span[0]) and _whole(sentence, *span, neutral):
                    capital[key] += 1
    kept = {k for k, c in capital.items() if c >= _MIN_KEPT}
    total: Counter[str] = Counter()
    for text in texts:
        for sentence in _sentences(text):
            for key, run, span in runs(sentence):
                # a capitalised run inside a longer name is no evidence either way ("Lobster" of "Red Lobster")
                if key in kept and (not _capitalised(run, neutral, not span[0]) or _whole(sentence, *span, neutral)):
                    total[key] += 1
    return {k: (capital[k], total[k]) for k in kept}


class CaseCounts:
    """A corpus's case evidence (``count_case``), counted on first use: a corpus whose queries are cased
    (XQuAD-R, MLQA-R) never asks, so never pays for the count. ``digest`` names the passages and the
    function words (for the keys of caches of choices made under this evidence)."""

    def __init__(self, texts: Sequence[str], function_words: frozenset[str], digest: str) -> None:
        #: the passages and function words counted (kept: the memo of ``corpus_case`` compares them)
        self.texts, self.function_words, self.digest = texts, function_words, digest
        self._counts: dict[str, tuple[int, int]] | None = None

    @property
    def counts(self) -> dict[str, tuple[int, int]]:
        """run -> (times written capitalised, times written) mid-sentence (``count_case``), counted once per
        corpus and kept on disk (``compiled``: keyed by the digest and this module's source)."""
        if self._counts is None:
            t0 = time.process_time()
            raw = compiled("corpus-case", lambda: count_case(self.texts, self.function_words), resources=(),
                           code=(Path(__file__),), extra=f"{self.digest}/{LONGEST}/{_MIN_KEPT}")
            self._counts = {k: (int(v[0]), int(v[1])) for k, v in raw.items()}
            logger.info("corpus case evidence: %d runs from %d passages (%.2f CPU-s)", len(self._counts),
                        len(self.texts), time.process_time() - t0)
        return self._counts

    def is_name(self, run: str, min_occurrences: int | None = None, min_share: float | None = None) -> bool:
        """True when the corpus writes ``run`` (lower case, space-joined) capitalised in at least
        ``min_share`` (default ``MIN_SHARE``) of its at least ``min_occurrences`` (``MIN_OCCURRENCES`` for
        one word, ``MIN_OCCURRENCES_RUN`` for more) occurrences."""
        cap, tot = self.counts.get(run, (0, 0))
        least = (MIN_OCCURRENCES if " " not in run else MIN_OCCURRENCES_RUN) if min_occurrences is None \
            else min_occurrences
        return tot >= least and cap >= (MIN_SHARE if min_share is None else min_share) * tot

    def name_runs(self, words: Sequence[str], function_words: frozenset[str],
                  longest: int = LONGEST) -> set[tuple[int, int]]:
        """The runs ``(start, end)`` (end exclusive) of lower-case ``words`` that the corpus writes as names
        (``is_name``); a run neither opens nor ends with a function word ("of los" is no run), except that a run
        may open with ``TITLE_ARTICLE`` (counted only where a sentence writes it "The" mid-sentence)."""
        out: set[tuple[int, int]] = set()
        for n in range(min(longest, len(words)), 0, -1):
            for k in range(len(words) - n + 1):
                if (words[k] in function_words and not (words[k] == TITLE_ARTICLE and n > 1)) \
                        or words[k + n - 1] in function_words or len(words[k]) < 2 or len(words[k + n - 1]) < 2:
                    continue
                if self.is_name(" ".join(words[k:k + n])):
                    out.add((k, k + n))
        return out


def passages_digest(texts: Sequence[str]) -> str:
    """sha256 of the passages, in order (what the counts are computed from)."""
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


#: case evidence per (passages, function words) digest, once per process (every evaluation builds its recipe
#: anew and hands it the same corpus)
_MEMO: dict[str, CaseCounts] = {}


def corpus_case(texts: Sequence[str], function_words: frozenset[str]) -> CaseCounts:
    """The case evidence of a corpus (``CaseCounts``; counted on first use, once per corpus).

    The same passages tuple as an earlier call (an evaluation hands over ``Benchmark.corpus_value``'s, one
    per corpus) is found by identity, without hashing every passage again: the digest is O(corpus), ~1.7 s
    at a million passages, and every evaluation of a code-switching recipe asks, cased queries too."""
    for known in _MEMO.values():
        if known.texts is texts and known.function_words == function_words:
            return known
    key = hashlib.sha256((passages_digest(texts) + "\0" + "\0".join(sorted(function_words))).encode("utf-8"))
    digest = key.hexdigest()[:16]
    hit = _MEMO.get(digest)
    if hit is None:
        hit = _MEMO[digest] = CaseCounts(tuple(texts), frozenset(function_words), digest)
    return hit


__all__ = ["LONGEST", "MIN_OCCURRENCES", "MIN_OCCURRENCES_RUN", "MIN_SHARE", "TITLE_ARTICLE", "CaseCounts",
           "corpus_case", "count_case", "passages_digest"]
