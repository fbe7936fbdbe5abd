"""Bilingual lexicons and WordNet access for the word-level attack families.

The implementation lives in ``attacks.lex``, one idea per module: ``text`` (language
codes, word splitting, case matching, budgets, atomic writes), ``nltkdata`` (finding
nltk data, opening WordNet + OMW), ``stoplists`` (NLTK / stop-words / stopwords-iso),
``wordnet`` (senses, synonyms, antonyms, most-frequent-sense translations),
``dictionaries`` (word maps, user MUSE files), ``transdeen`` (Debian's trans-de-en) and
``wordedit`` (the per-word option memo). The MUSE folder reader and the FreeDict reader
are ``attacks.muse`` and ``attacks.freedict``. This module re-exports the names its
callers have always imported from here. It never imports robustir.
"""

from __future__ import annotations

from .lex.dictionaries import DictLexicon, load_muse, stat_key
from .lex.nltkdata import find_nltk_data, nltk_search_path, open_wordnet
from .lex.stoplists import NoStopwordList, load_iso_stopwords, load_stopwords, nltk_stopwords_dir, stopwords
from .lex.text import (
                                   DEFAULT_TRANS_DE_EN,
                                   NLTK_HINT,
                                   NLTK_STOPWORD_FILES,
                                   NOUN_CAPITALISING,
                                   OMW_CODES,
                                   atomic_write_text,
                                   check_rate,
                                   has_letter,
                                   iso_code,
                                   match_case,
                                   split_words,
)
from .lex.transdeen import TRANS_DE_EN_FORMAT, load_trans_de_en, parse_trans_de_en
from .lex.wordedit import MemoisedWordEdits
from .lex.wordnet import WordNetLexicon, wordnet_lexicon

__all__ = [
    "DEFAULT_TRANS_DE_EN", "NLTK_HINT", "NLTK_STOPWORD_FILES", "NOUN_CAPITALISING", "OMW_CODES",
    "TRANS_DE_EN_FORMAT", "DictLexicon", "MemoisedWordEdits", "NoStopwordList", "WordNetLexicon",
    "atomic_write_text", "check_rate", "find_nltk_data", "has_letter", "iso_code", "load_iso_stopwords",
    "load_muse", "load_stopwords", "load_trans_de_en", "match_case", "nltk_search_path",
    "nltk_stopwords_dir", "open_wordnet", "parse_trans_de_en", "split_words", "stat_key", "stopwords",
    "wordnet_lexicon",
]
