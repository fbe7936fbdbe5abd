"""English -> ja: "member" in "a member of the united nations / the eu / nato": a member state, which no source
translates.

The ja candidates of "member" (FreeDict メンバー, 会員, 構成員) are words for a person in a group
or club. A country that belongs to the UN or the EU is a 加盟国 ("member state"), which neither
MUSE (no en-ja in the shared data), FreeDict nor OMW offers. OMW's member.n.04 ("an organization
that is a member of another organization") lists メンバ, メンバー, 一員, 会員, 加入者 ... in
code-point order: 一員 ("one of the members", 国連の一員) would fit, but no source ranks it above
会員 (a club's member) or the loans, so none is chosen. メンバー for a member state was judged
wrong five times under the loanword clarification of section 111.5 (v26 "the united states ...
the eu", v28 "morocco ... the european union", v35 "turkey ... the united nations", v38 "n korea
... the un", agree28 "india ... security council"; bench/RESULTS.md section 278 of branch jaen42).
The word is not switched (the rubric counts an unswitched word as no error).

The rule, WordNet only (hand-written: no library reads a prepositional complement's sense): the noun is "member" or
"members", the next word is "of", and after optional articles a run of one to three words names, in one of its
WordNet noun senses, a kind or an instance of ``world_organization.n.01`` (united_nations, european_union, eu, un,
nato, opec, the Commonwealth) or a member or part of one (the Security Council is a member of the United Nations).
A run of two or more words is tried in the plural too when WordNet does not know it as written ("a member of
united nation": WordNet's lemma is united_nations, and its lookup makes plurals singular, never the reverse).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

#: the nouns the rule reads (lower case)
MEMBER_WORDS = frozenset({"member", "members"})
#: words skipped between "of" and the organization's name
_ARTICLES = frozenset({"the", "a", "an"})
#: the longest name tried after "of", in words
_MAX_RUN = 3


@functools.lru_cache(maxsize=8)
def _unions(wn: Any) -> frozenset:
    """``world_organization.n.01`` and every kind or instance of it (hyponym and instance-hyponym closure)."""
    top = wn.synset("world_organization.n.01")
    return frozenset({top, *top.closure(lambda s: s.hyponyms() + s.instance_hyponyms())})


def names_union(wn: Any, run: str) -> bool:
    """True when the words ``run`` (lower case, "_"-joined as a WordNet lemma) name, in one of their WordNet noun
    senses, a world organization (a kind or instance of ``world_organization.n.01``) or a member or part of one."""
    unions = _unions(wn)
    for s in wn.synsets(run, pos="n"):
        if s in unions or any(h in unions for h in s.member_holonyms() + s.part_holonyms()):
            return True
    return False


def member_of_union(wn: Any, words: Sequence[str], i: int) -> bool:
    """True when ``words[i]`` (lower-cased words of the query) is "member(s)" followed by "of", optional articles
    and one to three words that name a world organization (``names_union``): "is turkey a member of the united
    nations", "is n korea a member of the un". False for "a cast member of snl", "a member of the nightshade
    family", "members of little big town"."""
    if words[i] not in MEMBER_WORDS or i + 1 >= len(words) or words[i + 1] != "of":
        return False
    k = i + 2
    while k < len(words) and words[k] in _ARTICLES:
        k += 1
    for n in range(min(_MAX_RUN, len(words) - k), 0, -1):
        run = "_".join(words[k:k + n])
        # the name as written, then with its last word in the plural: "a member of united nation" (section 290)
        if names_union(wn, run) or (n > 1 and not run.endswith("s") and names_union(wn, run + "s")):
            logger.debug("member of %s: a member state, not switched into ja", run)
            return True
    return False
