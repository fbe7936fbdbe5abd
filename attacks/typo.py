"""Typos: the misspellings people make, per script.

One edited word gets one error. Operations and their weights follow studies of
real misspellings: most are single keyboard substitutions, omissions, insertions
and transpositions (Damerau 1964; Kukich 1992), and the first letter is rarely
wrong (about 7% of misspellings, Pollock & Zamora 1984), so position 0 is drawn
with probability ``FIRST_CHAR_SHARE`` and never offered to adversarial search.

What an operation does depends on the word's script (``attacks.scripts``):

* alphabets with a keyboard layout (Latin, Cyrillic, Greek, Arabic, Hebrew):
  ``keyboard`` a neighbouring key on the language's layout; ``insert`` a doubled
  letter or a neighbouring key; ``delete``/``swap`` letters; ``substitute`` a
  letter of that layout (Arabic: a real spelling confusion such as ة/ه, ى/ي,
  hamza seats first), so an Arabic word only ever gets Arabic letters;
* Devanagari: whole aksharas and vowel signs (``keyboard``: consonant
  confusion, ``substitute``: matra confusion, ``delete``: a matra, anusvara,
  chandrabindu or nukta, ``swap``: two aksharas): every syllable stays well formed;
* Thai: keyboard slips within a character class, tone-mark confusions, a mark
  or cluster deleted, two consonant clusters swapped;
* Han (Chinese): pinyin input-method errors, ``keyboard``: a common character
  with the same syllable (``attacks.cjk.homophones``), ``substitute``: the
  traditional form (OpenCC); no swaps or deletions (input methods do not make them);
  Chinese and Thai text is segmented into words first (``attacks.segment``);
* other scripts: swaps and deletions of clusters only.

The random path is plain Python over cached tables (``bench/attacks.py``
measures it against nlpaug).
"""

from __future__ import annotations

import random
from functools import cache, lru_cache

from .base import AttackError, WordEditPerturbation
from .realwords import in_vocabulary, words
from .scripts import (
    ARABIC_LETTERS,
    ARABIC_SPELLING,
    DEVANAGARI_CONSONANT,
    DEVANAGARI_DROPPABLE,
    DEVANAGARI_MATRA,
    LAYOUT_ALIASES,
    LAYOUT_ROWS,
    clusters,
    keyboard_neighbours,
    layout_for,
    script_of,
    thai_class,
)

OPERATIONS = ("keyboard", "swap", "delete", "insert", "substitute")
#: relative weights of the operations in random application (real misspellings:
#: substitutions by a neighbouring key > omissions > insertions > transpositions)
WEIGHTS = {"keyboard": 35, "delete": 25, "insert": 20, "swap": 15, "substitute": 5}
#: probability that a random typo may touch the first character
FIRST_CHAR_SHARE = 0.05
KEYBOARD_LANGUAGES = tuple(sorted(LAYOUT_ROWS))
_ALPHA_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW"})


@lru_cache(maxsize=65536)
def _kind(ch: str) -> str:
    if "0" <= ch <= "9":
        return "alpha"
    s = script_of(ch)
    if s in _ALPHA_SCRIPTS:
        return "alpha"
    if s == "DEVANAGARI":
        return "deva"
    if s == "THAI":
        return "thai"
    if s == "CJK":
        return "han"
    return "other"


@cache
def layout_letters(layout: str) -> tuple[str, ...]:
    """The letters typed on ``layout`` (lower case), sorted."""
    return tuple(sorted({c for row in LAYOUT_ROWS[layout] for c in row if c.isalpha()}))


@lru_cache(maxsize=65536)
def same_script_alphabet(ch: str) -> tuple[str, ...]:
    """Letters a ``substitute`` typo may turn ``ch`` into: the letters of its script's
    layout in ``ch``'s case (Arabic: Arabic letters only), ``ch`` excluded; () when no
    layout types the script."""
    layout = layout_for("", ch)
    if layout is None:
        return ()
    letters = layout_letters(layout)
    if ch.isupper():
        letters = tuple(c.upper() for c in letters if len(c.upper()) == 1)
    return tuple(c for c in letters if c != ch and (layout != "ar" or c in ARABIC_LETTERS))


_DIGITS = "1234567890"


@lru_cache(maxsize=65536)
def _neighbours(ch: str, language: str) -> tuple[str, ...]:
    if "0" <= ch <= "9":  # the digit row (numbers are protected by every shipped recipe)
        i = _DIGITS.index(ch)
        near = [_DIGITS[j] for j in (i - 1, i + 1) if 0 <= j < len(_DIGITS)]
        lang = LAYOUT_ALIASES.get(language, language)
        top = LAYOUT_ROWS[lang if lang in LAYOUT_ROWS and LAYOUT_ROWS[lang][0][0].isascii() else "en"][0]
        near += [top[j] for j in (i - 1, i) if 0 <= j < len(top) and top[j] != " "]  # the keys below it
        return tuple(sorted(set(near)))
    layout = layout_for(language, ch)
    if layout is None:
        return ()
    table = keyboard_neighbours(layout)
    n = table.get(ch)
    if n is None and ch.lower() != ch:
        n = tuple(c.upper() for c in table.get(ch.lower(), ()) if len(c.upper()) == 1)
    return n or ()


def _substitutes(ch: str) -> tuple[str, ...]:
    spelling = ARABIC_SPELLING.get(ch)
    return spelling if spelling else same_script_alphabet(ch)


class Typo(WordEditPerturbation):
    """Realistic typos, one per edited word, per script (see the module docstring).

    Args:
        rate: share of editable words to edit (0..1; at least one word when any is editable).
        max_edits: at most this many words per query (None = no cap).
        operations: any of keyboard, swap, delete, insert, substitute (drawn with ``WEIGHTS``
            among those that apply to the word).
        keep_first: never edit the first character (otherwise: with probability ``FIRST_CHAR_SHARE``).
        allow_real_words: False (default) rejects a typo that spells another word of the language
            (``attacks.realwords``: wordfreq, pythainlp), so the query keeps its meaning.
        candidates_per_word: cap on rewrites per word offered to adversarial search.
    """

    name = "typo"

    def __init__(self, rate: float = 0.1, max_edits: int | None = None,
                 operations: list[str] | tuple[str, ...] = OPERATIONS, keep_first: bool = False,
                 allow_real_words: bool = False, candidates_per_word: int | None = 16) -> None:
        super().__init__(rate=rate, max_edits=max_edits, candidates_per_word=candidates_per_word)
        self.allow_real_words = bool(allow_real_words)
        ops = tuple(operations)
        bad = [o for o in ops if o not in OPERATIONS]
        if bad or not ops:
            raise AttackError(f"typo: unknown operation(s) {', '.join(map(repr, bad)) or '(none given)'}; "
                              f"choose from {', '.join(OPERATIONS)}")
        self.operations = tuple(dict.fromkeys(ops))
        self.keep_first = bool(keep_first)
        total = sum(WEIGHTS[o] for o in self.operations)
        # cumulative thresholds for one weighted draw
        acc, self._cum = 0.0, []
        for o in self.operations:
            acc += WEIGHTS[o] / total
            self._cum.append((acc, o))

    # -- random ------------------------------------------------------------------------
    def variant(self, word: str, language: str, rng: random.Random) -> tuple[str, str] | None:
        if not word:
            return None
        r = rng.random()
        start = 0
        for k, (t, _) in enumerate(self._cum):
            if r < t:
                start = k
                break
        kind = _word_kind(word)
        if kind is None:  # BQP -> BQ: a mistyped acronym cannot be recovered
            return None
        first = 1 if self.keep_first or rng.random() >= FIRST_CHAR_SHARE else 0
        if word.isdigit():  # the first-letter rule is about spelling; any digit of a number slips
            first = 0
        ops = self._cum
        vocab = None if self.allow_real_words else words(language)  # (memoised per process)
        for k in range(2 * len(ops)):  # the drawn operation, else the next one that applies (two rounds)
            op = ops[(start + k) % len(ops)][1]
            if kind == "alpha":
                out = self._alpha(word, op, language, rng, first)
            elif kind == "han":
                out = self._han(word, op, rng, first)
            else:
                out = self._clustered(word, op, kind, language, rng, first)
            if out is None or out[0] == word:
                continue
            if vocab is not None and not word.isdigit():  # a typo spelling another word: draw again
                low = out[0].lower()
                if low != word.lower() and in_vocabulary(low, vocab, language):
                    continue
            return out
        return None

    def _alpha(self, word: str, op: str, language: str, rng: random.Random,
               first: int) -> tuple[str, str] | None:
        n = len(word)
        if op == "keyboard" or op == "substitute":
            if n - first < 1:
                return None
            i0 = first + int(rng.random() * (n - first))
            for j in range(n - first):  # from a random position, the first letter that has alternatives
                i = first + (i0 - first + j) % (n - first)
                alts = _neighbours(word[i], language) if op == "keyboard" else _substitutes(word[i])
                if alts:
                    return word[:i] + alts[int(rng.random() * len(alts))] + word[i + 1:], op
            return None
        if op == "swap":
            if n - first < 2:
                return None
            i = first + int(rng.random() * (n - 1 - first))
            if word[i] == word[i + 1] or not (word[i].isalpha() and word[i + 1].isalpha()):
                return None
            return word[:i] + word[i + 1] + word[i] + word[i + 2:], op
        if op == "delete":
            if n < 3 or n - first < 1:
                return None
            i = first + int(rng.random() * (n - first))
            if language == "vi" and not word[i].isascii():  # a Vietnamese vowel carries the tone: keep it
                return None
            return word[:i] + word[i + 1:], op
        if op == "insert":
            i = 1 + int(rng.random() * n)  # after character i-1
            prev = word[i - 1]
            if not prev.isalpha():
                return None
            alts = _neighbours(prev, language)
            c = prev if not alts or rng.random() < 0.5 else alts[int(rng.random() * len(alts))]
            return word[:i] + c + word[i:], op
        return None

    def _han(self, word: str, op: str, rng: random.Random, first: int) -> tuple[str, str] | None:
        from .cjk import homophones, is_han, to_traditional  # noqa: PLC0415

        n = len(word)
        idx = [i for i in range(n) if is_han(word[i])]
        if not idx:
            return None
        if op == "keyboard":
            i = idx[int(rng.random() * len(idx))]
            alts = homophones(word[i])
            if alts:
                return word[:i] + alts[int(rng.random() * len(alts))] + word[i + 1:], "homophone"
            return None
        if op == "substitute":
            trad = [i for i in idx if to_traditional(word[i]) != word[i]]
            if not trad:
                return None
            i = trad[int(rng.random() * len(trad))]
            return word[:i] + to_traditional(word[i]) + word[i + 1:], "traditional"
        # no swaps or deletions: a pinyin input method picks a wrong candidate, it does not
        # transpose characters (热潮 -> 潮热 is another word) or drop one from a name (纽卡斯尔)
        return None

    def _clustered(self, word: str, op: str, kind: str, language: str, rng: random.Random,
                   first: int) -> tuple[str, str] | None:
        cands = self._cluster_variants(word, op, kind, first)
        if not cands:
            return None
        return cands[int(rng.random() * len(cands))], _CLUSTER_OPS[kind].get(op, op)

    @staticmethod
    def _cluster_variants(word: str, op: str, kind: str, first: int) -> list[str]:
        """Every rewrite of ``word`` (Devanagari, Thai or another clustered script: ``kind``) by ``op``,
        on whole grapheme clusters from cluster ``first`` on (a static method: ``_all_variants`` reads it)."""
        cl = clusters(word)
        n = len(cl)
        out: list[str] = []
        if op == "swap":
            for i in range(first, n - 1):
                a, b = cl[i], cl[i + 1]
                if a != b and (kind != "thai" or (thai_class(a[0]) == "consonant" == thai_class(b[0]))) \
                        and (kind != "deva" or (a[0].isalpha() and b[0].isalpha())):
                    out.append("".join(cl[:i] + [b, a] + cl[i + 2:]))
        elif op == "delete":
            for i in range(first, n):
                c = cl[i]
                for j in range(1, len(c)):  # a mark (matra, tone, anusvara, nukta...) inside the cluster
                    ch = c[j]
                    if (kind == "deva" and (ch in DEVANAGARI_MATRA or ch == "\u093e" or ch in DEVANAGARI_DROPPABLE)) \
                            or (kind == "thai" and thai_class(ch) in ("tone", "above", "below")):
                        out.append("".join(cl[:i]) + c[:j] + c[j + 1:] + "".join(cl[i + 1:]))
                # a whole cluster (never a Devanagari akshara); Thai: a consonant cluster whose
                # neighbours stay attached to consonants (no leading vowel left without one)
                if kind == "other" and n >= 3 and i > 0 or (
                        kind == "thai" and n >= 3 and i > 0 and thai_class(c[0]) == "consonant"
                        and thai_class(cl[i - 1][0]) != "leading"
                        and (i + 1 == n or thai_class(cl[i + 1][0]) == "consonant")):
                    out.append("".join(cl[:i] + cl[i + 1:]))
        elif kind == "deva" and op in ("keyboard", "substitute"):
            table = DEVANAGARI_CONSONANT if op == "keyboard" else DEVANAGARI_MATRA
            for i in range(first, n):
                c = cl[i]
                for j, ch in enumerate(c):
                    for alt in table.get(ch, ()):
                        out.append("".join(cl[:i]) + c[:j] + alt + c[j + 1:] + "".join(cl[i + 1:]))
        elif kind == "thai" and op in ("keyboard", "substitute"):
            for i in range(first, n):
                c = cl[i]
                for j, ch in enumerate(c):
                    if op == "substitute" and thai_class(ch) != "tone":
                        continue
                    alts = (_neighbours(ch, "th") if op == "keyboard"
                            else tuple(t for t in "\u0e48\u0e49\u0e4a\u0e4b" if t != ch))
                    for alt in alts:
                        out.append("".join(cl[:i]) + c[:j] + alt + c[j + 1:] + "".join(cl[i + 1:]))
        return [o for o in dict.fromkeys(out) if o != word]

    # -- exhaustive (adversarial search) --------------------------------------------------
    def variants(self, word: str, language: str) -> list[tuple[str, str]]:
        """Every rewrite, first character never touched; random-letter substitutions are
        left out for alphabets (only real spelling confusions are offered), so a search
        cannot turn "york" into "cork". A word's list is built once per process
        (``_all_variants``: greedy search asks for it in every query the word is in)."""
        return list(_all_variants(word, language, self.operations, self.allow_real_words))


@lru_cache(maxsize=4096)
def _all_variants(word: str, language: str, operations: tuple[str, ...],
                  allow_real_words: bool) -> tuple[tuple[str, str], ...]:
    """``Typo.variants`` for these settings: a pure function of its arguments (the real-word
    vocabulary is read once per process too), memoised. Bounded by words, not bytes: 4,096 BoolQ
    words (~58 rewrites each) hold 28 MiB, 3,415 German XQuAD-R words (~85 each, longer words) 36 MiB
    (tracemalloc, measured when the memo was reviewed); BoolQ's first 1,000 questions have 1,069
    distinct editable words."""
    if not word:
        return ()
    kind = _kind(word[0]) if word[0].isalpha() else _kind(max(word, key=lambda c: c.isalpha()))
    n = len(word)
    out: dict[str, str] = {}
    for op in operations:
        if kind in ("deva", "thai", "other"):
            for v in Typo._cluster_variants(word, op, kind, 1):
                out.setdefault(v, _CLUSTER_OPS[kind].get(op, op))
            continue
        if kind == "han":
            from .cjk import homophones, is_han, to_traditional  # noqa: PLC0415

            for i in range(n):
                if not is_han(word[i]):
                    continue
                if op == "keyboard":
                    for c in homophones(word[i]):
                        out.setdefault(word[:i] + c + word[i + 1:], "homophone")
                elif op == "substitute" and to_traditional(word[i]) != word[i]:
                    out.setdefault(word[:i] + to_traditional(word[i]) + word[i + 1:], "traditional")
            continue
        if op == "keyboard":
            for i in range(0 if word.isdigit() else 1, n):
                for c in _neighbours(word[i], language):
                    out.setdefault(word[:i] + c + word[i + 1:], op)
        elif op == "substitute":
            for i in range(1, n):
                for c in ARABIC_SPELLING.get(word[i], ()):
                    out.setdefault(word[:i] + c + word[i + 1:], op)
        elif op == "swap":
            for i in range(1, n - 1):
                if word[i] != word[i + 1] and word[i].isalpha() and word[i + 1].isalpha():
                    out.setdefault(word[:i] + word[i + 1] + word[i] + word[i + 2:], op)
        elif op == "delete" and n >= 3:
            for i in range(1, n):
                if language != "vi" or word[i].isascii():
                    out.setdefault(word[:i] + word[i + 1:], op)
        elif op == "insert":
            for i in range(1, n + 1):
                prev = word[i - 1]
                if prev.isalpha():
                    for c in (prev, *_neighbours(prev, language)):
                        out.setdefault(word[:i] + c + word[i:], op)
    out.pop(word, None)
    if _is_acronym(word):
        return ()
    vocab = None if allow_real_words or word.isdigit() else words(language)
    if vocab is not None:  # no typo that spells another word of the language
        low = word.lower()
        return tuple((v, op) for v, op in out.items()
                     if (lv := v.lower()) == low or not in_vocabulary(lv, vocab, language))
    return tuple(out.items())


@lru_cache(maxsize=65536)
def _word_kind(word: str) -> str | None:
    """The script kind of ``word`` (alpha, deva, thai, han, other), None for an acronym."""
    if _is_acronym(word):
        return None
    return _kind(word[0]) if word[0].isalpha() else _kind(max(word, key=lambda c: c.isalpha()))


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and sum(c.isalpha() for c in word) >= 2


# the operation names recorded for clustered scripts
_CLUSTER_OPS = {
    "deva": {"keyboard": "consonant", "substitute": "matra"},
    "thai": {"substitute": "tone"},
    "other": {},
}
