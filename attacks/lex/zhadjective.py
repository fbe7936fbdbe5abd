"""English -> Chinese: the attributive stems of an English word's adjective senses, as the Open Multilingual
WordNet writes them, are no translation of the same word used as a noun.

"are the marines a branch of the military": MUSE en-zh lists 军方 ("the military, the armed forces") and 军事
("military affairs; military-", the attributive word), and its frequency order put 军事 first; held-out v24 and v29
judged it wrong three times (v14 once more, bench/RESULTS.md 161.3). WordNet's noun military.n.01 has no Mandarin
lemma in OMW, so the rule that drops a candidate OMW lists only under another part of speech (``Sources.
from_english``'s ``keep``) did not see it: OMW lists the adjective military.a.01 as 军事+的, the stem joined to the
attributive particle 的 with OMW's "+". Read as the stem, 军事 is the adjective's word. Likewise independent -> 独立
("run as an independent": a candidate, not independence), extra -> 额外, musical -> 音乐 (a musical show is 音乐剧),
outs -> 出局, each judged wrong.

``adjective_stems`` gives the stems X of OMW's cmn lemmas "X+的" of the word's adjective senses. ``Sources.
from_english`` uses them only where its ranking without them leads with such a stem: it then takes them out of MUSE's
list and counts them as another part of speech's words (unless OMW lists them under a sense of the noun too), so the
next entry may lead (军方) or nothing is switched (独立); elsewhere its output is unchanged (a first form also switched
nouns nothing was offered for before: open -> 营业, pop -> 爸爸). Hand-written (no
library reads OMW's joins); OMW's cmn data (nltk's omw-1.4) decides. Measured in bench/RESULTS.md section 169.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

logger = logging.getLogger(__name__)

#: the join OMW's cmn lemmas write between an adjective's stem and the attributive particle (军事+的)
_ATTRIBUTIVE = "+的"


def adjective_stems(wn: Any, lemma: str) -> frozenset[str]:
    """The stems X of OMW's Mandarin lemmas "X+的" of the adjective (and satellite) senses of the English
    ``lemma`` (military -> {军事, 战争}); empty when it has none."""
    out = set()
    with warnings.catch_warnings():  # (nltk warns about offsets of OMW's data it cannot place)
        warnings.simplefilter("ignore")
        for sense in wn.synsets(lemma, pos="a"):  # (pos "a" includes the satellites)
            for name in sense.lemma_names("cmn"):
                if name.endswith(_ATTRIBUTIVE) and len(name) > len(_ATTRIBUTIVE):
                    out.add(name[:-len(_ATTRIBUTIVE)].replace("+", "").replace("_", ""))
    return frozenset(out)


__all__ = ["adjective_stems"]
