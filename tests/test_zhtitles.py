"""Code-switching L -> en, Chinese (section 235, branch zhl2en38): a word inside a title the question writes in
《》, or inside the same title's text written again without brackets, is left unswitched
(``attacks.lex.zhtitles``). Section 214 judged "《英国国籍法令》" -> decree and "神秘博士" -> mystery wrong.
Dictionary-backed cases skip when MUSE is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.codeswitch_probes import offered_english as _offered
from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


def test_title_spans_cover_the_brackets_and_the_title_written_again():
    from robustir.attacks.lex.zhtitles import in_title, title_spans

    text = "哪部《神秘博士》里没有神秘博士一角？"
    assert title_spans(text) == ((3, 7), (11, 15))
    assert in_title(text, 3, 5) and in_title(text, 11, 13)
    assert not in_title(text, 16, 18)  # 一角
    assert title_spans("没有书名的问题？") == ()


def test_a_word_of_a_bracketed_title_is_not_switched(cs):
    require_muse("zh")
    assert "法令" not in _offered(cs, "《英国国籍法令》是何时通过的？", "zh")
    offered = _offered(cs, "哪部《神秘博士》里没有神秘博士一角？", "zh")
    assert "神秘" not in offered


def test_the_same_word_outside_a_title_is_still_offered(cs):
    require_muse("zh")
    assert "法令" in _offered(cs, "这项法令是何时通过的？", "zh")
