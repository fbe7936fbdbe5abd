"""Re-inflection of English replacements (lemminflect): a synonym or a translation back
into English is a lemma; the original word's Penn tag says which form the query needs."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=100_000)
def inflect(lemma: str, tag: str) -> str:
    """``lemma`` in the form of Penn ``tag`` (``run``, ``VBD`` -> ``ran``); multiword
    lemmas inflect their head (the last word for nouns, the first for verbs); unchanged
    when lemminflect knows no form."""
    if not tag or tag in ("NN", "VB", "JJ", "RB", "NNP"):
        return lemma
    from lemminflect import getInflection

    words = lemma.split(" ")
    head = len(words) - 1 if tag.startswith("NN") else 0
    forms = getInflection(words[head], tag=tag)
    if forms:
        words[head] = forms[0]
    return " ".join(words)
