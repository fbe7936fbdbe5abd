"""The fast paths of the random character recipes give what the general code gives.

The speed work of issue #11 (memoised word eligibility, no stream seeding for
deterministic rewrites, the spaced-language paths of wordorder and segmentation,
the one-character homoglyph path) must not change a single output: these tests
compare each fast path with the general computation it replaces.
"""

from __future__ import annotations

import itertools
import random

import pytest
from robustir.attacks.constraints import Protected
from robustir.attacks.diacritics import Diacritics
from robustir.attacks.homoglyph import Homoglyph
from robustir.attacks.keywords import Keywords
from robustir.attacks.script_forms import ScriptForm, fullwidth
from robustir.attacks.search import RandomSearch
from robustir.attacks.segmentation import Segmentation
from robustir.attacks.translit import Transliterate
from robustir.attacks.typo import Typo
from robustir.attacks.wordorder import WordOrder

EN = ["is the eiffel tower taller than the empire state building",
      "does a UK-wide ban on plastic straws apply to the new york office",
      "can penicillin be used against a bacterial infection in cats"]
ES = "¿cuál es la capital de España y qué río pasa por ella?"


def _protected() -> Protected:
    en = ["is", "the", "than", "a", "on", "to", "be", "in", "can", "does"]
    # ja gets the English list: the tests below run English text through ja's general path
    return Protected(stopword_lists={"en": en, "ja": en, "es": ["es", "la", "de", "y", "por"]}, min_length=3)


@pytest.mark.parametrize("pert, text, lang", [
    (Diacritics(), ES, "es"), (Transliterate(), "какая столица россии", "ru"),
    (ScriptForm(mode="fullwidth"), EN[0], "en"), (Keywords(resource_paths={}), EN[0], "en")])
def test_deterministic_rewrites_do_not_depend_on_the_stream(pert, text: str, lang: str) -> None:
    if isinstance(pert, Keywords):
        pert._lists["en"] = frozenset({"is", "the", "than"})  # a given list: no stopword files needed
    assert pert.uses_rng is False
    outs = {pert.perturb(text, random.Random(s), lang) for s in range(20)}
    assert len(outs) == 1
    assert next(iter(outs)).edits


def test_partial_rates_still_use_the_stream() -> None:
    assert Diacritics(rate=0.5).uses_rng and Transliterate(max_edits=1).uses_rng
    assert ScriptForm(mode="fullwidth", rate=0.5).uses_rng and Typo().uses_rng


def test_random_search_skips_seeding_only_where_outputs_cannot_differ() -> None:
    # the same texts through the search and by hand with a stream seeded per text
    typo = Typo(rate=0.3)
    got = RandomSearch().run(typo, EN, ["en"] * 3, seed=4, samples=3, constraints=[])
    for text, row in zip(EN, got, strict=True):
        rng = random.Random(f"4:{text}")
        assert row == [typo.perturb(text, rng, "en") for _ in range(3)]
    fw = ScriptForm(mode="fullwidth")
    got = RandomSearch().run(fw, EN, ["en"] * 3, seed=4, samples=2, constraints=[])
    assert [r[0].text for r in got] == [fullwidth(t) for t in EN]


def test_eligibility_memo_follows_the_word_filter() -> None:
    typo = Typo(rate=1.0)
    typo.word_filter = _protected()
    first = typo.perturb(EN[0], random.Random(0), "en")
    assert {e.original for e in first.edits}.isdisjoint({"is", "the", "than"})
    typo.word_filter = lambda w, lang: w == "eiffel"  # a new filter: the memo must not answer for it
    only = typo.perturb(EN[0], random.Random(0), "en")
    assert [e.original for e in only.edits] == ["eiffel"]


def test_budget_counts_only_words_a_rewrite_changes() -> None:
    d = Diacritics(rate=0.5)  # 3 words with accents: 2 of them (half, rounded up), never an unaccented one
    text = "qué país tiene más ríos"
    p = d.perturb(text, random.Random(1), "es")
    assert len(p.edits) == 2
    assert all(e.original in {"qué", "país", "más", "ríos"} for e in p.edits)


@pytest.mark.parametrize("text", EN + ["x-ray of the new york times", "the times' editor", "apple apple pie"])
def test_wordorder_spaced_path_matches_the_general_path(text: str) -> None:
    w = WordOrder(rate=0.5, max_edits=2)
    w.word_filter = _protected()
    parts, segs, flat, eligible = w._flat(text, "en")
    adjacent = list(w._adjacent)
    # the general loop, forced by a language that takes it (ja segments only non-Latin runs)
    parts_g, segs_g, flat_g, eligible_g = w._flat(text, "ja")
    assert (parts, segs, flat, eligible, adjacent) == (parts_g, segs_g, flat_g, eligible_g, w._adjacent)


@pytest.mark.parametrize("text", EN + ["ab cd efgh", "newyork is big"])
def test_segmentation_spaced_options_match_the_general_options(text: str) -> None:
    s = Segmentation(rate=0.5)
    s.word_filter = _protected()
    assert s._options(text, "en") == s._options(text, "ja")  # ja: the general per-segment loop


def test_homoglyph_one_character_path_draws_like_the_general_path() -> None:
    h = Homoglyph(rate=1.0, chars=1)
    for s in range(50):
        for word in ("eiffel", "tower", "penicillin", "x"):
            fast = h.variant(word, "en", random.Random(s))
            # the general path: positions, one drawn, then its look-alike drawn
            rng = random.Random(s)
            idx = [i for i, c in enumerate(word) if c in h.mapping]
            if not idx:
                assert fast is None
                continue
            if len(idx) > 1:
                idx = [idx[int(rng.random() * len(idx))]]
            chars = list(word)
            alts = h.mapping[chars[idx[0]]]
            chars[idx[0]] = alts[int(rng.random() * len(alts))]
            assert fast == ("".join(chars), "homoglyph")


def test_fullwidth_maps_ascii_letters_and_digits_only() -> None:
    assert fullwidth("Abc 12-é") == "Ａｂｃ １２-é"


# --- wordorder and segmentation at >= 60,000 queries/s (issue #11, second pass) ---

SPACED = EN + ["x-ray of the new york times", "the times' editor", "apple apple pie is apple pie",
               "¿cuál es la capital de España?", "is 'the eiffel tower' taller?", "'quoted start of text",
               "tail joiner at the end-", "one", "", "  double  spaces here  ", "the_underscore word here",
               "new york new york city", "what is the capital of the state of new york and its largest city",
               "Привет как дела у тебя сегодня", "ε ένα δύο τρία τέσσερα"]


def test_bulk_shuffle_and_single_draw_consume_the_stream_like_the_standard_library() -> None:
    from robustir.attacks.draws import choice_index, shuffled, shuffled_prefix

    for seed in range(40):
        for n in range(1, 80):  # sizes above the bulk path's cap go to random.sample itself
            pop = [f"o{i}" for i in range(n)]
            a, b = random.Random(f"{seed}:{n}"), random.Random(f"{seed}:{n}")
            assert shuffled(a, pop) == b.sample(pop, n)
            assert a.random() == b.random()  # the stream is left where sample leaves it
            assert choice_index(a, n) == b.sample(range(n), 1)[0]
            assert a.getstate() == b.getstate()
            k = seed % n + 1  # a prefix of the lazy shuffle: the same items as sample's
            assert list(itertools.islice(shuffled_prefix(a, pop), k)) == b.sample(pop, n)[:k]


def test_isalnum_is_the_word_class_but_underscore() -> None:
    # spaced_words' shortcut relies on it for every code point
    import re

    word = re.compile(r"\w")
    assert [c for c in map(chr, range(0x110000)) if c != "_" and c.isalnum() != bool(word.fullmatch(c))] == []


@pytest.mark.parametrize("text", SPACED)
def test_spaced_words_are_the_tokenizer_words(text: str) -> None:
    from robustir.attacks.segment import spaced_words
    from robustir.attacks.tokenize import SPLIT

    parts = SPLIT.split(text)
    got = spaced_words(text)
    simple = len(parts) > 1 and all(sep == " " for sep in parts[2:-1:2])
    assert (got is not None) == simple
    if got is not None:
        head, words, tail = got
        assert (head, words, tail) == (parts[0], parts[1::2], parts[-1])
        assert head + " ".join(words) + tail == text


def _wordorder_general(w: WordOrder, text: str, rng: random.Random, lang: str):
    return w._perturb_general(text, rng, lang)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("rate, max_edits", [(0.15, 1), (1.0, 1), (1.0, 3)])
def test_wordorder_fast_path_draws_like_the_general_path(lang: str, rate: float, max_edits: int) -> None:
    w = WordOrder(rate=rate, max_edits=max_edits)
    w.word_filter = _protected()
    for text in SPACED:
        for seed in range(25):
            fast, general = random.Random(seed), random.Random(seed)
            for _ in range(3):  # samples 2 and 3 start where the previous one left the stream
                assert w.perturb(text, fast, lang) == _wordorder_general(w, text, general, lang)
                assert vars(w.perturb(text, random.Random(seed), lang)) == \
                    vars(_wordorder_general(w, text, random.Random(seed), lang))
            assert fast.getstate() == general.getstate()


def _segmentation_reference(s: Segmentation, text: str, rng: random.Random, lang: str):
    """The segmentation draw before the fast paths: every option shuffled by random.sample."""
    parts, segs, opts = s._options(text, lang)
    ok = s._eligible_fn(lang)
    eligible = sum(1 for seg in segs for w in seg if ok(w))
    from robustir.attacks.base import edit_count

    n = min(len(opts), edit_count(s.rate, s.max_edits, max(eligible, 1 if opts else 0)))
    if n == 0:
        return s._apply(text, lang, parts, [])
    chosen, used = [], set()
    for o in rng.sample(opts, len(opts)):
        if len(chosen) >= n:
            break
        runs = {o[1]} if o[0] == "split" else {o[1], o[1] + 1}
        if runs & used:
            continue
        used |= runs
        chosen.append(o)
    return s._apply(text, lang, parts, chosen)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("rate, ops", [(0.15, ("split", "merge")), (1.0, ("split", "merge")), (1.0, ("merge",)),
                                       (0.5, ("split",))])
def test_segmentation_fast_paths_draw_like_random_sample(lang: str, rate: float, ops: tuple[str, ...]) -> None:
    s = Segmentation(rate=rate, max_edits=3, operations=ops)
    s.word_filter = _protected()
    for text in SPACED:
        for seed in range(25):
            fast, ref = random.Random(seed), random.Random(seed)
            for _ in range(3):
                got, want = s.perturb(text, fast, lang), _segmentation_reference(s, text, ref, lang)
                assert vars(got) == vars(want)
                # the last sample may leave the stream anywhere, but gives the same perturbation
                assert vars(s.perturb_last(text, random.Random(fast.random()), lang)) == \
                    vars(s.perturb(text, random.Random(ref.random()), lang))
            assert fast.getstate() == ref.getstate()


def test_random_search_uses_perturb_last_only_for_the_last_sample() -> None:
    calls: list[str] = []

    class Spy(Segmentation):
        def perturb(self, text, rng, language="en"):  # noqa: ANN001, ANN201 - a test double
            calls.append("perturb")
            return super().perturb(text, rng, language)

        def perturb_last(self, text, rng, language="en"):  # noqa: ANN001, ANN201
            calls.append("last")
            return super().perturb_last(text, rng, language)

    s = Spy(rate=0.5)
    got = RandomSearch().run(s, EN, ["en"] * 3, seed=4, samples=3, constraints=[])
    assert calls == ["perturb", "perturb", "last"] * 3
    for text, row in zip(EN, got, strict=True):
        rng = random.Random(f"4:{text}")
        assert row == [Segmentation.perturb(s, text, rng, "en") for _ in range(3)]


def test_fast_constructors_build_what_the_dataclasses_build() -> None:
    from robustir.attacks.base import Edit, Perturbed, new_edit, new_perturbed

    e = new_edit(3, "ab", "a b", "split")
    assert vars(e) == vars(Edit(3, "ab", "a b", "split")) and type(e) is Edit
    p, q = new_perturbed("x y", (e,), "de"), Perturbed("x y", (e,), "de")
    assert vars(p) == vars(q) and p.to_dict() == q.to_dict() and type(p) is Perturbed
    assert p.rejected is not new_perturbed("x y", (e,), "de").rejected  # a dict of its own


def test_freedict_cross_references_are_dropped_or_end_the_headwords_own_senses() -> None:
    from robustir.attacks.freedict import is_cross_reference, own_translations

    entry = ["move", "motion", "synonym: {bewegen}", "stir", "{bewegung machen}", "exercise"]
    assert [t for t in entry if not is_cross_reference(t)] == ["move", "motion", "stir", "exercise"]
    assert own_translations(entry) == ["move", "motion"]
    assert own_translations(["{wasser}", "water"]) == []


@pytest.mark.parametrize("rate, max_edits", [(0.3, 4), (1.0, None), (0.5, 1)])
def test_sample_options_draws_edit_count_words_in_order_each_with_one_of_its_options(rate, max_edits) -> None:
    from robustir.attacks.base import edit_count
    from robustir.attacks.lex.wordedit import sample_options

    opts = ((), ("a",), ("b", "c", "d"), (), ("e", "f"), ("g",), ("h", "i"))
    eligible = tuple(i for i, op in enumerate(opts) if op)
    for seed in range(20):
        picked = sample_options(opts, eligible, random.Random(seed), rate, max_edits)
        assert picked == sample_options(opts, eligible, random.Random(seed), rate, max_edits)
        idx = [i for i, _ in picked]
        assert len(idx) == edit_count(rate, max_edits, len(eligible)) and idx == sorted(set(idx))
        assert all(i in eligible and option in opts[i] for i, option in picked)
    assert sample_options((), (), random.Random(0), 0.3, 4) == []


def test_a_querys_split_and_eligibility_are_computed_once_for_all_its_samples(monkeypatch) -> None:
    # the random search draws a query's samples in a row: the split and the eligibility pass (a pure function
    # of the text, language, word filter and budget) run once per query, and each sample is still the
    # one a fresh perturbation draws from the same stream (bench/RESULTS.md section 91)
    typo = Typo(rate=0.3)
    typo.word_filter = _protected()
    calls: list[int] = []
    original = Typo._eligible_words

    def counted(self, words, language):
        calls.append(len(words))
        return original(self, words, language)

    monkeypatch.setattr(Typo, "_eligible_words", counted)
    got = RandomSearch().run(typo, EN, ["en"] * 3, seed=4, samples=5, constraints=[])
    assert len(calls) == len(EN)  # once per query, not once per sample (15 before)
    monkeypatch.undo()
    for text, row in zip(EN, got, strict=True):
        fresh = Typo(rate=0.3)
        fresh.word_filter = _protected()
        rng = random.Random(f"4:{text}")
        assert row == [fresh.perturb(text, rng, "en") for _ in range(5)]


def test_the_per_query_memo_answers_only_for_the_same_text_language_filter_and_budget() -> None:
    typo = Typo(rate=1.0)
    typo.word_filter = _protected()
    typo.perturb(EN[0], random.Random(0), "en")
    typo.word_filter = lambda w, lang: w == "eiffel"  # the same text, a new filter
    assert [e.original for e in typo.perturb(EN[0], random.Random(0), "en").edits] == ["eiffel"]
    typo.word_filter = None
    typo.rate, typo.max_edits = 0.1, None  # the same text and filter, a new budget: one word of 10
    assert len(typo.perturb(EN[0], random.Random(0), "en").edits) == 1
    typo.max_edits = 0  # no edit at all
    assert typo.perturb(EN[0], random.Random(0), "en").unperturbable
    typo.max_edits = None
    for text in (EN[1], EN[0], EN[1]):  # another text, and back
        fresh = Typo(rate=0.1)
        assert typo.perturb(text, random.Random(3), "en") == fresh.perturb(text, random.Random(3), "en")
    p = typo.perturb(EN[0], random.Random(5), "en")  # an edited copy of the parts never leaks into the memo
    assert typo.perturb(EN[0], random.Random(5), "en") == p and p.text != EN[0]
