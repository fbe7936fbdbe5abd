"""Code-switching L -> en (bench/RESULTS.md section 151): an English collocation decides
a term's words. Where two adjacent L words' English forms a two-word English WordNet noun lemma ("corporal
punishment", "new world", "prime number"), each word keeps the candidates that form it: ru "телесные наказания"
-> "punishments", not "penalties"; de "der Neuen Welt" -> "new", not "newcomers"; tr "asal sayıların" ->
"numbers", not "scores". MUSE-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.muse_data import require_muse


@pytest.fixture(scope="module")
def cs(nltk_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    return CodeSwitch(context="none", resource_paths=nltk_resources)


@pytest.fixture(scope="module")
def wn(cs):
    return cs.sources.wordnet().wn


def _offered(cs, text: str, lang: str) -> dict[str, set[str]]:
    """Each switchable word of ``text`` and the English offered for it."""
    from robustir.attacks.codeswitch import CodeSwitch

    parts, opts, _ = CodeSwitch._analyse(cs, text, lang)
    return {parts[2 * i + 1]: {rep.strip().lower() for _, rep in o} for i, o in enumerate(opts) if o}


@pytest.mark.parametrize(("lang", "text", "word", "right", "wrong"), [
    ("ru", "В какой из западных стран телесные наказания все еще разрешены?", "наказания", "punishments",
     "penalties"),
    ("de", "Wie entwickelten die Hugenotten ihre religiösen Ansichten in der Neuen Welt?", "Neuen", "new",
     "newcomers"),
    ("tr", "Hangi teorem, sayılar teorisinde asal sayıların ana rolünü tanımlar?", "sayıların", "numbers", "scores"),
])
def test_the_english_collocation_decides_the_words_english(cs, lang, text, word, right, wrong):
    require_muse(lang)
    offered = _offered(cs, text, lang)
    assert right in offered.get(word, set())
    assert wrong not in offered.get(word, set())


def test_a_word_in_no_collocation_keeps_its_english(cs):
    # "Kanarya Adaları": canary + islands form no WordNet lemma: the words keep their own English
    require_muse("tr")
    offered = _offered(cs, "Kanarya Adaları kıyıları hangi kıtadadır?", "tr")
    assert "islands" in offered.get("Adaları", set())


def test_the_head_takes_the_words_number_and_a_modifier_does_not(wn):
    from robustir.attacks.lex.collocation import collocation_candidates

    back = {"punishment": ["наказание"], "new": ["neuen"], "islands": ["adaları"]}.get
    plural = {"punishment": "punishments", "new": "news"}.get
    # the head noun of "corporal punishment" found through the dictionary, plural like the word's "penalties"
    assert collocation_candidates(wn, ("penalties",), ("corporal",), frozenset({"наказания", "наказание"}),
                                  lambda x: back(x, []), lambda x: plural(x, x + "s")) == ("punishments",)
    # the modifier of "new world" stays uninflected although the word's candidate "newcomers" is plural
    assert collocation_candidates(wn, ("newcomers",), ("world",), frozenset({"neuen"}),
                                  lambda x: back(x, []), lambda x: plural(x, x + "s")) == ("new",)


def test_no_collocation_gives_nothing(wn):
    from robustir.attacks.lex.collocation import collocation_candidates

    assert collocation_candidates(wn, ("simple",), ("numbers",), frozenset({"простые"}),
                                  lambda x: [], lambda x: x + "s") == ()
    assert collocation_candidates(wn, ("simple",), (), frozenset({"простые"}), lambda x: ["простые"],
                                  lambda x: x + "s") == ()
