"""What the code-switcher offers, read the way several test files need it (L -> en: the English offered for each
switchable word, the ranked English candidates of one word; en -> L: the choices of one word in one target language),
so the tests share one probe."""

from __future__ import annotations

from typing import Any


def offered_english(cs: Any, text: str, lang: str) -> dict[str, list[str]]:
    """Each switchable word of the ``lang`` question ``text`` and the English ``cs`` offers for it, in order."""
    from robustir.attacks.codeswitch import CodeSwitch

    parts, opts, _ = CodeSwitch._analyse(cs, text, lang)
    return {parts[2 * i + 1]: [o[1].strip() for o in opt] for i, opt in enumerate(opts) if opt}


def english_candidates(cs: Any, text: str, lang: str, word: str) -> tuple[str, ...]:
    """The English candidates ``cs`` ranks for ``word`` (its first analysed occurrence) in the question ``text``."""
    from robustir.attacks.analysis import analyse

    a = analyse(text, lang)
    i = next(k for k, w in enumerate(a.words) if w.text == word)
    return cs._candidates(a.words[i], lang, "en", a, i)


def target_choices(cs: Any, text: str, word: str, lang: str) -> list[str]:
    """The ``lang`` choices of every ``word`` in the English ``text`` (``CodeSwitch._analyse``, as
    bench/codeswitch_paired.py reads them)."""
    parts, opts, _ = cs._analyse(text, "en")
    return [rep for k in range(len(parts) // 2) if parts[2 * k + 1] == word for lg, rep in opts[k] if lg == lang]
