"""Code-switching for adversarial search: only words and translations that are safe to switch.

A greedy search keeps the switches that hurt the model most, and a mistranslation hurts
more than a translation: judged on XQuAD-R (me5-small, ``codeswitch-adv``), 8 of 20
successes changed the question through the wrong sense of a polysemous English word
("string" of symbols -> cuerda "rope", German "ruler" -> regla "measuring stick", "within
time" -> moment) or a rare dictionary entry ("encoding" -> ciframiento, "classifies" ->
归入机密级别 "classify as secret"), which the multilingual USE scores like correct
switches (bench/RESULTS.md section 18). ``PreciseCodeSwitch`` offers the search only:

* English words that are **monosemous** in their tagged part of speech, or dominated by one
  sense (``attacks.lex.synsense.dominant_sense``: SemCor share >= 0.5, verbs 0.6);
* translations that are **common words** of the embedded language (wordfreq Zipf >=
  ``min_zipf``; languages wordfreq lacks are not filtered);
* as in the random recipe, **nouns and positive adjectives** only, and no capitalised word
  inside a sentence or part of a hyphenated compound (a name the tagger missed): the
  greedy search found its successes through verbs ("classifies" -> 归入机密级别, "teach"
  -> lehren, "naturalized" -> 使归化) whose dictionary forms lose tense and voice, and
  through superlatives ("earliest" -> temprano "early", the degree lost);
* SemCor-dominated senses as ``attacks.lex.synsense`` counts them, so a sense attested a
  handful of times ("ruler" 9: regla "measuring stick") is not dominant;
* translations that keep the word's sense when read back into English
  (``attacks.backtranslation``: "story" -> étage "storey", "groups" -> ensemble, "competence"
  -> competencia "competition" are refused; water -> Wasser stays);
* in an all-lower-case query (BoolQ), no word of a proper name WordNet spells with capitals
  or of a phrase the collection itself uses as a document title ("pretty little liars",
  "brain on fire", "my fair lady": ``title_phrases``), since capitals cannot show them there;
* not the main verb mis-tagged as a noun after do-support or a modal ("can an 18 year old
  sleep with ..." -> sueño), as in the random recipe;
* among a word's remaining candidates, the best-ranked one (most sources agree) unless the
  context clearly prefers another, as in the random recipe (``CONTEXT_MARGIN``), not the USE
  argmax: the encoder scored ensemble above groupe for "groups".

The candidates themselves and their ranking are ``CodeSwitch``'s (this class only removes
words and candidates), so the random ``codeswitch`` recipe is unchanged. The per-query
choices are cached on disk as the parent's are, keyed also by ``min_zipf``, the sense policy
and wordfreq's version.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .analysis.frequency import wordfreq_zipf
from .backtranslation import sense_kept
from .codeswitch import CodeSwitch
from .lex.compiled import package_version
from .lex.synsense import WN_POS, SynonymPolicy, dominant_sense

logger = logging.getLogger(__name__)


#: wordfreq's Zipf frequency in any language (``analysis.frequency.wordfreq_zipf``; the name this
#: module has exported since codeswitch-adv's target floor was added)
zipf_in = wordfreq_zipf


_WORDS = re.compile(r"\w+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_QUALIFIER = re.compile(r"\(([^)]*)\)")


def _plain(word: str) -> str:
    """A word as ``title_phrases`` compares it: lower case, letters and digits only ("'s" -> "s")."""
    return "".join(_WORDS.findall(word.lower()))


#: words of a Wikipedia title's parenthesised qualifier that mark a named work ("Suits (season 8)",
#: "Shameless (season 7)", "The Stepfather (2009 film)", "Queen (band)"). Hand-written: no library
#: classifies these qualifiers; the other qualifiers name a field ("Organ (anatomy)", "Check (chess)",
#: "Parity (mathematics)"), whose one-word titles are common nouns and stay switchable
WORK_QUALIFIERS = frozenset({"film", "films", "series", "miniseries", "season", "show", "sitcom", "band",
                             "song", "album", "single", "novel", "musical", "franchise", "soundtrack", "comics",
                             "opera", "play", "game"})
_ARTICLES = ("the", "a", "an")


def _work_title(title: str) -> bool:
    """True when a title's parenthesised qualifier marks a named work (``WORK_QUALIFIERS``)."""
    return any(q in WORK_QUALIFIERS for inner in _QUALIFIER.findall(title) for q in _WORDS.findall(inner.lower()))


def title_phrases(titles: Iterable[str], function_words: frozenset[str], longest: int = 8) -> frozenset[str]:
    """The phrases of the collection's document titles that name something, as space-joined
    ``_plain`` words: every title of two or more words (without its parenthesised qualifier:
    "Brain on Fire (film)" -> "brain on fire", "The Apprentice"), and every run of two to
    ``longest`` words inside a title that starts and ends with a content word ("List of Pretty
    Little Liars episodes" -> "pretty little liars", "little liars"; not "of pretty"). One-word
    titles are mostly common nouns (Tort, Water) and are left out, except where the title says it
    names a work: a qualifier of ``WORK_QUALIFIERS`` ("Suits (season 8)" -> "suits", "The Stepfather
    (2009 film)" -> "stepfather", a leading article dropped, as questions drop it) or a main title
    before a subtitle's colon ("Avengers: Infinity War" -> "avengers"): judged held-out rejects
    (adv5-cs-boolq-heldout: suits -> traje, avengers -> vengeur, stepfather -> 继父)."""
    out: set[str] = set()
    for title in titles:
        w = _WORDS.findall(_PARENTHESES.sub(" ", title).lower())
        if 2 <= len(w) <= longest:
            out.add(" ".join(w))
        bare = w[1:] if len(w) > 1 and w[0] in _ARTICLES else w
        if len(bare) == 1 and _work_title(title):
            out.add(bare[0])
        if ": " in title:  # (not a namespace: "Category:Area codes", "Talk:633 Squadron")
            main = _WORDS.findall(_PARENTHESES.sub(" ", title.split(": ", 1)[0]).lower())
            main = main[1:] if len(main) > 1 and main[0] in _ARTICLES else main
            if 1 <= len(main) <= longest:
                out.add(" ".join(main))
        for n in range(2, min(longest, len(w)) + 1):
            for k in range(len(w) - n + 1):
                if w[k] not in function_words and w[k + n - 1] not in function_words:
                    out.add(" ".join(w[k:k + n]))
    return frozenset(out)


@functools.lru_cache(maxsize=4)
def _phrases_and_digest(titles: tuple[str, ...], function_words: frozenset[str],
                        longest: int) -> tuple[frozenset[str], str]:
    """``title_phrases`` and the digest that keys the options file by them, once per process and
    collection (every evaluation builds its recipe anew and hands it the same titles: ~0.03 CPU-s
    for BoolQ's 2,939 each time)."""
    phrases = title_phrases(titles, function_words, longest)
    return phrases, hashlib.sha256("\n".join(sorted(phrases)).encode("utf-8")).hexdigest()[:12] if phrases else ""


class CollectionNames(CodeSwitch):
    """``CodeSwitch`` with the lock of lower-case names, shared by the lexical recipes that a greedy
    search drives (``PreciseCodeSwitch`` for ``codeswitch-adv``, ``SenseSynonym`` for the synonym
    recipes): in an all-lower-case English query (BoolQ), the words of a proper name WordNet spells
    with capitals and of a phrase the collection uses as a document title are not rewritten, since
    capitals cannot show them there. Subclasses call ``_lowercase_names`` where they lock words."""

    #: longest lower-cased name looked up in WordNet (``_lowercase_names``)
    NAME_NGRAM = 4
    #: longest run of words looked up among the collection's title phrases (``title_phrases``)
    TITLE_NGRAM = 8

    # set by the class's __init__: ``_names_memo = {}``, ``_titles = frozenset()``, ``_titles_digest = ""``
    _names_memo: dict[tuple[str, ...], frozenset[int]]
    _titles: frozenset[str]
    _titles_digest: str

    def use_collection_names(self, names: Iterable[str]) -> None:
        """Lock, in all-lower-case queries, the phrases the collection uses as titles
        (``title_phrases``); choices made under another list are dropped (the on-disk cache is
        keyed by the list's digest)."""
        titles, digest = _phrases_and_digest(tuple(names), self._function_words("en"), self.TITLE_NGRAM)
        if digest == self._titles_digest:
            return
        self._titles, self._titles_digest = titles, digest
        self._texts.clear()
        self._by_lang.clear()
        self._names_memo.clear()
        self._disk, self._disk_loaded = {}, False

    def _lowercase_names(self, a) -> frozenset[int]:
        """Words of an all-lower-case English query (BoolQ's questions) that spell a proper name
        WordNet lists with capitals: "medal of honor" (Medal_of_Honor), "commonwealth of nations",
        "articles of confederation" were switched word by word in the judged held-out successes
        (bench/validity/lexical/adv3-cs-boolq-heldout.jsonl), as "new york" -> "nuevo york" was.
        Likewise a run of words that is one of the collection's title phrases
        (``use_collection_names``): "pretty little liars", "brain on fire", "the apprentice" were
        switched word by word in the judged held-out successes (adv3-cs-boolq-fresh,
        adv3-cs-boolq-heldout), and WordNet does not know films and TV series.
        A cased query needs no lookup: its names keep their capitals (``_glued``)."""
        if any(ch.isupper() for ch in a.text):
            return frozenset()
        key = tuple(w.text for w in a.words)
        hit = self._names_memo.get(key)
        if hit is not None:
            return hit
        wn = self.sources.wordnet().wn
        low = [t.lower() for t in key]
        out: set[int] = set()
        for n in range(self.NAME_NGRAM, 1, -1):
            for k in range(len(low) - n + 1):
                seq = "_".join(low[k:k + n])
                if not all(x.isalpha() for x in low[k:k + n]):
                    continue
                if any(lem.name().lower() == seq and any(c.isupper() for c in lem.name())
                       for syn in wn.synsets(seq) for lem in syn.lemmas()):
                    out.update(range(k, k + n))
        if self._titles:
            # spaCy splits "dog's" into "dog" "'s": compare word runs without punctuation tokens
            idx = [j for j, t in enumerate(low) if _plain(t)]
            plain = [_plain(low[j]) for j in idx]
            for n in range(min(self.TITLE_NGRAM, len(plain)), 0, -1):
                for k in range(len(plain) - n + 1):
                    if " ".join(plain[k:k + n]) in self._titles:
                        out.update(range(idx[k], idx[k + n - 1] + 1))
        hit = self._names_memo[key] = frozenset(out)
        return hit


class PreciseCodeSwitch(CollectionNames):
    """``CodeSwitch`` restricted to unambiguous English words and common translations (see the
    module docstring); ``min_zipf``: lowest wordfreq Zipf frequency of a translation."""

    name = "codeswitch-precise"

    def __init__(self, languages: Sequence[str] = ("es", "fr", "de", "zh"), rate: float = 0.3,
                 max_edits: int | None = None, choice: str = "per-word",
                 lexicons: Mapping[str, str | Path] | None = None, trans_de_en: str | Path | None = None,
                 cache_dir: str | Path | None = None, min_length: int = 2, context: str = "use-m",
                 floor: float = 0.85, max_candidates: int = 4, floor_uncovered: float = 0.5,
                 resource_paths: Mapping[str, Path] | None = None, min_zipf: float = 3.0) -> None:
        # the parent's parameters spelled out: recipes are validated against this signature
        super().__init__(languages, rate, max_edits, choice, lexicons, trans_de_en, cache_dir, min_length,
                         context, floor, max_candidates, floor_uncovered, resource_paths)
        self.min_zipf = float(min_zipf)
        self.policy = SynonymPolicy()
        self._sense_memo: dict[tuple[str, str, str, str], bool] = {}
        self._names_memo: dict[tuple[str, ...], frozenset[int]] = {}
        self._locks_memo: dict[tuple[str, ...], frozenset[int]] = {}
        self._titles: frozenset[str] = frozenset()
        self._titles_digest = ""

    def _options_file(self) -> Path | None:
        """The parent's cache file, keyed also by this instance's thresholds and wordfreq's version
        (the parent's key covers this module's code and ``attacks.lex``, not an instance's parameters):
        a fresh process then reuses the per-query choices instead of re-analysing every query."""
        path = super()._options_file()
        if path is None:
            return None
        key = repr((self.min_zipf, self.policy, package_version("wordfreq"), self._titles_digest)).encode("utf-8")
        return path.with_name(f"{path.stem}.{hashlib.sha256(key).hexdigest()[:12]}{path.suffix}")

    def _context_margin(self) -> float:
        # the dictionaries' order, not the encoder's argmax (see the module docstring)
        return self.CONTEXT_MARGIN

    def _sense_kept(self, w, cand: str, tgt: str) -> bool:
        key = ((w.lemma or w.text).lower(), w.pos, cand, tgt)
        hit = self._sense_memo.get(key)
        if hit is None:
            hit = self._sense_memo[key] = sense_kept(self.sources, key[0], w.pos, cand, tgt)
        return hit

    def _unambiguous(self, w) -> bool:
        pos = WN_POS.get(w.pos)
        if pos is None:
            return False
        lex = self.sources.wordnet()
        lemma = (w.lemma or w.text).lower()
        syns = lex.wn.synsets(lemma, pos=pos)
        return len(syns) == 1 or dominant_sense(lex, lemma, pos, self.policy) is not None

    #: Penn tags switched (English source): nouns and positive adjectives ("earliest" -> temprano
    #: loses the superlative, verbs lose tense and voice in a dictionary form)
    SWITCHED_EN_TAGS = frozenset({"NN", "NNS", "JJ"})

    #: a hyphenated/apostrophised compound or an English word capitalised inside the sentence (a
    #: name the tagger missed) is never switched, as in the random recipe (``CodeSwitch._glued``);
    #: its rule for a name's other words is not applied here
    NAME_WORDS_LOCKED = False

    def _glued(self, a, i: int) -> bool:
        return super()._glued(a, i) or (a.language == "en" and (i in self._lowercase_names(a)
                                                                or i in self._sense_locks(a)))

    #: a numeral after a noun: "season 4", "type 2", "flight 101" (one/i are left out: "one of the",
    #: the pronoun I)
    _CARDINAL = re.compile(r"^(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                           r"ii|iii|iv|vi|vii|viii|ix)$")
    #: an ordinal before a noun that counts a series: "4th season", "fifth season" ("first" is left
    #: out: "the first chairman" is the earliest one, not a numbered instalment)
    _ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                          r"eleventh|twelfth)$")

    def _sense_locks(self, a) -> frozenset[int]:
        """Words of an English query whose sense the query itself makes non-dominant or part of a
        larger word, so that a translation of the dominant sense changes the question:

        * a noun that labels a **numbered member of a series**: followed by a numeral or after an
          ordinal ("is there a season 7 of the sopranos", "will there be a 5th season of the
          killing"). The series sense of such a noun (a TV season, a type of diabetes, an article
          of a constitution) is rarely its dominant one: 7 judged held-out rejects were TV
          "season N" / "Nth season" -> 季节 / Jahreszeit (season of the year), which no
          dictionary-level check refuses (MUSE, FreeDict, trans-de-en and OMW all read 季节 back as
          "season");
        * the words of a **compound WordNet writes closed**, written open: "bumble bees"
          (bumblebee) -> "bumble 蜜蜂" (honeybee) was judged wrong (adv5-cs-boolq-heldout); as for
          the analysis layer's multiword expressions, a compound is never switched word by word.
        Hand-written patterns over the tagged words; WordNet decides what a closed compound is."""
        key = tuple(w.text for w in a.words)
        hit = self._locks_memo.get(key)
        if hit is not None:
            return hit
        words = a.words
        low = [w.text.lower() for w in words]
        out: set[int] = set()
        for i, w in enumerate(words):
            if w.pos != "NOUN":
                continue
            if i + 1 < len(words) and not a.parts[2 * i + 2].strip() and self._CARDINAL.match(low[i + 1]):
                out.add(i)
            if i > 0 and not a.parts[2 * i].strip() and self._ORDINAL.match(low[i - 1]):
                out.add(i)
        wn = self.sources.wordnet().wn
        joinable = ("NOUN", "ADJ", "PROPN", "VERB")
        for i in range(len(words) - 1):
            if not (low[i].isalpha() and low[i + 1].isalpha() and words[i].pos in joinable
                    and words[i + 1].pos in joinable and a.parts[2 * i + 2] == " "):
                continue
            head = (words[i + 1].lemma or words[i + 1].text).lower()
            for seq in {low[i] + head, low[i] + low[i + 1]}:
                if any(lem.name().lower() == seq for syn in wn.synsets(seq, pos="n") for lem in syn.lemmas()):
                    out.update((i, i + 1))
        hit = self._locks_memo[key] = frozenset(out)
        return hit

    @staticmethod
    def _do_support_mistags(a) -> frozenset[int]:
        """``CodeSwitch._do_support_mistags`` (the random recipe's rule, applied here too), and the
        same after a modal: "can an 18 year old sleep with ..." has no verb but "sleep", tagged a
        noun (-> sueño, judged wrong in adv3-cs-boolq-fresh). After a modal (can, will, should...)
        with no base verb following, every later noun or adjective is suspect; the caller leaves
        those that English also uses as verbs."""
        out = set(CodeSwitch._do_support_mistags(a))
        for k, v in enumerate(a.words):
            if v.tag == "MD" and not any(x.tag == "VB" for x in a.words[k + 1:]):
                out.update(j for j in range(k + 1, len(a.words)) if a.words[j].pos in ("NOUN", "ADJ"))
        return frozenset(out)

    def _candidates(self, w, lang: str, tgt: str, a=None, i: int = 0) -> tuple[str, ...]:
        if lang == "en" and (w.tag not in self.SWITCHED_EN_TAGS or self._polysemy(w) > self.MAX_SENSES_EN
                             or not self._unambiguous(w)):
            return ()
        out = []
        for c in super()._candidates(w, lang, tgt, a, i):
            z = zipf_in(c.strip().lower(), tgt)
            if (z is None or z >= self.min_zipf) and (lang != "en" or self._sense_kept(w, c, tgt)):
                out.append(c)
        return tuple(out)


__all__ = ["CollectionNames", "PreciseCodeSwitch", "title_phrases", "zipf_in"]
