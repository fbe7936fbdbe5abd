"""``load_stopwords`` reads NLTK's stopword files without NLTK: the same sets as NLTK's own reader."""

from __future__ import annotations

from robustir.attacks.lex.stoplists import load_stopwords, nltk_stopwords_dir
from robustir.attacks.lex.text import NLTK_STOPWORD_FILES


def _nltk_reader_set(root, name):
    import nltk
    from nltk.corpus.reader import WordListCorpusReader

    data_root = str(root.parent.parent if root.parent.name == "corpora" else root.parent)
    if data_root not in nltk.data.path:  # nltk >= 3.10 reads only corpora on its search path
        nltk.data.path.append(data_root)
    return frozenset(w.strip().lower() for w in WordListCorpusReader(str(root), [name]).words(name) if w.strip())


def test_every_installed_list_equals_nltk_reader(tmp_path, nltk_resources):
    data = nltk_resources["nltk-data"]
    root = nltk_stopwords_dir(data)
    checked = 0
    for lang, name in NLTK_STOPWORD_FILES.items():
        if (root / name).is_file():
            assert load_stopwords(lang, data) == _nltk_reader_set(root, name), lang
            checked += 1
    assert checked >= 1  # (this machine: English only)
    # odd lines: blank, spaces only, CRLF, upper case, surrounding blanks
    (tmp_path / "corpora" / "stopwords").mkdir(parents=True)
    odd = tmp_path / "corpora" / "stopwords"
    (odd / "english").write_bytes("The\r\n\r\n   \nand \n\u00c9t\u00e9\n  of\n".encode())
    assert load_stopwords("en", tmp_path) == _nltk_reader_set(odd, "english") == {"the", "and", "\u00e9t\u00e9", "of"}
