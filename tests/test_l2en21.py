"""Code-switching L -> en (English words into an L query): the recurring reject classes of the held-out
sets of bench/RESULTS.md sections 112-113 (bench/validity/lexical/rev20-*.jsonl) stay fixed (branch l2en21).

- A Russian plural noun whose English candidate is already plural AND filed by WordNet as a lemma of its
  own (days, businessmen) was pluralised again ("dayses", "businessmens"): WordNet's ``morphy`` gave the
  plural back unchanged, so the singular the re-inflection starts from was the plural.
Dictionary-backed cases skip when the dictionary is not installed.
"""

from __future__ import annotations

import pytest

from tests.muse_data import require_muse


@pytest.mark.parametrize("plural", ["days", "businessmen", "arms", "schools", "children"])
def test_an_english_plural_is_not_pluralised_again(cs, plural):
    # the singular the Russian plural's re-inflection starts from (WordNet files "days" and
    # "businessmen" as lemmas of their own: morphy returned them unchanged)
    from robustir.attacks.analysis.inflect import inflect

    assert inflect(cs._singular(plural), "NNS") == plural


def test_russian_plural_nouns_get_one_english_plural(cs):
    require_muse("ru")
    pytest.importorskip("pymorphy3")
    from robustir.attacks.analysis import analyse

    for text, word in (("Как называлась компания, которую финансировали бизнесмены?", "бизнесмены"),
                       ("Как назывался спин-офф \"Счастливых дней\", дебютировавший в 1980-х на ABC?", "дней")):
        a = analyse(text, "ru")
        i = next(k for k, w in enumerate(a.words) if w.text == word)
        cands = cs._candidates(a.words[i], "ru", "en", a, i)
        assert cands, word
        assert not any(c.endswith(("menss", "mens", "yses", "ayses")) for c in cands), cands


@pytest.mark.parametrize(("lang", "text", "word"), [
    ("hi", "तब खेल में कितना समय बचा था?", "खेल"),
    ("el", "Πόσος χρόνος απέμενε στο παιχνίδι;", "παιχνίδι"),
])
def test_uncovered_language_keeps_the_dictionaries_order(rp, lang, text, word):
    # USE-m was not trained on hi, el (or vi): its cosines between English senses vetoed the dictionaries'
    # first sense there (hi खेल "game" -> "play", el παιχνίδι "game" -> "playing": rev20-rev20a rejects);
    # the encoder now only applies its floor to those languages' queries
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(resource_paths=rp)
    cs.context_fn = lambda _text, variants: [0.80, 0.95, 0.30][:len(variants)]  # the 2nd scored far higher
    a = analyse(text, lang)
    i = next(k for k, w in enumerate(a.words) if w.text == word)
    assert cs._choose(a, text, lang, [(i, "en", ["game", "playing", "toy"])]) == {i: [("en", "game")]}
    # every candidate below the floor: none switched
    cs.context_fn = lambda _text, variants: [0.1] * len(variants)
    assert cs._choose(a, text, lang, [(i, "en", ["game", "playing"])]) == {}


def test_covered_language_still_lets_the_encoder_veto(rp):
    # a language USE-m covers (ar) keeps the veto: a far better cosine wins over the dictionaries' first
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    cs = CodeSwitch(resource_paths=rp)
    cs.context_fn = lambda _text, variants: [0.86, 0.97][:len(variants)]
    text = "كم عدد النقاط؟"
    a = analyse(text, "ar")
    i = next(k for k, w in enumerate(a.words) if w.text == "النقاط")
    assert cs._choose(a, text, "ar", [(i, "en", ["dots", "points"])]) == {i: [("en", "points")]}


def test_chinese_plain_verbs_are_not_given_english_nouns(rp, cs):
    # jieba tags 列 ("are listed") and 派 ("sent") as verbs: the nouns column and pie were switched in
    # (rev20-rev20b-zh); a verb whose best-ranked English word is no verb is not switched
    require_muse("zh")
    pytest.importorskip("jieba")
    from robustir.attacks.analysis import analyse

    wn = cs.sources.wordnet().wn
    for text, word in (("远东哪些国家的作品列在其中？", "列"), ("杜肯派了多少人去营救圣皮埃尔？", "派")):
        a = analyse(text, "zh")
        i = next(k for k, w in enumerate(a.words) if w.text == word)
        cands = cs._candidates(a.words[i], "zh", "en", a, i)
        assert not cands or wn.synsets(cands[0].replace(" ", "_"), pos="v"), cands


def test_arabic_last_is_not_switched_to_another(cs):
    # آخر before its noun is "last" (the last Time Lord, Luther's last writing): "another" was judged
    # wrong every time (rev20-rev20a-ar); the word is not switched
    import random

    require_muse("ar")
    for text in ('في أي عام ذكر "الدكتور هو" أنه كان آخر سيد للوقت؟',
                 "أي جزء من آخر كتابة لٍلُثر كان مكتوباً بالألمانية؟"):
        for seed in range(5):
            out = cs.perturb(text, random.Random(seed), language="ar")
            assert all(e.original != "آخر" for e in out.edits), out.text
