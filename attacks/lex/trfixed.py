"""L -> en Turkish: leave the words of a fixed two-word expression whose sense is not its words' senses.

What: ``fixed_word(words, i)`` says why word ``i`` of a Turkish query is left unswitched when it is a locked word of
one of ``EXPRESSIONS`` (two adjacent words), else "". Each entry is (first, second, locked): ``locked`` names which
of the two words is left ("first", "second" or "both").

Why: bench/RESULTS.md section 264 (branch tr41): among every judged tr L -> en reject over the judged files
(development data), the largest class the current code still produces is a word of a fixed expression or a compound
term switched alone to its literal English: son derece "extremely" -> degrees, birden fazla "more than one" ->
excess, aynı zamanda "also" -> time, bilim adamları "scientists" -> man, akşam yemeği "dinner" -> food, yürürlüğe
girdi "came into force" -> entry, kilit oyuncu "key player" -> lock, iltihap önleyici "anti-inflammatory" ->
preventive. Section 251's ``lex.tridioms`` covers noun + verb idioms only (a dative noun before varmak / sürmek / ...,
and a list of bare noun + verb pairs); these are other shapes (an adverbial, a quantifier, a noun compound, a term of
art), so they get their own table rather than a rule.

Hand-written (no maintained library lists Turkish multiword expressions with their non-literal sense; MUSE and
FreeDict tur-eng give single words, and ``lex.fixedphrases`` is keyed on surface sequences and the analysis's lemma,
which Turkish inflected compound heads rarely get). A word matches an entry's word when its lower-cased surface form
is the entry word, starts with it (entries of four letters or more: gitaristi, tekliflerini), or zeyrek reads the
entry word as one of its lemmas (yemeğine -> yemek, hükmü -> hüküm, zamanda -> zaman).

Each entry comes from a judged reject in bench/validity/lexical/ (the file named beside it). Only the word whose
literal English was judged wrong is locked when the other word's English was right or is right in the expression
(özel durum "special case": özel -> special is right, durum -> status is not).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

logger = logging.getLogger(__name__)

#: (first word, second word, which is locked): adjacent Turkish words whose literal English is wrong together
EXPRESSIONS: tuple[tuple[str, str, str], ...] = (
    ("son", "derece", "both"),          # extremely (agree29, agree35: derece -> degree(s))
    ("birden", "fazla", "both"),        # more than one (agree35: fazla -> excess)
    ("aynı", "zaman", "both"),          # aynı zamanda "also" (rev23b, v6base: zamanda -> time)
    ("bilim", "adam", "both"),          # bilim adamı "scientist" (agree30: adamları -> man; rev29e: Bilim -> Science)
    ("akşam", "yemek", "both"),         # akşam yemeği "dinner" (v5: yemeğine -> food)
    ("yürürlük", "girmek", "both"),     # yürürlüğe girmek "come into force" (rev20b: girdi -> entry)
    ("doğa", "gerek", "second"),        # doğası gereği "by its nature" (rev28c: gereği -> need)
    ("hüküm", "alt", "first"),          # hükmü altına almak "bring under its rule" (rev28c: hükmü -> sentence)
    ("insan", "sermaye", "first"),      # insan sermayesi "human capital" (v5: insan -> man)
    ("kilit", "oyuncu", "first"),       # kilit oyuncu "key player" (v6base: kilit -> lock)
    ("baş", "gitarist", "first"),       # baş gitarist "lead guitarist" (v2: baş -> head)
    ("grafik", "tasarım", "first"),     # grafik tasarım "graphic design" (v6base: grafik -> chart)
    ("iltihap", "önleyici", "second"),  # iltihap önleyici "anti-inflammatory" (rev29e, agree35: önleyici -> preventive)
    ("yaş", "aralık", "second"),        # yaş aralığı "age range" (rev22b: aralığı -> interval)
    ("kanun", "teklif", "second"),      # kanun teklifi "bill" (agree30: tekliflerini -> offer)
    ("sosyal", "yardım", "second"),     # sosyal yardım "welfare, benefits" (rev21b: yardım -> help; unp31: helps)
    ("paskalya", "perhiz", "second"),   # Paskalya Perhizi "Lent" (rev29e, agree35: Perhizi -> Diet)
    ("danışman", "eczacı", "first"),    # danışman eczacı "consultant pharmacist" (rev29e, agree35: -> Advisor)
    ("müzik", "şef", "second"),         # müzik şefi "(music) conductor" (rev28c: şefi -> chief)
    ("alt", "toprak", "second"),        # alt toprak "subsoil" (v4: topraklar -> lands)
    ("batı", "yaka", "second"),         # batı yakası "west side" (tr38: yakasının -> collar)
    ("doğu", "yaka", "second"),         # doğu yakası "east side" (the same term)
    ("yetki", "alan", "first"),         # yetki alanı "jurisdiction" (rev28c: yetki -> authorized)
    ("özel", "durum", "second"),        # özel durum "special case" (agree29: durumlarını -> statuses)
    ("altın", "saat", "both"),          # TV altın saatler "prime time" (tr38: altın -> gold, saatler -> clocks)
)


def _lemmas(word: str) -> frozenset[str]:
    """zeyrek's lemmas of ``word`` (every reading; empty without zeyrek)."""
    from ..analysis.segment import turkish_lemmas

    return turkish_lemmas(word)


def _matches(word: str, entry: str) -> bool:
    """``word`` (a query word) is a form of the entry word ``entry`` (module docstring)."""
    from ..analysis.script import lower

    low = lower(word, "tr").strip("'’")
    if low == entry or (len(entry) >= 4 and low.startswith(entry)):
        return True
    return entry in _lemmas(word)


def fixed_word(words: Sequence[str], i: int) -> str:
    """Why word ``i`` of the Turkish query ``words`` is left (``fixed:tr``), "" when it is no locked word of an
    entry of ``EXPRESSIONS``."""
    for first, second, locked in EXPRESSIONS:
        if locked in ("first", "both") and i + 1 < len(words) and _matches(words[i], first) \
                and _matches(words[i + 1], second):
            return "fixed:tr"
        if locked in ("second", "both") and i > 0 and _matches(words[i - 1], first) and _matches(words[i], second):
            return "fixed:tr"
    return ""
