"""L -> en code-switching, Chinese: MUSE's lone first entry is kept when it is a one-sense WordNet noun (水母-like
terms below the English frequency floor or without a SemCor count: 雨林 rainforest, 地质学家 geologist;
``attacks.lex.zhlonenoun``; issue 10; section 253).
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import english_candidates as _cands
from tests.muse_data import require_muse


class _Lemma:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name


class _Syn:
    def __init__(self, pos: str, *names: str) -> None:
        self._pos, self._names = pos, names

    def pos(self) -> str:
        return self._pos

    def lemmas(self) -> list[_Lemma]:
        return [_Lemma(n) for n in self._names]


class _WN:
    """A tiny WordNet: geologist one noun sense, jellyfish two, strong adjectives, bonn a name."""

    SYNS = {"geologist": [_Syn("n", "geologist")], "jellyfish": [_Syn("n", "jellyfish"), _Syn("n", "jellyfish")],
            "strong": [_Syn("a", "strong")], "bonn": [_Syn("n", "Bonn")], "max": [_Syn("n", "max", "soap")]}

    def synsets(self, word: str) -> list[_Syn]:
        return self.SYNS.get(word, [])

    def morphy(self, word: str, pos: str) -> str | None:
        return word if word in self.SYNS else None


def _lone(muse: list[str], original: str, omw: list[str] | None = None) -> tuple[str, ...]:
    from robustir.attacks.lex.zhlonenoun import single_sense_noun

    return single_sense_noun([omw or [], muse], ["omw", "muse"], _WN(), original, frozenset({"the"}))


def test_one_sense_noun_kept():
    assert _lone(["geologist", "geologists"], "地质学家") == ("geologist",)


def test_other_words_left():
    assert _lone(["jellyfish"], "水母") == ()  # two senses
    assert _lone(["strong", "powerful"], "强大") == ()  # not a noun
    assert _lone(["bonn"], "波恩") == ()  # a name (WordNet writes Bonn)
    assert _lone(["max"], "最大") == ()  # a superlative, no noun (section 253's development outputs)
    assert _lone(["geologist"], "地质学家", omw=["scientist"]) == ()  # another source disagrees: not this rule


@pytest.mark.parametrize("text, word, wanted", [
    ("谁被视为第一位现代地质学家？", "地质学家", "geologist"),
    ("这个盆地覆盖了多少平方公里的雨林？", "雨林", "rainforest"),
])
def test_lone_nouns_switched(cs, text, word, wanted):
    require_muse("zh")
    assert _cands(cs, text, "zh", word)[:1] == (wanted,)


def test_superlative_left(cs):
    require_muse("zh")
    assert _cands(cs, "什么风暴对杰克逊维尔影响最大?", "zh", "最大") == ()
