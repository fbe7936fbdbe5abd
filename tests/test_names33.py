"""English -> L code-switching of all-lower-case questions: a run that is a whole collection title written slightly
differently (``attacks.lex.titlevariants``, bench/RESULTS.md section 185) is locked as the exact title
is. The questions are held-out v33 rejects (bench/validity/lexical/v33-v33a-en-L.jsonl, v33-v33b-en-L.jsonl: fear ->
miedo, Angst, 恐れ; beast -> bestia, bête, Bestie; hungry jacks: v32). Skips when a dictionary is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def paths(english_resources: dict[str, Path]) -> dict[str, Path]:
    return {**english_resources, "muse": require_muse("es", "de", "zh")}


# (question, the title in the collection, a title word the asker spelled differently)
VARIANTS = [
    # "of" inserted: the exact title is "fear the walking dead"
    ("is fear of the walking dead a prequel to walking dead", "Fear the Walking Dead (season 4)", "fear"),
    # an inner noun in the singular
    ("is fantastic beast and where to find them part of harry potter",
     "Fantastic Beasts and Where to Find Them (film)", "beast"),
    # the possessive's apostrophe dropped
    ("is hungry jacks and burger king the same", "Hungry Jack's", "hungry"),
]


@pytest.mark.parametrize(("text", "title", "word"), VARIANTS)
def test_a_title_written_slightly_differently_is_locked(paths, text, title, word):
    assert word in offered(text, paths, ["Water"], no_passages=["Water is wet."])  # switched without the title
    assert word not in offered(text, paths, [title, "Water"], no_passages=["Water is wet."])


@pytest.mark.parametrize(("text", "title", "word"), [
    # a plural title's last word in the singular is one of its kind (judged right: test -> prueba, 测试, тест)
    ("does the sat subject test have an essay", "SAT Subject Tests", "test"),  # (offered either way)
    # a run inside a title is no whole title ("Naval Base San Diego")
    ("is there a naval base in san diego", "Naval Base San Diego", "base"),
    # a title's first word in the other number: a topic, not a name (language -> 语言, langue, Sprache)
    ("is hindi is our national language of india", "Languages of India", "language"),
    # an inner possessive: a compound a language translates (judged right: Mütter, madre, 母亲)
    ("do they celebrate mothers day in other countries", "Mother's Day", "mothers"),
    # the asker's own possessive: the exact match decides, not the variant
    ("is a driver's license a government issued id", "Driver's License", "license"),
])
def test_a_common_phrase_beside_a_title_is_no_variant(paths, monkeypatch, text, title, word):
    from robustir.attacks.codeswitch import CodeSwitch

    with_rule = offered(text, paths, [title, "Water"], no_passages=["Water is wet."])
    monkeypatch.setattr(CodeSwitch, "TITLE_VARIANTS", False)
    assert (word in with_rule) == (word in offered(text, paths, [title, "Water"], no_passages=["Water is wet."]))


def test_title_key_reads_articles_of_number_and_possessives() -> None:
    from robustir.attacks.lex.titlevariants import title_index, title_key, variant_of_title

    def w(text: str) -> list[str]:
        return text.split(" ")

    fw = frozenset({"the", "of", "and", "where", "to", "them", "in", "a"})

    def lemma(word: str) -> str:
        return word[:-1] if word.endswith("s") and len(word) > 3 else word

    assert title_key(w("fear of the walking dead"), fw, lemma) == title_key(w("fear the walking dead"), fw, lemma)
    assert title_key(w("hungry jack s"), fw, lemma) == ("hungry", "jacks")
    assert title_key(w("languages of india"), fw, lemma) != title_key(w("language of india"), fw, lemma)
    assert title_key(w("born in the u s"), fw, lemma) != title_key(w("born in the us"), fw, lemma)
    assert title_key(w("the walking"), fw, lemma) is None  # one content word
    assert title_key(w("mother s day"), fw, lemma) is None  # an inner possessive
    index = title_index(["sat subject tests", "hungry jack s"], fw, lemma)
    assert not variant_of_title(w("sat subject test"), index, fw, lemma)
    assert variant_of_title(w("hungry jacks"), index, fw, lemma)
