"""English -> L code-switching, from the rejects of held-out v21 (bench/validity/lexical/v21-sense14a-en-L.jsonl,
boolq-test at main 07a991f; issue 10 (a), branch sense14a): the first noun of two that WordNet writes as one
closed word is no word of its own ("turtle doves" -> tortuga, السلحفاة, the reptile), a noun the parser gives
a modal auxiliary is the verb ("can a ipod 5 update to ios 10" -> ja 沙汰), and a lower-case question's run
that is a collection title but for an added "the" is the title ("battle of the gods" for "Dragon Ball Z:
Battle of Gods" -> dios, Dieu, Götter, 神, 战斗, معركة), and a plural noun whose spaCy lemma is no noun is its own lemma
("economics", lemmatised "economic" -> zh 经济 "the economy"). Skips when WordNet or MUSE is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collection_names import offered_words as _offered


@pytest.fixture(scope="module")
def rp(english_resources: dict[str, Path]) -> dict[str, Path]:
    return english_resources


def _words(text: str) -> list[tuple[str, str, str]]:
    """(word, part of speech, lock) of the English analysis of ``text``, in order."""
    from robustir.attacks.analysis import analyse

    return [(w.text, w.pos, w.locked) for w in analyse(text, "en").words]


def test_the_first_noun_of_a_closed_wordnet_compound_written_apart_is_locked(rp):
    # v21 boolq-test-0860: turtle -> es tortuga, ar السلحفاة (and de Schildkröte, ja カメ, zh 海龟 offered)
    words = _words("are mourning doves and turtle doves the same")
    turtle = next(w for w in words if w[0] == "turtle")
    assert turtle[2] == "mwe"
    # a turtledove is a dove: the second "doves" stays free (colombe, Tauben, 鳩 judged right)
    assert words[-3] == ("doves", "NOUN", "")
    # two nouns that are no closed WordNet word are not the rule's
    from robustir.attacks.analysis.english import _closed_compounds, _wordnet, nlp

    doc = nlp()("is a cat 5 cable an ethernet cable")
    assert _closed_compounds(doc, _wordnet(), [t.lower_ for t in doc], [t.lemma_.lower() for t in doc]) == set()
    # nor a closed word whose WordNet definition uses the first noun (meterstick: "a rule one meter long";
    # boolq-train, judged: meter -> zh 公尺 right)
    doc = nlp()("is a yardstick and a meter stick the same")
    assert _closed_compounds(doc, _wordnet(), [t.lower_ for t in doc], [t.lemma_.lower() for t in doc]) == set()
    # nor a word spaCy splits: "tax id" is tax, i, d, and "tax" + "i" would be WordNet's taxi (boolq-train,
    # judged: tax -> Steuer, taxe, 税 right)
    doc = nlp()("is a taxpayer number the same as a tax id")
    assert _closed_compounds(doc, _wordnet(), [t.lower_ for t in doc], [t.lemma_.lower() for t in doc]) == set()


def test_a_noun_with_a_modal_auxiliary_is_the_verb(rp):
    # v21 boolq-test-0922: update (tagged NN, the parse's root with "can" as its aux) -> ja 沙汰 "an affair"
    assert dict((w, p) for w, p, _ in _words("can a ipod 5 update to ios 10"))["update"] == "VERB"
    # a noun elsewhere, and a noun after a real verb, stay nouns
    assert dict((w, p) for w, p, _ in _words("can you update an ipod to ios 10"))["ipod"] in ("NOUN", "PROPN")
    assert dict((w, p) for w, p, _ in _words("can you get a software update on a plane"))["update"] == "NOUN"


def test_the_v21_questions_are_not_switched_word_by_word(rp):
    from robustir.attacks.codeswitch import CodeSwitch

    from tests.muse_data import require_muse

    cs = CodeSwitch(languages=["es", "de"], rate=1.0, context="none",
                    resource_paths={**rp, "muse": require_muse("es", "de")})
    assert "turtle" not in _offered(cs, "are mourning doves and turtle doves the same")
    assert "update" not in _offered(cs, "can a ipod 5 update to ios 10")


def test_a_title_with_an_added_article_is_locked(rp):
    from robustir.attacks.codeswitch import CodeSwitch

    from tests.muse_data import require_muse

    cs = CodeSwitch(languages=["es", "de"], rate=1.0, context="none",
                    resource_paths={**rp, "muse": require_muse("es", "de")})
    text = "does battle of the gods happen before super"
    assert {"battle", "gods"} <= _offered(cs, text)  # switched word by word without the titles (v21)
    cs.use_collection_names(["Dragon Ball Z: Battle of Gods", "Water", "Human body"])
    assert not {"battle", "gods"} & _offered(cs, text)
    # the article inside a run is dropped only to match a title: a run that is no title stays free
    assert "gods" in _offered(cs, "is zeus the king of the gods")


def test_a_plural_noun_whose_spacy_lemma_is_no_noun_is_its_own_lemma(rp):
    # v21 boolq-test-0299 "the discipline of economics": spaCy's lemma "economic" (an adjective) -> zh 经济
    # "the economy", es económicos; WordNet lists "economics" as a noun
    from robustir.attacks.analysis import analyse

    lemmas = {w.text: w.lemma for w in analyse("is the discipline of economics concerned with households", "en").words}
    assert lemmas["economics"] == "economics"
    # a plural whose lemma is a noun keeps spaCy's lemma
    assert lemmas["households"] == "household"
    assert {w.text: w.lemma for w in analyse("do you need glasses to drive", "en").words}["glasses"] == "glass"

