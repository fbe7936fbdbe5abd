"""L -> en, Arabic: the English of a word written with a proclitic (و "and", ب "with/in/by", ل "for/to", the
article ال) that no dictionary lists as it is, through the form without them.

What: ``split_clitics`` splits an Arabic word that carries the conjunction و or a preposition ب / ل before the
article (والطاقة, بالشراكة, للحزمة = ل + ال + حزمة) into those clitics, the article and the noun; for a word no source
lists (MUSE, FreeDict ara-eng, OMW) whose clitic is one of ``SWITCHED`` (ل alone: the others were measured below the
bar), ``clitic_english`` looks up the noun with its article (الشراكة; the bare noun شراكة second) and puts the English
back with the clitics kept in Arabic, joined by a tatweel the way Arabic text writes a proclitic before a Latin word
or a number: بالـpartnership, للـengine, والـenergy.

Why: Arabic writes its conjunction, its one-letter prepositions and its article on the word, so a question's noun
is often a form no dictionary lists (للحزمة "for the packet", بالشراكة "in partnership"), and the question stays
unswitched (issue 10; bench/RESULTS.md section 215: 22 of the 61 XQuAD-R ar test and dev questions left unperturbable
hold such a word). Keeping the clitic in Arabic keeps the preposition's sense, which the English side would have to
choose (ب is "in", "with", "by"), and the question's structure.

Precision: only a word that no source lists at all is split, only clitic + article forms (the article alone and a
clitic on an indefinite noun were measured below the bar, section 215), the noun keeps at least three letters, only
و, ب, ل are taken (ف and ك begin too many words and names: فرساي, كاليفورنيا), and a few compound prepositions
(بالنسبة "regarding") and ب + a noun in -ية (بالصينية "in Chinese") are left. Hand-written: no library in the
environment segments Arabic clitics (camel-tools and pyarabic are
not installed; simplemma lemmatises but does not tell the clitics, bench/RESULTS.md section 206).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

#: languages whose clitic look-up runs (bench/RESULTS.md section 215: ar)
LANGUAGES: frozenset[str] = frozenset({"ar"})

_CONJUNCTIONS = ("و",)
_PREPOSITIONS = ("ب", "ل")
_ARTICLE = "ال"
#: the clitics (before the article) whose words are switched: measured per kind on development data (section 215):
#: ل + ال 36 of 41 right; ب + ال 10 of 13 (بالتراجع "began to decline" -> retreat, بالدرجات "in degrees" -> grades)
#: and و + ال 5 of 9 (the second noun of a pair or term: الأوزان والمقاييس -> measurements, الاحتراق الداخلي ->
#: burning) are below the bar and not switched
SWITCHED: frozenset[str] = frozenset({"ل"})
#: joins a connecting Arabic letter to what follows it (U+0640 ARABIC TATWEEL)
TATWEEL = "\u0640"
#: letters that do not join the next one: no tatweel after them
_NON_JOINING = frozenset("اأإآدذرزوؤة")
#: compound prepositions written as ب / ل + the article + a noun, whose noun is not meant (بالنسبة "as for, regarding",
#: not "ratio"; section 215). Hand-written: a closed class no installed library lists
_FIXED = frozenset({"بالنسبة", "بالتالي", "بالضبط", "بالفعل", "بالإضافة", "بالرغم", "بالقرب"})
#: the rest after the clitics keeps at least this many letters
_MIN_REST = 3


def split_clitics(word: str) -> tuple[str, str, str]:
    """``(clitics, article, rest)`` of an Arabic ``word``: the conjunction و and a preposition ب / ل written on it,
    the article ال (ل + ال is written لل: للحزمة -> ل, ال, حزمة), and what is left. ``("", "", word)`` when nothing
    is split or the rest would be shorter than three letters."""
    rest, clitics = word, ""
    if rest.startswith(_CONJUNCTIONS) and len(rest) > 1:
        clitics, rest = rest[0], rest[1:]
    if rest.startswith(_PREPOSITIONS) and len(rest) > 1:
        clitics, rest = clitics + rest[0], rest[1:]
    article = ""
    if clitics.endswith("ل") and rest.startswith("ل") and not rest.startswith(_ARTICLE):
        article, rest = _ARTICLE, rest[1:]  # لل: the article's alif is not written after ل
    elif rest.startswith(_ARTICLE):
        article, rest = _ARTICLE, rest[2:]
    if not clitics or not article or len(rest) < _MIN_REST or word in _FIXED:
        # (measured and left out, section 215: the article alone, الاقتصادي -> economist, الوحيد -> lonely, 19 of 29
        # right; a clitic on an indefinite noun or a verbal noun, بحلول "by" -> solutions, لمعرفة "to know" ->
        # knowledge, وسلطة -> salad, 31 of 43 right)
        return "", "", word
    if clitics.endswith("ب") and rest.endswith("ية"):
        return "", "", word  # بالصينية "in Chinese": a language or manner adverbial, not ب + a noun (-> tray)
    return clitics, article, rest


def attach(clitics: str, article: str, english: str) -> str:
    """The English word with the Arabic clitics before it: none -> the English alone (the article is dropped);
    else the clitics and the article as Arabic writes them (ل + ال is لل) joined by a tatweel where the last
    letter joins (لـtreaty, بالـpartnership, للـengine, وroad)."""
    if not clitics:
        return english
    head = clitics + (article[1:] if clitics.endswith("ل") and article else article)
    return head + ("" if head[-1] in _NON_JOINING else TATWEEL) + english


def clitic_english(word: str, to_english: Callable[[str], tuple[str, ...]],
                   listed: Callable[[str], bool]) -> tuple[tuple[str, str], tuple[str, ...]]:
    """``((clitics, article), English candidates of the rest)`` for an Arabic ``word`` that no source lists
    (``listed``: any source has an entry for the word as it is) and that has proclitics or the article; ``(("",
    ""), ())`` otherwise. ``to_english`` is ``Sources.to_english`` for Arabic; its candidates are plain English,
    for the caller's filters, and go back on the word through ``attach``."""
    clitics, article, rest = split_clitics(word)
    if not rest or rest == word or clitics not in SWITCHED or listed(word):
        return ("", ""), ()
    forms = (article + rest, rest) if article else (rest,)
    for form in forms:
        cands = to_english(form)
        if cands:
            logger.debug("ar %s: %s + %s -> %s", word, clitics + article, form, cands)
            return (clitics, article), cands
    return ("", ""), ()


def listed(sources: Any, word: str) -> bool:
    """True when a source ``Sources.to_english`` reads lists the Arabic ``word`` as it is (MUSE ar-en, its alifs
    written bare as MUSE writes them; FreeDict ara-eng; OMW's Arabic WordNet), whatever its ranking keeps."""
    from ..candidates import _ar_alif
    from ..freedict import load_freedict
    from ..muse import load_muse_dictionary

    muse = load_muse_dictionary("ar", sources.resource_paths)
    if muse is not None and (muse.to_en.get(word) or muse.to_en.get(_ar_alif(word))):
        return True
    fd = load_freedict("ar", "en")
    if fd is not None and fd.get(word):
        return True
    code = sources.omw("ar")
    return bool(code and sources.omw_synsets(word, code))
