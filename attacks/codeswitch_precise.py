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
  "brain on fire", "my fair lady": ``title_phrases``), since capitals cannot show them there
  (``CodeSwitch._lowercase_names``, the random recipe's lock too);
* not a noun numbered in a series ("type 2") nor a word of a compound WordNet writes closed
  ("bumble bees"): ``CodeSwitch._sense_locks``, which the random recipe leaves off; a numbered
  instalment noun ("season 7") gets the random recipe's series-sense candidates instead (saison,
  Saison, temporada; never 季节 or Jahreszeit);
* a plural noun that only its plural names ("eyeglasses": spectacles; "eyeglass" is a monocle) is
  checked against that sense (``_plural_sense``);
* a query none of whose words passes gets the random recipe's second tier (a compound's head whose
  sense is clear, a whole WordNet expression such as "speed of light", the opening question word),
  the single words still through the checks above (``_en2l_tiers``; judged 41 of 45 correct on
  BoolQ dev, branch greedy13);
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

import hashlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from .analysis.frequency import wordfreq_zipf
from .backtranslation import sense_kept
from .codeswitch import _INSTALMENT_HEADS, CodeSwitch, in_lowercase_title, title_phrases
from .lex.compiled import package_version
from .lex.synsense import WN_POS, SynonymPolicy, dominant_sense

logger = logging.getLogger(__name__)


#: wordfreq's Zipf frequency in any language (``analysis.frequency.wordfreq_zipf``; the name this
#: module has exported since codeswitch-adv's target floor was added)
zipf_in = wordfreq_zipf


class PreciseCodeSwitch(CodeSwitch):
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

    def _options_file(self) -> Path | None:
        """The parent's cache file, keyed also by this instance's thresholds and wordfreq's version
        (the parent's key covers this module's code and ``attacks.lex``, not an instance's parameters):
        a fresh process then reuses the per-query choices instead of re-analysing every query."""
        path = super()._options_file()
        if path is None:
            return None
        key = repr((self.min_zipf, self.policy, package_version("wordfreq"))).encode("utf-8")
        return path.with_name(f"{path.stem}.{hashlib.sha256(key).hexdigest()[:12]}{path.suffix}")

    def _context_margin(self) -> float:
        # the dictionaries' order, not the encoder's argmax (see the module docstring)
        return self.CONTEXT_MARGIN

    def _sense_kept(self, w, cand: str, tgt: str) -> bool:
        plural = self._plural_sense(w)
        key = ((w.lemma or w.text).lower() if plural is None else w.text.lower(), w.pos, cand, tgt)
        hit = self._sense_memo.get(key)
        if hit is None:
            hit = self._sense_memo[key] = sense_kept(self.sources, key[0], w.pos, cand, tgt, sense=plural)
        return hit

    def _unambiguous(self, w) -> bool:
        pos = WN_POS.get(w.pos)
        if pos is None:
            return False
        lex = self.sources.wordnet()
        lemma = (w.lemma or w.text).lower()
        syns = lex.wn.synsets(lemma, pos=pos)
        return len(syns) == 1 or dominant_sense(lex, lemma, pos, self.policy) is not None \
            or self._plural_sense(w) is not None

    def _plural_sense(self, w):
        """The WordNet sense of a plural noun that only its plural names, when its singular has one sense:
        "eyeglasses" (spectacles; "eyeglass" is a monocle), "pants" is not one (its singular has two). The
        lemmatiser gives the singular, whose only sense the back-translation check then asked for, and
        refused gafas and Brille ("glasses, spectacles": bench/RESULTS.md section 86). None
        otherwise. Hand-written over WordNet (NLTK): no library names pluralia tantum."""
        if w.tag != "NNS" or w.pos != "NOUN":
            return None
        wn = self.sources.wordnet().wn
        plural, single = w.text.lower(), (w.lemma or w.text).lower()
        if plural == single or len(wn.synsets(single, pos="n")) != 1:
            return None
        own = [s for s in wn.synsets(plural, pos="n")
               if plural in {n.lower() for n in s.lemma_names()} and single not in {n.lower() for n in s.lemma_names()}]
        return own[0] if len(own) == 1 else None

    #: Penn tags switched (English source): nouns and positive adjectives ("earliest" -> temprano
    #: loses the superlative, verbs lose tense and voice in a dictionary form)
    SWITCHED_EN_TAGS = frozenset({"NN", "NNS", "JJ"})

    #: a hyphenated/apostrophised compound or an English word capitalised inside the sentence (a
    #: name the tagger missed) is never switched, as in the random recipe (``CodeSwitch._glued``);
    #: its rule for a name's other words is not applied here
    NAME_WORDS_LOCKED = False
    #: numbered series nouns and open-written closed compounds are locked (``CodeSwitch._sense_locks``)
    SENSE_LOCKED = True

    #: in an all-lower-case query, the words this far after a work noun ("movie", "sequel", "season":
    #: ``codeswitch.in_lowercase_title``, the synonym recipes' lock) may be a title
    TITLE_CUE_SPAN = 4

    #: a common noun after a name stays locked ("st andrews university": see ``CodeSwitch.NAME_COMPOUND_FREED``)
    NAME_COMPOUND_FREED = False

    def _en2l_tiers(self) -> bool:
        # the random recipe's en->L word rules and second tier (compound heads, whole expressions, question
        # words for a query with no switchable word): 19 of the 57 BoolQ dev questions the precise recipe
        # could not edit had only those (branch greedy13); its own filters still apply to every single word
        return True

    def _numbered_locked(self, w) -> bool:
        # a numbered instalment noun ("season 8") is no longer locked: its candidates are the random
        # recipe's evidenced series-sense ones (``Sources.series_sense``: saison, Saison, not 季节), which
        # postdate this lock (bench/RESULTS.md section 80); other numbered nouns ("type 2") stay locked, and
        # so does a word of a closed compound written open (``CodeSwitch._sense_locks``'s one rule for those)
        return (w.lemma or w.text).lower() not in _INSTALMENT_HEADS

    def _glued(self, a, i: int) -> bool:
        # (the lower-case names are the parent's lock: ``CodeSwitch._lowercase_names``; the series and
        # closed-compound locks are ``CodeSwitch._sense_locks``, on here through ``SENSE_LOCKED``)
        return super()._glued(a, i) or (
            a.language == "en" and in_lowercase_title(a, i, self.TITLE_CUE_SPAN, bare=False, noun_heads=True))

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


__all__ = ["PreciseCodeSwitch", "title_phrases", "zipf_in"]
