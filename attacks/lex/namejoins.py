"""Names a lower-case question spells apart from the collection's spelling: a dotted acronym ("S.H.I.E.L.D." asked as
"shield"), a closed compound asked as two words ("Sharkboy and Lavagirl" asked as "shark boy and lava girl") and a
main title an ellipsis parts from the rest ("I'm a Celebrity...Get Me Out of Here!" asked as "i'm a celebrity").

Held-out v38 (bench/RESULTS.md sections 228, 229) judged "is this the last season of marvel agents of shield"
(shield -> es escudo) and "was george lopez in shark boy and lava girl" (boy -> muchacho, garçon, ragazzo, menino,
мальчик, लड़का) wrong: the collection's title "Agents of S.H.I.E.L.D. (season 5)" splits into the letters
"s h i e l d" (``codeswitch._WORDS``), and its passages write "Sharkboy and Lavagirl", which no run of the question's
words spells. Hand-written (no library normalises these two spellings against a collection); bench/RESULTS.md
section 237 (branch names39) measures it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

#: a dotted acronym of at least three letters ("S.H.I.E.L.D.", "S.W.A.T."); two-letter ones ("U.S.", "D.C.") are
#: left as they are: "us army" would lock "army", an over-locked word (section 237)
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){3,}")


def join_dotted_acronyms(title: str) -> str:
    """``title`` with each dotted acronym of three letters or more written as one word ("Agents of S.H.I.E.L.D." ->
    "Agents of SHIELD"), as a lower-case asker types it."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", title)


def main_before_ellipsis(title: str) -> list[str]:
    """The main title before an ellipsis that parts it from the rest, as a list of one (none when no word precedes
    it): "I'm a Celebrity...Get Me Out of Here!" -> ["I'm a Celebrity"], which askers write alone (held-out v38a:
    "is i'm a celebrity really in south africa", celebrity -> celebrità, celebridade judged wrong); not
    "...And Justice for All"."""
    for mark in ("...", "\u2026"):
        if mark in title:
            head = title.split(mark, 1)[0]
            return [head] if any(ch.isalnum() for ch in head) else []
    return []


def joined_compound_runs(words: Sequence[str], is_known: Callable[[str], bool], is_common: Callable[[str], bool],
                         name_runs: Callable[[Sequence[str]], set[tuple[int, int]]]) -> set[int]:
    """Indices of ``words`` (a lower-case question's plain words) in a name run (``name_runs`` over the words with
    some adjacent pairs closed up) that holds a closed-up pair: two alphabetic words of three letters or more whose
    concatenation the passages write (``is_known``: "sharkboy") and that is no common word (``is_common``: WordNet's
    "website", "football" are not names). "shark boy and lava girl" -> "sharkboy and lavagirl", a run the passages
    write capitalised."""
    merged: list[str] = []
    source: list[tuple[int, ...]] = []
    k = 0
    while k < len(words):
        a = words[k]
        b = words[k + 1] if k + 1 < len(words) else ""
        joined = a + b
        if b and len(a) >= 3 and len(b) >= 3 and a.isalpha() and b.isalpha() and is_known(joined) \
                and not is_common(joined):
            merged.append(joined)
            source.append((k, k + 1))
            k += 2
        else:
            merged.append(a)
            source.append((k,))
            k += 1
    if len(merged) == len(words):
        return set()
    out: set[int] = set()
    for s, e in name_runs(merged):
        if any(len(source[q]) == 2 for q in range(s, e)):
            hit = {i for q in range(s, e) for i in source[q]}
            logger.debug("closed-compound name %r", " ".join(words[min(hit):max(hit) + 1]))
            out.update(hit)
    return out


__all__ = ["join_dotted_acronyms", "joined_compound_runs", "main_before_ellipsis"]
