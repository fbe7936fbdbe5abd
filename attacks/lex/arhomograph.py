"""L -> en Arabic: an unvowelled homograph whose sources read it as a noun (MUSE) and as a verb or adjective (others).

Arabic is written without short vowels, so one spelling is several words: مركز is the noun markaz "center" and the
participle murakkaz "concentrated"; سوق the noun "market" and the verbal noun of ساق "drive, carry"; ابن "son" and
the verb بنى "build"; مضيق "strait" and the participle "narrowed". MUSE en-ar (read backwards) lists a word's
translations in corpus-frequency order, so its first entry is the reading a text usually means; FreeDict ara-eng and
OMW list the other reading first. ``Sources._rank`` keeps only candidates two sources agree on, so the sources'
disagreement dropped the word (bench/RESULTS.md section 215.1: 24 of the 80 listed words the ranking dropped in
the unperturbable XQuAD-R ar questions are such disagreements).

``noun_reading`` keeps MUSE's first entry when it is a noun (its WordNet senses used most as a noun) and **every**
other source's first entry is an English verb in its base form (OMW نوع "change" of the verb نوّع, سوق "carry" of
ساق, FreeDict ابن "build"): the disagreement is then one of reading (a noun against a verb written alike), and a
question that names a type, a market, a son asks about the noun. A first entry that is a gerund, a participle or an
adjective (مركز concentrated, الأسر capturing) is the other source reading the *same* word as a verbal noun or
participle; measured in section 222 that kind was 20/30 right (MUSE's noun then often another sense: الصعود
boarding for "rise", مضيق strait for the Rhine Gorge) and stays off. Where the other sources also give a noun
(طاقم crew / staff, القوى powers / strengths) the disagreement is between two senses of a noun, which this rule
does not decide (nothing is kept, as before).

Measured as development data in bench/RESULTS.md section 222, on every judged Arabic L -> en question.

Hand-written: the rule reads the lists ``Sources.to_english`` already built; no library in the venv vowels Arabic
(no camel-tools, no pyarabic; simplemma gives lemmas, not readings: section 206).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

#: L -> en languages the rule runs for (``Sources.to_english``)
LANGUAGES = frozenset({"ar"})

#: words after which an Arabic word is read as a verb (a relative pronoun, a question word, a verb particle): الذي
#: حكم "which ruled", كيف دخل "how did it enter", من أين عيّن "from where did he appoint" were switched to the
#: noun's English (referee, income, eye; section 222's development outputs); not من and ما, which are also the
#: preposition "from" and "what" before nouns (من الرجال "from the men")
VERB_BEFORE = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي", "كيف", "متى", "أين",
                         "لماذا", "ماذا", "هل", "قد", "لم", "لن", "سوف"})


def noun_reading(lists: Sequence[Sequence[str]], origins: Sequence[str], keep: Callable[[str], bool],
                 main_pos: Callable[[str], str], verb_lemma: Callable[[str], str]) -> tuple[str, ...]:
    """MUSE's first English entry for an Arabic word, as a one-candidate tuple, when the sources' first entries
    disagree by reading: MUSE's is a noun (``main_pos`` "n"), one word, a common English word (``keep``:
    ``to_english``'s own test), and each other source that lists the word gives first a verb in its base form
    (``main_pos`` "v" and ``verb_lemma``, WordNet's verb lemma, the word itself: carry, change, build): that source
    read the letters as another word, a verb. ``()`` otherwise: no MUSE entry, no other source, an other source's
    first entry a noun, unknown to WordNet, or a gerund, participle or adjective (الأسر families / capturing,
    الصعود boarding / ascending, مضيق strait / narrowed: the other source reads the same word as a verbal noun or
    participle, and MUSE's noun was another sense of it: 20 of 30 right, section 222).

    ``lists`` and ``origins`` are ``Sources.to_english``'s per-source lists and their source names ("muse",
    "freedict", "omw")."""
    if "muse" not in origins:
        return ()
    muse = [x.strip().lower() for x in lists[origins.index("muse")]]
    others = [lst[0].strip().lower() for o, lst in zip(origins, lists, strict=True) if o != "muse" and lst]
    if not muse or not others:
        return ()
    first = muse[0]
    if " " in first or first in others or main_pos(first) != "n" or not keep(first):
        return ()
    if not all(main_pos(o) == "v" and verb_lemma(o) == o for o in others):
        return ()
    logger.debug("noun reading %s over %s", first, others)
    return (first,)


def verb_slot(before: str) -> bool:
    """True when the word ``before`` an Arabic word makes it a verb (``VERB_BEFORE``): its noun reading is not
    offered there."""
    return before in VERB_BEFORE
