"""Which English words a code-switch translates surely: one WordNet sense, or one that dominates.

The random ``codeswitch`` recipe switches ``edit_count(rate, max_edits, eligible)`` of a query's
eligible words; which of them it draws decides how many of its translations are right. Judged on
every English -> L set of ``bench/validity/lexical`` (13,697 words, bench/RESULTS.md
section 130), words whose lemma has one WordNet sense in its tagged part of speech, or a sense that dominates
its SemCor uses (``lex.synsense.dominant_sense``), were translated right 90.3% of the time, the
others 84.9% (held-out-like v21-v26: 92.6% vs 80.6%). The draw ``confident-first``
(``lex.wordedit.sample_options``) spends the budget on those words first.
"""

from __future__ import annotations

import logging
from typing import Any

from .synsense import WN_POS, dominant_sense

logger = logging.getLogger(__name__)


def clear_sense(lex: Any, lemma: str, upos: str) -> bool:
    """True when English ``lemma`` (a WordNetLexicon ``lex``, a Universal POS tag ``upos``) has one
    WordNet sense in that part of speech, or a SemCor-dominant one: the dictionaries then translate the
    sense the query means (the same test as codeswitch-adv's ``_unambiguous``, without its plural rule)."""
    wpos = WN_POS.get(upos)
    if wpos is None:
        return False
    low = lemma.lower()
    return len(lex.wn.synsets(low, pos=wpos)) == 1 or dominant_sense(lex, low, wpos) is not None
