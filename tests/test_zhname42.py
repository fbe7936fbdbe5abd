"""L -> en code-switching, Chinese: a single character jieba split off a transliterated name or a term is left
(旭烈兀汗 not -> 汗 "sweat", 塔纳克林松 not -> 塔 "tower"; ``attacks.lex.zhnamepiece``; issue 10; section 277).
"""

from __future__ import annotations

import pytest

from tests.codeswitch_probes import offered_english
from tests.muse_data import require_muse

pytest.importorskip("jieba")


def _piece(text: str, word: str) -> bool:
    """``name_piece`` for the first analysed occurrence of ``word`` in the zh question ``text``."""
    from robustir.attacks.analysis import analyse
    from robustir.attacks.lex.zhnamepiece import name_piece

    a = analyse(text, "zh")
    i = next(k for k, w in enumerate(a.words) if w.text == word)
    return name_piece(a.text, [(w.start, w.end) for w in a.words], i)


@pytest.mark.parametrize("text, word", [
    ("谁阻止了旭烈兀汗穿越中东?", "汗"),  # Hulagu Khan: across the bound morpheme 兀
    ("为什么塔纳克林松支持英国的行动？", "塔"),  # Tanaghrisson's first syllable
    ("在1914年至1945年间，皮凯蒂认为减少不平等的最大因素是什么?", "皮"),  # Piketty
])
def test_name_pieces_found(text, word):
    assert _piece(text, word)


@pytest.mark.parametrize("text, word", [
    ("被联合国教科文组织认定的莱茵河谷的区域被称为什么？", "谷"),  # after the name: its head, Rhine Valley
    ("米切尔塔被设计成与牛津大学的哪座塔外观类似？", "塔"),  # Mitchell Tower
    ("在埃施和沃斯被处死后路德写了哪首赞美诗？", "写"),  # a verb after a name: the predicate
    ("泰恩河上的雾这首歌是哪一年发行的?", "雾"),  # 的 between: not glued to the name
])
def test_other_single_characters_free(text, word):
    assert not _piece(text, word)


@pytest.mark.parametrize("text, word", [
    ("谁阻止了旭烈兀汗穿越中东?", "汗"),
    ("为什么塔纳克林松支持英国的行动？", "塔"),
])
def test_recipe_leaves_the_name_whole(cs, text, word):
    require_muse("zh")
    assert word not in offered_english(cs, text, "zh")


def test_recipe_still_switches_a_names_head(cs):
    require_muse("zh")
    offered = offered_english(cs, "被联合国教科文组织认定的莱茵河谷的区域被称为什么？", "zh")
    assert offered.get("谷", [])[:1] == ["valley"]


class _Syn:
    pass


class _WN:
    """A tiny WordNet: cooperate and explain verbs only, cooperation a noun, new an adjective, design both."""

    POS = {"cooperate": "v", "explain": "v", "cooperation": "n", "explanation": "n", "new": "a", "design": "nv"}

    def synsets(self, word: str, pos: str | None = None) -> list[_Syn]:
        return [_Syn()] if pos is not None and pos in self.POS.get(word, "") else []


def _words(*texts: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for t in texts:
        out.append((t, pos, pos + len(t)))
        pos += len(t)
    return out


def test_verb_only_english_dropped_after_particle():
    from robustir.attacks.lex.zhnounuse import noun_candidates

    words = _words("之间", "的", "合作")
    assert noun_candidates(words, 2, ("cooperate", "cooperation"), _WN()) == ("cooperation",)
    assert noun_candidates(_words("的", "解释"), 1, ("explain",), _WN()) == ()  # nothing left: not switched
    assert noun_candidates(_words("的", "新"), 1, ("new",), _WN()) == ("new",)  # an adjective stays
    assert noun_candidates(_words("的", "设计"), 1, ("design",), _WN()) == ("design",)  # also a noun


def test_verb_english_kept_elsewhere():
    from robustir.attacks.lex.zhnounuse import noun_candidates

    assert noun_candidates(_words("与", "合作"), 1, ("cooperate",), _WN()) == ("cooperate",)  # no 的 before
    assert noun_candidates(_words("之间", "的", "合作"), 2, ("cooperate",), None) == ("cooperate",)  # no WordNet
    gap = [("的", 0, 1), ("合作", 2, 4)]  # something between 的 and the word
    assert noun_candidates(gap, 1, ("cooperate",), _WN()) == ("cooperate",)


def test_recipe_noun_after_particle(cs):
    require_muse("zh")
    offered = offered_english(cs, "特斯拉、莱恩和威尔之间的合作是何时建立的？", "zh")
    assert offered.get("合作", [])[:1] == ["cooperation"]
    assert "考虑" not in offered_english(cs, "不法行为的考虑是什么？", "zh")


def test_person_name_needs_wordnet():
    from robustir.attacks.lex.zhpersonname import person_name

    assert not person_name("在布朗案之后", 1, 3, "brown", None)


@pytest.mark.parametrize("text, word", [
    ("在布朗案之后，就读基督教学院的学生的主要种族是什么?", "布朗"),  # Brown v. Board, not the colour (rev28c)
    ("格林在哪一年出生？", "格林"),  # Green, not the colour
])
def test_recipe_leaves_a_persons_name(cs, text, word):
    require_muse("zh")
    assert word not in offered_english(cs, text, "zh")


def test_recipe_keeps_common_words_tagged_as_names(cs):
    require_muse("zh")  # jieba tags 王朝 and 雨林 nr; their English is no name (section 235)
    assert offered_english(cs, "忽必烈王朝何时耗尽了钱财？", "zh").get("王朝", [])[:1] == ["dynasty"]
    assert offered_english(cs, "这个盆地覆盖了多少平方公里的雨林？", "zh").get("雨林", [])[:1] == ["rainforest"]
