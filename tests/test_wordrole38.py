"""English -> L code-switching: the part of speech a word plays where spaCy's tag says otherwise
(``attacks.lex.wordrole``; bench/RESULTS.md section 220 measures it).

Held-out v37 (bench/RESULTS.md sections 208.4, 209.3) judged wrong: "chief bridesmaid" -> es jefe, fr chef, de Chef,
ja チーフ, it capo, pt chefe (the noun "boss" for the adjective "main"); "can a 20 year old drink with parents in
texas" -> fr boisson, tr içki (the noun for the verb); "can a female have twins" -> de weiblich (the adjective for
the noun); "when you call rummy do you pick up the whole pile" -> zh 什么时候, ja いつ, ar متى (the interrogative for
the conjunction). The unit tests use hand-built tags; the recipe tests skip without spaCy, WordNet or MUSE.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.muse_data import require_muse


def _a(spec: str):
    """An analysis-like object from "word/POS word/POS ...", one space between words."""
    words = [SimpleNamespace(text=t.rsplit("/", 1)[0], pos=t.rsplit("/", 1)[1]) for t in spec.split()]
    parts = [""]
    for w in words:
        parts += [w.text, " "]
    parts[-1] = ""
    return SimpleNamespace(words=words, parts=parts, text=" ".join(w.text for w in words))


_VERBS = {"drink", "have", "count", "die", "character", "boot", "form", "base", "use"}


def test_the_verb_of_a_question_the_tagger_read_without_one():
    from robustir.attacks.lex.wordrole import verbless_question_verb

    def is_verb(f: str) -> bool:
        return f in _VERBS

    a = _a("can/AUX a/DET 20/NUM year/NOUN old/ADJ drink/NOUN with/ADP parents/NOUN in/ADP texas/PROPN")
    assert verbless_question_verb(a, is_verb) == 5
    # the subject's own noun that is also a verb is not the verb: the last of the run is
    a = _a("does/AUX the/DET golden/ADJ boot/NOUN count/NOUN in/ADP the/DET playoff/NOUN")
    assert verbless_question_verb(a, is_verb) == 4
    a = _a("can/AUX a/DET weak/ADJ base/NOUN form/NOUN a/DET solution/NOUN")
    assert verbless_question_verb(a, is_verb) == 4
    # a verb or an auxiliary after the opener: the tagger found the verb
    a = _a("do/AUX all/DET mammals/NOUN give/VERB birth/NOUN")
    assert verbless_question_verb(a, is_verb) is None
    # no modal or "do" first
    assert verbless_question_verb(_a("is/AUX the/DET drink/NOUN cold/ADJ"), is_verb) is None
    # a noun right after a determiner opens the phrase: "can a drink ..." has no verb to find
    assert verbless_question_verb(_a("can/AUX a/DET drink/NOUN"), is_verb) is None


def test_an_adjective_after_an_article_before_the_verb_is_the_noun():
    from robustir.attacks.lex.wordrole import nominal_adjective

    def has_noun(f: str) -> bool:
        return f in {"female", "male", "minor"}

    a = _a("can/AUX a/DET female/ADJ have/NOUN twins/NOUN")
    assert nominal_adjective(a, 2, 3, has_noun)
    assert nominal_adjective(_a("can/AUX a/DET clownfish/NOUN turn/VERB into/ADP a/DET female/ADJ"), 6, None, has_noun)
    # attributive, coordinated or before a participle: the adjective
    assert not nominal_adjective(_a("a/DET female/ADJ black/ADJ panther/NOUN"), 1, None, has_noun)
    assert not nominal_adjective(_a("a/DET male/ADJ and/CCONJ female/ADJ tree/NOUN"), 1, None, has_noun)
    assert not nominal_adjective(_a("can/AUX a/DET female/ADJ have/NOUN twins/NOUN"), 2, None, has_noun)


def test_a_noun_tagged_modifier_that_is_mainly_an_adjective():
    from robustir.attacks.lex.wordrole import adjective_modifier

    def main_pos(f: str) -> str:
        return {"chief": "a", "gold": "n", "dryer": "a"}.get(f, "n")

    def base_adjective(f: str) -> bool:
        return f in {"chief", "gold"}

    a = _a("is/AUX maid/NOUN the/DET same/ADJ as/ADP chief/NOUN bridesmaid/NOUN")
    assert adjective_modifier(a, 5, main_pos, base_adjective)
    assert not adjective_modifier(_a("a/DET gold/NOUN medal/NOUN"), 1, main_pos, base_adjective)
    # "dryer" is a comparative of dry to WordNet, not an adjective as written
    assert not adjective_modifier(_a("a/DET dryer/NOUN vent/NOUN"), 1, main_pos, base_adjective)
    # not before a noun: the noun
    assert not adjective_modifier(_a("is/AUX he/PRON the/DET chief/NOUN"), 3, main_pos, base_adjective)


def test_a_subordinating_when_is_no_question_word():
    from robustir.attacks.lex.wordrole import subordinating_opener

    assert subordinating_opener(_a("when/SCONJ you/PRON call/VERB rummy/NOUN do/AUX you/PRON pick/VERB"))
    # the model tags the inverted question word SCONJ too: an auxiliary follows it
    assert not subordinating_opener(_a("When/SCONJ did/AUX the/DET war/NOUN end/VERB"))
    assert not subordinating_opener(_a("when/ADV did/AUX the/DET war/NOUN end/VERB"))


@pytest.fixture(scope="module")
def cs38(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    paths = {**english_resources, "muse": require_muse("es", "de", "tr")}  # (fr ja it pt: OMW and FreeDict)
    return CodeSwitch(languages=["es", "fr", "de", "ja", "it", "pt", "tr"], rate=0.5, context="none",
                      resource_paths=paths)


def _options(cs, text: str, word: str) -> dict[str, str]:
    parts, opts, _ = cs._analyse(text, "en")
    i = next(k for k in range(len(parts) // 2) if parts[2 * k + 1] == word)
    return dict(opts[i])


def test_chief_bridesmaid_is_not_the_boss(cs38):
    got = _options(cs38, "is maid of honour the same as chief bridesmaid", "chief")
    for lang, wrong in {"es": "jefe", "fr": "chef", "de": "Chef", "ja": "チーフ", "it": "capo", "pt": "chefe"}.items():
        assert got.get(lang) != wrong, (lang, got)


def test_the_verb_drink_is_not_a_drink(cs38):
    got = _options(cs38, "can a 20 year old drink with parents in texas", "drink")
    assert got.get("fr") != "boisson" and got.get("tr") != "içki", got
    assert got.get("de") in (None, "trinken") and got.get("es") != "bebida", got


def test_a_female_is_not_the_adjective(cs38):
    got = _options(cs38, "can a female have twins by two different fathers", "female")
    assert got.get("de") != "weiblich", got


def test_when_opening_a_clause_is_not_the_question_word(english_resources: dict[str, Path]):
    from robustir.attacks.analysis import analyse
    from robustir.attacks.codeswitch import CodeSwitch

    assert CodeSwitch._question_word(analyse("when you call rummy do you pick up the whole pile", "en"), None) is None
    assert CodeSwitch._question_word(analyse("When did the war end", "en"), None) == 0


def test_only_the_subjects_run_holds_the_verb():
    from robustir.attacks.lex.wordrole import verbless_question_verb

    verbs = _VERBS | {"voyage", "heat", "church"}
    # a later run is an object or an adjunct
    a = _a("did/AUX the/DET titanic/NOUN sank/NOUN on/ADP its/PRON maiden/ADJ voyage/NOUN")
    assert verbless_question_verb(a, lambda f: f in verbs) is None
    # a noun before "of" or a conjunction is a noun's head
    a = _a("does/AUX latent/ADJ heat/NOUN of/ADP vaporization/NOUN change/NOUN")
    assert verbless_question_verb(a, lambda f: f in verbs) is None
    a = _a("does/AUX the/DET first/ADJ amendment/NOUN separate/ADJ church/NOUN and/CCONJ state/NOUN")
    assert verbless_question_verb(a, lambda f: f in verbs) is None
    # an adjective before the last word: it ends an object or adjunct, not the subject ("the golden boot")
    a = _a("does/AUX the/DET third/ADJ place/NOUN game/NOUN count/NOUN for/ADP the/DET golden/ADJ boot/NOUN")
    assert verbless_question_verb(a, lambda f: f in verbs) == 5


def test_an_adjective_that_is_mainly_one_stays_one():
    from robustir.attacks.lex.wordrole import nominal_adjective

    a = _a("does/AUX the/DET main/ADJ character/NOUN die/NOUN")
    assert not nominal_adjective(a, 2, 3, lambda f: True, lambda f: "a")
    assert nominal_adjective(a, 2, 3, lambda f: True, lambda f: "n")


def test_a_verb_tag_wordnet_does_not_know_is_no_verb(wn):
    from robustir.attacks.lex.wordrole import mistagged_verb

    assert mistagged_verb(SimpleNamespace(text="england", pos="VERB"), wn)
    assert not mistagged_verb(SimpleNamespace(text="played", pos="VERB"), wn)
    assert not mistagged_verb(SimpleNamespace(text="england", pos="VERB"), None)


@pytest.fixture(scope="module")
def cs_ar(english_resources: dict[str, Path]):
    from robustir.attacks.codeswitch import CodeSwitch

    paths = {**english_resources, "muse": require_muse("ar", "ru", "de")}
    return CodeSwitch(languages=["ar", "ru", "de"], rate=0.5, context="none", resource_paths=paths)


def test_has_england_qualified_is_the_verb(cs_ar):
    # england tagged VBN broke the perfect; ar مؤهل "having qualifications", ru квалифицированный "skilled"
    got = _options(cs_ar, "has england qualified for the world cup 2018", "qualified")
    assert got.get("ar") == "تأهل" and got.get("ru") != "квалифицированный", got
    assert _options(cs_ar, "have qatar ever qualified for the world cup", "qualified").get("ar") == "تأهل"
    # de keeps qualifiziert (judged right eight times): its verb is cited by the infinitive
    assert got.get("de") == "qualifiziert", got
