"""A name a lower-case question writes without the article it holds inside: "the bold and beautiful" for the soap
opera "The Bold and the Beautiful".

Held-out v43 (bench/RESULTS.md section 284) judged "is taylor still on the bold and beautiful" wrong in ja: beautiful
-> 美しい, a word of the title rendered as the common adjective. The collection's passages write "The Bold and the
Beautiful" capitalised mid-sentence, so ``attacks.lex.casing`` counts the run "bold and the beautiful" as a name,
but no run of the question's words spells it: the asker dropped the inner "the". ``attacks.codeswitch``'s
``_inner_article_dropped`` covers the reverse (the question adds a "the" the title lacks). This module puts the
dropped article back after an inner "and" / "of" and asks the passages' case counts whether the result is a name
(bench/RESULTS.md section 288, branch jaen43). Hand-written over the words: no library restores a dropped article
against a collection's names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

#: the inner words after which a name holds "the" ("The Bold and the Beautiful", "Lord of the Flies"); not "a"/"an",
#: which open a common-noun phrase (``attacks.codeswitch._inner_article_dropped`` reads only "the" either)
_LINKS = frozenset({"and", "of"})
_ARTICLE = "the"


def article_dropped_runs(words: Sequence[str], is_name: Callable[[str], bool], longest: int) -> set[tuple[int, int]]:
    """The runs ``(start, end)`` (end exclusive) of the lower-case ``words`` that become a name (``is_name`` of the
    space-joined run) once "the" is put back after one inner "and" / "of": "bold and beautiful" ->
    "bold and the beautiful". The run opens and ends with a word that is no link and no article, has at least three
    words, and with the article at most ``longest`` (the longest run the case counts keep)."""
    out: set[tuple[int, int]] = set()
    for n in range(3, longest):
        for k in range(len(words) - n + 1):
            run = list(words[k:k + n])
            if run[0] in _LINKS or run[-1] in _LINKS or _ARTICLE in (run[0], run[-1]):
                continue
            for j in range(1, n - 1):
                if run[j] in _LINKS and run[j + 1] != _ARTICLE:
                    full = " ".join([*run[:j + 1], _ARTICLE, *run[j + 1:]])
                    if is_name(full):
                        logger.debug("%r is the name %r without its article", " ".join(run), full)
                        out.add((k, k + n))
                        break
    return out


__all__ = ["article_dropped_runs"]
