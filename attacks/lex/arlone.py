"""L -> en Arabic: a word only MUSE lists, admitted as MUSE's first entry when the word's own form marks a noun.

``Sources.to_english`` keeps a candidate one source alone proposes only when that source gives no second, unrelated
sense and a back-look-up confirms it (precision first). For Arabic this dropped 50 of the 80 listed words of the
unperturbable XQuAD-R ar questions (bench/RESULTS.md section 215.1): names (rightly), but also سلالة dynasty, حزمة
package, مركبة vehicle, whose MUSE lists carry near-synonyms WordNet does not relate (dynasty / breed).

``lone_noun`` keeps MUSE's first entry for such a word when (a) MUSE is the only source listing it, (b) the first
entry is one word, a noun by its SemCor-weighted WordNet part of speech and a common English word by
``to_english``'s own test (``keep``: which also refuses names, المغول -> mongol), and (c) the Arabic word's form
marks a noun: the kind ``KINDS`` names. Kinds (section 27 of bench/results-ar40.md measures each on development
data): ``"article"``, the word begins with the article ال (المرفق, المركزية, الطب); ``"bare"``, any other word
(سلالة, حزمة, اختصار). A kind is switched only when its development outputs measured >= 85% right.

Hand-written: it reads the lists ``Sources.to_english`` already built; no library in the venv tags Arabic parts of
speech (no camel-tools, no pyarabic; section 206).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

#: the kinds switched (section 27: each measured on its own development outputs; >= 85% right to be on)
KINDS: frozenset[str] = frozenset()

#: every kind the rule knows (for measurement: ``lone_noun(..., kinds=ALL_KINDS)``)
ALL_KINDS = frozenset({"article", "bare"})


def kind_of(word: str) -> str:
    """The form kind of an Arabic word: ``"article"`` when it begins with the article ال and keeps >= 3 letters
    after it, else ``"bare"``."""
    return "article" if word.startswith("ال") and len(word) >= 5 else "bare"


def lone_noun(word: str, lists: Sequence[Sequence[str]], origins: Sequence[str], keep: Callable[[str], bool],
              main_pos: Callable[[str], str], kinds: frozenset[str] = KINDS) -> tuple[str, ...]:
    """MUSE's first English entry for ``word`` as a one-candidate tuple when MUSE is the only source that lists the
    word, the entry is one word, a noun (``main_pos`` "n"), passes ``keep``, and ``kind_of(word)`` is in ``kinds``;
    ``()`` otherwise."""
    listed = [o for o, lst in zip(origins, lists, strict=True) if lst]
    if listed != ["muse"] or kind_of(word) not in kinds:
        return ()
    first = lists[origins.index("muse")][0].strip().lower()
    if " " in first or "-" in first or main_pos(first) != "n" or not keep(first):
        return ()
    logger.debug("lone MUSE noun %s -> %s", word, first)
    return (first,)
